"""The step-by-step page's logic through Streamlit's AppTest: stages, buttons, URL, inputs."""

import contextlib
import json

import plotly.graph_objects as go
import pytest
from apphelpers import app, latex, only_fragment
from streamlit.testing.v1 import AppTest

from neuron.examples import PRESETS
from neuron.fmt import tex
from neuron.graph import graph_figure
from neuron.palette import Look
from neuron.stages import LAST
from ui import stepper


def heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Iteration"))


def click(at, key: str, times: int = 1) -> AppTest:
    for _ in range(times):
        at.button(key=key).click().run()
    assert not at.exception
    return at


def test_opens_on_document_example_correctly_computed():
    at = app()
    assert not at.exception
    assert heading(at).startswith("#### Iteration 1 · Stage 0 of 8: Inputs and parameters")
    assert r"\mathbf{x} = (0.5000, 0.3000)" in latex(at)
    assert r"\mathbf{w} = (0.2000, 0.4000)" in latex(at)
    click(at, "btn_step")
    assert "Stage 1 of 8: Weighted sum z" in heading(at)
    assert r"0.2000 \cdot 0.5000 + 0.4000 \cdot 0.3000 + 0.1000 = 0.3200" in latex(at)


EXPECTED = {  # the value each stage adds, for the document's example
    1: "= 0.3200", 2: "= 0.5793", 3: "= 0.0885", 4: "= -0.4207", 5: "= 0.2437",
    6: r"x_{1} = 0.5000", 7: "= -0.0513", 8: "= 0.2005",
}


def test_step_walks_every_stage_in_document_order_and_back_restores():
    at = app()
    shown = [latex(at)]
    for stage in range(1, LAST + 1):
        click(at, "btn_step")
        assert at.session_state.stage == stage
        assert EXPECTED[stage] in latex(at), stage
        shown.append(latex(at))
    for stage in range(LAST - 1, -1, -1):
        click(at, "btn_back")
        assert at.session_state.stage == stage
        assert latex(at) == shown[stage]


def test_iterate_completes_the_iteration_and_shows_every_value():
    at = click(app(), "btn_iterate")
    assert at.session_state.stage == LAST
    text = latex(at) + "\n" + "\n".join(str(d.value.to_dict()) for d in at.dataframe)
    for v in ("0.2005", "0.4003", "0.1010"):
        assert v in text
    click(at, "btn_step")  # the next iteration starts from the updated parameters
    assert heading(at).startswith("#### Iteration 2 · Stage 0")
    assert r"\mathbf{w} = (0.2005, 0.4003)" in latex(at)
    assert "b = 0.1010" in latex(at)
    click(at, "btn_back")  # back across the iteration boundary restores iteration 1's end
    assert heading(at).startswith("#### Iteration 1 · Stage 8")
    assert "= 0.2005" in latex(at)


def test_iterate_twice_runs_the_next_iteration_with_new_numbers():
    at = click(app(), "btn_iterate", 2)
    assert heading(at).startswith("#### Iteration 2 · Stage 8")
    # iteration 2 starts from w1 = 0.2005126, so its update is computed from there
    assert r"0.2005 - 0.0100 \cdot (-0.0512) = 0.2010" in latex(at)


def test_reset_returns_to_the_initial_parameters():
    at = click(app(), "btn_iterate", 3)
    click(at, "btn_reset")
    assert at.session_state.stage == 0 and len(at.session_state.trail) == 1
    assert r"\mathbf{w} = (0.2000, 0.4000)" in latex(at)


def test_play_advances_on_its_own_and_pause_stops():
    at = click(app(), "btn_play")
    assert at.session_state.playing is True
    assert at.button(key="btn_play").label == "Pause"
    click(at, "btn_play")
    assert at.session_state.playing is False
    assert at.button(key="btn_play").label == "Play"


def stage_bar(at):
    return next(w for w in at.get("button_group") if w.key.startswith("nav"))


def test_stage_bar_jumps_to_a_stage_and_pauses():
    at = click(app(), "btn_step", 2)
    assert stage_bar(at).key == "nav2" and stage_bar(at).value == 2
    click(at, "btn_play")
    stage_bar(at).set_value(6).run()
    assert at.session_state.stage == 6 and at.session_state.playing is False
    assert "Stage 6 of 8" in heading(at) and stage_bar(at).key == "nav6"
    assert [t.value for t in at.toast] == [
        "Play paused at stage 6: press Play (P) to go on from here."]
    stage_bar(at).set_value(2).run()  # not playing: nothing to say
    assert at.session_state.stage == 2 and not at.toast


