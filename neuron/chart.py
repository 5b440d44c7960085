"""What every training figure shares: sizes, colours, axes, layout, the replay's player.

The figure modules (:mod:`neuron.figures`, :mod:`neuron.netfigures`) build their figures
from these pieces, in one go from plain dicts. ``style(dark, scale)`` gives a figure's
chrome colours and font sizes; ``base_layout`` the layout they all share; ``player`` the
Play/Pause buttons and the epoch slider of a replay; ``sample_rows`` and ``frame_rows`` the
rows of a history that are drawn, so that a figure's size does not grow with the epochs.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from .fmt import subscript
from .palette import (
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SCALES,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    Theme,
    template,
    theme,
)

LINE_POINTS = 200  # rows of the history drawn per line
MAX_FRAMES = 100  # frames of a replay animation
MAX_MARKERS = 2_000  # samples drawn as markers; more are thinned evenly
FONT, SMALL, TITLE = 13, 12, 14  # font sizes in px
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# One colour per parameter; the bias b always gets the text colour.
_PARAM_LIGHT = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE)
_PARAM_DARK = (SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, YELLOW, BLUE)


def sample_rows(n_rows: int, max_points: int = LINE_POINTS) -> np.ndarray:
    """Sorted unique row indices, evenly spaced, always including 0 and ``n_rows - 1``."""
    if n_rows < 1 or max_points < 2:
        raise ValueError(f"need at least one row and two points, not {n_rows} and {max_points}")
    if n_rows <= max_points:
        return np.arange(n_rows)
    return np.unique(np.linspace(0, n_rows - 1, max_points).round().astype(int))


def frame_rows(n_rows: int, max_frames: int, keep: int) -> np.ndarray:
    """At most ``max_frames`` evenly spaced rows, one of them ``keep``."""
    return np.union1d(sample_rows(n_rows, max_frames - 1), [keep]).astype(int)


def row_index(n_rows: int, k: int | None, what: str) -> int:
    """A row index of the history: None means the last one, negative counts from the end."""
    if k is None:
        return n_rows - 1
    k = int(k)
    if not -n_rows <= k < n_rows:
        raise ValueError(f"{what} must be an epoch between 0 and {n_rows - 1}, not {k}")
    return k % n_rows


def param_names(n: int) -> list[str]:
    """Names of θ = (w₁, …, wₙ, b)."""
    return [subscript(f"w{i + 1}") for i in range(n)] + ["b"]


def minus(s: str) -> str:
    return s.replace("-", "−")


def clean(a) -> np.ndarray:
    """Float64 copy with infinities as NaN (Plotly leaves a gap)."""
    a = np.array(a, dtype=np.float64)
    a[~np.isfinite(a)] = np.nan
    return a


def line_values(a) -> np.ndarray:
    """Values of a line as float32 (half the bytes; far finer than a pixel), inf as NaN;
    float64 when a value lies beyond float32's range (a blown-up run), so the line goes on."""
    a = clean(a)
    if np.nanmax(np.abs(a), initial=0.0) > 1e38:
        return a
    return a.astype(np.float32)


def style(dark: bool, scale: float = 1.0) -> dict:
    """Colours of the chrome (text, grid, buttons) for a light or a dark page, and the font
    sizes in pixels, multiplied by ``scale`` (presenter mode: 1 to 2)."""
    if not SCALES[0] <= scale <= SCALES[1]:
        raise ValueError(f"scale must be between {SCALES[0]} and {SCALES[1]}, got {scale}")
    t = theme(dark)
    return dict(
        k=scale, font=FONT * scale, small=SMALL * scale, title=TITLE * scale,
        t=t, text=t.text, muted=t.muted,
        grid="rgba(230,232,235,0.13)" if dark else "rgba(31,35,40,0.10)",
        zero="rgba(230,232,235,0.35)" if dark else "rgba(31,35,40,0.30)",
        button="#262730" if dark else "#f0f2f6", border="#4b4f5c" if dark else "#c4c8d0",
        hover="#262730" if dark else "#ffffff",
        outline=t.background,
    )


def axis(s: dict, title: str = "", **kw) -> dict:
    return dict(title=dict(text=title, font=dict(size=s["font"]), standoff=6 * s["k"]),
                showgrid=True, gridcolor=s["grid"], zeroline=False, zerolinecolor=s["zero"],
                linecolor=s["muted"], tickfont=dict(size=s["small"]), automargin=True) | kw


def base_layout(s: dict, dark: bool, **kw) -> dict:
    """The layout every figure shares; ``kw`` adds or overrides entries. The height and
    the margins are given at scale 1 and multiplied by the style's scale here."""
    base = dict(
        template=pio.templates[template(dark)],  # the object: a name needs validation
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font=dict(size=s["font"], color=s["text"]),
        hoverlabel=dict(bgcolor=s["hover"], font=dict(size=s["font"], color=s["text"])),
        # Legends sit at the top left, under any title: the mode bar appears at the top right.
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                    bgcolor="rgba(0,0,0,0)", font=dict(size=s["small"])),
        margin=dict(l=10, r=10, t=40, b=10),
    )
    out = base | kw
    out["margin"] = {side: round(v * s["k"]) for side, v in out["margin"].items()}
    if "height" in out:
        out["height"] = round(out["height"] * s["k"])
    return out


