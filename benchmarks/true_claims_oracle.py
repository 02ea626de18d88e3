"""Confirm that every claim of ``true_claims.jsonl`` is true, independently of the engine's verdicts.

Run: ``python benchmarks/true_claims_oracle.py [--ids t001,t002] [--points 40]``.

The project's parser only *reads* a claim into SymPy sides (``checks.claim_check.read`` and
``checks.claim_build.sympy_sides``); nothing of the engine decides anything here. Each side is
evaluated with SymPy's ``evalf`` (mpmath underneath, 50 significant digits, with the adaptive
working precision that ``evalf`` uses against cancellation) at points of this script's own,
drawn from the declared assumptions, with the endpoints and ties that make a claim tight
(0, ±1, equal scalars, equal logits, one-hot labels, uniform probabilities, p near 0 and 1,
H = 1, 2, 3, ...). Derivatives are taken by SymPy's ``diff`` (``Derivative.doit``); a limit is
never handed to ``sympy.limit``: it is evaluated along a sequence (x = 10^8, 10^16, 10^32 or
h = 10^-8, 10^-16, 10^-32 from the point, from every side the claim takes, at 250 digits) and
must settle. Constant sides that SymPy evaluates exactly (integers, rationals) are compared
exactly. A claim passes when it holds at every point where both sides are real and finite, and
enough such points exist. Where the two sides agree to 40 digits (of max(1, |side|)), a strict
inequality, and an equality between constants, is looked at again in 1000 digits: a gap below
10^-970 there is a tie (which fails a strict inequality), a larger one is a difference.
This is evidence, not proof: each claim's ``note`` gives the mathematical reason it is true.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy as sp

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "true_claims.jsonl"
sys.path.insert(0, str(HERE.parent))

from checks.claims.declarations import Declarations, parse_assumption, parse_vector  # noqa: E402
from checks.claims.latex import looks_like_latex  # noqa: E402
from checks.claims.reading import declared_subscripts, read  # noqa: E402
from checks.claims.scope import Scope, assignments  # noqa: E402
from checks.claims.sympy_side import sympy_sides  # noqa: E402
from checks.model import Kind  # noqa: E402

DIGITS = 50
TIE_DIGITS = 1000
EXACT_TOL = sp.Float("1e-40", DIGITS)
LIMIT_TOL = sp.Float("1e-7", DIGITS)
LIMIT_DIGITS = 250
MIN_POINTS = 8  # a claim with variables must hold at this many real points at least

F = Fraction


@dataclass
class Verdict:
    """The oracle's finding for one claim."""

    ok: bool
    points: int
    skipped: int
    message: str = ""


def _sides(item: dict[str, Any]) -> tuple[str, Scope, list[tuple[Any, Any]]]:
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in item["vectors"]),
        scalars=tuple(parse_assumption(a) for a in item["assume"]),
    )
    relation = read(item["claim"])
    if looks_like_latex(item["claim"]):
        relation = declared_subscripts(relation, declarations)
    scope = declarations.scope()
    pairs = []
    for ix in assignments(relation, scope):
        left, right = sympy_sides(relation, scope, ix)
        pairs.append((left, right))
    return relation.rel, scope, pairs


def _flat(left: Any, right: Any) -> list[tuple[sp.Expr, sp.Expr]]:
    """Entry-wise pairs (a vector side against a vector or a scalar side)."""
    if isinstance(left, tuple) or isinstance(right, tuple):
        n = len(left) if isinstance(left, tuple) else len(right)
        ls = left if isinstance(left, tuple) else (left,) * n
        rs = right if isinstance(right, tuple) else (right,) * n
        return [(sp.sympify(a), sp.sympify(b)) for a, b in zip(ls, rs, strict=True)]
    return [(sp.sympify(left), sp.sympify(right))]


def _derivatives_done(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())


# -- points ---------------------------------------------------------------------------------


def _q(x: float, den: int = 10**8) -> Fraction:
    return Fraction(x).limit_denominator(den)


