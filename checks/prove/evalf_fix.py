"""SymPy's value of log(1 + u) for u under the working precision: it was exactly 0, not ≈ u."""

from __future__ import annotations

from typing import Any

import sympy as sp
from mpmath.libmp import fone, fzero, mpf_add, mpf_log
from sympy.core import evalf as _evalf

# SymPy 1.14's ``evalf_log`` corrects log(x) for x near 1 only when log(x) did not round to 0:
# where x rounds to exactly 1 at the working precision (x = 1 + 10**-30 at 2 digits), the log
# came back as an exact 0 with full accuracy, and everything SymPy decides from low-precision
# values inherited it: (10**-30 - 10**-60/2 - log(1 + 10**-30)).is_positive was True (it is
# -3.3e-91), so a product with it "had a sign", and the first-derivative test verified false
# claims. This wrapper computes such a log from u = x - 1 itself, as SymPy does when it notices.


def _fixed_log(expr: Any, prec: int, options: dict[str, Any]) -> Any:
    result = _original(expr, prec, options)
    if len(expr.args) != 1 or result is sp.S.ComplexInfinity or result[1] is not None or result[0] != fzero:
        return result
    minus_one = sp.Add(sp.S.NegativeOne, expr.args[0], evaluate=False)
    u, imaginary, _, _ = _evalf.evalf_add(minus_one, prec, options)
    if not u or imaginary:  # x is 1 (its log is 0), or not real: as SymPy has it
        return result
    work = prec + 20 - _evalf.fastlog(u)  # enough bits to keep u beside 1
    return mpf_log(mpf_add(u, fone, work), prec, _evalf.rnd), None, prec, None


if not _evalf.evalf_table:
    _evalf._create_evalf_table()
_original = _evalf.evalf_table[sp.log]
if getattr(_original, "__name__", "") != "_fixed_log":  # (once, however often imported)
    _evalf.evalf_table[sp.log] = _fixed_log
