"""Shared helpers of the AppTest tests: open the app (with a link's query) and read it."""

import contextlib
from functools import partial
from pathlib import Path

from streamlit.testing.v1 import AppTest

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


@contextlib.contextmanager
def only_fragment(at):
    """AppTest runs within this block rerun only the app's one fragment.

    The browser sends a click inside a fragment as a rerun request naming the fragment; this
    adds that name to the request AppTest builds (its RerunData) for the run.
    """
    from streamlit.testing.v1 import local_script_runner

    fragments = list(at._fragment_storage._fragments)
    assert len(fragments) == 1, fragments
    rerun_data = local_script_runner.RerunData
    local_script_runner.RerunData = partial(rerun_data, fragment_id_queue=fragments)
    try:
        yield
    finally:
        local_script_runner.RerunData = rerun_data