def _scalar_specials(kind: Kind) -> list[Fraction]:
    if kind is Kind.REAL:
        return [F(0), F(1), F(-1), F(1, 2), F(-1, 2), F(2), F(-3), F(7, 3), F(10), F(-12)]
    if kind is Kind.POSITIVE:
        return [F(1), F(1, 2), F(2), F(1, 100), F(100), F(1, 10**6), F(10**6), F(3), F(7, 5)]
    if kind is Kind.OPEN_UNIT:
        return [F(1, 2), F(1, 10**12), 1 - F(1, 10**12), F(1, 3), F(2, 3), F(1, 1000), F(999, 1000)]
    if kind is Kind.UNIT:
        return [F(0), F(1), F(1, 2), F(1, 4), F(3, 4)]
    if kind is Kind.COUNT:
        return [F(k) for k in (1, 2, 3, 4, 5, 6, 7, 10, 100, 1000)]
    raise ValueError(kind)


def _scalar_random(kind: Kind, rng: random.Random) -> Fraction:
    if kind is Kind.REAL:
        return _q(rng.choice([rng.uniform(-3, 3), rng.uniform(-30, 30), rng.gauss(0, 1)]))
    if kind is Kind.POSITIVE:
        import math

        return _q(math.exp(rng.uniform(-8, 8)), 10**12)
    if kind is Kind.OPEN_UNIT:
        return _q(rng.uniform(1e-6, 1 - 1e-6), 10**9)
    if kind is Kind.UNIT:
        return _q(rng.uniform(0, 1))
    if kind is Kind.COUNT:
        return F(rng.randint(1, 80))
    raise ValueError(kind)


def _simplex(weights: list[Fraction]) -> list[Fraction]:
    total = sum(weights)
    return [w / total for w in weights]


def _vector_specials(kind: Kind, n: int) -> list[list[Fraction]]:
    if kind in (Kind.LOGITS, Kind.DIRECTION):
        return [
            [F(0)] * n,
            [F(i) for i in range(n)],
            [F(2)] * n,
            [F(-1) if i % 2 else F(3) for i in range(n)],
            [F(1)] + [F(1)] * (n - 2) + [F(-2)] if n > 1 else [F(5)],
            [F(40) * (-1) ** i for i in range(n)],
        ]
    if kind is Kind.PROBS:
        tiny = F(1, 10**9)
        return [
            [F(1, n)] * n,
            _simplex([F(i + 1) for i in range(n)]),
            [1 - tiny * (n - 1)] + [tiny] * (n - 1),
            _simplex([F(2**i) for i in range(n)]),
        ]
    if kind is Kind.LABELS:
        return [
            *[[F(int(i == j)) for i in range(n)] for j in range(n)],
            [F(1, n)] * n,
            _simplex([F(i % 2) + F(1, 3) for i in range(n)]),
        ]
    raise ValueError(kind)


def _vector_random(kind: Kind, n: int, rng: random.Random) -> list[Fraction]:
    if kind in (Kind.LOGITS, Kind.DIRECTION):
        scale = rng.choice([1.0, 3.0, 10.0])
        return [_q(rng.gauss(0, scale)) for _ in range(n)]
    if kind is Kind.PROBS:
        return _simplex([_q(rng.expovariate(1.0), 10**6) + F(1, 10**6) for _ in range(n)])
    if kind is Kind.LABELS:
        if rng.random() < 0.3:
            hot = rng.randrange(n)
            return [F(int(i == hot)) for i in range(n)]
        weights = [_q(rng.expovariate(1.0), 10**6) if rng.random() < 0.8 else F(0) for _ in range(n)]
        if sum(weights) == 0:
            weights[0] = F(1)
        return _simplex(weights)
    raise ValueError(kind)


