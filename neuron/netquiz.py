"""Predict, then reveal, on the network page: which values a stage asks, and the answers.

The network page asks what students get wrong about backpropagation through hidden layers:

* at each δ stage, the δ = ∂L/∂z of **every** unit of that layer (the output layer's, then
  each hidden layer's, where the errors sent back through the weights add up);
* at each gradient stage, ∂L/∂w of **one** weight of that layer (asking all 16 of a 4-4
  layer would be tedious, and each is the same product δⱼ·aᵢ): the weights are taken in turn,
  row by row, one per iteration, so iteration 1 asks W[1,1], iteration 2 W[1,2], and so on
  (:func:`asked_weight`; the page names it).

Nothing else is asked (the forward values and the update are the step view's questions).
An answer is right within the step view's tolerance (:func:`neuron.quiz.is_right`: 0.001,
or 1 % above 0.1) and, for a value that shows as non-zero at 4 decimals, of its sign: the
hidden layer's gradients are often below 0.001 (Mazur's ∂L/∂w1 = 0.000439), where the
tolerance alone passed 0 and the wrong sign, which is the mistake the quiz is there to catch.
A wrong answer gets the formula with the numbers put in (:attr:`NetQuestion.hint`), a
second one the reveal (:func:`judge`). A value that is not finite is not asked (no typed
number can be it), and the page says why (:attr:`NetQuestion.why_not_asked`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from . import quiz
from .netreport import _unit, _w, stage_lines
from .netstages import stages
from .network import NetSetup
from .quiz import is_right

TRIES_BEFORE_REVEAL = quiz.TRIES_BEFORE_REVEAL  # as in the step view
HIDDEN_TEX = r"\boxed{\;?\;}"  # the step view's mark of a value still to be predicted


@dataclass(frozen=True)
class NetQuestion:
    key: str  # unique within an iteration: "delta2.0" (layer 2, unit 1), "dW1.0.1"
    symbol: str  # how the page names it: "δ(o₁)", "∂L/∂W1[1,2]"
    value: float  # the computed answer
    hint: tuple[tuple[str, str], ...]  # the formula with the numbers put in, result "?"

    @property
    def asked(self) -> bool:
        """Whether the student is asked: only for a finite value."""
        return math.isfinite(self.value)

    @property
    def why_not_asked(self) -> str | None:
        if self.asked:
            return None
        what = "is undefined" if math.isnan(self.value) else "overflows"
        return f"{self.symbol} {what} here, so it is not asked."


@dataclass(frozen=True)
class Attempt:
    """A student's tries at one question."""

    tries: int = 0
    last: float | None = None  # the last answer given
    done: bool = False  # right, or revealed
    right: bool = False


def asked_weight(sizes, layer: int, iteration: int) -> tuple[int, int]:
    """(j, i), from 0, of the weight of ``layer`` (1..L) asked in ``iteration`` (from 0):
    the layer's weights row by row, one per iteration, starting again after the last."""
    n_in, n_out = sizes[layer - 1], sizes[layer]
    return divmod(iteration % (n_in * n_out), n_in)


def _masked(line: tuple[str, str]) -> tuple[str, str]:
    """A line of :func:`neuron.netreport.stage_lines` with its result (after the last " = ")
    replaced by the question mark."""
    text, latex = line
    return text.rsplit(" = ", 1)[0] + " = ?", latex.rsplit(" = ", 1)[0] + f" = {HIDDEN_TEX}"


def questions(setup: NetSetup, stage: int, iteration: int = 0, it=None
              ) -> tuple[NetQuestion, ...]:
    """The questions of ``stage`` (an index of :func:`neuron.netstages.stages`) in iteration
    ``iteration`` (from 0) of ``setup`` (its weights those of that iteration); ``it`` is
    ``setup.step()`` if already computed. Empty for a stage that asks nothing."""
    L = len(setup.sizes) - 1
    s = stages(L)[stage]
    if s.kind not in ("delta", "grad"):
        return ()
    it = it or setup.step()
    bwd = it[2]
    lines = stage_lines(setup, s.key, it)
    l = s.layer
    if s.kind == "delta":  # two lines per unit: its ∂L/∂a, then its δ
        return tuple(NetQuestion(f"delta{l}.{j}", f"δ({_unit(l, j, L)[0]})",
                                 float(bwd.delta[l - 1][0][j]),
                                 (lines[2 * j], _masked(lines[2 * j + 1])))
                     for j in range(setup.sizes[l]))
    j, i = asked_weight(setup.sizes, l, iteration)  # a line per weight, then the bias's
    line = lines[j * (setup.sizes[l - 1] + 1) + i]
    return (NetQuestion(f"dW{l}.{j}.{i}", f"∂L/∂{_w(l - 1, j, i)[0]}",
                        float(bwd.dL_dW[l - 1][j][i]), (_masked(line),)),)


def hides(setup: NetSetup, stage: int) -> frozenset[tuple[str, int]]:
    """What ``stage`` reveals that its questions would give away, as the (quantity, layer)
    pairs of :func:`neuron.netstages.known`: hidden until every question is answered."""
    s = stages(len(setup.sizes) - 1)[stage]
    if s.kind == "delta":
        return frozenset({("dL_da", s.layer), ("delta", s.layer)})
    if s.kind == "grad":
        return frozenset({("dL_dW", s.layer)})
    return frozenset()


def judge(attempt: Attempt, answer: float, q: NetQuestion) -> Attempt:
    """The attempt after ``answer``: right (within the tolerance, with the value's sign)
    ends it; so does a second wrong answer (the page then reveals the value). A question
    already done stays as it is, and so does the last wrong answer sent again
    (:func:`neuron.quiz.is_new_try`)."""
    if attempt.done or not quiz.is_new_try(attempt.last, answer):
        return attempt
    tries = attempt.tries + 1
    right = is_right(answer, q.value)  # within the tolerance, and with the value's sign
    return Attempt(tries, float(answer), right or tries >= TRIES_BEFORE_REVEAL, right)


def reveal(attempt: Attempt) -> Attempt:
    """The student asked for the value: done, not right."""
    return attempt if attempt.done else replace(attempt, done=True, right=False)


def weights_note(setup: NetSetup, iteration: int) -> str:
    """The page's words on which weights are asked in ``iteration`` (from 0)."""
    L = len(setup.sizes) - 1
    names = [_w(l - 1, *asked_weight(setup.sizes, l, iteration))[0] for l in range(L, 0, -1)]
    return ("Asked: every unit's δ, and of the weights one per layer (asking each would "
            f"repeat the same product δⱼ·aᵢ): {', '.join(names)} in iteration "
            f"{iteration + 1}; the next weight of each layer, row by row, in the next "
            "iteration.")
