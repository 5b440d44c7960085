"""Number formatting: 4 decimals, scientific where 4 decimals would mislead, no inf/nan."""

import re

import pytest

from neuron.equations import stage_equations
from neuron.examples import PRESETS
from neuron.fmt import num, tex


@pytest.mark.parametrize("v, shown", [
    (0.32, "0.3200"), (-0.0513, "-0.0513"), (0.0012, "0.0012"), (1e-3, "0.0010"),
    (0.00033535, "3.3535e-04"), (-4e-7, "-4.0000e-07"), (-1e-9 * 0, "0.0000"),
    (-0.00004, "-4.0000e-05"), (123456.7, "123456.7000"), (2.5e6, "2.5000e+06"),
    (float("inf"), "overflow"), (float("-inf"), "-overflow"), (float("nan"), "undefined"),
])
def test_num(v, shown):
    assert num(v) == shown


def test_tex_writes_powers_of_ten_and_brackets_negatives():
    assert tex(0.00033535) == r"3.3535\times 10^{-4}"
    assert tex(-0.5, paren=True) == "(-0.5000)"
    assert tex(float("inf")) == r"\text{overflow}"


def _value(s: str) -> float:
    """A number as tex() writes it, back to a float."""
    s = s.strip().strip("()")
    m = re.fullmatch(r"(-?[\d.]+)\\times 10\^\{(-?\d+)\}", s)
    return float(f"{m[1]}e{m[2]}") if m else float(s)


def test_a_written_out_product_multiplies_to_what_it_shows():
    """The saturated preset's chain rule (found in review): with ∂ŷ/∂z shown as 0.0003 the
    line read 0.9997 · 0.0003 · 3.0000 = 0.0010, which multiplies out to 0.0009."""
    cfg = PRESETS["Saturated sigmoid (slow learning)"].validated()
    step = cfg.step()
    line = stage_equations(step, cfg.act, cfg.loss_fn, 7)[0]
    d = step.backward.dyhat_dz[0]
    assert 1e-4 < d < 1e-3  # the premise: ∂ŷ/∂z is in the range 4 decimals shows badly
    assert tex(d) in line and r"\times 10^{-4}" in line
    factors, result = line.split(r"\\ &= ")[1].removesuffix(r"\end{aligned}").split(" = ")
    a, b, c = (_value(f) for f in factors.split(r" \cdot "))
    assert num(a * b * c) == num(_value(result))
