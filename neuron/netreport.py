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
from typing import NamedTuple

from .fmt import num, subscript, tex
from .net import fused
from .netstages import stages
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


def page_name(path: tuple, L: int) -> str:
    """The page's name for the value at a published number's ``path`` (the keys of
    :func:`neuron.network.step_dict`, as :func:`neuron.network.computed` reads them), so a
    reader can find a source's "w5+" on the graph: W2[1,1] ← (new)."""
    head, *at = path
    if head == "after":
        return "L after the update"
    if head == "da_dz":  # layers 1..L, from 0
        return f"σ′(z) of {_unit(at[0] + 1, at[1], L)[0]}"
    kind, *at = at
    if kind == "loss":
        return "L"
    if kind == "a":
        return f"a of {_unit(at[0], at[1], L)[0]}"
    if kind == "z":  # layers 1..L, from 0
        return f"z of {_unit(at[0] + 1, at[1], L)[0]}"
    if kind == "dL_da":
        return f"∂L/∂{_unit(at[0], at[1], L)[0]}"
    if kind == "dL_dW":
        return f"∂L/∂{_w(*at)[0]}"
    if kind == "W":
        return f"{_w(*at)[0]} ← (new)"
    raise ValueError(f"no name on the page for {path}")


class _NetAt(NamedTuple):
    """One iteration of a network, as the equations of a stage need it."""

    setup: NetSetup
    net: object
    fwd: object
    bwd: object
    upd: object
    a: list  # each layer's output, of the first sample
    z: list  # each layer's weighted sums
    L: int  # the number of layers of weights
    eta: float
    l: int  # the stage's layer, from 0


def stage_lines(setup: NetSetup, key: str, it=None) -> list[tuple[str, str]]:
    """The equations of one stage (a key of :func:`neuron.netstages.stages`) with the numbers
    put in, as (plain text, LaTeX) pairs. ``it`` is ``setup.step()`` if already computed."""
    net, fwd, bwd, upd = it or setup.step()
    kind, l = key.rstrip("0123456789"), int(key[-1]) - 1 if key[-1].isdigit() else 0
    if kind not in _STAGE_LINES:
        raise ValueError(f"no stage {key!r}")
    return _STAGE_LINES[kind](_NetAt(setup, net, fwd, bwd, upd, [v[0] for v in fwd.a],
                                     [v[0] for v in fwd.z], len(net.W), setup.lr, l))


def _start_lines(c: _NetAt) -> list[tuple[str, str]]:
    setup, a, L, eta = c.setup, c.a, c.L, c.eta
    out: list[tuple[str, str]] = []
    for i, v in enumerate(a[0]):
        nt, nx = _unit(0, i, L)
        out.append((f"{nt} = {num(v)}", f"{nx} = {tex(v)}"))
    for k, v in enumerate(setup.y):
        out.append((f"y{subscript(str(k + 1))} = {num(v)}", f"y_{{{k + 1}}} = {tex(v)}"))
    out.append((f"η = {num(eta)}", rf"\eta = {tex(eta)}"))
    return out


def _z_lines(c: _NetAt) -> list[tuple[str, str]]:
    net, a, z, L, l = c.net, c.a, c.z, c.L, c.l
    out: list[tuple[str, str]] = []
    for j in range(len(z[l])):
        nt, nx = _unit(l + 1, j, L)
        terms = [(float(net.W[l][j][i]), float(a[l][i])) for i in range(len(a[l]))]
        b = float(net.b[l][j])
        out.append((f"z({nt}) = " + " + ".join(f"{num(w)}·{_p(x)}" for w, x in terms)
                    + f" + {_p(b)} = {num(z[l][j])}",
                    rf"z_{{{nx}}} = " + " + ".join(rf"{tex(w)} \cdot {_tp(x)}"
                                                    for w, x in terms)
                    + rf" + {_tp(b)} = {tex(z[l][j])}"))
    return out


def _a_lines(c: _NetAt) -> list[tuple[str, str]]:
    net, a, z, L, l = c.net, c.a, c.z, c.L, c.l
    out: list[tuple[str, str]] = []
    act = net.acts[l]
    for j in range(len(z[l])):
        nt, nx = _unit(l + 1, j, L)
        out.append((f"{nt} = {act.symbol}({num(z[l][j])}) = {num(a[l + 1][j])}",
                    rf"{nx} = {act.symbol_latex}({tex(z[l][j])}) = {tex(a[l + 1][j])}"))
    return out


def _loss_lines(c: _NetAt) -> list[tuple[str, str]]:
    setup, fwd, a, L = c.setup, c.fwd, c.a, c.L
    out: list[tuple[str, str]] = []
    loss, y = setup.loss_fn, setup.y
    parts = [(loss.text_sub.replace("<yhat>", _p(a[L][k])).replace("<y>", _p(y[k])),
              loss.at(loss.sub, a[L][k], y[k])) for k in range(len(y))]
    out.append((f"L = {' + '.join(t for t, _ in parts)} = {num(fwd.loss)}",
                rf"L = {' + '.join(x for _, x in parts)} = {tex(fwd.loss)}"))
    return out


