import pytest

from neuron.config import DEFAULT
from neuron.quiz import is_right, question, tolerance
from neuron.stages import LAST, STAGES


def test_each_stage_asks_for_its_own_value():
    s = DEFAULT.step()
    assert question(s, 0) is None
    expected = {1: ("z", 0.32), 2: ("ŷ", 0.5793), 3: ("L", 0.0885), 4: ("∂L/∂ŷ", -0.4207),
                5: ("∂ŷ/∂z", 0.2437), 6: ("∂z/∂w₁", 0.5), 7: ("∂L/∂w₁", -0.0513),
                8: ("the new w₁", 0.2005)}
    for stage in range(1, LAST + 1):
        q = question(s, stage)
        assert (q.symbol, round(q.value, 4)) == expected[stage]
        assert q.hides == frozenset(STAGES[stage].reveals)


@pytest.mark.parametrize("answer, ok", [(0.32, True), (0.3209, True), (0.3231, True),
                                        (0.33, False), (-0.32, False), (0.35, False)])
def test_tolerance(answer, ok):
    assert is_right(answer, 0.32) is ok
    assert tolerance(0.0005) == 1e-3 and tolerance(-50) == 0.5


def test_the_old_weight_is_no_answer_for_the_new_one():
    """The review found "the new w₁?" answered right with the old w₁: the update (0.0005)
    is smaller than the tolerance (0.002)."""
    from neuron.config import DEFAULT
    from neuron.stages import LAST

    q = question(DEFAULT.step(), LAST)
    assert q.symbol == "the new w₁" and q.before == 0.2
    assert q.value == pytest.approx(0.200513, abs=1e-6)
    assert not is_right(0.2, q.value, q.before)  # the old w₁
    assert not is_right(0.2002, q.value, q.before)  # nearer the old one
    assert is_right(0.2005, q.value, q.before) and is_right(0.200513, q.value, q.before)
    assert not is_right(0.1995, q.value, q.before)  # w + η·∂L/∂w: the wrong sign
    assert not is_right(0.2010, q.value, q.before)  # twice the step
    # A step too small to show at 4 decimals cannot be asked for: the tolerance decides
    assert is_right(0.2, 0.200001, 0.2)


def test_a_value_that_is_not_finite_is_not_asked_and_no_answer_is_right():
    """``x = (100, 100), w = (5, 5), b = 0, y = 0``, cross-entropy: ∂L/∂ŷ overflows, and
    any answer (0, 42) was "Right: ∂L/∂ŷ = overflow"."""
    import math

    from neuron.config import Config

    s = Config(x=(100.0, 100.0), w=(5.0, 5.0), b=0.0, y=0.0, loss="bce").step()
    q = question(s, 4)
    assert q.symbol == "∂L/∂ŷ" and math.isinf(q.value)
    assert not q.asked and q.why_not_asked == "∂L/∂ŷ overflows here, so it is not asked."
    for answer in (0, 42, 1e308, math.inf):
        assert not is_right(answer, q.value)
    assert not is_right(0.0, math.nan) and not is_right(math.nan, 0.5)
    nan = question(Config(x=(1.0,), w=(math.nan,)).step(), 1)
    assert not nan.asked and nan.why_not_asked == "z is undefined here, so it is not asked."
    ok = question(DEFAULT.step(), 4)
    assert ok.asked and ok.why_not_asked is None


@pytest.mark.parametrize("answer, ok", [(0.0004, True), (0.0, False), (-0.0004, False),
                                        (0.001, True), (-0.0001, False)])
def test_a_small_value_needs_its_sign(answer, ok):
    """Below the tolerance the sign decides: 0.0004 (a saturated neuron's gradient) is not
    answered by 0 or by −0.0004; a value that shows as 0.0000 is answered by anything near."""
    assert is_right(answer, 0.0004) is ok
    assert is_right(0.0, 0.00004) and is_right(-0.0002, 0.00004)
