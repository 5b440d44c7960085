"""Where a neuron splits the input plane, and whether it separates the data: the geometry
behind the decision-boundary figure and the XOR evidence, without any drawing.

A neuron puts a sample on one side when ŷ = σ(w·x + b) reaches the threshold
(:func:`decision_threshold`), so the boundary is the line w·x + b = z*, where σ(z*) is the
threshold (:func:`z_at`). :func:`segment` clips that line to a window of the plane,
:func:`boundary_note` says why a window shows none, :func:`accuracy_history` and
:func:`xor_evidence` count the samples on their target's side over a training
history.
"""

from __future__ import annotations

import math

import numpy as np

from .activations import SIGMOID, Activation
from .chart import span
from .fmt import superscript
from .train import History


def decision_threshold(activation: Activation, y=None) -> float:
    """Where ŷ splits the two classes: the midpoint of two target values if y has exactly two,
    else the middle of a bounded output (0.5 for the sigmoid, 0 for tanh), 0.5 for ReLU and
    0 for the unbounded activations."""
    if y is not None:
        values = np.unique(np.asarray(y, dtype=np.float64))
        if values.size == 2:
            return float(values.mean())
    lo, hi = activation.out_range
    if np.isfinite(lo) and np.isfinite(hi):
        return (lo + hi) / 2
    return 0.5 if lo == 0 else 0.0


def z_at(activation: Activation, level: float) -> float | None:
    """The z where ŷ = act(z) first reaches ``level`` (bisection; act is non-decreasing)."""
    lo, hi = -60.0, 60.0
    if activation.fn(np.array(lo)) >= level or activation.fn(np.array(hi)) < level:
        return None
    for _ in range(80):
        mid = (lo + hi) / 2
        if activation.fn(np.array(mid)) >= level:
            hi = mid
        else:
            lo = mid
    return hi


def segment(w, b: float, z_star: float | None, box,
             scale: tuple[float, float] = (1.0, 1.0)) -> tuple[list, list]:
    """The part of the line w₁x₁ + w₂x₂ + b = z* inside the box (x0, x1, y0, y1), the box and
    the line's ends in the axes' units ``scale`` (:func:`plane_scale`)."""
    if z_star is None or not np.all(np.isfinite([*w, b])):
        return [], []
    m = max(scale)  # the line's equation divided by m, so that no coefficient overflows
    (w1, w2), rhs = (w[0] * (scale[0] / m), w[1] * (scale[1] / m)), (z_star - b) / m
    x0, x1, y0, y1 = box
    pts = []
    with np.errstate(over="ignore", invalid="ignore"):  # a tiny wᵢ: an end far outside
        if w2 != 0:
            pts += [(x, (rhs - w1 * x) / w2) for x in (x0, x1)]
        if w1 != 0:
            pts += [((rhs - w2 * yv) / w1, yv) for yv in (y0, y1)]
    eps = 1e-9 * max(x1 - x0, y1 - y0)
    inside = sorted({(px, py) for px, py in pts
                     if x0 - eps <= px <= x1 + eps and y0 - eps <= py <= y1 + eps})
    if len(inside) < 2:
        return [], []
    (ax, ay), (bx, by) = inside[0], inside[-1]
    return [ax, bx], [ay, by]


def plane_scale(X) -> tuple[float, float]:
    """The units of the boundary figure's two axes: 1, or for an input beyond float32's range
    (the markers are float32) a power of ten, so that samples near ±1.8·10³⁰⁸, whose window
    would span more than float64 holds, are drawn too. The axes say it (:func:`unit_label`)."""
    X = np.asarray(X, dtype=np.float64)
    out = []
    for j in range(2):
        big = float(np.max(np.abs(X[:, j]), initial=0.0))
        out.append(10.0 ** math.floor(math.log10(big)) if 3e38 < big < math.inf else 1.0)
    return out[0], out[1]


def unit_label(scale: float) -> str:
    """`` × 10³⁰⁸`` for a scale of 1e308, or nothing."""
    if scale == 1.0:
        return ""
    return " × 10" + superscript(round(math.log10(scale)))



