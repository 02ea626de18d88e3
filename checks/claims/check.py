"""Check one user claim: read it safely, prove it symbolically, cross-check it numerically."""

from __future__ import annotations

import difflib
import functools
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ParamSpec

import mpmath
import numpy as np
import sympy as sp

from checks.claims.build import (
    LimitSidesApart,
    Scope,
    assignments,
    numpy_rows_in_reals,
    numpy_sides,
    stack_points,
    sympy_sides,
)
from checks.claims.feedback import mutant_feedback
from checks.claims.latex import looks_like_latex, parse_latex_claim, parse_latex_expression
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, check_depth, parse_claim, parse_expression
from checks.errors import StepTimeout, UsageError
from checks.model import SIMPLEX_KINDS, Kind, Result, Var
from checks.model.result import Verdict
from checks.numeric.certify import certify_failure, distinct_texts, exactly_equal_at
from checks.numeric.compare import (
    aligned,
    entries,
    needs_certificate,
    relation_holds,
    rows_hold,
    surely_violated,
)
from checks.numeric.compiled import STABLE_RTOL, enclosures
from checks.numeric.evaluate import Unsupported, evaluate_mpmath
from checks.numeric.kinks import Kink, kink_at, kink_conditions, kink_mask
from checks.numeric.sampling import Sample, samples
from checks.prove.ladder import SymbolicOutcome
from checks.prove.limit_exceptions import exceptional_samples, exceptions, substitutions, undefined
from checks.prove.limit_gap import limit_gap_proved
from checks.prove.limit_order import case_substitutions, prove_limits_by_order
from checks.prove.sign import prove_relation
from checks.timeout import deadline

_KIND_WORDS = {
    "real": Kind.REAL,
    "logits": Kind.LOGITS,
    "positive": Kind.POSITIVE,
    "labels": Kind.LABELS,
    "probabilities": Kind.PROBS,
    "probs": Kind.PROBS,
    "unit": Kind.UNIT,
    "count": Kind.COUNT,
    "positive integer": Kind.COUNT,
    "direction": Kind.DIRECTION,
}


@dataclass(frozen=True)
class Declarations:
    """What the user declared: vectors with sizes and kinds, and scalar assumptions."""

    vectors: tuple[tuple[str, int, Kind], ...] = ()
    scalars: tuple[tuple[str, Kind], ...] = ()

    def scope(self) -> Scope:
        scope = Scope()
        entries: dict[str, str] = {}
        for name, size, kind in self.vectors:
            if name in scope.vectors:
                raise UsageError(f"vector {name!r} is declared twice")
            scope.vectors[name] = Var(name, kind, size)
            for i, symbol in enumerate(scope.vectors[name].symbols):
                if symbol.name in entries:  # x[10] of x:11 and x1[0] of x1:2 are both x10
                    clash = f"{name}[{i}] and {entries[symbol.name]} would be one symbol {symbol.name}"
                    raise UsageError(f"{clash}: rename a vector")
                entries[symbol.name] = f"{name}[{i}]"
        for name, kind in self.scalars:
            if name in scope.vectors:
                raise UsageError(f"{name!r} is declared both as a vector and as a scalar")
            if name in scope.scalars:
                raise UsageError(f"{name!r} is assumed twice; give one assumption per name")
            scope.scalar(name, kind)
        return scope


def parse_vector(text: str) -> tuple[str, int, Kind]:
    """``x:3`` (real logits) or ``y:3:labels`` / ``p:4:probabilities``."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (2, 3) or not parts[0].isidentifier() or not parts[1].isdigit():
        raise UsageError(f"--vector expects NAME:SIZE or NAME:SIZE:KIND, got {text!r}")
    size = int(parts[1])
    if not 1 <= size <= 64:
        raise UsageError(f"--vector size must be 1 to 64, got {size} in {text!r}")
    kind = Kind.LOGITS
    if len(parts) == 3:
        if parts[2] not in _KIND_WORDS:
            raise UsageError(
                f"unknown vector kind {parts[2]!r} in {text!r}; use one of {', '.join(_KIND_WORDS)}"
            )
        kind = _KIND_WORDS[parts[2]]
    return parts[0], size, kind


def parse_assumption(text: str) -> tuple[str, Kind]:
    """``H: positive integer``, ``a > 0``, ``0 < p < 1`` or ``0 <= y <= 1``."""
    compact = " ".join(text.split())
    if ":" in compact:
        name, _, word = (p.strip() for p in compact.partition(":"))
        if name.isidentifier() and word in _KIND_WORDS and _KIND_WORDS[word] not in SIMPLEX_KINDS:
            return name, _KIND_WORDS[word]
    forms = {
        ("0", "<", "<", "1"): Kind.OPEN_UNIT,
        ("0", "<=", "<=", "1"): Kind.UNIT,
    }
    tokens = compact.replace("<=", " <= ").replace("< ", " < ").split()
    if (
        len(tokens) == 5
        and (tokens[0], tokens[1], tokens[3], tokens[4]) in forms
        and tokens[2].isidentifier()
    ):
        return tokens[2], forms[(tokens[0], tokens[1], tokens[3], tokens[4])]
    if len(tokens) == 3 and tokens[0].isidentifier() and tokens[1] == ">" and tokens[2] == "0":
        return tokens[0], Kind.POSITIVE
    raise UsageError(
        f"cannot read assumption {text!r}; write one of 'a > 0', '0 < p < 1', '0 <= p <= 1', "
        "'H: positive integer' (a ≥ 0 and a plain integer are not kinds the checker samples)"
    )


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of checking one claim."""

    claim: str
    read_as: str
    verdict: Verdict
    counterexample: dict[str, Any] | None
    feedback: str | None
    seconds: float
    method: str | None = None
    notes: tuple[str, ...] = field(default=())
    pretty: str = ""


def read(text: str) -> Relation:
    """Parse a claim in either spelling (LaTeX when it has backslashes, braces or ``$``)."""
    relation = parse_latex_claim(text) if looks_like_latex(text) else parse_claim(text)
    check_depth(relation.left)
    check_depth(relation.right)
    return relation


