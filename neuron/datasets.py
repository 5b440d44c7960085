"""Datasets for the neuron: the document's example, logic gates, Gaussian blobs and CSV files.

Every dataset is a frozen :class:`Dataset` holding read-only float64 arrays ``X`` (m, n) and
``y`` (m,). :data:`DATASETS` maps each built-in name to a zero-argument factory;
:func:`get_dataset` builds one with an optional seed, noise and size. :func:`load_csv` reads
a student's file and refuses anything odd with a ``ValueError`` naming the line and column at
fault; :func:`to_csv` writes a dataset back out, and ``load_csv(to_csv(d))`` returns exactly
the same ``X``, ``y``, ``feature_names`` and ``target_name`` (not the name or description).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

Array = np.ndarray
GATES = ("and", "or", "nand", "xor")
MAX_NAME = 64  # longest column name load_csv accepts
_GATE_Y = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "xor": (0, 1, 1, 0)}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _frozen(a, ndim: int, what: str) -> Array:
    arr = np.array(a, dtype=np.float64)  # always a copy
    if arr.ndim != ndim:
        raise ValueError(f"{what} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must contain only finite numbers (no NaN or infinity)")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Dataset:
    """m samples of n features with one target each; arrays are float64 and read-only.

    Equality compares every field, arrays by value; the hash only uses names and shapes.
    """

    name: str
    X: Array  # (m, n) inputs
    y: Array  # (m,) targets
    feature_names: tuple[str, ...]
    target_name: str = "y"
    description: str = ""

    def __post_init__(self):
        X, y = _frozen(self.X, 2, "X"), _frozen(self.y, 1, "y")
        names = tuple(str(s) for s in self.feature_names)
        if X.shape[0] < 1 or X.shape[1] < 1:
            raise ValueError(f"X needs at least one row and one column, got shape {X.shape}")
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} values")
        if len(names) != X.shape[1]:
            raise ValueError(f"X has {X.shape[1]} columns but {len(names)} feature names")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", names)

    @property
    def m(self) -> int:
        """Number of samples."""
        return self.X.shape[0]

    @property
    def n(self) -> int:
        """Number of features."""
        return self.X.shape[1]

    def _key(self):
        return (self.name, self.feature_names, self.target_name, self.description)

    def __eq__(self, other):
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self._key() == other._key() and np.array_equal(self.X, other.X)
                and np.array_equal(self.y, other.y))

    def __hash__(self):
        return hash((self._key(), self.X.shape))


def document_example() -> Dataset:
    """The document's worked example: one sample x = (0.5, 0.3) with target y = 1."""
    return Dataset("example", [[0.5, 0.3]], [1.0], ("x1", "x2"), "y",
                   "The worked example of the document: one sample, two inputs.")


def logic_gate(name: str) -> Dataset:
    """Truth table of a 2-input gate on (0,0), (0,1), (1,0), (1,1), in that order."""
    if name not in _GATE_Y:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {', '.join(GATES)}")
    note = (" XOR is not linearly separable: one neuron cannot learn it." if name == "xor"
            else " Linearly separable: one neuron can learn it.")
    return Dataset(name, [[0, 0], [0, 1], [1, 0], [1, 1]], _GATE_Y[name], ("x1", "x2"), "y",
                   f"The {name.upper()} truth table." + note)


