"""Figures of training across iterations: weights, loss landscape, decision boundary, activation.

Each ``*_figure`` returns a :class:`plotly.graph_objects.Figure` built in one go from plain
dicts (``go.Figure(dict(data=..., layout=..., frames=...))``), which is about ten times faster
than adding traces, shapes or annotations one by one. Backgrounds are transparent; ``dark``
picks text and grid colours for Streamlit's dark page (``#0e1117``) instead of its white one.
Colours are the Okabe–Ito set of :mod:`neuron.palette`, and wherever a difference matters it
is shown by line style or marker symbol as well as by colour. Every figure works in a
notebook with ``fig.show()``.

What is sent to the browser does not grow with the number of epochs: every line is drawn
through at most :data:`~neuron.chart.LINE_POINTS` rows of the history chosen by
:func:`~neuron.chart.sample_rows`, and the replay animations (Plotly ``frames`` with a
Play/Pause button and a slider to scrub) have at most :data:`~neuron.chart.MAX_FRAMES` frames
(:data:`BOUNDARY_FRAMES` for the decision boundary, whose frames each carry a whole map of
ŷ). Over a map, what moves is a layout shape, never a scatter trace: see
:func:`neuron.chart.dot` for the plotly.js behaviour this avoids.

The pieces every figure shares are in :mod:`neuron.chart`; the geometry of the decision
boundary, and the numbers that show one neuron cannot learn XOR, in :mod:`neuron.decision`.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from .activations import SATURATED, Activation
from .chart import (
    MAX_FRAMES,
    axis,
    base_layout,
    clean,
    dash,
    dot,
    figure,
    frame_rows,
    line_values,
    marker_size,
    minus,
    param_colors,
    param_names,
    player,
    row_index,
    sample_rows,
    style,
    thin,
    title,
)
from .decision import (
    boundary_window,
    decision_threshold,
    plane_scale,
    segment,
    span,
    unit_label,
    z_at,
)
from .fmt import num, superscript
from .palette import (
    ORANGE,
    PLAIN,
    REDDISH_PURPLE,
    VERMILLION,
    YELLOW,
    Look,
    Theme,
    theme,
)
from .train import History

BOUNDARY_FRAMES = 25  # frames of the decision-boundary replay
FRAME_GRID = 28  # the boundary replay's maps of ŷ are FRAME_GRID x FRAME_GRID (float32)
CHUNK = 500_000  # most values of z per block of the landscape (4 MB: cache-sized, faster)
VIRIDIS = tuple(map(tuple, get_colorscale("Viridis")))  # spelt out: figures skip validation

# ŷ maps: tints of the negative (vermillion / orange) and positive (blue) colours, neutral
# in the middle at the decision threshold.
_DIVERGING_LIGHT = ("#eaa477", "#f7f7f7", "#80b6dc")
_DIVERGING_DARK = ("#8a4a12", "#1a1d24", "#1f5f8a")
_NOHOVER = "skip"


# -- shared helpers -----------------------------------------------------------------------


# -- 1. weights and loss over the epochs --------------------------------------------------


def log_ticks(lo: float, hi: float, most: int = 8, values: bool = True) -> dict:
    """Ticks at the powers of ten between 10^lo and 10^hi, all labelled in one notation.

    Plotly's own labels mix notations on a long log axis ("1B" beside "1e+18"); these are
    plain numbers (0.01, 1, 100) when every one fits in a few digits, else powers of ten
    (10⁻⁶ … 10¹⁸). ``values``: tick positions as the values (a log axis) or as their
    exponents (a colour bar over log₁₀ of the values).
    """
    k = np.arange(math.ceil(lo), math.floor(hi) + 1)
    k = k[:: max(1, -(-k.size // most))]
    plain = k.size and k.min() >= -3 and k.max() <= 4
    text = [f"{10.0 ** e:g}" if plain else "10" + superscript(int(e))
            for e in k]
    return dict(tickvals=[float(10.0 ** e if values else e) for e in k], ticktext=text)


def _loss_axis(loss) -> tuple[bool, list, list, dict]:
    """(log scale?, the axis' range, the cursor's ends, the log ticks) of the loss panel: log
    when the loss spans more than two decades."""
    pos = loss[np.isfinite(loss) & (loss > 0)]
    log = pos.size > 1 and pos.size == np.isfinite(loss).sum() and pos.max() > 100 * pos.min()
    if log:
        lr = [np.log10(pos.min()) - 0.1, np.log10(pos.max()) + 0.1]
        return log, lr, [10 ** lr[0], 10 ** lr[1]], log_ticks(*lr)
    lr = span(loss, least=0.05)
    return log, lr, lr, {}


def _weight_lines(theta, loss, rows, names, colors, s) -> list[dict]:
    """A line for each parameter (top panel) and the loss (bottom)."""
    x = rows.astype(np.int32)  # lines are for the eye: int32 epochs, float32 values
    lines = [dict(type="scatter", mode="lines", x=x, y=line_values(theta[rows, j]), name=names[j],
                  xaxis="x", yaxis="y", line=dict(color=colors[j], width=2,
                                                   dash=dash(j)),
                  hovertemplate=f"{names[j]} = %{{y:.4f}}<extra></extra>")
             for j in range(theta.shape[1])]
    lines.append(dict(type="scatter", mode="lines", x=x, y=line_values(loss[rows]), name="loss",
                      xaxis="x2", yaxis="y2", showlegend=False,
                      line=dict(color=s["text"], width=2),
                      hovertemplate="loss = %{y:.5g}<extra></extra>"))
    return lines


def weights_figure(history: History, *, current: int | None = None,
                   look: Look = PLAIN) -> go.Figure:
    """Each weight wᵢ and the bias b (top) and the loss (bottom) against the epoch.

    Every parameter has its own colour and dash style. A cursor and a point on every line
    mark the epoch ``current`` (default: the last); the Play button replays the run by moving
    them along (at most :data:`MAX_FRAMES` frames) and the slider scrubs through it. The loss
    axis is logarithmic when the loss spans more than two decades.
    """
    dark, scale = look.dark, look.scale
    s = style(dark, scale)
    theta = np.column_stack([history.w, history.b])
    n_rows, n_par = theta.shape
    k0 = row_index(n_rows, current, "current")
    loss = clean(history.loss)
    rows = sample_rows(n_rows)
    names, colors = param_names(n_par - 1), param_colors(n_par, dark, s["t"])
    top = span(theta)
    log, lr, bottom, loss_ticks = _loss_axis(loss)
    lines = _weight_lines(theta, loss, rows, names, colors, s)

    def markers(k: int) -> list[dict]:
        return [dict(x=[k] * n_par, y=clean(theta[k]).tolist()), dict(x=[k], y=[loss[k]]),
                dict(x=[k, k]), dict(x=[k, k])]

    first = markers(k0)
    first[2]["y"], first[3]["y"] = top, bottom  # the cursors' ends stay put
    pt = dict(type="scatter", mode="markers", hoverinfo=_NOHOVER, showlegend=False)
    cursor = dict(type="scatter", mode="lines", hoverinfo=_NOHOVER, showlegend=False,
                  line=dict(color=s["muted"], width=1.5, dash="dot"))
    data = [*lines,
            pt | first[0] | dict(xaxis="x", yaxis="y", marker=dict(
                color=colors, size=10, line=dict(color=s["outline"], width=1.5))),
            pt | first[1] | dict(xaxis="x2", yaxis="y2", marker=dict(
                color=s["text"], size=10, line=dict(color=s["outline"], width=1.5))),
            cursor | first[2] | dict(xaxis="x", yaxis="y"),
            cursor | first[3] | dict(xaxis="x2", yaxis="y2")]
    moving = list(range(n_par + 1, n_par + 5))
    frows = frame_rows(n_rows, MAX_FRAMES, k0)
    frames = [dict(name=str(k), data=markers(int(k)), traces=moving) for k in frows]
    last = max(n_rows - 1, 1)
    xr = [-0.015 * last, 1.015 * last]  # room for the markers at both ends
    layout = base_layout(
        s, dark, height=480, hovermode="x unified", margin=dict(l=10, r=10, t=36, b=84),
        xaxis=axis(s, domain=[0, 1], anchor="y", range=xr, showticklabels=False),
        xaxis2=axis(s, "epoch", domain=[0, 1], anchor="y2", range=xr, matches="x"),
        yaxis=axis(s, "weights and bias", domain=[0.42, 1], range=top, zeroline=True),
        yaxis2=axis(s, "loss (log)" if log else "loss", domain=[0, 0.33], range=lr,
                     type="log" if log else "linear", **loss_ticks),
        **player(s, [str(k) for k in frows], int(np.searchsorted(frows, k0))),
    )
    return figure(data, layout, frames)


# -- 2. the loss landscape over two parameters --------------------------------------------


def _loss_grid(X, y, history: History, theta: np.ndarray, across: tuple[int, np.ndarray],
               up: tuple[int, np.ndarray]) -> np.ndarray:
    """Mean loss of ``history``'s neuron with θ_p = a[i], θ_q = c[j] (``across`` = (p, a),
    ``up`` = (q, c)), the rest of θ fixed: shape (len(c), len(a)).

    Vectorised: z has shape (rows, len(a), m), in blocks of rows small enough that no block
    holds more than :data:`CHUNK` values.
    """
    (p, a), (q, c), activation, loss = across, up, history.act, history.loss_fn
    m, n = X.shape
    cols = np.column_stack([X, np.ones(m)])  # dz/dθ: x₁ … xₙ, then 1 for b
    fixed = theta.copy()
    fixed[[p, q]] = 0.0
    base = cols @ fixed  # z without θ_p and θ_q
    za = a[:, None] * cols[:, p]  # (G, m)
    out = np.empty((c.size, a.size))
    step = max(1, CHUNK // max(1, a.size * m))
    with np.errstate(all="ignore"):
        for j in range(0, c.size, step):
            z = base + za[None] + c[j:j + step, None, None] * cols[:, q]
            out[j:j + step] = loss.value(z, activation.fn(z), y).mean(axis=-1)
    return out


def _held_text(theta_k: np.ndarray, names: list[str], p: int, q: int, k: int) -> str:
    held = [f"{names[i]} = {minus(num(v))}" for i, v in enumerate(theta_k) if i not in (p, q)]
    if not held:
        return f"no other parameters (θ has only {names[p]} and {names[q]})"
    lines = [", ".join(held[i:i + 4]) for i in range(0, len(held), 4)]
    return f"other parameters held at epoch {k}: " + ",<br>".join(lines)


def _descent_traces(path, ok, names: tuple[str, str], s: dict) -> list[dict]:
    """The path of gradient descent over the map (start: square, end: star)."""
    rows = sample_rows(path.shape[0])
    rows = rows[ok[rows]]
    ends = np.flatnonzero(ok)[[0, -1]] if ok.any() else np.array([0, 0])
    outline = dict(color="#000000", width=1.5)
    point = dict(type="scatter", mode="markers", hoverinfo=_NOHOVER)
    return [
        # The path: a line in the text colour on a halo of the page's colour, so that it
        # reads on every colour of the map and in the legend.
        dict(type="scatter", mode="lines", x=path[rows, 0], y=path[rows, 1], showlegend=False,
             hoverinfo=_NOHOVER, line=dict(color=s["outline"], width=6)),
        dict(type="scatter", mode="lines+markers", x=path[rows, 0], y=path[rows, 1],
             name="gradient descent", line=dict(color=s["text"], width=2),
             marker=dict(size=4, color=s["text"]), customdata=rows,
             hovertemplate=f"epoch %{{customdata}}<br>{names[0]} = %{{x:.4f}}<br>"
                           f"{names[1]} = %{{y:.4f}}<extra></extra>"),
        point | dict(x=path[ends[:1], 0], y=path[ends[:1], 1], name=f"start (epoch {ends[0]})",
                     marker=dict(symbol="square", size=13, color=ORANGE, line=outline)),
        point | dict(x=path[ends[1:], 0], y=path[ends[1:], 1], name=f"end (epoch {ends[1]})",
                     marker=dict(symbol="star", size=19, color=YELLOW, line=outline)),
    ]


def landscape_figure(X, y, history: History, *,
                     params: tuple[int, int] = (0, 1), at: int | None = None, grid: int = 60,
                     look: Look = PLAIN) -> go.Figure:
    """The mean loss over two parameters of θ = (w₁, …, wₙ, b) as a contour map, with the path.

    ``params`` are indices into θ (for one input, (0, 1) is w₁ and b). The other parameters
    are held at their values at epoch ``at`` (default: the last), as the title states: the
    map is a slice of the loss through that epoch. The path of gradient descent is drawn on
    it (start: square, end: star), and the Play button moves a point along it.
    """
    dark, scale = look.dark, look.scale
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    s = style(dark, scale)
    theta_all = np.column_stack([history.w, history.b])
    n_rows, n_par = theta_all.shape
    p, q = (int(i) for i in params)
    if p == q or not (0 <= p < n_par and 0 <= q < n_par):
        raise ValueError(f"params must be two different indices between 0 and {n_par - 1} "
                         f"(θ = w₁ … wₙ, b), not {tuple(params)}")
    k_at = row_index(n_rows, at, "at")
    names = param_names(n_par - 1)
    path = theta_all[:, [p, q]]
    ok = np.all(np.isfinite(path), axis=1)
    xr, yr = span(path[ok, 0], pad=0.2), span(path[ok, 1], pad=0.2)
    a, c = np.linspace(*xr, grid), np.linspace(*yr, grid)
    L = _loss_grid(X, y, history, theta_all[k_at], (p, a), (q, c))
    contour, log = _loss_contour(L, a, c, f"{names[p]} = %{{x:.4f}}<br>{names[q]} = %{{y:.4f}}", s)

    frows = frame_rows(n_rows, MAX_FRAMES, k_at)
    data = [contour, *_descent_traces(path, ok, (names[p], names[q]), s)]

    def replay(k: int) -> dict:
        # 11 px: the end's star (19 px) still shows around the point when it stands there
        return dot(path[k, 0], path[k, 1], REDDISH_PURPLE, name="replay", size=11)

    frames = [dict(name=str(k), layout=dict(shapes=[replay(k)])) for k in frows]
    sub = _held_text(theta_all[k_at], names, p, q, k_at)
    extra = 16 * sub.count("<br>")
    layout = base_layout(
        s, dark, height=520 + extra, margin=dict(l=10, r=10, t=86 + extra, b=84),
        title=title(s, f"Mean loss{' (log scale)' if log else ''} over {names[p]} and "
                     f"{names[q]}", sub),
        xaxis=axis(s, names[p], range=xr, showgrid=False),
        yaxis=axis(s, names[q], range=yr, showgrid=False),
        shapes=[replay(k_at)],
        meta=dict(at=k_at, params=[p, q], log=log,
                  held={names[i]: float(v) for i, v in enumerate(theta_all[k_at])
                        if i not in (p, q)}),
        **player(s, [str(k) for k in frows], int(np.searchsorted(frows, k_at)), redraw=True,
                  duration=80),
    )
    return figure(data, layout, frames)


def _loss_contour(L: np.ndarray, a, c, hover: str, s: dict) -> tuple[dict, bool]:
    """The contour trace of a loss grid, and whether it is drawn on a log scale.

    When the finite losses span more than two decades the map shows log₁₀(loss), so that the
    levels are evenly spaced in ratio (the valley keeps its detail); the loss itself is then
    in ``customdata`` for the hover text and the colour bar is labelled in loss values.
    The levels stop at the 95th percentile, so a few huge values do not flatten the rest.
    """
    finite = L[np.isfinite(L)]
    log = bool(finite.size and finite.min() > 0 and finite.max() > 100 * finite.min())
    with np.errstate(all="ignore"):
        Z = np.log10(L) if log else L
    zf = Z[np.isfinite(Z)]
    lo = float(zf.min()) if zf.size else 0.0
    hi = float(np.quantile(zf, 0.95)) if zf.size else 1.0
    hi = hi if hi > lo else lo + 1.0
    bar = dict(title=dict(text="mean loss", side="right", font=dict(size=s["font"])),
               thickness=12 * s["k"], len=0.9, tickfont=dict(size=s["small"]),
               tickformat=".4~g")
    trace = dict(type="contour", x=a, y=c, z=Z, colorscale=VIRIDIS, zmin=lo, zmax=hi,
                 contours=dict(start=lo, end=hi, size=(hi - lo) / 16, coloring="fill"),
                 line=dict(width=0.5, color="rgba(0,0,0,0.35)"), colorbar=bar,
                 hovertemplate=hover + "<br>loss = %{z:.5g}<extra></extra>")
    if log:
        if np.floor(hi) - np.ceil(lo) >= 2:  # three powers of ten or more
            bar |= log_ticks(lo, hi, values=False)
        else:
            ticks = np.linspace(lo, hi, 4)
            bar |= dict(tickvals=ticks.tolist(), ticktext=[f"{10 ** v:.2g}" for v in ticks])
        trace |= dict(customdata=L, hovertemplate=hover + "<br>loss = %{customdata:.5g}"
                                                          "<extra></extra>")
    return trace, log


# -- 3. the decision boundary in the input plane ------------------------------------------


def _yhat_map(activation: Activation, w, b: float, ranges, g: int,
              scale: tuple[float, float] = (1.0, 1.0)) -> dict:
    """ŷ on a g x g grid over the box ``ranges`` = (xr, yr) (in the axes' units ``scale``),
    as the heat map's x0, dx, y0, dy and z. A point beyond float64 (a window around samples near
    ±1.8·10³⁰⁸) has z = ±inf there, so ŷ is the activation's limit, or a gap in the map.

    z is compacted as a line's values are (:func:`line_values`: float32, ŷ to 7 digits, unless
    some value is beyond float32 and the map would go blank); the grid is x0 + i·dx,
    y0 + j·dy, so no coordinate arrays are sent.
    """
    xr, yr = ranges
    gx, gy = np.linspace(*xr, g), np.linspace(*yr, g)
    with np.errstate(all="ignore"):
        z = line_values(activation.fn(w[0] * gx[None, :] * scale[0] + w[1] * gy[:, None] * scale[1]
                                + b))
    return dict(x0=xr[0], dx=gx[1] - gx[0], y0=yr[0], dy=gy[1] - gy[0], z=z)


def boundary_figure(X, y, history: History, *, at: int | None = None,
                    grid: int = 80, look: Look = PLAIN) -> go.Figure:
    """The neuron's output ŷ over the plane of two inputs, the samples on top, and the boundary.

    The heat map is ŷ = act(w₁x₁ + w₂x₂ + b) at epoch ``at`` (default: the last), its colours
    diverging around the decision threshold (:func:`decision_threshold`), which is drawn as a
    line; the samples are marked by class with different symbols. The Play button replays how
    the boundary moved over at most :data:`BOUNDARY_FRAMES` epochs; to keep the figure small
    the maps are float32 and the replay's are :data:`FRAME_GRID` points a side (drawn
    smoothed). The boundary line is exact: the line w₁x₁ + w₂x₂ + b = z* where act(z*)
    reaches the threshold.
    """
    dark, scale, activation = look.dark, look.scale, history.act
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"the decision boundary is drawn for exactly two inputs, not "
                         f"{X.shape[1] if X.ndim == 2 else X.ndim}")
    s, t = style(dark, scale), theme(dark)
    n_rows = history.w.shape[0]
    k_at = row_index(n_rows, at, "at")
    thr = decision_threshold(activation, y)
    z_star = z_at(activation, thr)
    box, scale = boundary_window(X), plane_scale(X)
    units = unit_label(scale[0]), unit_label(scale[1])
    xr, yr = list(box[:2]), list(box[2:])
    frows = frame_rows(n_rows, BOUNDARY_FRAMES, k_at)
    g = min(grid, FRAME_GRID)
    maps = [_yhat_map(activation, history.w[k], history.b[k], (xr, yr), g, scale)
            for k in frows]
    half = _colour_half_range(activation, thr, maps)
    low, mid, high = _DIVERGING_DARK if dark else _DIVERGING_LIGHT
    hover = (f"x₁ = %{{x:.3f}}{units[0]}<br>x₂ = %{{y:.3f}}{units[1]}<br>ŷ = %{{z:.4f}}"
             "<extra></extra>")
    heat = dict(type="heatmap", **_yhat_map(activation, history.w[k_at], history.b[k_at],
                                            (xr, yr), grid, scale),
                zmin=thr - half, zmax=thr + half, colorscale=[[0, low], [0.5, mid], [1, high]],
                zsmooth="best", hovertemplate=hover,
                colorbar=dict(title=dict(text="ŷ", side="top", font=dict(size=s["font"])),
                              thickness=12 * s["k"], len=0.9, tickfont=dict(size=s["small"])))

    def boundary(k: int) -> dict:
        return _boundary_line(history, k, (z_star, thr), box, scale, s)

    data = [heat, *_class_traces(X / np.array(scale), y, thr, t, s, units)]
    frames = [dict(name=str(k), traces=[0], data=[dict(type="heatmap", **maps[i])],
                   layout=dict(shapes=[boundary(k)]))
              for i, k in enumerate(frows)]
    shown = thin(X.shape[0]).size
    note = "" if shown == X.shape[0] else f" ({shown:,} of {X.shape[0]:,} samples shown)"
    layout = base_layout(
        s, dark, height=520, margin=dict(l=10, r=10, t=62, b=84),
        title=title(s, f"ŷ = {activation.symbol}(w₁x₁ + w₂x₂ + b){note}"),
        xaxis=axis(s, "x₁" + units[0], range=xr, showgrid=False),
        yaxis=axis(s, "x₂" + units[1], range=yr, showgrid=False),
        shapes=[boundary(k_at)], meta=dict(threshold=thr, at=k_at),
        **player(s, [str(k) for k in frows], int(np.searchsorted(frows, k_at)), redraw=True,
                  duration=150),
    )
    return figure(data, layout, frames)


def _colour_half_range(activation: Activation, thr: float, maps) -> float:
    """Half the colour scale's range around the threshold: to the activation's bounds, or,
    unbounded, to where 98 % of the replay's outputs lie."""
    lo, hi = activation.out_range
    if np.isfinite(lo) and np.isfinite(hi):
        return max(thr - lo, hi - thr)
    dev = np.abs(np.concatenate([m_["z"].ravel() for m_ in maps]) - thr)
    dev = dev[np.isfinite(dev)]
    half = float(np.quantile(dev, 0.98)) if dev.size else 1.0
    return half if half > 0 else 1.0


