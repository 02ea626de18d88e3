"""Symbolic check of one step: a ladder of rewriting strategies, cheapest first, under a deadline."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.matrices import MatrixBase

from checks.errors import StepTimeout
from checks.numeric.compare import aligned, entries
from checks.prove.differentiate import Differentiator
from checks.prove.ring import RingZeroTest
from checks.timeout import deadline

Transform = Callable[[sp.Expr], sp.Expr]


@dataclass(frozen=True)
class SymbolicOutcome:
    """``proved`` is True (the step holds), False (proven not to hold) or None (undecided)."""

    proved: bool | None
    method: str | None
    tried: tuple[str, ...]
    residual: sp.Expr | None = None


def evaluate_definitions(expr: object, differ: Differentiator | None = None) -> object:
    """Carry out unevaluated derivatives, sums and limits-free definitions (``doit``).

    Derivatives outside any sum go through one :class:`Differentiator` per matrix, so the
    entries share the work on common subexpressions; the rest is SymPy's ``doit``.
    """
    differ = differ if differ is not None else Differentiator()
    if isinstance(expr, MatrixBase):
        entries = [evaluate_definitions(e, differ) for e in expr]
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], entries)
    if isinstance(expr, sp.Derivative):
        return differ.derivative(expr)
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative, sp.Sum, sp.Product):
        return expr
    out: sp.Basic = expr
    if not out.has(sp.Sum, sp.Product, sp.Integral):
        out = out.replace(lambda e: isinstance(e, sp.Derivative), differ.derivative)
    return out.doit() if out.has(sp.Derivative, sp.Sum, sp.Product) else out


_HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh)


def _exp_atoms_to_symbols(expr: sp.Expr, replacements: dict[sp.Symbol, sp.Symbol] | None = None) -> sp.Expr:
    """Write ``exp(c·x + d·y)`` as ``X**c · Y**d`` with positive symbols, making exp-polynomial
    identities into rational-function identities that ``cancel`` decides exactly.

    Sound: the map is a ring homomorphism on the exponentials it touches, and opaque atoms
    stay opaque, so a zero result proves the original zero. ``replacements`` (if given)
    receives the map ``x ↦ X``.
    """
    replacements = {} if replacements is None else replacements

    def base(s: sp.Symbol) -> sp.Symbol:
        if s not in replacements:
            replacements[s] = sp.Dummy(f"exp_{s.name}", positive=True)  # never a user's name
        return replacements[s]

    def rewrite(e: sp.exp) -> sp.Expr:
        factors: list[sp.Expr] = []
        for term in sp.Add.make_args(sp.expand(e.args[0])):
            coeff, rest = term.as_coeff_Mul()
            if isinstance(rest, sp.Symbol) and rest.is_real and coeff.is_Rational:
                factors.append(base(rest) ** coeff)
            else:
                factors.append(sp.exp(term))
        return sp.Mul(*factors)

    if expr.has(*_HYPERBOLIC):
        expr = expr.rewrite(sp.exp)
    return expr.replace(lambda e: isinstance(e, sp.exp), rewrite)


def _exp_rational(d: sp.Expr) -> sp.Expr:
    d = sp.expand_log(d)
    return sp.cancel(sp.together(_exp_atoms_to_symbols(d)))


def _exp_log_rational(d: sp.Expr) -> sp.Expr:
    # log of a product of positive factors splits once exps are positive symbols; then
    # log X = x for X = exp(x), x real, so log(Σ e^(b + x_k)) - b - log Σ e^(x_k) cancels.
    back: dict[sp.Symbol, sp.Symbol] = {}
    d = _exp_atoms_to_symbols(sp.expand_log(d), back)
    d = sp.expand_log(sp.factor_terms(d))
    d = d.xreplace({sp.log(big): small for small, big in back.items()})
    return sp.cancel(sp.together(sp.expand(d)))


def _exp_numerator(d: sp.Expr) -> sp.Expr:
    # d = N/D exactly, so N expanding to 0 proves d = 0 wherever d is defined.
    return sp.expand(sp.numer(sp.together(_exp_atoms_to_symbols(d))))


#: The method name recorded when :class:`checks.prove.ring.RingZeroTest` proves an entry.
RING_METHOD = "exp as rational function, numerator is the zero polynomial"

#: The ladder for equalities: (name, transform), cheapest first.
EQUALITY_LADDER: tuple[tuple[str, Transform], ...] = (
    ("exp as rational function, numerator expands to 0", _exp_numerator),
    ("cancel", lambda d: sp.cancel(sp.together(d))),
    ("exp as rational function + cancel", _exp_rational),
    ("expand_log + exp as rational function", _exp_log_rational),
    ("expand + powsimp", lambda d: sp.powsimp(sp.expand(d, power_exp=True), force=False)),
    ("simplify", sp.simplify),
)


def _is_zero(e: sp.Expr) -> bool:
    # Structural only: asking the assumptions system (is_zero) costs more than the ladder.
    return e == 0


def _prove_zero(d: sp.Expr, budget: float) -> SymbolicOutcome:
    if _is_zero(d):
        return SymbolicOutcome(True, "identical", ("identical",))
    tried: list[str] = []
    end = time.monotonic() + budget
    last: sp.Expr = d
    for name, transform in EQUALITY_LADDER:
        tried.append(name)
        try:
            with deadline(end - time.monotonic()):
                last = transform(d)
        except StepTimeout:
            tried[-1] += " (timed out)"
            break
        if _is_zero(last):
            return SymbolicOutcome(True, name, tuple(tried))
        if last.is_number and last.is_zero is False:
            return SymbolicOutcome(False, name, tuple(tried), last)
    return SymbolicOutcome(None, None, tuple(tried), last)


def prove_equal(
    left: object, right: object, subs: dict[sp.Symbol, sp.Expr], budget: float
) -> SymbolicOutcome:
    """Prove ``left = right`` (scalars or matrices of the same shape) under substitution ``subs``."""
    lefts, rights = _entries(left), _entries(right)
    if lefts is None or rights is None or len(lefts) != len(rights):
        return SymbolicOutcome(False, "shape", ("compare shapes",), None)
    if subs:
        lefts = [sp.sympify(a).subs(subs) for a in lefts]
        rights = [sp.sympify(b).subs(subs) for b in rights]
    end = time.monotonic() + budget
    methods: list[str] = []
    tried: set[str] = set()
    by_ring = _ring_pass(lefts, rights, budget / 2)
    if any(by_ring):
        tried.add(RING_METHOD)
    for a, b, proved in zip(lefts, rights, by_ring, strict=True):
        if proved:
            methods.append("identical" if a == b else RING_METHOD)
            continue
        d = sp.sympify(a - b)
        outcome = _prove_zero(d, end - time.monotonic())
        tried.update(outcome.tried)
        if outcome.proved is not True:
            return SymbolicOutcome(outcome.proved, outcome.method, tuple(sorted(tried)), outcome.residual)
        methods.append(outcome.method or "")
    return SymbolicOutcome(True, _costliest(methods), tuple(sorted(tried)))


def _ring_pass(lefts: list[sp.Expr], rights: list[sp.Expr], budget: float) -> list[bool]:
    """Which entries :class:`RingZeroTest` proves equal, sharing one ring and its memo."""
    proved: list[bool] = []
    try:
        with deadline(budget):
            ring = RingZeroTest(lefts + rights)
            for a, b in zip(lefts, rights, strict=True):
                proved.append(a == b or ring.is_zero_difference(a, b) is True)
    except StepTimeout:
        pass
    return proved + [False] * (len(lefts) - len(proved))


def _costliest(methods: list[str]) -> str:
    order = ["identical", "shape", RING_METHOD] + [name for name, _ in EQUALITY_LADDER] + ["assumptions"]
    return max(methods, key=lambda m: order.index(m) if m in order else len(order))


def _entries(expr: object) -> list[sp.Expr] | None:
    if isinstance(expr, MatrixBase):
        return list(expr)
    if isinstance(expr, sp.Basic | int | float):
        return [sp.sympify(expr)]
    return None


def _sign_known(d: sp.Expr, strict: bool) -> bool | None:
    """True if ``d > 0`` (strict) / ``d >= 0`` follows from the assumptions, False if refuted."""
    if strict:
        if d.is_positive:
            return True
        if d.is_nonpositive:
            return False
    else:
        if d.is_nonnegative:
            return True
        if d.is_negative:
            return False
    return None


def _max_min_cases(d: sp.Expr) -> list[sp.Expr] | None:
    """Split on the first Max/Min of symbols: one case per argument being the extreme one.

    In the case "x_i is the max", every other argument x_j is written ``x_i - t_j`` with
    ``t_j >= 0``, so ``Max`` evaluates; the cases cover all orderings.
    """
    found = next(iter(d.atoms(sp.Max, sp.Min)), None)
    if found is None or not all(isinstance(a, sp.Symbol) and a.is_real for a in found.args):
        return None
    sign = -1 if isinstance(found, sp.Max) else 1
    cases = []
    for top in found.args:
        gaps = {
            other: top + sign * sp.Dummy(f"t_{other}", nonnegative=True)
            for other in found.args
            if other != top
        }
        cases.append(d.subs(gaps))
    return cases


def _lse_shift(d: sp.Expr) -> list[sp.Expr]:
    """``log Σ_k exp(u_k) = u_j + log Σ_k exp(u_k - u_j)``, one candidate per choice of ``j``.

    Exact for real ``u``; factoring out the largest term is how LogSumExp bounds are proved.
    """
    logs = [
        e
        for e in d.atoms(sp.log)
        if isinstance(e.args[0], sp.Add)
        and all(isinstance(t, sp.exp) and t.args[0].is_real for t in e.args[0].args)
    ]
    if not logs:
        return []
    target = logs[0]
    terms = target.args[0].args
    out = []
    # After a case split the largest term is the one with the fewest symbols: try it first.
    for pivot in sorted(terms, key=lambda t: (len(t.free_symbols), sp.default_sort_key(t))):
        u = pivot.args[0]
        shifted = u + sp.log(sp.Add(*[sp.exp(sp.expand(t.args[0] - u)) for t in terms]))
        out.append(sp.expand(d.xreplace({target: shifted})))
    return out


#: Known bounds of an atom: (type, applies to, lower, lower is strict, upper, upper is strict).
_BOUNDS: tuple[
    tuple[
        type,
        Callable[[sp.Expr], bool],
        Callable[[sp.Expr], sp.Expr | None],
        bool,
        Callable[[sp.Expr], sp.Expr | None],
        bool,
    ],
    ...,
] = (
    (
        sp.exp,
        lambda a: bool(a.args[0].is_nonpositive),
        lambda a: sp.Integer(0),
        True,
        lambda a: sp.Integer(1),
        False,
    ),
    (
        sp.log,
        lambda a: bool(a.args[0].is_positive),
        lambda a: 1 - 1 / a.args[0],
        False,
        lambda a: a.args[0] - 1,
        False,
    ),
    (
        sp.ceiling,
        lambda a: bool(a.args[0].is_real),
        lambda a: a.args[0],
        False,
        lambda a: a.args[0] + 1,
        True,
    ),
    (sp.floor, lambda a: bool(a.args[0].is_real), lambda a: a.args[0] - 1, True, lambda a: a.args[0], False),
)


def _bound_atoms(d: sp.Expr, strict: bool) -> list[tuple[sp.Expr, bool]]:
    """Replace atoms that ``d`` depends on linearly by the bound that can only lower ``d``.

    ``exp(w) ∈ (0, 1]`` for ``w <= 0``; ``log u <= u - 1``; ``u <= ceiling(u) < u + 1``;
    ``u - 1 < floor(u) <= u``. Where ``d`` rises with the atom its lower bound goes in, where it
    falls its upper bound, so the result ``d'`` is at most ``d`` and ``d' >= 0`` proves
    ``d >= 0``; if a strict bound was used, ``d' >= 0`` even proves ``d > 0``. Returns
    ``(d', strict_needed)``.
    """
    bounded = sp.expand(d, log=False)
    used_strict = False
    changed = False
    for kind, applies, lower, lower_strict, upper, upper_strict in _BOUNDS:
        for atom in sorted(bounded.atoms(kind), key=sp.default_sort_key):
            if not applies(atom):
                continue
            z = sp.Dummy("z")
            poly = bounded.xreplace({atom: z})
            if not poly.is_polynomial(z) or sp.degree(poly, z) != 1:
                continue
            coeff = poly.coeff(z, 1)
            if coeff.is_nonpositive:
                bound, is_strict = upper(atom), upper_strict and bool(coeff.is_negative)
            elif coeff.is_nonnegative:
                bound, is_strict = lower(atom), lower_strict and bool(coeff.is_positive)
            else:
                continue
            if bound is None:
                continue
            bounded, changed = sp.expand(poly.xreplace({z: bound}), log=False), True
            used_strict = used_strict or is_strict
    return [(bounded, strict and not used_strict)] if changed else []


def _spread_over_sum(d: sp.Expr, after: dict[sp.Symbol, sp.Expr]) -> list[sp.Expr]:
    """With ``Σ p = 1`` (``after`` maps the last ``p`` to ``1 - Σ others``): each term free of
    the ``p`` times ``Σ p``, then the logs that share a weight combined, one candidate per sum:
    ``log 3 + Σ p_i log p_i = Σ p_i log(3 p_i)``, which the bounds of log then settle."""
    out = []
    expanded = sp.expand(d)
    for last, rest in after.items():
        total = last + 1 - rest
        weights = total.free_symbols
        constant = sp.Add(*[t for t in sp.Add.make_args(expanded) if not t.free_symbols & weights])
        if constant == 0:
            continue
        spread = sp.expand(expanded - constant + constant * total)
        groups: dict[sp.Expr, list[sp.Expr]] = {}
        others = []
        for term in sp.Add.make_args(spread):
            logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
            if len(logs) != 1 or not logs[0].args[0].is_positive:
                others.append(term)
                continue
            weight = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not logs[0]])
            groups.setdefault(weight, []).append(logs[0].args[0])
        combined = [w * sp.log(sp.Mul(*args)) for w, args in groups.items()]
        out.append(sp.Add(*others, *combined))
    return out


def _peeled(d: sp.Expr) -> list[sp.Expr]:
    peeled = _peel(d)
    return [] if peeled is None else [peeled]


def _peel(d: sp.Expr) -> sp.Expr | None:
    """Reduce the sign of ``d`` through positive factors and monotone functions.

    ``c·e`` with ``c > 0`` has the sign of ``e``; ``log u - log v`` (u, v > 0) has the sign of
    ``u - v``; ``exp u - exp v`` that of ``u - v``; a positive constant ``c`` stands for
    ``log(exp c)`` or ``exp(log c)`` to match the other term.
    """
    d = sp.factor_terms(d)
    if isinstance(d, sp.Mul):
        # Positive factors leave the sign alone; each negative factor flips it.
        kept = [f for f in d.args if not (f.is_positive or f.is_negative)]
        flips = sum(1 for f in d.args if f.is_negative)
        if len(kept) < len(d.args):
            rest = sp.Mul(*kept)
            return sp.expand(-rest) if flips % 2 else rest
        return None
    if not isinstance(d, sp.Add) or len(d.args) != 2:
        return None
    pos = [t for t in d.args if not t.could_extract_minus_sign()]
    neg = [-t for t in d.args if t.could_extract_minus_sign()]
    if len(pos) != 1 or len(neg) != 1:
        return None
    (a,), (b,) = pos, neg
    for func, inverse in ((sp.log, sp.exp), (sp.exp, sp.log)):
        if isinstance(a, func) or isinstance(b, func):
            ua = a.args[0] if isinstance(a, func) else (inverse(a) if a.is_positive else None)
            ub = b.args[0] if isinstance(b, func) else (inverse(b) if b.is_positive else None)
            if ua is None or ub is None:
                return None
            if func is sp.log and not (ua.is_positive and ub.is_positive):
                return None
            if not (ua.is_real and ub.is_real):  # e^{1 + ix} and e^{-ix} have no order
                return None
            return sp.expand(ua - ub)
    return None


#: Transforms tried before asking SymPy's assumptions for the sign of a difference.
_SIGN_LADDER: tuple[tuple[str, Transform], ...] = (
    ("assumptions", lambda d: d),
    ("cancel + assumptions", lambda d: sp.cancel(sp.together(d))),
    ("expand_log + assumptions", lambda d: sp.expand_log(sp.expand(d))),
)

#: Tried after the structural rewrites: factoring a large polynomial costs more than all of them.
_LATE_SIGN_LADDER: tuple[tuple[str, Transform], ...] = (
    ("factor + assumptions", lambda d: sp.factor(sp.expand_log(d))),
)


def _sign_ladder(
    d: sp.Expr, strict: bool, end: float, ladder: tuple[tuple[str, Transform], ...], tried: list[str]
) -> SymbolicOutcome | None:
    """The first transform whose result has a known sign (or is 0 for ``>=``); None if none."""
    for name, transform in ladder:
        tried.append(name)
        try:
            with deadline(end - time.monotonic()):
                e = transform(d)
                known = _sign_known(e, strict)
        except StepTimeout:
            tried[-1] += " (timed out)"
            return SymbolicOutcome(None, None, tuple(tried), d)
        if known is not None:
            return SymbolicOutcome(known, name, tuple(tried), None if known else e)
        if not strict and _is_zero(e):
            return SymbolicOutcome(True, name, tuple(tried))
    return None


def _prove_sign(
    d: sp.Expr, strict: bool, end: float, depth: int = 0, after: dict[sp.Symbol, sp.Expr] | None = None
) -> SymbolicOutcome:
    """The sign of ``d``: True if ``d > 0`` (strict) / ``d >= 0`` is proved, False if refuted.

    ``after`` is a substitution that holds on the domain (``Σ p = 1``) made only once an atom
    has been bounded: ``log u >= 1 - 1/u`` needs ``u > 0`` to apply, which the substitution
    ``p_n = 1 - Σ p_k`` would hide.
    """
    tried: list[str] = []
    # Below the top level the rewrites already normalised the expression: the plain assumption
    # query is enough, and the heavier transforms would repeat work at every branch.
    found = _sign_ladder(d, strict, end, _SIGN_LADDER if depth == 0 else _SIGN_LADDER[:1], tried)
    if found is not None:
        return found
    # A Max or Min blocks every rewrite below, so its cases come first; if they do not settle
    # the sign, the rewrites still get their turn.
    cases = _max_min_cases(d) if depth < 2 else None
    if cases:
        tried.append("case split on Max/Min")
        for case in cases:
            outcome = _prove_sign(case, strict, end, depth + 1, after)
            if outcome.proved is False:
                return SymbolicOutcome(False, None, tuple(tried) + outcome.tried, case)
            if outcome.proved is not True:
                break
        else:
            return SymbolicOutcome(True, "case split on Max/Min", tuple(tried))
    if depth < 6:
        # Each rewrite is made only when the ones before it failed (most proofs need one).
        expanded: list[sp.Expr] = []

        def exp_form() -> sp.Expr:
            if not expanded:
                expanded.append(sp.powsimp(sp.expand_log(sp.expand(d)), deep=True))
            return expanded[0]

        rewrites: tuple[tuple[str, Callable[[], list[tuple[sp.Expr, bool]]]], ...] = (
            ("monotone peel", lambda: [(c, strict) for c in _peeled(d)]),
            ("monotone peel", lambda: [(c, strict) for c in _peeled(exp_form())]),
            (
                "factor the largest exp out of log Σ exp",
                lambda: [(c, strict) for c in _lse_shift(exp_form())],
            ),
            ("bound exp, log, ceiling, floor (whole logs)", lambda: _bound_atoms(d, strict)),
            ("bound exp, log, ceiling, floor", lambda: _bound_atoms(exp_form(), strict)),
            (
                "spread constants over Σ = 1, combine logs",
                lambda: [(c, strict) for c in _spread_over_sum(d, after)] if after and depth == 0 else [],
            ),
        )
        for name, make in rewrites:
            try:
                with deadline(end - time.monotonic()):
                    candidates = make()
            except StepTimeout:
                return SymbolicOutcome(None, None, (*tried, "rewrites (timed out)"), d)
            for candidate, needs_strict in candidates:
                if after and name.startswith("bound"):
                    candidate, then = sp.expand(candidate.subs(after)), None
                else:
                    then = after
                outcome = _prove_sign(candidate, needs_strict, end, depth + 1, then)
                if outcome.proved is True:
                    return SymbolicOutcome(True, name, (*tried, name, *outcome.tried))
    if depth == 0:
        found = _sign_ladder(d, strict, end, _LATE_SIGN_LADDER, tried)
        if found is not None:
            return found
    if depth == 0:
        tried.append("simplify + assumptions")
        try:
            with deadline(end - time.monotonic()):
                e = sp.simplify(d)
                known = _sign_known(e, strict)
        except StepTimeout:
            tried[-1] += " (timed out)"
            known = None
        if known is not None:
            return SymbolicOutcome(known, "simplify + assumptions", tuple(tried), None if known else e)
    return SymbolicOutcome(None, None, tuple(tried), d)


def prove_relation(
    left: object,
    rel: str,
    right: object,
    subs: dict[sp.Symbol, sp.Expr],
    budget: float,
    *,
    late: bool = False,
) -> SymbolicOutcome:
    """Prove ``left REL right``; equalities by the equality ladder, inequalities by sign.

    ``subs`` (a constraint such as ``Σ p = 1``) is substituted first, or with ``late`` for an
    inequality only into the bounds the sign prover makes (see :func:`_prove_sign`).
    """
    if rel == "=":
        return prove_equal(left, right, subs, budget)
    lefts, rights = _entries(left), _entries(right)
    if lefts is None or rights is None or len(lefts) != 1 or len(rights) != 1:
        return SymbolicOutcome(None, None, ("inequality between non-scalars",))
    d = lefts[0] - rights[0] if rel in (">", ">=") else rights[0] - lefts[0]
    d = sp.sympify(d).subs(subs) if subs and not late else sp.sympify(d)
    return _prove_sign(d, rel in ("<", ">"), time.monotonic() + budget, after=subs if late else None)


def exactly_equal_at(left: object, right: object, point: dict[sp.Symbol, sp.Rational]) -> bool:
    """Whether SymPy's own evaluation of ``left - right`` at the exact rational ``point`` is
    zero, entry by entry. No simplification: a tie that needs one is not seen (False).

    A strict relation whose sides agree to every digit tried fails only on an exact tie:
    ``σ(500) < 1`` has a gap of 1e-218, which no working precision is sure to see.
    """
    if any(isinstance(e, sp.Basic) and e.has(sp.Limit, sp.Derivative, sp.Integral) for e in (left, right)):
        return False
    lefts, rights = entries(left), entries(right)
    if len(lefts) != len(rights) and 1 not in (len(lefts), len(rights)):
        return False
    try:
        return all(
            sp.sympify(a).xreplace(point) - sp.sympify(b).xreplace(point) == 0
            for a, b in aligned(lefts, rights)
        )
    except (ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError, NotImplementedError):
        return False


def limit_gap_proved(
    body: sp.Expr, var: sp.Symbol, point: object, direction: str, claimed: sp.Expr, budget: float
) -> bool:
    """Whether ``lim_{var → point} body = claimed`` is proved wrong: ``body`` stays at least δ
    away from ``claimed`` for every value of ``var`` on the way to ``point`` (δ half the gap
    seen far along), so the limit, if there is one, is not ``claimed``. A sequence of values
    alone can stop short of where a limit settles (``l/(l + 10**30) → 1``); this cannot.
    ``body`` and ``claimed`` must have no other free symbols."""
    t = sp.Dummy("t", positive=True)
    claimed = sp.sympify(claimed)
    if point in (sp.oo, -sp.oo):
        tails, far = [t if point is sp.oo else -t], sp.Integer(10) ** 12
    else:  # from each side the variable comes from: one side away from the value is enough
        tails, far = (
            [point + side * t for side in (1, -1) if "+-"[side < 0] in direction],
            sp.Integer(10) ** -12,
        )
    end = time.monotonic() + budget
    for along in tails:
        tail = sp.sympify(body).xreplace({var: along})
        if claimed.free_symbols or tail.free_symbols - {t}:
            return False
        try:
            seen = float(sp.N(tail.xreplace({t: far}), 30) - claimed)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(seen) or seen == 0:
            continue
        gap = sp.Rational(abs(seen) / 2)  # exact (a binary fraction): never rounded to 0
        rel, bound = (">=", claimed + gap) if seen > 0 else ("<=", claimed - gap)
        try:
            if prove_relation(tail, rel, bound, {}, max(end - time.monotonic(), 1e-3)).proved is True:
                return True
        except StepTimeout:
            return False
    return False