def _check_int(value, what: str, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{what} must be a whole number, got {value!r}")  # noqa: TRY004
    if value < lo or (hi is not None and value > hi):
        limit = f"at least {lo:,}" if hi is None else f"between {lo:,} and {hi:,}"
        raise ValueError(f"{what} must be {limit}, got {value:,}")
    return int(value)


def blobs(m: int = 100, separable: bool = True, noise: float = 0.25, seed: int = 0) -> Dataset:
    """Two seeded 2-D Gaussian blobs: class 0 around -c, class 1 around +c, rows shuffled.

    ``noise`` is the standard deviation of each coordinate. With ``separable=True`` the
    centres are (-1, -1) and (1, 1): at the default noise every point lies more than 5.6
    standard deviations (along the centre line) from the boundary ``x1 + x2 = 0``, so the
    classes are linearly separable in practice. With ``separable=False`` the centres are
    (-0.25, -0.25) and (0.25, 0.25) and the classes overlap. Class 0 gets ``m - m // 2``
    points, class 1 gets ``m // 2``. Only ``np.random.default_rng(seed)`` is used.
    """
    m = _check_int(m, "the number of points m", 2, 10_000)
    seed = _check_int(seed, "the seed", 0)
    if (isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating))
            or not 0 < noise <= 10):
        raise ValueError(f"noise (the spread of each blob) must be a number above 0 and at "
                         f"most 10, got {noise!r}")
    rng = np.random.default_rng(seed)
    c = 1.0 if separable else 0.25
    m1 = m // 2
    labels = np.r_[np.zeros(m - m1), np.ones(m1)]
    X = np.where(labels[:, None] == 1, c, -c) + rng.normal(0.0, float(noise), size=(m, 2))
    order = rng.permutation(m)
    kind = "separable" if separable else "overlapping"
    return Dataset("blobs" if separable else "blobs_overlap", X[order], labels[order],
                   ("x1", "x2"), "y",
                   f"Two {kind} Gaussian blobs, {m} points, noise {noise:g}, seed {seed}.")


DATASETS: dict[str, Callable[[], Dataset]] = {
    "example": document_example,
    **{g: partial(logic_gate, g) for g in GATES},
    "blobs": blobs,
    "blobs_overlap": partial(blobs, separable=False),
}
DATASET_LABELS = {"example": "Document example (1 sample)", "and": "AND gate", "or": "OR gate",
                  "nand": "NAND gate", "xor": "XOR gate", "blobs": "Blobs, separable",
                  "blobs_overlap": "Blobs, overlapping"}  # the names the pages show


def get_dataset(name: str, seed: int = 0, noise: float | None = None,
                m: int | None = None) -> Dataset:
    """Build a registered dataset; ``seed``, ``noise`` and ``m`` only affect the blobs."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    if not name.startswith("blobs"):
        return DATASETS[name]()
    kw = {k: v for k, v in (("noise", noise), ("m", m)) if v is not None}
    return blobs(separable=name == "blobs", seed=seed, **kw)


def xor_like(X, y) -> bool:
    """Whether the samples are the XOR pattern, decided from the data alone (never a name).

    True when there are two inputs, each taking exactly two values (a₁ < b₁, a₂ < b₂), all
    four corners of that rectangle occur, each corner has one target value, and the two
    target values sit on the diagonals: (a₁, a₂) and (b₁, b₂) one, (a₁, b₂) and (b₁, a₂) the
    other (XOR, or XNOR, on any two levels; corners may repeat). No straight line separates
    such data, which is what the training page explains about XOR.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] != y.size or np.unique(y).size != 2:
        return False
    levels = [np.unique(X[:, j]) for j in range(2)]
    if any(v.size != 2 for v in levels):
        return False
    hi = np.column_stack([X[:, j] == levels[j][1] for j in range(2)])  # which level
    label = {}
    for (h1, h2), t in zip(map(tuple, hi.tolist()), y.tolist(), strict=True):
        if label.setdefault((h1, h2), t) != t:
            return False  # one corner with both targets
    if len(label) != 4:
        return False
    same = label[(False, False)] == label[(True, True)]
    return same and label[(False, True)] == label[(True, False)] != label[(False, False)]


# --- CSV ---------------------------------------------------------------------------------


_NOT_REGULAR = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
                (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                (stat.S_ISSOCK, "a socket"))


def _check_regular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        kind = next((k for test, k in _NOT_REGULAR if test(mode)), "not a file")
        raise ValueError(f"cannot read {str(path)!r}: it is {kind}, not a regular file; "
                         "give a CSV file")


def _read_regular_file(path: Path, max_bytes: int, too_big: str) -> bytes:
    """The first ``max_bytes + 1`` bytes of a regular file. A directory, a named pipe (whose
    reading would wait for a writer forever), a device or a socket is refused unread."""
    try:
        st = os.stat(path)
        _check_regular(st.st_mode, path)
        if st.st_size > max_bytes:
            raise ValueError(too_big)  # checked before reading anything
        # O_NONBLOCK: should the path have become a pipe since, opening it cannot block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            _check_regular(os.fstat(fd).st_mode, path)  # what was opened, not what was named
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            return f.read(max_bytes + 1)
    except OSError as e:
        raise ValueError(f"cannot read the file {str(path)!r}: {e.strerror}") from None


