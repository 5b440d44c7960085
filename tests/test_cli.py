"""The command line: JSON schema and values, substituted formulas, exit status 2 on bad input."""

import json
import subprocess
import sys

import pytest

from neuron.cli import main
from neuron.config import Config


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_step_defaults_to_document_example_json(capsys):
    code, out, _ = run(capsys, "step", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert set(d) == {"config", "forward", "backward", "update"}
    assert d["config"] == {"x": [0.5, 0.3], "w": [0.2, 0.4], "b": 0.1, "y": 1.0, "lr": 0.01,
                           "activation": "sigmoid", "loss": "mse"}
    assert set(d["backward"]) == {"dL_dy_hat", "dy_hat_dz", "dz_dw", "dz_db", "dL_dz",
                                  "dL_dw", "dL_db", "dL_dx"}
    # ∂L/∂xᵢ = ∂L/∂z · wᵢ: what a layer below this neuron would receive
    assert d["backward"]["dL_dx"] == pytest.approx([-0.10252190339845722 * 0.2,
                                                    -0.10252190339845722 * 0.4], rel=1e-14)
    assert d["forward"]["z"] == pytest.approx(0.32, abs=1e-15)
    assert d["forward"]["y_hat"] == pytest.approx(0.5793242521487495, rel=1e-15)
    assert d["backward"]["dL_dw"] == pytest.approx([-0.0512609517, -0.0307565710], abs=1e-10)
    assert d["backward"]["dz_dw"] == [0.5, 0.3] and d["backward"]["dz_db"] == 1.0
    assert d["update"]["w"] == pytest.approx([0.2005126095, 0.4003075657], abs=1e-10)
    assert d["update"]["b"] == pytest.approx(0.1010252190, abs=1e-10)


def test_step_json_full_precision_matches_core(capsys):
    args = ["--x", "1", "-2", "3", "--w", "0.5", "0.25", "-1", "--b", "0.3", "--y", "-0.5",
            "--lr", "0.1", "--activation", "tanh"]
    _, out, _ = run(capsys, "step", *args, "--format", "json")
    d = json.loads(out)
    s = Config((1, -2, 3), (0.5, 0.25, -1), 0.3, -0.5, 0.1, "tanh").step()
    assert d["forward"]["y_hat"] == s.forward.y_hat[0]  # exact: full precision
    assert d["backward"]["dL_dw"] == s.backward.dL_dw.tolist()
    assert d["update"]["b"] == s.update.b


def test_step_text_reads_like_the_document(capsys):
    code, out, _ = run(capsys, "step")
    assert code == 0
    assert "z = w1·x1 + w2·x2 + b = 0.2000·0.5000 + 0.4000·0.3000 + 0.1000 = 0.3200" in out
    assert "ŷ = σ(z) = σ(0.3200) = 0.5793" in out
    assert "L = ½(ŷ − y)² = ½(0.5793 − 1.0000)² = 0.0885" in out
    assert "∂L/∂ŷ = ŷ − y = 0.5793 − 1.0000 = -0.4207" in out
    assert "∂ŷ/∂z = ŷ(1 − ŷ) = 0.5793·(1 − 0.5793) = 0.2437" in out
    assert "∂L/∂w1 = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w1 = -0.4207 · 0.2437 · 0.5000 = -0.0513" in out
    assert "w1 ← w1 − η·∂L/∂w1 = 0.2000 − 0.0100·(-0.0513) = 0.2005" in out
    assert "b ← b − η·∂L/∂b = 0.1000 − 0.0100·(-0.1025) = 0.1010" in out


def test_step_markdown_and_latex_have_substituted_formulas(capsys):
    _, md, _ = run(capsys, "step", "--format", "markdown")
    assert md.startswith("# Backpropagation through one neuron")
    assert r"\frac{1}{1 + e^{-0.3200}} = 0.5793" in md
    assert "(-0.4207) \\cdot 0.2437 \\cdot 0.5000 = -0.0513" in md
    assert md.count("$$") % 2 == 0
    _, tex, _ = run(capsys, "step", "--format", "latex", "--loss", "bce")
    assert r"\begin{gather*}" in tex and tex.count(r"\begin{gather*}") == 9
    assert r"\frac{0.5793 - 1.0000}{0.5793 \cdot (1 - 0.5793)}" in tex


@pytest.mark.parametrize("args, words", [
    (["step", "--x", "1", "2", "--w", "1"], "1 weights for 2 inputs"),
    (["step", "--activation", "softmax"], "invalid choice"),
    (["step", "--x", "a"], "invalid float value"),
    (["step", "--lr", "-1"], "learning rate"),
    (["step", "--b", "nan"], "not a finite number"),
    (["step", "--activation", "relu", "--loss", "bce"], "needs the sigmoid"),
    (["step", "--x", "1", "1", "1", "1", "1", "1", "1", "1", "1", "--w", "1", "1", "1", "1",
      "1", "1", "1", "1", "1"], "1 to 8 inputs"),
    (["step", "--format", "pdf"], "invalid choice"),
    (["train", "--epochs", "0"], "between 1 and"),
    (["train", "--batch", "zero"], "'full', 'sgd'"),
    (["fly"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(args, words):
    p = subprocess.run([sys.executable, "-m", "neuron", *args], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in p.stderr


def test_python_dash_m_runs(tmp_path):
    p = subprocess.run([sys.executable, "-m", "neuron", "step"], capture_output=True, text=True)
    assert p.returncode == 0 and "= 0.3200" in p.stdout


def test_train_json_schema_and_values(capsys):
    from neuron.activations import SIGMOID
    from neuron.datasets import logic_gate
    from neuron.losses import BCE
    from neuron.train import train

    code, out, _ = run(capsys, "train", "--dataset", "and", "--epochs", "300", "--lr", "1",
                       "--loss", "bce", "--init", "zeros", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert set(d) == {"config", "final", "history", "stopped"}
    assert d["stopped"] is None
    g = logic_gate("and")
    h = train(g.X, g.y, [0, 0], 0, SIGMOID, BCE, 1.0, 300)
    assert len(d["history"]["loss"]) == 300 and len(d["history"]["w"]) == 300
    assert d["history"]["loss"][0] == pytest.approx(0.6931471805599453)  # ln 2 at w = 0
    assert d["history"]["loss"] == h.loss[:300].tolist()
    assert d["final"]["w"] == h.w[300].tolist() and d["final"]["loss"] == h.loss[300]


def test_train_example_starts_from_document_weights(capsys):
    _, out, _ = run(capsys, "train", "--epochs", "1", "--format", "json")
    d = json.loads(out)
    assert d["history"]["w"][0] == [0.2, 0.4] and d["history"]["b"][0] == 0.1
    assert d["final"]["w"] == pytest.approx([0.2005126095, 0.4003075657], abs=1e-10)


def test_train_text_reports_divergence(capsys):
    code, out, _ = run(capsys, "train", "--dataset", "and", "--activation", "linear",
                       "--lr", "5", "--epochs", "1000")
    assert code == 0
    assert "stopped early: Learning rate too large (the loss grows): it rose in each of the " \
        "last 10 epochs" in out


def test_train_csv_file_and_bad_file(tmp_path, capsys):
    good = tmp_path / "d.csv"
    good.write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n")
    code, out, _ = run(capsys, "train", "--data", str(good), "--epochs", "5", "--format",
                       "json")
    assert code == 0 and json.loads(out)["config"]["dataset"] == str(good)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,y\n0,zero,0\n")
    code, out, err = run(capsys, "train", "--data", str(bad))
    assert code == 2 and out == "" and "line 2" in err and '"b"' in err


def test_train_shows_a_progress_bar_on_long_runs_in_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    code, out, err = run(capsys, "train", "--dataset", "or", "--epochs", "2000")
    assert code == 0 and "Trained 2000 epochs" in out
    assert "[##############################] epoch 2000/2000" in err
    code, _, err = run(capsys, "train", "--dataset", "or", "--epochs", "200")
    assert err == ""  # short runs stay quiet


def test_train_no_early_stop_runs_through_a_stall(capsys):
    args = ["train", "--dataset", "or", "--activation", "tanh", "--lr", "5", "--epochs",
            "1000", "--init", "zeros"]
    assert main(args) == 0
    assert "learning stalled" in capsys.readouterr().out
    assert main([*args, "--no-early-stop"]) == 0
    out = capsys.readouterr().out
    assert "stalled" not in out and "1000" in out.replace(",", "")
