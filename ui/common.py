"""Small helpers shared by the page sections."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from neuron.graph import MIN_WIDTH
from neuron.palette import Look

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """User text made inert for Markdown: every special character backslash-escaped.

    Streamlit never renders raw HTML without ``unsafe_allow_html`` (which this app never
    passes user text to); escaping also keeps a CSV header such as ``**x**`` or a link
    from being rendered as Markdown.
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def is_dark() -> bool:
    return st.context.theme.type == "dark"


# Presenter mode's figure sizes. A figure's text needs about MIN_WIDTH × the size pixels
# across, and the page pads 2 rem (32 px) on each side in presenter mode (ui/style.py).
# Under a graph that is wider than a narrow window (ui/style.py shows it only there).
SCROLL_HINT = "↔ The graph is wider than this window: scroll it sideways to see all of it."
SIZES = {1.0: "100 %", 1.25: "125 %", 1.5: "150 %"}  # short: "150 %" was cut off at 1024 px


def size_control() -> None:
    """Presenter mode's choice of figure size (text, lines and height together)."""
    st.segmented_control(
        "Figures", list(SIZES), key="fig_scale", required=True, persist_state="session",
        format_func=SIZES.get,
        width="content", label_visibility="collapsed",
        help="Figure size: text and lines of the figures. The graph needs a browser window "
             "at least " + ", ".join(f"{MIN_WIDTH * k + 64:,.0f} px wide for {SIZES[k]}"
                                     for k in SIZES if k > 1) + ".")


def open_tab_only(panels: dict, key: str) -> None:
    """Tabs of ``panels`` (label -> function drawing it); only the open one is drawn.

    The keyed tab bar keeps its selection across reruns (moving a slider inside a tab used to
    jump back to the first tab) and tells which tab to draw.
    """
    from . import state  # (imported here: state imports this module)

    state.restore_tab(key)
    tabs = st.tabs(list(panels), key=key, on_change="rerun")
    shown = state.tab_shown(key)
    if shown not in panels:  # none chosen yet, or a tab that is gone (no example open now)
        shown = next(iter(panels))
    for tab, (name, draw) in zip(tabs, panels.items(), strict=True):
        if name == shown:
            with tab:
                draw()


def lazy_expander(label: str, key: str):
    """An expander whose ``.open`` says whether to draw its contents (opening it reruns).

    Its open state is kept for the next time it is drawn: Streamlit forgets the state of an
    expander a run does not draw (the step view's stage 0, presenter mode).
    """
    from . import state

    return st.expander(label, state.kept_open(key), key=key, on_change=state.keep_open,
                       args=(key,))


