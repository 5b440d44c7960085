"""The training page through AppTest: train, read the history, scrub, continue in the step view."""

import base64
import json

import numpy as np
from apphelpers import app
from streamlit.testing.v1 import AppTest

from neuron.activations import ACTIVATIONS, SIGMOID
from neuron.core import neuron
from neuron.datasets import logic_gate
from neuron.figures import weights_figure
from neuron.losses import BCE, MSE
from neuron.train import Descent, train


def training_page(**settings) -> AppTest:
    at = app()
    at.session_state.page = "train"
    at.run()
    for key, value in settings.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def press_train(at) -> AppTest:
    at.button(key="btn_train").click().run()
    assert not at.exception
    return at


def test_before_training_the_page_explains_what_to_do():
    at = training_page()
    assert any("press **Train**" in i.value for i in at.info)


def test_train_on_and_gate_keeps_the_history_of_the_core():
    at = training_page(tr_source="and", tr_epochs=300, tr_lr=1.0, tr_init="zeros")
    at.selectbox(key="tr_loss").set_value("bce").run()
    press_train(at)
    hist = at.session_state.history
    ref = train(neuron([0, 0], 0.0, SIGMOID), logic_gate("and").X, logic_gate("and").y, BCE,
                Descent(1.0, 300))
    np.testing.assert_array_equal(hist.w, ref.w)
    assert hist.epochs_run == 300
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Epochs run"] == "300"
    assert metrics["Loss"] == f"{ref.loss[-1]:.4f}"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec.get("frames"), "the weights figure replays in the browser"


def test_xor_explains_why_one_neuron_fails():
    at = training_page(tr_source="xor", tr_epochs=500, tr_lr=1.0, tr_init="random",
                       tr_tab="Decision boundary")
    press_train(at)
    text = " ".join(w.value for w in at.warning)
    assert "Why XOR defeats one neuron" in text
    assert "best accuracy over this run was" in text
    assert "(?page=network&example=xor)" in text  # the network that solves it, a click away
    at2 = app({"page": "network", "example": "xor"})  # and that link opens it
    assert not at2.exception and at2.session_state.net_example == "xor"


def trained_with(activation: str, **settings) -> AppTest:
    """The training page after Train, with ``activation`` and ``settings``."""
    return press_train(training_page(tr_act=activation, **settings))


def test_divergence_pauses_with_a_reason_and_keeps_the_history():
    at = trained_with("linear", tr_source="and", tr_lr=5.0, tr_epochs=1000)
    assert at.session_state.history.epochs_run < 1000
    assert any("Training stopped." in w.value and "too large" in w.value
               for w in at.warning)


def test_saturation_pauses_and_training_on_runs_every_epoch():
    at = trained_with("tanh", tr_source="or", tr_lr=5.0, tr_epochs=1000, tr_init="zeros")
    first = at.session_state.history
    assert first.epochs_run < 1000
    text = " ".join(w.value for w in at.warning)
    assert "learning stalled" in text and "Saturated units" in text
    at.button(key="btn_anyway").click().run()
    assert not at.exception
    hist = at.session_state.history
    gate = logic_gate("or")
    ref = train(neuron([0, 0], 0.0, ACTIVATIONS["tanh"]), gate.X, gate.y, MSE,
                Descent(5.0, 1000, watch=False))
    assert hist.epochs_run == 1000 and hist.stopped is None
    np.testing.assert_array_equal(hist.loss, ref.loss)
    assert {m.label: m.value for m in at.metric}["Epochs run"] == "1,000"
    assert not any("Training stopped" in w.value for w in at.warning)


def test_an_overflow_offers_no_training_on():
    at = trained_with("linear", tr_source="or", tr_lr=5.0, tr_epochs=1000, tr_init="zeros")
    at.button(key="btn_anyway").click().run()  # through the growth warning, to the overflow
    hist = at.session_state.history
    assert hist.overflowed and np.all(np.isfinite(hist.loss))
    text = " ".join(w.value for w in at.warning)
    assert f"history up to epoch {hist.epochs_run} is kept" in text
    assert f"finite numbers at epoch {hist.epochs_run + 1}" in text
    assert not [b for b in at.button if b.key == "btn_anyway"]
    fig = weights_figure(hist)  # the lines go on to the end, in float64 past 3.4e38
    assert np.abs(hist.w).max() > 1e38
    assert all(np.all(np.isfinite(np.asarray(tr.y, dtype=float))) for tr in fig.data[:3])


