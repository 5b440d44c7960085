"""Numbers a text prints, compared with the computed ones at the text's own precision.

A worked example from the literature (:mod:`neuron.examples` for one neuron,
:mod:`neuron.network` for Mazur's network) carries the numbers its source prints, transcribed
by hand as printed ("0.5866", "-0.20"). Each is compared with the value this project
computes, rounded as the source rounds it: a printed number *agrees* when the computed value
is within half a unit of its last printed digit.

Where a printed number does not agree, the question a student asks is *why*: a slip of its
own, or an earlier slip carried along? An example may name a ``variant``: the same setup
with the earlier slip put in (the document's z = 0.35 in place of 0.32). A number that
disagrees with the inputs but agrees with the variant *follows* from that earlier slip; one
that agrees with neither is a *slip* of its own, and its ``slip`` text says what went wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """One number a source prints, as printed, and where the computed value is found."""

    label: str  # the source's own name for it, e.g. "out_o1" or "∂L/∂w₂"
    printed: str  # exactly as printed, e.g. "0.75136507"
    path: tuple  # where the computed value is (each example module reads its own paths)
    slip: str = ""  # why it does not follow from the source's inputs, when it does not


def decimals(printed: str) -> int:
    """How many digits the source prints after the point."""
    return len(printed.split(".")[1]) if "." in printed else 0


def agrees(value: float, printed: str) -> bool:
    """Whether ``value`` rounds to ``printed`` (within half a unit of its last digit)."""
    if not math.isfinite(value):
        return False
    return abs(value - float(printed)) <= 0.5 * 10.0 ** -decimals(printed) * (1 + 1e-9)


AGREES, FOLLOWS, SLIP = "agrees", "follows", "slip"


def row(p: Published, value: float, variant: float | None = None, because: str = "") -> dict:
    """One line of the comparison: the printed number, the computed one at the printed
    precision, and its status: ``agrees``; ``follows`` (wrong, but it follows from the earlier
    slip that ``because`` names, i.e. it agrees with ``variant``); or ``slip``."""
    d = decimals(p.printed)
    computed = f"{value:.{d}f}" if math.isfinite(value) else str(value)
    if agrees(value, p.printed):
        status, note = AGREES, ""
    elif variant is not None and agrees(variant, p.printed) and not p.slip:
        status, note = FOLLOWS, f"follows from {because}"
    else:
        status, note = SLIP, p.slip or "it does not follow from the inputs"
    return {"label": p.label, "printed": p.printed, "computed": computed,
            "agrees": status == AGREES, "status": status, "note": note}


def summary(rows: list[dict]) -> str:
    """One sentence on a comparison: how many printed numbers agree, and which do not."""
    bad = [r["label"] for r in rows if not r["agrees"]]
    n = len(rows)
    if not bad:
        return (f"All {n} printed numbers agree with the computed ones at the source's "
                "precision." if n > 1 else "The printed number agrees with the computed one.")
    slips = [r["label"] for r in rows if r["status"] == SLIP]
    follows = [r["label"] for r in rows if r["status"] == FOLLOWS]
    said = f"{n - len(bad)} of {n} printed numbers agree. Slip{'s' if len(slips) > 1 else ''}: " \
        + ", ".join(slips) + "."
    if follows:
        said += f" {len(follows)} more follow from {'them' if len(slips) > 1 else 'it'}: " \
            + ", ".join(follows) + "."
    return said
