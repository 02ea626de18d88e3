"""Σ rewrite rules for vectors of symbolic length n, each recorded by name when it applies.

SymPy's own ``simplify`` of sums with ``KroneckerDelta`` is unreliable (sympy issues 14570 and
27359), so the engine never asks it to reason about a ``Sum``. It rewrites with the rules below
until nothing changes, then treats each remaining ``Sum`` as an opaque atom: two expressions
that agree as rational functions of those atoms agree for every n. Every rule is an identity
under stated conditions, and refuses to fire when a condition is not known to hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from checks.model import N

DELTA = "δ-contraction"
LINEAR = "linearity of Σ"
CONSTANT = "constant out of Σ"
COUNT = "Σ of a constant"
SHIFT = "shift inside exp"
SOFTMAX_SUM = "Σ s = 1"
LOG_SPLIT = "log of a product of positives"

Range = tuple[sp.Expr, sp.Expr]


@dataclass
class Rewriter:
    """Applies the rules with what is known: index ranges and the constraints a step cites.

    ``ranges`` gives each free index its range (``i ∈ [0, n - 1]``); ``unit_sums`` names the
    vectors whose entries sum to one *and* whose constraint the step cites.
    """

    ranges: Mapping[sp.Symbol, Range]
    unit_sums: frozenset[str] = frozenset()
    full: Range = (sp.Integer(0), N - 1)  # the range of a whole vector
    used: set[str] = field(default_factory=set)

    # -- the rules, one function each ------------------------------------------------------

    def contract_delta(
        self, summand: sp.Expr, limits: tuple[Any, ...], bound: Mapping[sp.Symbol, Range]
    ) -> sp.Expr | None:
        """``Σ_k δ_jk f_k = f_j`` when δ_jk is a factor and j is known to lie in the range."""
        k, lo, hi = limits
        factors = sp.Mul.make_args(summand)
        for pos, factor in enumerate(factors):
            if not isinstance(factor, sp.KroneckerDelta) or k not in factor.args:
                continue
            a, b = factor.args
            other = b if a == k else a
            if not isinstance(other, sp.Symbol) or other == k:
                continue
            known = {**self.ranges, **bound}.get(other)
            if known is None or not _within(known, (lo, hi)):
                continue
            rest = sp.Mul(*factors[:pos], *factors[pos + 1 :])
            self.used.add(DELTA)
            return rest.xreplace({k: other})
        return None

    def split(self, summand: sp.Expr, limits: tuple[Any, ...]) -> sp.Expr | None:
        """``Σ (a + b) = Σ a + Σ b``."""
        if not summand.is_Add:
            return None
        self.used.add(LINEAR)
        return sp.Add(*(sp.Sum(term, limits) for term in summand.args))

    def pull_constants(self, summand: sp.Expr, limits: tuple[Any, ...]) -> sp.Expr | None:
        """``Σ c f_k = c Σ f_k`` for every factor c free of k; ``Σ c = (hi - lo + 1) c``."""
        k = limits[0]
        factors = sp.Mul.make_args(summand)
        const = [f for f in factors if k not in f.free_symbols]
        if not const:
            return None
        rest = sp.Mul(*(f for f in factors if k in f.free_symbols))
        c = sp.Mul(*const)
        if rest == 1:
            count = limits[2] - limits[1] + 1
            if not count.is_nonnegative:  # Σ_{k=3}^{n-1} 1 is 0, not n - 3, at n = 1
                return None
            if not count.is_integer:  # Σ_{k=0}^{n/2} 1 has ⌊n/2⌋ + 1 terms, not n/2 + 1
                return None
            self.used.add(COUNT)
            return c * count
        self.used.add(CONSTANT)
        inner = sp.Sum(rest, limits)
        if canonical(inner) in {canonical(b) for b, e in _powers(c) if e == -1 and isinstance(b, sp.Sum)}:
            self.used.add(SOFTMAX_SUM)
        return c * inner

    def unit_sum(self, summand: sp.Expr, limits: tuple[Any, ...]) -> sp.Expr | None:
        """``Σ_k y_k = 1`` for a cited simplex vector, over its whole range only."""
        k, lo, hi = limits
        if not (isinstance(summand, sp.Indexed) and summand.indices == (k,)):
            return None
        if summand.base.label.name not in self.unit_sums or (lo, hi) != self.full:
            return None
        self.used.add(f"Σ {summand.base.label.name} = 1")
        return sp.Integer(1)

    def expand_summand(self, summand: sp.Expr) -> sp.Expr:
        """Multiply out the summand; ``exp(a + b) = exp(a) exp(b)`` is the shift rule."""
        expanded = sp.expand(summand, power_exp=True, log=False, power_base=False, multinomial=True)
        if (
            any(isinstance(e, sp.exp) and e.args[0].is_Add for e in summand.atoms(sp.exp))
            and expanded != summand
        ):
            self.used.add(SHIFT)
        return expanded

    def split_log(self, expr: sp.log) -> sp.Expr | None:
        """``log(a b⁻¹) = log a - log b`` when every factor is known to be positive."""
        arg = expr.args[0]
        if not arg.is_Mul:
            return None
        factors = [f.as_base_exp() for f in arg.args]
        if not all(_positive(b) and e.is_real for b, e in factors):
            return None
        self.used.add(LOG_SPLIT)
        return sp.Add(*(e * sp.log(b) for b, e in factors))

    # -- driving them to a fixed point -------------------------------------------------------

    def normalise(self, expr: sp.Expr, rounds: int = 40) -> sp.Expr:
        """Rewrite until nothing changes; sums come out with canonical dummy names.

        A link's right side is the next link's left: the result and the rules it used are
        kept by everything that decides them (the expression, whose symbols carry their
        assumptions, the ranges, the cited sums, the rounds), and only once it is complete
        (a deadline that stops the rewriting leaves nothing behind)."""
        start = canonical(sp.sympify(expr))
        key = (start, tuple(self.ranges.items()), self.unit_sums, self.full, rounds)
        known = _NORMALISED.get(key)
        if known is not None:
            self.used.update(known[1])
            return known[0]
        before, self.used = self.used, set()
        try:
            out = self._normalise(start, rounds)
            if len(_NORMALISED) >= _NORMALISED_SIZE:
                _NORMALISED.clear()
            _NORMALISED[key] = (out, frozenset(self.used))
        finally:
            self.used = before | self.used
        return out

    def _normalise(self, current: sp.Expr, rounds: int) -> sp.Expr:
        for _ in range(rounds):
            new = canonical(self._pass(current, {}))
            if new == current:
                return new
            current = new
        return current

    def _pass(self, expr: sp.Expr, bound: dict[sp.Symbol, Range]) -> sp.Expr:
        if not expr.args:
            return expr
        if isinstance(expr, sp.Sum):
            return self._sum(expr, bound)
        rebuilt = expr.func(*(self._pass(a, bound) for a in expr.args))
        if isinstance(rebuilt, sp.log):
            return self.split_log(rebuilt) or rebuilt
        return rebuilt

    def _sum(self, expr: sp.Sum, bound: dict[sp.Symbol, Range]) -> sp.Expr:
        if len(expr.limits) > 1:  # Σ_k Σ_m: rewrite the inner sum, the outer indices bound
            outer = {lim[0]: (lim[1], lim[2]) for lim in expr.limits[1:]}
            inner = self._sum(sp.Sum(expr.function, expr.limits[0]), {**bound, **outer})
            return sp.Sum(inner, *expr.limits[1:])
        k, lo, hi = expr.limits[0]
        inner_bound = {**bound, k: (lo, hi)}
        summand = self._pass(expr.function, inner_bound)
        summand = self.expand_summand(summand)
        limits = (k, lo, hi)
        for attempt in (
            lambda: self.split(summand, limits),
            lambda: self.pull_constants(summand, limits),
            lambda: self.contract_delta(summand, limits, bound),
            lambda: self.unit_sum(summand, limits),
        ):
            out = attempt()
            if out is not None:
                return out
        return sp.Sum(summand, limits)


#: Expressions normalised in this process (see :meth:`Rewriter.normalise`), at most this many.
_NORMALISED: dict[tuple[Any, ...], tuple[sp.Expr, frozenset[str]]] = {}
_NORMALISED_SIZE = 512


def _positive(e: sp.Expr) -> bool:
    """Known positive: by SymPy's assumptions, or a sum whose summand is positive."""
    if e.is_positive:
        return True
    if isinstance(e, sp.Sum):
        return _positive(e.function)
    if isinstance(e, sp.exp):
        return bool(e.args[0].is_real)
    if e.is_Mul or e.is_Add:
        return all(_positive(a) for a in e.args)
    if e.is_Pow:
        return _positive(e.base) and bool(e.exp.is_real)
    return False


