"""The load tests run only when asked for by marker: ``python -m pytest -m load``."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "load" in (config.getoption("markexpr") or "").replace("not load", ""):
        return
    skip = pytest.mark.skip(reason="opt-in load test: run with `python -m pytest -m load`")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)
