"""The network page's quiz, table and setup file, without the page: which values each stage
asks, checking an answer, what the graph hides, the table's rows, the file's round trip."""

import dataclasses
import json

import pytest

from neuron import netquiz
from neuron.fmt import num
from neuron.netfile import FILE_MAX_BYTES, parse_setup_file, setup_file
from neuron.netgraph import network_spec
from neuron.netreport import stage_lines
from neuron.netstages import stages
from neuron.nettable import CURRENT, stage_table
from neuron.network import EXAMPLES, NetSetup, step_dict, xavier

MAZUR = EXAMPLES["mazur"].setup.validated()


def big() -> NetSetup:
    W, b = xavier((4, 4, 4, 2), 3)
    return NetSetup(sizes=(4, 4, 4, 2), W=tuple(W), b=tuple(b), acts=("sigmoid",) * 3,
                    x=(0.5, -0.2, 0.9, 0.1), y=(0.0, 1.0)).validated()


def stage_of(setup, key):
    return next(i for i, s in enumerate(stages(len(setup.sizes) - 1)) if s.key == key)


def test_mazur_asks_every_delta_and_one_weight_per_layer():
    d = step_dict(MAZUR)["backward"]
    asked = {s.key: netquiz.questions(MAZUR, i) for i, s in enumerate(stages(2))}
    assert [k for k, qs in asked.items() if qs] == ["delta2", "delta1", "grad2", "grad1"]
    assert [q.symbol for q in asked["delta2"]] == ["δ(o₁)", "δ(o₂)"]
    assert [q.value for q in asked["delta2"]] == d["delta"][1]
    assert [q.symbol for q in asked["delta1"]] == ["δ(h1₁)", "δ(h1₂)"]
    assert [q.value for q in asked["delta1"]] == d["delta"][0]
    # Mazur's own ∂E_total/∂w5 = 0.082167041 and ∂E_total/∂w1 = 0.000438568
    (w5,), (w1,) = asked["grad2"], asked["grad1"]
    assert w5.symbol == "∂L/∂W2[1,1]" and round(w5.value, 9) == 0.082167041
    assert w1.symbol == "∂L/∂W1[1,1]" and round(w1.value, 9) == 0.000438568