def test_bad_table_is_refused_and_the_last_history_kept():
    at = press_train(training_page(tr_source="and", tr_epochs=50))
    before = at.session_state.history
    at.session_state.tr_source = "table"
    at.run()
    df = at.session_state.tr_table.copy()
    df.loc[1, "x2"] = np.nan
    at.session_state.tr_table = df
    at.run()
    press_train(at)
    assert any("row 2, column x2: enter a number" in e.value.replace("\\", "") for e in at.error)
    assert at.session_state.history is before


def test_epoch_cap_is_stated_and_enforced_by_the_field():
    at = training_page()
    field = next(n for n in at.number_input if n.key == "tr_epochs")
    assert "at most 5,000" in field.label and field.max == 5000 and field.min == 1


def test_continue_in_step_view_from_an_epoch():
    at = press_train(training_page(tr_source="and", tr_epochs=100, tr_lr=1.0,
                                   tr_init="zeros", tr_tab="Graph over time"))
    at.session_state.tr_at = 40
    at.session_state.tr_sample = 4  # counted from 1, as the page shows it
    at.run()
    next(b for b in at.button if b.label.startswith("Continue in the step view")).click().run()
    assert not at.exception
    assert at.session_state.page == "step"
    w, b = at.session_state.history.at(40)
    cfg = at.session_state.cfg
    assert cfg.x == (1.0, 1.0) and cfg.y == 1.0
    assert cfg.w == tuple(w) and cfg.b == b


def test_training_settings_survive_a_visit_to_the_step_page():
    at = training_page(tr_source="xor", tr_epochs=123, tr_tab="Loss landscape")
    at.session_state.page = "step"
    at.run()
    at.session_state.page = "train"
    at.run()
    assert at.session_state.tr_source == "xor" and at.session_state.tr_epochs == 123
    assert at.session_state.tr_tab == "Loss landscape"


def test_blobs_train_with_their_own_data_seed():
    at = press_train(training_page(tr_source="blobs", tr_data_seed=3, tr_epochs=50,
                                   tr_lr=1.0, tr_init="zeros"))
    assert at.session_state.run.data.m == 100
    assert "Two separable Gaussian blobs, 100 points, noise 0.25, seed 3" in \
        at.session_state.run.data.description


def chart_spec(at, key: str) -> dict:
    """The figure of the chart with ``key`` (every tab of the page is drawn)."""
    return json.loads(next(c for c in at.get("plotly_chart")
                           if c.proto.id.endswith(f"-{key}")).proto.spec)


def test_the_open_tab_survives_moving_its_slider():
    at = press_train(training_page(tr_source="and", tr_epochs=100, tr_tab="Graph over time"))
    at.slider(key="tr_at").set_value(30).run()
    assert not at.exception and at.session_state.tr_tab == "Graph over time"
    spec = chart_spec(at, "fig_graph_t")
    assert "Epoch 30  ·  sample 1 of 4" in str(spec["layout"])


def test_the_graph_over_time_shows_one_samples_gradients_and_no_step_of_its_own():
    """Training updates with a whole batch's gradient: a single sample's "w → w′" (the review
    found one pointing the other way from training's real next weights) is not drawn."""
    at = press_train(training_page(tr_source="xor", tr_epochs=200, tr_lr=1.0,
                                   tr_init="random", tr_tab="Graph over time"))
    at.session_state.tr_at, at.session_state.tr_sample = 199, 2
    at.run()
    spec = chart_spec(at, "fig_graph_t")
    nodes = " ".join(a["text"] for a in spec["layout"]["annotations"]
                     if a.get("name", "").startswith("node:"))
    w, b = at.session_state.history.at(199)
    assert f"<b>w₂</b> = {w[1]:.4f}" in nodes and f"<b>b</b> = {b:.4f}" in nodes
    assert "→" not in nodes  # no "w → w′" of one sample's own step
    assert "Epoch 199  ·  sample 2 of 4" in spec["layout"]["annotations"][-2]["text"]
    assert "this stage" not in str(spec["layout"])  # no stage here: no stage highlight
    rows = next(d.value for d in at.dataframe if "kind" in d.value.columns)  # the graph's
    # table: no update rows, no stage column
    assert "update" not in set(rows["kind"]) and "current" not in rows.columns