def _boundary_line(history: History, k: int, at: tuple[float, float], box, scale,
                   s: dict) -> dict:
    """The line ŷ = threshold at epoch k, as a shape (see dot for why not a trace); ``at`` is
    (z*, the threshold), act(z*) = threshold."""
    z_star, thr = at
    xs, ys = segment(history.w[k], history.b[k], z_star, box, scale)
    ends = dict(x0=xs[0], x1=xs[1], y0=ys[0], y1=ys[1]) if xs else dict(
        x0=box[0], x1=box[0], y0=box[2], y1=box[2], visible=False)
    return dict(type="line", xref="x", yref="y", layer="above", name=f"boundary ŷ = {thr:g}",
                showlegend=True, line=dict(color=s["text"], width=3), **ends)


def _class_traces(X, y, thr: float, t: Theme, s: dict,
                  units: tuple[str, str] = ("", "")) -> list[dict]:
    """The samples: below the threshold as crosses, at or above it as circles (X in the
    figure's unit, said in the hover text)."""
    idx = thin(X.shape[0])
    values = np.unique(y)
    two = values.size <= 2
    out = []
    for above, symbol, color in ((False, "x", t.negative), (True, "circle", t.positive)):
        sel = idx[(y[idx] >= thr) == above]
        if not sel.size:
            continue
        label = f"y ≥ {thr:g}" if above else f"y < {thr:g}"
        name = f"y = {y[sel[0]]:g}" if two else label
        xy = X[sel].astype(np.float32)  # for the eye: half the bytes
        out.append(dict(type="scatter", mode="markers", x=xy[:, 0], y=xy[:, 1], name=name,
                        hovertemplate=f"x₁ = %{{x:.3f}}{units[0]}<br>"
                                      f"x₂ = %{{y:.3f}}{units[1]}",
                        marker=dict(symbol=symbol, size=marker_size(X.shape[0]),
                                    color=color, line=dict(color=s["outline"], width=1.5))))
    return out


