"""The network page: backpropagation through hidden layers, one stage at a time.

The page shows a :class:`neuron.network.NetSetup` (kept by :mod:`ui.state`) walked through
the stages of :mod:`neuron.netstages`: the graph (:mod:`neuron.netgraph`), the current stage's
equations with the numbers put in (:func:`neuron.netreport.stage_lines`, the lines the CLI
prints), one weight's chain rule along every path, and, for an example from a text, the
numbers the text prints beside the computed ones.
"""

from __future__ import annotations

import json

import streamlit as st

from neuron.activations import ACTIVATIONS
from neuron.config import LR_MAX
from neuron.datasets import DATASET_LABELS, table_columns
from neuron.fmt import num
from neuron.losses import LOSSES
from neuron.netfigures import (
    boundary_figure,
    gradient_sizes_figure,
    loss_figure,
    weights_over_time_figure,
)
from neuron.netgraph import focus_chain, network_spec
from neuron.netreport import page_name, render_net, stage_lines
from neuron.netstages import stages
from neuron.network import (
    EXAMPLES,
    HIDDEN_LAYERS_MAX,
    HIDDEN_MAX,
    INPUTS_MAX,
    NET_LOSSES,
    OUTPUTS_MAX,
    accuracy,
    compare,
)
from neuron.train import EPOCHS_MAX

from . import datasource, netteach, state
from .common import (
    SCROLL_HINT,
    chart,
    look,
    open_tab_only,
    plain,
    published_table,
    size_control,
)

LOSS_WHY = {
    "mse": "½(a − y)² summed over the outputs: the ½ cancels the 2 of the derivative, so "
           "∂L/∂a = a − y (Mazur, Nielsen).",
    "se": "(a − y)² without ½: ∂L/∂a = 2(a − y), twice the mse gradient (3Blue1Brown, "
          "Backprop Explainer).",
    "bce": "Cross-entropy with sigmoid outputs: δ = a − y at the output, the sigmoid's slope "
           "cancels (no slowdown when an output saturates).",
}
EXPLAIN = {
    "start": "The inputs, every weight and bias, and the targets. Press **Step** to compute "
             "the first layer's weighted sums.",
    "z": "Each unit adds up its inputs times their weights, plus its bias: z = W a + b.",
    "a": "The activation function turns each unit's z into its output a.",
    "loss": "The loss compares the outputs with the targets, summed over the outputs.",
    "delta": "δ = ∂L/∂z: how much the loss changes when the unit's z moves. A hidden unit "
             "feeds several units above it, so the errors sent back through its outgoing "
             "weights add up (the fork rule), then σ′(z) scales the sum.",
    "grad": "Each weight's gradient is the δ of the unit it feeds times the value it "
            "multiplies: ∂L/∂w = δⱼ · aᵢ; each bias's is δⱼ.",
    "update": "Every weight and bias steps against its gradient, all computed from the old "
              "weights (a layer updated first would change the δ sent to the layer below).",
}


def _label(key: str) -> str:
    """A short label for the stage bar: z¹, a¹, L, δ², ∇W², update."""
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    kind, layer = key.rstrip("0123456789"), key[len(key.rstrip("0123456789")):]
    return {"start": "start", "loss": "L", "update": "update", "delta": "δ",
            "grad": "∂W"}.get(kind, kind) + layer.translate(sup)


def controls(last: int) -> None:
    row = st.container(horizontal=True, vertical_alignment="bottom")
    at = state.net_position()
    row.button("Back", icon=":material/arrow_back:", on_click=state.net_back, key="nbtn_back",
               width="stretch", shortcut="Left", disabled=at == (0, 0))
    row.button("Step", icon=":material/arrow_forward:", on_click=state.net_step,
               args=(last,), key="nbtn_step", type="primary", width="stretch",
               shortcut="Right")
    row.button("Iterate", icon=":material/skip_next:", on_click=state.net_iterate,
               args=(last,), key="nbtn_iterate", width="stretch", shortcut="N")
    playing = state.net_playing()
    row.button("Pause" if playing else "Play",
               icon=":material/pause:" if playing else ":material/play_arrow:",
               on_click=state.net_play, key="nbtn_play", width="stretch", shortcut="P")
    row.button("Reset", icon=":material/restart_alt:", on_click=state.net_reset,
               key="nbtn_reset", width="stretch", shortcut="0")


