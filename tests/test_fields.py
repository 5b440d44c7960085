"""Every field table (issue 13): each field round-trips through its page's link, and each
refuses its out-of-range values with a message that names the field, both as a value (the
record's check) and as a link's text (the link's parser, which keeps the default and says so).

The tables: the step view's ``neuron.config.FIELDS`` (a Config, linked by neuron.urlstate)
and the training page's ``neuron.trainlink.FIELDS`` (a TrainSettings); the training table's
own properties are in tests/test_trainlink.py too.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuron import config, trainlink, urlstate
from neuron.config import Config
from neuron.fields import KINDS, Field

TABLES = {"step": config.FIELDS, "train": trainlink.FIELDS}
ALL = [(table, f) for table, fields in TABLES.items() for f in fields]
ids = [f"{table}.{f.name}" for table, f in ALL]


def test_each_table_describes_its_record_once():
    for record, fields in ((Config, config.FIELDS), (trainlink.TrainSettings, trainlink.FIELDS)):
        names = [f.name for f in fields]
        assert len(set(names)) == len(names) and len({f.url for f in fields}) == len(fields)
        assert all(f.kind in KINDS for f in fields)
        defaults = record()
        assert all(getattr(defaults, f.name) == f.default for f in fields), record
        assert set(names) <= {f.name for f in dataclasses.fields(record)}
    assert [f.name for f in config.FIELDS] == [f.name for f in dataclasses.fields(Config)]


def number(field: Field):
    hi = min(field.hi, 1e6)
    return st.floats(max(field.lo, -1e6), hi, allow_nan=False, allow_infinity=False)


def value_of(field: Field):
    """Hypothesis: any valid value of a field."""
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "int":
        return st.integers(int(field.lo), int(field.hi))
    if field.kind == "vector":
        return st.lists(number(field), min_size=field.size[0], max_size=field.size[1]) \
            .map(tuple)
    return number(field)


def record_with(table: str, field: Field, value):
    """The table's default record with ``value`` put into ``field`` (and what it needs)."""
    if table == "train":
        s = trainlink.TrainSettings(**{field.name: value})
        return dataclasses.replace(s, loss="mse") if field.name in ("act", "loss") else s
    other = {"x": "w", "w": "x"}.get(field.name)
    fit = {other: (0.5,) * len(value)} if other else {}
    cfg = Config(**{field.name: value}, **fit)
    if field.name in ("activation", "loss"):  # a pairing refused is a test of its own
        cfg = dataclasses.replace(cfg, activation="sigmoid", loss="mse")
    if field.name == "activation":
        cfg = dataclasses.replace(cfg, activation=value)
    return cfg


@pytest.mark.parametrize("table, field", ALL, ids=ids)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_field_round_trips_through_its_link(table, field, data):
    value = data.draw(value_of(field))
    rec = record_with(table, field, value)
    if table == "train":
        assert trainlink.parse(trainlink.encode(rec)) == (rec, [])
    else:
        cfg, view, warnings = urlstate.parse(urlstate.encode(rec))
        assert warnings == [] and cfg == rec.validated() == rec


def out_of_range(field: Field) -> list:
    if field.kind == "choice":
        return ["nope", "", "SIGMOID "]
    if field.kind == "bool":
        return ["2", "yes", ""]
    bad = ["abc", "nan", "inf", "1e400"]
    if math.isfinite(field.lo):  # below it (at ±10⁶, "%g" of lo - 1 would round to lo)
        bad.append(repr(field.lo * 10 if field.lo < 0 else field.lo - 1))
    if math.isfinite(field.hi):
        bad.append(repr(field.hi * 10 + 1))
    if field.kind == "int":
        bad.append(f"{field.lo + 0.5:g}")
    if field.kind == "vector":
        bad.append(",".join(["1"] * (field.size[1] + 1)))
    return bad


@pytest.mark.parametrize("table, field, text",
                         [(tb, f, t) for tb, f in ALL for t in out_of_range(f)],
                         ids=lambda x: x.name if isinstance(x, Field) else str(x))
def test_every_field_refuses_its_bad_values_naming_itself(table, field, text):
    if table == "train":
        with pytest.raises(ValueError, match="^" + re.escape(field.label)):
            field.check(text)
        rec, warnings = trainlink.parse({field.url: text})
        said = field.label
    else:
        if field.kind not in ("bool", "vector"):  # a value typed into the page
            with pytest.raises(ValueError, match="^" + re.escape(field.prefix)):
                field.check(text)
        rec, _, warnings = urlstate.parse({field.url: text})
        said = field.url
    assert getattr(rec, field.name) == field.default  # the default is kept...
    assert len(warnings) == 1 and warnings[0].startswith(said + ":"), warnings  # ...and said


def test_the_step_view_s_checks_say_what_the_page_says():
    with pytest.raises(ValueError, match=r"^η: the learning rate must be between 0 and 100"):
        config.BY_NAME["lr"].check(150.0)
    with pytest.raises(ValueError, match=r"^b: 1e\+07 is too large"):
        config.BY_NAME["b"].check(1e7)
    with pytest.raises(ValueError, match=r"^x: the neuron takes 1 to 8 inputs, not 9"):
        config.BY_NAME["x"].check((1.0,) * 9)
    assert config.BY_NAME["update_bias"].check(0) is False
