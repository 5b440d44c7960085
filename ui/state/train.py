"""The training page's state: its settings (each field of :data:`neuron.trainlink.FIELDS` in
the widget key ``"tr_" + name``), its number fields, the last run and its history."""

from __future__ import annotations

import streamlit as st

from neuron import trainlink
from neuron.config import Config

from .base import S
from .data import table_rows
from .step import start


def train_start(settings: trainlink.TrainSettings) -> None:
    """Put ``settings`` (from a link) into the training page's fields."""
    import pandas as pd

    for f in trainlink.FIELDS:
        S["tr_" + f.name] = getattr(settings, f.name)
    S.tr_table = pd.DataFrame(list(settings.rows), columns=list(trainlink.TABLE_COLUMNS))
    S.pop("tr_table_edited", None)


def _table_rows() -> tuple[tuple[str, ...], ...]:
    rows = table_rows("tr")
    if rows is None:
        return trainlink.DEFAULT_TABLE
    return tuple(tuple("" if v is None else str(v) for v in row) for row in rows)


def train_settings() -> trainlink.TrainSettings:
    """The training page's settings as they stand (unchecked: the page says what is wrong)."""
    got = {f.name: S.get("tr_" + f.name, f.default) for f in trainlink.FIELDS}
    return trainlink.TrainSettings(**got, rows=_table_rows())


def train_defaults(first: dict) -> None:
    """The training settings' first values (their widgets keep them across pages:
    ``persist_state="session"``)."""
    for name, v in first.items():
        S.setdefault("tr_" + name, v)
    S.setdefault("tr_p0", 0)
    S.setdefault("tr_p1", 1)


def number_start(key: str, lo) -> None:
    """A number field of the training page drawn for the first time holds its last good
    value (or ``lo``)."""
    if S.get(key) is None:
        S[key] = S.get("tr_good", {}).get(key, lo)


def number_changed(key: str, message) -> None:
    """A number field sent no value (cleared, or 1e400, which the browser cannot store): put
    the last good value back and say so beside the field (``message(value)``)."""
    if S.get(key) is None:
        S[key] = S.get("tr_good", {}).get(key)
        S.tr_number_error = (key, message(S[key]))
    elif S.get("tr_number_error", ("",))[0] == key:
        del S.tr_number_error


def number_error(key: str) -> str | None:
    got = S.get("tr_number_error", ("", None))
    return got[1] if got[0] == key else None


def number_good(key: str) -> None:
    """The field's value, drawn without complaint, is its last good value."""
    S.setdefault("tr_good", {})[key] = S[key]


def number(key: str, default=None):
    return S.get(key, default)


def set_number(key: str, value) -> None:
    S[key] = value


def trained():
    """(history, run) of the training page's last run, or (None, None)."""
    return S.get("history"), S.get("run")


def keep_training(hist, run) -> None:
    """A new run: its history and what it was trained on; the views start at its end."""
    S.history, S.run = hist, run
    S.tr_at = hist.epochs_run
    S.fig_cache = {}


def fig_cache() -> dict:
    """The training page's figures of the last run, by what they show."""
    return S.setdefault("fig_cache", {})


def train_anyway() -> bool:
    """Whether "Train again without stopping early" was pressed."""
    return bool(S.get("btn_anyway"))


def continue_in_step_view(cfg: Config) -> None:
    start(cfg)
    S.page = "step"


def say_continue_error(text: str) -> None:
    S.continue_error = text


def take_continue_error() -> str | None:
    return S.pop("continue_error", None)


def train_tab() -> str | None:
    """The training view a test or a link asked to open first."""
    return S.get("tr_tab")


def train_share_params() -> dict[str, str]:
    """The query parameters that reopen the training page with these settings; a table
    that could not travel (a bad cell, too many rows) is left out of it."""
    params = {"page": "train", **trainlink.encode(train_settings())}
    if trainlink.ROWS_KEY in params:
        try:
            trainlink.check_rows(train_settings().rows)
        except ValueError:
            del params[trainlink.ROWS_KEY]
    return params


def train_write_url() -> None:
    """Keep the address bar's link up to date with the training page (only when changed)."""
    want = train_share_params()
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)