def points(
    scope: Scope, count: int, seed: int, skip: set[sp.Symbol]
) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    """Special points first (ties, endpoints), then random ones; ``skip`` are limit variables."""
    rng = random.Random(seed)
    scalars = [v for v in scope.scalars.values() if v.sym not in skip]
    vectors = list(scope.vectors.values())
    if not scalars and not vectors:
        yield {}
        return

    def as_point(values: dict[str, list[Fraction]]) -> dict[sp.Symbol, sp.Rational]:
        out = {}
        for var in [*scalars, *vectors]:
            for sym, q in zip(var.symbols, values[var.name], strict=True):
                out[sym] = sp.Rational(q.numerator, q.denominator)
        return out

    width = max(
        [len(_scalar_specials(v.kind)) for v in scalars]
        + [len(_vector_specials(v.kind, len(v))) for v in vectors]
    )
    for i in range(width):
        # All scalars of a kind take the same special value (ties), then offset ones.
        for offset in (0, 1):
            values: dict[str, list[Fraction]] = {}
            for j, v in enumerate(scalars):
                specials = _scalar_specials(v.kind)
                values[v.name] = [specials[(i + offset * j) % len(specials)]]
            for j, v in enumerate(vectors):
                rows = _vector_specials(v.kind, len(v))
                values[v.name] = rows[(i + offset * j) % len(rows)]
            yield as_point(values)
    for _ in range(count):
        values = {}
        for v in scalars:
            values[v.name] = [_scalar_random(v.kind, rng)]
        for v in vectors:
            values[v.name] = _vector_random(v.kind, len(v), rng)
        if len(scalars) > 1 and rng.random() < 0.2:
            # A tie between two scalars of one kind.
            a, b = rng.sample(scalars, 2)
            if a.kind == b.kind:
                values[b.name] = values[a.name]
        yield as_point(values)


# -- evaluation ----------------------------------------------------------------------------


class Outside(Exception):
    """The expression is not a finite real number at this point."""


def _real(value: sp.Expr) -> sp.Float | sp.Rational:
    if value.is_Rational:
        return value
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not value.is_number:
        raise Outside(str(value))
    re, im = value.as_real_imag()
    if im != 0 and abs(im) > sp.Float("1e-45") * max(1, abs(re)):
        raise Outside(f"complex {value}")
    if not re.is_finite:
        raise Outside(str(value))
    return re


def limit_value(limit: sp.Limit) -> sp.Float:
    """A limit evaluated along a sequence (every side the limit takes), which must settle."""
    body, var, at, direction = limit.args
    if body.free_symbols - {var}:
        raise ValueError(f"limit with free parameters left: {limit}")
    steps = [sp.Integer(10) ** k for k in (8, 16, 32)]
    if at is sp.oo:
        runs = [[s for s in steps]]
    elif at is -sp.oo:
        runs = [[-s for s in steps]]
    else:
        sides = {"+": [1], "-": [-1], "+-": [1, -1]}[str(direction)]
        runs = [[at + sign / s for s in steps] for sign in sides]
    finals = []
    for run in runs:
        values = []
        for x in run:
            v = body.xreplace({var: sp.Float(x, LIMIT_DIGITS)}).evalf(LIMIT_DIGITS)
            values.append(_real(v))
        last, before = values[-1], values[-2]
        scale = max(1, abs(last))
        if abs(last - before) > LIMIT_TOL * scale:
            raise Outside(f"limit does not settle: {[sp.N(v, 12) for v in values]}")
        finals.append(last)
    if len(finals) == 2 and abs(finals[0] - finals[1]) > LIMIT_TOL * max(1, abs(finals[0])):
        raise Outside(f"one-sided limits differ: {finals}")
    return sp.Float(finals[0], DIGITS)


def _numeric_point(point: dict[sp.Symbol, sp.Rational], digits: int) -> dict[sp.Symbol, sp.Expr]:
    """Integers stay exact (3**H at H = 1000 is an integer); other rationals become Floats of
    ``digits + 30`` digits, since SymPy would try exact roots of p**p at p = 1 - 10**-12."""
    return {k: v if v.is_Integer else sp.Float(v, digits + 30) for k, v in point.items()}


def value(expr: sp.Expr, point: dict[sp.Symbol, sp.Rational], digits: int = DIGITS) -> Any:
    """The exact value where SymPy gets one, otherwise a ``digits``-digit Float."""
    const = expr.xreplace(_numeric_point(point, digits))
    limits = [a for a in const.atoms(sp.Limit)]
    if limits:
        const = const.xreplace({lim: limit_value(lim) for lim in limits})
    if const.is_Rational:
        return const
    if const.free_symbols:
        raise ValueError(f"free symbols left: {const.free_symbols}")
    return _real(const.evalf(digits, maxn=4 * digits + 400))


