"""Tables of a training history: for a CSV download and for the screen-reader table views."""

from __future__ import annotations

import csv
import io

import numpy as np

from .train import History


def history_columns(history: History) -> list[str]:
    n = history.w.shape[1]
    return (["epoch"] + [f"w{i + 1}" for i in range(n)] + ["b", "loss"]
            + [f"dL_dw{i + 1}" for i in range(n)] + ["dL_db"])


def history_rows(history: History, rows: np.ndarray | None = None) -> list[list[float]]:
    """One row per epoch (or per index in ``rows``): parameters, loss and gradient."""
    idx = np.arange(history.epochs_run + 1) if rows is None else np.asarray(rows)
    table = np.column_stack([idx, history.w[idx], history.b[idx], history.loss[idx],
                             history.dL_dw[idx], history.dL_db[idx]])
    return [[int(r[0]), *map(float, r[1:])] for r in table]


def history_csv(history: History) -> str:
    """The whole history as CSV text, full precision (repr of each float)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(history_columns(history))
    for row in history_rows(history):
        writer.writerow([row[0], *map(repr, row[1:])])
    return out.getvalue()
