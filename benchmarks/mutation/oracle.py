"""The independent oracle: is a mutant really wrong? Some link must fail at an exact point, in
50 and 100 digits alike (SymPy and mpmath only, never the engine under test)."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from benchmarks.mutation.evaluate import (
    DIGITS,
    CannotEvaluate,
    Values,
    carry_out,
    concrete_entry,
    exact,
)
from benchmarks.mutation.generate import Mutant
from benchmarks.mutation.points import Point, describe, point
from checks.model import SIMPLEX_KINDS, General, Kind, N, Proof, Var, Vec

#: Generic points per size (after the structured one), and sizes of an all-n proof.
POINTS = 10
GENERAL_SIZES = (2, 3, 4)
#: Concrete sizes looked at (the smallest ones of the derivation's).
CONCRETE_SIZES = 3
#: A difference counts when its 50- and 100-digit values agree to this relative error…
STABLE = mpmath.mpf(10) ** -20
#: … and it is not below rounding of the sides themselves (relative to their size, in digits
#: fewer than the coarser precision).
FLOOR_DIGITS = 10
#: Where both sides are numbers (no variable), a difference too small for 50 digits (e^-98
#: beside 100) is looked at again in these precisions.
HIGHER_DIGITS = (250, 500)
#: A reference disagrees with the start beyond float noise (the engine's RTOL, doubled up).
REFERENCE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Judgement:
    """The oracle's word on one mutant: ``wrong`` (with the failing link), ``unconfirmed`` (no
    failing link found: equivalent, or wrong only where the oracle does not look) or ``error``."""

    status: str
    link: str = ""
    point: str = ""
    left: str = ""
    right: str = ""
    note: str = ""
    seconds: float = 0.0
    looked: tuple[str, ...] = ()  # the links compared at some point at least once
    unseen: tuple[str, ...] = ()  # the links never compared (no point where both sides had a value)

    @property
    def wrong(self) -> bool:
        return self.status == "wrong"


@dataclass
class _Link:
    label: str
    prev: int
    cur: int
    rel: str
    cites: frozenset[str]  # the variables whose Σ = 1 the step cites
    tolerance: float | None = None


def _fmt(x: Any) -> str:
    return mpmath.nstr(x, 10) if isinstance(x, (mpmath.mpf, mpmath.mpc)) else str(x)


def _floor(digits: int) -> mpmath.mpf:
    return mpmath.mpf(10) ** -(digits - FLOOR_DIGITS)


def _stable(coarse: mpmath.mpf, fine: mpmath.mpf, scale: mpmath.mpf, digits: int = DIGITS[0]) -> bool:
    """A nonzero difference that stays put when the precision doubles."""
    return bool(fine != 0 and abs(coarse - fine) <= STABLE * abs(fine) and abs(fine) > _floor(digits) * scale)


def _violation(
    rel: str, tol: float | None, lefts: tuple[Any, Any], rights: tuple[Any, Any], digits: int = DIGITS[0]
) -> str | None:
    """``differs`` where the relation fails with a stable gap, ``tie`` where a strict relation may
    fail on an exact tie (to be confirmed exactly), else None (``digits``: the coarser precision)."""
    (l1, l2), (r1, r2) = lefts, rights
    d1, d2 = l1 - r1, l2 - r2
    scale = 1 + abs(l2) + abs(r2)
    stable = _stable(d1, d2, scale, digits)
    if rel == "=":
        if tol is not None:
            return "differs" if stable and abs(d2) > tol and abs(d1) > tol else None
        return "differs" if stable else None
    if stable and ((rel in ("<", "<=") and d2 > 0) or (rel in (">", ">=") and d2 < 0)):
        return "differs"
    if rel in ("<", ">") and not stable and abs(d2) <= _floor(digits) * scale:
        return "tie"
    return None


def _exactly_tied(left: sp.Expr, right: sp.Expr, at: Point) -> bool:
    """Whether the two sides are exactly equal at the exact point (SymPy's simplification of
    their difference is exactly 0)."""
    difference = sp.sympify(left).xreplace(exact(at)) - sp.sympify(right).xreplace(exact(at))
    if difference == 0:
        return True
    if difference.has(sp.Heaviside, sp.DiracDelta, sp.sign, sp.Subs, sp.Derivative):
        return False
    return bool(sp.simplify(difference) == 0)


def _cross_checked(left: sp.Expr, right: sp.Expr, at: Point, fine: mpmath.mpf) -> bool:
    """The difference once more through SymPy's own adaptive evalf: it must agree."""
    try:
        value = sp.N(sp.sympify(left - right).xreplace(exact(at)), 30)
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    if not isinstance(value, sp.Float):
        return False
    with mpmath.workdps(40):
        return bool(abs(mpmath.mpf(value._mpf_) - fine) <= mpmath.mpf("1e-8") * abs(fine))


