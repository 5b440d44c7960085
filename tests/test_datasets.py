"""Tests for neuron.datasets: built-in datasets, blobs, and the CSV loader's refusals."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuron import datasets as ds
from neuron.datasets import (
    DATASETS,
    GATES,
    Dataset,
    blobs,
    document_example,
    get_dataset,
    load_csv,
    logic_gate,
    to_csv,
)

GOOD = b"x1,x2,y\n0.5,0.3,1\n-1.25,2e-3,0\n"


def refused(content, match: str, **limits) -> str:
    """Load ``content`` expecting a ValueError whose message contains ``match``."""
    with pytest.raises(ValueError) as info:
        load_csv(content, **limits)
    msg = str(info.value)
    assert match in msg, msg
    return msg


# --- built-in datasets -------------------------------------------------------------------


def test_document_example_values():
    d = document_example()
    assert d.name == "example" and (d.m, d.n) == (1, 2)
    assert d.X.tolist() == [[0.5, 0.3]] and d.y.tolist() == [1.0]
    assert d.feature_names == ("x1", "x2") and d.target_name == "y"
    assert d.X.dtype == d.y.dtype == np.float64


def test_arrays_are_read_only_copies():
    X = np.array([[1.0, 2.0]])
    d = Dataset("t", X, [3.0], ("a", "b"))
    X[0, 0] = 99.0
    assert d.X[0, 0] == 1.0
    with pytest.raises(ValueError):
        d.X[0, 0] = 5.0
    with pytest.raises(ValueError):
        d.y[0] = 5.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"X": [[1.0, 2.0]], "y": [1.0, 2.0], "feature_names": ("a", "b")}, "1 rows but y has 2"),
        ({"X": [[1.0, 2.0]], "y": [1.0], "feature_names": ("a",)}, "2 columns but 1 feature"),
        ({"X": [1.0, 2.0], "y": [1.0], "feature_names": ("a",)}, "must have 2 dimension"),
        ({"X": [[np.nan]], "y": [1.0], "feature_names": ("a",)}, "finite"),
    ],
)
def test_dataset_validates(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Dataset("t", **kwargs)


@pytest.mark.parametrize(
    ("gate", "y"),
    [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("nand", [1, 1, 1, 0]), ("xor", [0, 1, 1, 0])],
)
def test_logic_gate_truth_tables(gate, y):
    d = logic_gate(gate)
    assert d.X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert d.y.tolist() == y and d.y.dtype == np.float64
    assert d.name == gate and d.feature_names == ("x1", "x2")


def test_unknown_gate_lists_choices():
    with pytest.raises(ValueError, match="unknown logic gate 'nor'; choose one of and, or, nand"):
        logic_gate("nor")
    assert GATES == ("and", "or", "nand", "xor")


def _midline_separates(d: Dataset) -> bool:
    """The line through the midpoint, perpendicular to the centre difference, separates."""
    c0, c1 = d.X[d.y == 0].mean(axis=0), d.X[d.y == 1].mean(axis=0)
    side = (d.X - (c0 + c1) / 2) @ (c1 - c0)
    return bool(np.all((side > 0) == (d.y == 1)))


def test_blobs_shapes_labels_and_balance():
    d = blobs(m=101, seed=3)
    assert d.X.shape == (101, 2) and d.y.shape == (101,)
    assert set(d.y.tolist()) == {0.0, 1.0}
    assert (int((d.y == 0).sum()), int((d.y == 1).sum())) == (51, 50)
    assert d.X.dtype == np.float64 and not d.X.flags.writeable
    assert d.y[:10].min() == 0 and d.y[:10].max() == 1  # rows are shuffled


def test_blobs_reproducible_by_seed_and_different_across_seeds():
    a, b, c = blobs(seed=7), blobs(seed=7), blobs(seed=8)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    state = np.random.get_state()[1].copy()
    blobs(seed=1)
    assert np.array_equal(np.random.get_state()[1], state)  # global RNG untouched


def test_blobs_noise_is_the_standard_deviation():
    d = blobs(m=10_000, noise=0.5, seed=2)
    spread = d.X[d.y == 1] - d.X[d.y == 1].mean(axis=0)
    assert spread.std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


@pytest.mark.parametrize("seed", range(20))
def test_separable_blobs_are_separated_and_overlapping_ones_are_not(seed):
    assert _midline_separates(blobs(seed=seed))
    assert not _midline_separates(blobs(separable=False, seed=seed))


def test_separable_blobs_at_the_largest_size():
    assert _midline_separates(blobs(m=10_000, seed=0))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"m": 1}, "m must be between 2 and 10,000, got 1"),
        ({"m": 10_001}, "between 2 and 10,000"),
        ({"m": 2.5}, "m must be a whole number"),
        ({"noise": 0}, "noise .* above 0 and at most 10"),
        ({"noise": 10.5}, "at most 10"),
        ({"noise": float("nan")}, "at most 10"),
        ({"seed": -1}, "seed must be at least 0"),
        ({"seed": True}, "seed must be a whole number"),
    ],
)
def test_blobs_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        blobs(**kwargs)


def test_registry_and_get_dataset():
    assert list(DATASETS) == ["example", "and", "or", "nand", "xor", "blobs", "blobs_overlap"]
    assert DATASETS["xor"]().y.tolist() == [0, 1, 1, 0]
    assert DATASETS["blobs"]() == blobs()
    assert DATASETS["blobs_overlap"]() == blobs(separable=False)
    d = get_dataset("blobs_overlap", seed=4, noise=0.5, m=10)
    assert d == blobs(m=10, separable=False, noise=0.5, seed=4) and d.m == 10
    assert get_dataset("example", seed=9) == document_example()
    with pytest.raises(ValueError, match="unknown dataset 'iris'; choose one of example, and"):
        get_dataset("iris")


# --- CSV: good files ---------------------------------------------------------------------


def test_good_csv_with_y_last():
    d = load_csv(GOOD)
    assert d.X.tolist() == [[0.5, 0.3], [-1.25, 0.002]] and d.y.tolist() == [1.0, 0.0]
    assert d.feature_names == ("x1", "x2") and d.target_name == "y"


def test_y_column_in_the_middle_is_the_target_case_insensitive():
    d = load_csv(b"a, Y ,b\n1,2,3\n4,5,6\n")
    assert d.feature_names == ("a", "b") and d.target_name == "Y"
    assert d.X.tolist() == [[1, 3], [4, 6]] and d.y.tolist() == [2, 5]


def test_without_y_the_last_column_is_the_target():
    d = load_csv(b"height,weight,price\n1,2,3\n")
    assert d.feature_names == ("height", "weight") and d.target_name == "price"
    assert d.X.tolist() == [[1, 2]] and d.y.tolist() == [3]


def test_bom_whitespace_crlf_quotes_and_blank_lines():
    raw = '\ufeff x1 ,x2,y\r\n  0.5 , "0.3" ,\t1 \r\n\r\n1e1,.5,-2.\r\n\n'.encode()
    d = load_csv(raw)
    assert d.feature_names == ("x1", "x2")
    assert d.X.tolist() == [[0.5, 0.3], [10.0, 0.5]] and d.y.tolist() == [1.0, -2.0]


def test_sources_path_str_path_text_binary_and_csv_text(tmp_path):
    p = tmp_path / "houses.csv"
    p.write_bytes(GOOD)
    expected = load_csv(GOOD)
    for source in (p, str(p), io.BytesIO(GOOD), io.StringIO(GOOD.decode()), GOOD.decode()):
        d = load_csv(source)
        assert np.array_equal(d.X, expected.X) and np.array_equal(d.y, expected.y)
    assert load_csv(p).name == "houses"
    upload = io.BytesIO(GOOD)
    upload.name = "my data.csv"
    upload.read()  # already read once, e.g. on an earlier Streamlit rerun
    assert load_csv(upload).name == "my data"  # read again from the start


def test_missing_path_is_a_value_error(tmp_path):
    refused(tmp_path / "nope.csv", "cannot read the file")


# --- CSV: bad files, one per kind ------------------------------------------------------


def test_empty_file():
    refused(b"", "the file is empty")
    refused(b"\n  \n", "the file is empty")


def test_header_only():
    refused(b"x1,x2,y\n", "has a header but no data rows")


def test_numbers_instead_of_header():
    refused(b"0.5,0.3,1\n1,2,3\n", "line 1: looks like numbers, not column names")


def test_non_numeric_cell():
    msg = refused(b"x1,x2,y\n1,2,3\n4,abc,6\n", 'line 3, column 2 ("x2"): "abc" is not a number')
    assert msg == 'line 3, column 2 ("x2"): "abc" is not a number'


def test_ragged_row_too_few():
    refused(b"x1,x2,y\n1,2,3\n4,5\n", 'line 3, column 3 ("y"): found 2 values but the header has 3')


def test_ragged_row_too_many():
    refused(b"x1,x2,y\n1,2,3,4\n", "line 2, column 4: found 4 values but the header has 3")


@pytest.mark.parametrize("cell", ["nan", "NaN", "-nan"])
def test_nan_cell(cell):
    refused(f"x1,x2,y\n1,{cell},0\n".encode(), f'line 2, column 2 ("x2"): "{cell}" is not allowed')


@pytest.mark.parametrize("cell", ["inf", "-inf", "+Infinity"])
def test_inf_cell(cell):
    refused(f"x1,x2,y\n{cell},1,0\n".encode(), f'line 2, column 1 ("x1"): "{cell}" is not allowed')


def test_overflowing_number():
    refused(b"x1,x2,y\n1,1e999,0\n", 'line 2, column 2 ("x2"): "1e999" is too large')


@pytest.mark.parametrize("row", ["1,,0", "1,   ,0"])
def test_empty_cell(row):
    refused(f"x1,x2,y\n{row}\n".encode(), 'line 2, column 2 ("x2"): the cell is empty')


@pytest.mark.parametrize(
    "cell", ["\"=cmd|' /C calc'!A0\"", "@SUM(A1)", "+A1", "-A1", "1_000", "0x1f", "١"]
)
def test_formula_and_other_non_numbers(cell):
    msg = refused(f"x1,x2,y\n1,2,{cell}\n".encode(), "is not a number")
    assert msg.startswith('line 2, column 3 ("y"): "')


def test_formula_cell_exact_message():
    refused(b"x1,x2,y\n1,2,\"=cmd|' /C calc'!A0\"\n",
            'line 2, column 3 ("y"): "=cmd|\' /C calc\'!A0" is not a number')


def test_too_many_features():
    header = ",".join(f"x{i}" for i in range(1, 10)) + ",y"
    row = ",".join(["1"] * 10)
    refused(f"{header}\n{row}\n".encode(),
            'line 1, column 9 ("x9"): 9 feature columns, at most 8 allowed')
    assert load_csv(f"{header}\n{row}\n".encode(), max_features=9).n == 9


def test_one_column_is_not_enough():
    refused(b"a;b\n1;2\n", "line 1: found 1 column; need at least one feature")


def test_too_many_rows():
    rows = "".join(f"{i},{i}\n" for i in range(6))
    assert load_csv(f"x,y\n{rows[:-4]}".encode(), max_rows=5).m == 5
    refused(f"x,y\n{rows}".encode(), "line 7: more than 5 data rows", max_rows=5)
    refused(f"x,y\n{rows}\n\n".encode(), "line 7: more than 5 data rows", max_rows=5)


def test_too_large_bytes_refused_before_parsing():
    refused(GOOD, "larger than the limit of 10 bytes", max_bytes=10)
    assert load_csv(GOOD, max_bytes=len(GOOD)).m == 2


def test_too_large_path_is_not_opened(tmp_path, monkeypatch):
    p = tmp_path / "big.csv"
    p.write_bytes(GOOD)

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(ds, "open", no_open, raising=False)
    refused(p, "larger than the limit of 10 bytes", max_bytes=10)


def test_file_like_reads_at_most_max_bytes_plus_one():
    asked = []

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def read(self, size=-1):
            asked.append(size)
            return b"x" * (size if size >= 0 else 10**9)

    refused(Endless(), "larger than the limit of 100 bytes", max_bytes=100)
    assert asked == [101]


def test_non_utf8_bytes():
    refused(b"x1,x2,y\n1,2,3\n4,\xff5,6\n", "line 3, column 2: byte 0xff is not valid UTF-8")
    refused("x,y\n\u00e9,1\n".encode("latin-1"), "line 2, column 1: byte 0xe9")


@pytest.mark.parametrize(
    ("header", "match"),
    [
        ("x1,x1,y", 'line 1, column 2 ("x1"): same name as column 1'),
        ("x1,X1,y", 'line 1, column 2 ("X1"): same name as column 1'),
        ("a,y,Y", 'line 1, column 3 ("Y"): same name as column 2'),
        ("x1,,y", "line 1, column 2: the column name is empty"),
        ("x1,x2,y,", "line 1, column 4: the column name is empty"),
        ("x1," + "a" * 65 + ",y", "line 1, column 2: the column name is 65 characters"),
    ],
)
def test_bad_header(header, match):
    refused(f"{header}\n1,2,3\n".encode(), match)


def test_html_header_kept_verbatim():
    name = "<img src=x onerror=alert(1)>"
    d = load_csv(f"{name},y\n1,2\n".encode())
    assert d.feature_names == (name,)
    assert load_csv(f"{'a' * 64},y\n1,2\n".encode()).feature_names == ("a" * 64,)


def test_limits_are_validated_and_values_are_read_only_float64():
    d = load_csv(b"x,y\n1,2\n")
    assert d.X.dtype == d.y.dtype == np.float64 and not d.X.flags.writeable
    refused(b"x,y\n1,2\n", "max_rows must be at least 1", max_rows=0)
    refused(b"x,y\n1,2\n", "max_bytes must be a whole number", max_bytes=1.5)


# --- to_csv ------------------------------------------------------------------------------


def test_to_csv_text():
    assert to_csv(document_example()) == "x1,x2,y\n0.5,0.3,1.0\n"


def test_to_csv_refuses_names_that_would_not_read_back():
    with pytest.raises(ValueError, match="would not read back the same"):
        to_csv(Dataset("t", [[1.0, 2.0]], [3.0], ("y", "x"), "t"))
    with pytest.raises(ValueError, match="would not read back the same"):
        to_csv(Dataset("t", [[1.0]], [3.0], (" x",)))
    for bad in ("0\r0", "a\nb", "\ufeffx"):  # found by hypothesis
        with pytest.raises(ValueError, match="would not read back the same"):
            to_csv(Dataset("t", [[1.0]], [3.0], (bad,)))


floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    data=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=5),
                    elements=floats),
    feature=names,
)
def test_round_trip_is_exact(data, feature):
    X, y = data[:, :-1] if data.shape[1] > 1 else data, data[:, -1]
    n = X.shape[1]
    fnames = tuple(f"{feature.strip()[:50] or 'f'}_{i}" for i in range(n))
    d = Dataset("t", X, y, fnames, "target")
    if any(c in fnames[0] for c in "\r\n") or fnames[0].startswith("\ufeff"):
        with pytest.raises(ValueError, match="would not read back the same"):
            to_csv(d)  # refused rather than written wrong
        return
    back = load_csv(to_csv(d))
    assert back.X.tobytes() == d.X.tobytes() and back.y.tobytes() == d.y.tobytes()  # -0.0 too
    assert back.feature_names == d.feature_names and back.target_name == "target"


# -- XOR-like data, decided from the samples (issue 19) -------------------------------------


def test_xor_like_is_decided_from_the_samples_never_the_name():
    xor, xnor = logic_gate("xor"), [1, 0, 0, 1]
    assert ds.xor_like(xor.X, xor.y) and ds.xor_like(xor.X, xnor)
    for gate in ("and", "or", "nand"):
        assert not ds.xor_like(logic_gate(gate).X, logic_gate(gate).y)
    named = Dataset("xor", logic_gate("and").X, logic_gate("and").y, ("x1", "x2"))
    assert not ds.xor_like(named.X, named.y)  # AND data named xor
    assert ds.xor_like([[-1, -1], [-1, 1], [1, -1], [1, 1]], [-1, 1, 1, -1])  # ±1 corners
    repeated = np.vstack([xor.X, xor.X[::-1]])
    assert ds.xor_like(repeated, np.r_[xor.y, xor.y[::-1]])  # each corner twice
    assert not ds.xor_like(np.vstack([xor.X, [[0.5, 0.5]]]), np.r_[xor.y, 1])  # a 5th point
    assert not ds.xor_like(xor.X[:3], xor.y[:3])  # a corner missing: separable
    assert not ds.xor_like(np.vstack([xor.X, [[0, 0]]]), np.r_[xor.y, 1])  # a corner both ways
    assert not ds.xor_like(xor.X[:, :1], xor.y)  # one input
    assert not ds.xor_like(np.c_[xor.X, xor.X[:, :1]], xor.y)  # three inputs
    assert not ds.xor_like(xor.X, [0, 1, 2, 0])  # three target values