def _read_limited(source, max_bytes: int) -> tuple[str, str]:
    """Return (text, name) of the source, refusing more than ``max_bytes`` bytes."""
    too_big = f"the file is larger than the limit of {max_bytes:,} bytes"
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        raw, name = source, "csv"  # CSV text, e.g. the output of to_csv
    elif isinstance(source, (str, os.PathLike)):
        if not os.fspath(source):  # Path("") is ".", the current folder
            raise ValueError("the file name is empty; give the path of a CSV file")
        path = Path(source)
        raw, name = _read_regular_file(path, max_bytes, too_big), path.stem
    elif isinstance(source, (bytes, bytearray, memoryview)):
        raw, name = bytes(source), "csv"
    elif hasattr(source, "read"):
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)  # an UploadedFile may have been read on an earlier rerun
        raw, name = source.read(max_bytes + 1), Path(str(getattr(source, "name", "csv"))).stem
    else:
        raise ValueError(f"cannot read a CSV from a {type(source).__name__}")
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        raise ValueError(too_big)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[:e.start].decode("utf-8", "replace").split("\n")
        col = max(1, len(next(csv.reader([before[-1]]), [])))
        raise ValueError(f"line {len(before)}, column {col}: byte 0x{raw[e.start]:02x} is not "
                         "valid UTF-8 text; save the file as UTF-8 CSV") from None
    return text.removeprefix("\ufeff"), name or "csv"


def _number(cell: str, where: str) -> float:
    s = cell.strip()
    if not s:
        raise ValueError(f"{where}: the cell is empty; every cell needs a number")
    shown = s if len(s) <= 30 else s[:29] + "…"
    if _NUMBER.fullmatch(s):
        v = float(s)
        if math.isfinite(v):
            return v
        raise ValueError(f'{where}: "{shown}" is too large for a float')
    if s.lstrip("+-").lower() in ("nan", "inf", "infinity"):
        raise ValueError(f'{where}: "{shown}" is not allowed; use a finite number')
    raise ValueError(f'{where}: "{shown}" is not a number')


def parse_number(text: str, where: str) -> float:
    """A cell's text as a finite float, read as :func:`load_csv` reads it (so ``1e308`` and
    ``-5e-7`` are numbers); else ``ValueError`` starting with ``where``."""
    return _number(str(text), where)


TABLE_ROWS_MAX = 50  # an editable table's rows (the training page's and the network page's)


def table_cell(value, where: str) -> float:
    """One cell of an edited table as a finite float. The cells are text as typed (an
    exponent such as 1e308 arrives as typed; a number column's editor would drop the e and
    give 1308), a number, or empty (None or NaN: the editor's empty cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or (
            isinstance(value, str) and not value.strip()):
        raise ValueError(f"{where}: enter a number")
    if isinstance(value, str):
        return parse_number(value, where)
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{where}: enter a finite number")
    return v


def table_columns(n: int) -> tuple[str, ...]:
    """An edited table's columns for n inputs: x1 … xn, then the target y."""
    return tuple(f"x{i + 1}" for i in range(n)) + ("y",)


def from_table(rows, columns: tuple[str, ...], name: str = "table") -> Dataset:
    """A data set from an edited table: ``rows`` of cells under ``columns``, the last column
    the target; 1 to TABLE_ROWS_MAX rows; else ``ValueError`` naming the row and column."""
    rows = [list(r) for r in rows]
    if not rows:
        raise ValueError("the table is empty: add at least one row")
    if len(rows) > TABLE_ROWS_MAX:
        raise ValueError(f"the table holds at most {TABLE_ROWS_MAX} rows")
    arr = np.array([[table_cell(v, f"row {r + 1}, column {c}") for c, v in zip(columns, row,
                                                                                strict=True)]
                    for r, row in enumerate(rows)], dtype=np.float64)
    return Dataset(name, arr[:, :-1], arr[:, -1], tuple(columns[:-1]), columns[-1])