def test_the_training_page_has_its_own_activation_and_loss():
    at = app()
    at.selectbox(key="in_act").set_value("tanh").run()
    at.session_state.page = "train"
    at.run()
    assert len(at.sidebar.number_input) == 0  # the step view's setup is not shown here
    assert at.selectbox(key="tr_act").value == "tanh"  # starts as the step view's
    at.selectbox(key="tr_act").set_value("relu").run()
    press_train(at)
    assert at.session_state.run.cfg.activation == "relu"
    assert at.session_state.cfg.activation == "tanh"  # the step view keeps its own
    at.session_state.page = "step"
    at.run()
    assert at.sidebar.selectbox(key="in_act").value == "tanh"
    assert len(at.sidebar.number_input) > 0


def test_a_loss_the_activation_cannot_feed_is_refused_beside_the_choice():
    at = trained_with("sigmoid", tr_source="and", tr_epochs=50)
    before = at.session_state.history
    at.selectbox(key="tr_act").set_value("tanh").run()
    at.selectbox(key="tr_loss").set_value("bce").run()
    assert [e.value for e in at.error if "needs the sigmoid activation" in e.value]
    assert len(at.error) == 1  # said once, beside the choice
    assert at.button(key="btn_train").disabled  # (AppTest refuses to click it, as a browser)
    assert at.session_state.history is before  # the last good run is kept


def test_the_summary_names_the_data_as_the_menu_does():
    at = trained_with("sigmoid", tr_source="or", tr_epochs=20)
    shown = [c.value.replace("\\", "") for c in at.caption]  # Markdown escapes removed
    assert ("Data: OR gate; inputs x1, x2; target y. Trained with Sigmoid, half squared "
            "error ½(ŷ − y)², η = 0.5, full batch.") in shown


def test_a_boundary_outside_the_window_is_explained():
    """The document's one sample, learned: ŷ > 0.5 all around it, so no line is in view."""
    at = trained_with("sigmoid", tr_source="example", tr_epochs=200,
                      tr_tab="Decision boundary")
    notes = [i.value for i in at.info if "lies outside this window" in i.value]
    assert notes and "At the last epoch (200)" in notes[0] and "above 0.5" in notes[0]
    at = trained_with("sigmoid", tr_source="or", tr_epochs=300, tr_lr=2.0,
                      tr_tab="Decision boundary")
    assert not any("lies outside this window" in i.value for i in at.info)


def test_weights_that_blow_up_come_with_a_hint_to_zoom():
    """The review found the first 180 epochs of a blow-up flat on the weights' linear axis."""
    at = trained_with("sigmoid", tr_source="or", tr_lr=1.0, tr_epochs=300)
    assert not any("look flat" in i.value for i in at.info)  # an ordinary run
    at = trained_with("linear", tr_source="or", tr_lr=5.0, tr_epochs=1000, tr_init="zeros")
    at.button(key="btn_anyway").click().run()  # on to the overflow: weights ~1e153
    hint = [i.value for i in at.info if "first epochs look flat" in i.value]
    assert hint and float(hint[0].split("grew ")[1].split(" ")[0]) > 1e100


def test_an_epoch_too_large_for_the_step_view_says_to_pick_an_earlier_one():
    at = trained_with("linear", tr_source="or", tr_lr=5.0, tr_epochs=1000, tr_init="zeros",
                      tr_tab="Graph over time")
    at.button(key="btn_anyway").click().run()  # weights far beyond the step view's ±1e6
    next(b for b in at.button if b.label.startswith("Continue in the step view")).click().run()
    assert at.session_state.page == "train"
    msg = " ".join(e.value for e in at.error)
    assert "cannot be opened in the step view" in msg and "pick an earlier epoch" in msg


# -- uploaded and edited data: named by the file, explained by the samples, kept (issue 19) --

AND_CSV = b"x1,x2,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n"
XOR_CSV = b"x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"


