"""Training across iterations: data, batch mode, epochs, and the views of the history.

The history is kept by :mod:`ui.state` (a :class:`neuron.train.History`, compact NumPy arrays)
together with the dataset and the settings it was trained with (``state.trained()``), so every
view, and the step view's "continue from here", read the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import streamlit as st

from neuron import datasets, decision, figures
from neuron.activations import ACTIVATIONS, out_of_range
from neuron.config import Config
from neuron.core import backward, forward, neuron
from neuron.export import history_columns, history_csv, history_rows
from neuron.figures import sample_rows
from neuron.fmt import num
from neuron.graph import graph_spec, graph_table
from neuron.losses import LOSSES
from neuron.palette import Look
from neuron.stages import STAGES
from neuron.train import Descent, init_weights, train
from neuron.trainlink import (
    BATCHES,
    BY_NAME,
    DEFAULT_TABLE,
    FIELDS,
    INITS,
    ROWS_KEY,
    SOURCES,
    TABLE_COLUMNS,
    TABLE_ROWS_MAX,
)

from . import datasource, state
from .common import chart, look, plain, size_control
from .inputs import emptied

CHAIN = next(i for i, s in enumerate(STAGES) if s.key == "chain")  # gradients, no update


@dataclass(frozen=True)
class Run:
    """What a history was trained on: enough to redraw every view and to continue from it."""

    data: datasets.Dataset
    cfg: Config  # activation, loss and learning rate used
    batch: str
    seed: int
    label: str = ""  # what the summary calls the data: the menu's name, or the file's


def _dataset() -> tuple[datasets.Dataset, str]:
    """The chosen data, and what the summary calls them."""
    s = state.train_settings()
    if s.source in ("csv", "table"):
        return datasource.chosen("tr", s.source, TABLE_COLUMNS)
    return (datasets.get_dataset(s.source, seed=int(s.data_seed), noise=float(s.noise)),
            SOURCES[s.source])


def _number(box, label: str, lo, hi, key: str, what: str, **kw) -> None:
    """A number field of this page (its value under ``key``); value=None, so that a field the
    browser sends empty is said instead of becoming the minimum unsaid
    (state.number_changed puts the last good value back and says so)."""
    state.number_start(key, lo)
    box.number_input(label, lo, hi, value=None, key=key, persist_state="session",
                     on_change=state.number_changed,
                     args=(key, partial(emptied, what)), **kw)
    if err := state.number_error(key):
        box.error(err, icon=":material/warning:")
    state.number_good(key)


def _field(box, field, what: str, **kw) -> None:
    """A number field of the settings' field table (neuron.trainlink): its label and limits."""
    lo, hi = ((int(field.lo), int(field.hi)) if field.kind == "int" else
              (float(field.lo), float(field.hi)))
    _number(box, field.label, lo, hi, "tr_" + field.name, what, **kw)


def data_controls() -> None:
    st.selectbox(BY_NAME["source"].label, list(SOURCES), key="tr_source", persist_state="session",
                 format_func=SOURCES.get)
    src = state.train_settings().source
    if src.startswith("blobs"):
        c1, c2 = st.columns(2)
        noise, seed = BY_NAME["noise"], BY_NAME["data_seed"]
        c1.slider(noise.label, noise.lo, noise.hi, key="tr_noise", persist_state="session",
                  step=0.05)
        _field(c2, seed, "The data seed", step=1)
    if src == "csv":
        datasource.upload("tr", "CSV: a header row, numbers only; the column named y (or the "
                                "last one) is the target; at most 8 inputs and 10,000 rows, 5 MB")
    if src == "table":
        datasource.table("tr", TABLE_COLUMNS, DEFAULT_TABLE)


def pairing_error() -> str | None:
    """Why the chosen loss cannot follow the chosen activation, or None."""
    try:
        s = state.train_settings()
        LOSSES[s.loss].check(ACTIVATIONS[s.act])
    except ValueError as e:
        return str(e)
    return None


def range_warning() -> None:
    """Targets the chosen activation cannot output, said before Train (the step view says
    the same of its one y): no learning rate could help there."""
    try:
        data, _ = _dataset()
    except ValueError:
        return  # said beside the data controls
    if text := out_of_range(ACTIVATIONS[state.train_settings().act], data.y):
        st.warning(text, icon=":material/warning:")


