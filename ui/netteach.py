"""Teaching tools of the network page: predict-then-reveal, the table view, the setup file.

The questions, the checking and the table's rows are :mod:`neuron.netquiz` and
:mod:`neuron.nettable`'s; the setup file :mod:`neuron.netfile`'s. This module draws them;
:mod:`ui.state` keeps the answers and the score.
"""

from __future__ import annotations

import streamlit as st

from neuron.fmt import num
from neuron.netfile import FILE_MAX_BYTES, setup_file
from neuron.netquiz import weights_note
from neuron.nettable import stage_table

from . import state
from .common import lazy_expander, plain, table


def _said(questions) -> str:
    return ", ".join(f"{q.symbol} = {num(q.value)}" for q in questions)


def quiz_panel() -> bool:
    """This stage's questions (quiz mode is on); True while some wait for their answer."""
    qs = state.net_questions()
    if skipped := [q for q in qs if not q.asked]:  # not finite: no answer could be right
        st.info(" ".join(q.why_not_asked for q in skipped) + " Step or Play goes on to the "
                "next value.", icon=":material/info:")
    asked = [q for q in qs if q.asked]
    if not asked:
        return False
    tries = {q.key: state.net_attempt(q.key) for q in asked}
    if right := [q for q in asked if tries[q.key].done and tries[q.key].right]:
        st.success(f"Right: {_said(right)}", icon=":material/check_circle:")
    if shown := [q for q in asked if tries[q.key].done and not tries[q.key].right]:
        st.info(f"Revealed: {_said(shown)}")
    score = "Score this session on the network page: {} of {}".format(*state.net_quiz_score())
    waiting = [q for q in asked if not tries[q.key].done]
    if not waiting:
        st.caption(score)
        return False
    it, stage = state.net_position()
    empty = state.net_quiz_empty()
    many = len(waiting) > 1
    with st.form(f"net_quiz_{it}_{stage}", border=True):
        row = st.container(horizontal=True, vertical_alignment="bottom")
        what = "δ of each unit of this layer" if many else waiting[0].symbol
        row.markdown(f"**Predict {what}.** Work it out from the values on the graph, then "
                     "check.", width=300)
        for q in waiting:
            row.number_input(f"Your value of {q.symbol}", value=None, format="%.4f",
                             key=state.net_answer_key(q.key), placeholder="e.g. 0.1234",
                             width=170)
        row.form_submit_button("Check", type="primary", on_click=state.net_quiz_check,
                               args=(tuple(waiting),))
        row.form_submit_button("Reveal", on_click=state.net_quiz_reveal,
                               args=(tuple(waiting),))
        if empty:
            st.warning("Type a number first, then press Check.", icon=":material/edit:")
    note = weights_note(state.net_setup(), it) + " " if qs[0].key.startswith("dW") else ""
    st.caption(f"{note}Counted right within 1 % of the computed value (at least ±0.001) "
               f"and with its sign. {score}.")
    for q in waiting:
        a = tries[q.key]
        if a.tries:
            st.error(f"{q.symbol}: not quite ({num(a.last)}). Hint: the formula with the "
                     "numbers put in; one more try before the answer is revealed.")
            with st.container(key=f"hint_{q.key}"):
                for _, tex in q.hint:
                    st.latex(tex)
    return True


def table_panel(setup, stage: int, hidden) -> None:
    """The current stage's numbers, layer by layer, as a table (drawn only while open)."""
    with lazy_expander("Numbers as a table, layer by layer", "net_table") as box:
        if box.open:
            st.caption("Every value of this iteration known at this stage: the columns are "
                       "the layer's units (for a row of weights, the units of the layer "
                       "below); empty: not computed yet; ?: quiz mode, predict it first.")
            rows = stage_table(setup, stage, hidden)
            for layer in dict.fromkeys(r["layer"] for r in rows):  # one table per layer
                st.markdown(f"**Layer {layer}**" if layer[0].isdigit() else "**The loss**")
                table([{k: v for k, v in r.items() if k != "layer"} for r in rows
                       if r["layer"] == layer], room=1100, height="content")


def setup_file_panel(row=None) -> None:
    """Save the setup (with this iteration and stage) as a file, in ``row`` (the other
    downloads') if given, and restore one."""
    it, stage = state.net_position()
    row = row or st.container(horizontal=True, vertical_alignment="bottom")
    row.download_button("Setup (JSON)", setup_file(state.net_setup(), it + 1, stage),
                        "network-setup.json", "application/json", icon=":material/download:",
                        help="The whole setup, this iteration and stage: restore it here.")
    st.file_uploader(f"Restore a network setup file (JSON saved here; at most "
                     f"{FILE_MAX_BYTES // 1000} KB)", type=["json"], key="net_upload",
                     on_change=state.net_restore)
    if note := state.net_upload_note():
        kind, text = note
        getattr(st, kind)(plain(text))
