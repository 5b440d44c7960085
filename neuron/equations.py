r"""The document's equations with the numbers of one iteration put in, stage by stage.

``stage_equations(step, act, loss, stage)`` gives the LaTeX lines that stage adds, e.g. for
the weighted sum ``z = w_1 x_1 + w_2 x_2 + b = 0.2000 \cdot 0.5000 + ... = 0.3200``. The app
shows them with ``st.latex``; the Markdown and LaTeX exports are built from the same lines.
Every number is computed by :mod:`neuron.core`, then formatted with 4 decimals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .activations import Activation
from .core import Step, fused_dz
from .fmt import tex
from .losses import Loss
from .stages import STAGES

HIDDEN = r"\boxed{\;?\;}"  # what the quiz shows instead of a value the student must predict


def _sub(i: int) -> str:
    return f"_{{{i + 1}}}"


def _eq(lhs: str, rel: str, symbolic: str, *numeric: str) -> str:
    """``lhs rel symbolic`` on one line, then ``= numeric`` lines aligned under it.

    Two short lines fit a narrow column and a projector better than one long line.
    """
    rows = [rf"{lhs} &{rel} {symbolic}"]
    rows += [f"&{n}" if n.startswith(r"\quad") else f"&= {n}" for n in numeric]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _chunks(terms: list[str], per_line: int = 4) -> list[str]:
    """Long sums broken into lines of a few terms each."""
    lines = [" + ".join(terms[i: i + per_line]) for i in range(0, len(terms), per_line)]
    return [lines[0]] + [f"\\quad + {line}" for line in lines[1:]]


def _rows(items: list[str], per_line: int = 4) -> str:
    """Items separated by commas, a few per line, centred."""
    lines = [r",\quad ".join(items[i: i + per_line]) for i in range(0, len(items), per_line)]
    return lines[0] if len(lines) == 1 else r"\begin{gathered}" + r" \\ ".join(lines) \
        + r"\end{gathered}"


@dataclass(frozen=True)
class _At:
    """One sample of one iteration, as the equations of a stage need it."""

    step: Step
    act: Activation
    loss: Loss
    sample: int
    hidden: frozenset[str]

    def val(self, key: str, v: float) -> str:
        """The value, or a box to fill in when quiz mode hides ``key``."""
        return HIDDEN if key in self.hidden else tex(v)

    @property
    def x(self):
        return self.step.forward.X[self.sample]

    @property
    def n(self) -> int:
        return self.x.size


def stage_equations(step: Step, act: Activation, loss: Loss, stage: int, *, sample: int = 0,
                    hidden: frozenset[str] = frozenset()) -> list[str]:
    """LaTeX lines for one stage (0 = the inputs) of one sample of ``step``."""
    return _LINES[STAGES[stage].key](_At(step, act, loss, sample, frozenset(hidden)))


def _start(a: _At) -> list[str]:
    f, u = a.step.forward, a.step.update
    xs = ", ".join(tex(v) for v in a.x)
    ws = ", ".join(tex(v) for v in f.w)
    return [rf"\mathbf{{x}} = ({xs})", rf"\mathbf{{w}} = ({ws})",
            rf"b = {tex(f.b)},\quad y = {tex(f.y[a.sample])},\quad \eta = {tex(u.lr)}"]


def _z(a: _At) -> list[str]:
    f, x, n = a.step.forward, a.x, a.n
    w, b = f.w, f.b
    terms = (" + ".join(f"w{_sub(i)} x{_sub(i)}" for i in range(n)) if n <= 3
             else rf"w_{{1}} x_{{1}} + \dots + w{_sub(n - 1)} x{_sub(n - 1)}")
    nums = [f"{tex(w[i], paren=i > 0)} \\cdot {tex(x[i], paren=True)}" for i in range(n)]
    nums = _chunks(nums + [tex(b, paren=True)])
    nums[-1] += f" = {a.val('z', f.z[a.sample])}"
    return [_eq("z", "=", rf"\sum_i w_i x_i + b = {terms} + b", *nums)]


def _y_hat(a: _At) -> list[str]:
    f = a.step.forward
    z, yh = f.z[a.sample], f.y_hat[a.sample]
    return [a.act.latex, _eq(r"\hat{y}", "=", f"{a.act.symbol_latex}(z)",
                             f"{a.act.fn_at(z)} = {a.val('y_hat', yh)}")]


def _loss(a: _At) -> list[str]:
    f, loss = a.step.forward, a.loss
    lhs, rhs = loss.latex.split(" = ", 1)
    if loss.name == "none":  # L = ŷ: nothing to put in but ŷ itself
        return [rf"{loss.latex} = {a.val('loss', f.losses[a.sample])}"
                r"\quad\text{(no loss: the target is not used)}"]
    return [_eq(lhs, "=", rhs, f"{loss.at(loss.sub, f.y_hat[a.sample], f.y[a.sample])} = "
                               f"{a.val('loss', f.losses[a.sample])}")]


def _dL_dyhat(a: _At) -> list[str]:
    f, g, loss = a.step.forward, a.step.backward, a.loss
    lhs, rhs = loss.der_latex.split(" = ", 1)
    return [_eq(lhs, "=", rhs, f"{loss.at(loss.der_sub, f.y_hat[a.sample], f.y[a.sample])} = "
                               f"{a.val('dL_dyhat', g.dL_dyhat[a.sample])}")]


def _dyhat_dz(a: _At) -> list[str]:
    f, g, act = a.step.forward, a.step.backward, a.act
    return [act.der_latex,
            _eq(r"\frac{\partial \hat{y}}{\partial z}", "=", act.der_latex.split(" = ")[0],
                f"{act.der_at(f.z[a.sample], f.y_hat[a.sample])} = "
                f"{a.val('dyhat_dz', g.dyhat_dz[a.sample])}")]


def _dz_dw(a: _At) -> list[str]:
    parts = [rf"\frac{{\partial z}}{{\partial w{_sub(i)}}} = x{_sub(i)} = "
             rf"{a.val('dz_dw', a.x[i])}" for i in range(a.n)]
    return [_rows(parts), rf"\frac{{\partial z}}{{\partial b}} = {a.val('dz_db', 1.0)}"]


def _chain(a: _At) -> list[str]:
    f, g, s = a.step.forward, a.step.backward, a.sample
    chain = r"\frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial z}"
    whole = math.isfinite(g.dL_dyhat[s]) and math.isfinite(g.dyhat_dz[s])
    if whole or not fused_dz(a.act, a.loss):
        lines = []
        factors = rf"{tex(g.dL_dyhat[s], paren=True)} \cdot {tex(g.dyhat_dz[s], paren=True)}"
    else:  # "overflow · 0" has no value: ∂L/∂z is computed in one piece (core.fused_dz)
        dz = g.dL_dz[s]
        lines = [_eq(r"\frac{\partial L}{\partial z}", "=", rf"{chain} = \hat{{y}} - y",
                     rf"{tex(f.y_hat[s])} - {tex(f.y[s], paren=True)} = {tex(dz)}",
                     r"\quad \text{(}\partial L / \partial \hat{y}\text{ alone overflows; "
                     r"the product is exactly }\hat{y} - y\text{)}")]
        chain, factors = r"\frac{\partial L}{\partial z}", tex(dz, paren=True)
    lines += [_eq(rf"\frac{{\partial L}}{{\partial w{_sub(i)}}}", "=",
                  rf"{chain} \cdot \frac{{\partial z}}{{\partial w{_sub(i)}}}",
                  rf"{factors} \cdot {tex(a.x[i], paren=True)} = "
                  rf"{a.val('dL_dw', g.dL_dw[i])}") for i in range(a.n)]
    lines.append(_eq(r"\frac{\partial L}{\partial b}", "=",
                     rf"{chain} \cdot \frac{{\partial z}}{{\partial b}}",
                     rf"{factors} \cdot 1 = {a.val('dL_db', g.dL_db)}"))
    dz = tex(g.dL_dz[s], paren=True)  # what a layer below would receive
    lines.append(_rows([rf"\frac{{\partial L}}{{\partial x{_sub(i)}}} = "
                        rf"\frac{{\partial L}}{{\partial z}} \cdot w{_sub(i)} = {dz} \cdot "
                        rf"{tex(f.w[i], paren=True)} = {a.val('dL_dx', g.dL_dx[s][i])}"
                        for i in range(a.n)], 2))
    return lines


def _update(a: _At) -> list[str]:
    f, g, u = a.step.forward, a.step.backward, a.step.update
    eta = tex(u.lr)
    lines = [_eq(f"w{_sub(i)}", r"\leftarrow",
                 rf"w{_sub(i)} - \eta \frac{{\partial L}}{{\partial w{_sub(i)}}}",
                 rf"{tex(f.w[i])} - {eta} \cdot {tex(g.dL_dw[i], paren=True)} "
                 rf"= {a.val('w_new', u.w[i])}") for i in range(a.n)]
    if u.bias:
        lines.append(_eq("b", r"\leftarrow", r"b - \eta \frac{\partial L}{\partial b}",
                         rf"{tex(f.b)} - {eta} \cdot {tex(g.dL_db, paren=True)} "
                         rf"= {a.val('b_new', u.b)}"))
    else:
        lines.append(rf"b \leftarrow b = {a.val('b_new', u.b)}"
                     r"\quad\text{(the bias is not updated)}")
    return lines


_LINES = {"start": _start, "z": _z, "y_hat": _y_hat, "loss": _loss, "dL_dyhat": _dL_dyhat,
          "dyhat_dz": _dyhat_dz, "dz_dw": _dz_dw, "chain": _chain, "update": _update}


def worked_example(step: Step, act: Activation, loss: Loss) -> list[tuple[str, list[str]]]:
    """Every stage's title and LaTeX lines: the whole iteration, as the document lays it out."""
    return [(s.title, stage_equations(step, act, loss, i)) for i, s in enumerate(STAGES)]
