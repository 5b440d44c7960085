"""Predict, then reveal: which value a stage asks for, and whether an answer is right.

At each stage after the first the student is asked for the stage's main quantity (z, ŷ, L,
∂L/∂ŷ, ∂ŷ/∂z, ∂z/∂w₁, ∂L/∂w₁, the new w₁). An answer is right when it is within
``max(ABS_TOL, REL_TOL · |value|)`` of the computed value: 0.001, or 1 % of the value for
values above 0.1, which accepts hand arithmetic carried to 3–4 decimals and refuses a wrong
factor or sign. The new w₁ must also be within half the update (η · ∂L/∂w₁, often smaller
than that tolerance) of the new value: typing the old w₁ must not pass.

A value that is not finite (∂L/∂ŷ of cross-entropy when ŷ rounds to 0 or 1 overflows; a
diverged descent gives NaN) is not asked: no typed number can be it, and every answer used
to pass, since ``|answer - inf| <= tolerance(inf)`` is true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .core import Step
from .fmt import DECIMALS
from .stages import STAGES

ABS_TOL = 1e-3
REL_TOL = 1e-2
TRIES_BEFORE_REVEAL = 2  # a second wrong answer reveals the value


def is_new_try(last: float | None, answer: float) -> bool:
    """Whether ``answer`` counts as a try: the wrong answer just judged, sent again, does not
    (Enter in the field submits the form, and a student who then presses Check sends the
    same number twice: it used to spend both tries and reveal the value at once)."""
    return last is None or float(answer) != last


@dataclass(frozen=True)
class Question:
    key: str  # the quantity asked for (a stage's reveal key)
    symbol: str  # how the question names it
    value: float  # the computed answer
    hides: frozenset[str]  # everything this stage reveals, hidden until answered
    before: float | None = None  # the update: the value before it (see is_right)

    @property
    def asked(self) -> bool:
        """Whether the student is asked: only for a finite value (see the module's note)."""
        return math.isfinite(self.value)

    @property
    def why_not_asked(self) -> str | None:
        """The page's words when the value is not asked, else None."""
        if self.asked:
            return None
        what = "is undefined" if math.isnan(self.value) else "overflows"
        return f"{self.symbol} {what} here, so it is not asked."


def question(step: Step, stage: int, sample: int = 0) -> Question | None:
    """The question for ``stage`` of ``step`` (None for stage 0, which computes nothing):
    the stage's ``ask`` (neuron.stages)."""
    s = STAGES[stage]
    if s.ask is None:
        return None
    symbol, value_of = s.ask
    before = float(step.forward.w[0]) if s.key == "update" else None
    return Question(s.reveals[0], symbol, float(value_of(step, sample)), frozenset(s.reveals),
                    before)


def tolerance(value: float) -> float:
    return max(ABS_TOL, REL_TOL * abs(value))


SHOWN = 0.5 * 10.0**-DECIMALS  # half the last decimal shown: smaller steps cannot be typed


def is_right(answer: float, value: float, before: float | None = None) -> bool:
    """Within the tolerance of ``value``; for an update from ``before``, also within half the
    step (but never less than the 4 decimals shown), so that neither the old value nor a
    step of the wrong size or sign passes. A value that shows as non-zero at 4 decimals must
    be answered with its sign: below the tolerance (a saturated neuron's ∂L/∂w₁ = 0.0004),
    0 and the wrong sign would pass, and the sign is what the quiz is there to check. Nothing
    is right for a value that is not finite, and an answer that is not finite is never
    right."""
    if not (math.isfinite(value) and math.isfinite(float(answer))):
        return False
    if abs(value) >= SHOWN and float(answer) * value <= 0:
        return False
    tol = tolerance(value)
    if before is not None:
        tol = min(tol, max(abs(value - before) / 2, SHOWN))
    return abs(float(answer) - value) <= tol
