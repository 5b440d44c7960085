"""The stages of one iteration, in the document's order, and what each one reveals.

Stage 0 shows only the inputs and the parameters; each later stage reveals one more
quantity of the forward pass, the backward pass or the update. A quantity, once revealed,
stays shown for the rest of the iteration. The keys of the quantities are the field names
of :mod:`neuron.core`'s results (``z``, ``y_hat``, ``loss``, ``dL_dyhat``, ...), plus
``w_new`` and ``b_new`` for the updated parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import Step


@dataclass(frozen=True)
class Stage:
    """One stage of an iteration: everything each view says of it, in one place.

    The equations for a stage are built by :func:`neuron.equations.stage_equations` from its
    ``key``; the graph highlights what it ``reveals``; the quiz asks for ``ask``.
    """

    key: str
    title: str  # shown in the stage indicator
    short: str  # a word or two, for narrow places
    reveals: tuple[str, ...]  # quantity keys first shown at this stage
    phase: str  # "start", "forward", "backward" or "update" (see PHASES)
    explain: str  # one or two sentences for the student, under the heading
    # The quiz's question: how it names the value, and where the value is in a Step (for
    # sample i). None for a stage that computes nothing.
    ask: tuple[str, Callable[[Step, int], float]] | None = None


PHASES = {"start": "before the forward pass", "forward": "forward pass",
          "backward": "backward pass", "update": "gradient descent"}

STAGES: tuple[Stage, ...] = (
    Stage("start", "Inputs and parameters", "Start", (), "start",
          "The inputs x, the weights w, the bias b and the target y. Press **Step** to "
          "compute the weighted sum."),
    Stage("z", "Weighted sum z", "z", ("z",), "forward",
          "Each input is multiplied by its weight; the products and the bias are added up.",
          ("z", lambda step, i: step.forward.z[i])),
    Stage("y_hat", "Activation ŷ", "ŷ", ("y_hat",), "forward",
          "The activation function turns z into the prediction ŷ.",
          ("ŷ", lambda step, i: step.forward.y_hat[i])),
    Stage("loss", "Loss L", "L", ("loss",), "forward",
          "The loss measures how far the prediction ŷ is from the target y.",
          ("L", lambda step, i: step.forward.losses[i])),
    Stage("dL_dyhat", "∂L/∂ŷ", "∂L/∂ŷ", ("dL_dyhat",), "backward",
          "The backward pass starts at the loss: how much does L change when ŷ moves?",
          ("∂L/∂ŷ", lambda step, i: step.backward.dL_dyhat[i])),
    Stage("dyhat_dz", "∂ŷ/∂z", "∂ŷ/∂z", ("dyhat_dz",), "backward",
          "How much does ŷ change when z moves? This is the activation's slope at z.",
          ("∂ŷ/∂z", lambda step, i: step.backward.dyhat_dz[i])),
    Stage("dz_dw", "∂z/∂wᵢ and ∂z/∂b", "∂z/∂w, ∂z/∂b", ("dz_dw", "dz_db"), "backward",
          "How much does z change when a weight moves? By the input it multiplies: "
          "∂z/∂wᵢ = xᵢ. For the bias, by exactly 1.",
          ("∂z/∂w₁", lambda step, i: step.backward.dz_dw[i, 0])),
    Stage("chain", "Chain rule: ∂L/∂wᵢ and ∂L/∂b", "chain rule",
          ("dL_dz", "dL_dw", "dL_db", "dL_dx"), "backward",
          "The chain rule multiplies the factors along the path from L back to each "
          "parameter. The inputs get a gradient too, ∂L/∂xᵢ = ∂L/∂z · wᵢ: what a layer below "
          "would receive.",
          ("∂L/∂w₁", lambda step, i: step.backward.dL_dw[0])),
    Stage("update", "Update w and b", "update", ("w_new", "b_new"), "update",
          "Each parameter takes a small step against its gradient, scaled by the learning "
          "rate η.",
          ("the new w₁", lambda step, i: step.update.w[0])),
)
LAST = len(STAGES) - 1


def revealed(stage: int) -> frozenset[str]:
    """Every quantity shown at ``stage`` (those of all the stages up to it)."""
    if not 0 <= stage <= LAST:
        raise ValueError(f"stage must be between 0 and {LAST}, got {stage}")
    return frozenset(k for s in STAGES[: stage + 1] for k in s.reveals)
