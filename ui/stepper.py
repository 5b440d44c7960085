"""The step-by-step view: controls, stage indicator, computation graph and live equations."""

from __future__ import annotations

import streamlit as st

from neuron.equations import stage_equations
from neuron.examples import compare, page_name
from neuron.graph import MIN_WIDTH, graph_spec, graph_table
from neuron.published import summary
from neuron.stages import LAST, PHASES, STAGES

from . import state, teach
from .common import (
    SCROLL_HINT,
    chart,
    lazy_expander,
    look,
    open_tab_only,
    published_table,
    size_control,
    table,
)

LOOKING_AT = (
    "The boxes are the quantities of one neuron: inputs **x**, weights **w**, the "
    "bias **b**, the products **wᵢxᵢ**, their sum **z**, the prediction **ŷ**, "
    "the target **y** and the loss **L**. Green arrows pointing right carry values "
    "forward. From stage 4 on, arrows pointing left carry gradients backward: "
    "each edge is labelled with its local derivative, and the chain rule "
    "multiplies them along the path from L to each weight. Blue solid = positive, "
    "orange dashed = negative; thicker = larger. A reddish purple dotted arrow carries a "
    "gradient that is not known yet: the backward pass has reached that edge, but the "
    "chain rule multiplies its value out only at stage 7 (or quiz mode hides it until you "
    "have answered). The yellow outline marks what the "
    "current stage computes; its equation is written out below the graph.")


NO_LOSS = {  # what the stages say instead when there is no loss (CS231n's, micrograd's way)
    "loss": "No loss here: L = ŷ, so the backward pass starts from the output itself, as "
            "CS231n's circuits and micrograd's o.backward() do. The target y is not used.",
    "dL_dyhat": "The backward pass starts at the output: ∂L/∂ŷ = 1 (micrograd's o.grad = 1).",
}


def controls() -> None:
    """Back, Step, Iterate, Play/Pause, Reset and the speed."""
    row = st.container(horizontal=True, vertical_alignment="bottom")  # lighter than columns
    row.button("Back", icon=":material/arrow_back:", on_click=state.on_back,
               key="btn_back", width="stretch", shortcut="Left",
               disabled=state.stage() == 0 and state.iteration() == 0)
    row.button("Step", icon=":material/arrow_forward:", on_click=state.on_step,
               key="btn_step", type="primary", width="stretch", shortcut="Right")
    row.button("Iterate", icon=":material/skip_next:", on_click=state.on_iterate,
               key="btn_iterate", width="stretch", shortcut="N",
               help="Compute the rest of this iteration (at its end: the whole next one). "
                    "Key: N.")
    if state.playing():
        row.button("Pause", icon=":material/pause:", on_click=state.on_play,
                   key="btn_play", width="stretch", shortcut="P")
    else:
        row.button("Play", icon=":material/play_arrow:", on_click=state.on_play,
                   key="btn_play", width="stretch", shortcut="P")
    row.button("Reset", icon=":material/restart_alt:", on_click=state.on_reset,
               key="btn_reset", width="stretch", shortcut="0")
    speed, play_by = state.speed()
    unit = "stage" if play_by == "stages" else "iteration"
    # Drawn only while open (opening it reruns the step view), which keeps every other click
    # lighter. Its widgets' values are copied to plain state (speed, play_by): Streamlit
    # forgets the values of widgets a run does not draw.
    with row.popover(f"Speed: {speed:g} {unit}/s", icon=":material/speed:",
                     key="speed_open", on_change="rerun") as pop:  # (narrow: it wraps alone)
        if pop.open:
            state.show_speed_pickers()
            st.segmented_control("Each tick plays one", ["stages", "iterations"],
                                 key="pick_play_by", on_change=state.on_play_by)
            st.select_slider("Ticks per second", [0.5, 1.0, 2.0, 4.0], key="pick_speed",
                             on_change=state.on_speed, format_func=lambda v: f"{v:g}/s")


KEYS = "Keys: → Step · ← Back · N Iterate · P Play/Pause · 0 Reset"  # the Presenter help


def indicator() -> None:
    """Where the student is: iteration, stage, phase; click a stage to jump to it."""
    at = state.stage()
    stg = STAGES[at]
    # One widget per stage shown, never changed by the server afterwards: a browser that has
    # not yet drawn the last tick sends the old widget's own value, which on_nav ignores (one
    # shared key made Play jump back a stage and stop whenever the browser lagged a tick).
    nav = state.nav_key()
    st.segmented_control("Stage", list(range(LAST + 1)), key=nav, on_change=state.on_nav,
                         args=(nav, at),
                         format_func=lambda i: f"{i} · {STAGES[i].short}",
                         label_visibility="collapsed", width="stretch")
    row = st.container(horizontal=True, horizontal_alignment="distribute",
                       vertical_alignment="center")
    row.markdown(f"#### Iteration {state.iteration() + 1} · Stage {at} of {LAST}: "
                 f"{stg.title}")
    if state.presenter():  # on the heading's row: the equations stay above the fold at
        with row:  # 1280 x 800 (the buttons show their keys; KEYS is in the toggle's help)
            size_control()
    row.toggle("Quiz mode", key="quiz", persist_state="session",
               help="Hide each new value until you have predicted it.")


