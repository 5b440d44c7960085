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
