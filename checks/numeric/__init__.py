"""Numbers: sample points, evaluators (floats, high precision, intervals, sums at a concrete n),
comparison under tolerances, and exact certificates of a counterexample."""
