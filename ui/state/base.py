"""The session itself and what every page shares: ``S`` (``st.session_state``), the
page, presenter mode and the figures' size, tab bars and expanders kept across pages, the
link's warnings, the probe of the page's width and the check of a dropped link."""

from __future__ import annotations

import streamlit as st

from ..common import SIZE_STEPS

S = st.session_state
NET_EXAMPLE = "mazur"  # what the network page opens with
PAGE_NAMES = ("step", "train", "network")  # the pages a link can open (?page=)
# What a person types for them too (the page switch reads "Training", "Network").
PAGE_ALIASES = {"training": "train", "net": "network", "steps": "step"}


try:  # Streamlit hands the script no query at all beyond these limits
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_FIELDS as QUERY_MAX_FIELDS,
    )
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_LENGTH as QUERY_MAX_CHARS,
    )
except ImportError:  # (their values in Streamlit 1.67)
    QUERY_MAX_FIELDS, QUERY_MAX_CHARS = 1000, 512 * 1024


# Reads the address the page was opened with (the navigation entry: the address bar is
# rewritten by then) and reports it only when Streamlit dropped its query.
_LINK_CHECK_JS = """
export default function (component) {
  const nav = performance.getEntriesByType("navigation")[0];
  const query = new URL(nav ? nav.name : window.location.href).search.replace(/^\\?/, "");
  const fields = query ? query.split("&").length : 0;
  if (fields > component.data.fields || query.length > component.data.chars) {
    component.setTriggerValue("dropped", [fields, query.length]);
  }
}
"""


_link_check = None


def _on_dropped() -> None:
    fields, chars = (S.get("link_check") or {}).get("dropped") or (0, 0)
    why = (f"{fields:,} parameters, more than the {QUERY_MAX_FIELDS:,} the page reads"
           if fields > QUERY_MAX_FIELDS else
           f"{chars:,} characters, more than the {QUERY_MAX_CHARS:,} the page reads")
    S.url_warnings = [f"the link has {why}, so none of it was used: this is the default "
                      "setup"]


def check_dropped_link() -> None:
    """On a session's first run, find out whether the link was dropped whole.

    Streamlit gives the script no query parameters at all when the link has more than
    QUERY_MAX_FIELDS of them, or more than QUERY_MAX_CHARS characters; the page then opened
    on the default setup without a word. A small component reads the address in the
    browser and, only then, reruns the page with a warning (no rerun otherwise).
    """
    global _link_check
    if not S.pop("check_link", False):
        return
    if _link_check is None:
        _link_check = st.components.v2.component("link_check", js=_LINK_CHECK_JS)
    _link_check(key="link_check", data={"fields": QUERY_MAX_FIELDS, "chars": QUERY_MAX_CHARS},
                on_dropped_change=_on_dropped, height=0)


# Reports the main area's width, once a resize has settled, as the largest of the widths at
# which the graphs' size changes (ui.common.SIZE_STEPS) that it reaches: Streamlit tells the
# script nothing of the window, and this reruns the page only when the graphs' size changes.
_WIDTH_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  if (!main) return;
  let sent = data.width, timer = null;
  const measure = () => {
    const cs = getComputedStyle(main);
    const w = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const reached = Math.max(0, ...data.steps.filter(s => w >= s));
    if (w > 0 && reached !== (sent || 0)) { sent = reached; setStateValue("width", reached); }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(measure, 250); };
  const watch = new ResizeObserver(later);
  watch.observe(main);
  measure();
  return () => { watch.disconnect(); clearTimeout(timer); };
}
"""


_width_probe = None


def page_width() -> float | None:
    """The largest of SIZE_STEPS the main area's width reaches, as the browser last said
    (0: none of them; None: not said yet)."""
    return (S.get("page_width") or {}).get("width")


def watch_width() -> None:
    """Draw the (invisible) probe that reports the main area's width (the step view's graph
    grows with it; the other pages do not draw it, so a page switch reruns nothing)."""
    global _width_probe  # the component's definition, the same for every session
    if _width_probe is None:
        _width_probe = st.components.v2.component("page_width", js=_WIDTH_JS)
    _width_probe(key="page_width", data={"width": page_width(), "steps": SIZE_STEPS},
                 on_width_change=lambda: None, height=0)


def on_page() -> None:
    """Clicking the selected page again would deselect it: keep the page instead."""
    if S.get("page") is None:
        S.page = S.get("last_page", "step")
    S.last_page = S.page
    S.playing = False


TICK_EARLY = 0.8  # a rerun sooner than this × the interval after a tick is not the timer's


def page() -> str:
    return S.page


def take_url_warnings() -> list[str]:
    """What the link said wrong (once): the page shows it in one box."""
    return S.pop("url_warnings", [])


def tab_shown(key: str):
    """The open tab of the tab bar ``key`` (None before one was chosen), remembered for
    the next time the bar is drawn (tabs have no ``persist_state``; see restore_tab)."""
    if (shown := S.get(key)) is not None:
        S[f"{key}_kept"] = shown
    return shown


def restore_tab(key: str) -> None:
    """Before the tab bar ``key`` is drawn: its open tab, made plain state, so that it
    survives a change of the bar's tabs (which makes it a new widget: an example's tab comes
    and goes) and, through ``{key}_kept``, a page switch (a run that does not draw a widget
    drops its state; tabs have no ``persist_state``)."""
    if (open_ := S.get(key, S.get(f"{key}_kept"))) is not None:
        S[key] = open_


def kept_open(key: str) -> bool:
    """Whether the expander ``key`` was open when last drawn."""
    return S.get(f"{key}_kept", False)


def keep_open(key: str) -> None:
    S[f"{key}_kept"] = S[key]


def fig_scale() -> float:
    """Presenter mode's figure size."""
    return S.get("fig_scale", 1.25)


def presenter() -> bool:
    return bool(S.get("presenter"))


def quiz_on() -> bool:
    """Quiz mode (one switch for the step view and the network page)."""
    return bool(S.get("quiz"))
