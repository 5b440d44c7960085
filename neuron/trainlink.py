"""The training page's settings as one record, described once by a field table.

Each :class:`neuron.fields.Field` says everything about one setting: its name in
:class:`TrainSettings`, its label on the page, its kind and limits, its default, its key in a
share link and its help. The table drives the validation (a message naming the field), the
link's round trip (:func:`encode` / :func:`parse`) and its tests; TensorFlow Playground's
``state.ts`` property table is the model, without its globals.

A link carries the settings, not a trained history: it reopens the training page with the
same data and settings, and Train then repeats the same run (every random choice is seeded).
An edited table travels in the link as its rows (``rows=0,0,0;0,1,0;...``, at most
:data:`TABLE_ROWS_MAX`); an uploaded CSV file does not (the page asks for it again).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from neuron.activations import ACTIVATIONS
from neuron.config import LR_MAX, VALUE_MAX
from neuron.datasets import TABLE_ROWS_MAX, parse_number, table_columns
from neuron.fields import Field, check
from neuron.losses import LOSSES, TRAIN_LOSSES
from neuron.train import EPOCHS_MAX

SOURCES = {"example": "Document example (1 sample)", "and": "AND gate", "or": "OR gate",
           "nand": "NAND gate", "xor": "XOR gate", "blobs": "Blobs, separable",
           "blobs_overlap": "Blobs, overlapping", "csv": "Upload a CSV file",
           "table": "Edit a table"}
BATCHES = {"full": "Full batch", "sgd": "SGD (one sample)", "mini": "Mini-batch"}
INITS = {"step": "From the step view", "zeros": "Zeros", "random": "Random (seeded)"}
TABLE_COLUMNS = table_columns(2)  # the editable table's columns: x1, x2, y (rows can be added)
SEED_MAX = 10**6
DEFAULT_TABLE = (("0", "0", "0"), ("0", "1", "0"), ("1", "0", "0"), ("1", "1", "1"))  # AND


FIELDS: tuple[Field, ...] = (
    Field("source", "Data", "choice", "example", "data", "What the neuron learns from.",
          tuple(SOURCES)),
    Field("noise", "Noise (spread of each blob)", "float", 0.25, "noise",
          "The blobs' standard deviation.", lo=0.05, hi=2.0),
    Field("data_seed", "Data seed", "int", 0, "dseed", "Draws the blobs.", lo=0, hi=SEED_MAX),
    Field("act", "Activation σ", "choice", "sigmoid", "act", "", tuple(ACTIVATIONS)),
    Field("loss", "Loss L", "choice", "mse", "loss", "", TRAIN_LOSSES),
    Field("batch", "Batch", "choice", "full", "batch", "", tuple(BATCHES)),
    Field("bsize", "Mini-batch size", "int", 2, "bsize", "", lo=1, hi=10_000),
    Field("epochs", f"Epochs (at most {EPOCHS_MAX:,})", "int", 200, "epochs", "",
          lo=1, hi=EPOCHS_MAX),
    Field("lr", "Learning rate η", "float", 0.5, "lr", "", lo=0.0, hi=LR_MAX),
    Field("init", "Initial weights", "choice", "step", "init",
          "From the step view: the weights and bias of its setup, when its number of inputs "
          "matches the data (otherwise small random ones).", tuple(INITS)),
    Field("seed", "Seed (shuffling, random weights)", "int", 0, "seed", "",
          lo=0, hi=SEED_MAX),
)
BY_NAME = {f.name: f for f in FIELDS}
ROWS_KEY = "rows"


@dataclass(frozen=True)
class TrainSettings:
    """Everything the training page trains with, apart from an uploaded file's contents."""

    source: str = "example"
    noise: float = 0.25
    data_seed: int = 0
    act: str = "sigmoid"
    loss: str = "mse"
    batch: str = "full"
    bsize: int = 2
    epochs: int = 200
    lr: float = 0.5
    init: str = "step"
    seed: int = 0
    rows: tuple[tuple[str, ...], ...] = DEFAULT_TABLE  # the table's cells, as typed

    def validated(self) -> TrainSettings:
        """These settings, each field checked against its table entry; else ``ValueError``
        whose message starts with the field's label."""
        out = {f.name: check(f, getattr(self, f.name)) for f in FIELDS}
        LOSSES[out["loss"]].check(ACTIVATIONS[out["act"]])
        return replace(self, **out, rows=check_rows(self.rows))


def check_rows(rows) -> tuple[tuple[str, ...], ...]:
    """The table's rows as text cells: 1 to TABLE_ROWS_MAX rows of one number per column,
    each finite and within ±VALUE_MAX; else ``ValueError`` naming the row and column."""
    rows = tuple(tuple(str(c).strip() for c in r) for r in rows)
    if not 1 <= len(rows) <= TABLE_ROWS_MAX:
        raise ValueError(f"Table: {len(rows)} rows; give 1 to {TABLE_ROWS_MAX}")
    for i, r in enumerate(rows, 1):
        if len(r) != len(TABLE_COLUMNS):
            raise ValueError(f"Table: row {i} has {len(r)} cells; give one per column "
                             f"({', '.join(TABLE_COLUMNS)})")
        for name, cell in zip(TABLE_COLUMNS, r, strict=True):
            v = parse_number(cell, f"Table: row {i}, column {name}")
            if abs(v) > VALUE_MAX:
                raise ValueError(f"Table: row {i}, column {name}: {cell} is too large; use "
                                 f"values between ±{VALUE_MAX:g}")
    return rows


def encode(s: TrainSettings) -> dict[str, str]:
    """The link's query parameters for ``s``: every field, and the rows when the data is
    the table."""
    out = {f.url: f.text(getattr(s, f.name)) for f in FIELDS}
    if s.source == "table":
        out[ROWS_KEY] = ";".join(",".join(r) for r in s.rows)
    return out


def parse(params: dict[str, str]) -> tuple[TrainSettings, list[str]]:
    """Settings from a link's parameters: each field present and valid is taken; each one
    that is not keeps its default, with a warning naming it. Unknown keys are ignored."""
    got, warnings = {}, []
    for f in FIELDS:
        if f.url in params:
            try:
                got[f.name] = check(f, params[f.url])
            except ValueError as e:
                warnings.append(f"{e}; kept {f.text(f.default)}")
    if ROWS_KEY in params:
        text = str(params[ROWS_KEY])[:TABLE_ROWS_MAX * 200]
        try:
            got["rows"] = check_rows(tuple(r.split(",")) for r in text.split(";") if r)
        except ValueError as e:
            warnings.append(f"{e}; kept the AND gate's table")
    s = TrainSettings(**got)
    try:
        LOSSES[s.loss].check(ACTIVATIONS[s.act])
    except ValueError as e:
        warnings.append(f"{e}; kept the loss {TrainSettings.loss}")
        s = replace(s, loss=TrainSettings.loss)
    return s, warnings

