"""Proof of one all-n step: the Σ rewrite rules, then the ladder with every remaining sum an
opaque atom, case by case on the δ of the free indices."""

from __future__ import annotations

from typing import Any

import sympy as sp

from checks.errors import StepTimeout
from checks.model import General, N, Vec
from checks.prove.ladder import SymbolicOutcome
from checks.prove.sign import prove_relation
from checks.prove.sums import Rewriter, canonical, sum_atoms
from checks.timeout import deadline


def _indexed_to_symbols(expr: sp.Expr) -> sp.Expr:
    """Replace each vector entry ``x[i]`` by a plain symbol with the vector's assumptions."""
    return expr.xreplace(
        {
            a: sp.Symbol(f"{a.base.label}[{a.indices[0]}]", **a.base.assumptions0)
            for a in expr.atoms(sp.Indexed)
        }
    )


def _atomise(exprs: list[sp.Expr], budget: float, signs: bool) -> tuple[list[sp.Expr], list[str]]:
    """Each remaining sum becomes an opaque symbol, positive or non-negative where its summand is."""
    names: dict[sp.Sum, sp.Symbol] = {}
    facts: list[str] = []

    def name_of(s: sp.Sum) -> sp.Symbol:
        if s not in names:
            (inner,), _ = _atomise([s.function], budget, signs)
            summand = _indexed_to_symbols(inner)
            # Real only when its terms are: Σ sqrt(1 - x_k^2) is not, and its square may be < 0.
            sign: dict[str, bool] = {"real": True} if summand.is_real else {}
            if signs and sign:
                # An empty sum is 0: positive terms make a positive sum only over a range known
                # not to be empty (Σ_{k=i+1}^{n-1} is empty at i = n - 1).
                nonempty = all(bool((hi - lo).is_nonnegative) for _, lo, hi in s.limits)
                for rel, key in ((">", "positive"), (">=", "nonnegative")):
                    if key == "positive" and not nonempty:
                        continue
                    if prove_relation(summand, rel, sp.Integer(0), {}, budget / 4).proved is True:
                        sign = {key: True}
                        facts.append(
                            "Σ of positive terms > 0" if key == "positive" else "Σ of non-negative terms ≥ 0"
                        )
                        break
            names[s] = sp.Dummy(f"Σ{len(names)}", **sign)  # never a user's variable
        return names[s]

    out = []
    for expr in exprs:
        out.append(expr.xreplace({s: name_of(s) for s in sum_atoms(expr)}))
    return out, facts


def _delta_cases(
    expr_pair: tuple[sp.Expr, sp.Expr], indices: tuple[sp.Symbol, ...], distinct: bool
) -> list[tuple[sp.Expr, sp.Expr]]:
    """Split on each δ between free indices: ``i = j`` (δ = 1) and ``i ≠ j`` (δ = 0).

    With ``distinct`` the free indices are pairwise different and only the second case exists.
    """
    a, b = expr_pair
    for d in (a + b).atoms(sp.KroneckerDelta):
        p, q = d.args
        if p in indices and q in indices:
            differ = (a.xreplace({d: 0}), b.xreplace({d: 0}))
            if distinct:
                return _delta_cases(differ, indices, distinct)
            same = (a.xreplace({q: p}), b.xreplace({q: p}))
            return _delta_cases(same, indices, distinct) + _delta_cases(differ, indices, distinct)
    return [(a, b)]


def prove_general_step(
    prev: sp.Expr, rel: str, cur: sp.Expr, proof: General, using: tuple[str, ...], budget: float
) -> SymbolicOutcome:
    """Prove ``prev REL cur`` for every n: Σ rules, then δ cases, then the usual ladder."""
    prev, cur = sp.sympify(prev), sp.sympify(cur)
    if rel != "=":  # a sign argument may need the sums as written (a sum of squares)
        as_written = _prove_cases(canonical(prev), rel, canonical(cur), proof, budget)
        if as_written.proved is True:
            return as_written
    cited = frozenset(v.name for v in proof.variables if isinstance(v, Vec) and v.constraint in using)
    rewriter = Rewriter({i: (sp.Integer(0), N - 1) for i in proof.indices}, cited)
    try:
        with deadline(budget):
            left, right = rewriter.normalise(prev), rewriter.normalise(cur)
    except StepTimeout:
        return SymbolicOutcome(None, None, ("Σ rules (timed out)",))
    rules = ", ".join(sorted(rewriter.used)) or "no Σ rule"
    outcome = _prove_cases(left, rel, right, proof, budget)
    if outcome.proved is not True:
        return SymbolicOutcome(outcome.proved, None, (f"Σ rules ({rules})", *outcome.tried), outcome.residual)
    return SymbolicOutcome(True, f"{rules}; {outcome.method}", outcome.tried)


def _prove_cases(left: sp.Expr, rel: str, right: sp.Expr, proof: General, budget: float) -> SymbolicOutcome:
    """Prove a relation with every sum opaque, case by case on δ; sums' signs only for ≤, ≥."""
    methods: set[str] = set()
    facts: set[str] = set()
    cases = _delta_cases((left, right), proof.indices, proof.distinct)
    try:
        with deadline(budget):
            for a, b in cases:
                (a_atoms, b_atoms), found = _atomise([a, b], budget, signs=rel != "=")
                outcome = prove_relation(
                    _indexed_to_symbols(a_atoms), rel, _indexed_to_symbols(b_atoms), {}, budget
                )
                if outcome.proved is not True:
                    return outcome
                methods.add(outcome.method or "")
                facts.update(found)
    except StepTimeout:
        return SymbolicOutcome(None, None, ("opaque sums (timed out)",))
    split = ["cases i = j and i ≠ j"] if len(cases) > 1 else []
    return SymbolicOutcome(True, "; ".join([*sorted(facts), *split, ", ".join(sorted(methods))]), ())


def differentiate(expr: Any) -> sp.Expr:
    """Carry out derivatives only: SymPy's ``Sum.doit`` over a symbolic range is not trusted."""
    expr = sp.sympify(expr)
    # deep=False: SymPy's doit would also try (slowly, and in vain) to sum the inner Sums.
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))
