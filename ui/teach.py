"""Teaching tools of the step view: predict-then-reveal, gradient check, export and share."""

from __future__ import annotations

import math
from urllib.parse import urlencode

import streamlit as st

from neuron import quiz
from neuron.config import Reached
from neuron.core import Step
from neuron.equations import stage_equations
from neuron.fmt import num, subscript
from neuron.gradcheck import THRESHOLD, gradient_check
from neuron.report import latex_document, render_view, where
from neuron.urlstate import setup_json

from . import state
from .common import plain, table

# --- predict, then reveal ------------------------------------------------------------------

def hidden(step: Step) -> frozenset[str]:
    """What the graph and the equations must not show yet (quiz mode, not yet answered)."""
    q = state.unanswered(step)
    return q.hides if q is not None else frozenset()


def score() -> tuple[int, int]:
    """(right, asked) over the session's answered questions."""
    return state.quiz_score()


def quiz_panel(step: Step, act, loss) -> bool:
    """The question for this stage; True while the answer is still hidden."""
    q = quiz.question(step, state.stage())
    if q is None:
        return False
    if not q.asked:  # not finite: no answer could be right (neuron/quiz.py)
        st.info(f"{q.why_not_asked} Step or Play goes on to the next value.",
                icon=":material/info:")
        return False
    entry = state.quiz_entry()
    right, asked = score()
    if entry.get("done"):
        if entry["right"]:
            st.success(f"Right: {q.symbol} = {num(q.value)}", icon=":material/check_circle:")
        else:
            st.info(f"Revealed: {q.symbol} = {num(q.value)}")
        st.caption(f"Score this session: {right} of {asked}")
        return False
    empty = state.take_quiz_empty()
    slot = state.quiz_slot()
    # One row across the page (a narrow column beside an empty one left 60 % of it bare).
    with st.form(f"quiz_{slot}", border=True):
        row = st.container(horizontal=True, vertical_alignment="bottom")
        row.markdown(f"**Predict {q.symbol}.** Work it out from the values on the graph, "
                     "then check.", width=330)
        row.number_input(f"Your value of {q.symbol}", value=None, format="%.4f",
                         key=f"quiz_answer_{slot}", placeholder="e.g. 0.1234", width=200)
        row.form_submit_button("Check", type="primary", on_click=state.quiz_check,
                               args=(q.value, q.before))
        row.form_submit_button("Reveal", on_click=state.quiz_reveal)
        if empty:
            st.warning("Type a number first, then press Check.", icon=":material/edit:")
    nearer = " and within half the update" if q.before is not None else ""
    st.caption(f"Counted right within 1 % of the computed value (at least ±0.001){nearer}. "
               f"Score this session: {right} of {asked}.")
    if entry.get("tries"):
        st.error(f"Not quite ({num(entry['last'])}). Hint: the formula with the numbers put "
                 "in; one more try before the answer is revealed.")
        with st.container(key="hint"):  # a narrow column: set a little smaller (style.py)
            for line in stage_equations(step, act, loss, state.stage(), hidden=q.hides):
                st.latex(line)
    return True


# --- gradient check ------------------------------------------------------------------------

def gradcheck_panel(step: Step) -> None:
    """The gradient check of the step on screen (its own backward pass)."""
    st.caption("Each gradient of the backward pass beside the central finite difference "
               "(L(θ + h) − L(θ − h)) / 2h of the same loss. They agree when the relative "
               f"error is below {THRESHOLD:g} (or the difference is below the rounding noise "
               "of the finite difference itself).")
    h = st.select_slider("Step h", [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8], value=1e-5,
                         format_func=lambda v: f"{v:g}", key="gc_h")
    gc = gradient_check(step, h=h)
    rows = [{"parameter": subscript(name), "backprop gradient": num(a),
             "finite difference": num(nu),
             "relative error": f"{r:.2e}", "verdict": "✓ agrees" if ok else "✗ differs"}
            for name, a, nu, r, ok in zip(gc.names, gc.analytic, gc.numeric, gc.rel_error,
                                          gc.ok, strict=True)]
    table(rows)
    if not all(math.isfinite(v) for v in (*gc.analytic, *gc.numeric)):
        st.info("Some gradients are not finite numbers here (overflow or undefined: the "
                "descent has diverged), so there is nothing to compare; this is not a bug.")
    elif gc.passed:
        st.success(f"All {len(gc.names)} gradients agree with the finite differences.")
    else:
        st.error("Some gradients differ from the finite differences. Near a kink (ReLU at "
                 "z = 0) or with a large h that is expected; otherwise it would be a bug.")


# --- export and share ----------------------------------------------------------------------

def export_panel(cfg: Reached) -> None:
    """Downloads of this iteration and of the setup; the link that reopens this view."""
    params = state.share_params()
    base = (st.context.url or "").split("?")[0].rstrip("/") + "/"
    st.markdown("**Share link** (the copy button is at its right); it opens exactly this "
                "setup, iteration and stage:")
    st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
    if cfg.beyond_typing():
        st.info("This iteration's w and b are beyond what can be typed (see the note above "
                "the graph). The worked examples write them out as computed; the "
                "setup file and the link carry the typed setup and this iteration, not these "
                "weights, so they reopen this view by computing it again.",
                icon=":material/info:")
    it, stage = state.iteration() + 1, state.stage()
    ex = state.published_example() if it == 1 else None  # its numbers are iteration 1's
    st.markdown(f"**Worked examples** of the whole iteration {it}; their first line says "
                f"where you are: {where(it, stage)}."
                + (f" They end with the numbers printed in *{ex.title}*, beside the computed "
                   "ones." if ex else ""))
    # One row that wraps, each button as wide as its label (four columns cut them at 1280 px)
    row = st.container(horizontal=True)
    # Written when clicked (callables), not at every Step while this tab is open.
    row.download_button("Worked example (Markdown)",
                       lambda: render_view(cfg, "markdown", it, stage, ex),
                       f"backprop-iteration-{it}.md", "text/markdown",
                       icon=":material/download:", width="content")
    row.download_button("LaTeX document (compiles as it is)",
                       lambda: latex_document(cfg, it, stage, ex),
                       f"backprop-iteration-{it}.tex", "application/x-tex",
                       icon=":material/download:",
                       help="A complete document: run pdflatex on it.", width="content")
    row.download_button("LaTeX fragment (to \\input)",
                       lambda: render_view(cfg, "latex", it, stage, ex),
                       f"backprop-iteration-{it}-fragment.tex", "application/x-tex",
                       icon=":material/download:",
                       help="No preamble: for a document of your own (needs amsmath).",
                       width="content")
    row.download_button("Setup (JSON)", setup_json(state.setup(), state.view()),
                       "backprop-setup.json",
                       "application/json", icon=":material/download:", width="content")
    st.file_uploader("Restore a setup (JSON saved here)", type=["json"], key="setup_upload",
                     on_change=state.restore_setup)
    if err := state.setup_error():
        st.warning(plain(err))
