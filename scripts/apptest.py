"""Streamlit's AppTest as the browser drives it: a tool shared by the tests and the benchmark."""

from __future__ import annotations

import contextlib
from functools import partial


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