class _Chain:
    """One chain at one size (and index tuple): its links, and its expressions carried out only
    when a link needs them (a derivative of a Hessian takes seconds)."""

    def __init__(
        self,
        variables: tuple[Var, ...],
        makers: list[Callable[[], list[sp.Expr]]],
        links: list[_Link],
        where: str,
    ) -> None:
        self.variables = variables
        self.symbols = tuple(s for v in variables for s in v.symbols)
        self._makers = makers
        self._exprs: dict[int, list[sp.Expr] | None] = {}
        self._values: dict[int, Values | None] = {}
        self.links = links
        self.where = where
        self.looked: set[str] = set()

    def exprs(self, index: int) -> list[sp.Expr] | None:
        """The entries of expression ``index`` (0 is the start), None where they cannot be had."""
        if index not in self._exprs:
            try:
                self._exprs[index] = self._makers[index]()
            except CannotEvaluate:
                self._exprs[index] = None
        return self._exprs[index]

    def values(self, index: int) -> Values | None:
        if index not in self._values:
            exprs = self.exprs(index)
            self._values[index] = Values(exprs, self.symbols) if exprs is not None else None
        return self._values[index]

    def evaluate(self, at: Point, indices: set[int]) -> dict[int, tuple[list[Any], list[Any]] | None]:
        out: dict[int, tuple[list[Any], list[Any]] | None] = {}
        for index in sorted(indices):
            values = self.values(index)
            out[index] = None if values is None else (values.at(at, DIGITS[0]), values.at(at, DIGITS[1]))
        return out

    def at_kink(self, at: Point, indices: set[int]) -> bool:
        return any(v is not None and v.at_kink(at) for v in (self.values(i) for i in indices))

    def link_failure(self, at: Point, relaxed: frozenset[str]) -> Judgement | None:
        """The first link that fails at ``at`` (only links that cite none of ``relaxed``)."""
        indices = {i for link in self.links for i in (link.prev, link.cur)}
        if not indices or self.at_kink(at, indices):
            return None
        values = self.evaluate(at, indices)
        for link in self.links:
            if link.cites & relaxed:
                continue
            left, right = values[link.prev], values[link.cur]
            if left is None or right is None or len(left[0]) != len(right[0]):
                continue
            for e in range(len(left[0])):
                lefts, rights = (left[0][e], left[1][e]), (right[0][e], right[1][e])
                if None in lefts or None in rights:
                    continue
                self.looked.add(link.label)
                found = _violation(link.rel, link.tolerance, lefts, rights)
                left_expr, right_expr = self._entry(link.prev, e), self._entry(link.cur, e)
                if found != "differs" and not (left_expr.free_symbols or right_expr.free_symbols):
                    lefts, rights = self._higher(link.prev, e, at), self._higher(link.cur, e, at)
                    if None in lefts or None in rights:
                        continue
                    found = _violation(link.rel, link.tolerance, lefts, rights, HIGHER_DIGITS[0])
                if found == "tie" and not _exactly_tied(left_expr, right_expr, at):
                    continue
                if found == "differs" and not _cross_checked(left_expr, right_expr, at, lefts[1] - rights[1]):
                    continue
                if found is None:
                    continue
                entry = f", entry {e}" if len(left[0]) > 1 else ""
                off = f" (off the simplex of {', '.join(sorted(relaxed))})" if relaxed else ""
                return Judgement(
                    "wrong",
                    link=f"{link.label} {link.rel}{self.where}{entry}{off}",
                    point=describe(self.variables, at),
                    left=_fmt(lefts[1]),
                    right=_fmt(rights[1]),
                    note="an exact tie of a strict relation"
                    if found == "tie"
                    else "stable in 50 and 100 digits",
                )
        return None

    def _higher(self, index: int, e: int, at: Point) -> tuple[Any, Any]:
        """A number-valued entry in the higher precisions."""
        values = self.values(index)
        assert values is not None
        coarse, fine = (values.at(at, digits)[e] for digits in HIGHER_DIGITS)
        return coarse, fine

    def _entry(self, index: int, e: int) -> sp.Expr:
        exprs = self.exprs(index)
        assert exprs is not None
        return exprs[e]