def _powers(c: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    return [f.as_base_exp() for f in sp.Mul.make_args(c)]


def _within(inner: Range, outer: Range) -> bool:
    """True when ``[inner] ⊆ [outer]`` is certain (both ends compared symbolically)."""
    return bool(sp.expand(inner[0] - outer[0]).is_nonnegative) and bool(
        sp.expand(outer[1] - inner[1]).is_nonnegative
    )


def _height(expr: sp.Basic) -> int:
    """How deeply sums nest inside ``expr`` (0 when there is none)."""
    if not expr.has(sp.Sum):
        return 0
    own = 1 if isinstance(expr, sp.Sum) else 0
    return own + max((_height(a) for a in expr.args), default=0)


def canonical(expr: sp.Expr) -> sp.Expr:
    """Rename every bound index to ``_k<height>``, so that equal sums are equal objects.

    A sum of height h binds ``_k{h}``; sums inside it have smaller heights and bind other
    names, so renaming never captures a variable.
    """
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        # SymPy folds Σ_t Σ_j f into one Sum with limits (j, …), (t, …): every one of them is
        # renamed (the first is the innermost; its bounds may use the later ones), so that a
        # user's j left bound here cannot capture a free j in a later δ-contraction.
        body = canonical(expr.function)
        height = _height(body)
        limits = [list(limit) for limit in expr.limits]
        for i, (k, _, _) in enumerate(expr.limits):
            name = sp.Symbol(f"_k{height}" if len(limits) == 1 else f"_k{height}_{i}", integer=True)
            taken = body.free_symbols.union(*(b.free_symbols for limit in limits for b in limit[1:]))
            if name != k and name in taken:  # cannot happen by construction; be safe
                continue
            body = body.xreplace({k: name})
            for inner in limits[:i]:
                inner[1], inner[2] = inner[1].xreplace({k: name}), inner[2].xreplace({k: name})
            limits[i][0] = name
        return sp.Sum(body, *(tuple(limit) for limit in limits))
    return expr.func(*(canonical(a) for a in expr.args))


def sum_atoms(expr: sp.Expr) -> list[sp.Sum]:
    """The outermost sums in ``expr``."""
    found: list[sp.Sum] = []

    def walk(e: sp.Basic) -> None:
        if isinstance(e, sp.Sum):
            found.append(e)
            return
        for a in e.args:
            walk(a)

    walk(expr)
    return list(dict.fromkeys(found))
