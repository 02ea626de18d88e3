"""Turn a claim's syntax tree into SymPy (for the proof) and evaluate it in NumPy (for the check).

The two interpreters read the same tree independently: the SymPy one builds expressions from
``checks.vocabulary``; the NumPy one calls ``checks.reference`` and takes derivatives by
central differences and limits along a sequence, so the numeric check never evaluates the
SymPy expression it is checking.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from checks import reference as ref
from checks import vocabulary as voc
from checks.claims.syntax import CONSTANTS, ClaimSyntaxError, Node, Relation
from checks.errors import DerivationError
from checks.model import SIMPLEX_KINDS, Kind, Var, limit_side
from checks.numeric.sampling import Sample

#: Integer powers and factorials larger than this many digits stay unevaluated.
MAX_DIGITS = 2000
MAX_SUM_TERMS = 10_000
MAX_ASSIGNMENTS = 64

Vec = tuple[Any, ...]


@dataclass
class Scope:
    """What the names in a claim mean: declared vectors and scalars, index names, softmax ``s``."""

    vectors: dict[str, Var] = field(default_factory=dict)
    scalars: dict[str, Var] = field(default_factory=dict)

    def scalar(self, name: str, kind: Kind = Kind.REAL) -> Var:
        """The variable called ``name``; names not declared are real scalars. A scalar may not
        be called like a vector's entry (``x0`` is ``x[0]`` of a vector ``x``): SymPy would
        read the two as one."""
        if name not in self.scalars:
            stem = name.rstrip("0123456789")
            if stem != name and stem and self.shorthand_softmax(stem) is not None:
                raise ClaimSyntaxError(
                    f"{name!r} would be a scalar of its own beside the softmax shorthand {stem!r}: "
                    f"for an entry write {stem}[{name[len(stem) :]}], or rename the scalar",
                    None,
                )
            head, underscore, _ = name.partition("_")
            if underscore and (head in self.vectors or self.shorthand_softmax(head) is not None):
                rest = name[len(head) + 1 :]
                raise ClaimSyntaxError(
                    f"{name!r} would be a scalar of its own beside the vector {head!r}: for an entry "
                    f"write {head}[{rest}] ({head}_{{{rest}}} in LaTeX), or rename the scalar",
                    None,
                )
            for vector in self.vectors.values():
                for i, symbol in enumerate(vector.symbols):
                    if symbol.name == name:
                        raise ClaimSyntaxError(
                            f"the scalar {name!r} has the name of {vector.name}[{i}], an entry of the "
                            f"vector {vector.name!r}: rename it",
                            None,
                        )
            self.scalars[name] = Var(name, kind)
        return self.scalars[name]

    def shorthand_softmax(self, name: str) -> Var | None:
        """The vector whose softmax ``s`` stands for (one vector declared, no ``s`` of its own)."""
        if name == "s" and "s" not in self.vectors and "s" not in self.scalars and len(self.vectors) == 1:
            return next(iter(self.vectors.values()))
        return None

    @property
    def variables(self) -> tuple[Var, ...]:
        return tuple(self.vectors.values()) + tuple(self.scalars.values())


def _names_in_index_position(node: Node, out: set[str], bound: set[str]) -> None:
    if node.op == "index":
        _names_in_index_position(node.args[0], out, bound)
        out.update(n for n in _free_names(node.args[1]) if n not in bound)
        return
    if node.op == "call" and node.value == "KroneckerDelta":
        for arg in node.args:
            out.update(n for n in _free_names(arg) if n not in bound)
        return
    if node.op == "call" and node.value == "Sum" and node.args[1].op == "tuple":
        var = node.args[1].args[0]
        inner = bound | ({str(var.value)} if var.op == "name" else set())
        _names_in_index_position(node.args[0], out, inner)
        for arg in node.args[1].args[1:]:
            _names_in_index_position(arg, out, bound)
        return
    for arg in node.args:
        _names_in_index_position(arg, out, bound)


def _free_names(node: Node) -> set[str]:
    if node.op == "name":
        return {str(node.value)}
    names: set[str] = set()
    for arg in node.args:
        names |= _free_names(arg)
    return names


def index_names(relation: Relation, scope: Scope) -> list[str]:
    """Names used as subscripts that are not declared variables: they range over the indices."""
    found: set[str] = set()
    for side in (relation.left, relation.right):
        _names_in_index_position(side, found, set())
    return sorted(
        n for n in found if n not in scope.vectors and n not in scope.scalars and n not in CONSTANTS
    )


def assignments(relation: Relation, scope: Scope) -> Iterator[dict[str, int]]:
    """Every assignment of the index names (the claim must hold for each): an index that
    subscripts a vector ranges over its entries 0…size-1; one that subscripts none (only a
    Kronecker delta, say) over the largest vector's."""
    names = index_names(relation, scope)
    if not names:
        yield {}
        return
    if not scope.vectors:
        raise ClaimSyntaxError(f"index {names[0]!r} has no range: declare a vector with --vector", 1)
    largest = max(len(v) for v in scope.vectors.values())
    subscripted: dict[str, dict[str, int]] = {}
    for side in (relation.left, relation.right):
        _subscripts(side, scope, subscripted, set())
    ranges = []
    for name in names:
        sizes = subscripted.get(name, {})
        if UNSIZED in sizes:
            ranges.append(largest)
            continue
        if len(set(sizes.values())) > 1:
            listed = ", ".join(f"{vector} (size {size})" for vector, size in sorted(sizes.items()))
            raise ClaimSyntaxError(f"index {name!r} subscripts vectors of different sizes: {listed}", 1)
        ranges.append(next(iter(sizes.values())) if sizes else largest)
    combos = math.prod(ranges)
    if combos > MAX_ASSIGNMENTS:
        raise ClaimSyntaxError(
            f"{len(names)} free indices over sizes {', '.join(map(str, ranges))} make {combos} cases "
            f"(limit {MAX_ASSIGNMENTS})",
            1,
        )
    for values in itertools.product(*(range(r) for r in ranges)):
        yield dict(zip(names, values, strict=True))