def equations(st_, act, loss) -> None:
    """The quiz's question, if on, across the page; the current stage's equations with the
    numbers put in (once answered); then the earlier stages of the iteration."""
    at = state.stage()
    asking = state.quiz_on() and teach.quiz_panel(st_, act, loss)
    if not asking:
        for line in stage_equations(st_, act, loss, at):
            st.latex(line)
    if at == 0:
        return
    # Also while asking: the earlier values are what the answer needs. Drawn only while open.
    with lazy_expander("Earlier stages of this iteration", "earlier") as earlier:
        for i in range(at if earlier.open else 0):
            st.caption(f"{i}. {STAGES[i].title}")
            for line in stage_equations(st_, act, loss, i):
                st.latex(line)


def view() -> None:
    """The whole step view; it ticks on its own while Play is on."""
    state.step_page_start()
    run_every = state.timer()

    @st.fragment(run_every=run_every)
    def body() -> None:
        # Play/Pause or a new speed clicked inside this fragment: a full rerun redefines the
        # fragment with (or without) its timer. A restored setup also needs the sidebar redrawn.
        if state.timer() != run_every or state.take_full_rerun():
            st.rerun()
        if run_every:
            state.tick(run_every)
        if notice := state.take_notice():
            st.toast(notice, icon=":material/info:")
        state.write_url()  # first: the address bar follows the view whatever comes below
        controls()
        indicator()
        if note := state.divergence_note() or state.loss_trend_note():
            st.warning(note, icon=":material/trending_up:")
        cfg = state.current_config()
        step = cfg.step()
        hide = teach.hidden(step)
        at = state.stage()
        stg = STAGES[at]
        said = NO_LOSS.get(stg.key, stg.explain) if cfg.loss == "none" else stg.explain
        explain = f"**{PHASES[stg.phase].capitalize()}.** {said}"
        if not state.presenter():  # two lines' room, so that the graph below never moves
            st.container(key="explain_line").markdown(explain)  # from stage to stage
        fig = graph_spec(step, at, hidden=hide, look=look(fit_width=True))
        with st.container(key="graph_scroll"):  # narrower than MIN_WIDTH: scrolls sideways
            chart(fig, "graph")
        if not state.presenter():  # (a projector is wide; every pixel above the fold counts)
            st.container(key="scroll_hint").caption(SCROLL_HINT)  # in a narrow window only
        equations(step, cfg.act, cfg.loss_fn)
        if state.presenter():  # the graph and its numbers first on a projector (1280 x 800:
            st.markdown(explain)  # the equations above the fold); no secondary panels
            return
        with lazy_expander("What am I looking at?", "explain") as box:
            if box.open:  # drawn only while open, as the earlier stages
                st.markdown(LOOKING_AT)
        lower(step, cfg, hide)

    body()
    state.watch_width()  # the graph's type and height grow with the main area's width


def _gradcheck(step, hide) -> None:
    if hide:
        st.info("Answer the quiz question first: the gradients would give it away.")
    else:
        teach.gradcheck_panel(step)


def lower(step, cfg, hide) -> None:
    """The table, gradient check and export tabs under the graph; only the open one is
    drawn (each tick of Play would otherwise rebuild all three)."""
    panels = {
        "Values (table)": lambda: table(
            [{k: v for k, v in r.items() if k != "current"}
             | {"this stage": "◀ computed now" if r["current"] else ""}
             for r in graph_table(step, state.stage(), hidden=hide)],
            room=MIN_WIDTH - 4),  # the narrowest main area (1280 px, sidebar open)
        "Gradient check": lambda: _gradcheck(step, hide),
        "Export & share": lambda: teach.export_panel(cfg),
    }
    if ex := state.published_example():
        panels["Published vs computed"] = lambda: _published(ex, hide)
    open_tab_only(panels, "step_tab")


def _published(ex, hide) -> None:
    """The numbers the example's source prints beside the computed ones (iteration 1)."""
    if hide:
        st.info("Answer the quiz question first: the printed numbers would give it away.")
        return
    link = f" ({ex.link})" if ex.link else ""
    st.markdown(f"**{ex.title}.** {ex.source}{link}. {ex.convention}")
    rows = compare(ex)
    if all(r["agrees"] for r in rows):
        st.success(summary(rows), icon=":material/check:")
    else:
        st.warning(summary(rows), icon=":material/rule:")
    if state.iteration():
        st.info("The source's numbers are for iteration 1; the table compares them with "
                "iteration 1, not with the iteration on screen.", icon=":material/info:")
    published_table(rows, [page_name(p.path) for p in ex.published])
    if ex.note:
        st.caption(ex.note)

