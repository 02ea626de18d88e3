"""Symbolic proof: the equality ladder, the sign prover, the polynomial-ring zero test, the Σ
rewrite rules, derivatives and limits (each strategy bounded by a deadline)."""

# Every proof relies on SymPy's signs of numbers being certified (see checks.sympy_signs).
import checks.sympy_signs  # noqa: F401