# -- 4. the activation and its derivative -------------------------------------------------


def _intervals(mask: np.ndarray, zs: np.ndarray) -> list[tuple[float, float]]:
    """The [start, end] z ranges where ``mask`` holds, on the sorted grid zs."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(int), 0]))
    return [(float(zs[i]), float(zs[j - 1])) for i, j in zip(edges[::2], edges[1::2],
                                                              strict=True)]


def activation_figure(activation: Activation, z_values, *, look: Look = PLAIN) -> go.Figure:
    """The activation ŷ = act(z) (top) and its derivative (bottom), the z of each sample on both.

    z runs over [−6, 6], wider if a value of z lies outside. Where the derivative is below
    :data:`SATURATED` (for the sigmoid |z| > 3.9, where σ′ < 0.02) the band is shaded and
    labelled: the gradient that flows back through the neuron is tiny there, so learning
    slows. For a bounded activation the derivative's maximum (σ′ ≤ 0.25) is marked as well.
    """
    dark, scale = look.dark, look.scale
    s, t = style(dark, scale), theme(dark)
    zv = np.atleast_1d(np.asarray(z_values, dtype=np.float64)).ravel()
    fin = zv[np.isfinite(zv)]
    lo = min(-6.0, float(fin.min()) - 0.5) if fin.size else -6.0
    hi = max(6.0, float(fin.max()) + 0.5) if fin.size else 6.0
    zs = np.union1d(np.linspace(lo, hi, 601), [0.0])
    with np.errstate(all="ignore"):
        ys = activation.fn(zs)
        ds = activation.der(zs, ys)
        d_all = activation.der(fin, activation.fn(fin))
    slow = _intervals(ds < SATURATED, zs)
    shapes, notes = _saturation_marks(activation, zs, ds, slow, s)
    sym = activation.symbol
    count = f"dots: the z of each of the {fin.size} sample{'s' if fin.size != 1 else ''}" \
        if fin.size != 1 else "dot: the z of the one sample"
    if slow:
        n_slow = int(np.sum(d_all < SATURATED))
        count += (f"; {'none' if n_slow == 0 else n_slow} of them in the shaded bands "
                  f"({sym}′ < {SATURATED:g})")
    layout = base_layout(
        s, dark, height=480, margin=dict(l=10, r=10, t=86, b=10), shapes=shapes,
        annotations=notes, hovermode="closest",
        title=title(s, f"{activation.label}: {sym}(z) and its derivative {sym}′(z)", count),
        xaxis=axis(s, domain=[0, 1], anchor="y", range=[lo, hi], showticklabels=False),
        xaxis2=axis(s, "z", domain=[0, 1], anchor="y2", range=[lo, hi], matches="x"),
        yaxis=axis(s, f"ŷ = {sym}(z)", domain=[0.53, 1], zeroline=True),
        yaxis2=axis(s, f"{sym}′(z)", domain=[0, 0.45], zeroline=True),
    )
    return figure(_activation_traces(activation, (zs, ys, ds), fin, s, t, dark), layout)


def _saturation_marks(activation: Activation, zs, ds, slow, s) -> tuple[list, list]:
    """The shaded bands where the derivative is below SATURATED, their labels, and for a
    bounded activation the line of the derivative's maximum."""
    sym = activation.symbol
    bounded = all(np.isfinite(activation.out_range))
    word = "saturated: learning slows" if bounded else (
        f"{sym}′ = {ds[0]:g}: " + ("no learning" if ds[0] == 0 else "learning slows"))
    shapes = [dict(type="rect", xref="x", yref="paper", x0=a, x1=b, y0=0, y1=1, layer="below",
                   line=dict(width=0), fillcolor="rgba(230,159,0,0.16)") for a, b in slow]
    # The labels go in the derivative's panel, whose curve runs along the bottom there.
    notes = [dict(xref="x", yref="y2 domain", x=(a + b) / 2, y=0.55, yanchor="middle",
                  text=word.replace(": ", ":<br>"), showarrow=False,
                  font=dict(size=s["small"], color=s["text"])) for a, b in slow]
    if bounded:
        top = float(np.max(ds))
        shapes.append(dict(type="line", xref="paper", yref="y2", x0=0, x1=1, y0=top, y1=top,
                           line=dict(color=s["muted"], width=1.5, dash="dash")))
        notes.append(dict(xref="paper", yref="y2", x=1, y=top, xanchor="right",
                          yanchor="bottom", showarrow=False,
                          font=dict(size=s["small"], color=s["text"]),
                          text=f"{sym}′ ≤ {top:.4g} everywhere"))
    return shapes, notes


