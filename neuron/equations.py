r"""The document's equations with the numbers of one iteration put in, stage by stage.

``stage_equations(step, act, loss, stage)`` gives the LaTeX lines that stage adds, e.g. for
the weighted sum ``z = w_1 x_1 + w_2 x_2 + b = 0.2000 \cdot 0.5000 + ... = 0.3200``. The app
shows them with ``st.latex``; the Markdown and LaTeX exports are built from the same lines.
Every number is computed by :mod:`neuron.core`, then formatted with 4 decimals.
"""

from __future__ import annotations

from .activations import Activation
from .core import Step
from .fmt import tex
from .losses import Loss
from .stages import STAGES

HIDDEN = r"\boxed{\;?\;}"  # what the quiz shows instead of a value the student must predict


def _sub(i: int) -> str:
    return f"_{{{i + 1}}}"


def stage_equations(st: Step, act: Activation, loss: Loss, stage: int, *, sample: int = 0,
                    hidden: frozenset[str] = frozenset()) -> list[str]:
    """LaTeX lines for one stage (0 = the inputs) of one sample of ``st``."""
    f, g, u = st.forward, st.backward, st.update
    x, w, b = f.X[sample], f.w, f.b
    z, yh, y = f.z[sample], f.y_hat[sample], f.y[sample]
    n = x.size

    def val(key: str, v: float) -> str:
        return HIDDEN if key in hidden else tex(v)

    key = STAGES[stage].key
    if key == "start":
        xs = ", ".join(tex(v) for v in x)
        ws = ", ".join(tex(v) for v in w)
        return [rf"\mathbf{{x}} = ({xs}),\quad \mathbf{{w}} = ({ws}),\quad b = {tex(b)},\quad "
                rf"y = {tex(y)},\quad \eta = {tex(u.lr)}"]
    if key == "z":
        terms = " + ".join(f"w{_sub(i)} x{_sub(i)}" for i in range(n))
        nums = " + ".join(f"{tex(w[i])} \\cdot {tex(x[i], paren=True)}" for i in range(n))
        return [rf"z = \sum_i w_i x_i + b = {terms} + b = {nums} + {tex(b, paren=True)} "
                rf"= {val('z', z)}"]
    if key == "y_hat":
        return [act.latex,
                rf"\hat{{y}} = {act.symbol_latex}(z) = {act.fn_at(z)} = {val('y_hat', yh)}"]
    if key == "loss":
        return [rf"{loss.latex} = {loss.at(loss.sub, yh, y)} = {val('loss', f.losses[sample])}"]
    if key == "dL_dyhat":
        return [rf"{loss.der_latex} = {loss.at(loss.der_sub, yh, y)} "
                rf"= {val('dL_dyhat', g.dL_dyhat[sample])}"]
    if key == "dyhat_dz":
        return [act.der_latex,
                rf"\frac{{\partial \hat{{y}}}}{{\partial z}} = {act.der_at(z, yh)} "
                rf"= {val('dyhat_dz', g.dyhat_dz[sample])}"]
    if key == "dz_dw":
        parts = [rf"\frac{{\partial z}}{{\partial w{_sub(i)}}} = x{_sub(i)} = "
                 rf"{val('dz_dw', x[i])}" for i in range(n)]
        return [r",\quad ".join(parts) + rf",\quad \frac{{\partial z}}{{\partial b}} = "
                rf"{val('dz_db', 1.0)}"]
    if key == "chain":
        a, d = tex(g.dL_dyhat[sample], paren=True), tex(g.dyhat_dz[sample], paren=True)
        lines = [rf"\frac{{\partial L}}{{\partial w{_sub(i)}}} = \frac{{\partial L}}"
                 rf"{{\partial \hat{{y}}}} \cdot \frac{{\partial \hat{{y}}}}{{\partial z}} "
                 rf"\cdot \frac{{\partial z}}{{\partial w{_sub(i)}}} = {a} \cdot {d} \cdot "
                 rf"{tex(x[i], paren=True)} = {val('dL_dw', g.dL_dw[i])}" for i in range(n)]
        lines.append(rf"\frac{{\partial L}}{{\partial b}} = \frac{{\partial L}}"
                     rf"{{\partial \hat{{y}}}} \cdot \frac{{\partial \hat{{y}}}}{{\partial z}} "
                     rf"\cdot \frac{{\partial z}}{{\partial b}} = {a} \cdot {d} \cdot 1 "
                     rf"= {val('dL_db', g.dL_db)}")
        return lines
    # update
    eta = tex(u.lr)
    lines = [rf"w{_sub(i)} \leftarrow w{_sub(i)} - \eta \frac{{\partial L}}{{\partial w{_sub(i)}}}"
             rf" = {tex(w[i])} - {eta} \cdot {tex(g.dL_dw[i], paren=True)} "
             rf"= {val('w_new', u.w[i])}" for i in range(n)]
    lines.append(rf"b \leftarrow b - \eta \frac{{\partial L}}{{\partial b}} = {tex(b)} - {eta} "
                 rf"\cdot {tex(g.dL_db, paren=True)} = {val('b_new', u.b)}")
    return lines


def worked_example(st: Step, act: Activation, loss: Loss) -> list[tuple[str, list[str]]]:
    """Every stage's title and LaTeX lines: the whole iteration, as the document lays it out."""
    return [(s.title, stage_equations(st, act, loss, i)) for i, s in enumerate(STAGES)]
