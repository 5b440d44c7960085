"""One iteration written out as text, Markdown, LaTeX or JSON (``python -m neuron step``).

Text reads like the document's worked example, formulas with the numbers put in, 4 decimals.
Markdown and LaTeX are built from :func:`neuron.equations.worked_example`, the same lines the
app shows. JSON holds full-precision numbers, for other programs.
"""

from __future__ import annotations

import json
import math
from dataclasses import astuple
from typing import TYPE_CHECKING

from .config import Config
from .core import Step
from .equations import worked_example
from .fmt import fill, num
from .published import summary
from .stages import LAST, STAGES

if TYPE_CHECKING:
    from .examples import NeuronExample

FORMATS = ("text", "markdown", "latex", "json")


def step_dict(cfg: Config, step: Step) -> dict:
    """The iteration as plain Python data, full precision. ``config`` has ``update_bias``
    only when it is false (the keys of every earlier run stay as they were)."""
    f, g, u = step.forward, step.backward, step.update
    return {
        "config": {"x": list(cfg.x), "w": list(cfg.w), "b": cfg.b, "y": cfg.y, "lr": cfg.lr,
                   "activation": cfg.activation, "loss": cfg.loss}
        | ({} if cfg.update_bias else {"update_bias": False}),
        "forward": {"z": float(f.z[0]), "y_hat": float(f.y_hat[0]), "loss": f.loss},
        "backward": {"dL_dy_hat": float(g.dL_dyhat[0]), "dy_hat_dz": float(g.dyhat_dz[0]),
                     "dz_dw": g.dz_dw[0].tolist(), "dz_db": 1.0, "dL_dz": float(g.dL_dz[0]),
                     "dL_dw": g.dL_dw.tolist(), "dL_db": g.dL_db, "dL_dx": g.dL_dx[0].tolist()},
        "update": {"w": u.w.tolist(), "b": u.b},
    }


def json_safe(data):
    """``data`` with every number that is not finite (overflow, NaN) replaced by ``None``.

    JSON has no infinity or NaN: ``json.dumps`` would write ``Infinity``/``NaN``, which strict
    readers refuse, so such a value is written as ``null``.
    """
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


def _p(v: float) -> str:
    """A number after an operator: negative values in parentheses."""
    s = num(v)
    return f"({s})" if s.startswith("-") else s


def _text(cfg: Config, step: Step) -> str:
    act, loss = cfg.act, cfg.loss_fn
    f, g, u = step.forward, step.backward, step.update
    x, w, n = f.X[0], f.w, cfg.n
    z, yh, y, b = f.z[0], f.y_hat[0], f.y[0], f.b
    a, d = g.dL_dyhat[0], g.dyhat_dz[0]
    dsub = f" = {fill(act.der_text_sub, yhat=yh, z=z)}" if act.der_text_sub else ""
    vec = ", ".join
    out = [f"One iteration of backpropagation: {act.label} activation, {_loss_phrase(cfg)}", "",
           f"Inputs:        x = ({vec(num(v) for v in x)})",
           f"Weights:       w = ({vec(num(v) for v in w)})",
           f"Bias:          b = {num(b)}",
           f"Target:        y = {num(y)}" + (" (not used: no loss)" if cfg.loss == "none"
                                                   else ""),
           f"Learning rate: η = {num(u.lr)}", "", "1. Forward pass", ""]
    terms = " + ".join(f"w{i + 1}·x{i + 1}" for i in range(n))
    nums = " + ".join(f"{_p(w[i]) if i else num(w[i])}·{_p(x[i])}" for i in range(n))
    out += [f"   z = {terms} + b = {nums} + {_p(b)} = {num(z)}",
            f"   ŷ = {act.symbol}(z) = {act.symbol}({num(z)}) = {num(yh)}",
            "   " + _chain("L", loss.text, fill(loss.text_sub, yhat=yh, y=y), num(f.loss)), "",
            "2. Backward pass", "",
            "   " + _chain("∂L/∂ŷ", loss.der_text, fill(loss.der_text_sub, yhat=yh, y=y), num(a)),
            f"   ∂ŷ/∂z = {act.der_text}{dsub} = {num(d)}",
            "   " + ", ".join(f"∂z/∂w{i + 1} = x{i + 1} = {num(x[i])}" for i in range(n))
            + ", ∂z/∂b = 1", ""]
    for i in range(n):
        out.append(f"   ∂L/∂w{i + 1} = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w{i + 1} = {num(a)} · {_p(d)} · "
                   f"{_p(x[i])} = {num(g.dL_dw[i])}")
    out.append(f"   ∂L/∂b = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂b = {num(a)} · {_p(d)} · 1 = {num(g.dL_db)}")
    dz = g.dL_dz[0]
    out += [f"   ∂L/∂x{i + 1} = ∂L/∂z · w{i + 1} = {num(dz)} · {_p(w[i])} = {num(g.dL_dx[0][i])}"
            for i in range(n)]
    out += ["", "3. Update weights and bias", ""]
    for i in range(n):
        out.append(f"   w{i + 1} ← w{i + 1} − η·∂L/∂w{i + 1} = {num(w[i])} − {num(u.lr)}·"
                   f"{_p(g.dL_dw[i])} = {num(u.w[i])}")
    if cfg.update_bias:
        out.append(f"   b ← b − η·∂L/∂b = {num(b)} − {num(u.lr)}·{_p(g.dL_db)} = {num(u.b)}")
    else:
        out.append(f"   b ← b = {num(u.b)} (the bias is not updated)")
    return "\n".join(out) + "\n"