class FakeState(dict):
    __getattr__, __setattr__ = dict.__getitem__, dict.__setitem__


def test_a_stale_stage_bar_value_is_no_click(monkeypatch):
    """A browser a tick behind sends an old stage bar's value back and Streamlit reports it
    as a change (AppTest cannot send it: it only reports real changes). It must neither move
    the stage nor stop Play: it made Play jump back a stage and stop with three viewers
    (bench/load.py; tests/load/test_load.py plays through it in real browsers)."""
    from ui.state import step as state  # the step view's room of the state package

    fake = FakeState(stage=3, playing=True, nav2=2)
    monkeypatch.setattr(state, "S", fake)
    state.on_nav("nav2", 2)  # drawn at stage 2, sent back unchanged
    assert fake.stage == 3 and fake.playing is True
    fake["nav3"] = None  # the selected stage clicked again: deselected
    state.on_nav("nav3", 3)
    assert fake.stage == 3 and fake.playing is True
    fake["nav3"] = 6  # a click on stage 6
    state.on_nav("nav3", 3)
    assert fake.stage == 6 and fake.playing is False


def test_url_parameters_open_a_given_setup():
    at = app({"x": "1,-2,0.5", "w": "0.3,0.1,-0.2", "b": "0", "y": "0", "lr": "0.5",
              "act": "tanh", "loss": "mse", "stage": "1"})
    assert not at.warning
    assert at.session_state.cfg.activation == "tanh"
    assert r"0.3000 \cdot 1.0000 + 0.1000 \cdot (-2.0000) + (-0.2000) \cdot 0.5000" in latex(at)
    # 0.3 - 0.2 - 0.1 + 0 is not 0 in float64, and the page says so rather than "0.0000"
    z = float(at.session_state.cfg.step().forward.z[0])
    assert 0 < abs(z) < 1e-16
    assert latex(at).endswith(f"= {tex(z)}\\end{{aligned}}\n$$")


def test_bad_url_parameters_warn_and_fall_back_field_by_field():
    at = app({"x": "1,2", "w": "abc", "b": "nan", "lr": "1e400", "act": "softmax",
              "loss": "bce", "y": "0.5", "stage": "12", "colour": "red"})
    assert not at.exception
    assert len(at.warning) == 1  # one box, the problems listed in it
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes
    for words in ("w: 'abc' is not a number", "b: 'nan' is not a finite number",
                  "lr: '1e400'", "act: 'softmax'", "stage: '12'", "unknown parameter 'colour'"):
        assert words in warnings
    cfg = at.session_state.cfg
    assert cfg.x == (1.0, 2.0) and cfg.w == (0.2, 0.4) and cfg.b == 0.1 and cfg.lr == 0.01
    assert cfg.loss == "bce" and cfg.y == 0.5 and cfg.activation == "sigmoid"


def test_a_link_with_500_unknown_parameters_gets_one_box_and_its_text_stays_text():
    """500 unknown parameters gave 500 warning boxes; a parameter's text was Markdown."""
    at = app({f"p{i}": "1" for i in range(500)} | {"act": "**bold** [a](https://x.y)"})
    assert not at.exception and len(at.warning) == 1
    text = at.warning[0].value
    assert "500 unknown parameters ignored" in text.replace("\\", "") and "490 more" in text
    assert r"\*\*bold\*\* \[a\]\(https" in text  # shown as typed, not as Markdown


def test_url_follows_the_view_so_a_link_reopens_it():
    at = click(app(), "btn_iterate")
    click(at, "btn_step", 3)
    q = at.query_params
    assert q["stage"] == "2" and q["iter"] == "2" and q["act"] == "sigmoid"  # 8 -> 0 -> 1 -> 2
    again = app(dict(q))
    assert heading(again) == heading(at) and latex(again) == latex(at)


def test_changing_an_input_recomputes_and_keeps_the_stage():
    at = click(app(), "btn_step")
    at.number_input(key="in_x0").set_value(1.0).run()
    assert at.session_state.cfg.x == (1.0, 0.3)
    assert r"0.2000 \cdot 1.0000 + 0.4000 \cdot 0.3000 + 0.1000 = 0.4200" in latex(at)
    assert at.session_state.stage == 1


