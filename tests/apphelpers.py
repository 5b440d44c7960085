"""Shared helpers of the AppTest tests: open the app (with a link's query) and read it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from scripts.apptest import only_fragment

__all__ = ["APP", "TIMEOUT", "app", "latex", "only_fragment"]

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60


def app(query: dict | None = None) -> AppTest:
    """The app after its first run, opened with ``query`` as the link's parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def latex(at) -> str:
    """Every equation on the page, one per line."""
    return "\n".join(e.value for e in at.latex)
