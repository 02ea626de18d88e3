"""Memoised differentiation for matrices of derivatives that share subexpressions.

A Jacobian's entries ``∂s_i/∂x_j`` all contain the same ``Σ_k exp(x_k)``; SymPy's ``diff``
re-differentiates it (and recomputes its free symbols) for every entry. Here sums, products
and constant powers are split by the sum, product and power rules, ``exp`` and ``log`` by the
chain rule (``exp(u)' = exp(u)·u'``, ``log(u)' = u'/u``, as SymPy writes them), each ``(node,
variable)`` pair is differentiated once, and every other node (functions, Max, …) goes to
SymPy's own ``diff``, so the only rules this module states are those five.
"""

from __future__ import annotations

import sympy as sp

_BINDING = (sp.Derivative, sp.Sum, sp.Product, sp.Integral)


class Differentiator:
    """Differentiate many expressions, sharing the work on common subexpressions."""

    def __init__(self) -> None:
        self._memo: dict[tuple[sp.Basic, sp.Symbol], sp.Expr] = {}
        self._symbols: dict[sp.Basic, frozenset[sp.Basic]] = {}
        self._binding: dict[sp.Basic, bool] = {}

    def derivative(self, d: sp.Derivative) -> sp.Expr:
        """The value of ``d`` (what ``d.doit()`` gives), or ``d.doit()`` itself when ``d`` is
        outside the fragment (its body binds a variable, or a variable is not a symbol)."""
        body = d.expr
        if self._binds(body) or not all(isinstance(v, sp.Symbol) for v, _ in d.variable_count):
            return d.doit()
        out = body
        for v, count in d.variable_count:
            for _ in range(int(count)):
                out = self._diff(out, v)
        return out

    def _binds(self, e: sp.Basic) -> bool:
        """Whether ``e`` holds a sum, product, integral or derivative (memoised per node)."""
        found = self._binding.get(e)
        if found is None:
            found = isinstance(e, _BINDING) or any(self._binds(a) for a in e.args)
            self._binding[e] = found
        return found

    def _free(self, e: sp.Basic) -> frozenset[sp.Basic]:
        found = self._symbols.get(e)
        if found is None:
            if isinstance(e, sp.Symbol):
                found = frozenset((e,))
            elif not e.args:
                found = frozenset()
            else:
                found = frozenset().union(*(self._free(a) for a in e.args))
            self._symbols[e] = found
        return found

    def _diff(self, e: sp.Expr, v: sp.Symbol) -> sp.Expr:
        key = (e, v)
        found = self._memo.get(key)
        if found is not None:
            return found
        if v not in self._free(e):
            result: sp.Expr = sp.Integer(0)
        elif e == v:
            result = sp.Integer(1)
        elif isinstance(e, sp.Add):
            result = sp.Add(*[self._diff(a, v) for a in e.args])
        elif isinstance(e, sp.Mul):
            args = e.args
            result = sp.Add(
                *[
                    sp.Mul(*args[:i], self._diff(a, v), *args[i + 1 :])
                    for i, a in enumerate(args)
                    if v in self._free(a)
                ]
            )
        elif isinstance(e, sp.Pow) and v not in self._free(e.exp):
            result = e.exp * e.base ** (e.exp - 1) * self._diff(e.base, v)
        elif isinstance(e, sp.exp):
            result = e * self._diff(e.args[0], v)
        elif isinstance(e, sp.log) and len(e.args) == 1:
            result = self._diff(e.args[0], v) / e.args[0]
        else:
            result = sp.diff(e, v)
        self._memo[key] = result
        return result