def test_number_of_inputs_adds_fields():
    at = app()
    at.number_input(key="in_n").set_value(3).run()
    assert not at.exception
    assert at.session_state.cfg.n == 3
    assert len([n for n in at.number_input if n.key.startswith("in_x")]) == 3


def test_bad_combination_shows_message_and_keeps_last_good_state():
    at = app()
    at.selectbox(key="in_act").set_value("relu").run()
    at.selectbox(key="in_loss").set_value("bce").run()
    assert not at.exception
    assert any("needs the sigmoid activation" in e.value for e in at.sidebar.error)
    assert at.session_state.cfg.activation == "relu" and at.session_state.cfg.loss == "mse"


def test_target_outside_activation_range_is_explained():
    at = app()
    at.number_input(key="in_y").set_value(2.0).run()
    assert any("can never reach y = 2" in w.value for w in at.sidebar.warning)


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_load(name):
    at = app()
    at.selectbox(key="in_preset").set_value(name).run()
    assert not at.exception
    assert at.session_state.cfg == PRESETS[name]
    click(at, "btn_iterate")


def timer_tick(at) -> AppTest:
    """A run of the step view while playing, as the timer causes it: an interval after the
    last tick (the monotonic clock is set back instead of waiting)."""
    at.session_state.last_tick = -1e9
    return at.run()


def test_play_ticks_by_stage_or_by_whole_iteration():
    at = app()
    at.session_state.playing = True
    timer_tick(at)  # a run while playing is one tick of the fragment
    assert at.session_state.stage == 1
    at.session_state.play_by = "iterations"
    timer_tick(at)
    assert at.session_state.stage == 8 and len(at.session_state.trail) == 1
    timer_tick(at)
    assert at.session_state.stage == 8 and len(at.session_state.trail) == 2
    at.button(key="btn_play").click().run()
    assert at.session_state.playing is False


def test_a_click_on_a_panel_during_play_is_not_a_tick():
    """Opening a panel or toggling the quiz reruns the step view; the review found each such
    click moved the lesson on by a stage."""
    at = click(app(), "btn_play")  # the first tick comes at once
    assert at.session_state.stage == 1
    at.session_state["explain"] = True  # "What am I looking at?" opened a moment later
    at.run()
    assert at.session_state.stage == 1
    assert any("The boxes are" in m.value for m in at.markdown)
    timer_tick(at)
    assert at.session_state.stage == 2


def test_a_new_speed_during_play_restarts_the_timer_at_that_speed(monkeypatch):
    timers = []
    fragment = stepper.st.fragment

    def recording(*args, run_every=None, **kwargs):
        timers.append(run_every)
        return fragment(*args, run_every=run_every, **kwargs)

    monkeypatch.setattr(stepper.st, "fragment", recording)
    at = click(app(), "btn_play")
    assert timers[-1] == 1.0
    at.session_state.speed = 4.0  # what on_speed does when the slider moves
    with only_fragment(at):  # the slider sits in the step view's fragment
        at.run()
    assert at.session_state.playing is True
    assert timers[-1] == 0.25  # a full rerun set the fragment's timer to 4 ticks a second


def test_the_panels_stay_open_across_runs_that_do_not_draw_them():
    at = click(app(), "btn_step")
    at.session_state["earlier_kept"] = True  # what its callback keeps when it is opened
    at.run()
    click(at, "btn_iterate")
    click(at, "btn_step")  # stage 0 of iteration 2: the panel is not drawn
    click(at, "btn_step")
    assert "Iteration 2 · Stage 1" in heading(at)
    assert [c.value for c in at.caption if c.value[:1].isdigit()] == ["0. Inputs and parameters"]


def test_bce_target_outside_0_1_is_refused_next_to_y():
    at = app()
    at.selectbox(key="in_loss").set_value("bce").run()
    at.number_input(key="in_y").set_value(1.5).run()
    assert not at.exception
    assert any("between 0 and 1" in e.value for e in at.sidebar.error)
    assert at.session_state.cfg.y == 1.0 and at.session_state.cfg.loss == "bce"