def _links(
    steps: tuple[Any, ...], main: int, tolerance: float | None, variables: tuple[Any, ...]
) -> list[_Link]:
    """The links the engine checks: each step with the one before; the first step of each
    chain (and, with a tolerance, every step) with the start."""
    owner = {v.constraint: v.name for v in variables if getattr(v, "constraint", None)}
    out = []
    for k, step in enumerate(steps, start=1):
        prev = 0 if k in (1, main + 1) or tolerance is not None else k - 1
        upper = k > main
        label = f"upper step {k - main}" if upper else f"step {k}"
        cites = frozenset(owner[c] for c in step.using if c in owner)
        out.append(_Link(label, prev, k, step.rel, cites, tolerance if step.rel == "=" else None))
    return out


def _relaxations(variables: tuple[Any, ...]) -> list[frozenset[str]]:
    """Each simplex variable off its simplex alone, then all of them at once."""
    names = [v.name for v in variables if v.kind in SIMPLEX_KINDS]
    groups = [frozenset({name}) for name in names]
    if len(names) > 1:
        groups.append(frozenset(names))
    return groups


def _numpy_point(variables: tuple[Var, ...], at: Point) -> dict[str, np.ndarray]:
    out = {}
    for v in variables:
        arr = np.array([float(at[s]) for s in v.symbols], dtype=float)
        out[v.name] = arr.reshape(()) if v.size is None else arr
    return out


def _reference_failure(
    chain: _Chain, reference: Any, at: Point, pick: tuple[int, ...] | None = None
) -> Judgement | None:
    """Where the NumPy reference and the start (in high precision) disagree beyond float noise."""
    with np.errstate(all="ignore"):
        try:
            ref = np.asarray(reference(_numpy_point(chain.variables, at)), dtype=float)
        except Exception:  # a perturbed reference may not run at all
            return None
    if pick is not None:  # an all-n proof compares one entry of the whole array
        ref = np.asarray(ref[pick] if pick else ref.reshape(-1)[0], dtype=float)
    ref = ref.reshape(-1)
    values = chain.evaluate(at, {0})[0]
    if values is None:
        return None
    coarse, fine = values
    if ref.size != len(fine):
        return Judgement(
            "wrong", link=f"reference{chain.where}", note=f"{ref.size} entries against {len(fine)}"
        )
    for e, (c, f, r) in enumerate(zip(coarse, fine, ref, strict=True)):
        if c is None or f is None or not np.isfinite(r):
            continue
        if abs(c - f) > STABLE * (1 + abs(f)):
            continue
        chain.looked.add("reference")
        if abs(float(f) - float(r)) > REFERENCE_TOLERANCE * (1 + abs(float(f))):
            return Judgement(
                "wrong",
                link=f"reference against the start{chain.where}" + (f", entry {e}" if len(fine) > 1 else ""),
                point=describe(chain.variables, at),
                left=_fmt(f),
                right=f"{float(r):.10g}",
                note="the NumPy reference disagrees with SymPy's value of the start",
            )
    return None


# -- limits ------------------------------------------------------------------------------------


