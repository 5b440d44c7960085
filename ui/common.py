"""Small helpers shared by the page sections."""

from __future__ import annotations

import re

import streamlit as st

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


def chart(fig, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, key=key)