def _activation_traces(activation: Activation, curve, fin, s, t, dark) -> list[dict]:
    """The curve and its derivative (``curve``: z, act(z), act′(z) on a grid), and the
    samples' z on each (thinned when many)."""
    zs, ys, ds = curve
    sym = activation.symbol
    shown = fin[thin(fin.size)]
    with np.errstate(all="ignore"):
        y_pts = activation.fn(shown)
        d_pts = activation.der(shown, y_pts)
    pts = dict(type="scatter", mode="markers", showlegend=False,
               marker=dict(symbol="circle", size=marker_size(shown.size) - 1,
                           color=t.highlight if dark else VERMILLION,
                           line=dict(color=s["outline"], width=1)))
    return [
        dict(type="scatter", mode="lines", x=line_values(zs), y=line_values(ys), name=f"{sym}(z)",
             xaxis="x", yaxis="y",
             line=dict(color=t.forward, width=2.5),
             hovertemplate=f"z = %{{x:.3f}}<br>{sym}(z) = %{{y:.4f}}<extra></extra>"),
        dict(type="scatter", mode="lines", x=line_values(zs), y=line_values(ds),
             name=f"{sym}′(z)", xaxis="x2", yaxis="y2",
             line=dict(color=t.backward, width=2.5, dash="dash"),
             hovertemplate=f"z = %{{x:.3f}}<br>{sym}′(z) = %{{y:.4f}}<extra></extra>"),
        pts | dict(x=line_values(shown), y=line_values(y_pts), xaxis="x", yaxis="y",
                   name="samples' z",
                   hovertemplate="z = %{x:.4f}<br>ŷ = %{y:.4f}<extra>sample</extra>"),
        pts | dict(x=line_values(shown), y=line_values(d_pts), xaxis="x2", yaxis="y2",
                   name="samples' z (derivative)",
                   hovertemplate=f"z = %{{x:.4f}}<br>{sym}′ = %{{y:.4f}}<extra>sample</extra>"),
    ]


# -- 5. the evidence that one neuron cannot learn XOR -------------------------------------


