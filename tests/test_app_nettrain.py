"""The network page trains on a student's data too (issue 15): an uploaded CSV file or an
edited table, with any number of inputs the network has and one target. The page's run is
the command line's run; bad data is refused beside the data; uploads and edits are kept
across pages."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from apphelpers import app

from neuron.network import NetSetup, setup_json

SETUP = NetSetup(sizes=(3, 2, 1), W=(((0.1, -0.2, 0.3), (0.4, 0.1, -0.5)), ((0.7, -0.6),)),
                 b=((0.0, 0.1), (-0.2,)), acts=("tanh", "sigmoid"), x=(0.0, 0.0, 0.0),
                 y=(0.0,), lr=0.5, loss="mse")
CSV3 = b"a,b,c,y\n0,0,0,0\n0,1,1,1\n1,0,1,1\n1,1,0,0\n2,1,1,1\n"


def network_page(setup: NetSetup = SETUP, **state):
    at = app({"page": "network", "net": setup_json(setup)})
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception
    return at


def upload(at, name: str, content: bytes):
    at.file_uploader(key="net_tr_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


def infos(at) -> str:
    return " ".join(i.value for i in at.info)


def captions(at) -> str:
    return " ".join(c.value.replace("\\", "") for c in at.caption)


def test_a_three_input_network_is_told_to_bring_its_own_data():
    at = network_page()
    assert "give the network 2 inputs, or upload a CSV file or edit a table" in infos(at)
    assert not [b for b in at.button if b.key == "net_tr_go"]


def test_a_csv_trains_the_network_as_the_command_line_does(tmp_path):
    at = upload(network_page(net_tr_data="csv", net_tr_epochs=300, net_tr_seed=0), "mine.csv",
                CSV3)
    assert "In use: mine.csv, 5 rows; inputs a, b, c; target y." in captions(at)
    at.button(key="net_tr_go").click().run()
    h, X, y, _ = at.session_state.net_run
    assert X.tolist() == [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0], [2, 1, 1]]
    f = tmp_path / "mine.csv"
    f.write_bytes(CSV3)
    out = subprocess.run(
        [sys.executable, "-m", "neuron", "net-train", "--sizes", "3,2,1", "--data", str(f),
         "--W", json.dumps([[list(r) for r in w] for w in SETUP.W]),
         "--b", json.dumps([list(v) for v in SETUP.b]), "--activation", "tanh,sigmoid",
         "--loss", "mse", "--lr", "0.5", "--epochs", "300", "--batch", "full", "--seed", "0",
         "--format", "json"], capture_output=True, text=True, check=True)
    want = json.loads(out.stdout)
    assert h.loss[-1] == pytest.approx(want["final"]["loss"], rel=1e-12)
    assert "Trained 300 epochs" in " ".join(m.value for m in at.markdown)


def test_a_csv_of_another_width_is_refused_with_what_to_do():
    at = upload(network_page(net_tr_data="csv"), "two.csv", b"x1,x2,y\n0,0,0\n1,1,1\n")
    assert "two.csv has 2 input columns; the network has 3 inputs: set Inputs to 2" \
        in infos(at).replace("\\", "")
    assert not [b for b in at.button if b.key == "net_tr_go"]


def test_a_bad_csv_is_refused_beside_the_uploader():
    at = upload(network_page(net_tr_data="csv"), "bad.csv", b"a,b,c,y\n1,abc,0,1\n")
    assert any('bad.csv is refused: line 2, column 2 ("b"): "abc" is not a number'
               in e.value.replace("\\", "") for e in at.error)


def test_the_table_follows_the_inputs_and_its_edits_survive_another_page():
    at = network_page(net_tr_data="table")
    table = at.session_state.net_tr_table
    assert list(table.columns) == ["x1", "x2", "x3", "y"] and len(table) == 2
    at.session_state.page = "step"
    at.run()
    edited = pd.DataFrame([["0", "0", "1", "0"], ["1", "1", "0", "1"], ["2", "0", "1", "1"]],
                          columns=["x1", "x2", "x3", "y"])
    at.session_state["net_tr_table_edited"] = edited  # (edited while the page is away)
    at.session_state.page = "network"
    at.run()
    assert at.session_state.net_tr_table.values.tolist() == edited.values.tolist()
    at.session_state.net_tr_epochs = 50
    at.button(key="net_tr_go").click().run()
    _, X, y, _ = at.session_state.net_run
    assert X.tolist() == [[0, 0, 1], [1, 1, 0], [2, 0, 1]] and y.tolist() == [0, 1, 1]
    at.session_state.net_tr_tab = "Decision boundary"
    at.run()
    assert "drawn in the plane of two inputs; these data have 3" in infos(at)


def test_a_bad_cell_is_said_and_nothing_trains():
    at = network_page(net_tr_data="table")
    at.session_state.page = "step"
    at.run()
    at.session_state["net_tr_table_edited"] = pd.DataFrame(
        [["0", "x", "1", "0"]], columns=["x1", "x2", "x3", "y"])
    at.session_state.page = "network"
    at.run()
    assert any('row 1, column x2: "x" is not a number' in e.value.replace("\\", "")
               for e in at.error)
    at.button(key="net_tr_go").click().run()
    assert at.session_state.net_run == 'Not trained: row 1, column x2: "x" is not a number'


def test_two_outputs_cannot_train_on_one_target():
    at = app({"page": "network", "example": "mazur"})
    assert "give the network 1 output to train it" in infos(at)