def boundary_window(X) -> tuple[float, float, float, float]:
    """The part of the input plane the boundary figure shows: (x₁ from, to, x₂ from, to), in
    units of :func:`plane_scale`."""
    X = np.asarray(X, dtype=np.float64) / np.array(plane_scale(X))
    return (*span(X[:, 0], pad=0.3, least=0.5), *span(X[:, 1], pad=0.3, least=0.5))


def boundary_note(X, y, activation: Activation, w, b: float) -> str | None:
    """Why the boundary figure shows no line at parameters (w, b), or None when it shows one.

    The line ŷ = threshold can lie outside the window around the samples (one sample, or a
    neuron that gives every sample the same class), or not exist at all (an activation that
    never reaches the threshold, weights beyond float64).
    """
    thr = decision_threshold(activation, y)
    z_star, box, scale = z_at(activation, thr), boundary_window(X), plane_scale(X)
    if segment(w, b, z_star, box, scale)[0]:
        return None
    if not np.all(np.isfinite([*w, b])):
        return "The weights are beyond float64 here, so there is no line to draw."
    centre = np.array([(box[0] + box[1]) / 2, (box[2] + box[3]) / 2])
    with np.errstate(all="ignore"):
        side = float(activation.fn(np.array([centre[0] * w[0] * scale[0]
                                             + centre[1] * w[1] * scale[1] + b]))[0])
    where = "above" if side > thr else "below"
    return (f"The boundary (ŷ = {thr:g}) lies outside this window: ŷ is {where} {thr:g} "
            f"everywhere in it, so the neuron puts every point shown on the same side.")


def accuracy_history(X, y, history: History, activation: Activation = SIGMOID) -> np.ndarray:
    """Fraction of samples on the right side of the threshold, at every row of the history.

    Predictions are ŷ ≥ threshold (:func:`decision_threshold`), targets y ≥ threshold. As the
    activation never decreases, ŷ ≥ threshold exactly where z ≥ z*, so only z is computed, in
    blocks of rows of at most about 2 million values.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    thr = decision_threshold(activation, y)
    z_star = z_at(activation, thr)
    if z_star is None:  # ŷ is on one side of the threshold for every z
        z_star = -np.inf if activation.fn(np.array(0.0)) >= thr else np.inf
    truth = (y >= thr)[:, None]
    n_rows = history.w.shape[0]
    acc = np.empty(n_rows)
    step = max(1, 2_000_000 // max(1, X.shape[0]))
    with np.errstate(all="ignore"):
        for k in range(0, n_rows, step):
            z = X @ history.w[k:k + step].T + history.b[k:k + step]
            acc[k:k + step] = np.mean((z >= z_star) == truth, axis=0)
    return acc


def xor_evidence(X, y, history: History, activation: Activation = SIGMOID) -> dict:
    """Numbers showing whether one neuron separated the data (for XOR it cannot).

    ``best_accuracy`` is the highest fraction of samples classified right at any epoch
    (thresholded predictions; at most 0.75 for XOR), ``best_epoch`` the first epoch it was
    reached, ``final_accuracy``, ``correct_best`` and ``m`` the counts, and ``initial_loss``,
    ``min_loss`` and ``final_loss`` from the history (for XOR the loss stays near log 2 =
    0.693 with cross-entropy: the neuron can do no better than ŷ = 0.5 everywhere).
    """
    acc = accuracy_history(X, y, history, activation)
    best = int(np.argmax(acc))
    m = int(np.asarray(y).size)
    losses = np.asarray(history.loss, dtype=np.float64)
    finite = losses[np.isfinite(losses)]
    return dict(
        best_accuracy=float(acc[best]), best_epoch=best, correct_best=int(round(acc[best] * m)),
        final_accuracy=float(acc[-1]), m=m, initial_loss=float(losses[0]),
        min_loss=float(finite.min()) if finite.size else float("nan"),
        final_loss=float(losses[-1]),
    )
