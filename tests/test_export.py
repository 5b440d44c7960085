import csv
import io
import json

import numpy as np

from neuron.activations import SIGMOID
from neuron.core import neuron
from neuron.datasets import logic_gate
from neuron.export import history_columns, history_csv, history_rows
from neuron.losses import BCE
from neuron.train import Descent, train


def test_history_csv_round_trips_every_number():
    d = logic_gate("or")
    h = train(neuron([0.1, -0.2], 0.3, SIGMOID), d.X, d.y, BCE, Descent(0.7, 25))
    rows = list(csv.reader(io.StringIO(history_csv(h))))
    assert rows[0] == history_columns(h) == ["epoch", "w1", "w2", "b", "loss", "dL_dw1",
                                             "dL_dw2", "dL_db"]
    assert len(rows) == 1 + 26
    back = np.array(rows[1:], dtype=float)
    np.testing.assert_array_equal(back[:, 0], np.arange(26))
    np.testing.assert_array_equal(back[:, 1:3], h.w)
    np.testing.assert_array_equal(back[:, 4], h.loss)
    np.testing.assert_array_equal(back[:, 7], h.dL_db)
    assert history_rows(h, np.array([0, 25]))[1][0] == 25


# -- issue 17, item 9: which iteration and stage an export shows; a whole LaTeX document ----

import shutil  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402

from neuron.config import Config  # noqa: E402
from neuron.examples import EXAMPLES, LITERATURE, compare  # noqa: E402
from neuron.published import summary  # noqa: E402
from neuron.report import latex_document, render_step, render_view  # noqa: E402

EXAMPLE = Config(x=(0.5, 0.3), w=(0.2, 0.4), b=0.1, y=1.0, lr=0.1, activation="sigmoid",
                 loss="mse")


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_an_export_says_which_iteration_and_stage_it_shows(fmt):
    text = render_view(EXAMPLE, fmt, iteration=2, stage=5)
    head = text.splitlines()[:3]
    assert any("Iteration 2" in line and "stage 5 of 8" in line for line in head), head
    assert render_step(EXAMPLE, fmt) in text  # the worked example itself, unchanged


def test_the_cli_latex_is_still_the_same_fragment():
    frag = render_step(EXAMPLE, "latex")
    assert frag.startswith("% Backpropagation through one neuron") and "documentclass" not in frag


def test_the_complete_latex_document_holds_the_fragment_and_stands_alone():
    doc = latex_document(EXAMPLE, iteration=1, stage=8)
    assert doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
    assert r"\usepackage{amsmath}" in doc and "Iteration 1" in doc
    assert render_step(EXAMPLE, "latex") in doc


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex (Debian: "
                    "apt install texlive-latex-base texlive-latex-recommended)")
@pytest.mark.parametrize("cfg", [
    EXAMPLE,
    Config(x=(1.0, -2.0, 3.0, 0.5, -1.5), w=(0.1,) * 5, b=-0.3, y=-1.0, lr=0.05,
           activation="tanh", loss="mse"),
    Config(x=(2.0,), w=(0.5,), b=0.0, y=1.0, lr=0.5, activation="relu", loss="mse"),
    Config(x=(0.5, 0.3), w=(0.2, 0.4), b=0.1, y=1.0, lr=0.1, activation="sigmoid", loss="bce"),
])
def test_the_complete_latex_document_compiles(cfg, tmp_path):
    (tmp_path / "it.tex").write_text(latex_document(cfg, iteration=3, stage=4))
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "it.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "it.pdf").stat().st_size > 1000


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex")
@pytest.mark.parametrize("name", [e.name for e in LITERATURE])
def test_an_example_s_document_with_its_printed_numbers_compiles(name, tmp_path):
    ex = EXAMPLES[name]
    tex = latex_document(ex.config, iteration=1, stage=0, example=ex)
    assert r"\subsection*{Published vs computed}" in tex
    assert all(p.printed in tex for p in ex.published)
    (tmp_path / "ex.tex").write_text(tex)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "ex.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.parametrize("name", [e.name for e in LITERATURE])
def test_every_format_ends_with_the_comparison(name):
    ex = EXAMPLES[name]
    rows = compare(ex)
    md = render_step(ex.config, "markdown", ex)
    assert "## Published vs computed" in md
    for r in rows:
        assert f"| {r['label']} | {r['printed']} | {r['computed']} |" in md
    text = render_step(ex.config, "text", ex)
    assert summary(rows) in text and ex.source in text
    data = json.loads(render_step(ex.config, "json", ex))
    assert data["example"]["published"] == rows
    with pytest.raises(ValueError, match="not the example"):
        render_step(Config(b=0.5), "text", ex)
