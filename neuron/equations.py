r"""The document's equations with the numbers of one iteration put in, stage by stage.

``stage_equations(step, act, loss, stage)`` gives the LaTeX lines that stage adds, e.g. for
the weighted sum ``z = w_1 x_1 + w_2 x_2 + b = 0.2000 \cdot 0.5000 + ... = 0.3200``. The app
shows them with ``st.latex``; the Markdown and LaTeX exports are built from the same lines.
Every number is computed by :mod:`neuron.core`, then formatted with 4 decimals.
"""

from __future__ import annotations

import math

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


def stage_equations(step: Step, act: Activation, loss: Loss, stage: int, *, sample: int = 0,
                    hidden: frozenset[str] = frozenset()) -> list[str]:
    """LaTeX lines for one stage (0 = the inputs) of one sample of ``step``."""
    f, g, u = step.forward, step.backward, step.update
    x, w, b = f.X[sample], f.w, f.b
    z, yh, y = f.z[sample], f.y_hat[sample], f.y[sample]
    n = x.size

    def val(key: str, v: float) -> str:
        return HIDDEN if key in hidden else tex(v)

    key = STAGES[stage].key
    if key == "start":
        xs = ", ".join(tex(v) for v in x)
        ws = ", ".join(tex(v) for v in w)
        return [rf"\mathbf{{x}} = ({xs})", rf"\mathbf{{w}} = ({ws})",
                rf"b = {tex(b)},\quad y = {tex(y)},\quad \eta = {tex(u.lr)}"]
    if key == "z":
        terms = (" + ".join(f"w{_sub(i)} x{_sub(i)}" for i in range(n)) if n <= 3
                 else rf"w_{{1}} x_{{1}} + \dots + w{_sub(n - 1)} x{_sub(n - 1)}")
        nums = [f"{tex(w[i], paren=i > 0)} \\cdot {tex(x[i], paren=True)}" for i in range(n)]
        nums = _chunks(nums + [tex(b, paren=True)])
        nums[-1] += f" = {val('z', z)}"
        return [_eq("z", "=", rf"\sum_i w_i x_i + b = {terms} + b", *nums)]
    if key == "y_hat":
        return [act.latex, _eq(r"\hat{y}", "=", f"{act.symbol_latex}(z)",
                               f"{act.fn_at(z)} = {val('y_hat', yh)}")]
    if key == "loss":
        lhs, rhs = loss.latex.split(" = ", 1)
        if loss.name == "none":  # L = ŷ: nothing to put in but ŷ itself
            return [rf"{loss.latex} = {val('loss', f.losses[sample])}"
                    r"\quad\text{(no loss: the target is not used)}"]
        return [_eq(lhs, "=", rhs,
                    f"{loss.at(loss.sub, yh, y)} = {val('loss', f.losses[sample])}")]
    if key == "dL_dyhat":
        lhs, rhs = loss.der_latex.split(" = ", 1)
        return [_eq(lhs, "=", rhs,
                    f"{loss.at(loss.der_sub, yh, y)} = {val('dL_dyhat', g.dL_dyhat[sample])}")]
    if key == "dyhat_dz":
        return [act.der_latex,
                _eq(r"\frac{\partial \hat{y}}{\partial z}", "=", act.der_latex.split(" = ")[0],
                    f"{act.der_at(z, yh)} = {val('dyhat_dz', g.dyhat_dz[sample])}")]
    if key == "dz_dw":
        parts = [rf"\frac{{\partial z}}{{\partial w{_sub(i)}}} = x{_sub(i)} = "
                 rf"{val('dz_dw', x[i])}" for i in range(n)]
        return [_rows(parts), rf"\frac{{\partial z}}{{\partial b}} = {val('dz_db', 1.0)}"]
    if key == "chain":
        chain = r"\frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial z}"
        whole = math.isfinite(g.dL_dyhat[sample]) and math.isfinite(g.dyhat_dz[sample])
        if whole or not fused_dz(act, loss):
            lines = []
            factors = (rf"{tex(g.dL_dyhat[sample], paren=True)} \cdot "
                       rf"{tex(g.dyhat_dz[sample], paren=True)}")
        else:  # "overflow · 0" has no value: ∂L/∂z is computed in one piece (core.fused_dz)
            dz = g.dL_dz[sample]
            lines = [_eq(r"\frac{\partial L}{\partial z}", "=", rf"{chain} = \hat{{y}} - y",
                         rf"{tex(yh)} - {tex(y, paren=True)} = {tex(dz)}",
                         r"\quad \text{(}\partial L / \partial \hat{y}\text{ alone overflows; "
                         r"the product is exactly }\hat{y} - y\text{)}")]
            chain, factors = r"\frac{\partial L}{\partial z}", tex(dz, paren=True)
        lines += [_eq(rf"\frac{{\partial L}}{{\partial w{_sub(i)}}}", "=",
                      rf"{chain} \cdot \frac{{\partial z}}{{\partial w{_sub(i)}}}",
                      rf"{factors} \cdot {tex(x[i], paren=True)} = {val('dL_dw', g.dL_dw[i])}")
                  for i in range(n)]
        lines.append(_eq(r"\frac{\partial L}{\partial b}", "=",
                         rf"{chain} \cdot \frac{{\partial z}}{{\partial b}}",
                         rf"{factors} \cdot 1 = {val('dL_db', g.dL_db)}"))
        dz = tex(g.dL_dz[sample], paren=True)  # what a layer below would receive
        lines.append(_rows([rf"\frac{{\partial L}}{{\partial x{_sub(i)}}} = "
                            rf"\frac{{\partial L}}{{\partial z}} \cdot w{_sub(i)} = {dz} \cdot "
                            rf"{tex(w[i], paren=True)} = {val('dL_dx', g.dL_dx[sample][i])}"
                            for i in range(n)], 2))
        return lines
    # update
    eta = tex(u.lr)
    lines = [_eq(f"w{_sub(i)}", r"\leftarrow",
                 rf"w{_sub(i)} - \eta \frac{{\partial L}}{{\partial w{_sub(i)}}}",
                 rf"{tex(w[i])} - {eta} \cdot {tex(g.dL_dw[i], paren=True)} "
                 rf"= {val('w_new', u.w[i])}") for i in range(n)]
    if u.bias:
        lines.append(_eq("b", r"\leftarrow", r"b - \eta \frac{\partial L}{\partial b}",
                         rf"{tex(b)} - {eta} \cdot {tex(g.dL_db, paren=True)} "
                         rf"= {val('b_new', u.b)}"))
    else:
        lines.append(rf"b \leftarrow b = {val('b_new', u.b)}"
                     r"\quad\text{(the bias is not updated)}")
    return lines


def worked_example(step: Step, act: Activation, loss: Loss) -> list[tuple[str, list[str]]]:
    """Every stage's title and LaTeX lines: the whole iteration, as the document lays it out."""
    return [(s.title, stage_equations(step, act, loss, i)) for i, s in enumerate(STAGES)]
