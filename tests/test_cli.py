"""The command line: JSON schema and values, substituted formulas, exit status 2 on bad input.

Most cases run in process (``main`` returns the exit status; argparse's refusals raise
``SystemExit(2)``); a few run ``python -m neuron`` for real: the plain run, one refusal and
the encodings of stdout.
"""

import contextlib
import io
import json
import math
import os
import subprocess
import sys
import threading
import time

import pytest

from neuron.cli import main
from neuron.config import LR_MAX, VALUE_MAX, Config


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse refuses an argument with SystemExit(2)
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *args) -> str:
    """The one line on stderr of a refused command line (exit 2, nothing on stdout)."""
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, ""), err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("python -m neuron"), err
    return lines[0]


def strict_json(text: str):
    """``json.loads`` that refuses NaN and Infinity, as strict JSON readers do."""
    def no_constant(c):
        raise ValueError(f"not JSON: {c}")
    return json.loads(text, parse_constant=no_constant)


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
    s = Config(x=(1, -2, 3), w=(0.5, 0.25, -1), b=0.3, y=-0.5, lr=0.1,
               activation="tanh").step()
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
    (["train", "--w", "1"], "1 weights for 2 inputs"),
    (["fly"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, args, words):
    assert words in refused(capsys, *args)


def test_a_real_refusal_exits_2_with_one_line():
    p = subprocess.run([sys.executable, "-m", "neuron", "train", "--w", "nan", "0"],
                       capture_output=True, text=True)
    assert (p.returncode, p.stdout) == (2, "")
    assert p.stderr == "python -m neuron train: error: argument --w: 'nan' is not a finite " \
        "number\n"


# Every number option of both commands, and a value each may hold.
NUMBER_OPTIONS = [("step", "--x", 2), ("step", "--w", 2), ("step", "--b", 1),
                  ("step", "--y", 1), ("step", "--lr", 1), ("train", "--w", 2),
                  ("train", "--b", 1), ("train", "--lr", 1)]


@pytest.mark.parametrize("command, option, n", NUMBER_OPTIONS)
@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN", "-Infinity", "1e400", "-1e400"])
def test_every_number_option_refuses_values_that_are_not_finite(capsys, command, option, n,
                                                                 text):
    values = [text] if n == 1 else ["0.5", text]
    line = refused(capsys, command, option, *values)
    assert f"argument {option}: {text!r} is not a finite number" in line


@pytest.mark.parametrize("command, option, n", NUMBER_OPTIONS)
def test_every_number_option_refuses_values_beyond_the_pages_limits(capsys, command, option,
                                                                    n):
    big = "1e7" if option != "--lr" else "101"
    line = refused(capsys, command, option, *([big] if n == 1 else ["0.5", big]))
    assert line.startswith(f"python -m neuron {command}: error: argument {option}: ")
    if option == "--lr":
        assert f"the learning rate must be between 0 and {LR_MAX:g}, not 101" in line
        assert "-1e-05" in refused(capsys, command, "--lr", "-1E-5")
    else:
        assert f"1e+07 is too large; use values between ±{VALUE_MAX:g}" in line
        ok = ["1e6"] if n == 1 else ["0.5", "-1e6"]  # the limit itself is accepted
        args = ["--activation", "linear"] if option == "--y" else []
        assert run(capsys, command, option, *ok, *args, "--epochs", "1")[0] == 0 \
            if command == "train" else run(capsys, command, option, *ok, *args)[0] == 0


SPELLINGS = {"-4e-1": -0.4, "-1E-5": -1e-05, "-.5": -0.5, "1e3": 1000.0, "-5.": -5.0,
             "+2": 2.0, "-0.25": -0.25, "-3": -3.0, "2.5E+2": 250.0, "-1e+0": -1.0}
LR_SPELLINGS = {"1e-2": 0.01, "1E-2": 0.01, ".5": 0.5, "5.": 5.0, "+2": 2.0, "2.5E+1": 25.0,
                "0e0": 0.0, "1e2": 100.0}


@pytest.mark.parametrize("text, value", SPELLINGS.items())
def test_every_number_option_takes_the_spellings_the_page_takes(capsys, text, value):
    # argparse alone takes -4 and -0.4 as numbers but calls -4e-1 an unknown option
    _, out, err = run(capsys, "step", "--x", "0.5", text, "--w", text, "0.2", "--b", text,
                      "--y", text, "--activation", "linear", "--format", "json")
    c = strict_json(out)["config"]
    assert (c["x"], c["w"], c["b"], c["y"]) == ([0.5, value], [value, 0.2], value, value), err
    _, out, err = run(capsys, "train", "--w", text, "0.2", "--b", text, "--epochs", "1",
                      "--format", "json")
    c = strict_json(out)["config"]
    assert (c["w0"], c["b0"]) == ([value, 0.2], value), err


@pytest.mark.parametrize("text, value", LR_SPELLINGS.items())
def test_the_learning_rate_takes_the_spellings_the_page_takes(capsys, text, value):
    for command in ("step", "train"):
        _, out, err = run(capsys, command, "--lr", text, "--epochs", "1", "--format", "json") \
            if command == "train" else run(capsys, command, "--lr", text, "--format", "json")
        assert strict_json(out)["config"]["lr"] == value, err


def test_a_negative_number_in_scientific_notation_is_a_value_not_an_option(capsys):
    code, out, err = run(capsys, "step", "--w", "0.2", "-4e-1")
    assert (code, err) == (0, "")
    assert "Weights:       w = (0.2000, -0.4000)" in out


def test_train_json_is_valid_json_even_when_training_overflows(capsys):
    for extra in (["--epochs", "50"], ["--epochs", "100", "--no-early-stop"]):
        code, out, _ = run(capsys, "train", "--dataset", "or", "--activation", "linear",
                           "--lr", "100", "--format", "json", *extra)
        assert code == 0
        d = strict_json(out)
        assert d["stopped"]
        numbers = [*d["history"]["loss"], *sum(d["history"]["w"], []), *d["history"]["b"],
                   *d["final"]["w"], d["final"]["b"], d["final"]["loss"]]
        assert all(v is None or math.isfinite(v) for v in numbers)


def test_train_json_writes_a_value_beyond_float64_as_null(capsys, monkeypatch):
    import dataclasses

    import neuron.cli

    real = neuron.cli.train

    def overflowing(*args, **kwargs):  # should the core ever let one through
        h = real(*args, **kwargs)
        loss = h.loss.copy()
        loss[-1] = math.inf
        return dataclasses.replace(h, loss=loss)

    monkeypatch.setattr(neuron.cli, "train", overflowing)
    code, out, _ = run(capsys, "train", "--epochs", "3", "--format", "json")
    assert code == 0 and strict_json(out)["final"]["loss"] is None


# --data: regular files only, read with the size cap; everything else refused by name.

def test_train_data_refuses_an_empty_name(capsys):
    line = refused(capsys, "train", "--data", "")
    assert "--data" in line and "empty" in line


def test_train_data_refuses_a_directory(capsys, tmp_path):
    line = refused(capsys, "train", "--data", str(tmp_path))
    assert str(tmp_path) in line and "is a directory" in line


def test_train_data_refuses_a_missing_file(capsys, tmp_path):
    line = refused(capsys, "train", "--data", str(tmp_path / "nope.csv"))
    assert "nope.csv" in line and "No such file" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_train_data_refuses_a_named_pipe_at_once(capsys, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def unblock():  # before the fix, reading the pipe waited for a writer forever
        fd = os.open(fifo, os.O_WRONLY)
        os.close(fd)

    writer = threading.Timer(5, unblock)
    writer.daemon = True
    writer.start()
    t = time.monotonic()
    line = refused(capsys, "train", "--data", str(fifo))
    assert time.monotonic() - t < 4
    assert "pipe.csv" in line and "not a regular file" in line
    writer.cancel()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_train_data_refuses_a_file_that_became_a_named_pipe_after_the_check(capsys, tmp_path,
                                                                             monkeypatch):
    fifo, regular = tmp_path / "swapped.csv", tmp_path / "regular.csv"
    os.mkfifo(fifo)
    regular.write_text("a,y\n1,1\n")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: real_stat(
        regular if os.fspath(p) == str(fifo) else p, *a, **k))
    line = refused(capsys, "train", "--data", str(fifo))  # opened without blocking, refused
    assert "swapped.csv" in line and "named pipe" in line


def test_train_data_refuses_a_device(capsys):
    if not os.path.exists(os.devnull) or os.name == "nt":
        pytest.skip("no /dev/null")
    line = refused(capsys, "train", "--data", os.devnull)
    assert "not a regular file" in line


def test_train_data_refuses_an_unreadable_file(capsys, tmp_path, monkeypatch):
    f = tmp_path / "secret.csv"
    f.write_text("a,y\n1,1\n")
    real_open = os.open

    def denied(path, *args, **kwargs):
        if os.fspath(path) == str(f):
            raise PermissionError(13, "Permission denied", str(f))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    line = refused(capsys, "train", "--data", str(f))
    assert "secret.csv" in line and "Permission denied" in line


def test_train_data_keeps_the_size_cap(capsys, tmp_path, monkeypatch):
    f = tmp_path / "big.csv"
    f.write_text("a,y\n" + "1,1\n" * 1_300_000)  # 5.2 MB
    line = refused(capsys, "train", "--data", str(f))
    assert "larger than the limit of 5,000,000 bytes" in line


# Text output where stdout cannot encode η, σ, ŷ, ∂ ...

@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_text_output_survives_a_stdout_that_is_not_utf8(encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    p = subprocess.run([sys.executable, "-m", "neuron", "step"], capture_output=True, env=env)
    assert p.returncode == 0 and p.stderr == b""
    out = p.stdout.decode(encoding)
    assert "Learning rate: eta = 0.0100" in out
    assert "dL/dy_hat" in out and "= 0.3200" in out


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1", "utf-8"])
@pytest.mark.parametrize("args", [["step"], ["step", "--format", "markdown"],
                                  ["step", "--format", "latex"],
                                  ["step", "--activation", "tanh", "--loss", "bce"],
                                  ["train", "--dataset", "or", "--activation", "linear",
                                   "--lr", "100", "--epochs", "50"],
                                  ["step", "--b", "1e7"], ["train", "--help"]])
def test_every_output_is_written_in_the_streams_encoding(monkeypatch, encoding, args):
    streams = {}
    for name in ("stdout", "stderr"):
        streams[name] = io.BytesIO()
        monkeypatch.setattr(sys, name, io.TextIOWrapper(streams[name], encoding=encoding))
    with contextlib.suppress(SystemExit):  # --help and refusals exit
        main(args)
    for name, raw in streams.items():
        getattr(sys, name).flush()
        text = raw.getvalue().decode(encoding)  # strict: every byte is of that encoding
        assert "Traceback" not in text
        if encoding == "utf-8" and args == ["step"] and name == "stdout":
            assert "Learning rate: η = 0.0100" in text  # UTF-8 keeps the symbols
        if encoding == "ascii":
            assert text.isascii()


def test_ctrl_c_during_training_ends_with_one_line_not_a_traceback(capsys, monkeypatch):
    import neuron.cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(neuron.cli, "train", interrupted)
    code, out, err = run(capsys, "train", "--epochs", "5000")
    assert (code, out) == (130, "")
    assert err.strip() == "python -m neuron train: interrupted"


def test_a_reader_that_leaves_early_gets_no_traceback():
    # `python -m neuron train ... | head -c 10`: the pipe closes while the JSON is written
    # 84 kB of JSON: more than a pipe holds, so the write meets the closed pipe
    p = subprocess.Popen([sys.executable, "-m", "neuron", "train", "--epochs", "1000",
                          "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.wait(timeout=60) == 1
    assert err == ""


def test_python_dash_m_runs(tmp_path):
    p = subprocess.run([sys.executable, "-m", "neuron", "step"], capture_output=True, text=True)
    assert p.returncode == 0 and "= 0.3200" in p.stdout


def test_train_json_schema_and_values(capsys):
    from neuron.activations import SIGMOID
    from neuron.core import neuron
    from neuron.datasets import logic_gate
    from neuron.losses import BCE
    from neuron.train import Descent, train

    code, out, _ = run(capsys, "train", "--dataset", "and", "--epochs", "300", "--lr", "1",
                       "--loss", "bce", "--init", "zeros", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert set(d) == {"config", "final", "history", "stopped"}
    assert d["stopped"] is None
    g = logic_gate("and")
    h = train(neuron([0, 0], 0, SIGMOID), g.X, g.y, BCE, Descent(1.0, 300))
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


# -- issue 14: examples from the literature, their conventions ---------------------------------

from neuron.examples import EXAMPLES, compare  # noqa: E402


@pytest.mark.parametrize("name", ["document", "nielsen1", "nielsen2", "explainer", "cs231n",
                                  "micrograd"])
def test_step_example_reproduces_the_source_and_lists_its_verdict(capsys, name):
    code, out, _ = run(capsys, "step", "--example", name, "--format", "json")
    assert code == 0
    d = strict_json(out)
    ex = EXAMPLES[name]
    assert d["config"]["x"] == list(ex.config.x) and d["config"]["loss"] == ex.config.loss
    assert d["example"]["name"] == name and d["example"]["published"] == compare(ex)
    code, out, _ = run(capsys, "step", "--example", name)
    assert code == 0 and "Published in " in out and ex.source in out


def test_an_option_changes_the_example_and_then_it_is_not_compared(capsys):
    code, out, _ = run(capsys, "step", "--example", "explainer", "--lr", "0.1", "--format",
                       "json")
    d = strict_json(out)
    assert code == 0 and d["config"]["lr"] == 0.1 and d["config"]["loss"] == "se"
    assert "example" not in d


def test_x_of_another_length_than_the_example_needs_w(capsys):
    line = refused(capsys, "step", "--example", "nielsen1", "--x", "1", "2")
    assert "--w: the example has 1 weights for 2 inputs" in line


def test_loss_se_none_and_no_bias_update(capsys):
    _, out, _ = run(capsys, "step", "--loss", "se", "--format", "json")
    se = strict_json(out)["backward"]["dL_dw"]
    _, out, _ = run(capsys, "step", "--format", "json")
    mse = strict_json(out)["backward"]["dL_dw"]
    assert se == [2 * v for v in mse]
    _, out, _ = run(capsys, "step", "--loss", "none", "--format", "json")
    d = strict_json(out)
    assert d["backward"]["dL_dy_hat"] == 1.0 and d["forward"]["loss"] == d["forward"]["y_hat"]
    _, out, _ = run(capsys, "step", "--no-bias-update", "--format", "json")
    d = strict_json(out)
    assert d["update"]["b"] == 0.1 and d["config"]["update_bias"] is False
    _, out, _ = run(capsys, "step", "--no-bias-update")
    assert "b ← b = 0.1000 (the bias is not updated)" in out


def test_train_refuses_loss_none(capsys):
    line = refused(capsys, "train", "--loss", "none")
    assert "invalid choice: 'none'" in line


def test_examples_lists_every_example_with_its_source(capsys):
    code, out, _ = run(capsys, "examples")
    assert code == 0
    for name, ex in EXAMPLES.items():
        assert f"{name:<11} {ex.title}" in out
        assert not ex.source or ex.source in out
    assert "mazur" in out and "python -m neuron net --example mazur" in out


def test_a_list_option_takes_commas_as_the_links_write_it(capsys):
    """Review: ``--x 1,2`` was refused ("invalid float value") although links and the
    sidebar write 0.5,0.3; words, commas and a mix of both now read alike."""
    outs = {run(capsys, "step", "--x", *x, "--w", *w, "--format", "json")[1]
            for x, w in ((("1", "2"), ("0.5", "-0.25")), (("1,2",), ("0.5,-0.25",)),
                         (("1,2",), ("0.5", "-0.25")))}
    assert len(outs) == 1
    cfg = strict_json(outs.pop())["config"]
    assert (cfg["x"], cfg["w"]) == ([1.0, 2.0], [0.5, -0.25])
    said = refused(capsys, "step", "--x", "1,a")
    assert said.endswith("argument --x: invalid float value: '1,a'")
    assert "argument --w:" in refused(capsys, "step", "--x", "1,2", "--w", "0.5,1e999")
    code, out, _ = run(capsys, "net", "--x", "0.05,0.1", "--y", "0.01", "0.99", "--format", "json")
    assert code == 0 and strict_json(out)["config"]["x"] == [0.05, 0.1]