def setup_panel() -> None:
    """The example, and the whole setup in one form (applied together, checked as a whole)."""
    setup, example = state.net_setup(), state.net_example()
    top = st.container(horizontal=True, vertical_alignment="bottom")
    names = list(EXAMPLES) + ["custom"]
    top.selectbox("Example", names, key="net_pick",
                  format_func=lambda k: EXAMPLES[k].title if k in EXAMPLES else "Custom setup",
                  on_change=state.net_pick_example, width=260)
    if example in EXAMPLES:
        ex = EXAMPLES[example]
        src = f"[{plain(ex.source)}]({ex.link})" if ex.link else plain(ex.source)
        top.caption(f"Source: {src}. {plain(ex.note)}")
    k = state.net_key
    with st.expander("Network setup: layers, activations, loss, weights", expanded=False):
        with st.form("net_form", border=False):
            c = st.columns(4)
            c[0].number_input("Inputs", 1, INPUTS_MAX, setup.sizes[0], key=k("in"))
            c[1].number_input("Hidden layers", 0, HIDDEN_LAYERS_MAX,
                                       len(setup.sizes) - 2, key=k("hidden"))
            c[2].text_input("Units per hidden layer", ",".join(
                map(str, setup.sizes[1:-1])) or "2", help=f"1 to {HIDDEN_MAX} each, "
                "comma-separated, e.g. 4,3", key=k("units"))
            c[3].number_input("Outputs", 1, OUTPUTS_MAX, setup.sizes[-1], key=k("out"))
            c = st.columns(4)
            c[0].text_input("Activations, one per layer", ",".join(setup.acts),
                                   help="Names: " + ", ".join(ACTIVATIONS) + ". One name "
                                   "stands for every layer.", key=k("acts"))
            c[1].selectbox("Loss", NET_LOSSES, NET_LOSSES.index(setup.loss),
                                  format_func=lambda n: LOSSES[n].label, key=k("loss"))
            c[2].number_input("Learning rate η", 0.0, LR_MAX, setup.lr, format="%g",
                                 key=k("lr"))
            c[3].toggle("Update the biases", setup.update_bias,
                               help="Mazur keeps his biases fixed; most libraries update them.",
                               key=k("bias"))
            st.caption(" ".join(f"**{n}**: {why}" for n, why in LOSS_WHY.items()))
            c = st.columns(2)
            c[0].text_input("Inputs x", ", ".join(f"{v:g}" for v in setup.x), key=k("x"))
            c[1].text_input("Targets y", ", ".join(f"{v:g}" for v in setup.y), key=k("y"))
            st.text_area("Weights W (JSON: one matrix per layer, W[l][j][i] from unit i "
                             "to unit j)", json.dumps([list(map(list, w)) for w in setup.W]),
                             key=k("W"))
            st.text_input("Biases b (JSON: one list per layer)",
                              json.dumps([list(v) for v in setup.b]), key=k("b"))
            c = st.columns([1, 1, 2], vertical_alignment="bottom")
            c[0].number_input("Seed", 0, 10**6, 0, key=k("seed"))
            c[1].form_submit_button("Xavier weights", help="Seeded Xavier (Glorot) uniform "
                                    "weights U(±√(6/(n_in + n_out))), zero biases",
                                    key=k("xavier"), on_click=state.net_apply, args=(True,))
            c[2].form_submit_button("Apply", type="primary", key=k("apply"),
                                    on_click=state.net_apply, args=(False,))
        if err := state.net_error():
            st.error(err, icon=":material/error:")


def published(example: str) -> None:
    """The numbers the source prints beside the computed ones (iteration 1 only)."""
    ex = EXAMPLES.get(example)
    if not ex or not ex.published:
        return
    rows = compare(ex)
    bad = [r for r in rows if not r["agrees"]]
    with st.expander(f"Published vs computed: {len(rows) - len(bad)} of {len(rows)} printed "
                     "numbers agree" + (f", {len(bad)} does not" if len(bad) == 1 else
                                        f", {len(bad)} do not" if bad else ""),
                     expanded=bool(bad)):
        published_table(rows, [page_name(p.path, len(ex.setup.sizes) - 1)
                               for p in ex.published])


def focus_panel(setup, asking: bool = False) -> tuple[int, int, int] | None:
    L = len(setup.sizes) - 1
    weights = [(l, j, i) for l in range(L) for j in range(setup.sizes[l + 1])
               for i in range(setup.sizes[l])]
    pick = st.selectbox("Follow one weight's chain rule", [None, *weights],
                        format_func=lambda w: "none" if w is None else
                        f"W{w[0] + 1}[{w[1] + 1},{w[2] + 1}]", key="net_focus",
                        placeholder="none: pick a weight to see ∂L/∂w along every path")
    if pick is not None and asking:
        st.caption("Answer the quiz question first: the chain rule would give it away.")
    elif pick is not None:
        for _, tex in focus_chain(setup, *pick):
            st.latex(tex)
    return pick