def _delta_lines(c: _NetAt) -> list[tuple[str, str]]:
    setup, net, bwd, z, L, l = c.setup, c.net, c.bwd, c.z, c.L, c.l
    out: list[tuple[str, str]] = []
    for j in range(len(z[l])):
        nt, nx = _unit(l + 1, j, L)
        g, d, s = bwd.dL_da[l + 1][0][j], bwd.da_dz[l][0][j], bwd.delta[l][0][j]
        if l == L - 1:
            out.append((f"∂L/∂{nt} = {num(g)}",
                        rf"\frac{{\partial L}}{{\partial {nx}}} = {tex(g)}"))
        else:  # a hidden unit: the sum over the weights it feeds
            nxt = range(len(z[l + 1]))
            out.append((
                f"∂L/∂{nt} = Σₖ δₖ·W{l + 2}[k,{j + 1}] = " + " + ".join(
                    f"{_p(bwd.delta[l + 1][0][k])}·{_p(net.W[l + 1][k][j])}" for k in nxt)
                + f" = {num(g)}",
                rf"\frac{{\partial L}}{{\partial {nx}}} = \sum_k \delta_k w^{{({l + 2})}}"
                rf"_{{k{j + 1}}} = " + " + ".join(
                    rf"{_tp(bwd.delta[l + 1][0][k])} \cdot {_tp(net.W[l + 1][k][j])}"
                    for k in nxt) + f" = {tex(g)}"))
        if l == L - 1 and fused(net.acts[l], setup.loss_fn):
            out.append((f"δ({nt}) = {nt} − y = {num(s)} (cross-entropy after a sigmoid: "
                        "the factors cancel)", rf"\delta_{{{nx}}} = {nx} - y = {tex(s)}"))
            continue
        out.append((
            f"δ({nt}) = ∂L/∂{nt} · {net.acts[l].symbol}′(z) = {_p(g)}·{_p(d)} = {num(s)}",
            rf"\delta_{{{nx}}} = \frac{{\partial L}}{{\partial {nx}}} \cdot "
            rf"{net.acts[l].symbol_latex}'(z) = {_tp(g)} \cdot {_tp(d)} = {tex(s)}"))
    return out


def _grad_lines(c: _NetAt) -> list[tuple[str, str]]:
    bwd, a, z, L, l = c.bwd, c.a, c.z, c.L, c.l
    out: list[tuple[str, str]] = []
    for j in range(len(z[l])):
        for i in range(len(a[l])):
            (wt, wx), (it_, ix) = _w(l, j, i), _unit(l, i, L)
            gw = bwd.dL_dW[l][j][i]
            out.append((f"∂L/∂{wt} = δ·{it_} = {_p(bwd.delta[l][0][j])}·{_p(a[l][i])} = "
                        f"{num(gw)}",
                        rf"\frac{{\partial L}}{{\partial {wx}}} = \delta \cdot {ix} = "
                        rf"{_tp(bwd.delta[l][0][j])} \cdot {_tp(a[l][i])} = {tex(gw)}"))
        bt, bx = f"b{l + 1}[{j + 1}]", f"b^{{({l + 1})}}_{{{j + 1}}}"
        gb = bwd.dL_db[l][j]
        out.append((f"∂L/∂{bt} = δ = {num(gb)}",
                    rf"\frac{{\partial L}}{{\partial {bx}}} = \delta = {tex(gb)}"))
    return out


def _update_lines(c: _NetAt) -> list[tuple[str, str]]:
    setup, net, bwd, upd = c.setup, c.net, c.bwd, c.upd
    a, z, L, eta = c.a, c.z, c.L, c.eta
    out: list[tuple[str, str]] = []
    for l in range(L):
        for j in range(len(z[l])):
            for i in range(len(a[l])):
                wt, wx = _w(l, j, i)
                gw, old, new = bwd.dL_dW[l][j][i], net.W[l][j][i], upd.net.W[l][j][i]
                out.append((f"{wt} ← {num(old)} − {num(eta)}·{_p(gw)} = {num(new)}",
                            rf"{wx} \leftarrow {tex(old)} - {tex(eta)} \cdot {_tp(gw)} = "
                            rf"{tex(new)}"))
            bt, bx = f"b{l + 1}[{j + 1}]", f"b^{{({l + 1})}}_{{{j + 1}}}"
            gb, old, new = bwd.dL_db[l][j], net.b[l][j], upd.net.b[l][j]
            out.append((f"{bt} ← {num(new)} (kept: biases are not updated)",
                        rf"{bx} = {tex(new)} \text{{ (kept)}}") if not setup.update_bias
                       else (f"{bt} ← {num(old)} − {num(eta)}·{_p(gb)} = {num(new)}",
                             rf"{bx} \leftarrow {tex(old)} - {tex(eta)} \cdot {_tp(gb)} = "
                             rf"{tex(new)}"))
    return out


_STAGE_LINES = {"start": _start_lines, "z": _z_lines, "a": _a_lines, "loss": _loss_lines,
                "delta": _delta_lines, "grad": _grad_lines, "update": _update_lines}


def _sections(setup: NetSetup) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, lines) of every stage after the start: the worked example."""
    it = setup.step()
    return [(s.title, stage_lines(setup, s.key, it)) for s in stages(len(setup.sizes) - 1)[1:]]


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
            title = (title.replace("δ", r"$\delta$").replace("∂L/∂a", r"$\partial L/\partial a$")
                     .replace("∂L/∂W", r"$\partial L/\partial W$")
                     .replace("∂L/∂b", r"$\partial L/\partial b$").replace("σ′", r"$\sigma'$")
                     .replace(" · ", r" $\cdot$ "))
            out += ["", rf"\subsection*{{{title}}}", r"\begin{gather*}",
                    " \\\\\n".join(x for _, x in lines), r"\end{gather*}"]
    return "\n".join(out) + "\n"