def test_learning_rate_zero_is_explained():
    at = app()
    at.number_input(key="in_lr").set_value(0.0).run()
    assert any("η = 0" in i.value for i in at.sidebar.info)
    at.button(key="btn_iterate").click().run()
    assert "= 0.2000" in latex(at)  # w1 does not move


def test_the_values_table_marks_what_this_stage_computes_in_words():
    at = click(app(), "btn_step", 1)  # stage 1 computes z (and the products wᵢxᵢ)
    rows = at.dataframe[0].value
    marked = set(rows[rows["this stage"] == "◀ computed now"]["item"])
    assert "z" in marked and "w₁" not in marked
    assert "current" not in rows.columns  # no greyed-out checkbox column


def test_the_last_iteration_says_so_instead_of_doing_nothing():
    at = app({"iter": "10001", "stage": "8"})
    assert "Iteration 10001 · Stage 8" in heading(at)
    click(at, "btn_step")
    assert "Iteration 10001 · Stage 8" in heading(at)  # the cap: no iteration 10002
    assert [t.value for t in at.toast] == [
        "The step view stops at iteration 10,001: press Reset (0) to start again, or train "
        "on the training page."]


def test_the_graph_is_sent_exactly_as_the_validated_figure():
    """The step view hands graph_spec's data to Streamlit without building a go.Figure
    (ui.common.chart); the page must receive what Plotly's validated figure serialises to."""
    at = click(app(), "btn_step", 5)
    sent = json.loads(at.get("plotly_chart")[0].proto.spec)
    cfg = at.session_state.cfg
    fig = graph_figure(cfg.step(), 5)
    assert sent == json.loads(go.Figure(fig.to_plotly_json()).to_json())
    assert any("Stage 5" in a["text"] for a in sent["layout"]["annotations"])


def test_earlier_stages_are_drawn_only_while_open():
    at = click(app(), "btn_step", 3)
    assert "= 0.3200" not in latex(at)  # stage 1's z, folded away: not drawn
    at.session_state["earlier"] = True  # the student opens the panel
    at.run()
    assert "= 0.3200" in latex(at) and "= 0.5793" in latex(at)  # stages 1 and 2
    assert [c.value for c in at.caption if c.value[:1].isdigit()] == [
        "0. Inputs and parameters", "1. Weighted sum z", "2. Activation ŷ"]


def test_speed_settings_survive_runs_that_do_not_draw_them():
    """The speed popover draws its widgets only while open; the choices live on."""
    at = app()
    assert not at.select_slider  # closed: not drawn
    at.session_state["speed_open"] = True
    at.run()
    at.select_slider(key="pick_speed").set_value(2.0)
    at.button_group(key="pick_play_by").set_value("iterations").run()
    # A change renames the popover ("Speed: 2 iteration/s"), which Streamlit would close:
    # it is kept open, so the other setting can be changed too.
    assert at.select_slider(key="pick_speed").value == 2.0
    at.session_state["speed_open"] = False
    at.run()
    assert not at.select_slider
    for fragment_only in (True, False):
        with only_fragment(at) if fragment_only else contextlib.nullcontext():
            click(at, "btn_step")
        assert (at.session_state.speed, at.session_state.play_by) == (2.0, "iterations")
    assert at.get("popover")[0].proto.popover.label == "Speed: 2 iteration/s"
    at.session_state["speed_open"] = True
    at.run()
    assert at.select_slider(key="pick_speed").value == 2.0


# -- what the browser's number fields substitute, said next to the field (issue 19) --------

def sidebar_errors(at) -> str:
    return " ".join(e.value for e in at.sidebar.error)


@pytest.mark.parametrize("key, label, kept", [
    ("in_x0", "x₁", "0.5"), ("in_w1", "w₂", "0.4"), ("in_b", "b", "0.1"), ("in_y", "y", "1"),
    ("in_lr", "η", "0.1"), ("in_n", "n", "2")])
