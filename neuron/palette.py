"""One colour palette for the whole app, and a slim Plotly template.

The colours are the Okabe–Ito set, which stays distinguishable under the common forms of
colour blindness. Meaning is fixed across every figure and widget:

* forward flow (values)           bluish green
* backward flow (gradients)       reddish purple, while the sign is not known yet
* positive / negative sign        blue / vermillion (sky blue / orange on a dark background)
* the current stage               a yellow highlight

``theme(dark)`` gives the text, line and fill colours for Streamlit's light theme (white
page) or its dark theme (page ``#0e1117``). Importing this module registers the Plotly
templates ``"backprop"`` and ``"backprop_dark"`` (transparent backgrounds, no grid lines);
it never changes Plotly's default template.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

# The Okabe–Ito colours.
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

# Streamlit's own web font first (named "Source Sans" by recent versions such as 1.67,
# "Source Sans Pro" by older ones), so that a figure uses the page's font; the figures'
# layouts allow for Arial's wider metrics.
FONT_FAMILY = (
    '"Source Sans", "Source Sans Pro", "Source Sans 3", "Segoe UI", Roboto, "Helvetica Neue", '
    'Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
)
DARK_BACKGROUND = "#0e1117"  # Streamlit's dark theme


@dataclass(frozen=True)
class Theme:
    """The colours of one background (light or dark)."""

    dark: bool
    background: str  # the page behind the (transparent) figure
    text: str
    muted: str  # not yet known, or not part of the current pass
    node_fill: str
    node_line: str
    label_bg: str  # behind edge labels, so that lines do not run through the text
    forward: str
    backward: str
    positive: str
    negative: str
    highlight: str  # the current stage: outline and glow
    highlight_fill: str

    def sign(self, value: float) -> str:
        """The colour of a value's sign; exactly zero (no gradient at all) is muted."""
        return self.negative if value < 0 else self.positive if value > 0 else self.muted


LIGHT = Theme(
    dark=False, background="#ffffff", text="#1f2328", muted="#8a9099",
    node_fill="#f4f5f7", node_line="#8a9099", label_bg="rgba(255,255,255,0.88)",
    forward=BLUISH_GREEN, backward=REDDISH_PURPLE, positive=BLUE, negative=VERMILLION,
    highlight="#c9a800", highlight_fill="rgba(240,228,66,0.55)",
)
DARK = Theme(
    dark=True, background=DARK_BACKGROUND, text="#e6e8eb", muted="#7d8590",
    node_fill="#1b2030", node_line="#6b7280", label_bg="rgba(14,17,23,0.88)",
    forward=BLUISH_GREEN, backward=REDDISH_PURPLE, positive=SKY_BLUE, negative=ORANGE,
    highlight=YELLOW, highlight_fill="rgba(240,228,66,0.28)",
)


def theme(dark: bool = False) -> Theme:
    """The colours for a dark (``#0e1117``) or a light (white) page."""
    return DARK if dark else LIGHT


def _template(t: Theme) -> go.layout.Template:
    axis = dict(showgrid=False, zeroline=False, showline=False, ticks="")
    return go.layout.Template(layout=dict(
        font=dict(family=FONT_FAMILY, size=13, color=t.text),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        colorway=[BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, YELLOW],
        xaxis=axis, yaxis=axis,
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13)),
        margin=dict(l=8, r=8, t=8, b=8),
    ))


SCALES = (1.0, 2.0)  # the range of the figures' ``scale`` (presenter mode: larger type)


@dataclass(frozen=True)
class Look:
    """How a figure is drawn, apart from what it shows: for a dark or a light page, and at
    what ``scale`` (text, lines and height together; within SCALES, 1.0 the normal size)."""

    dark: bool = False
    scale: float = 1.0


PLAIN = Look()  # light page, normal size

TEMPLATE = "backprop"
TEMPLATE_DARK = "backprop_dark"
pio.templates[TEMPLATE] = _template(LIGHT)
pio.templates[TEMPLATE_DARK] = _template(DARK)


def template(dark: bool = False) -> str:
    """The name of the registered template for a dark or a light page."""
    return TEMPLATE_DARK if dark else TEMPLATE