def _check_header(names: list[str], max_features: int, line: int = 1) -> int:
    """Validate column names; return the index of the target column."""
    if len(names) < 2:
        raise ValueError(f"line {line}: found {len(names)} column; need at least one feature "
                         "and the target (is the file separated by commas?)")
    if all(_NUMBER.fullmatch(s) for s in names):
        raise ValueError(f"line {line}: looks like numbers, not column names; "
                         "the first line must be a header naming the columns")
    seen: dict[str, int] = {}
    for j, s in enumerate(names, 1):
        if not s:
            raise ValueError(f"line {line}, column {j}: the column name is empty")
        if len(s) > MAX_NAME:
            raise ValueError(f"line {line}, column {j}: the column name is {len(s)} characters "
                             f"long; at most {MAX_NAME} allowed")
        if s.casefold() in seen:
            raise ValueError(f'line {line}, column {j} ("{s}"): same name as column '
                             f"{seen[s.casefold()]}; column names must be unique")
        seen[s.casefold()] = j
    target = seen.get("y", len(names)) - 1
    if len(names) - 1 > max_features:
        j = [i for i in range(len(names)) if i != target][max_features]
        raise ValueError(f'line {line}, column {j + 1} ("{names[j]}"): {len(names) - 1} feature '
                         f"columns, at most {max_features} allowed (plus the target)")
    return target


def load_csv(source, *, max_rows: int = 10_000, max_features: int = 8,
             max_bytes: int = 5_000_000) -> Dataset:
    """Read a CSV with a header line; the target is the column ``y`` (any case), else the last.

    ``source`` is a path (str or Path), bytes, a binary or text file-like object (such as
    Streamlit's UploadedFile, read from the start) or a str containing a line break (CSV
    text). Blank lines are skipped. Every refusal is a ``ValueError`` naming the file's
    line (the header is line 1) and, where it applies, the column: ``line 4, column 2
    ("x2"): "abc" is not a number``. Column names are kept verbatim (escape them to show).
    """
    for value, what in ((max_rows, "max_rows"), (max_features, "max_features"),
                        (max_bytes, "max_bytes")):
        _check_int(value, what, 1)
    text, name = _read_limited(source, max_bytes)
    rows = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    header, start, data = None, 1, []
    try:
        for row in rows:
            line, start = start, rows.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if header is None:
                header = [s.strip() for s in row]
                target = _check_header(header, max_features, line)
                continue
            if len(data) == max_rows:
                raise ValueError(f"line {line}: more than {max_rows:,} data rows")
            if len(row) != len(header):
                j = min(len(row), len(header))
                col = f'column {j + 1} ("{header[j]}")' if j < len(header) else f"column {j + 1}"
                raise ValueError(f"line {line}, {col}: found {len(row)} values but the header "
                                 f"has {len(header)} columns")
            data.append([_number(c, f'line {line}, column {j} ("{header[j - 1]}")')
                         for j, c in enumerate(row, 1)])
    except csv.Error as e:
        raise ValueError(f"line {start}: not readable as CSV ({e})") from None
    if header is None:
        raise ValueError("the file is empty; expected a header line, then rows of numbers")
    if not data:
        raise ValueError("the file has a header but no data rows; add rows of numbers")
    arr = np.array(data, dtype=np.float64)
    names = tuple(s for j, s in enumerate(header) if j != target)
    return Dataset(name, np.delete(arr, target, axis=1), arr[:, target], names, header[target],
                   f"Loaded from CSV: {len(data)} rows, {len(names)} features.")


def to_csv(dataset: Dataset) -> str:
    """The dataset as CSV text: header, then one row per sample, target last, exact floats."""
    header = [*dataset.feature_names, dataset.target_name]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    try:  # the rules, and the header read back as the loader reads it (line breaks, BOM, ...)
        back = load_csv(out.getvalue() + ",".join(["0"] * len(header)) + "\n",
                        max_features=len(header))
        ok = (all(s == s.strip() and "\r" not in s and "\n" not in s for s in header)
              and not header[0].startswith("\ufeff")  # the loader drops a byte-order mark
              and _check_header(header, len(header)) == len(header) - 1
              and (*back.feature_names, back.target_name) == tuple(header))
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"the column names {header} would not read back the same: names must "
                         "be non-empty, unique, unpadded, on one line, at most 64 characters, "
                         "not all numbers, and no feature may be named y")
    for xs, t in zip(dataset.X.tolist(), dataset.y.tolist(), strict=True):
        w.writerow([repr(v) for v in (*xs, t)])
    return out.getvalue()