#: Stands for a subscripted vector whose size the index alone does not tell (x[2*i], (y*0)[i]).
UNSIZED = ""


def _subscripts(node: Node, scope: Scope, out: dict[str, dict[str, int]], bound: set[str]) -> None:
    """For each free index name used directly as a subscript (``x[i]``, ``softmax(x)[i]``,
    ``s[i]``): the vectors it subscripts, with their sizes."""
    if node.op == "index":
        vector = _subscripted_vector(node.args[0], scope)
        direct = node.args[1].op == "name"
        for name in _free_names(node.args[1]) - bound:
            # x[i] records x's size; x[2*i] or (y*0)[i] an unknown one (UNSIZED), and then i
            # ranges over the largest vector: an entry out of range is an error, never skipped.
            sized = vector.name if vector is not None and direct else UNSIZED
            out.setdefault(name, {})[sized] = len(vector) if vector is not None and direct else -1
    if node.op == "call" and node.value == "Sum" and len(node.args) == 2 and node.args[1].op == "tuple":
        var = node.args[1].args[0]
        inner = bound | ({str(var.value)} if var.op == "name" else set())
        _subscripts(node.args[0], scope, out, inner)
        for arg in node.args[1].args[1:]:
            _subscripts(arg, scope, out, bound)
        return
    for arg in node.args:
        _subscripts(arg, scope, out, bound)


def _subscripted_vector(base: Node, scope: Scope) -> Var | None:
    if base.op == "name":
        name = str(base.value)
        return scope.vectors.get(name) or scope.shorthand_softmax(name)
    if base.op == "call" and base.value in ("softmax", "softmin") and base.args and base.args[0].op == "name":
        return scope.vectors.get(str(base.args[0].value))
    return None


def _fail(node: Node, message: str) -> ClaimSyntaxError:
    return ClaimSyntaxError(message, node.column)


def _as_int(value: Any, node: Node, what: str) -> int:
    if isinstance(value, sp.Integer | int):
        return int(value)
    if isinstance(value, sp.Rational) and value.q == 1:
        return int(value.p)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _fail(node, f"{what} must be a whole number, got {value}")