WIDE = 1000  # px of main area per 100 % of a graph's size: more room, larger type
WIDEST = 1.5  # the largest size the width alone gives (presenter mode's largest too)
SIZE_STEPS = tuple(WIDE * k // 10 for k in range(11, round(WIDEST * 10) + 1))  # 1100 … 1500


def width_scale(width: float | None) -> float:
    """The size (1.0 = 100 %) of a graph in a main area ``width`` px wide: its type and
    height grow with the width, in steps of 10 %, from 100 % up to 1,000 px to 150 % from
    1,500 px on. A graph at size s needs s × MIN_WIDTH px, which ``WIDE`` leaves with room
    to spare. Without a width (before the browser has said it, or in AppTest): 100 %."""
    if not width or width <= WIDE:
        return 1.0
    return min(WIDEST, int(width / WIDE * 10) / 10)


def look(fit_width: bool = False) -> Look:
    """How the figures of this page are drawn (dark or light, and their ``scale``):
    presenter mode's chosen size; else, for a graph that fills the width (``fit_width``), a
    size that grows with the main area's width (:func:`width_scale`); else 100 %."""
    from . import state  # (imported here: state imports this module)

    if state.presenter():
        return Look(is_dark(), state.fig_scale())
    return Look(is_dark(), width_scale(state.page_width()) if fit_width else 1.0)


CHAR_PX, CELL_PAD = 7.4, 18  # a table cell's text (Source Sans, 14 px): per character, sides
NARROW = set("₀₁₂₃₄₅₆₇₈₉ᵢ·.,:;'()|il ")


def fit_widths(rows: list[dict], room: float) -> dict[str, int]:
    """A width in pixels for each column: its widest text, the widest columns narrowed (their
    longest texts then end in "…") until the sum fits ``room``."""
    cols = list(rows[0]) if rows else []

    def px(text) -> float:  # subscripts and the dot are about half as wide
        return CHAR_PX * sum(0.55 if ch in NARROW else 1.0 for ch in str(text)) + CELL_PAD

    want = {c: max(px(c), *(px(r[c]) for r in rows)) for c in cols}
    excess = sum(want.values()) - room
    while excess > 0.5:  # narrow the widest (all the tied ones) down towards the next
        top = max(want.values())
        tied = [c for c in want if want[c] == top]
        below = max((w for w in want.values() if w < top), default=0.0)
        cut = min(excess / len(tied), top - below)
        for c in tied:
            want[c] -= cut
        excess -= cut * len(tied)
    return {c: int(w) for c, w in want.items()}


def table(rows: list[dict], room: float | None = None, height="auto") -> None:
    """Rows of text (the same keys in each) as a full-width table without an index; given
    ``room`` (pixels), the columns are sized to fit it, so that none is cut off at the right
    (Streamlit sizes them to a sample of rows and then cuts the last one).

    Handed over as an Arrow table: Streamlit would otherwise build a pandas DataFrame first,
    which took 1.9 of the 2.2 ms the step view's values table cost per click (measured).
    """
    config = ({c: st.column_config.Column(width=w) for c, w in fit_widths(rows, room).items()}
              if room else None)
    st.dataframe(pa.Table.from_pylist(rows), hide_index=True, width="stretch",
                 column_config=config, height=height)  # "content": every row, no scrolling


class _Built(go.Figure):
    """A figure's JSON data (e.g. :func:`neuron.graph.graph_spec`) that st.plotly_chart takes
    as it is.

    Given a ``go.Figure``, Streamlit deep-copies it (``to_dict``); given a dict, it validates
    every property. This Figure only hands over the data it holds: the step view's graph goes
    out in 0.4 ms instead of 1.7 (bench/bench.py). The builders' tests validate their output
    in full, and tests/test_app.py compares what this sends with the validated figure.
    """

    def __init__(self, spec: dict):  # (no go.Figure.__init__: nothing to build or check)
        self.__dict__["_spec"] = spec

    def to_dict(self) -> dict:
        return self._spec


def chart(fig: go.Figure | dict, key: str) -> None:
    """A figure, or its JSON data from a builder, across the container's width."""
    st.plotly_chart(_Built(fig) if isinstance(fig, dict) else fig, width="stretch",
                    config=CHART_CONFIG, key=key)


STATUS = {"agrees": "✓ agrees", "follows": "✗ follows from an earlier slip", "slip": "✗ slip"}


def published_table(rows: list[dict], here: list[str]) -> None:
    """A source's printed numbers beside the computed ones (rows of
    :func:`neuron.published.row`), each with the page's name for it (``here``: the source's
    "w5+" is W2[1,1] ← (new) on the graph), every row shown; then a note on each slip, and
    one line for the numbers that are wrong only because they follow from an earlier slip."""
    table([{"in the text": r["label"], "on this page": name, "printed": r["printed"],
            "computed (same digits)": r["computed"], "": STATUS[r["status"]]}
           for r, name in zip(rows, here, strict=True)], height="content")
    for r in rows:
        if r["status"] == "slip":
            st.warning(f"**{plain(r['label'])}**: printed {r['printed']}, should be "
                       f"{r['computed']}: {plain(r['note'])}.", icon=":material/rule:")
    follows = [r for r in rows if r["status"] == "follows"]
    if follows:
        names = ", ".join(plain(r["label"]) for r in follows)
        verb = "follows" if len(follows) == 1 else "follow"
        rest = plain(follows[0]["note"].removeprefix("follows "))
        st.info(f"**{names}** {verb} {rest}: computed from it, "
                + ("it agrees" if len(follows) == 1 else "each agrees") + " with the text.",
                icon=":material/info:")