def test_the_weight_asked_moves_row_by_row_with_the_iteration():
    assert [netquiz.asked_weight((2, 3, 1), 1, it) for it in range(7)] == [
        (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (0, 0)]
    assert [netquiz.asked_weight((2, 3, 1), 2, it) for it in range(4)] == [
        (0, 0), (0, 1), (0, 2), (0, 0)]
    q = netquiz.questions(MAZUR, stage_of(MAZUR, "grad2"), iteration=3)[0]
    assert q.symbol == "∂L/∂W2[2,2]" and q.value == step_dict(MAZUR)["backward"]["dL_dW"][1][1][1]
    assert "W2[2,2], W1[2,2] in iteration 4" in netquiz.weights_note(MAZUR, 3)


def test_the_hint_is_the_formula_with_the_numbers_and_no_answer():
    (q, _) = netquiz.questions(MAZUR, stage_of(MAZUR, "delta1"))
    text = [t for t, _ in q.hint]
    assert text == ["∂L/∂h1₁ = Σₖ δₖ·W2[k,1] = 0.1385·0.4000 + (-0.0381)·0.5000 = 0.0364",
                    "δ(h1₁) = ∂L/∂h1₁ · σ′(z) = 0.0364·0.2413 = ?"]
    assert q.hint[1][1].endswith(r"0.0364 \cdot 0.2413 = \boxed{\;?\;}")
    (w,) = netquiz.questions(MAZUR, stage_of(MAZUR, "grad2"))
    assert w.hint == (("∂L/∂W2[1,1] = δ·h1₁ = 0.1385·0.5933 = ?", r"\frac{\partial L}"
                       r"{\partial w^{(2)}_{11}} = \delta \cdot h^{(1)}_{1} = 0.1385 \cdot "
                       r"0.5933 = \boxed{\;?\;}"),)


@pytest.mark.parametrize("setup", [MAZUR, big(), EXAMPLES["neuron"].setup.validated(),
                                   EXAMPLES["xor"].setup.validated()], ids=str)
def test_every_hint_names_its_own_unit_or_weight(setup):
    """The hint lines are picked out of the stage's lines by position: each must be the one
    of its question (its symbol's unit or weight), never a neighbour's."""
    for i, s in enumerate(stages(len(setup.sizes) - 1)):
        lines = [t for t, _ in stage_lines(setup, s.key)]
        for it in range(3):
            for q in netquiz.questions(setup, i, it):
                assert q.hint[-1][0].startswith(q.symbol + " = "), q
                assert q.hint[-1][0].removesuffix("?") + num(q.value) in lines, q


def test_judging_right_wrong_then_revealed():
    (q, _) = netquiz.questions(MAZUR, stage_of(MAZUR, "delta2"))  # δ(o₁) = 0.13850
    a = netquiz.judge(netquiz.Attempt(), 0.1385, q)
    assert a == netquiz.Attempt(1, 0.1385, True, True)
    a = netquiz.judge(netquiz.Attempt(), 0.7414, q)  # ∂L/∂o₁ without σ′: not yet done
    assert (a.tries, a.done, a.right) == (1, False, False)
    assert netquiz.judge(a, 0.7414, q) == a  # the same answer again (Enter, then Check)
    a = netquiz.judge(a, 0.14, q)  # within 1 % of 0.1385? no: 0.14 is 1.1 % off
    assert (a.tries, a.done, a.right) == (2, True, False)
    assert netquiz.judge(a, 0.1385, q) == a  # done: a third answer changes nothing
    assert netquiz.reveal(netquiz.Attempt()).done and not netquiz.reveal(
        netquiz.Attempt()).right


def test_a_small_gradient_needs_its_sign_not_just_the_tolerance():
    """Mazur's ∂L/∂W1[1,1] = 0.000439 is within ±0.001 of 0 and of -0.0004: the step view's
    tolerance alone passed both (no sign, the wrong sign)."""
    (q,) = netquiz.questions(MAZUR, stage_of(MAZUR, "grad1"))
    assert round(q.value, 6) == 0.000439
    for wrong in (0.0, -0.0004, -0.00044):
        assert not netquiz.judge(netquiz.Attempt(), wrong, q).right, wrong
    for right in (0.00044, 0.0004, 0.001):
        assert netquiz.judge(netquiz.Attempt(), right, q).right, right
    tiny = dataclasses.replace(q, value=1e-9)  # shows as 0.0000: 0 is the hand's answer
    assert netquiz.judge(netquiz.Attempt(), 0.0, tiny).right


def test_a_value_that_overflows_is_not_asked():
    """A diverged descent's weights (the page steps on past what can be typed): no typed
    number can be an infinite or undefined value, and every answer used to pass."""
    grown = dataclasses.replace(
        NetSetup(sizes=(1, 1, 1), W=(((1.0,),), ((1.0,),)), b=((0.0,), (0.0,)),
                 acts=("linear",), x=(1.0,), y=(0.0,), loss="se").validated(),
        W=(((1e200,),), ((1e120,),)))  # z² = 1e640 overflows float64
    qs = [q for i in range(len(stages(2))) for q in netquiz.questions(grown, i)]
    assert [q.symbol for q in qs] == ["δ(o₁)", "δ(h1₁)", "∂L/∂W2[1,1]", "∂L/∂W1[1,1]"]
    assert not any(q.asked for q in qs)
    said = [q.why_not_asked for q in qs]
    assert said[0] == "δ(o₁) overflows here, so it is not asked."
    assert all(s.endswith(("overflows here, so it is not asked.",
                           "is undefined here, so it is not asked.")) for s in said)
    assert not netquiz.judge(netquiz.Attempt(), 1e308, qs[0]).right


def test_the_graph_shows_a_question_mark_until_answered():
    stage = stage_of(MAZUR, "delta2")
    shown = json.dumps(network_spec(MAZUR, stage)["layout"]["annotations"])
    hidden = json.dumps(network_spec(MAZUR, stage, hidden=netquiz.hides(MAZUR, stage))
                        ["layout"]["annotations"], ensure_ascii=False)
    assert "0.1385" in shown and "0.7414" in shown
    assert "0.1385" not in hidden and "0.7414" not in hidden  # δ(o₁), ∂L/∂o₁
    assert "δ = ?" in hidden and "∂L/∂o₁ = ?" in hidden
    g = stage_of(MAZUR, "grad2")
    hidden = json.dumps(network_spec(MAZUR, g, hidden=netquiz.hides(MAZUR, g)),
                        ensure_ascii=False)
    assert "0.0822" not in hidden and "∂L/∂w = ?" in hidden and "predict it first" in hidden


def test_the_table_has_every_known_number_per_layer():
    rows = stage_table(MAZUR, stage_of(MAZUR, "grad2"))
    assert set(rows[0]) == {"layer", "quantity", "unit 1", "unit 2", "this stage"}
    by = {(r["layer"], r["quantity"]): r for r in rows}
    assert by[("1: hidden", "a = σ(z)")]["unit 1"] == "0.5933"
    assert by[("2: output", "δ = ∂L/∂z")]["unit 2"] == "-0.0381"
    w5 = by[("2: output", "∂L/∂W2[1,·]: into o₁, from each unit of layer 1")]
    assert (w5["unit 1"], w5["this stage"]) == ("0.0822", CURRENT)
    assert by[("1: hidden", "∂L/∂W1[1,·]: into h1₁, from each unit of layer 0")]["unit 1"] == ""
    assert by[("loss", "L (the loss)")]["unit 1"] == "0.2984"
    hidden = stage_table(MAZUR, stage_of(MAZUR, "grad2"), frozenset({("dL_dW", 2)}))
    assert {r["unit 1"] for r in hidden if r["quantity"].startswith("∂L/∂W2")} == {"?"}
    wide = stage_table(big(), 0)
    assert [c for c in wide[0] if c.startswith("unit")] == ["unit 1", "unit 2", "unit 3",
                                                             "unit 4"]
    assert wide[-3]["unit 3"] == "" and wide[-3]["quantity"] == "new b"  # 2 outputs


def test_the_setup_file_round_trips_and_refuses_what_it_is_not():
    text = setup_file(big(), 3, 7)
    assert len(text) < FILE_MAX_BYTES
    assert parse_setup_file(text.encode()) == (big(), "custom", 3, 7, [])
    assert parse_setup_file(setup_file(MAZUR).encode())[1] == "mazur"
    cases = {
        b"x" * (FILE_MAX_BYTES + 1): "larger than 20,000 bytes",
        b"not json": "not JSON",
        b"[" * 10_000 + b"]" * 10_000: "nested",
        b'{"app": "backprop-lab", "version": 1, "params": {"x": "1"}}': "step view's setup",
        b'{"a": 1}': "not a Backprop Lab setup file",
        b'{"app": "backprop-lab", "page": "network", "setup": {"sizes": [2, 9, 1]}}':
            "setup: not a network setup",
    }
    for raw, said in cases.items():
        with pytest.raises(ValueError, match=said):
            parse_setup_file(raw)
    bad = json.loads(text) | {"stage": 99, "extra": 1}
    _, _, it, stage, warnings = parse_setup_file(json.dumps(bad).encode())
    assert (it, stage) == (3, 0) and len(warnings) == 2 and "stage" in warnings[0]