def exports(setup):
    """The worked example's downloads; their row (None when there are none)."""
    try:
        setup.validated()  # (the worked examples are written from a setup that can be typed)
    except ValueError as e:
        st.info(f"No worked example of this iteration: gradient descent has taken its weights "
                f"beyond what can be typed ({e}). Press Reset (0), or lower η.",
                icon=":material/info:")
        return None
    c = st.container(horizontal=True)
    # Written when clicked (a callable), not at every Step: three renderings of the whole
    # iteration cost about 2 ms a click.
    c.download_button("Markdown", lambda: render_net(setup, "markdown"), "network-iteration.md",
                      "text/markdown", icon=":material/download:")
    c.download_button("LaTeX", lambda: render_net(setup, "latex"), "network-iteration.tex",
                      "text/x-tex", icon=":material/download:")
    c.download_button("JSON", lambda: render_net(setup, "json"), "network-iteration.json",
                      "application/json", icon=":material/download:")
    return c


DATA = ("and", "or", "nand", "xor", "blobs", "blobs_overlap")  # two inputs, one target
BROUGHT = {"csv": "Upload a CSV file", "table": "Edit a table"}  # any inputs, one target
VIEWS = ("Loss", "Gradient size per layer", "Weights over time", "Decision boundary")


def default_table(n: int) -> tuple[tuple[str, ...], ...]:
    """XOR for two inputs (what a hidden layer is for); for n inputs, all 0 → 0 and all 1 → 1."""
    if n == 2:
        return (("0", "0", "0"), ("0", "1", "1"), ("1", "0", "1"), ("1", "1", "0"))
    return (("0",) * n + ("0",), ("1",) * n + ("1",))


def data_controls(setup) -> str | None:
    """The data choice (and the file or the table); returns why the network cannot train on
    it, or None."""
    n, outs = setup.sizes[0], setup.sizes[-1]
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.selectbox("Data", DATA + tuple(BROUGHT), key="net_tr_data", persist_state="session",
                  width=200,
                  format_func=lambda k: BROUGHT.get(k) or DATASET_LABELS.get(k, k))
    src = state.net_data_source()
    if outs != 1:
        return ("The data sets here have one target per sample: give the network 1 output "
                "to train it (Network setup, above), or pick the example \"XOR with 2-2-1\" "
                "or \"A 2-4-1 network\".")
    if src == "csv":
        datasource.upload("net_tr", f"CSV: a header row, numbers only; the column named y "
                                    f"(or the last one) is the target and the others the "
                                    f"{n} input{'s' if n > 1 else ''}; at most 10,000 rows, "
                                    f"5 MB", max_features=4)
        kept = state.csv_kept("net_tr")
        if kept is not None and kept[1].n != n:
            return (f"{kept[0]} has {kept[1].n} input column{'s' if kept[1].n > 1 else ''}; "
                    f"the network has {n} input{'s' if n > 1 else ''}: set Inputs to "
                    f"{kept[1].n} above.")
    elif src == "table":
        datasource.table("net_tr", table_columns(n), default_table(n))
        st.caption(f"One row per sample: the {n} input{'s' if n > 1 else ''} and the target "
                   "y (the columns follow the network's inputs).")
    elif n != 2:
        return ("AND, OR, NAND, XOR and the blobs have two inputs: give the network 2 inputs, "
                "or upload a CSV file or edit a table.")
    return None


