"""Data a student brings: an uploaded CSV file or an edited table, on the training page and
on the network page. Each page has its key prefix (``tr``, ``net_tr``); what is kept between
runs (the parsed file, the edited table) is kept by :mod:`ui.state`."""

from __future__ import annotations

import streamlit as st

from neuron import datasets

from . import state
from .common import plain


def upload(p: str, label: str, max_features: int = 8) -> None:
    """The CSV uploader, the reason a file was refused, and which file is in use."""
    up = st.file_uploader(label, type=["csv"], key=f"{p}_upload", on_change=state.csv_on_change,
                          args=(p,))
    if up is not None:
        state.csv_read(p, up, max_features)
    if err := state.csv_error(p):
        st.error(plain(err), icon=":material/warning:")
    if (kept := state.csv_kept(p)) is None:
        return
    name, data = kept
    st.caption(plain(f"In use: {name}, {data.m:,} rows; inputs "
                     f"{', '.join(data.feature_names)}; target {data.target_name}."
                     + (" Kept from your upload until you remove it or upload another file."
                        if up is None else "")))
    if up is None:
        st.button("Remove this file", key=f"{p}_csv_remove", on_click=state.csv_forget,
                  args=(p,), icon=":material/delete:")


def table(p: str, columns: tuple[str, ...], default_rows) -> None:
    """The editable table (rows can be added and removed) and its first bad cell, if any."""
    edited = st.data_editor(state.table_frame(p, columns, default_rows), num_rows="dynamic",
                            key=f"{p}_editor", width="stretch")
    state.table_keep(p, edited)
    try:
        table_dataset(p, columns)
    except ValueError as e:
        st.error(plain(str(e)), icon=":material/warning:")


def table_dataset(p: str, columns: tuple[str, ...]) -> datasets.Dataset:
    return state.brought_data(p, "table", columns)[0]


def chosen(p: str, source: str, columns: tuple[str, ...]) -> tuple[datasets.Dataset, str]:
    """The uploaded file's or the table's data, and what a summary calls them; else
    ``ValueError`` saying what is missing."""
    return state.brought_data(p, source, columns)
