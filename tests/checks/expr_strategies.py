"""Hypothesis strategies for random SymPy expressions, shared by the property tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp
from hypothesis import strategies as st


def expressions(
    leaves: Sequence[sp.Expr],
    powers: Sequence[int],
    unary: Sequence[Callable[[sp.Expr], sp.Expr]],
    depth: int = 3,
) -> st.SearchStrategy[sp.Expr]:
    """Sums, products, integer powers and the ``unary`` functions of ``leaves``, ``depth`` deep."""
    leaf = st.sampled_from(list(leaves))
    if depth == 0:
        return leaf
    sub = expressions(leaves, powers, unary, depth - 1)
    return st.one_of(
        leaf,
        st.builds(lambda p, q: p + q, sub, sub),
        st.builds(lambda p, q: p * q, sub, sub),
        st.builds(lambda p, k: p**k, sub, st.sampled_from(list(powers))),
        *(st.builds(f, sub) for f in unary),
    )
