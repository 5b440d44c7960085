"""Number formatting shared by the command line, the equations and the figures.

Values are shown with 4 decimals, like the document's worked example. ``-0.0000`` is never
shown: a value that rounds to zero prints as ``0.0000``. Numbers that 4 decimals would show
with fewer than two significant digits (``0 < |v| < 0.001``), and large ones (``|v| >= 1e6``),
switch to scientific notation with 4 decimals: a tiny gradient never reads as zero, and a
product written out (``0.9997 · 3.3535×10⁻⁴ · 3.0000 = 0.0010``) still multiplies out to
what it shows, which ``0.9997 · 0.0003 · 3.0000`` did not.

A value beyond float64 (> 1.8e308, e.g. ∂L/∂ŷ of cross-entropy when ŷ rounds to 1) shows as
``overflow`` (``-overflow``), and NaN as ``undefined``: never ``inf`` or ``nan``, which
would read as if they were results.
"""


from __future__ import annotations

import math

DECIMALS = 4
OVERFLOW, UNDEFINED = "overflow", "undefined"
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript(text: str) -> str:
    """Digits and minus signs written as superscripts: ``superscript("-3")`` is ``⁻³``."""
    return str(text).translate(_SUPERSCRIPT)


def subscript(text: str) -> str:
    """Digits as subscripts, the way the page names things: ``"w1"`` -> ``"w₁"``."""
    return text.translate(_SUBSCRIPT)


def num(v: float, decimals: int = DECIMALS) -> str:
    """Plain-text number: ``0.3500``, ``-0.4134``, ``1.2346e-07``, ``overflow``, ``undefined``."""
    v = float(v)
    if not math.isfinite(v):
        return UNDEFINED if math.isnan(v) else (OVERFLOW if v > 0 else "-" + OVERFLOW)
    a = abs(v)
    if a != 0.0 and (a < 10.0 ** (1 - decimals) or a >= 1e6):
        return f"{v:.{decimals}e}"
    s = f"{v:.{decimals}f}"
    return s[1:] if s.startswith("-") and float(s) == 0.0 else s


def tex(v: float, decimals: int = DECIMALS, paren: bool = False) -> str:
    """LaTeX number; negative values in parentheses when ``paren`` (after an operator)."""
    s = num(v, decimals)
    if not math.isfinite(float(v)):
        s = ("-" if s.startswith("-") else "") + rf"\text{{{s.lstrip('-')}}}"
    elif "e" in s:
        mant, exp = s.split("e")
        s = rf"{mant}\times 10^{{{int(exp)}}}"
    return f"({s})" if paren and s.startswith("-") else s


def fill(template: str, **values: float) -> str:
    """Put plain-text numbers into ``<name>`` placeholders (negative ones in parentheses)."""
    for name, v in values.items():
        s = num(v)
        template = template.replace(f"<{name}>", f"({s})" if s.startswith("-") else s)
    return template