def read_answer(text: str) -> Node:
    """Parse an answer (an expression) in either spelling, as :func:`read` does a claim."""
    return check_depth(parse_latex_expression(text) if looks_like_latex(text) else parse_expression(text))


def _declared_subscripts(relation: Relation, declarations: Declarations) -> Relation:
    """A relation read from LaTeX, where ``D_x`` (``D`` indexed by ``x``) is the declared
    scalar ``D_x`` when ``D`` is no declared vector (``x_0`` of a vector ``x`` stays its entry)."""
    vectors = {name for name, _, _ in declarations.vectors}
    names = frozenset(name for name, _ in declarations.scalars) - vectors
    if not names:
        return relation
    left = _subscripted_names(relation.left, names, vectors)
    return Relation(relation.rel, left, _subscripted_names(relation.right, names, vectors))


def _subscripted_names(node: Node, names: frozenset[str], vectors: set[str]) -> Node:
    if (
        node.op == "index"
        and node.args[0].op == "name"
        and str(node.args[0].value) not in vectors
        and node.args[1].op in ("name", "num")
    ):
        joined = f"{node.args[0].value}_{node.args[1].value}"
        if joined in names:
            return Node("name", value=joined, column=node.column)
    if not node.args:
        return node
    args = tuple(_subscripted_names(a, names, vectors) for a in node.args)
    return Node(node.op, args, node.value, node.column)


def render_tree(node: Node) -> str:
    """The canonical SymPy spelling of a syntax tree: how the claim was read."""
    op = node.op
    if op == "num":
        assert isinstance(node.value, Fraction)
        return str(node.value.numerator) if node.value.denominator == 1 else f"({node.value})"
    if op == "name":
        return str(node.value)
    if op == "side":
        return f"'{node.value}'"
    if op == "index":
        return f"{render_tree(node.args[0])}[{render_tree(node.args[1])}]"
    if op == "tuple":
        return "(" + ", ".join(render_tree(a) for a in node.args) + ")"
    if op == "neg":
        return f"-{_wrap(node.args[0])}"
    if op == "call":
        name = "Derivative" if node.value == "diff" else str(node.value)
        return f"{name}(" + ", ".join(render_tree(a) for a in node.args) + ")"
    symbol = {"add": " + ", "sub": " - ", "mul": "*", "div": "/", "pow": "**"}[op]
    left = _wrap(node.args[0], right=False) if op != "pow" else _wrap_base(node.args[0])
    return f"{left}{symbol}{_wrap(node.args[1], right=op in ('sub', 'div', 'pow'))}"


def _wrap_base(node: Node) -> str:
    text = render_tree(node)
    return f"({text})" if node.op in ("add", "sub", "mul", "div", "neg", "pow") else text


def _wrap(node: Node, right: bool = False) -> str:
    text = render_tree(node)
    if node.op in ("add", "sub") or (right and node.op in ("mul", "div", "pow")) or node.op == "neg":
        return f"({text})"
    return text


def _to_matrix(value: Any) -> Any:
    return sp.ImmutableMatrix(value) if isinstance(value, tuple) else value


def _evaluate_limits(expr: Any, budget: float) -> tuple[Any, bool]:
    """Replace each ``Limit`` by ``sympy.limit``'s answer (which is then not trusted alone)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Limit):
        return expr, False
    with deadline(budget):
        done = expr.replace(lambda e: isinstance(e, sp.Limit), lambda e: e.doit())
    if done.has(sp.AccumBounds):  # x - floor(x) keeps cycling: there is no limit to compare
        raise ValueError("sympy.limit found no limit, only the bounds it stays within")
    return done, True


def _doit(expr: Any) -> Any:
    """Derivatives carried out, and nothing else: a limit stays a Limit, so that its value
    is never ``sympy.limit``'s alone (see :func:`_prove` and the numeric confirmation)."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(_doit))
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative):
        return expr
    if not expr.has(sp.Limit):
        return expr.doit()
    if any(d.has(sp.Limit) for d in expr.atoms(sp.Derivative)):
        # d/da lim f = lim d/da f needs uniform convergence; and doit() would hand the
        # limit to sympy.limit unchecked.
        raise ValueError("a derivative of a limit is not checked")
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())


