"""The sidebar: a preset, the number of inputs, each xᵢ and wᵢ, b, y, η, activation, loss.

Every change is validated as a whole :class:`Config`; a problem is shown next to the field
that caused it and the last good configuration stays in use, so nothing is lost.
"""

from __future__ import annotations

import streamlit as st

from neuron.activations import ACTIVATIONS, out_of_range
from neuron.config import BY_NAME as F
from neuron.config import N_MAX, N_MIN
from neuron.examples import BY_TITLE, CUSTOM, PRESETS
from neuron.fmt import subscript
from neuron.losses import LOSSES
from neuron.urlstate import View

from . import state

# No min/max on the fields: a value beyond ±VALUE_MAX gets Config's message next to the
# field instead of a silent clamp. value=None: a field the browser sends empty (cleared, or
# holding 1e400, which it cannot store) arrives as None, not as a silent 0 (see emptied).
# %g keeps small values readable (3e-05, where %.4f showed 0.0000), as the η field does.
NUM = dict(step=0.1, format="%g", value=None)


def emptied(label: str, value: float) -> str:
    """What to say when a number field arrives empty. The browser's number field holds no
    value when it is cleared, or when its text is a number it cannot store as a float64
    (1e400, -1e400); Streamlit then sends no value, which used to become 0 unsaid."""
    return (f"{label}: the field was left empty, or held a number the browser cannot store "
            f"(beyond ±1.8·10³⁰⁸, such as 1e400); {label} stays {value:g}.")


def _emptied() -> tuple[str, str] | None:
    """(error group, message) for the first field that arrived empty, or None."""
    cfg = state.setup()
    fields = {"in_n": ("n", "n", cfg.n)}
    fields |= {f"in_x{i}": ("x", f"x{_sub(i)}", v) for i, v in enumerate(cfg.x)}
    fields |= {f"in_w{i}": ("w", f"w{_sub(i)}", v) for i, v in enumerate(cfg.w)}
    fields |= {"in_b": ("b", "b", cfg.b), "in_y": ("y", "y", cfg.y), "in_lr": ("η", "η", cfg.lr)}
    if (key := state.empty_field(fields)) is None:
        return None
    group, label, value = fields[key]
    return group, emptied(label, value)


def on_input() -> None:
    """A field changed: adopt the new configuration if it is valid, else explain why not."""
    if (empty := _emptied()) is not None:
        state.refuse_input(*empty)  # the value in use goes back into the field, and why
        return
    try:
        cfg = state.typed_setup().validated()
    except ValueError as e:  # the fields show the setup still in use, and why
        state.refuse_input(getattr(e, "field", "loss"), str(e))
        return
    # A new setup restarts at iteration 0 but stays on the stage on screen, so the student
    # sees at once what the change does to the number being discussed.
    state.start(cfg, View(0, state.stage()))


def on_preset() -> None:
    if (name := state.chosen_example()) in PRESETS:
        state.start(PRESETS[name])
    else:  # "Custom setup" loads nothing: the box goes on naming the setup in use
        state.name_example()


def on_n() -> None:
    n, cfg = state.chosen_n(), state.setup()
    if n is None:
        on_input()  # says so and puts n back
        return
    if not N_MIN <= n <= N_MAX:  # no min/max on the field: it would keep 9 unsaid
        state.refuse_input("n", f"n: the neuron takes {N_MIN} to {N_MAX} inputs, not {n}; "
                                f"n stays {cfg.n}.")
        return
    state.grow_inputs(n)  # the inputs had before, as they were
    on_input()


def _error(field: str) -> None:
    if msg := state.input_error(field):
        st.error(msg, icon=":material/warning:")


def sidebar() -> None:
    """Draw the inputs; their values reach the app through the setup (``state.setup``)."""
    state.sidebar_start()
    cfg = state.setup()
    with st.sidebar:
        st.header("Setup")
        st.caption("Where iteration 1 starts. Each later iteration starts from the weights "
                   "the previous update produced: the graph and the equations show those.")
        st.selectbox("Example", [*PRESETS, CUSTOM], key="in_preset", on_change=on_preset,
                     help="Worked examples from the literature, each in its own convention, "
                          "then setups of this app's own. Once a field is changed the setup "
                          f"is no longer the example, and this says {CUSTOM!r}.")
        if (ex := BY_TITLE.get(state.chosen_example())) and ex.source:
            link = f" [{_host(ex.link)}]({ex.link})" if ex.link else ""
            st.caption(f"**Source:** {ex.source}.{link} {ex.convention} Its printed numbers "
                       "are beside the computed ones under the graph (*Published vs "
                       "computed*).")
        # No min/max on n and η either: the field would keep a refused 9 or 150 on show
        # while the app went on with the old value; the message says why instead.
        st.number_input("Number of inputs n", value=None, step=1, key="in_n", on_change=on_n)
        _error("n")
        cx, cw = st.columns(2)
        for i in range(int(state.chosen_n())):
            cx.number_input(f"x{_sub(i)}", key=f"in_x{i}", on_change=on_input,
                            help=F["x"].help if i == 0 else None, **NUM)
            cw.number_input(f"w{_sub(i)}", key=f"in_w{i}", on_change=on_input,
                            help=F["w"].help if i == 0 else None, **NUM)
        _error("x")
        _error("w")
        cb, cy = st.columns(2)
        cb.number_input(F["b"].label, key="in_b", on_change=on_input, help=F["b"].help, **NUM)
        cy.number_input(F["y"].label, key="in_y", on_change=on_input, **NUM,
                        help="Not used with the loss 'none'." if cfg.loss == "none"
                        else F["y"].help)
        _error("b")
        _error("y")
        if text := out_of_range(cfg.act, cfg.y):  # the same check as the training page's
            st.warning(text)
        st.number_input(F["lr"].label, value=None, step=0.01, format="%g", key="in_lr",
                        on_change=on_input, help=F["lr"].help)
        _error("η")
        if cfg.lr == 0:
            st.info("η = 0: the update leaves w and b exactly where they are.")
        st.selectbox(F["activation"].label, F["activation"].choices, key="in_act",
                     on_change=on_input, format_func=lambda k: ACTIVATIONS[k].label)
        st.selectbox(F["loss"].label, F["loss"].choices, key="in_loss", on_change=on_input,
                     format_func=lambda k: LOSSES[k].label)
        _error("loss")
        st.caption(LOSSES[cfg.loss].why)
        st.toggle(F["update_bias"].label, key="in_bias", on_change=on_input,
                  help=F["update_bias"].help)


def _host(url: str) -> str:
    """The site of a link, for its text: cs231n.github.io."""
    return url.split("//", 1)[-1].split("/", 1)[0]


def _sub(i: int) -> str:
    return subscript(str(i + 1))