def train_panel(setup) -> None:
    """Train the network of the setup on a data set; the history's views in tabs."""
    st.markdown("#### Train this network")
    if why := data_controls(setup):
        st.info(why, icon=":material/info:")
        return
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.selectbox("Batch", ("full", "sgd", "2"), key="net_tr_batch", persist_state="session",
                  width=130,
                  format_func=lambda k: {"full": "full batch", "sgd": "SGD (one sample)",
                                         "2": "mini-batches of 2"}[k])
    row.number_input("Epochs", 1, EPOCHS_MAX, key="net_tr_epochs", persist_state="session",
                     width=130)
    row.number_input("Seed (batch order)", 0, 10**6, key="net_tr_seed", persist_state="session",
                     width=150)
    row.button("Train", icon=":material/model_training:", type="primary",
               on_click=state.net_train, key="net_tr_go")
    st.caption(f"With η = {setup.lr:g}, the {setup.loss} loss and the weights of this setup's "
               "iteration 1" + ("" if setup.update_bias else "; the biases are kept") + ".")
    run = state.net_run()
    if run is None:
        return
    if isinstance(run, str):
        st.error(run, icon=":material/error:")
        return
    h, X, y, net = run
    final = net.with_theta(h.theta[-1])
    acc = accuracy(final, X, y)
    st.markdown(f"Trained {h.epochs_run:,} epochs: loss {num(h.loss[0])} → {num(h.loss[-1])}, "
                f"{acc:.0%} of the samples on their target's side of 0.5.")
    if h.stopped:
        st.warning(h.stopped, icon=":material/trending_up:")
    views = {
        "Loss": lambda: chart(loss_figure(h, look=look()), "net_fig_loss"),
        "Gradient size per layer": lambda: chart(gradient_sizes_figure(h, look=look()),
                                                 "net_fig_grad"),
        "Weights over time": lambda: chart(weights_over_time_figure(h, look=look()),
                                           "net_fig_weights"),
        "Decision boundary": lambda: (
            chart(boundary_figure(final, X, y, look=look()), "net_fig_boundary")
            if X.shape[1] == 2 else
            st.info(f"The decision boundary is drawn in the plane of two inputs; these data "
                    f"have {X.shape[1]}.", icon=":material/info:")),
    }
    open_tab_only(views, "net_tr_tab")
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.number_input("Epoch", 0, h.epochs_run, key="net_tr_at", width=150)
    row.button("Continue in the step view from this epoch", icon=":material/step_into:",
               on_click=state.net_continue, key="net_tr_continue",
               help="The network with that epoch's weights, stepped through on the first "
                    "sample of the data.")


def heading(it: int, stage: int, last: int, title: str, presenting: bool) -> None:
    """Where the student is; in presenter mode the figure size on the same row; quiz mode."""
    row = st.container(horizontal=True, horizontal_alignment="distribute",
                       vertical_alignment="center")
    row.markdown(f"#### Iteration {it + 1} · Stage {stage} of {last}: {title}")
    if presenting:
        with row:
            size_control()
    row.toggle("Quiz mode", key="quiz", persist_state="session",
               help="Hide each δ and one ∂L/∂w per layer until you "
               "have predicted it.")


def view() -> None:
    state.net_init()
    presenting = state.presenter()
    if not presenting:  # presenter mode: the graph and its numbers only
        setup_panel()
    run_every = state.net_timer()

    @st.fragment(run_every=run_every)
    def body() -> None:
        if state.net_timer() != run_every or state.net_full_rerun():
            st.rerun()  # Play/Pause, or a restored file (the setup form is outside)
        setup = state.net_current()
        L = len(setup.sizes) - 1
        stg = stages(L)
        last = len(stg) - 1
        if run_every:
            state.net_tick(last)
        if notice := state.net_notice():
            st.toast(notice, icon=":material/info:")
        state.net_write_url()
        controls(last)
        it, stage = state.net_position()
        nav = state.net_nav_key()
        st.segmented_control("Stage", list(range(last + 1)), key=nav,
                             on_change=state.net_nav, args=(nav, stage),
                             format_func=lambda i: _label(stg[i].key),
                             label_visibility="collapsed", width="stretch")
        heading(it, stage, last, stg[stage].title, presenting)
        if not presenting:
            st.markdown(EXPLAIN[stg[stage].kind])
        hidden = state.net_hidden()
        focus = None if hidden else state.net_focus()  # its chain rule would give it away
        with st.container(key="net_graph_scroll"):  # narrower than 820 px: scrolls sideways
            chart(network_spec(setup, stage, focus=focus, hidden=hidden, look=look()),
                  "net_graph")
        if not presenting:  # (a projector is wide; every pixel above the fold counts)
            st.container(key="net_scroll_hint").caption(SCROLL_HINT)  # narrow windows only
        asking = state.quiz_on() and netteach.quiz_panel()
        if not asking:
            for _, tex in stage_lines(setup, stg[stage].key):
                st.latex(tex)
        if presenting:  # the explanation after the equations, no secondary panels
            st.markdown(EXPLAIN[stg[stage].kind])
            return
        netteach.table_panel(setup, stage, hidden)
        focus_panel(setup, asking)
        if it == 0 and not asking:  # the published numbers would give the answer away
            published(state.net_example())
        netteach.setup_file_panel(exports(setup))

    body()
    if not state.presenter():
        train_panel(state.net_setup())