def _sides(var: sp.Symbol, kind: Kind, target: Any) -> list[tuple[Fraction, Fraction]]:
    """Two values of the limit variable, the second much nearer ``target``, per side it comes from."""
    if target is sp.oo:
        return [(Fraction(10**15), Fraction(10**30))]
    if target is -sp.oo:
        return [(Fraction(-(10**15)), Fraction(-(10**30)))]
    at = Fraction(int(sp.numer(target)), int(sp.denom(target)))
    near = (Fraction(1, 10**15), Fraction(1, 10**30))
    above = [(at + near[0], at + near[1])]
    below = [(at - near[0], at - near[1])]
    if at <= 0 and (kind in (Kind.POSITIVE, Kind.COUNT) or var.is_nonnegative):
        return above
    if kind in (Kind.UNIT, Kind.OPEN_UNIT) and at >= 1:
        return below
    return above + below


def _limit_failure(proof: Proof, chain: _Chain, at: Point) -> Judgement | None:
    """Where the start, far along toward the limit point, has settled away from the claimed value."""
    limit = proof.limit
    assert limit is not None
    var = next(v for v in proof.variables if v.size is None and v.sym == limit.var)
    start = chain.values(0)
    value = Values(carry_out(limit.value), chain.symbols)
    if start is None:
        return None
    for far, farther in _sides(limit.var, var.kind, sp.sympify(limit.point)):
        gaps = []
        for digits in DIGITS:
            claimed = value.at(at, digits)
            f1 = start.at({**at, limit.var: far}, digits)
            f2 = start.at({**at, limit.var: farther}, digits)
            if len(claimed) != len(f2):
                return None
            gaps.append((claimed, f1, f2))
        (c_lo, _, g_lo), (claimed, f1, f2) = gaps
        for e in range(len(f2)):
            entry: list[Any] = [claimed[e], f1[e], f2[e], g_lo[e], c_lo[e]]
            if None in entry:
                continue
            chain.looked.add("limit")
            value_e, far_e, farther_e, farther_coarse, value_coarse = entry
            gap = farther_e - value_e
            settled = abs(far_e - farther_e) <= mpmath.mpf("1e-3") * abs(gap)
            if (
                abs(gap) > mpmath.mpf("1e-8") * (1 + abs(value_e))
                and settled
                and _stable(farther_coarse - value_coarse, gap, 1 + abs(value_e))
            ):
                return Judgement(
                    "wrong",
                    link=f"limit {limit.var} → {limit.point}{chain.where}"
                    + (f", entry {e}" if len(f2) > 1 else ""),
                    point=describe(chain.variables, at) + f", {limit.var} = {farther}",
                    left=_fmt(f2[e]),
                    right=_fmt(claimed[e]),
                    note="the start settles away from the claimed limit",
                )
    return None


# -- the two kinds of chain ----------------------------------------------------------------------