def _chain(*parts: str) -> str:
    """``a = b = c``, each step said once (L = ŷ = 0.7311, not L = ŷ = 0.7311 = 0.7311)."""
    kept = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
    if len(kept) > 2 and kept[-2].replace("(", "").replace(")", "") == kept[-1]:
        kept.pop(-2)
    return " = ".join(kept)


def _loss_phrase(cfg: Config) -> str:
    if cfg.loss == "none":
        return "no loss (the gradients of ŷ itself)"
    return f"{cfg.loss_fn.label.lower()} loss"


def _title(cfg: Config) -> str:
    return f"Backpropagation through one neuron: {cfg.act.label} activation, {_loss_phrase(cfg)}"


def _markdown(cfg: Config, step: Step) -> str:
    out = [f"# {_title(cfg)}", ""]
    for i, (title, lines) in enumerate(worked_example(step, cfg.act, cfg.loss_fn)):
        out += [f"## {i}. {title}", ""]
        for line in lines:
            out += ["$$", line, "$$", ""]
    return "\n".join(out)


def _latex(cfg: Config, step: Step) -> str:
    out = [f"% {_title(cfg)}", r"% Generated by Backprop Lab (python -m neuron step)"]
    for i, (title, lines) in enumerate(worked_example(step, cfg.act, cfg.loss_fn)):
        out += ["", rf"\subsection*{{{i}. {_latex_text(title)}}}", r"\begin{gather*}"]
        out.append(" \\\\\n".join(lines))
        out.append(r"\end{gather*}")
    return "\n".join(out) + "\n"


_UNICODE_TEX = {"ŷ": r"$\hat{y}$", "σ": r"$\sigma$", "∂": r"$\partial$", "ᵢ": r"$_i$",
                "η": r"$\eta$", "·": r"$\cdot$", "−": r"$-$", "√": r"$\surd$", "′": r"$'$",
                "½": r"$\frac{1}{2}$", "²": r"$^2$", "≈": r"$\approx$", "…": r"\dots{}",
                "→": r"$\to$", "×": r"$\times$"} | {
    chr(0x2080 + d): f"$_{d}$" for d in range(10)}  # ₀ … ₉
_TEX_SPECIAL = {c: "\\" + c for c in "#$%&_{}"} | {"\\": r"\textbackslash{}",
                                                   "~": r"\textasciitilde{}",
                                                   "^": r"\textasciicircum{}"}


def _latex_text(title: str) -> str:
    """Plain text (titles, labels, sources) as LaTeX that pdflatex compiles: TeX's special
    characters escaped, then the Unicode symbols the page uses written as math."""
    title = "".join(_TEX_SPECIAL.get(c, c) for c in title)
    for k, v in _UNICODE_TEX.items():
        title = title.replace(k, v)
    return title.replace("$$", "")


def render_step(cfg: Config, fmt: str = "text", example: NeuronExample | None = None) -> str:
    """The iteration of ``cfg`` (validated) in one of :data:`FORMATS`; with ``example``
    (whose setup ``cfg`` is), the numbers its source prints beside the computed ones."""
    cfg = cfg.validated()
    step = cfg.step()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if example is not None and astuple(example.config) != astuple(cfg):  # Reached too
        raise ValueError(f"the setup is not the example {example.name!r}")
    if fmt == "json":
        d = step_dict(cfg, step)
        if example is not None:
            d["example"] = example_dict(example)
        return json.dumps(json_safe(d), indent=2, allow_nan=False) + "\n"
    body = {"markdown": _markdown, "latex": _latex, "text": _text}[fmt](cfg, step)
    return body + (published_section(example, fmt) if example is not None else "")


