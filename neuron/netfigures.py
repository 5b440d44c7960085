"""Figures of a network's training: loss, gradient size per layer, every weight over time, and
the decision boundary with the first hidden layer's own lines.

Built in one go from dicts, flat in the number of epochs (at most ``LINE_POINTS`` rows per line,
``MAX_FRAMES`` frames per replay), usable with ``fig.show()``. The chrome (fonts, colours,
Play/Pause and slider) is :mod:`neuron.figures`' own, so every figure of the app looks alike.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from . import net as nn
from .chart import (
    MAX_FRAMES,
    axis,
    base_layout,
    dash,
    figure,
    line_values,
    param_colors,
    player,
    sample_rows,
    span,
    style,
    title,
)
from .fmt import num
from .losses import MSE
from .palette import BLUE, PLAIN, VERMILLION, Look, theme
from .train import History


def _layers(sizes) -> list[tuple[int, int, int, int]]:
    """Per layer l: (start of W, end of W, end of b, rows) in a row of Net.theta."""
    out, at = [], 0
    for l in range(len(sizes) - 1):
        w_end = at + sizes[l + 1] * sizes[l]
        out.append((at, w_end, w_end + sizes[l + 1], sizes[l + 1]))
        at = w_end + sizes[l + 1]
    return out


def weight_names(sizes) -> list[str]:
    """W1[1,1], W1[1,2], …, b1[1], … in the order of Net.theta (counted from 1)."""
    names = []
    for l in range(len(sizes) - 1):
        names += [f"W{l + 1}[{j + 1},{i + 1}]" for j in range(sizes[l + 1])
                  for i in range(sizes[l])]
        names += [f"b{l + 1}[{j + 1}]" for j in range(sizes[l + 1])]
    return names


def loss_figure(history: History, *, look: Look = PLAIN) -> go.Figure:
    """The mean loss over the epochs (log scale when it spans more than a factor of 100)."""
    dark, scale = look.dark, look.scale
    s = style(dark, scale)
    rows = sample_rows(history.epochs_run + 1)
    loss = line_values(history.loss[rows])
    positive = loss[np.isfinite(loss)]
    log = positive.size > 0 and positive.min() > 0 and positive.max() / positive.min() > 100
    data = [dict(type="scatter", mode="lines", x=rows.tolist(), y=loss.tolist(), name="loss",
                 line=dict(color=s["text"], width=2 * scale),
                 hovertemplate="epoch %{x}: L = %{y:.4g}<extra></extra>")]
    layout = base_layout(s, dark, height=300, title=title(
                         s, "Loss over the epochs", f"from {num(history.loss[0])} to "
                         f"{num(history.loss[-1])}"),
                     xaxis=axis(s, "epoch"),
                     yaxis=axis(s, "mean loss", type="log" if log else "linear",
                                 exponentformat="power"),
                     showlegend=False, margin=dict(l=10, r=10, t=60, b=10))
    return figure(data, layout)


def gradient_sizes_figure(history: History, *, look: Look = PLAIN) -> go.Figure:
    """‖∂L/∂W‖ of each layer over the epochs, log scale: vanishing gradients show as the
    lower layers' lines falling far below the output layer's."""
    dark, scale = look.dark, look.scale
    s = style(dark, scale)
    rows = sample_rows(history.epochs_run + 1)
    L = len(history.sizes) - 1
    colors = param_colors(L + 1, dark, s["t"])
    data = []
    for l, (a, b, _, _) in enumerate(_layers(history.sizes)):
        norm = np.linalg.norm(history.grad[rows, a:b], axis=1)
        norm[norm <= 0] = np.nan  # a zero has no place on a log axis
        name = "output layer" if l == L - 1 else f"hidden layer {l + 1}"
        data.append(dict(type="scatter", mode="lines", x=rows.tolist(),
                         y=line_values(norm).tolist(), name=f"‖∂L/∂W{l + 1}‖ ({name})",
                         line=dict(color=colors[l], width=2 * scale, dash=dash(l)),
                         hovertemplate=f"epoch %{{x}}: ‖∂L/∂W{l + 1}‖ = %{{y:.3g}}<extra></extra>"))
    layout = base_layout(s, dark, height=320, title=title(
                         s, "Gradient size per layer", "how strongly each layer's weights are "
                         "pushed; a layer far below the others learns slowly"),
                     xaxis=axis(s, "epoch"), yaxis=axis(s, "‖∂L/∂W‖", type="log",
                                                         exponentformat="power"),
                     margin=dict(l=10, r=10, t=80, b=10))
    layout["legend"] = layout["legend"] | dict(y=-0.2, yanchor="top")
    return figure(data, layout)


def weights_over_time_figure(history: History, *, look: Look = PLAIN) -> go.Figure:
    """Every weight and bias over the epochs, with a replay: a line sweeps across the epochs
    in the browser (Play/Pause and a slider), the values at that epoch in the hover."""
    dark, scale = look.dark, look.scale
    s = style(dark, scale)
    rows = sample_rows(history.epochs_run + 1)
    names = weight_names(history.sizes)
    colors = param_colors(len(names) + 1, dark, s["t"])
    data = [dict(type="scatter", mode="lines", x=rows.tolist(),
                 y=line_values(history.theta[rows, p]).tolist(), name=name,
                 line=dict(color=colors[p], width=1.6 * scale, dash=dash(p)),
                 hovertemplate=f"epoch %{{x}}: {name} = %{{y:.4f}}<extra></extra>")
            for p, name in enumerate(names)]
    bounds = span(history.theta[np.isfinite(history.theta).all(axis=1)])
    frames_at = sample_rows(history.epochs_run + 1, MAX_FRAMES)

    def cursor(k: int) -> dict:
        return dict(type="line", xref="x", yref="y", x0=int(k), x1=int(k), y0=bounds[0],
                    y1=bounds[1], line=dict(color=s["t"].highlight, width=3 * scale))
    frames = [dict(name=str(int(k)), layout=dict(shapes=[cursor(k)])) for k in frames_at]
    layout = base_layout(s, dark, height=380, shapes=[cursor(frames_at[-1])],
                     title=title(s, "Every weight and bias over the epochs",
                                  "press Play to sweep through the training"),
                     xaxis=axis(s, "epoch"), yaxis=axis(s, "value", range=bounds),
                     margin=dict(l=10, r=10, t=90, b=80),
                     **player(s, [f["name"] for f in frames], len(frames) - 1))
    return figure(data, layout, frames)


GRID = 60  # the boundary map is GRID × GRID


def boundary_figure(net: nn.Net, X, y, *, look: Look = PLAIN) -> go.Figure:
    """The network's output over the plane of its two inputs (one output), the samples, the
    decision boundary at 0.5 (curved: the hidden units bend it), and each first-layer hidden
    unit's own line w·x + b = 0, drawn faintly."""
    dark, scale = look.dark, look.scale
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        raise ValueError("the decision boundary is drawn for two inputs and one output")
    s, t = style(dark, scale), theme(dark)
    (x0, x1), (y0, y1) = (span(X[:, 0], 0.15), span(X[:, 1], 0.15))
    xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    out = nn.forward(net, pts, np.zeros((len(pts), 1)), MSE).a[-1][:, 0].reshape(GRID, GRID)
    heat = dict(type="heatmap", x=xs.tolist(), y=ys.tolist(), z=line_values(out).tolist(),
                colorscale=[[0, VERMILLION], [0.5, t.background], [1, BLUE]], zmid=0.5,
                opacity=0.55, showscale=False, hovertemplate="output %{z:.3f}<extra></extra>")
    edge = dict(type="contour", x=xs.tolist(), y=ys.tolist(), z=line_values(out).tolist(),
                contours=dict(start=0.5, end=0.5, size=1, coloring="none"), showscale=False,
                line=dict(color=s["text"], width=2.5 * scale), name="boundary (output 0.5)",
                hoverinfo="skip", showlegend=True)
    data = [heat, edge]
    W, b = net.W[0], net.b[0]
    for j in range(W.shape[0]) if len(net.W) > 1 else []:
        w1, w2 = W[j]
        if abs(w2) > 1e-12:
            lx = np.array([x0, x1])
            ly = -(w1 * lx + b[j]) / w2
        elif abs(w1) > 1e-12:
            ly = np.array([y0, y1])
            lx = np.full(2, -b[j] / w1)
        else:
            continue
        data.append(dict(type="scatter", mode="lines", x=lx.tolist(), y=ly.tolist(),
                         line=dict(color=s["muted"], width=1.2 * scale, dash="dot"),
                         name=f"hidden unit {j + 1}: z = 0", hoverinfo="name",
                         showlegend=j == 0, legendgroup="hidden"))
    for cls, color, symbol in ((1, BLUE, "circle"), (0, VERMILLION, "x")):
        pick = (y >= 0.5) if cls else (y < 0.5)
        data.append(dict(type="scatter", mode="markers", x=X[pick, 0].tolist(),
                         y=X[pick, 1].tolist(), name=f"target {'≥' if cls else '<'} 0.5",
                         marker=dict(color=color, symbol=symbol, size=11 * scale,
                                     line=dict(color=s["outline"], width=1.5)),
                         hovertemplate="x = (%{x:.3g}, %{y:.3g})<extra></extra>"))
    layout = base_layout(s, dark, height=420, title=title(
                         s, "Decision boundary", "colour: the network's output; dotted: each "
                         "first-layer hidden unit's own line"),
                     xaxis=axis(s, "x₁", range=[x0, x1]),
                     yaxis=axis(s, "x₂", range=[y0, y1], scaleanchor=None),
                     margin=dict(l=10, r=10, t=90, b=10))
    return figure(data, layout)
