"""The claim's tree in NumPy (for the numeric check), independent of SymPy: ``checks.reference``,
central differences for derivatives, sequences for limits."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

import checks.reference as ref
from checks.claims.scope import Scope, fail, limit_direction
from checks.claims.syntax import Node, Relation
from checks.model import Var
from checks.numeric.sampling import Sample


def _factorial(value: float) -> float:
    return math.gamma(value + 1) if value < 171 else math.inf


_FACTORIAL = np.frompyfunc(_factorial, 1, 1)


#: Where a numeric limit to infinity is sampled, and the steps of a limit at a finite point.
LIMIT_SEQUENCE = (1e2, 1e3, 1e4, 1e5, 1e6)


FINITE_LIMIT_STEPS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)


_H = 1e-5


#: The vocabulary's functions of whole vectors, in NumPy (each takes the vectors, then the axis).
_OF_VECTORS: dict[str, Callable[..., Any]] = {
    "softmax": ref.softmax,
    "softmin": ref.softmin,
    "logsumexp": ref.logsumexp,
    "entropy": ref.entropy,
    "KL": ref.kl,
    "cross_entropy": ref.cross_entropy_probs,
}


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
        raise fail(node, "not a variable")

    def _index(self, node: Node) -> Any:
        base, index = node.args
        if base.op == "name" and str(base.value) not in self.scope.vectors and base.value != "s":
            return self._scalar(f"{base.value}_{sp.Integer(int(self.value(index)))}")
        return self._entry(self._vector_of(base), int(self.value(index)))

    def _tuple(self, node: Node) -> Any:
        raise fail(node, "a tuple is only allowed as the bounds of Sum")

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
        if name in _OF_VECTORS:
            return _OF_VECTORS[name](*(self._vector_of(a) for a in args), axis)
        if name in ("Sum", "Product"):
            return self._sum(node)
        if name == "diff":
            return self._diff(node.args[0], list(node.args[1:]))
        if name == "grad":
            return self._grad(node)
        if name == "limit":
            return self._limit(node)
        if name in ("log", "ln") and len(args) == 1:
            stable = self._log_of_exps(args[0])
            if stable is not None:
                return stable
        values = [self.value(a) for a in args]
        if name in ("Max", "Min"):
            return self._extreme(np.max if name == "Max" else np.min, values)
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

    def _extreme(self, pick: Callable[..., Any], values: list[Any]) -> Any:
        """Max or Min of every entry of every argument, row by row."""
        if self.rows is None:
            return float(pick(np.concatenate([np.ravel(v) for v in values])))
        flat = np.concatenate(
            [np.broadcast_to(v, (self.rows, np.shape(v)[-1] if np.ndim(v) else 1)) for v in values],
            axis=1,
        )
        return pick(flat, axis=1, keepdims=True)

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
        product = node.value == "Product"
        total: Any = 1.0 if product else 0.0
        for k in range(low, high + 1):
            self.indices[var] = k
            total = total * self.value(body) if product else total + self.value(body)
        if saved is None:
            self.indices.pop(var, None)
        else:
            self.indices[var] = saved
        return total

    def _grad(self, node: Node) -> Any:
        """``grad(f, x)``: a central difference of f in each entry of x, along the row."""
        func, vector = node.args
        size = len(self.scope.vectors[str(vector.value)])
        partials = [
            self._diff(func, [Node("index", (vector, Node("num", value=Fraction(k))))]) for k in range(size)
        ]
        if self.rows is None:
            return np.array([float(np.ravel(p)[0]) for p in partials])
        return np.concatenate([np.broadcast_to(p, (self.rows, 1)) for p in partials], axis=1)

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