def example_dict(example: NeuronExample) -> dict:
    """An example's source and its comparison, as plain data (``step --example``'s JSON)."""
    from .examples import compare  # examples imports this module's neighbours, not this
    return {"name": example.name, "title": example.title, "source": example.source,
            "link": example.link, "convention": example.convention,
            "published": compare(example)}


def published_section(example: NeuronExample, fmt: str) -> str:
    """The printed numbers beside the computed ones, as text, a Markdown table or LaTeX."""
    from .examples import compare
    rows = compare(example)
    if not rows:
        return ""
    mark = {"agrees": "agrees", "follows": "follows from an earlier slip", "slip": "slip"}

    def said(r: dict) -> str:  # a "follows" note says it: "follows from …" (published.row)
        if r["status"] == "follows":
            return r["note"]
        return mark[r["status"]] + (f": {r['note']}" if r["note"] else "")

    where = example.source + (f" ({example.link})" if example.link else "")
    if fmt == "text":
        width = max(len(r["label"]) for r in rows)
        out = ["", f"Published in {where}", f"{example.convention}", summary(rows), ""]
        out += [f"   {r['label']:<{width}}  printed {r['printed']:>9}  computed "
                f"{r['computed']:>9}  {said(r)}" for r in rows]
        return "\n".join(out) + "\n"
    if fmt == "markdown":
        out = ["", "## Published vs computed", "", f"{where}. {example.convention}", "",
               summary(rows), "", "| in the text | printed | computed | |", "|---|---:|---:|---|"]
        out += [f"| {r['label']} | {r['printed']} | {r['computed']} | {said(r)} |"
                for r in rows]
        return "\n".join(out) + "\n"
    out = ["", r"\subsection*{Published vs computed}", _latex_text(f"{where}. ")
           + _latex_text(summary(rows)), "", r"\begin{tabular}{lrrl}",
           r"in the text & printed & computed & \\ \hline"]
    out += [f"{_latex_text(r['label'])} & {r['printed']} & {r['computed']} & "
            f"{mark[r['status']]} \\\\" for r in rows]
    out.append(r"\end{tabular}")
    return "\n".join(out) + "\n"


# -- what the step view exports: the iteration and stage it shows, a whole LaTeX document ----

def where(iteration: int, stage: int) -> str:
    """Which iteration (counted from 1) and stage of it the step view showed."""
    if not 0 <= stage <= LAST:
        raise ValueError(f"stage must be between 0 and {LAST}, got {stage}")
    return f"Iteration {iteration}, stage {stage} of {LAST}: {STAGES[stage].title}"


def _where_note(iteration: int, stage: int) -> str:
    return (f"Exported at {where(iteration, stage)}; the worked example below is the whole "
            f"iteration {iteration}.")


def render_view(cfg: Config, fmt: str, iteration: int, stage: int,
                example: NeuronExample | None = None) -> str:
    """:func:`render_step` with a heading line that says which iteration and stage the step
    view showed when it was exported (Markdown or the LaTeX fragment)."""
    body = render_step(cfg, fmt, example)
    note = _where_note(iteration, stage)
    if fmt == "markdown":
        return f"*{note}*\n\n{body}"
    if fmt == "latex":
        return f"% {note}\n{body}"
    raise ValueError(f"format must be markdown or latex, not {fmt!r}")


def latex_document(cfg: Config, iteration: int, stage: int,
                   example: NeuronExample | None = None) -> str:
    """The LaTeX fragment of :func:`render_step` as a complete document that compiles as it
    is (``pdflatex``): article class, amsmath, a title and the iteration and stage."""
    cfg = cfg.validated()
    note = _latex_text(_where_note(iteration, stage))
    return "\n".join([
        r"\documentclass[11pt]{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{amsmath}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\begin{document}",
        rf"\section*{{{_latex_text(_title(cfg))}}}",
        rf"\noindent\emph{{{note}}}",
        "",
        render_step(cfg, "latex", example).rstrip("\n"),
        "",
        r"\end{document}",
        "",
    ])
