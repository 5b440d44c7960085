"""One iteration of a network written out: text, Markdown, LaTeX or JSON (``python -m neuron net``).

Laid out as Matt Mazur's worked example: the forward pass unit by unit, the loss, then each
layer's δ from the output down (a hidden unit's ∂L/∂h as the sum over the weights it feeds,
every term with its number), each weight's gradient δⱼ·aᵢ, and the update of every weight from
the gradients of the old weights. Each line is kept once, as (plain text, LaTeX).

Names: layer l's unit j is ``h⁽ˡ⁾ⱼ`` (the inputs ``xᵢ``, the outputs ``oⱼ``), and ``W1[j,i]``
(LaTeX ``w^{(1)}_{ji}``) is the weight from unit i of layer 0 to unit j of layer 1, counted
from 1, as ``W[0][j-1][i-1]`` of the JSON.
"""

from __future__ import annotations

import json

from .fmt import num, subscript, tex
from .network import NetSetup, step_dict
from .report import json_safe

FORMATS = ("text", "markdown", "latex", "json")


def _p(v: float) -> str:
    s = num(v)
    return f"({s})" if s.startswith("-") else s


def _tp(v: float) -> str:
    return tex(v, paren=True)


def _unit(l: int, j: int, L: int) -> tuple[str, str]:
    """(text, LaTeX) name of unit j (from 0) of layer l."""
    if l == 0:
        return f"x{subscript(str(j + 1))}", f"x_{{{j + 1}}}"
    if l == L:
        return f"o{subscript(str(j + 1))}", f"o_{{{j + 1}}}"
    return f"h{l}{subscript(str(j + 1))}", f"h^{{({l})}}_{{{j + 1}}}"


def _w(l: int, j: int, i: int) -> tuple[str, str]:
    return f"W{l + 1}[{j + 1},{i + 1}]", f"w^{{({l + 1})}}_{{{j + 1}{i + 1}}}"


