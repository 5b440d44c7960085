"""Teaching features through AppTest: quiz, gradient check, exports, setup restore, presenter."""

import json

from apphelpers import app, latex
from streamlit.testing.v1 import AppTest

from neuron.config import DEFAULT
from neuron.report import render_step


def graph_text(at) -> str:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def quiz_on(at) -> AppTest:
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="btn_step").click().run()
    return at


def answer(at, value) -> AppTest:
    slot = (len(at.session_state.trail) - 1, at.session_state.stage)
    at.number_input(key=f"quiz_answer_{slot}").set_value(value)
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    return at


def test_quiz_hides_the_next_value_on_graph_and_equations():
    at = quiz_on(app())
    assert at.session_state.stage == 1
    assert "0.3200" not in latex(at) and "0.3200" not in graph_text(at)
    assert "?" in graph_text(at)
    assert any("Predict z" in m.value for m in at.markdown)


def test_right_answer_reveals_and_scores():
    at = answer(quiz_on(app()), 0.32)
    assert "= 0.3200" in latex(at) and "0.3200" in graph_text(at)
    assert any("Right: z = 0.3200" in s.value for s in at.success)
    assert any("Score this session: 1 of 1" in c.value for c in at.caption)


def test_wrong_answer_gets_a_hint_then_the_reveal():
    at = answer(quiz_on(app()), 0.35)  # the source text's slip
    err = " ".join(e.value for e in at.error)
    assert "Not quite (0.3500)" in err
    hint = latex(at)
    assert r"0.2000 \cdot 0.5000 + 0.4000 \cdot 0.3000 + 0.1000" in hint
    assert r"\boxed{\;?\;}" in hint and "0.3200" not in hint
    answer(at, 0.35)  # sent again (Enter in the field, then Check): not a second try
    assert "Not quite (0.3500)" in " ".join(e.value for e in at.error)
    assert not any("Revealed" in i.value for i in at.info)
    answer(at, 0.36)
    assert any("Revealed: z = 0.3200" in i.value for i in at.info)
    assert any("Score this session: 0 of 1" in c.value for c in at.caption)
    assert "0.3200" in graph_text(at)


def test_the_old_weight_does_not_pass_as_the_new_one():
    at = app()
    at.session_state.stage = 7  # the chain rule is shown; the quiz asks from the next stage
    at.run()
    at = quiz_on(at)
    assert at.session_state.stage == 8
    answer(at, 0.2)  # the old w₁: the update is 0.0005, the plain tolerance 0.002
    assert any("Not quite (0.2000)" in e.value for e in at.error)
    answer(at, 0.2005)
    assert any("Right: the new w₁ = 0.2005" in s.value for s in at.success)


def test_quiz_score_accumulates_over_stages():
    at = answer(quiz_on(app()), 0.32)
    at.button(key="btn_step").click().run()
    answer(at, 0.5793)
    at.button(key="btn_step").click().run()
    answer(at, 0.5)
    at.button(key="btn_step").click().run()
    assert any("Score this session: 2 of 2" in c.value for c in at.caption)


def open_tab(at, name: str) -> AppTest:
    at.session_state.step_tab = name
    return at.run()


def test_only_the_open_lower_tab_is_drawn():
    at = app()
    assert len(at.dataframe) == 1 and not at.get("download_button")  # the values table
    open_tab(at, "Export & share")
    assert not at.dataframe and len(at.get("download_button")) == 4
    at.button(key="btn_step").click().run()
    assert at.session_state.step_tab == "Export & share"  # stays open across clicks


def test_gradient_check_table_agrees_and_h_is_adjustable():
    at = open_tab(app(), "Gradient check")
    rows = at.dataframe[0].value
    assert list(rows["parameter"]) == ["w₁", "w₂", "b"]
    assert list(rows["backprop gradient"]) == ["-0.0513", "-0.0308", "-0.1025"]
    assert list(rows["finite difference"]) == ["-0.0513", "-0.0308", "-0.1025"]
    assert all(v == "✓ agrees" for v in rows["verdict"])
    at.select_slider(key="gc_h").set_value(1e-2).run()
    rows = at.dataframe[0].value
    assert float(rows["relative error"][0]) > 1e-7  # a large h is visibly less accurate