def title(s: dict, text: str, sub: str = "") -> dict:
    """A title at the top left, with an optional smaller subtitle (may contain <br>)."""
    out = dict(text=text, x=0, xref="paper", xanchor="left", y=1, yref="container",
                 yanchor="top", pad=dict(t=8 * s["k"], l=4), font=dict(size=s["title"]))
    if sub:
        out["subtitle"] = dict(text=sub, font=dict(size=s["small"]))
    return out


def player(s: dict, names: list[str], active: int, *, redraw: bool = False,
            duration: int = 60, prefix: str = "epoch ") -> dict:
    """``updatemenus`` (Play/Pause) and ``sliders`` (one step per frame) under the plot.

    Both sit in the bottom margin (give the layout ``margin.b`` of about 80 px): the buttons
    on the left, the slider beside them showing "epoch k" above its rail. The slider follows
    the animation because each step animates to the frame of the same name.
    """
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": redraw},
             "transition": {"duration": 0}}
    play = {"frame": {"duration": duration, "redraw": redraw}, "fromcurrent": True,
            "transition": {"duration": 0}}
    chrome = dict(bgcolor=s["button"], bordercolor=s["border"], borderwidth=1)
    menu = dict(
        type="buttons", direction="left", showactive=False, x=0, xanchor="left", y=0,
        yanchor="top", pad=dict(t=44 * s["k"], r=0, l=0, b=0),
        font=dict(size=s["small"], color=s["text"]),
        buttons=[dict(label="▶ Play", method="animate", args=[None, play]),
                 dict(label="❚❚ Pause", method="animate", args=[[None], still])], **chrome)
    slider = dict(
        active=active, x=0.19, xanchor="left", len=0.81, y=0, yanchor="top",
        pad=dict(t=22 * s["k"], b=0, l=0, r=0), ticklen=0, minorticklen=0,
        tickcolor="rgba(0,0,0,0)",
        font=dict(size=1, color="rgba(0,0,0,0)"),  # 100 tick labels would overlap: hidden
        currentvalue=dict(prefix=prefix, visible=True, xanchor="left", offset=6,
                          font=dict(size=s["font"], color=s["text"])),
        activebgcolor=s["t"].highlight, transition=dict(duration=0),
        steps=[dict(label=n, method="animate", args=[[n], still]) for n in names], **chrome)
    return dict(updatemenus=[menu], sliders=[slider])


def dot(x: float, y: float, color: str, name: str, size: int = 15) -> dict:
    """A round marker drawn as a layout shape: ``size`` px wide, centred on (x, y).

    The replays of the maps move shapes, not scatter points: when a frame moves a scatter
    trace, plotly.js takes every heat map and contour map off the plot until the replay
    stops (only scatter traces can be "transitioned"; plotly.js#4491). Frames that change
    only shapes and non-scatter traces are drawn whole, so the map stays.
    """
    r = size / 2
    shown = bool(np.isfinite(x) and np.isfinite(y))
    return dict(type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
                xanchor=float(x) if shown else 0.0, yanchor=float(y) if shown else 0.0,
                x0=-r, x1=r, y0=-r, y1=r, layer="above", visible=shown, fillcolor=color,
                line=dict(color="#ffffff", width=2), name=name, showlegend=True)


def figure(data: list, layout: dict, frames: list | None = None) -> go.Figure:
    """The figure, without Plotly's property validation (several ms for a figure of 100
    frames; tests/test_figures.py builds each figure validated too and compares)."""
    return go.Figure(dict(data=data, layout=layout, frames=frames or []), _validate=False)


def param_colors(n_params: int, dark: bool, t: Theme) -> list[str]:
    cycle = _PARAM_DARK if dark else _PARAM_LIGHT
    return [cycle[j % len(cycle)] for j in range(n_params - 1)] + [t.text]


def marker_size(m: int) -> int:
    """Markers shrink as the samples get more numerous."""
    return 14 if m <= 20 else 10 if m <= 300 else 6


def dash(j: int) -> str:
    """Dash style of parameter j: with the colour cycle, no two of 42 parameters look alike."""
    return DASHES[(j + j // len(DASHES)) % len(DASHES)]


def thin(m: int, most: int = MAX_MARKERS) -> np.ndarray:
    """Indices of at most ``most`` of m samples, evenly strided."""
    return np.arange(m) if m <= most else np.linspace(0, m - 1, most).round().astype(int)


def span(values, pad: float = 0.06, least: float = 0.5) -> list[float]:
    """[lo, hi] around the finite values, padded by ``pad`` of the span (at least ``least``)."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return [-1.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    d = max(pad * (hi - lo), least if hi == lo else 0.0)
    return [lo - d, hi + d]