def train_controls() -> str | None:
    """The neuron and the optimiser: this page's own, apart from the step view's setup.
    Returns why the activation/loss pair is unusable (said beside the choice), or None."""
    c1, c2, c3 = st.columns(3)
    c1.selectbox(BY_NAME["act"].label, list(ACTIVATIONS), key="tr_act", persist_state="session",
                 format_func=lambda k: ACTIVATIONS[k].label)
    c1.selectbox(BY_NAME["loss"].label, BY_NAME["loss"].choices, key="tr_loss",
                 persist_state="session",
                 format_func=lambda k: LOSSES[k].label)
    if bad := pairing_error():
        c1.error(bad, icon=":material/warning:")
    s = state.train_settings()
    c1.caption(LOSSES[s.loss].why)
    c2.selectbox(BY_NAME["batch"].label, list(BATCHES), key="tr_batch", persist_state="session",
                 format_func=BATCHES.get)
    if s.batch == "mini":
        _field(c2, BY_NAME["bsize"], "The mini-batch size", step=1)
    _field(c2, BY_NAME["epochs"], "Epochs", step=50)
    _field(c3, BY_NAME["lr"], "η", step=0.1, format="%g")
    c3.selectbox(BY_NAME["init"].label, list(INITS), key="tr_init", persist_state="session",
                 format_func=INITS.get,
                 help=BY_NAME["init"].help)
    _field(c3, BY_NAME["seed"], "The seed", step=1)
    return bad


def defaults(cfg: Config) -> None:
    """The training settings' first values (kept across pages by their widgets);
    the activation and loss start as the step view's."""
    state.train_defaults({f.name: f.default for f in FIELDS}
                         | {"act": cfg.activation, "loss": cfg.loss})


def share_link() -> None:
    """The link that reopens this page with these settings (Train then repeats the run)."""
    from urllib.parse import urlencode

    params = state.train_share_params()
    base = (st.context.url or "").split("?")[0].rstrip("/") + "/"
    st.markdown("This link opens the training page with these settings; **Train** then "
                "repeats the same run (every random choice is seeded). The copy button is at "
                "its right.")
    st.code(f"{base}?{urlencode(params, safe=',;')}", language=None, wrap_lines=True)
    s = state.train_settings()
    if s.init == "step":
        st.caption("The initial weights come from the step view's setup, which this link "
                   "does not carry: choose *Zeros* or *Random (seeded)* for a link that "
                   "repeats the run wherever it is opened.")
    if s.source == "csv":
        st.caption("An uploaded file does not travel in a link: whoever opens it uploads "
                   "the file again.")
    elif s.source == "table" and ROWS_KEY not in params:
        st.caption(f"The table is left out of the link until every cell is a number (at "
                   f"most {TABLE_ROWS_MAX} rows).")


def run_training(cfg: Config, watch: bool = True) -> None:
    """Train with the chosen settings; keep the history, or explain why not. ``watch``:
    stop at the first sign of trouble (neuron.train.divergence)."""
    s = state.train_settings()
    try:
        data, label = _dataset()
        batch = {"full": "full", "sgd": "sgd"}.get(s.batch, int(s.bsize))
        if s.init == "step":
            w0, b0 = (np.array(cfg.w), cfg.b) if len(cfg.w) == data.n else init_weights(data.n)
        else:
            w0, b0 = init_weights(data.n, s.init, int(s.seed))
        run_cfg = Config(x=tuple(data.X[0]), w=tuple(w0), b=b0, y=float(data.y[0]),
                         lr=float(s.lr), activation=s.act, loss=s.loss)
        run_cfg.loss_fn.check(run_cfg.act, data.y)
        bar = st.progress(0.0, text="Training…")
        try:  # train() checks the epochs and the updates' cap before it starts
            how = Descent(run_cfg.lr, int(s.epochs), batch, seed=int(s.seed), watch=watch)
            hist = train(neuron(w0, b0, run_cfg.act), data.X, data.y, run_cfg.loss_fn, how,
                         lambda k, n: bar.progress(k / n, text=f"Epoch {k:,} of {n:,}"))
        finally:
            bar.empty()
    except ValueError as e:
        st.error(plain(str(e)), icon=":material/warning:")
        return
    state.keep_training(hist, Run(data, run_cfg, str(batch), int(s.seed), label))


def _cached(key: tuple, build):
    cache = state.fig_cache()
    if key not in cache:
        if len(cache) > 24:
            cache.clear()
        cache[key] = build()
    return cache[key]