def test_exports_match_the_command_line():
    at = open_tab(app(), "Export & share")
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert set(buttons) == {"Worked example (Markdown)", "LaTeX document (compiles as it is)",
                            "LaTeX fragment (to \\input)", "Setup (JSON)"}
    # the page offers the same text as `python -m neuron step --format markdown`
    assert render_step(DEFAULT, "markdown").startswith("# Backpropagation through one neuron")
    share = next(c.value for c in at.code if "?x=" in c.value)
    assert "x=0.5%2C0.3" in share and "stage=0" in share and "act=sigmoid" in share


def test_presenter_mode_hides_the_sidebar_inputs():
    at = app()
    assert len(at.sidebar.number_input) > 0
    at.toggle(key="presenter").set_value(True).run()
    assert not at.exception
    assert len(at.sidebar.number_input) == 0
    assert at.button(key="btn_step").label == "Step"


def test_leaving_presenter_mode_restores_the_inputs():
    at = app({"x": "1,2,3", "w": "0.1,0.2,0.3"})
    at.toggle(key="presenter").set_value(True).run()
    at.button(key="btn_step").click().run()
    at.toggle(key="presenter").set_value(False).run()
    assert not at.exception
    assert at.number_input(key="in_n").value == 3
    assert at.number_input(key="in_x2").value == 3.0
    assert at.session_state.cfg.x == (1.0, 2.0, 3.0)