def holds(rel: str, left: Any, right: Any, tol: sp.Float) -> tuple[bool, bool]:
    """(holds, tie): whether ``left rel right`` holds to ``tol`` relative, and whether it is a tie."""
    if left.is_Rational and right.is_Rational:
        diff = left - right
        tie = diff == 0
    else:
        scale = max(1, abs(left), abs(right))
        diff = left - right
        tie = abs(diff) <= tol * scale
    if rel == "=":
        return tie, tie
    if rel == "<=":
        return bool(diff <= 0) or tie, tie
    if rel == ">=":
        return bool(diff >= 0) or tie, tie
    if rel == "<":
        return bool(diff < 0) and not tie, tie
    if rel == ">":
        return bool(diff > 0) and not tie, tie
    raise ValueError(rel)


def confirm(item: dict[str, Any], count: int = 40, seed: int = 1) -> Verdict:
    """Check one claim of the corpus at many points; see the module docstring."""
    rel, scope, pairs = _sides(item)
    rel = "=" if rel == "==" else rel
    flat = [
        (_derivatives_done(a), _derivatives_done(b)) for left, right in pairs for a, b in _flat(left, right)
    ]
    limit_vars = {lim.args[1] for a, b in flat for lim in (a.atoms(sp.Limit) | b.atoms(sp.Limit))}
    has_limit = bool(limit_vars)
    tol = LIMIT_TOL if has_limit else EXACT_TOL
    checked = skipped = 0
    for point in points(scope, count, seed, limit_vars):
        try:
            values = [(value(a, point), value(b, point)) for a, b in flat]
        except Outside:
            skipped += 1
            continue
        for (a, b), (va, vb) in zip(flat, values, strict=True):
            ok, tie = holds(rel, va, vb, tol)
            if tie and not has_limit and (rel in ("<", ">") or (rel == "=" and not point)):
                # A tie to 40 digits of max(1, |sides|) hides a gap of 1e-435 (sigmoid(1000) < 1,
                # exp(-1000) > 0): look again in 1000 digits, where only a gap below 1e-970 is a tie.
                va2, vb2 = value(a, point, TIE_DIGITS), value(b, point, TIE_DIGITS)
                ok, _ = holds(rel, va2, vb2, sp.Float(10, TIE_DIGITS) ** (30 - TIE_DIGITS))
            if not ok:
                where = {str(k): str(v) for k, v in point.items()}
                return Verdict(
                    False, checked, skipped, f"fails at {where}: left {sp.N(va, 20)}, right {sp.N(vb, 20)}"
                )
        checked += 1
    free = [v for v in scope.variables if not set(v.symbols) <= limit_vars]
    needed = MIN_POINTS if free else 1
    if checked < needed:
        return Verdict(False, checked, skipped, f"only {checked} real points (of {checked + skipped})")
    return Verdict(True, checked, skipped)


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=CORPUS)
    parser.add_argument("--ids", default="", help="comma-separated ids (default: all)")
    parser.add_argument(
        "--points", type=int, default=40, help="random points per claim (besides the special ones)"
    )
    args = parser.parse_args()
    items = load(args.file)
    if args.ids:
        wanted = set(args.ids.split(","))
        items = [i for i in items if i["id"] in wanted]
    failed = []
    for item in items:
        try:
            verdict = confirm(item, args.points)
        except Exception as exc:  # a claim the oracle cannot evaluate is a failure too
            verdict = Verdict(False, 0, 0, f"{type(exc).__name__}: {exc}")
        status = "ok  " if verdict.ok else "FAIL"
        print(
            f"{status} {item['id']} [{item['class']}] {verdict.points} pts ({verdict.skipped} skipped) "
            f"{item['claim']}  {verdict.message}",
            flush=True,
        )
        if not verdict.ok:
            failed.append(item["id"])
    print(
        f"{len(items) - len(failed)} of {len(items)} claims confirmed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