def summary(hist, run: Run) -> None:
    k = hist.epochs_run
    c = st.columns(4)
    c[0].metric("Epochs run", f"{k:,}")
    change = hist.loss[k] - hist.loss[0]
    c[1].metric("Loss", num(hist.loss[k]), ("+" if change > 0 else "") + num(change),
                delta_color="inverse")
    c[2].metric("Samples m × inputs n", f"{run.data.m:,} × {run.data.n}")
    batch = {"full": "full batch", "sgd": "SGD"}.get(run.batch, f"mini-batch {run.batch}")
    c[3].metric("Batch", batch)
    names = ", ".join(run.data.feature_names)
    data = run.label or run.data.name
    st.caption(plain(f"Data: {data}; inputs {names}; target {run.data.target_name}. Trained "
                     f"with {run.cfg.act.label}, {run.cfg.loss_fn.label.lower()}, "
                     f"η = {run.cfg.lr:g}, {batch}."))
    if hist.stopped:
        st.warning(f"**Training stopped.** {hist.stopped}. The history up to epoch {k} is "
                   "kept.", icon=":material/pause_circle:")
        if not hist.overflowed:  # a warning sign, not a blow-up: the user may go on
            st.button("Train again without stopping early", key="btn_anyway",
                      icon=":material/fast_forward:",
                      help="Runs all the epochs, stopping only if the numbers stop being "
                           "finite: see what happens after the warning sign.")


def on_continue() -> None:
    """Take the parameters of the chosen epoch and sample into the step view."""
    hist, run = state.trained()
    k, i = int(state.number("tr_at")), int(state.number("tr_sample", 1)) - 1
    w, b = hist.at(k)
    cfg = Config(x=tuple(map(float, run.data.X[i])), w=tuple(map(float, w)), b=b,
                 y=float(run.data.y[i]), lr=run.cfg.lr, activation=run.cfg.activation,
                 loss=run.cfg.loss)
    try:
        cfg = cfg.validated()
    except ValueError as e:
        state.say_continue_error(f"Epoch {k} cannot be opened in the step view ({e}): pick "
                                 "an earlier epoch, before the weights grew this large.")
        return
    state.continue_in_step_view(cfg)


EXPLAIN = {
    "weights": "Each line is one parameter (a weight wᵢ, or the bias b) after each epoch of "
               "training; the lower panel is the loss. Steep parts are fast learning, flat "
               "parts are slow learning (small gradients). With a good learning rate the loss "
               "goes down and the weights settle.",
    "graph": "The same graph as on the step page, for one sample, with the weights of the "
             "chosen epoch. Thick edges carry large gradients; dashed edges carry negative "
             "ones. Move the epoch slider and watch the weights change and the gradients "
             "shrink as the neuron learns.",
    "landscape": "A map of the loss for every value of two parameters (dark = low loss). "
                 "Gradient descent walks downhill, across the contour lines. The other "
                 "parameters are held fixed at the chosen epoch, so the map is a slice.",
    "boundary": "Colour shows the neuron's output ŷ at each point of the input plane; the "
                "line is where ŷ crosses the threshold, so the neuron says one class on one "
                "side and the other class on the other side. Training moves and turns it.",
    "activation": "The activation function (top) and its slope (bottom). The dots are the z "
                  "of each sample. The slope is the factor ∂ŷ/∂z of the chain rule: where it "
                  "is near 0 (saturation) the gradient and learning almost stop.",
}


def _explain(key: str) -> None:
    with st.expander("What am I looking at?"):
        st.markdown(EXPLAIN[key])


def _table(rows, columns=None) -> None:
    with st.expander("Table view (the numbers of this figure)"):
        st.dataframe(rows if columns is None else [dict(zip(columns, r, strict=True))
                                                   for r in rows],
                     hide_index=True, width="stretch")


