"""Uploaded CSV files and edited tables, for both training pages (the prefix ``p`` is "tr"
for the training page and "net_tr" for the network page)."""

from __future__ import annotations

from .base import S


def csv_kept(p: str):
    """(file name, Dataset) of the upload in use, or None."""
    return S.get(f"{p}_csv")


def csv_error(p: str) -> str | None:
    return S.get(f"{p}_csv_error")


def csv_read(p: str, up, max_features: int = 8) -> None:
    """Read a newly uploaded file (once per file); a refused one keeps the file in use."""
    from neuron.datasets import load_csv

    if up.file_id == S.get(f"{p}_csv_id"):
        return
    kept = S.get(f"{p}_csv")
    try:
        S[f"{p}_csv"] = (up.name, load_csv(up, max_features=max_features))
        S.pop(f"{p}_csv_error", None)
    except ValueError as e:
        still = f" Still using {kept[0]}." if kept else ""
        S[f"{p}_csv_error"] = f"{up.name} is refused: {e}.{still}"
    S[f"{p}_csv_id"] = up.file_id


def csv_forget(p: str) -> None:
    for key in ("csv", "csv_id", "csv_error"):
        S.pop(f"{p}_{key}", None)


def csv_on_change(p: str) -> None:
    if S.get(f"{p}_upload") is None:  # the user removed the file (its ×)
        csv_forget(p)


def table_frame(p: str, columns: tuple[str, ...], default_rows):
    """The table to give the editor: the last edited one, or ``default_rows`` when there is
    none or its columns are not ``columns`` (the network's inputs changed)."""
    import pandas as pd

    table, edited = S.get(f"{p}_table"), S.get(f"{p}_table_edited")
    if f"{p}_editor" not in S and edited is not None:
        table = edited.reset_index(drop=True)
    if table is None or tuple(table.columns) != tuple(columns):
        table = pd.DataFrame([list(r) for r in default_rows], columns=list(columns))
        S.pop(f"{p}_table_edited", None)
    S[f"{p}_table"] = table
    return table


def brought_data(p: str, source: str, columns: tuple[str, ...]):
    """(the uploaded file's or the table's Dataset, what a summary calls it); else
    ``ValueError`` saying what is missing or wrong."""
    from neuron.datasets import from_table

    if source == "csv":
        if (kept := csv_kept(p)) is None:
            raise ValueError(csv_error(p) or "choose a CSV file to upload")
        return kept[1], f"your file {kept[0]}"
    return from_table(table_rows(p) or [], columns), "your table"


def table_keep(p: str, edited) -> None:
    S[f"{p}_table_edited"] = edited


def table_rows(p: str) -> list[list] | None:
    """The edited table's rows (cells as typed), or None before it was drawn."""
    df = S.get(f"{p}_table_edited")
    if df is None:
        df = S.get(f"{p}_table")
    return None if df is None else df.values.tolist()