def chart_spec(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def node_font(at) -> float:
    anns = chart_spec(at)["layout"]["annotations"]
    return next(a["font"]["size"] for a in anns if a.get("name") == "node:z")


def test_presenter_mode_enlarges_the_graph_by_the_chosen_size():
    at = app()
    small = node_font(at), chart_spec(at)["layout"]["height"]
    assert "fig_scale" not in [w.key for w in at.get("button_group")]  # presenter only
    at.toggle(key="presenter").set_value(True).run()
    assert node_font(at) == 1.25 * small[0]  # 125 % by default
    assert chart_spec(at)["layout"]["height"] == round(1.25 * small[1])
    size = next(w for w in at.get("button_group") if w.key == "fig_scale")
    size.set_value(1.5).run()
    assert node_font(at) == 1.5 * small[0]
    at.toggle(key="presenter").set_value(False).run()
    assert node_font(at) == small[0]  # back to normal size without presenter mode


def test_presenter_mode_enlarges_the_training_figures():
    at = app()
    at.session_state.page = "train"
    at.run()
    at.button(key="btn_train").click().run()
    normal = chart_spec(at)["layout"]["font"]["size"]
    at.toggle(key="presenter").set_value(True).run()
    assert not at.exception
    assert chart_spec(at)["layout"]["font"]["size"] == 1.25 * normal


def test_presenter_mode_folds_the_training_settings_once_there_is_a_run():
    at = app()
    at.toggle(key="presenter").set_value(True).run()
    at.session_state.page = "train"
    at.run()
    assert not [e for e in at.expander if e.label == "Training settings"]  # nothing to show
    at.button(key="btn_train").click().run()
    assert not at.exception and at.session_state.history is not None
    folded = [e for e in at.expander if e.label == "Training settings"]
    assert folded and folded[0].button(key="btn_train")  # Train is inside, one click away
    assert at.get("plotly_chart")  # the first view is drawn


def test_a_new_setup_asks_afresh_and_keeps_the_score():
    at = answer(quiz_on(app()), 0.32)
    at.selectbox(key="in_preset").set_value("Linear regression, one input").run()
    at.button(key="btn_step").click().run()  # the preset kept stage 1: ask z again
    assert any("Predict z" in m.value for m in at.markdown)
    assert any("Score this session: 1 of 1" in c.value for c in at.caption)


def test_refused_change_puts_the_fields_back():
    at = app()
    at.selectbox(key="in_act").set_value("relu").run()
    at.selectbox(key="in_loss").set_value("bce").run()
    assert at.selectbox(key="in_loss").value == "mse"  # shows what is computed
    assert any("needs the sigmoid" in e.value for e in at.sidebar.error)


# -- a diverging descent: computed values beyond what can be typed (issue 19, item 1) -------

def share_link(at) -> str:
    return next(c.value for c in at.code if "?x=" in c.value)


def notes(at) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")


def test_export_and_link_follow_a_descent_that_passes_the_typing_limits():
    """Linear, η = 100, "Export & share" open, Iterate 4 times: b passed 10⁶ and the page
    ended in ``ValueError: b: 1.19388e+06 is too large`` with a traceback; the downloads went
    and the address bar stayed at iteration 3 while the page went on."""
    at = open_tab(app({"act": "linear", "lr": "100"}), "Export & share")
    for it in range(1, 7):
        at.button(key="btn_iterate").click().run()  # to the end of iteration 1, 2, 3 ...
        assert not at.exception, (it, at.exception)
        assert at.query_params["iter"] == str(it) and at.query_params["stage"] == "8"
        assert f"iter={it}&stage=8" in share_link(at)
        assert len(at.get("download_button")) == 4, it
        assert ("diverged" in notes(at)) is (it >= 4), (it, notes(at))
    assert r"= 1.0559\times 10^{10}" in latex(at)  # the computed w₁ is shown


def test_a_link_deep_into_a_diverged_descent_opens_with_every_panel():
    """``?act=linear&lr=100&iter=150``: the weights overflowed to NaN (``w: nan is not a
    finite number``); ``iter=5``: beyond ±10⁶."""
    for it in ("5", "150"):
        at = app({"act": "linear", "lr": "100", "iter": it, "stage": "8"})
        for tab in ("Values (table)", "Gradient check", "Export & share"):
            open_tab(at, tab)
            assert not at.exception, (it, tab, at.exception)
        assert len(at.get("download_button")) == 4
        assert f"iter={it}&stage=8" in share_link(at)
        assert "diverged" in notes(at)
    open_tab(at, "Gradient check")  # at iteration 150 the gradients are NaN: not "a bug"
    assert not at.error and any("nothing to compare" in i.value for i in at.info)


def test_a_preset_diverging_at_eta_1_keeps_the_export():
    at = open_tab(app(), "Export & share")
    at.selectbox(key="in_preset").set_value("Linear regression, one input").run()
    at.number_input(key="in_lr").set_value(1.0).run()
    for _ in range(12):
        at.button(key="btn_iterate").click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 4 and "diverged" in notes(at)


def test_a_setup_file_that_diverges_restores_with_the_export():
    from neuron.urlstate import View, parse, setup_json

    cfg = parse({"act": "linear", "lr": "100"})[0]
    at = open_tab(app(), "Export & share")
    at.file_uploader(key="setup_upload").set_value(
        ("s.json", setup_json(cfg, View(6, 8)).encode(), "application/json")).run()
    assert not at.exception
    assert at.session_state.cfg == cfg and len(at.session_state.trail) == 7
    assert len(at.get("download_button")) == 4 and "diverged" in notes(at)


def test_a_reached_iteration_renders_as_computed_and_still_checks_what_was_typed():
    import math

    import pytest

    from neuron.config import Config, Reached

    big = Reached(x=(0.5, 0.3), w=(6e5, math.nan), b=1.2e6, y=1.0, lr=100.0,
                  activation="linear", loss="mse")
    assert big.validated() == big and set(big.beyond_typing()) == {"w2", "b"}
    assert "undefined" in render_step(big, "markdown")  # NaN written as the page writes it
    with pytest.raises(ValueError, match="is too large"):
        Config(x=big.x, w=(6e5, 2e6), b=0.0).validated()  # typed values keep their limits
    with pytest.raises(ValueError, match="x: 2e\\+06 is too large"):
        Reached(x=(2e6, 0.3), w=(0.0, 0.0), b=0.0).validated()  # x is typed, even here


def test_a_deeply_nested_setup_file_is_refused_beside_the_uploader_and_the_setup_kept():
    """``'[' * 10000 + ']' * 10000`` (20,000 bytes): a RecursionError traceback at the top."""
    at = app({"x": "1,2,3", "w": "0.1,0.2,0.3", "iter": "2", "stage": "5"})
    open_tab(at, "Export & share")
    at.file_uploader(key="setup_upload").set_value(
        ("deep.json", b"[" * 10_000 + b"]" * 10_000, "application/json")).run()
    assert not at.exception
    assert "not a Backprop Lab setup" in notes(at) and "nested" in notes(at)
    assert at.session_state.cfg.x == (1.0, 2.0, 3.0) and at.session_state.stage == 5
    assert len(at.session_state.trail) == 2


def test_the_quiz_does_not_ask_for_a_value_that_overflows():
    """``?x=100,100&w=5,5&b=0&y=0&loss=bce&stage=4`` in quiz mode: 0 or 42 was "Right:
    ∂L/∂ŷ = overflow" and scored a point."""
    at = app({"x": "100,100", "w": "5,5", "b": "0", "y": "0", "loss": "bce", "stage": "3"})
    at = quiz_on(at)  # stage 4: ∂L/∂ŷ
    assert at.session_state.stage == 4 and not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "∂L/∂ŷ overflows here, so it is not asked." in infos
    assert not any("Predict ∂L/∂ŷ" in m.value for m in at.markdown)
    assert not any(b.label == "Check" for b in at.button)
    assert r"\text{overflow}" in latex(at)  # shown, not hidden
    at.button(key="btn_step").click().run()  # Step goes on to ∂ŷ/∂z, which is asked
    assert at.session_state.stage == 5 and not at.exception
    assert any("Predict ∂ŷ/∂z" in m.value for m in at.markdown)
    assert not any("Score this session: 1" in c.value for c in at.caption)


# -- what a student and a teacher hit when they tried every control (issue 17) -------------

def timer_tick(at) -> AppTest:
    at.session_state.last_tick = -1e9  # an interval after the last tick
    return at.run()


def test_play_stops_at_each_quiz_question_and_goes_on_once_answered():
    """Play ran straight past the questions (item 7)."""
    at = app()
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="btn_play").click().run()  # the first tick comes at once: stage 1 asks z
    assert at.session_state.stage == 1 and at.session_state.playing is False
    assert at.button(key="btn_play").label == "Play"
    assert any("Predict z" in m.value for m in at.markdown)
    assert any("answer" in t.value for t in at.toast)
    timer_tick(at)
    assert at.session_state.stage == 1  # waits for the answer
    answer(at, 0.32)
    at.button(key="btn_play").click().run()
    assert at.session_state.stage == 2 and at.session_state.playing is False  # asks ŷ
    at.toggle(key="quiz").set_value(False).run()  # without the quiz, Play plays on
    at.button(key="btn_play").click().run()
    timer_tick(at)
    assert at.session_state.stage == 4 and at.session_state.playing is True


