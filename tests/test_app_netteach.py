"""The network page's quiz, presenter mode, table view and setup file, through AppTest."""

import json

from apphelpers import app, latex

from neuron.netfile import setup_file
from neuron.network import EXAMPLES, NetSetup, setup_json, xavier
from neuron.urlstate import View, parse
from neuron.urlstate import setup_json as step_setup_json

MAZUR = EXAMPLES["mazur"].setup.validated()


def graph_text(at) -> str:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def quiz_at(stage: int, query: dict | None = None):
    """Mazur's example in quiz mode, stepped to ``stage``."""
    at = app({"page": "network", "example": "mazur", "stage": str(stage - 1)} | (query or {}))
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="nbtn_step").click().run()
    assert not at.exception and at.session_state.net_stage == stage
    return at


def answer(at, **values):
    it = len(at.session_state.net_trail) - 1
    for key, v in values.items():
        at.number_input(key=f"net_quiz_{it}_{key.replace('_', '.')}").set_value(v)
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    return at


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_the_output_deltas_are_hidden_until_predicted_then_scored():
    at = quiz_at(6)  # δ of the output layer: δ(o₁) = 0.1385, δ(o₂) = -0.0381
    assert any("Predict δ of each unit of this layer" in m.value for m in at.markdown)
    assert "0.1385" not in latex(at) and "0.1385" not in graph_text(at)
    assert "δ = ?" in graph_text(at)
    answer(at, delta2_0=0.1385, delta2_1=-0.0381)
    assert any("Right: δ(o₁) = 0.1385, δ(o₂) = -0.0381" in s.value for s in at.success)
    assert "0.1385" in latex(at) and "0.1385" in graph_text(at)
    assert "Score this session on the network page: 2 of 2" in captions(at)


def test_a_wrong_delta_gets_the_formula_with_its_numbers_then_the_reveal():
    at = quiz_at(7)  # hidden layer: δ(h1₁) = 0.0088 (the sum over the weights, times σ′)
    answer(at, delta1_0=0.0364, delta1_1=0.00995)  # ∂L/∂h1₁, forgetting σ′; the other right
    err = " ".join(e.value for e in at.error)
    assert "δ(h1₁): not quite (0.0364)" in err and "δ(h1₂)" not in err
    hint = latex(at)
    assert r"0.1385 \cdot 0.4000 + (-0.0381) \cdot 0.5000 = 0.0364" in hint
    assert r"0.0364 \cdot 0.2413 = \boxed{\;?\;}" in hint and "0.0088" not in hint
    assert any("Right: δ(h1₂) = 0.0100" in s.value for s in at.success)
    answer(at, delta1_0=0.02)
    assert any("Revealed: δ(h1₁) = 0.0088" in i.value for i in at.info)
    assert "Score this session on the network page: 1 of 2" in captions(at)
    assert "0.0088" in graph_text(at)


def test_the_gradient_stage_asks_one_weight_and_names_it():
    at = quiz_at(8)
    assert [n.label for n in at.number_input if n.key.startswith("net_quiz")] == [
        "Your value of ∂L/∂W2[1,1]"]
    assert "W2[1,1], W1[1,1] in iteration 1" in captions(at)
    assert "0.0822" not in graph_text(at) and "∂L/∂w = ?" in graph_text(at)
    answer(at, dW2_0_0=0.0822)  # Mazur's ∂E_total/∂w5
    assert any("Right: ∂L/∂W2[1,1] = 0.0822" in s.value for s in at.success)
    at = quiz_at(8, {"iter": "2"})  # the next weight of the layer in the next iteration
    assert [n.label for n in at.number_input if n.key.startswith("net_quiz")] == [
        "Your value of ∂L/∂W2[1,2]"]


def test_check_with_nothing_typed_asks_for_a_number_and_counts_no_try():
    at = quiz_at(6)
    next(b for b in at.button if b.label == "Check").click().run()
    assert any("Type a number first" in w.value for w in at.warning)
    assert not at.error and "0 of 0" in captions(at)


def test_reveal_and_a_reset_keep_the_session_score():
    at = quiz_at(6)
    next(b for b in at.button if b.label == "Reveal").click().run()
    assert any("Revealed: δ(o₁) = 0.1385, δ(o₂) = -0.0381" in i.value for i in at.info)
    at.button(key="nbtn_reset").click().run()
    at.button(key="nbtn_iterate").click().run()  # stage 10 asks nothing; the score stays
    for _ in range(4):
        at.button(key="nbtn_back").click().run()
    assert at.session_state.net_stage == 6
    assert any("Predict δ" in m.value for m in at.markdown)  # asked afresh after the reset
    assert "Score this session on the network page: 0 of 2" in captions(at)


def test_play_stops_at_each_question():
    at = app({"page": "network", "example": "mazur", "stage": "4"})
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="nbtn_play").click().run()  # the first tick at once: stage 5, the loss
    assert at.session_state.net_stage == 5 and at.session_state.net_playing
    at.session_state.net_last_tick = -1e9
    at.run()  # stage 6 asks the output δ: Play stops there
    assert at.session_state.net_stage == 6 and not at.session_state.net_playing
    assert any("Play stops at each question" in t.value for t in at.toast)
    answer(at, delta2_0=0.1385, delta2_1=-0.0381)
    at.button(key="nbtn_play").click().run()
    assert at.session_state.net_stage == 7 and not at.session_state.net_playing


