"""Symbolic proof: the equality ladder, the sign prover, the polynomial-ring zero test, the Σ
rewrite rules, derivatives and limits (each strategy bounded by a deadline)."""

# SymPy's log(1 + u) for a tiny u was exactly 0 at low precision; every proof relies on the fix.
from checks.prove import evalf_fix as _evalf_fix  # noqa: F401