class SympyBuilder:
    """Builds SymPy expressions from a claim tree under one index assignment."""

    def __init__(self, scope: Scope, indices: Mapping[str, int]) -> None:
        self.scope = scope
        self.indices = dict(indices)

    def build(self, node: Node) -> Any:
        method: Callable[[Node], Any] = getattr(self, f"_{node.op}")
        return method(node)

    def _num(self, node: Node) -> sp.Expr:
        value = node.value
        assert isinstance(value, Fraction)
        return sp.Rational(value.numerator, value.denominator)

    def _name(self, node: Node) -> Any:
        name = str(node.value)
        if name in self.indices:
            return sp.Integer(self.indices[name])
        if name == "oo":
            return sp.oo
        if name == "pi":
            return sp.pi
        if name == "E":
            return sp.E
        if name in self.scope.vectors:
            return tuple(self.scope.vectors[name].symbols)
        only = self.scope.shorthand_softmax(name)
        if only is not None:
            return tuple(voc.softmax(only.symbols))  # the usual shorthand s = softmax(x)
        return self.scope.scalar(name).sym

    def _vector_of(self, node: Node) -> Vec:
        value = self.build(node)
        if not isinstance(value, tuple):
            raise _fail(node, f"{_describe(node)} is not a vector; declare it with --vector NAME:SIZE")
        return value

    def _index(self, node: Node) -> Any:
        base, index = node.args
        if base.op == "name" and str(base.value) not in self.scope.vectors and base.value != "s":
            # LaTeX y_0 for an undeclared y: a scalar called y_0.
            idx = self.build(index)
            return self.scope.scalar(f"{base.value}_{idx}").sym
        vector = self._vector_of(base)
        i = _as_int(self.build(index), index, "an index")
        if not 0 <= i < len(vector):
            raise _fail(
                index, f"index {i} is out of range for a vector of size {len(vector)} (indices are 0-based)"
            )
        return vector[i]

    def _tuple(self, node: Node) -> Any:
        raise _fail(node, "a tuple is only allowed as the bounds of Sum")

    def _neg(self, node: Node) -> Any:
        return _map1(lambda a: -a, self.build(node.args[0]))

    def _add(self, node: Node) -> Any:
        return _map2(lambda a, b: a + b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _sub(self, node: Node) -> Any:
        return _map2(lambda a, b: a - b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _mul(self, node: Node) -> Any:
        return _map2(lambda a, b: a * b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _div(self, node: Node) -> Any:
        return _map2(lambda a, b: a / b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _pow(self, node: Node) -> Any:
        return _map2(_safe_pow, self.build(node.args[0]), self.build(node.args[1]), node)

    def _call(self, node: Node) -> Any:
        name = str(node.value)
        args = node.args
        if name in ("softmax", "softmin"):
            vec = self._vector_of(args[0])
            return tuple(voc.softmax(vec) if name == "softmax" else voc.softmin(vec))
        if name == "logsumexp":
            return voc.logsumexp(self._vector_of(args[0]))
        if name == "entropy":
            return voc.entropy(self._vector_of(args[0]))
        if name in ("KL", "cross_entropy"):
            p, q = self._vector_of(args[0]), self._vector_of(args[1])
            if len(p) != len(q):
                raise _fail(node, f"{name} needs vectors of the same size, got {len(p)} and {len(q)}")
            return voc.kl(p, q) if name == "KL" else voc.cross_entropy(p, q)
        if name == "Sum":
            return self._sum(node)
        if name == "diff":
            return self._diff(node)
        if name == "limit":
            body = self.build(args[0])
            var = self.build(args[1])
            if not isinstance(var, sp.Symbol):
                raise _fail(args[1], "the limit variable must be a name")
            owner = next((v for v in self.scope.vectors.values() if var in v.symbols), None)
            if owner is not None and owner.kind in SIMPLEX_KINDS:
                raise _fail(
                    args[1], f"a limit cannot move one entry of {owner.name}, which stays on the simplex"
                )
            point = self.build(args[2])
            if not isinstance(point, sp.Basic) or point.free_symbols:
                raise _fail(
                    args[2],
                    "the limit point must be a number or oo (at a symbolic point SymPy "
                    "answers as if the limit always existed)",
                )
            side = str(args[3].value) if len(args) == 4 else None
            try:
                direction = limit_direction(var, point, self.scope, side)
            except DerivationError as exc:
                raise _fail(args[3] if side else args[2], str(exc)) from None
            return _map1(lambda b: sp.Limit(b, var, point, direction), body)
        values = [self.build(a) for a in args]
        if name in ("Max", "Min"):
            flat = [x for v in values for x in (v if isinstance(v, tuple) else (v,))]
            return (sp.Max if name == "Max" else sp.Min)(*flat)
        if name == "log":
            if len(values) == 2:
                base = values[1]
                if isinstance(base, sp.Number) and (base <= 0 or base == 1):
                    raise _fail(args[1], f"the base of a log must be positive and not 1, not {base}")
                return _map1(lambda a: sp.log(a, base), values[0])
            return _map1(sp.log, values[0])
        if name == "factorial":
            return _map1(_safe_factorial, values[0])
        functions: dict[str, Callable[..., Any]] = {
            "exp": sp.exp,
            "ln": sp.log,
            "sqrt": sp.sqrt,
            "tanh": sp.tanh,
            "Abs": sp.Abs,
            "ceiling": sp.ceiling,
            "floor": sp.floor,
            "sigmoid": voc.sigmoid,
            "KroneckerDelta": sp.KroneckerDelta,
        }
        func = functions[name]
        if len(values) == 1:
            return _map1(func, values[0])
        return func(*values)

    def _sum(self, node: Node) -> Any:
        body, bounds = node.args
        if bounds.op != "tuple" or len(bounds.args) != 3 or bounds.args[0].op != "name":
            raise _fail(node, "Sum needs bounds written as (k, first, last)")
        var = str(bounds.args[0].value)
        low = _as_int(self.build(bounds.args[1]), bounds.args[1], "a Sum bound")
        high = _as_int(self.build(bounds.args[2]), bounds.args[2], "a Sum bound")
        if high - low + 1 > MAX_SUM_TERMS:
            raise _fail(node, f"Sum has {high - low + 1} terms; the limit is {MAX_SUM_TERMS}")
        saved = self.indices.get(var)
        total: Any = sp.Integer(0)
        for k in range(low, high + 1):
            self.indices[var] = k
            total = _map2(lambda a, b: a + b, total, self.build(body), node)
        if saved is None:
            self.indices.pop(var, None)
        else:
            self.indices[var] = saved
        return total

    def _diff(self, node: Node) -> Any:
        func = self.build(node.args[0])
        wrt: list[sp.Symbol] = []
        counted = False
        for arg in node.args[1:]:
            value = self.build(arg)
            if isinstance(value, sp.Integer) and wrt and not counted and value >= 0:
                # diff(f, x, k): k times in x, none at all for k = 0 (as SymPy reads it).
                wrt = wrt[:-1] + [wrt[-1]] * int(value)
                counted = True
            elif isinstance(value, sp.Symbol):
                counted = False
                wrt.append(value)
            else:
                raise _fail(arg, "diff differentiates with respect to a variable (a name or x[i])")
        return _map1(lambda f: sp.Derivative(f, *wrt) if wrt else f, func)


def _describe(node: Node) -> str:
    return repr(str(node.value)) if node.op in ("name", "call") else "this expression"


def _map1(func: Callable[[Any], Any], value: Any) -> Any:
    return tuple(func(v) for v in value) if isinstance(value, tuple) else func(value)


def _map2(func: Callable[[Any, Any], Any], a: Any, b: Any, node: Node) -> Any:
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            raise _fail(node, f"vectors of sizes {len(a)} and {len(b)} do not combine")
        return tuple(func(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, tuple):
        return tuple(func(x, b) for x in a)
    if isinstance(b, tuple):
        return tuple(func(a, y) for y in b)
    return func(a, b)


def _safe_pow(base: Any, exponent: Any) -> Any:
    """``base**exponent``, left unevaluated when the exact value would be astronomically large."""
    if isinstance(base, sp.Number) and isinstance(exponent, sp.Number):
        magnitude = (
            abs(float(exponent)) * math.log10(abs(float(base)) + 2) if exponent.is_finite else math.inf
        )
        if magnitude > MAX_DIGITS:
            return sp.Pow(base, exponent, evaluate=False)
    elif isinstance(exponent, sp.Pow) and not exponent.is_Atom and exponent.args[0].is_Number:
        return sp.Pow(base, exponent, evaluate=False)
    return base**exponent


def _safe_factorial(value: Any) -> Any:
    if isinstance(value, sp.Integer) and int(value) > 500:
        return sp.factorial(value, evaluate=False)
    return sp.factorial(value)


# -- the independent NumPy interpreter --------------------------------------------------------


def _factorial(value: float) -> float:
    return math.gamma(value + 1) if value < 171 else math.inf


_FACTORIAL = np.frompyfunc(_factorial, 1, 1)

#: Where a numeric limit to infinity is sampled, and the steps of a limit at a finite point.
LIMIT_SEQUENCE = (1e2, 1e3, 1e4, 1e5, 1e6)
FINITE_LIMIT_STEPS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)
_H = 1e-5


class NumpyEvaluator:
    """Evaluates a claim tree in NumPy (floats), independently of SymPy: at one point, or with
    ``rows`` at that many points at once, where every value is 2-D, one row per point (a
    scalar is a column, a vector's entries run along the row)."""

    def __init__(
        self,
        scope: Scope,
        indices: Mapping[str, int],
        point: Mapping[str, np.ndarray],
        rows: int | None = None,
        outside: _Outside | None = None,
    ) -> None:
        self.scope = scope
        self.indices = dict(indices)
        self.rows = rows
        # Shared by the evaluators of shifted points (derivatives, limits): where a value left
        # the reals on the way (sqrt or log of a negative, a fractional power of one).
        self.outside = outside if outside is not None else _Outside()
        self.axis = None if rows is None else -1  # what a function of a vector reduces over
        self.point = {k: np.array(v, dtype=float) for k, v in point.items()}
        if rows is not None:
            self.point = {k: v.reshape(rows, -1) for k, v in self.point.items()}

    def value(self, node: Node) -> Any:
        method: Callable[[Node], Any] = getattr(self, f"_{node.op}")
        return method(node)

    def _num(self, node: Node) -> float:
        assert isinstance(node.value, Fraction)
        return float(node.value)

    def _name(self, node: Node) -> Any:
        name = str(node.value)
        if name in self.indices:
            return float(self.indices[name])
        constants = {"oo": math.inf, "pi": math.pi, "E": math.e}
        if name in constants:
            return constants[name]
        if name in self.scope.vectors:
            return self.point[name]
        only = self.scope.shorthand_softmax(name)
        if only is not None:
            return ref.softmax(self.point[only.name], self.axis)
        return self._scalar(name)

    def _scalar(self, key: str) -> Any:
        return float(self.point[key]) if self.rows is None else self.point[key]

    def _vector_of(self, node: Node) -> np.ndarray:
        return np.asarray(self.value(node), dtype=float)

    def _entry(self, vector: np.ndarray, at: int) -> Any:
        """Entry ``at`` of a vector (of each row's vector, as a column, with ``rows``)."""
        return vector[at] if self.rows is None else vector[:, [at]]

    def _location(self, node: Node) -> tuple[str, int | None]:
        """Which coordinate a variable node names: (name, entry) or (name, None) for a scalar."""
        if node.op == "name":
            return str(node.value), None
        if node.op == "index" and node.args[0].op == "name":
            name = str(node.args[0].value)
            idx = int(self.value(node.args[1]))
            if name not in self.scope.vectors:
                return f"{name}_{sp.Integer(idx)}", None
            return name, idx
        raise _fail(node, "not a variable")

    def _index(self, node: Node) -> Any:
        base, index = node.args
        if base.op == "name" and str(base.value) not in self.scope.vectors and base.value != "s":
            return self._scalar(f"{base.value}_{sp.Integer(int(self.value(index)))}")
        return self._entry(self._vector_of(base), int(self.value(index)))

    def _tuple(self, node: Node) -> Any:
        raise _fail(node, "a tuple is only allowed as the bounds of Sum")

    def _neg(self, node: Node) -> Any:
        return -self.value(node.args[0])

    def _add(self, node: Node) -> Any:
        return self.value(node.args[0]) + self.value(node.args[1])

    def _sub(self, node: Node) -> Any:
        return self.value(node.args[0]) - self.value(node.args[1])

    def _mul(self, node: Node) -> Any:
        return self.value(node.args[0]) * self.value(node.args[1])

    def _div(self, node: Node) -> Any:
        return np.divide(self.value(node.args[0]), self.value(node.args[1]))

    def _pow(self, node: Node) -> Any:
        base = np.asarray(self.value(node.args[0]), dtype=float)
        exponent = self.value(node.args[1])
        fractional = (base < 0) & (np.asarray(exponent) != np.round(np.asarray(exponent)))
        # (-8)^(1/3) is -2 to a reader and 1 + 1.73i to SymPy: a claim seen there is undecided.
        self._mark(fractional)
        self._mark(fractional, ambiguous=True)
        return np.power(base, exponent)

    def _mark(self, leaves_reals: Any, ambiguous: bool = False) -> None:
        """Record the points where a value has just left the reals (see :class:`_Outside`), or
        with ``ambiguous`` where it has a real reading SymPy does not take."""
        cond = np.asarray(leaves_reals, dtype=bool)
        before = self.outside.ambiguous if ambiguous else self.outside.mask
        if self.rows is None:
            after: Any = bool(np.any(before) or cond.any())
        else:
            try:
                shaped = np.broadcast_to(cond, (self.rows, *cond.shape[1:]))
                per_row = shaped.reshape(self.rows, -1).any(axis=1)
            except ValueError:
                per_row = np.full(self.rows, bool(cond.any()))
            after = np.logical_or(before, per_row)
        if ambiguous:
            self.outside.ambiguous = after
        else:
            self.outside.mask = after

    def _call(self, node: Node) -> Any:
        name = str(node.value)
        args = node.args
        axis = self.axis
        if name == "softmax":
            return ref.softmax(self._vector_of(args[0]), axis)
        if name == "softmin":
            return ref.softmin(self._vector_of(args[0]), axis)
        if name == "logsumexp":
            return ref.logsumexp(self._vector_of(args[0]), axis)
        if name == "entropy":
            return ref.entropy(self._vector_of(args[0]), axis)
        if name == "KL":
            return ref.kl(self._vector_of(args[0]), self._vector_of(args[1]), axis)
        if name == "cross_entropy":
            return ref.cross_entropy_probs(self._vector_of(args[0]), self._vector_of(args[1]), axis)
        if name == "Sum":
            return self._sum(node)
        if name == "diff":
            return self._diff(node.args[0], list(node.args[1:]))
        if name == "limit":
            return self._limit(node)
        if name in ("log", "ln") and len(args) == 1:
            stable = self._log_of_exps(args[0])
            if stable is not None:
                return stable
        values = [self.value(a) for a in args]
        if name in ("Max", "Min"):
            pick = np.max if name == "Max" else np.min
            if self.rows is None:
                return float(pick(np.concatenate([np.ravel(v) for v in values])))
            flat = np.concatenate(
                [np.broadcast_to(v, (self.rows, np.shape(v)[-1] if np.ndim(v) else 1)) for v in values],
                axis=1,
            )
            return pick(flat, axis=1, keepdims=True)
        if name in ("log", "ln", "sqrt"):
            for value in values:  # log 0 is no real number either
                v = np.asarray(value, dtype=float)
                self._mark(v < 0 if name == "sqrt" else v <= 0)
        if name == "log":
            return np.log(values[0]) / (np.log(values[1]) if len(values) == 2 else 1.0)
        if name == "factorial":
            return (
                np.asarray(_FACTORIAL(values[0]), dtype=float)
                if self.rows is not None
                else _factorial(values[0])
            )
        if name == "KroneckerDelta":
            return (
                np.where(np.equal(values[0], values[1]), 1.0, 0.0)
                if self.rows is not None
                else (1.0 if values[0] == values[1] else 0.0)
            )
        functions: dict[str, Callable[[Any], Any]] = {
            "exp": np.exp,
            "ln": np.log,
            "sqrt": np.sqrt,
            "tanh": np.tanh,
            "Abs": np.abs,
            "ceiling": np.ceil,
            "floor": np.floor,
            "sigmoid": ref.sigmoid,
        }
        return functions[name](values[0])

    def _log_of_exps(self, node: Node) -> Any:
        """``log(e^{u} + e^{v} + c)`` as a log-sum-exp of its exponents, which does not
        overflow when a limit's sequence drives ``u`` to 10^6 (None: not of that form)."""
        terms: list[Node] = []
        stack = [node]
        while stack:
            term = stack.pop()
            if term.op == "add":
                stack.extend(term.args)
            else:
                terms.append(term)
        exps = [t.args[0] for t in terms if t.op == "call" and t.value == "exp" and len(t.args) == 1]
        consts = [t.value for t in terms if t.op == "num" and isinstance(t.value, Fraction) and t.value > 0]
        if len(terms) < 2 or len(exps) + len(consts) != len(terms):
            return None
        exponents = [self.value(e) for e in exps] + [
            math.log(c.numerator) - math.log(c.denominator) for c in consts
        ]
        return functools.reduce(np.logaddexp, exponents)

    def _sum(self, node: Node) -> Any:
        body, bounds = node.args
        var = str(bounds.args[0].value)
        low, high = int(self.value(bounds.args[1])), int(self.value(bounds.args[2]))
        saved = self.indices.get(var)
        total: Any = 0.0
        for k in range(low, high + 1):
            self.indices[var] = k
            total = total + self.value(body)
        if saved is None:
            self.indices.pop(var, None)
        else:
            self.indices[var] = saved
        return total

    def _at(self, location: tuple[str, int | None], delta: Any) -> NumpyEvaluator:
        name, idx = location
        point = dict(self.point)
        moved = np.array(point[name], dtype=float)
        if idx is None:
            moved = moved + delta
        elif self.rows is None:
            moved[idx] += delta
        else:
            moved[:, idx] += np.ravel(delta)
        point[name] = moved
        other = NumpyEvaluator(self.scope, self.indices, {}, self.rows, self.outside)
        other.point = point
        return other

    def _diff(self, func: Node, wrt: list[Node]) -> Any:
        """Central differences, one variable at a time (nested for higher orders); a count
        after a variable repeats it (0: no derivative in it), as in SymPy."""
        if any(w.op == "num" for w in wrt):
            expanded: list[Node] = []
            for w in wrt:
                if w.op == "num" and expanded:
                    expanded = expanded[:-1] + [expanded[-1]] * int(self.value(w))
                else:
                    expanded.append(w)
            wrt = expanded
        if not wrt:
            return self.value(func)
        location = self._location(wrt[0])
        name, idx = location
        if self.rows is None:
            h: Any = _H * max(1.0, abs(float(np.ravel(self.point[name])[idx or 0])))
        else:
            h = _H * np.maximum(1.0, np.abs(self.point[name][:, [idx or 0]]))
        plus = self._at(location, h)._diff(func, wrt[1:])
        minus = self._at(location, -h)._diff(func, wrt[1:])
        return (np.asarray(plus) - np.asarray(minus)) / (2 * h)

    def _limit(self, node: Node) -> Any:
        body, var, target = node.args[:3]
        side = str(node.args[3].value) if len(node.args) == 4 else None
        location = self._location(var)
        goal = self.value(target)
        values = []
        if math.isinf(goal):
            sides = [[math.copysign(t, goal) for t in LIMIT_SEQUENCE]]
        else:
            name, entry = location
            symbol = self.scope.scalar(name).sym if entry is None else self.scope.vectors[name].symbols[entry]
            direction = limit_direction(symbol, sp.nsimplify(goal), self.scope, side)
            signs = {"+": (1,), "-": (-1,), "+-": (1, -1)}[direction]
            sides = [[goal + sign * t for t in FINITE_LIMIT_STEPS] for sign in signs]
        # Each side keeps its own record of leaving the reals: x log x at 0 is real only from the
        # right, and that side alone gives the limit; it is outside only if no side is real.
        outs = []
        for steps in sides:
            record = _Outside()
            for t in steps:
                last = self._set(location, t, record).value(body)
            values.append(np.asarray(last, dtype=float))
            outs.append(self._row_mask(record.mask))
        if len(values) == 1:
            self._mark(outs[0])
            return values[0]
        right, left = values
        inside = ~outs[0] & ~outs[1]
        apart = (np.abs(right - left) > 1e-3 * (1 + np.abs(right))) & inside
        if np.any(apart):
            raise LimitSidesApart(f"from the left and from the right of {goal} the numbers settle apart")
        self._mark(outs[0] & outs[1])
        return np.where(outs[0], left, right)

    def _row_mask(self, mask: Any) -> Any:
        """A record of leaving the reals shaped to select rows of a value (a bool for one point)."""
        if self.rows is None:
            return np.bool_(np.any(mask))
        return np.broadcast_to(np.asarray(mask, dtype=bool), (self.rows,)).reshape(self.rows, 1)

    def _set(
        self, location: tuple[str, int | None], value: float, outside: _Outside | None = None
    ) -> NumpyEvaluator:
        """This evaluator with the variable at ``location`` (a scalar or a vector's entry) at ``value``."""
        name, entry = location
        point = dict(self.point)
        moved = np.array(point[name], dtype=float)
        if entry is None:
            moved = np.full_like(moved, value)
        elif self.rows is None:
            moved[entry] = value
        else:
            moved[:, entry] = value
        point[name] = moved
        other = NumpyEvaluator(self.scope, self.indices, {}, self.rows, outside or self.outside)
        other.point = point
        return other


class LimitSidesApart(ValueError):
    """A two-sided limit whose numbers settle apart from the left and from the right: at
    that point the limit does not exist, whatever SymPy answers."""


def limit_direction(var: sp.Symbol, point: Any, scope: Scope, side: str | None = None) -> str:
    """From where ``var`` approaches a finite ``point``: both sides unless its assumptions keep
    it on one (``--assume "x > 0"`` at 0: from the right; ``"0 < p < 1"`` at 1: from below),
    or the claim names one (``side``: ``limit(f, x, 0, '+')``, ``\\lim_{x \\to 0^+}``)."""
    declared = next((v for v in scope.scalars.values() if v.sym == var), None)
    natural = limit_side(var, point, declared.kind if declared is not None else None)
    if side is None or side == natural or side == "+-":
        return natural
    if natural == "+-":
        return side
    where = "above" if natural == "+" else "below"
    raise DerivationError(f"{var} comes to {point} only from {where}: the side '{side}' is never reached")


def sympy_sides(relation: Relation, scope: Scope, indices: Mapping[str, int]) -> tuple[Any, Any]:
    """The two sides as SymPy objects under one index assignment."""
    builder = SympyBuilder(scope, indices)
    return builder.build(relation.left), builder.build(relation.right)


class _Outside:
    """Where an evaluation left the reals (``mask``), and where among those a real reading
    exists that SymPy does not take (``ambiguous``: a cube root of a negative): True or
    False for one point, a boolean per row for many."""

    def __init__(self) -> None:
        self.mask: Any = False
        self.ambiguous: Any = False


def numpy_sides(
    relation: Relation, scope: Scope, indices: Mapping[str, int], point: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """The two sides evaluated in NumPy at ``point``, whether a value left the reals on the
    way (sqrt(a)·sqrt(b) at a, b < 0: such a point is no evidence about a real claim), and
    whether it did where a real reading exists (see :class:`_Outside`)."""
    evaluator = NumpyEvaluator(scope, indices, point)
    with np.errstate(all="ignore"):
        left = np.asarray(evaluator.value(relation.left), dtype=float)
        right = np.asarray(evaluator.value(relation.right), dtype=float)
    return left, right, bool(np.any(evaluator.outside.mask)), bool(np.any(evaluator.outside.ambiguous))


def numpy_rows(
    node: Node, scope: Scope, indices: Mapping[str, int], columns: Mapping[str, np.ndarray], rows: int
) -> np.ndarray:
    """``node`` at ``rows`` points at once: shape (rows, entries), a scalar being one entry.

    ``columns`` holds each variable's values stacked point by point (see :func:`stack_points`).
    Raises what the one-point evaluator raises, and ``ValueError`` where the values of the
    points do not stack (an index that is itself a variable, say): the caller then goes point
    by point.
    """
    return numpy_rows_in_reals(node, scope, indices, columns, rows)[0]


def numpy_rows_in_reals(
    node: Node, scope: Scope, indices: Mapping[str, int], columns: Mapping[str, np.ndarray], rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`numpy_rows`, and for each row whether a value left the reals on the way, and
    whether it did where a real reading exists (see :class:`_Outside`)."""
    evaluator = NumpyEvaluator(scope, indices, columns, rows)
    with np.errstate(all="ignore"):
        value = np.asarray(evaluator.value(node), dtype=float)
    outside = np.broadcast_to(np.asarray(evaluator.outside.mask, dtype=bool), (rows,))
    ambiguous = np.broadcast_to(np.asarray(evaluator.outside.ambiguous, dtype=bool), (rows,))
    if value.ndim == 0:
        return np.full((rows, 1), float(value)), outside, ambiguous
    if value.ndim != 2 or value.shape[0] != rows:
        raise ValueError(f"the values at {rows} points do not stack (shape {value.shape})")
    return value, outside, ambiguous


def stack_points(points: Sequence[Sample], variables: Sequence[Var]) -> dict[str, np.ndarray]:
    """Each variable's float values, one row per point."""
    return {
        v.name: np.array([[float(q) for q in p.values[v.name]] for p in points], dtype=float).reshape(
            len(points), -1
        )
        for v in variables
    }


def numpy_value(
    node: Node, scope: Scope, indices: Mapping[str, int], point: Mapping[str, np.ndarray]
) -> np.ndarray:
    """One expression evaluated in NumPy at ``point``."""
    with np.errstate(all="ignore"):
        return np.asarray(NumpyEvaluator(scope, indices, point).value(node), dtype=float)