def _sections(setup: NetSetup) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(text, latex), ...]) for each part of the iteration."""
    net, fwd, bwd, upd = setup.step()
    L, loss, eta = len(net.W), setup.loss_fn, setup.lr
    a = [v[0] for v in fwd.a]
    z = [v[0] for v in fwd.z]
    forward = []
    for l in range(L):
        act = net.acts[l]
        for j in range(len(z[l])):
            nt, nx = _unit(l + 1, j, L)
            terms = [(_w(l, j, i), _unit(l, i, L), float(net.W[l][j][i]), float(a[l][i]))
                     for i in range(len(a[l]))]
            b = float(net.b[l][j])
            forward.append((
                f"z({nt}) = " + " + ".join(f"{num(w)}·{_p(x)}" for _, _, w, x in terms)
                + f" + {_p(b)} = {num(z[l][j])};  {nt} = {act.symbol}({num(z[l][j])}) = "
                  f"{num(a[l + 1][j])}",
                rf"z_{{{nx}}} = " + " + ".join(rf"{tex(w)} \cdot {_tp(x)}" for *_, w, x in terms)
                + rf" + {_tp(b)} = {tex(z[l][j])}, \quad {nx} = {act.symbol_latex}"
                  rf"({tex(z[l][j])}) = {tex(a[l + 1][j])}"))
    y = setup.y
    parts = [(loss.text_sub.replace("<yhat>", _p(a[L][k])).replace("<y>", _p(y[k])),
              loss.at(loss.sub, a[L][k], y[k])) for k in range(len(y))]
    forward.append((f"L = {' + '.join(t for t, _ in parts)} = {num(fwd.loss)}",
                    rf"L = {' + '.join(x for _, x in parts)} = {tex(fwd.loss)}"))
    backward = []
    for l in range(L - 1, -1, -1):
        for j in range(len(z[l])):
            nt, nx = _unit(l + 1, j, L)
            g, d, s = bwd.dL_da[l + 1][0][j], bwd.da_dz[l][0][j], bwd.delta[l][0][j]
            if l < L - 1:  # a hidden unit: the sum over the weights it feeds
                nxt = range(len(z[l + 1]))
                backward.append((
                    f"∂L/∂{nt} = Σₖ δₖ·W{l + 2}[k,{j + 1}] = " + " + ".join(
                        f"{_p(bwd.delta[l + 1][0][k])}·{_p(net.W[l + 1][k][j])}" for k in nxt)
                    + f" = {num(g)}",
                    rf"\frac{{\partial L}}{{\partial {nx}}} = \sum_k \delta_k w^{{({l + 2})}}"
                    rf"_{{k{j + 1}}} = " + " + ".join(
                        rf"{_tp(bwd.delta[l + 1][0][k])} \cdot {_tp(net.W[l + 1][k][j])}"
                        for k in nxt) + f" = {tex(g)}"))
            backward.append((
                f"δ({nt}) = ∂L/∂{nt} · {net.acts[l].symbol}′(z) = {_p(g)}·{_p(d)} = {num(s)}",
                rf"\delta_{{{nx}}} = \frac{{\partial L}}{{\partial {nx}}} \cdot "
                rf"{net.acts[l].symbol_latex}'(z) = {_tp(g)} \cdot {_tp(d)} = {tex(s)}"))
    grads, update = [], []
    for l in range(L):
        for j in range(len(z[l])):
            for i in range(len(a[l])):
                (wt, wx), (_, ix) = _w(l, j, i), _unit(l, i, L)
                gw, old, new = bwd.dL_dW[l][j][i], net.W[l][j][i], upd.net.W[l][j][i]
                grads.append((f"∂L/∂{wt} = δ·{_unit(l, i, L)[0]} = "
                              f"{_p(bwd.delta[l][0][j])}·{_p(a[l][i])} = {num(gw)}",
                              rf"\frac{{\partial L}}{{\partial {wx}}} = \delta \cdot {ix} = "
                              rf"{_tp(bwd.delta[l][0][j])} \cdot {_tp(a[l][i])} = {tex(gw)}"))
                update.append((f"{wt} ← {num(old)} − {num(eta)}·{_p(gw)} = {num(new)}",
                               rf"{wx} \leftarrow {tex(old)} - {tex(eta)} \cdot {_tp(gw)} = "
                               rf"{tex(new)}"))
            gb, old, new = bwd.dL_db[l][j], net.b[l][j], upd.net.b[l][j]
            bt, bx = f"b{l + 1}[{j + 1}]", f"b^{{({l + 1})}}_{{{j + 1}}}"
            grads.append((f"∂L/∂{bt} = δ = {num(gb)}",
                           rf"\frac{{\partial L}}{{\partial {bx}}} = \delta = {tex(gb)}"))
            update.append((f"{bt} ← {num(new)} (kept: biases are not updated)",
                           rf"{bx} = {tex(new)} \text{{ (kept)}}") if not setup.update_bias else (
                f"{bt} ← {num(old)} − {num(eta)}·{_p(gb)} = {num(new)}",
                rf"{bx} \leftarrow {tex(old)} - {tex(eta)} \cdot {_tp(gb)} = {tex(new)}"))
    return [("Forward pass", forward), ("Backward pass: δ = ∂L/∂z, output layer first", backward),
            ("Gradients of every weight and bias", grads),
            ("Update (every parameter with the gradients of the old weights)", update)]


def _heading(setup: NetSetup) -> str:
    acts = ", ".join(setup.acts)
    return (f"Backpropagation through a {'-'.join(map(str, setup.sizes))} network ({acts}; "
            f"loss {setup.loss_fn.text} summed over the outputs; η = {setup.lr:g}"
            + ("" if setup.update_bias else "; biases not updated") + ")")


def render_net(setup: NetSetup, fmt: str = "text") -> str:
    """One iteration of ``setup`` (validated here) in one of :data:`FORMATS`."""
    setup = setup.validated()
    if fmt == "json":
        return json.dumps(json_safe(step_dict(setup)), indent=2, allow_nan=False) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    sections, head = _sections(setup), _heading(setup)
    if fmt == "text":
        out = [head]
        for title, lines in sections:
            out += ["", title] + [f"   {t}" for t, _ in lines]
    elif fmt == "markdown":
        out = [f"# {head}"]
        for title, lines in sections:
            out += ["", f"## {title}", ""] + [f"$$\n{x}\n$$\n" for _, x in lines]
    else:
        out = [f"% {head}", "% Generated by Backprop Lab (python -m neuron net)"]
        for title, lines in sections:
            title = title.replace("δ", r"$\delta$").replace("∂L/∂z", r"$\partial L/\partial z$")
            out += ["", rf"\subsection*{{{title}}}", r"\begin{gather*}",
                    " \\\\\n".join(x for _, x in lines), r"\end{gather*}"]
    return "\n".join(out) + "\n"