def upload(at, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="tr_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


def captions(at) -> str:
    return " ".join(c.value.replace("\\", "") for c in at.caption)  # Markdown escapes removed


def visit_step_page(at) -> AppTest:
    at.session_state.page = "step"
    at.run()
    at.session_state.page = "train"
    at.run()
    assert not at.exception
    return at


def test_a_csv_is_explained_by_its_samples_never_by_its_file_name():
    at = training_page(tr_source="csv", tr_epochs=100, tr_lr=1.0, tr_init="random",
                       tr_tab="Decision boundary")
    press_train(upload(at, "xor.csv", AND_CSV))  # AND data in a file named xor.csv
    assert at.session_state.run.data.m == 4
    assert not any("XOR" in w.value for w in at.warning)
    assert "Data: your file xor.csv;" in captions(at) and "XOR gate" not in captions(at)
    press_train(upload(at, "data.csv", XOR_CSV))  # XOR data under a plain name
    assert any("Why XOR defeats one neuron" in w.value for w in at.warning)
    assert "Data: your file data.csv;" in captions(at)
    for name, menu in (("example.csv", "Document example"), ("and.csv", "AND gate"),
                       ("table.csv", "your table")):
        press_train(upload(at, name, XOR_CSV))
        assert f"Data: your file {name};" in captions(at) and menu not in captions(at)
        assert any("Why XOR defeats one neuron" in w.value for w in at.warning)


def test_an_uploaded_csv_is_kept_across_pages_until_removed_or_replaced():
    at = training_page(tr_source="csv", tr_epochs=20)
    upload(at, "mine.csv", b"a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n2,2,1\n")
    visit_step_page(at)
    at.session_state.tr_source = "and"  # another source, and back
    at.run()
    at.session_state.tr_source = "csv"
    at.run()
    assert "In use: mine.csv, 5 rows; inputs a, b; target y." in captions(at)
    press_train(at)
    assert not at.error
    data = at.session_state.run.data
    assert data.m == 5 and data.feature_names == ("a", "b")
    press_train(upload(at, "other.csv", AND_CSV))  # replaced
    assert at.session_state.run.data.m == 4 and "other.csv" in captions(at)
    assert not [b for b in at.button if b.key == "tr_csv_remove"]  # the uploader's × removes
    visit_step_page(at)  # the uploader is empty now, the data kept: a button removes them
    assert "In use: other.csv" in captions(at)
    at.button(key="tr_csv_remove").click().run()
    assert not at.exception and "In use: other.csv" not in captions(at)
    before = at.session_state.history
    press_train(at)
    assert any("choose a CSV file to upload" in e.value for e in at.error)
    assert at.session_state.history is before


def test_a_bad_csv_is_refused_beside_the_uploader_and_the_last_good_one_kept():
    at = training_page(tr_source="csv", tr_epochs=20)
    upload(at, "good.csv", AND_CSV)
    upload(at, "bad.csv", b"x1,x2,y\n1,abc,0\n")
    assert any('line 2, column 2 ("x2")' in e.value.replace("\\", "") for e in at.error)
    assert "In use: good.csv" in captions(at)  # still the data in use
    assert any("Still using good.csv" in e.value.replace("\\", "") for e in at.error)
    press_train(at)
    assert at.session_state.run.data.m == 4


def edit_table(at, edits: dict) -> AppTest:
    """Run the app as the browser does after an edit of the data table: the data editor
    sends its edits (JSON) as its widget state; AppTest has no data editor of its own."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    editor = next(d for d in at.dataframe if d.proto.id.endswith("-tr_editor"))
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(
        {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits})))
    at._run(states)
    assert not at.exception
    return at


def test_the_edited_table_is_kept_across_pages_and_sources_and_trained_on():
    at = training_page(tr_source="table", tr_epochs=20)
    edit_table(at, {"edited_rows": {"3": {"y": "0"}},
                    "added_rows": [{"x1": "2", "x2": "1e308", "y": "1"}]})
    edited = at.session_state.tr_table_edited
    assert len(edited) == 5
    visit_step_page(at)
    at.session_state.tr_source = "or"
    at.run()
    at.session_state.tr_source = "table"
    at.run()
    press_train(at)
    data = at.session_state.run.data
    assert data.m == 5 and data.y.tolist() == [0, 0, 0, 0, 1]
    assert data.X[4].tolist() == [2.0, 1e308]  # exponents typed into a cell are kept
    edit_table(at, {"deleted_rows": [4]})  # editing goes on from the kept table
    press_train(at)
    assert at.session_state.run.data.m == 4


def test_a_table_cell_beyond_float64_is_refused_by_name_beside_the_table():
    at = training_page(tr_source="table", tr_epochs=20)
    edit_table(at, {"edited_rows": {"1": {"x2": "1e400"}}})
    msg = " ".join(e.value.replace("\\", "") for e in at.error)
    assert 'row 2, column x2: "1e400" is too large for a float' in msg  # before Train
    edit_table(at, {"edited_rows": {"1": {"x2": "abc"}}})
    assert 'row 2, column x2: "abc" is not a number' in " ".join(
        e.value.replace("\\", "") for e in at.error)


def test_a_training_field_the_browser_sends_empty_is_said_and_keeps_its_value():
    """Typing 1e400 (or clearing the field) leaves the browser's number field empty: the
    field used to fall to its minimum (η = 0, 1 epoch) with no word."""
    at = training_page(tr_source="and")
    at.number_input(key="tr_lr").set_value(None).run()
    at.number_input(key="tr_epochs").set_value(None).run()
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert ("Epochs: the field was left empty, or held a number the browser cannot store "
            "(beyond ±1.8·10³⁰⁸, such as 1e400); Epochs stays 200.") in msg
    assert at.number_input(key="tr_lr").value == 0.5
    press_train(at)
    assert at.session_state.run.cfg.lr == 0.5 and at.session_state.history.epochs_run == 200
    at.number_input(key="tr_epochs").set_value(20).run()
    assert not at.error


FAR_CSV = b"x1,y\n1,5\n-1,-3\n0.5,5\n-0.5,-3\n2,5\n-2,-3\n"


def test_targets_the_activation_cannot_output_are_said_before_train():
    """Issue 17, item 2: targets 5 and −3 with a sigmoid were diagnosed after training as
    saturated units (lower η, use BCE). The page says before Train what the step view
    says, and the stop that follows does not blame the learning rate."""
    at = training_page(tr_source="csv", tr_act="sigmoid", tr_loss="mse", tr_epochs=2000,
                       tr_lr=1.0)
    upload(at, "far.csv", FAR_CSV)
    before = " ".join(w.value for w in at.warning)
    assert "Sigmoid outputs values in [0, 1]" in before and "6 of the 6 targets" in before
    assert "rescale the targets" in before
    press_train(at)
    after = " ".join(w.value for w in at.warning)
    assert "Training stopped" in after and "outside" in after
    assert "lower the learning rate" not in after and "cross-entropy" not in after
    def said() -> int:
        return sum("can never reach" in w.value for w in at.warning)

    assert said() == 2  # before Train, and in the stop of the run
    at.selectbox(key="tr_act").set_value("linear").run()
    assert said() == 1  # only the kept run's stop


def test_one_epoch_control_above_the_tabs_drives_every_view_of_one_epoch():
    """Issue 17, item 6: the activation lens and the loss landscape followed an epoch slider
    that only the "Graph over time" tab had. One control above the tabs now drives all three,
    whichever tab is open."""
    at = press_train(training_page(tr_source="and", tr_epochs=100, tr_tab="Loss landscape"))
    slider = at.slider(key="tr_at")
    assert "landscape" in slider.label and "activation lens" in slider.label
    slider.set_value(30).run()
    assert not at.exception
    assert "Epoch 30  ·" in str(chart_spec(at, "fig_graph_t")["layout"])
    assert chart_spec(at, "fig_land")["layout"]["meta"]["at"] == 30
    assert any("at epoch 30" in c.value for c in at.caption)  # the activation lens
    z = at.session_state.run.data.X @ at.session_state.history.at(30)[0] \
        + at.session_state.history.at(30)[1]
    dots = next(t for t in chart_spec(at, "fig_act")["data"] if t.get("mode") == "markers")
    x = np.frombuffer(base64.b64decode(dots["x"]["bdata"]), dots["x"]["dtype"])
    np.testing.assert_allclose(np.sort(x), np.sort(z), rtol=1e-6)


def test_a_run_past_the_updates_cap_is_refused_by_the_core_with_its_message():
    """The page has no cap arithmetic of its own (review: ui/training.py repeated train()'s);
    the core's message is shown and no progress bar is left behind."""
    at = press_train(training_page(tr_source="blobs", tr_batch="sgd", tr_epochs=5000))
    said = " ".join(e.value for e in at.error)
    assert "5,000 epochs × 100 updates per epoch exceed the cap of 100,000 updates" in said
    assert at.session_state.get("history") is None
    assert not at.get("progress")