def test_a_field_the_browser_sends_empty_is_said_and_keeps_its_value(key, label, kept):
    """A browser's number field holds no value when the text in it is not a float64 it can
    store (1e400, -1e400) or when it is cleared; Streamlit then sends None (it used to send
    the field's default, 0, with no message)."""
    at = click(app({"lr": "0.1"}), "btn_step")
    before = at.session_state.cfg
    at.number_input(key=key).set_value(None).run()
    assert not at.exception
    assert at.session_state.cfg == before and at.session_state.stage == 1
    assert str(at.number_input(key=key).value) in (kept, kept + ".0")
    assert (f"{label}: the field was left empty, or held a number the browser cannot store "
            f"(beyond ±1.8·10³⁰⁸, such as 1e400); {label} stays {kept}.") in sidebar_errors(at)
    at.number_input(key=key).set_value(3 if key == "in_n" else 0.25).run()
    assert not sidebar_errors(at)  # the next good value clears the message


def test_small_values_in_the_sidebar_stay_readable():
    """%.4f showed 3e-05 as 0.0000 (and -3e-05 as -0.0000): the fields use %g, as η does."""
    at = app()
    at.number_input(key="in_x0").set_value(3e-05).run()
    assert at.session_state.cfg.x[0] == 3e-05
    for field in at.sidebar.number_input:
        if field.key != "in_n":
            assert field.proto.format == "%g", field.key


# -- what a student and a teacher hit when they tried every control (issue 17) -------------

def test_the_preset_box_says_custom_once_the_setup_differs_from_the_preset():
    """The box kept "Linear regression, one input" after w₁ was changed (item 3)."""
    at = app()
    at.selectbox(key="in_preset").set_value("Linear regression, one input").run()
    assert at.selectbox(key="in_preset").value == "Linear regression, one input"
    at.number_input(key="in_w0").set_value(0.75).run()
    assert at.session_state.cfg.w == (0.75,)
    assert at.selectbox(key="in_preset").value == "Custom setup"
    at.number_input(key="in_w0").set_value(0.5).run()  # the preset's value again
    assert at.selectbox(key="in_preset").value == "Linear regression, one input"
    at.selectbox(key="in_preset").set_value("Custom setup").run()  # nothing to load
    assert at.session_state.cfg == PRESETS["Linear regression, one input"]
    assert at.selectbox(key="in_preset").value == "Linear regression, one input"


def test_the_preset_box_names_the_setup_a_link_opens():
    assert app().selectbox(key="in_preset").value == "Document example"
    assert app({"b": "0.3"}).selectbox(key="in_preset").value == "Custom setup"


@pytest.mark.parametrize("key, value, said", [
    ("in_lr", 150.0, "η: the learning rate must be between 0 and 100, not 150"),
    ("in_n", 9, "n: the neuron takes 1 to 8 inputs, not 9; n stays 2"),
    ("in_n", 0, "n: the neuron takes 1 to 8 inputs, not 0; n stays 2")])
def test_a_refused_value_is_said_next_to_its_field_which_shows_the_value_in_use(key, value,
                                                                                said):
    """η = 150 and n = 9 were clamped by the browser's field (min/max) and never reached the
    app: the field kept 150 while η stayed 0.01, with no word (item 3)."""
    at = app()
    field = at.number_input(key=key)
    assert not field.proto.has_max  # the app says why, not the browser's field
    before = at.session_state.cfg
    field.set_value(value).run()
    assert not at.exception
    assert at.session_state.cfg == before
    assert at.number_input(key=key).value == (0.01 if key == "in_lr" else 2)
    assert said in sidebar_errors(at)
    group = "η" if key == "in_lr" else "n"  # said next to n, not under the x and w fields
    assert list(at.session_state.input_errors) == [group]


def test_x2_and_w2_come_back_after_going_to_one_input_and_back():
    """n 2 → 1 → 2 reset x₂ and w₂ to 1 and 0.1 (item 4)."""
    at = app()
    at.number_input(key="in_x1").set_value(0.7).run()
    at.number_input(key="in_w1").set_value(-0.3).run()
    at.number_input(key="in_n").set_value(1).run()
    assert at.session_state.cfg.n == 1
    at.button(key="btn_step").click().run()  # a few runs that do not draw x₂ and w₂
    at.number_input(key="in_n").set_value(2).run()
    assert at.session_state.cfg.x == (0.5, 0.7) and at.session_state.cfg.w == (0.2, -0.3)
    assert at.number_input(key="in_x1").value == 0.7
    assert at.number_input(key="in_w1").value == -0.3
    at.number_input(key="in_n").set_value(3).run()  # a new input still gets the defaults
    assert at.session_state.cfg.x == (0.5, 0.7, 1.0)