def _points(
    variables: tuple[Var, ...], rng: random.Random, count: int
) -> Iterator[tuple[Point, frozenset[str]]]:
    yield point(variables, None), frozenset()
    for _ in range(count):
        yield point(variables, rng), frozenset()
    for relaxed in _relaxations(variables):
        for _ in range(max(count // 2, 2)):
            yield point(variables, rng, relaxed), relaxed


def _affected(m: Mutant, links: list[_Link], limit: bool) -> tuple[list[_Link], bool]:
    """The links a mutant's change touches, and whether its limit is one: the others are the
    derivation's own, which the oracle finds right (see the tests), so only these can fail."""
    slot = m.slot
    if not slot or m.operator == "reference":  # the derivation itself: every link
        return (links, limit) if m.operator != "reference" else ([], False)
    if slot[0] == "start":
        return [link for link in links if link.prev == 0], limit
    if slot[0] == "limit":
        return [], limit
    k = slot[1]
    if m.operator in ("relation", "citation"):
        return [link for link in links if link.cur == k], False
    return [link for link in links if k in (link.prev, link.cur)], False


def _judge_concrete(m: Mutant, seed: int, count: int) -> Judgement:
    d = m.derivation
    looked: set[str] = set()
    labels: set[str] = set()
    for n in d.sizes[:CONCRETE_SIZES]:
        proof = d.build(n)
        exprs = [proof.start, *(s.expr for s in proof.all_steps)]
        makers: list[Callable[[], list[sp.Expr]]] = [functools.partial(carry_out, e) for e in exprs]
        every = _links(proof.all_steps, len(proof.steps), proof.tolerance, proof.variables)
        links, limit = _affected(m, every, proof.limit is not None)
        chain = _Chain(proof.variables, makers, links, f" (n = {n})" if n else "")
        rng = random.Random(f"{seed}/{m.name}/{n}")
        labels |= _expected(m, links, limit)
        for at, relaxed in _points(proof.variables, rng, count):
            if m.operator == "reference":
                found = None if relaxed else _reference_failure(chain, proof.reference, at)
            else:
                found = chain.link_failure(at, relaxed)
                if found is None and limit and not relaxed:
                    found = _limit_failure(proof, chain, at)
            if found is not None:
                return found
        looked |= chain.looked
    return _unconfirmed(looked, labels)


def _one_entry(
    expr: Any, at: dict[sp.Symbol, int], vectors: dict[str, tuple[sp.Symbol, ...]]
) -> list[sp.Expr]:
    return [concrete_entry(expr, at, vectors)]


def _index_tuples(general: General, n: int, rng: random.Random) -> list[tuple[int, ...]]:
    every = list(itertools.product(range(n), repeat=len(general.indices)))
    if general.distinct:
        every = [t for t in every if len(set(t)) == len(t)]
    if len(every) > 9:
        every = [every[0], *rng.sample(every[1:], 8)]
    return every


def _judge_general(m: Mutant, seed: int, count: int) -> Judgement:
    d = m.derivation
    assert d.general is not None
    general = d.general()
    looked: set[str] = set()
    labels: set[str] = set()
    for n in GENERAL_SIZES:
        variables = general.concrete(n)
        vectors = {v.name: v.symbols for v in variables if v.size is not None}
        vectors.update({v.name: v.at(n).symbols for v in general.variables if isinstance(v, Vec)})
        rng = random.Random(f"{seed}/{m.name}/{n}")
        links, _ = _affected(m, _links(general.steps, len(general.steps), None, general.variables), False)
        exprs = [general.start, *(s.expr for s in general.steps)]
        for entry in _index_tuples(general, n, rng):
            at_index = {N: n, **dict(zip(general.indices, entry, strict=True))}
            makers: list[Callable[[], list[sp.Expr]]] = [
                functools.partial(_one_entry, e, at_index, vectors) for e in exprs
            ]
            at_text = ", ".join(f"{i} = {v}" for i, v in zip(general.indices, entry, strict=True))
            chain = _Chain(variables, makers, links, f" (n = {n}{', ' + at_text if at_text else ''})")
            labels |= _expected(m, links, False)
            for at, relaxed in _points(variables, rng, count):
                if m.operator == "reference":
                    found = None if relaxed else _reference_failure(chain, general.reference, at, pick=entry)
                else:
                    found = chain.link_failure(at, relaxed)
                if found is not None:
                    return found
            looked |= chain.looked
    return _unconfirmed(looked, labels)


def _expected(m: Mutant, links: list[_Link], limit: bool) -> set[str]:
    """The comparisons the oracle should have made for ``m``."""
    if m.operator == "reference":
        return {"reference"}
    return {link.label for link in links} | ({"limit"} if limit else set())


def _unconfirmed(looked: set[str], labels: set[str]) -> Judgement:
    return Judgement("unconfirmed", looked=tuple(sorted(looked)), unseen=tuple(sorted(labels - looked)))


def judge(m: Mutant, seed: int = 0, count: int = POINTS) -> Judgement:
    """Whether ``m`` is really wrong: some link (start → step 1, step k-1 → step k under the
    step's relation, a limit's value; for a changed reference, the reference against the start)
    fails at an exact point, by a difference that agrees in 50 and 100 digits and once more in
    SymPy's evalf; a strict relation fails on an exact tie. A step that does not cite a Σ = 1
    is also looked at off that simplex."""
    started = time.perf_counter()
    try:
        found = _judge_concrete(m, seed, count) if m.part == "concrete" else _judge_general(m, seed, count)
    except Exception as exc:
        found = Judgement("error", note=f"{type(exc).__name__}: {exc}"[:300])
    return dataclasses.replace(found, seconds=time.perf_counter() - started)
