"""A setting described once: its name in its record, its label, kind, limits, default, key
in a link and help. TensorFlow Playground's ``state.ts`` property table is the model,
without its globals.

Two tables use it: the step view's :data:`neuron.config.FIELDS` (a :class:`Config`) and the
training page's :data:`neuron.trainlink.FIELDS` (a ``TrainSettings``). Each table drives
the page's widgets (label, help), the record's validation (a message that starts with the
field's name, shown next to the field), the link's round trip (``url`` and
:meth:`Field.parse`) and the command line's limits. ``tests/test_fields.py`` reads both
tables and checks, field by field, the round trip and the refusal of out-of-range values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("float", "int", "choice", "vector", "bool")


@dataclass(frozen=True)
class Field:
    """One setting: how it is named, shown, limited, defaulted and linked."""

    name: str  # in its record
    label: str  # on the page, and at the start of its messages
    kind: str  # one of KINDS; a "vector" is a comma-separated list of floats
    default: object
    url: str  # its key in a share link
    help: str = ""
    choices: tuple[str, ...] = ()  # for "choice"
    lo: float = -math.inf  # for numbers, and each number of a vector
    hi: float = math.inf
    size: tuple[int, int] = (1, 1)  # for "vector": the fewest and the most numbers
    symbol: str = ""  # the short name its messages start with (η), if not the label
    checker: Callable | None = None  # a check of the record's own, when it has one

    @property
    def prefix(self) -> str:
        return self.symbol or self.label

    def check(self, value):
        """``value`` as this field's kind, within its limits; else ``ValueError`` whose
        message starts with the field's name."""
        if self.checker is not None:
            return self.checker(value)
        return check(self, value)

    def parse(self, text: str):
        """A link's text for this field as a value, checked; ``ValueError`` whose message
        starts with the field's key in the link (the name the reader of the link sees)."""
        key = self.url
        if self.kind == "vector":
            parts = str(text).split(",")
            lo, hi = self.size
            if not lo <= len(parts) <= hi:
                raise ValueError(f"{key}: needs {lo} to {hi} comma-separated numbers, got "
                                 f"{len(parts)}")
            return self.check(tuple(_number(key, p.strip(), self.lo, self.hi) for p in parts))
        if self.kind == "bool":
            if str(text) not in ("0", "1"):
                raise ValueError(f"{key}: {str(text)[:30]!r} is not 0 or 1")
            return self.check(text == "1")
        if self.kind == "choice":
            if text not in self.choices:
                raise ValueError(f"{key}: {str(text)[:30]!r} is not one of "
                                 f"{', '.join(self.choices)}")
            return self.check(text)
        v = _number(key, text, self.lo, self.hi)
        if self.kind == "int" and v != int(v):
            raise ValueError(f"{key}: {str(text)[:30]} is not a whole number")
        return self.check(int(v) if self.kind == "int" else v)

    def text(self, value) -> str:
        """The value as a link writes it (what :meth:`parse` reads back exactly)."""
        if self.kind == "vector":
            return ",".join(_num(v) for v in value)
        if self.kind == "bool":
            return "1" if value else "0"
        return _num(value) if self.kind == "float" else str(value)


def _num(v) -> str:
    """A float as short as it round-trips: 1 for 1.0, 0.01, 1e-05."""
    return repr(float(v)).removesuffix(".0")


def _number(prefix: str, text, lo: float, hi: float) -> float:
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{prefix}: {str(text)[:30]!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{prefix}: {str(text)[:30]!r} is not a finite number")
    if not lo <= v <= hi:
        raise ValueError(f"{prefix}: {str(text)[:30]} is outside {lo:g} to {hi:g}")
    return v


def check(field: Field, value):
    """The generic check: a choice among its choices, a number within its limits (a whole
    one for "int"), a vector of such numbers, a bool."""
    if field.kind == "choice":
        if value not in field.choices:
            raise ValueError(f"{field.prefix}: {str(value)[:30]!r} is not one of "
                             f"{', '.join(field.choices)}")
        return value
    if field.kind == "bool":
        if value not in (True, False):  # numpy's bools and 0/1 too
            raise ValueError(f"{field.prefix}: {str(value)[:30]!r} is not true or false")
        return bool(value)
    if field.kind == "vector":
        values = tuple(value)
        lo, hi = field.size
        if not lo <= len(values) <= hi:
            raise ValueError(f"{field.prefix}: {len(values)} numbers; give {lo} to {hi}")
        return tuple(_number(field.prefix, v, field.lo, field.hi) for v in values)
    v = _number(field.prefix, value, field.lo, field.hi)
    if field.kind == "int":
        if v != int(v):
            raise ValueError(f"{field.prefix}: {str(value)[:30]} is not a whole number")
        return int(v)
    return v
