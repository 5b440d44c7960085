"""The training page's share link (issue 13: its settings in the link; issue 17, item 1: a
table's rows too): a link reopens the page with the same settings, and Train repeats the run
that the command line makes with them."""

import json
import subprocess
import sys

import pytest
from apphelpers import app

from neuron import trainlink

LINK = {"page": "train", "data": "xor", "act": "tanh", "loss": "mse", "lr": "0.3",
        "epochs": "300", "batch": "sgd", "init": "random", "seed": "7"}


def test_a_link_opens_the_training_page_with_its_settings():
    at = app(LINK)
    assert not at.exception and at.session_state.page == "train"
    assert at.selectbox(key="tr_source").value == "xor"
    assert at.selectbox(key="tr_act").value == "tanh"
    assert at.selectbox(key="tr_batch").value == "sgd"
    assert at.selectbox(key="tr_init").value == "random"
    assert at.number_input(key="tr_lr").value == 0.3
    assert at.number_input(key="tr_epochs").value == 300
    assert at.number_input(key="tr_seed").value == 7
    # the address bar says the same, every field spelt out
    assert dict(at.query_params) == {"page": "train"} | trainlink.encode(
        trainlink.parse(LINK)[0])


def test_train_from_a_link_repeats_the_command_lines_run():
    at = app(LINK)
    at.button(key="btn_train").click().run()
    assert not at.exception
    hist = at.session_state.history
    cli = subprocess.run(
        [sys.executable, "-m", "neuron", "train", "--dataset", "xor", "--activation", "tanh",
         "--loss", "mse", "--lr", "0.3", "--epochs", "300", "--batch", "sgd",
         "--init", "random", "--seed", "7", "--format", "json"],
        capture_output=True, text=True, check=True)
    want = json.loads(cli.stdout)
    assert hist.epochs_run == len(want["history"]["loss"]) == 300
    assert hist.loss[-1] == pytest.approx(want["final"]["loss"], rel=1e-12)
    assert list(hist.w[-1]) == pytest.approx(want["final"]["w"], rel=1e-12)


def test_an_edited_table_travels_in_the_link_and_comes_back():
    import pandas as pd

    at = app({"page": "train", "data": "table"})
    edited = pd.DataFrame([["0", "0", "1"], ["1", "1", "0"], ["2.5", "-4e-1", "1"]],
                          columns=list(trainlink.TABLE_COLUMNS))
    at.session_state["tr_table_edited"] = edited
    at.run()
    link = dict(at.query_params)
    assert link["rows"] == "0,0,1;1,1,0;2.5,-4e-1,1"
    again = app(link)
    assert not again.exception
    assert again.session_state.tr_table.values.tolist() == edited.values.tolist()
    again.button(key="btn_train").click().run()
    assert again.session_state.run.data.X.tolist() == [[0, 0], [1, 1], [2.5, -0.4]]
    assert again.session_state.run.data.y.tolist() == [1, 0, 1]


def test_a_bad_link_keeps_the_defaults_and_names_each_field():
    at = app({"page": "train", "lr": "500", "epochs": "x", "data": "nope",
              "rows": "0,0,zz"})
    assert not at.exception and at.session_state.page == "train"
    said = " ".join(w.value for w in at.warning).replace("\\", "")  # (Markdown escapes)
    for label in ("Learning rate η", "Epochs (at most 5,000)", "Data", "Table: row 1, column y"):
        assert label in said, (label, said)
    assert at.number_input(key="tr_lr").value == trainlink.BY_NAME["lr"].default
    assert at.selectbox(key="tr_source").value == "example"


def test_the_share_popover_shows_the_link():
    at = app(LINK)
    code = " ".join(c.value for c in at.code)
    assert "page=train" in code and "data=xor" in code and "act=tanh" in code
