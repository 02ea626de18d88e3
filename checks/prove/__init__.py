"""Symbolic proof: the equality ladder, the sign prover, the polynomial-ring zero test, the Σ
rewrite rules, derivatives and limits (each strategy bounded by a deadline)."""