def test_play_by_iterations_stops_at_the_update_question():
    at = app()
    at.session_state.play_by = "iterations"
    at.toggle(key="quiz").set_value(True).run()
    at.button(key="btn_play").click().run()
    assert at.session_state.stage == 8 and at.session_state.playing is False
    assert any("Predict the new w₁" in m.value for m in at.markdown)


def test_check_with_no_answer_asks_for_a_number():
    """"Check" with an empty field did nothing at all (item 8)."""
    at = quiz_on(app())
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    assert any("Type a number first" in w.value for w in at.warning)
    assert not any("Not quite" in e.value for e in at.error)  # not counted as a try
    answer(at, 0.32)
    assert not any("Type a number first" in w.value for w in at.warning)
    assert any("Right: z = 0.3200" in s.value for s in at.success)


def test_the_quiz_question_does_not_leave_the_page_half_empty():
    """The question sat in a narrow right column beside "The equation appears once you have
    answered.", 60 % of the width empty (item 15): it is one row across the page."""
    at = quiz_on(app())
    assert not any("The equation appears once" in m.value for m in at.markdown)
    assert not at.main.columns  # no 3:2 split
    field = at.number_input(key=f"quiz_answer_{(0, 1)}")
    assert field.proto.label.startswith("Your value of z")
