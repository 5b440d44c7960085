r"""Gradient check: every analytic gradient beside its central finite difference.

.. math:: \frac{\partial L}{\partial \theta} \approx \frac{L(\theta + h) - L(\theta - h)}{2h},
   \qquad \text{relative error} = \frac{|g_a - g_n|}{\max(|g_a| + |g_n|, 10^{-8})}

The central difference has error O(h²) from truncation and O(ε/h) from rounding, so
h ≈ 1e-5 balances them for float64. A parameter passes when the relative error is below
1e-6, or when the two gradients differ by less than the rounding noise of the finite
difference itself, ``noise = 100 · ε · max(1, |L|) / h`` (ε = 2.2e-16): below that the
difference says nothing about the analytic gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import Step, forward

THRESHOLD = 1e-6
EPS = 1e-8  # floor of the denominator: gradients both below it count as equal


@dataclass(frozen=True)
class GradCheck:
    names: tuple[str, ...]  # "w1", ..., "wn", "b"
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: np.ndarray
    h: float
    noise: float  # rounding noise of the finite differences (absolute)

    @property
    def passed(self) -> bool:
        return bool(np.all(self.ok))

    @property
    def ok(self) -> np.ndarray:
        """Per parameter: does the analytic gradient agree with the finite difference?"""
        return (self.rel_error < THRESHOLD) | (np.abs(self.analytic - self.numeric) < self.noise)


def gradient_check(step: Step, h: float = 1e-5) -> GradCheck:
    """Compare ``step``'s dL/dw and dL/db (its backward pass) with central differences of
    the mean loss, at its w and b, on its samples, with its activation and loss."""
    if not 0 < h < 1:
        raise ValueError(f"h must be between 0 and 1, not {h}")
    fwd, bwd = step.forward, step.backward
    X, y, activation, loss = fwd.X, fwd.y, step.act, step.loss_fn
    w = np.asarray(fwd.w, dtype=np.float64)
    theta = np.append(w, float(fwd.b))

    def mean_loss(t: np.ndarray) -> float:
        return forward(t[:-1], t[-1], X, y, activation, loss).loss

    analytic = np.append(bwd.dL_dw, bwd.dL_db)
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        numeric[i] = (mean_loss(theta + e) - mean_loss(theta - e)) / (2 * h)
    denom = np.maximum(np.abs(analytic) + np.abs(numeric), EPS)
    names = tuple(f"w{i + 1}" for i in range(w.size)) + ("b",)
    noise = 100 * np.finfo(np.float64).eps * max(1.0, abs(fwd.loss)) / h
    return GradCheck(names, analytic, numeric, np.abs(analytic - numeric) / denom, h, noise)