def test_a_value_beyond_float64_is_not_asked_and_the_page_says_why():
    """A descent with η = 10 overflows in iteration 6 (its weights grow past float64)."""
    grows = NetSetup(sizes=(1, 1, 1), W=(((2.0,),), ((2.0,),)), b=((0.0,), (0.0,)),
                     acts=("linear",), x=(1.0,), y=(0.0,), lr=10, loss="se").validated()
    at = app({"page": "network", "net": setup_json(grows), "iter": "6", "stage": "5"})
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="nbtn_step").click().run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "δ(o₁) overflows here, so it is not asked." in infos or \
        "δ(o₁) is undefined here, so it is not asked." in infos
    assert not any(b.label == "Check" for b in at.button)


def test_presenter_mode_shows_the_graph_and_equations_only_at_the_chosen_size():
    at = app({"page": "network", "example": "mazur", "stage": "8"})
    assert at.expander and at.get("download_button")
    at.toggle(key="presenter").set_value(True).run()
    assert not at.exception
    assert not at.expander and not at.get("download_button") and not at.get("file_uploader")
    assert not any(m.value.startswith("#### Train") for m in at.markdown)
    assert "Follow one weight's chain rule" not in [s.label for s in at.selectbox]
    assert r"0.1385 \cdot 0.5933 = 0.0822" in latex(at)  # the stage's equations stay
    order = [e.type if e.type != "markdown" else e.value[:13] for e in at.main]
    # the figure size on the heading's row; the explanation after the graph and equations
    assert order[order.index("#### Iteratio") + 1] == "button_group"
    assert order[order.index("plotly_chart"):] == ["plotly_chart"] + ["latex"] * 6 + [
        "Each weight's"]
    sizes = {}
    for scale in (1.0, 1.5):
        at.segmented_control(key="fig_scale").set_value(scale).run()
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        sizes[scale] = spec["layout"]["height"]
    assert sizes[1.5] == round(sizes[1.0] * 1.5) or abs(sizes[1.5] - 1.5 * sizes[1.0]) <= 1
    at.toggle(key="presenter").set_value(False).run()
    assert at.get("download_button")


def ours(at) -> list:
    """The table view's tables, one per layer."""
    return [d.value for d in at.dataframe if "quantity" in d.value.columns]


def test_the_table_view_has_the_stage_numbers_per_layer():
    at = app({"page": "network", "example": "mazur", "stage": "8"})
    label = next(e.label for e in at.expander if "as a table" in e.label)
    assert not ours(at)  # drawn only once opened
    at.session_state["net_table_kept"] = True
    at.run()
    tables = ours(at)
    assert label == "Numbers as a table, layer by layer"
    assert [m.value for m in at.markdown if m.value.startswith("**Layer") or
            m.value == "**The loss**"] == ["**Layer 0: inputs**", "**Layer 1: hidden**",
                                           "**Layer 2: output**", "**The loss**"]
    assert len(tables) == 4 and tables[0]["unit 2"].tolist() == ["0.1000"]  # x₂
    df = tables[2]
    row = df[df["quantity"] == "∂L/∂W2[1,·]: into o₁, from each unit of layer 1"].iloc[0]
    assert (row["unit 1"], row["unit 2"], row["this stage"]) == ("0.0822", "0.0827",
                                                                  "◀ computed now")
    at.toggle(key="quiz").set_value(True).run()  # the quiz hides it here too
    df = ours(at)[2]
    assert df[df["quantity"].str.startswith("∂L/∂W2")]["unit 1"].tolist() == ["?", "?"]


def big() -> NetSetup:
    W, b = xavier((4, 4, 4, 2), 3)
    return NetSetup(sizes=(4, 4, 4, 2), W=tuple(W), b=tuple(b), acts=("sigmoid",) * 3,
                    x=(0.5, -0.2, 0.9, 0.1), y=(0.0, 1.0)).validated()


def upload(at, data: bytes):
    at.file_uploader(key="net_upload").set_value(("s.json", data, "application/json")).run()
    assert not at.exception
    return at


def test_a_setup_file_restores_the_network_iteration_and_stage():
    at = app({"page": "network", "example": "mazur"})
    download = next(d for d in at.get("download_button") if "Setup" in d.proto.label)
    assert download.proto.label == "Setup (JSON)"
    upload(at, setup_file(big(), 2, 9).encode())
    s = at.session_state
    assert s.net_setup == big() and s.net_example == "custom"
    assert len(s.net_trail) == 2 and s.net_stage == 9
    assert any("Restored: the 4-4-4-2 network at iteration 2, stage 9" in
               m.value.replace("\\", "") for m in at.success)  # (Markdown-escaped)
    assert dict(at.query_params)["stage"] == "9" and "net" in dict(at.query_params)
    # the setup form outside the page's fragment shows the restored network
    assert next(n for n in at.number_input if n.label == "Inputs").value == 4


def test_a_bad_setup_file_is_refused_beside_the_uploader_and_the_setup_kept():
    at = app({"page": "network", "example": "mazur", "stage": "3"})
    cfg = parse({})[0]
    for data, said in ((b"[" * 10_000 + b"]" * 10_000, "nested"),
                       (b"\xff\xfe", "not JSON"),
                       (step_setup_json(cfg, View(0, 2)).encode(), "step view's setup file"),
                       (b"x" * 20_001, "larger than 20,000 bytes")):
        upload(at, data)
        err = " ".join(e.value for e in at.error).replace("\\", "")
        assert "Not restored" in err and said in err, (said, err)
        assert at.session_state.net_setup == MAZUR and at.session_state.net_stage == 3
