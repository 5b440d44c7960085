"""The stages of one iteration, in the document's order, and what each one reveals.

Stage 0 shows only the inputs and the parameters; each later stage reveals one more
quantity of the forward pass, the backward pass or the update. A quantity, once revealed,
stays shown for the rest of the iteration. The keys of the quantities are the field names
of :mod:`neuron.core`'s results (``z``, ``y_hat``, ``loss``, ``dL_dyhat``, ...), plus
``w_new`` and ``b_new`` for the updated parameters.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    key: str
    title: str  # shown in the stage indicator
    short: str  # a word or two, for narrow places
    reveals: tuple[str, ...]  # quantity keys first shown at this stage
    phase: str  # "start", "forward", "backward" or "update"


STAGES: tuple[Stage, ...] = (
    Stage("start", "Inputs and parameters", "Start", (), "start"),
    Stage("z", "Weighted sum z", "z", ("z",), "forward"),
    Stage("y_hat", "Activation ŷ", "ŷ", ("y_hat",), "forward"),
    Stage("loss", "Loss L", "L", ("loss",), "forward"),
    Stage("dL_dyhat", "∂L/∂ŷ", "∂L/∂ŷ", ("dL_dyhat",), "backward"),
    Stage("dyhat_dz", "∂ŷ/∂z", "∂ŷ/∂z", ("dyhat_dz",), "backward"),
    Stage("dz_dw", "∂z/∂wᵢ and ∂z/∂b", "∂z/∂w, ∂z/∂b", ("dz_dw", "dz_db"), "backward"),
    Stage("chain", "Chain rule: ∂L/∂wᵢ and ∂L/∂b", "chain rule", ("dL_dz", "dL_dw", "dL_db"),
          "backward"),
    Stage("update", "Update w and b", "update", ("w_new", "b_new"), "update"),
)
LAST = len(STAGES) - 1


def revealed(stage: int) -> frozenset[str]:
    """Every quantity shown at ``stage`` (those of all the stages up to it)."""
    if not 0 <= stage <= LAST:
        raise ValueError(f"stage must be between 0 and {LAST}, got {stage}")
    return frozenset(k for s in STAGES[: stage + 1] for k in s.reveals)