def _mp_value(expr: Any, env: dict[sp.Symbol, Any], digits: int, nearer: bool = False) -> list[Any] | None:
    """High-precision entries; a Limit is estimated at a far point of its sequence."""
    entries = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    out = []
    with mpmath.workdps(digits):
        for entry in entries:
            entry = sp.sympify(entry)
            try:
                value = evaluate_mpmath(_limits_at_far_point(entry, digits, nearer), env, {})
                if any(str(lim.args[3]) == "+-" and lim.args[2].is_finite for lim in _limits_in(entry)):
                    # A two-sided limit: from the left too, and no value where the sides differ.
                    other = evaluate_mpmath(_limits_at_far_point(entry, digits, nearer, -1), env, {})
                    # (as loose as the NumPy side's test: near the point, smooth sides differ too)
                    if abs(other - value) > mpmath.mpf("1e-3") * (1 + abs(value)):
                        return None
            except (Unsupported, ZeroDivisionError, OverflowError, ValueError, TypeError):
                # Undefined here (0/0, overflow, unknown function): the point is skipped, never
                # guessed; SymPy's evalf with substituted floats returns nonsense at 0/0.
                return None
            value = mpmath.mpmathify(value)
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > mpmath.mpf(10) ** (-digits // 2):
                    return None
                value = value.real
            if not mpmath.isfinite(value):
                return None
            out.append(value)
    return out


def _limits_at_far_point(expr: sp.Basic, digits: int, nearer: bool = False, two_sided: int = 1) -> sp.Basic:
    """``expr`` with each limit replaced by its body at a far point of its sequence; a
    two-sided limit is approached from the side ``two_sided`` (+1 right, -1 left)."""

    def far(limit: sp.Limit) -> sp.Basic:
        body, var, point = limit.args[0], limit.args[1], limit.args[2]
        scale = sp.Integer(10) ** (digits // (6 if nearer else 3))
        if point in (sp.oo, -sp.oo):
            at = scale if point is sp.oo else -scale
        else:
            at = point + {"-": -1, "+": 1}.get(str(limit.args[3]), two_sided) / scale
        # Unevaluated: SymPy would compute factorial(10**13) exactly; mpmath evaluates it.
        with sp.evaluate(False):
            return body.xreplace({var: at})

    return expr.replace(lambda e: isinstance(e, sp.Limit), far) if expr.has(sp.Limit) else expr


def _mp_env(sample: Sample, scope: Scope) -> dict[sp.Symbol, Any]:
    env: dict[sp.Symbol, Any] = {}
    for var in scope.variables:
        for sym, q in zip(var.symbols, sample.values[var.name], strict=True):
            env[sym] = mpmath.mpf(q.numerator) / q.denominator
    return env


def _really_differs(
    left: Any, rel: str, right: Any, sample: Sample, scope: Scope
) -> tuple[bool, list[Any], list[Any]]:
    """Confirm a disagreement in high precision, twice: a real one survives more digits, and
    the difference stays put (cancellation noise moves when the precision doubles).

    A strict relation whose two sides agree to the digits used fails only on an exact tie
    (see :func:`checks.prove.symbolic.exactly_equal_at`).
    """
    verdicts = []
    tie = False
    gaps: list[list[Any]] = []
    allowance = mpmath.mpf(0)
    values: tuple[list[Any], list[Any]] = ([], [])
    for digits in (40, 80):
        with mpmath.workdps(digits):
            env = _mp_env(sample, scope)
            lv, rv = _mp_value(left, env, digits), _mp_value(right, env, digits)
            if lv is None or rv is None:
                return False, [], []
            tol = mpmath.mpf(10) ** (-(digits // 2))
            allowance = mpmath.mpf(0)
            if _has_limit(left) or _has_limit(right):
                # A limit is only estimated: allow 100 times the change between two far points.
                lv2, rv2 = _mp_value(left, env, digits, True), _mp_value(right, env, digits, True)
                if lv2 is None or rv2 is None:
                    return False, [], []
                allowance = 100 * max(abs(a - b) for a, b in zip(lv + rv, lv2 + rv2, strict=True))
            holds, _ = relation_holds(lv, rel, rv, rtol=float(tol), atol=allowance)
            pairs = aligned(lv, rv)
            if holds and rel in ("<", ">"):
                # Relative to the values, however small: exp(-800) > 0 has a real gap.
                holds = all(
                    g > 0 and g > tol * max(abs(a), abs(b))
                    for a, b in pairs
                    for g in [a - b if rel == ">" else b - a]
                )
                tie = tie or not holds
            verdicts.append(not holds)
            gaps.append([a - b for a, b in pairs])
            values = (lv, rv)
    if not all(verdicts):
        return False, [], []
    if tie:
        if not exactly_equal_at(left, right, sample.exact(scope.variables)):
            return False, [], []
    elif any(abs(c - f) > allowance + STABLE_RTOL * abs(f) for c, f in zip(*gaps, strict=True)):
        return False, [], []  # (e^z + 1)^2 - e^{2z} - 2e^z = 1 at z = 50: noise, not a gap
    elif not (_has_limit(left) or _has_limit(right)):
        # Rounding can also be stable: (X + 1)^2 - X^2 - 2X is -2X in 40 and in 80 digits once
        # X = e^{1000/3} swallows the 1. Interval arithmetic must certify the gap.
        point = sample.exact(scope.variables)
        lefts, rights = enclosures(entries(left), point), enclosures(entries(right), point)
        if lefts is None or rights is None:
            if needs_certificate(left, right):
                return False, [], []  # floor(3 Σ s) is 2 in every precision when Σ s rounds below 1
        elif not surely_violated(lefts, rel, rights, 0.0, 0.0):
            return False, [], []
    return True, values[0], values[1]


def _limit_agrees(case: _Case, rel: str, sampled: list[Sample], scope: Scope, end: float) -> bool:
    """Whether a counterexample to a claim with a limit stands. A limit is only estimated
    along a sequence, which may stop short of where it settles (``l/(l + 10**30) → 1``), so
    the claim must also fail at that point with ``sympy.limit``'s values in place."""
    if case.failure is not None or not (_has_limit(case.left) or _has_limit(case.right)):
        return True
    if case.refuted_at is None:
        return False
    sample = sampled[case.refuted_at]
    try:
        left, _ = _evaluate_limits(case.left, max(end - time.monotonic(), 1e-3))
        right, _ = _evaluate_limits(case.right, max(end - time.monotonic(), 1e-3))
        if (
            not (_has_limit(left) or _has_limit(right))
            and _really_differs(left, rel, right, sample, scope)[0]
        ):
            return True
    except (StepTimeout, *_SYMPY_ERRORS):
        pass  # sympy.limit failed with the parameters left free: try them at the point itself
    if _limits_at_point_differ(case, rel, sample, scope, end):
        return True
    return _limit_gap_proved(case, rel, sample, scope, end)


def _limits_at_point(case: _Case, sample: Sample, scope: Scope, end: float) -> tuple[Any, Any] | None:
    """Both sides with ``sympy.limit`` taken at the sample's exact values in place of the
    parameters (it cannot take log(e^{λa} + e^{λb})/λ for a free a, b, but can at a = 1/2,
    b = -1); None where it still cannot."""
    bound = _limit_variables(case)
    exact = {k: v for k, v in sample.exact(scope.variables).items() if k not in bound}
    try:
        left, _ = _evaluate_limits(_at(case.left, exact), max(end - time.monotonic(), 1e-3))
        right, _ = _evaluate_limits(_at(case.right, exact), max(end - time.monotonic(), 1e-3))
    except (StepTimeout, *_SYMPY_ERRORS):
        return None
    return None if _has_limit(left) or _has_limit(right) else (left, right)


def _limits_at_point_differ(case: _Case, rel: str, sample: Sample, scope: Scope, end: float) -> bool:
    sides = _limits_at_point(case, sample, scope, end)
    return sides is not None and _really_differs(sides[0], rel, sides[1], sample, scope)[0]


def _strict_limit_tie(
    case: _Case, rel: str, points: list[tuple[int, Sample]], scope: Scope, end: float
) -> dict[str, Any] | None:
    """A strict claim about a limit that fails on an exact tie (lim log(e^{λa} + e^{λb})/λ >
    max(a, b): every finite λ is above, the limit is not). The numbers alone only see two
    close values; ``sympy.limit`` at the exact point must find the tie, and its values must
    agree with the numbers' estimates of the limits."""
    if rel not in ("<", ">") or not (_has_limit(case.left) or _has_limit(case.right)):
        return None
    for index, sample in points:
        sides = _limits_at_point(case, sample, scope, end)
        if sides is None:
            continue
        differs, lv, rv = _really_differs(sides[0], rel, sides[1], sample, scope)
        if not differs:
            continue
        with mpmath.workdps(40):
            env = _mp_env(sample, scope)
            estimates = _mp_value(case.left, env, 40), _mp_value(case.right, env, 40)
        if estimates[0] is None or estimates[1] is None:
            continue
        if any(
            abs(e - v) > mpmath.mpf(10) ** -6 * (1 + abs(v))
            for e, v in zip(estimates[0] + estimates[1], lv + rv, strict=True)
        ):
            continue  # sympy.limit and the numbers disagree on the value: nothing to trust
        case.refuted_at = index
        return _counterexample(case, sample, scope, lv, rv)
    return None


#: How many sample points a claim with no proof is looked at exactly, with no tolerance.
_EXACT_POINTS = 3


def _exactly_refuted(
    case: _Case, rel: str, points: list[tuple[int, Sample]], scope: Scope, end: float
) -> dict[str, Any] | None:
    """A difference under every tolerance (1 + e^-50 = 1, 25! = 15511210043330985984000001),
    certified at a rational point by exact or interval arithmetic at rising precision (see
    :func:`checks.numeric.certify.certify_failure`). A limit is only estimated: never here."""
    if case.failure is not None or _has_limit(case.left) or _has_limit(case.right):
        return None
    for index, sample in points:
        found = certify_failure(case.left, rel, case.right, sample.exact(scope.variables), end)
        if found is not None:
            case.refuted_at = index
            texts = [distinct_texts(a, b) for a, b in aligned(found.lefts, found.rights)]
            left = texts[0][0] if len(texts) == 1 else "(" + ", ".join(t[0] for t in texts) + ")"
            right = texts[0][1] if len(texts) == 1 else "(" + ", ".join(t[1] for t in texts) + ")"
            return {
                "point": _point_text(sample, scope, _only_bound(case)),
                "indices": dict(case.indices),
                "left": left,
                "right": right,
                "certified": found.how,
            }
    return None


def _limit_variables(case: _Case) -> set[sp.Basic]:
    """The variables of the limits in the claim."""
    return {lim.args[1] for side in (case.left, case.right) for lim in _limits_in(side)}


def _only_bound(case: _Case) -> set[str]:
    """Names that occur only as the variable of a limit (never free) in the claim."""
    bound = {str(v) for v in _limit_variables(case)}
    free = {
        str(s) for side in (case.left, case.right) if isinstance(side, sp.Basic) for s in side.free_symbols
    }
    return bound - free


def _limits_in(expr: Any) -> set[sp.Limit]:
    return expr.atoms(sp.Limit) if isinstance(expr, sp.Basic) else set()


def _at(expr: Any, point: Mapping[sp.Symbol, sp.Expr]) -> Any:
    return expr.xreplace(dict(point)) if isinstance(expr, sp.Basic) else expr


def _limit_gap_proved(case: _Case, rel: str, sample: Sample, scope: Scope, end: float) -> bool:
    """A wrong limit refuted by a proof where sympy.limit fails or is wrong (it says ``b`` for
    ``lim log(e^{λa} + e^{λb})/λ``): see :func:`checks.prove.symbolic.limit_gap_proved`, at the
    counterexample's point."""
    if rel != "=":
        return False
    for limit, other in ((case.left, case.right), (case.right, case.left)):
        if not isinstance(limit, sp.Limit) or _has_limit(other) or isinstance(other, sp.MatrixBase):
            continue
        body, var, point, direction = limit.args
        exact = {k: v for k, v in sample.exact(scope.variables).items() if k != var}
        claimed = sp.sympify(other).xreplace(exact)
        budget = max(end - time.monotonic(), 1e-3)
        try:
            if limit_gap_proved(
                sp.sympify(body).xreplace(exact), var, point, str(direction), claimed, budget
            ):
                return True
        except _SYMPY_ERRORS:
            continue
    return False


def _has_limit(expr: Any) -> bool:
    return isinstance(expr, sp.Basic | sp.MatrixBase) and expr.has(sp.Limit)


def _fmt(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    if q.denominator < 10**4:
        return f"{q.numerator}/{q.denominator}"
    return f"{float(q):.6g}"


def _point_text(sample: Sample, scope: Scope, bound: Collection[str] = ()) -> dict[str, str]:
    """The point's values by name, without the variables of limits (``bound``), whose sampled
    value means nothing."""
    shown = [v for v in scope.variables if v.name not in bound]
    out = {}
    for var in shown:
        vals = [_fmt(q) for q in sample.values[var.name]]
        out[var.name] = vals[0] if var.size is None else "(" + ", ".join(vals) + ")"
    return out


def check_claim(
    text: str,
    declarations: Declarations | None = None,
    *,
    seed: int = 0,
    samples_count: int = 24,
    timeout: float = 10.0,
    pretty: bool = True,
) -> ClaimResult:
    """Check one claim; a claim that cannot be read raises :class:`UsageError` (one line).

    ``pretty=False`` skips the 2-D pretty form of the claim (batch grading never shows it).

    Examples
    --------
    >>> check_claim("log(exp(a) + exp(b)) > Max(a, b)").verdict.value
    'verified'
    >>> check_claim("exp(-40) = 0").verdict.value
    'refuted'
    """
    try:
        relation = read(text)
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
    declarations = declarations or Declarations()
    if looks_like_latex(text):
        relation = _declared_subscripts(relation, declarations)
    return check_relation(
        relation,
        text,
        declarations,
        seed=seed,
        samples_count=samples_count,
        timeout=timeout,
        results=None,
        pretty=pretty,
    )


def find_result(target: str) -> Result:
    """The exported result ``E15.parameter_count`` or ``derivation_name.result_name``."""
    import derivations

    head, _, tail = target.partition(".")
    if not tail:
        raise UsageError(f"expected EXERCISE.RESULT or DERIVATION.RESULT, got {target!r}")
    available = []
    for d in derivations.all():
        for r in d.results:
            available.append(f"{d.exercise}.{r.name}")
            if r.name == tail and head in (d.exercise, d.name):
                return r
    close = difflib.get_close_matches(target, available, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'verify-derivations list' shows the results"
    raise UsageError(f"unknown result {target!r}{hint}")


def check_answer(
    target: str,
    answer: str,
    *,
    seed: int = 0,
    samples_count: int = 24,
    timeout: float = 10.0,
    pretty: bool = True,
) -> ClaimResult:
    """Check ``answer`` against a result the catalogue exports (its quantity = the answer)."""
    result = find_result(target)
    try:
        quantity = parse_expression(result.quantity)
        given = read_answer(answer)
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the answer: {exc}") from None
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in result.vectors),
        scalars=tuple(parse_assumption(a) for a in result.assume),
    )
    relation = Relation("=", quantity, given)
    if looks_like_latex(answer):
        relation = _declared_subscripts(relation, declarations)
    return check_relation(
        relation,
        answer,
        declarations,
        seed=seed,
        samples_count=samples_count,
        timeout=timeout,
        results=[result],
        pretty=pretty,
    )


@functools.cache
def catalogue_results() -> tuple[Result, ...]:
    """Every result the catalogue exports (imports the catalogue once per process)."""
    import derivations

    return tuple(r for d in derivations.all() for r in d.results)


@dataclass
class _Case:
    """One assignment of the free indices: the two sides after ``doit``, or why there are none."""

    indices: dict[str, int]
    left: Any
    right: Any
    failure: SymbolicOutcome | None = None
    confirmed: set[int] = field(default_factory=set)  # sample points already looked at exactly
    refuted_at: int | None = None  # the sample point of the confirmed counterexample
    # Where the numbers could neither confirm nor clear a limit (its sides settle apart, or
    # it still moves too much), and what to say: the claim is then never verified.
    unsettled: tuple[int, str] | None = None
    outside: set[int] = field(default_factory=set)  # points where a value left the reals
    # Where a derivative in the claim may not exist (checks.numeric.kinks), and the points found there.
    kinks: tuple[Kink, ...] = ()
    kinked: set[int] = field(default_factory=set)
    kinked_checked: bool = False


_SYMPY_ERRORS = (ValueError, TypeError, NotImplementedError, ZeroDivisionError, OverflowError, RecursionError)


def _evaluated(left: Any, right: Any) -> tuple[Any, Any, SymbolicOutcome | None]:
    """Both sides with derivatives and sums carried out (limits stay: see :func:`_prove`)."""
    try:
        return _doit(_to_matrix(left)), _doit(_to_matrix(right)), None
    except StepTimeout:
        return None, None, SymbolicOutcome(None, None, ("timed out",))
    except _SYMPY_ERRORS as exc:
        return None, None, SymbolicOutcome(None, None, (f"SymPy failed: {type(exc).__name__}: {exc}",))


#: How many times an exceptional piece of a limit is itself split into pieces.
_PIECE_DEPTH = 3


def _prove(
    case: _Case, rel: str, constraints: dict[sp.Symbol, sp.Expr], end: float, depth: int = _PIECE_DEPTH
) -> tuple[SymbolicOutcome, bool]:
    """The symbolic verdict on one case, and whether ``sympy.limit`` was used for it. A limit
    with free parameters is proved only for every value of them: SymPy's generic answer, and
    again on each exceptional piece (see :mod:`checks.prove.limit_exceptions`)."""
    if case.failure is not None:
        return case.failure, False
    outcome, used = _prove_directly(case, rel, constraints, end)
    if not (_has_limit(case.left) or _has_limit(case.right)):
        return outcome, used
    if outcome.proved is True:
        undecided = _undecided_piece(case, rel, constraints, end, depth)
        if undecided is None:
            return outcome, used
        outcome = SymbolicOutcome(None, None, (*outcome.tried, undecided))
    # sympy.limit may need to know how the parameters compare (log(e^{λa} + e^{λb})/λ).
    by_order = prove_limits_by_order(case.left, rel, case.right, end)
    if by_order.proved is True:
        return by_order, True
    return SymbolicOutcome(
        outcome.proved, outcome.method, outcome.tried + by_order.tried, outcome.residual
    ), used


def _undecided_piece(
    case: _Case, rel: str, constraints: dict[sp.Symbol, sp.Expr], end: float, depth: int
) -> str | None:
    """Why a claim about limits proved for generic parameters is not proved for all of them
    (None: it holds on every exceptional piece too, or is undefined there). On the simplex
    the pieces are found with ``Σ = 1`` substituted, so each is a piece of the simplex."""
    left, right = _at(case.left, constraints), _at(case.right, constraints)
    try:
        with deadline(max(end - time.monotonic(), 1e-3)):
            found = exceptions(left, right)
    except StepTimeout:
        return (
            "the limit was proved for generic parameters; looking for the values where it may differ "
            "timed out"
        )
    if found.reason is not None:
        return found.not_found()
    for piece in found.pieces:
        sub = _Case(case.indices, _at(left, piece.subs), _at(right, piece.subs))
        if undefined(sub.left, sub.right):
            continue
        if depth == 0 or _prove(sub, rel, {}, end, depth - 1)[0].proved is not True:
            return found.undecided(piece)
    return None


_UNDECIDED = "the limit was proved for generic"


def _exceptional_points(
    cases: list[_Case], scope: Scope, constraints: dict[sp.Symbol, sp.Expr], sampled: list[Sample], end: float
) -> list[Sample]:
    """Sample points on the exceptional pieces of the claim's limits (a = 1/7 for
    (a - 1/7)²λ/((a - 1/7)²λ + 1)), where SymPy's generic answer may be wrong: the numbers
    look there too. Where the pieces cannot be found directly, those of the order split."""
    found: list[dict[sp.Symbol, sp.Expr]] = []
    try:
        with deadline(max(min(end - time.monotonic(), _EXCEPTIONAL_SECONDS), 1e-3)):
            for case in cases:
                if case.failure is not None or not (_has_limit(case.left) or _has_limit(case.right)):
                    continue
                left, right = _at(case.left, constraints), _at(case.right, constraints)
                direct = exceptions(left, right)
                more = (
                    substitutions(left, right) if direct.reason is None else case_substitutions(left, right)
                )
                found.extend(subs for subs in more if subs not in found)
    except (StepTimeout, *_SYMPY_ERRORS):
        pass  # the points found so far; the proof still has to hold on every piece
    if not found:
        return []
    bases = [s for s in sampled if s.origin != "adversarial"][:8]
    return exceptional_samples(scope.variables, bases, found)


#: Seconds spent at most looking for exceptional sample points.
_EXCEPTIONAL_SECONDS = 2.0


def _prove_directly(
    case: _Case, rel: str, constraints: dict[sp.Symbol, sp.Expr], end: float
) -> tuple[SymbolicOutcome, bool]:
    try:
        # The confirmation evaluates the limits itself, never sympy.limit's answer.
        left, lim_l = _evaluate_limits(case.left, max(end - time.monotonic(), 1e-3))
        right, lim_r = _evaluate_limits(case.right, max(end - time.monotonic(), 1e-3))
        outcome = prove_relation(left, rel, right, {}, max(end - time.monotonic(), 1e-3))
        if outcome.proved is not True and constraints:
            # Only when needed: the substitution can hide the positivity of an entry.
            with_sum = prove_relation(left, rel, right, constraints, max(end - time.monotonic(), 1e-3))
            if with_sum.proved is not True and rel != "=":
                # Bounds first, then Σ = 1 (Gibbs' inequality is proved that way).
                with_sum = prove_relation(
                    left, rel, right, constraints, max(end - time.monotonic(), 1e-3), late=True
                )
            if with_sum.proved is True:
                outcome = SymbolicOutcome(True, f"{with_sum.method}, using Σ = 1", with_sum.tried)
        return outcome, lim_l or lim_r
    except StepTimeout:
        return SymbolicOutcome(None, None, ("timed out",)), False
    except _SYMPY_ERRORS as exc:
        return SymbolicOutcome(None, None, (f"SymPy failed: {type(exc).__name__}: {exc}",)), False


def _confirmed(case: _Case, rel: str, sample: Sample, scope: Scope) -> dict[str, Any] | None:
    """The counterexample at ``sample`` if the claim fails there in high precision."""
    if case.failure is not None or (case.kinks and kink_at(case.kinks, sample.exact(scope.variables))):
        return None  # where a derivative may not exist, the claim is neither refuted nor confirmed
    differs, lv, rv = _really_differs(case.left, rel, case.right, sample, scope)
    if not differs:
        return None
    return _counterexample(case, sample, scope, lv, rv)


def _counterexample(
    case: _Case, sample: Sample, scope: Scope, left: Sequence[Any], right: Sequence[Any]
) -> dict[str, Any]:
    """The counterexample as reported: the point (no limit's own variable), the index
    assignment, and both sides' high-precision values."""
    return {
        "point": _point_text(sample, scope, _only_bound(case)),
        "indices": dict(case.indices),
        "left": _fmt_mp(left),
        "right": _fmt_mp(right),
    }


def _first_confirmed(
    case: _Case, rel: str, points: list[tuple[int, Sample]], scope: Scope
) -> dict[str, Any] | None:
    """The first of ``points`` where the claim fails in high precision (each is then marked)."""
    for index, sample in points:
        case.confirmed.add(index)
        if index in case.kinked:
            continue
        found = _confirmed(case, rel, sample, scope)
        if found is not None:
            case.refuted_at = index
            return found
        if case.unsettled is None and case.failure is None and _limit_unsettled(case, rel, sample, scope):
            case.unsettled = (index, _STILL_APART)
    return None


def _limit_unsettled(case: _Case, rel: str, sample: Sample, scope: Scope) -> bool:
    """Whether the claim misses at ``sample`` by more than 10^-6 at the far point (10^13 or
    10^-13 from the limit point), yet holds within what its limits may still move (100 × the
    change between two far points): the numbers can then neither confirm nor clear it
    (log(m)/m^(1/1000) → 0 still moves by 15 between 10^6 and 10^13, which would hide any
    other limit's error)."""
    if not (_has_limit(case.left) or _has_limit(case.right)):
        return False
    with mpmath.workdps(40):
        env = _mp_env(sample, scope)
        far = _mp_value(case.left, env, 40), _mp_value(case.right, env, 40)
        near = _mp_value(case.left, env, 40, True), _mp_value(case.right, env, 40, True)
        if far[0] is None or far[1] is None or near[0] is None or near[1] is None:
            return False
        moved = 100 * max(abs(a - b) for a, b in zip(far[0] + far[1], near[0] + near[1], strict=True))
        loose, _ = relation_holds(far[0], rel, far[1], rtol=1e-6, atol=moved)
        tight, _ = relation_holds(far[0], rel, far[1], rtol=1e-6, atol=1e-6)
    return bool(loose and not tight)


_NUMPY_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, IndexError, KeyError)


def _screen(
    relation: Relation, scope: Scope, case: _Case, sampled: list[Sample]
) -> tuple[int, dict[str, Any] | None]:
    """Float check at every point: how many points were finite, and the first disagreement
    (or non-finite value, or strict gap too narrow for floats) that high precision confirms.
    All points are evaluated in one pass where the claim allows; otherwise point by point.
    A point where a derivative is taken at a kink (see :mod:`checks.numeric.kinks`) is skipped like
    one outside the reals."""
    _mark_kinks(case, sampled, scope)
    try:
        columns = stack_points(sampled, scope.variables)
        left, left_out, left_amb = numpy_rows_in_reals(
            relation.left, scope, case.indices, columns, len(sampled)
        )
        right, right_out, right_amb = numpy_rows_in_reals(
            relation.right, scope, case.indices, columns, len(sampled)
        )
        finite = np.all(np.isfinite(left), axis=1) & np.all(np.isfinite(right), axis=1)
        holds = rows_hold(left, relation.rel, right, 1e-6, 1e-12, strict=True)
    except _NUMPY_ERRORS:
        return _screen_pointwise(relation, scope, case, sampled)
    # A point where a value left the reals (sqrt of a negative), or where a derivative is
    # taken at a kink, is no evidence either way.
    outside = left_out | right_out | np.isin(np.arange(len(sampled)), sorted(case.kinked))
    case.outside |= {int(i) for i in np.flatnonzero(outside)}
    ambiguous = np.flatnonzero(left_amb | right_amb)
    if len(ambiguous) and case.unsettled is None:
        case.unsettled = (int(ambiguous[0]), _AMBIGUOUS_ROOT)
    finite &= ~outside
    for index in np.flatnonzero(~(finite & holds) & ~outside):
        found = _first_confirmed(case, relation.rel, [(int(index), sampled[index])], scope)
        if found is not None:
            return int(finite.sum()), found
    return int(finite.sum()), None


def _mark_kinks(case: _Case, sampled: list[Sample], scope: Scope) -> None:
    """Record the points of ``sampled`` where a derivative of the claim is taken at a kink."""
    if not case.kinks or case.kinked_checked:
        return
    case.kinked_checked = True
    exact = [s.exact(scope.variables) for s in sampled]
    for index in np.flatnonzero(kink_mask(case.kinks, exact)):
        case.kinked.add(int(index))
        case.outside.add(int(index))


def _kink_note(case: _Case, sampled: list[Sample], scope: Scope) -> str | None:
    """What to say about the first point skipped at a kink."""
    if not case.kinked:
        return None
    index = min(case.kinked)
    found = kink_at(case.kinks, sampled[index].exact(scope.variables))
    if found is None:  # (decided once already: not expected)
        return None
    shown = _point_text(sampled[index], scope, _only_bound(case))
    where = ", ".join(f"{k} = {v}" for k, v in shown.items()) or "every point"
    # Entries as the claim writes them: x[0], not SymPy's symbol x0.
    names = {s: sp.Symbol(f"{v.name}[{i}]") for v in scope.vectors.values() for i, s in enumerate(v.symbols)}
    what = sp.sstr(found.kink.source.xreplace(names))
    wrt = ", ".join(sp.sstr(v.xreplace(names)) for v in found.kink.wrt)
    if found.certain:
        return (
            f"the derivative of {what} in {wrt} does not exist at {where}: such points are no evidence "
            "either way"
        )
    return (
        f"whether the derivative of {what} in {wrt} exists at {where} could not be decided: such points "
        "are no evidence either way"
    )


_LIMIT_BELIEF = "a limit is believed only where the numbers agree, whatever sympy.limit answers"
_STILL_APART = (
    "the numbers along a limit's sequence are still apart from the claim ({where}): " + _LIMIT_BELIEF
)
_SIDES_APART = (
    "a two-sided limit's numbers settle apart from the left and from the right ({where}): " + _LIMIT_BELIEF
)
_AMBIGUOUS_ROOT = (
    "a fractional power of a negative number ({where}) has a real reading (the cube root of -8 is -2) "
    "that SymPy does not take (it answers 1 + 1.73i): not decided"
)


def _screen_pointwise(
    relation: Relation, scope: Scope, case: _Case, sampled: list[Sample]
) -> tuple[int, dict[str, Any] | None]:
    """:func:`_screen` one point at a time; a point that cannot be evaluated is skipped."""
    checked = 0
    for index, sample in enumerate(sampled):
        if index in case.kinked:
            continue
        try:
            left, right, outside, ambiguous = numpy_sides(
                relation, scope, case.indices, sample.as_numpy(scope.variables)
            )
        except LimitSidesApart:
            if case.unsettled is None:
                case.unsettled = (
                    index,
                    _SIDES_APART,
                )
            continue
        except _NUMPY_ERRORS:
            continue
        if ambiguous and case.unsettled is None:
            case.unsettled = (index, _AMBIGUOUS_ROOT)
        if outside:
            case.outside.add(index)
            continue
        finite = bool(np.all(np.isfinite(left)) and np.all(np.isfinite(right)))
        checked += finite
        if (
            finite
            and rows_hold(
                np.ravel(left)[None], relation.rel, np.ravel(right)[None], 1e-6, 1e-12, strict=True
            )[0]
        ):
            continue
        found = _first_confirmed(case, relation.rel, [(index, sample)], scope)
        if found is not None:
            return checked, found
    return checked, None


#: The whole check's wall-clock bound, as a multiple of ``timeout`` plus seconds (the CLI's
#: child process is given a little more, so that this ends it first, with a verdict).
WHOLE_CHECK = (1.5, 1.0)

_P = ParamSpec("_P")


def _bounded(check: Callable[_P, ClaimResult]) -> Callable[_P, ClaimResult]:
    """``check`` ending inconclusive after 1.5 × its ``timeout`` + 1 s (in the main thread: the
    bound is a SIGALRM deadline), even where no step of it has a deadline of its own."""

    @functools.wraps(check)
    def bounded(*args: _P.args, **kwargs: _P.kwargs) -> ClaimResult:
        started = time.perf_counter()
        timeout = kwargs["timeout"]
        assert isinstance(timeout, float | int)
        bound = WHOLE_CHECK[0] * timeout + WHOLE_CHECK[1]
        try:
            with deadline(bound):
                return check(*args, **kwargs)
        except StepTimeout:
            relation, text = args[0], args[1]
            assert isinstance(relation, Relation) and isinstance(text, str)
            read_as = f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}"
            note = f"the whole check timed out after {bound:g} s"
            seconds = time.perf_counter() - started
            return ClaimResult(text, read_as, Verdict.INCONCLUSIVE, None, None, seconds, None, (note,))

    return bounded


@_bounded
def check_relation(
    relation: Relation,
    text: str,
    declarations: Declarations,
    *,
    seed: int,
    samples_count: int,
    timeout: float,
    results: list[Result] | None,
    pretty: bool = True,
) -> ClaimResult:
    """Prove ``relation`` symbolically and cross-check it numerically; ``results`` (default:
    the whole catalogue) supply mutant feedback when it is refuted. ``timeout`` bounds the
    symbolic work, and the whole check (see :func:`_bounded`)."""
    started = time.perf_counter()
    read_as = f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}"
    try:
        scope = declarations.scope()
        built = [(ix, *sympy_sides(relation, scope, ix)) for ix in assignments(relation, scope)]
        for _, left, right in built:
            if isinstance(left, tuple) and isinstance(right, tuple) and len(left) != len(right):
                raise ClaimSyntaxError(
                    f"the left side has {len(left)} entries and the right side {len(right)}", 1
                )
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
    except UsageError:
        raise
    except _SYMPY_ERRORS as exc:
        # SymPy itself fails on what was read (a comparison with NaN, say): nothing to prove.
        note = f"SymPy could not build the claim: {type(exc).__name__}: {exc}"
        return ClaimResult(
            text, read_as, Verdict.INCONCLUSIVE, None, None, time.perf_counter() - started, None, (note,)
        )
    drawn = ""
    if pretty and len(built) == 1:
        _, left0, right0 = built[0]
        rel = "==" if relation.rel == "=" else relation.rel
        if isinstance(left0, tuple) or isinstance(right0, tuple):
            drawn = f"{sp.pretty(_to_matrix(left0))}\n{relation.rel}\n{sp.pretty(_to_matrix(right0))}"
        else:
            drawn = sp.pretty(sp.Rel(left0, right0, rel, evaluate=False), use_unicode=True)
    notes: list[str] = []
    # Declared labels and probabilities lie on the simplex: the claim may use Σ = 1.
    constraints: dict[sp.Symbol, sp.Expr] = {}
    for var in scope.vectors.values():
        if var.constraint:
            constraints.update(var.constraint_substitution())
    end = time.monotonic() + timeout
    cases = [
        _Case(dict(ix), *_evaluated(left, right), kinks=kink_conditions((left, right)))
        for ix, left, right in built
    ]
    # Numbers first: a confirmed counterexample settles the claim, and the symbolic ladder
    # would spend most of its time failing on a false claim. The numeric side re-reads the
    # tree in NumPy; SymPy's values are used only to confirm.
    sampled = samples(scope.variables, samples_count, seed)
    exceptional = len(sampled)
    sampled = sampled + _exceptional_points(cases, scope, constraints, sampled, end)
    checked = 0
    counterexample: dict[str, Any] | None = None
    disputed = False  # the numbers settle away from a limit that SymPy does not call wrong
    used_limit = False
    outcomes: list[SymbolicOutcome] = []
    unsettled: list[str] = []
    for case in cases:
        counted, counterexample = _screen(relation, scope, case, sampled)
        checked += counted
        if case.unsettled is not None and counterexample is None:
            index, why = case.unsettled
            shown = _point_text(sampled[index], scope, _only_bound(case))
            where = ", ".join(f"{k} = {v}" for k, v in shown.items())
            unsettled.append(why.format(where=f"at {where}" if where else "at every point"))
            disputed = True
            continue
        if counterexample is not None and not _limit_agrees(case, relation.rel, sampled, scope, end):
            counterexample, disputed = None, True
            continue
        if counterexample is not None:
            break
    for case in cases if counterexample is None and not disputed else ():
        outcome, limit_used = _prove(case, relation.rel, constraints, end)
        used_limit = used_limit or limit_used
        outcomes.append(outcome)
        if outcome.proved is not True:
            # Tiny values never make unequal things equal: without a proof, look at the first
            # points exactly too (exp(-40) = 0 agrees in floats).
            looked = [
                (i, p)
                for i, p in enumerate(sampled)
                if (i < 6 or i >= exceptional) and i not in case.confirmed and i not in case.outside
            ]
            counterexample = _first_confirmed(case, relation.rel, looked, scope)
            first = [(i, p) for i, p in enumerate(sampled[:6]) if i not in case.outside]
            if counterexample is None:
                counterexample = _exactly_refuted(case, relation.rel, first[:_EXACT_POINTS], scope, end)
            if counterexample is None:
                first = [
                    (i, p)
                    for i, p in enumerate(sampled)
                    if (i < 6 or i >= exceptional) and i not in case.outside
                ]
                counterexample = _strict_limit_tie(case, relation.rel, first, scope, end)
            if counterexample is not None and not _limit_agrees(case, relation.rel, sampled, scope, end):
                counterexample, disputed = None, True
            if counterexample is not None:
                break
    kinked = [said for case in cases if (said := _kink_note(case, sampled, scope))]
    if kinked and counterexample is None:
        notes.append(kinked[0])
    if unsettled:
        notes.append(unsettled[0])
    elif disputed:
        notes.append(
            "the numbers settle away from the claimed limit but sympy.limit does not call it wrong: "
            "a limit is refuted only when both do"
        )
    feedback = None
    if counterexample is not None:
        verdict = Verdict.REFUTED
        feedback = mutant_feedback(
            relation,
            scope,
            counterexample["indices"],
            sampled,
            # A result with no variables (a number, E14's bits) matches any claim of the same
            # value: it gives feedback only to an answer checked against it by name.
            [r for r in catalogue_results() if r.vectors or r.assume] if results is None else results,
        )
    elif len(outcomes) == len(cases) and all(o.proved is True for o in outcomes) and checked:
        verdict = Verdict.VERIFIED
    else:
        verdict = Verdict.INCONCLUSIVE
        tried = sorted({t for o in outcomes for t in o.tried if not t.startswith(_UNDECIDED)})
        # Why a limit proved for generic parameters is not proved for all: a note of its own.
        notes.extend(dict.fromkeys(t for o in outcomes for t in o.tried if t.startswith(_UNDECIDED)))
        notes.append("not proved symbolically (tried " + ", ".join(tried) + ")" if tried else "not proved")
        if not checked:
            notes.append("no sample point could be evaluated numerically")
    if used_limit:
        notes.append("limits were computed by sympy.limit and confirmed numerically along a growing sequence")
    methods = sorted({o.method for o in outcomes if o.method}) if verdict is Verdict.VERIFIED else []
    return ClaimResult(
        claim=text,
        read_as=read_as,
        verdict=verdict,
        counterexample=counterexample,
        feedback=feedback,
        seconds=time.perf_counter() - started,
        method=", ".join(methods) or None,
        notes=tuple(notes),
        pretty=drawn,
    )


def _fmt_mp(values: Sequence[Any]) -> str:
    parts = [mpmath.nstr(v, 8) for v in values]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"