def loss_warning(at) -> str:
    return " ".join(w.value for w in at.warning if "loss has grown" in w.value)


def test_the_step_view_warns_when_the_loss_grows_iteration_after_iteration():
    """Linear, η = 2: the loss grows ×2.8 an iteration while w and b stay small, and the step
    view said nothing until they passed 10⁶ (item 12)."""
    at = app({"act": "linear", "lr": "2", "iter": "3"})  # two growths so far
    assert not loss_warning(at)
    click(at, "btn_iterate", 2)  # iteration 4 starts: the loss grew 3 times in a row
    assert "Iteration 4" in heading(at)
    said = loss_warning(at)
    assert "The loss has grown for 3 iterations in a row" in said
    assert "η = 2" in said and "lower η" in said and "Reset (0)" in said
    assert said.count("\n") == 0 and len(said) < 260  # one short line
    click(at, "btn_reset")
    assert not loss_warning(at)


def test_a_converging_descent_gets_no_loss_warning():
    at = app({"iter": "6", "stage": "8"})
    assert not loss_warning(at)
    at = app({"act": "relu", "w": "-0.6,-0.4", "iter": "6"})  # dead ReLU: a flat loss
    assert not loss_warning(at)


def test_the_values_table_fits_the_narrowest_main_area():
    """Its last column, "this stage", was cut off at 1280 px (item 15)."""
    from neuron.graph import MIN_WIDTH

    at = click(app(), "btn_iterate")
    cols = {k: c for k, c in json.loads(at.dataframe[0].proto.columns).items()
            if not k.startswith("_")}  # (the hidden index)
    assert set(cols) >= {"kind", "meaning", "this stage"}
    widths = [c.get("width") for c in cols.values()]
    assert all(isinstance(w, int) for w in widths), cols
    assert sum(widths) <= MIN_WIDTH - 2  # (its border)


def test_the_iterate_key_reads_clearly():
    """The hint of key I looked like "|" on the button (item 15)."""
    at = app()
    assert at.button(key="btn_iterate").proto.shortcut not in ("i", "l", "1")
    key = at.button(key="btn_iterate").proto.shortcut.upper()
    assert f"{key} Iterate" in stepper.KEYS


def test_the_page_names_the_source_note_of_the_document_example():
    at = app()
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "Backpropagation of Simple Neural Network" in said and "Published vs computed" in said
    at.selectbox(key="in_preset").set_value("Dead ReLU (zero gradient)").run()
    assert "Backpropagation of Simple Neural Network" not in " ".join(
        c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("width, size", [(None, 1.0), (564, 1.0), (1000, 1.0), (1099, 1.0),
                                         (1100, 1.1), (1460, 1.4), (1500, 1.5), (2400, 1.5)])
def test_the_graph_grows_with_the_main_area_width(width, size):
    """Issue 17, item 13: at 1920 px the graph was 1460 x 282 px with 12 px text. The browser
    reports the main area's width (ui/state/base.py's probe); the graph's type and height follow
    it, and a graph at size s still gets the s x MIN_WIDTH px its layout needs."""
    from neuron.graph import MIN_WIDTH
    from ui.common import width_scale

    assert width_scale(width) == size
    assert width is None or width <= 1000 or width >= size * MIN_WIDTH
    at = app()
    if width is not None:
        at.session_state["page_width"] = {"width": width}
    at.run()
    sent = json.loads(at.get("plotly_chart")[0].proto.spec)
    cfg = at.session_state.cfg
    want = graph_figure(cfg.step(), 0, look=Look(scale=size)).layout
    assert sent["layout"]["height"] == want.height
    assert sent["layout"]["template"]["layout"]["font"]["size"] == want.template.layout.font.size


def test_a_link_may_name_a_page_as_people_say_it():
    """Review: ?page=training opened the step view with "not one of step, train, network"."""
    for said, page in (("training", "train"), ("Training", "train"), ("net", "network"),
                       ("train", "train")):
        at = app({"page": said})
        assert not at.exception and at.session_state.page == page, said
        assert not [w for w in at.warning if w.value.startswith("Link")], said
    at = app({"page": "<b>bogus</b>"})
    assert at.session_state.page == "step"
    said = at.warning[0].value.replace("\\", "")  # Markdown-escaped: the link's text is inert
    assert said == "Link: page: '<b>bogus</b>' is not one of step, train, network"
