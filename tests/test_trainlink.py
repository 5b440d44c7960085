"""The training page's settings: one field table drives validation and the share link."""

import dataclasses
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neuron.trainlink import (
    BY_NAME,
    FIELDS,
    ROWS_KEY,
    TABLE_ROWS_MAX,
    TrainSettings,
    check,
    encode,
    parse,
)


def test_the_field_table_describes_every_setting_with_its_default():
    names = [f.name for f in dataclasses.fields(TrainSettings)]
    assert [f.name for f in FIELDS] + ["rows"] == names
    assert all(getattr(TrainSettings(), f.name) == f.default for f in FIELDS)
    assert len({f.url for f in FIELDS} | {ROWS_KEY}) == len(FIELDS) + 1  # no key twice
    assert TrainSettings().validated() == TrainSettings()


def value_of(field):
    """Hypothesis: any valid value of a field."""
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "int":
        return st.integers(int(field.lo), int(field.hi))
    return st.floats(field.lo, field.hi, allow_nan=False)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
@given(data=st.data())
def test_every_field_round_trips_through_the_link(field, data):
    value = data.draw(value_of(field))
    s = TrainSettings(**{field.name: value})
    if field.name in ("act", "loss"):  # a pairing the loss refuses is a different test
        s = dataclasses.replace(s, loss="mse")
    back, warnings = parse(encode(s))
    assert warnings == []
    assert back == s


def out_of_range(field):
    if field.kind == "choice":
        return ["nope", "", "SIGMOID "]
    bad = [field.lo - 1, field.hi + 1, "abc", "nan", "inf", "1e400"]
    return bad + ([f"{field.lo + 0.5:g}"] if field.kind == "int" else [])


@pytest.mark.parametrize("field, value", [(f, v) for f in FIELDS for v in out_of_range(f)],
                         ids=lambda x: x.name if hasattr(x, "name") else str(x))
def test_every_field_refuses_its_bad_values_naming_itself(field, value):
    with pytest.raises(ValueError, match="^" + re.escape(field.label)):
        check(field, value)
    s, warnings = parse({field.url: str(value)})
    assert getattr(s, field.name) == field.default  # the default is kept...
    assert len(warnings) == 1 and warnings[0].startswith(field.label)  # ...and said


def test_a_table_travels_in_the_link_as_its_rows():
    rows = (("0", "0", "1"), ("1e-7", "-4e-1", "0"), ("3", "2.5", "1"))
    s = TrainSettings(source="table", rows=rows)
    params = encode(s)
    assert params[ROWS_KEY] == "0,0,1;1e-7,-4e-1,0;3,2.5,1"
    assert parse(params) == (s, [])
    assert ROWS_KEY not in encode(TrainSettings(source="xor"))  # only the table's


@pytest.mark.parametrize("text, says", [
    ("0,0", "row 1 has 2 cells"),
    ("0,0,x", "row 1, column y"),
    ("0,0,1;1,nan,0", "row 2, column x2"),
    ("0,0,2e6", "too large"),
    (";".join(["0,0,0"] * (TABLE_ROWS_MAX + 1)), f"{TABLE_ROWS_MAX + 1} rows"),
    ("", "0 rows"),
])
def test_a_bad_table_in_a_link_is_refused_naming_the_cell(text, says):
    s, warnings = parse({"data": "table", ROWS_KEY: text})
    assert s.rows == TrainSettings().rows and s.source == "table"
    assert len(warnings) == 1 and says in warnings[0] and warnings[0].startswith("Table")


def test_a_loss_the_activation_cannot_follow_falls_back_with_a_word():
    s, warnings = parse({"act": "tanh", "loss": "bce"})
    assert (s.act, s.loss) == ("tanh", "mse")
    assert len(warnings) == 1 and "kept the loss mse" in warnings[0]


def test_the_learning_rate_limit_is_the_configured_one():
    from neuron.config import LR_MAX

    assert BY_NAME["lr"].hi == LR_MAX and math.isfinite(LR_MAX)
