"""Choices a student made survive a visit to another page (issue 13: no KEEP list).

Streamlit drops a widget's value on a run that does not draw it; the pages' widgets say
``persist_state="session"`` and the tab bars are kept by ``state.restore_tab``. Each value
here is set through its widget, as a click would, not written into the session state."""

from apphelpers import app

from neuron.network import NetSetup, setup_json

NET = NetSetup(sizes=(2, 2, 1), W=(((0.1, -0.2), (0.4, 0.1)), ((0.7, -0.6),)),
               b=((0.0, 0.1), (-0.2,)), acts=("tanh", "sigmoid"), x=(0.0, 0.0), y=(0.0,),
               lr=0.5, loss="mse")  # one output: the page offers to train it


def visit(at, *pages: str):
    for page in pages:
        at.segmented_control(key="page").set_value(page).run()
        assert not at.exception
    return at


def test_the_training_settings_survive_the_other_pages():
    at = visit(app(), "train")
    at.selectbox(key="tr_source").set_value("blobs").run()
    at.slider(key="tr_noise").set_value(0.5).run()
    at.selectbox(key="tr_act").set_value("tanh").run()
    at.selectbox(key="tr_batch").set_value("mini").run()
    at.number_input(key="tr_bsize").set_value(3).run()
    at.number_input(key="tr_epochs").set_value(321).run()
    at.number_input(key="tr_lr").set_value(0.7).run()
    at.selectbox(key="tr_init").set_value("random").run()
    at.number_input(key="tr_seed").set_value(9).run()
    visit(at, "step", "network", "train")
    got = {k: at.session_state[k] for k in ("tr_source", "tr_noise", "tr_act", "tr_batch",
                                            "tr_bsize", "tr_epochs", "tr_lr", "tr_init",
                                            "tr_seed")}
    assert got == {"tr_source": "blobs", "tr_noise": 0.5, "tr_act": "tanh",
                   "tr_batch": "mini", "tr_bsize": 3, "tr_epochs": 321, "tr_lr": 0.7,
                   "tr_init": "random", "tr_seed": 9}
    assert at.number_input(key="tr_epochs").value == 321  # and the field shows it


def test_the_network_pages_training_choices_survive_the_other_pages():
    at = app({"page": "network", "net": setup_json(NET)})
    at.selectbox(key="net_tr_data").set_value("blobs").run()
    at.selectbox(key="net_tr_batch").set_value("sgd").run()
    at.number_input(key="net_tr_epochs").set_value(77).run()
    at.number_input(key="net_tr_seed").set_value(5).run()
    visit(at, "step", "train", "network")
    assert [at.session_state[k] for k in ("net_tr_data", "net_tr_batch", "net_tr_epochs",
                                          "net_tr_seed")] == ["blobs", "sgd", 77, 5]


def test_quiz_mode_the_figure_size_and_the_open_tab_survive_the_other_pages():
    at = app()
    at.session_state.step_tab = "Export & share"  # AppTest cannot click a tab
    at.run()
    at.toggle(key="quiz").set_value(True).run()
    at.toggle(key="presenter").set_value(True).run()  # no tabs in presenter mode
    at.segmented_control(key="fig_scale").set_value(1.5).run()
    at.toggle(key="presenter").set_value(False).run()
    assert at.session_state.step_tab == "Export & share"
    visit(at, "train", "network", "step")
    assert at.session_state.quiz is True and at.session_state.fig_scale == 1.5
    assert at.session_state.step_tab == "Export & share"
    assert len(at.get("download_button")) == 4  # the export tab is the one drawn