def _weights(hist, run: Run, lk: Look) -> None:
    st.caption("Each weight, the bias and the loss against the epoch. Press ▶ under the "
               "chart to replay the run in your browser; drag the slider to scrub.")
    fig = _cached(("weights", lk), lambda: figures.weights_figure(hist, look=lk))
    chart(fig, "fig_weights")
    theta = np.abs(np.column_stack([hist.w, hist.b]))
    early = float(theta[: max(2, len(theta) // 10)].max())
    if theta.max() > 1e3 * max(early, 1e-12):
        st.info(f"The weights grew {theta.max() / max(early, 1e-12):.1e} times over this run, "
                "so on this scale the first epochs look flat. The loss below is drawn on a "
                "log scale; the table view lists every epoch's weights.",
                icon=":material/zoom_in:")
    _explain("weights")
    _table(history_rows(hist, sample_rows(hist.epochs_run + 1)), history_columns(hist))
    st.download_button("History (CSV, every epoch)", history_csv(hist),
                       "backprop-history.csv", "text/csv", icon=":material/download:")


def _graph(hist, run: Run, lk: Look) -> None:
    st.caption("The computation graph of one sample with the weights of the chosen epoch: "
               "its values, its own loss L and its gradients (edge width and colour). The "
               "loss above is the mean over all samples, and each update uses the gradient "
               "of a whole batch, so no single sample's step is drawn here.")
    if not 1 <= int(state.number("tr_sample", 1)) <= run.data.m:  # a new run may have fewer
        state.set_number("tr_sample", 1)
    _number(st.columns([3, 1])[1], f"Sample (1 to {run.data.m:,})", 1, run.data.m,
            "tr_sample", "The sample", step=1)
    k, i = int(state.number("tr_at")), int(state.number("tr_sample")) - 1
    w, b = hist.at(k)
    step = Config(x=tuple(run.data.X[i]), w=tuple(w), b=b, y=float(run.data.y[i]),
                  lr=run.cfg.lr, activation=run.cfg.activation, loss=run.cfg.loss).step()
    heading = f"Epoch {k:,}  ·  sample {i + 1} of {run.data.m:,}"  # as wide as a stage title
    chart(graph_spec(step, CHAIN, heading=heading, look=lk),
          "fig_graph_t")
    _explain("graph")
    _table([{k_: v for k_, v in r.items() if k_ != "current"}  # no stage, no update here
            for r in graph_table(step, CHAIN)
            if r["kind"] != "update"])
    st.button("Continue in the step view from here", on_click=on_continue,
              icon=":material/east:")
    if err := state.take_continue_error():
        st.error(plain(err))


def _activation(hist, run: Run, lk: Look) -> None:
    at = int(state.number("tr_at"))
    w, b = hist.at(at)
    f = forward(w, b, run.data.X, run.data.y, run.cfg.act, run.cfg.loss_fn)
    z = f.z
    st.caption(f"{run.cfg.act.label} and its derivative, with the z of every sample at "
               f"epoch {at}. Where the derivative is small, the gradient that "
               "flows back is small too, and learning slows.")
    chart(figures.activation_figure(run.cfg.act, z, look=lk), "fig_act")
    _explain("activation")
    slope = backward(f, run.cfg.act, run.cfg.loss_fn).dyhat_dz
    _table([{"sample": i + 1, "z": float(z[i]), "ŷ": float(f.y_hat[i]), "∂ŷ/∂z": float(d)}
            for i, d in enumerate(slope[:200])])


def epoch_control(hist) -> None:
    """The epoch of the views that show one epoch: one control above the tabs, so that it
    is at hand whichever of them is open (the replays have their own sliders)."""
    state.set_number("tr_at", min(int(state.number("tr_at", hist.epochs_run)), hist.epochs_run))
    if hist.epochs_run > 0:
        st.slider("Epoch shown in the graph, the loss landscape and the activation lens",
                  0, hist.epochs_run, key="tr_at", persist_state="session",
                  help="The weights and the decision boundary replay every epoch with ▶ "
                       "and their own slider.")


def views(hist, run: Run) -> None:
    """The five views of the history, in tabs that switch in the browser: every tab is drawn
    (its figures kept per run in ``state.fig_cache``), so a switch asks nothing of the server.
    A tab switch that reran the script took 0.4 to 2 s in the browser after a large run."""
    epoch_control(hist)
    views = {"Weights over time": _weights, "Graph over time": _graph,
             "Loss landscape": _landscape, "Decision boundary": _boundary,
             "Activation lens": _activation}
    first = state.train_tab() if state.train_tab() in views else None  # a test, or a link
    lk = look()
    for tab, draw in zip(st.tabs(list(views), key="tr_views", default=first), views.values(),
                         strict=True):
        with tab:
            draw(hist, run, lk)


def _landscape(hist, run: Run, lk: Look) -> None:
    n = run.data.n
    names = [f"w{i + 1}" for i in range(n)] + ["b"]
    st.caption("The loss over two parameters, the others held fixed, with the path gradient "
               "descent took. Press ▶ to replay it.")
    for key, first in (("tr_p0", 0), ("tr_p1", 1)):  # a new run may have fewer inputs
        if state.number(key) is None or state.number(key) > n:
            state.set_number(key, first)
    c1, c2 = st.columns(2)
    p = c1.selectbox("Horizontal axis", range(n + 1), format_func=names.__getitem__,
                     key="tr_p0", persist_state="session")
    q = c2.selectbox("Vertical axis", range(n + 1), format_func=names.__getitem__,
                     key="tr_p1", persist_state="session")
    if p == q:
        st.info("Choose two different parameters.")
        return
    k = int(state.number("tr_at"))
    fig = _cached(("land", p, q, k, lk), lambda: figures.landscape_figure(
        run.data.X, run.data.y, hist, params=(p, q), at=k,
        look=lk))
    chart(fig, "fig_land")
    _explain("landscape")
    rows = sample_rows(hist.epochs_run + 1)
    theta = np.column_stack([hist.w, hist.b])
    _table([{"epoch": int(r), names[p]: float(theta[r, p]), names[q]: float(theta[r, q]),
             "loss": float(hist.loss[r])} for r in rows])


def _boundary(hist, run: Run, lk: Look) -> None:
    if run.data.n != 2:
        st.info(f"The decision boundary is drawn for data with two inputs; this data has "
                f"{run.data.n}.")
        return
    st.caption("The neuron's output ŷ over the input plane, the samples on top. The line is "
               "the decision boundary; press ▶ to watch it move during training.")
    fig = _cached(("boundary", lk), lambda: figures.boundary_figure(
        run.data.X, run.data.y, hist, look=lk))
    chart(fig, "fig_boundary")
    k = hist.epochs_run
    note = decision.boundary_note(run.data.X, run.data.y, run.cfg.act, *hist.at(k))
    if note:
        st.info(f"At the last epoch ({k:,}): {note}", icon=":material/info:")
    _explain("boundary")
    at = int(state.number("tr_at"))
    w, b = hist.at(at)
    y_hat = forward(w, b, run.data.X, run.data.y, run.cfg.act, run.cfg.loss_fn).y_hat
    _table([{"x1": float(x[0]), "x2": float(x[1]), "y": float(t), f"ŷ at epoch {at}":
             float(v)} for x, t, v in zip(run.data.X[:200], run.data.y, y_hat, strict=False)])
    if datasets.xor_like(run.data.X, run.data.y):  # the samples decide, never a name
        _xor_explained(hist, run)


def _xor_explained(hist, run: Run) -> None:
    ev = decision.xor_evidence(run.data.X, run.data.y, hist, run.cfg.act)
    (a1, b1), (a2, b2) = (np.unique(run.data.X[:, j]) for j in range(2))
    bound = ("at most 3 of the 4 points" if run.data.m == 4 else
             "one of the four corners is always on the wrong side")
    st.warning(
        "**Why XOR defeats one neuron.** A single neuron draws one straight line "
        "(w₁x₁ + w₂x₂ + b = 0) and says 1 on one side, 0 on the other. XOR needs "
        f"({a1:g},{b2:g}) and ({b1:g},{a2:g}) on one side and ({a1:g},{a2:g}) and "
        f"({b1:g},{b2:g}) on the other: no straight line does that. The evidence: the best "
        f"accuracy over this run was {ev['best_accuracy']:.0%} ({bound}), and the loss ended "
        f"at {ev['final_loss']:.4f}. It takes a hidden layer (two neurons) to solve XOR: "
        "[see it learn on the Network page](?page=network&example=xor) (XOR with 2-2-1).",
        icon=":material/block:")


def view() -> None:
    """The whole training section."""
    cfg = state.setup()
    defaults(cfg)
    state.train_write_url()  # the address bar reopens this page with these settings
    presenting = state.presenter()
    if presenting:
        with st.columns([3, 1])[1]:
            size_control()
    trained = state.trained()[0] is not None
    if presenting and trained:  # the figures first, on a projector
        box = st.expander("Training settings", icon=":material/tune:")
    else:
        box = st.container(border=True)
    with box:
        left, right = st.columns([1, 2])
        with left:
            data_controls()
        with right:
            bad = train_controls()  # Train waits for a valid activation/loss pair
        range_warning()
        row = st.container(horizontal=True, vertical_alignment="center")
        go = row.button("Train", type="primary", icon=":material/model_training:",
                        key="btn_train", disabled=bool(bad),
                        help="Choose a loss that suits the activation first." if bad else None)
        with row.popover("Share these settings", icon=":material/link:"):
            share_link()
    if (go or state.train_anyway()) and not bad:
        run_training(cfg, watch=bool(go))
        if presenting and not trained and state.trained()[0] is not None:
            st.rerun()  # fold the settings away now that there is something to show
    hist, run = state.trained()
    if hist is None:
        st.info("Choose the data and press **Train**: the history of every epoch appears "
                "here, with replays of how the weights move.")
        return
    summary(hist, run)
    views(hist, run)
