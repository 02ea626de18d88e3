"""The claim's tree in SymPy (for the proof), built from ``checks.vocabulary``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

import checks.vocabulary as voc
from checks.claims.scope import (
    MAX_SUM_TERMS,
    Scope,
    Vec,
    fail,
    limit_direction,
    map1,
    map2,
    safe_factorial,
    safe_pow,
)
from checks.claims.syntax import Node, Relation
from checks.errors import DerivationError
from checks.model import SIMPLEX_KINDS
from checks.numeric.rounding import exact_ceiling, exact_floor


def _as_int(value: Any, node: Node, what: str) -> int:
    if isinstance(value, sp.Integer | int):
        return int(value)
    if isinstance(value, sp.Rational) and value.q == 1:
        return int(value.p)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise fail(node, f"{what} must be a whole number, got {value}")


class SympyBuilder:
    """Builds SymPy expressions from a claim tree under one index assignment."""

    def __init__(self, scope: Scope, indices: Mapping[str, int], base: int = 0) -> None:
        self.scope = scope
        self.indices = dict(indices)
        self.base = base  # 1 for a claim read 1-based: messages count entries from 1

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
            raise fail(node, f"{_describe(node)} is not a vector; declare it with --vector NAME:SIZE")
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
            raise fail(
                index,
                f"index {i + self.base} is out of range for a vector of size {len(vector)} "
                f"(indices are {self.base}-based)",
            )
        return vector[i]

    def _tuple(self, node: Node) -> Any:
        raise fail(node, "a tuple is only allowed as the bounds of Sum")

    def _neg(self, node: Node) -> Any:
        return map1(lambda a: -a, self.build(node.args[0]))

    def _add(self, node: Node) -> Any:
        return map2(lambda a, b: a + b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _sub(self, node: Node) -> Any:
        return map2(lambda a, b: a - b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _mul(self, node: Node) -> Any:
        left, right = self.build(node.args[0]), self.build(node.args[1])
        if isinstance(left, tuple) and isinstance(right, tuple):
            # x · y between two vectors is their dot product in every textbook; entry by entry it
            # is a vector. Neither is guessed.
            raise fail(
                node,
                "a product of two vectors reads as their dot product or entry by entry: write "
                "Sum(x[j]*y[j], (j, 0, n-1)) (\\sum_j x_j y_j) for the dot product, x[j]*y[j] for an entry",
            )
        return map2(lambda a, b: a * b, left, right, node)

    def _div(self, node: Node) -> Any:
        return map2(lambda a, b: a / b, self.build(node.args[0]), self.build(node.args[1]), node)

    def _pow(self, node: Node) -> Any:
        return map2(safe_pow, self.build(node.args[0]), self.build(node.args[1]), node)

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
                raise fail(node, f"{name} needs vectors of the same size, got {len(p)} and {len(q)}")
            return voc.kl(p, q) if name == "KL" else voc.cross_entropy(p, q)
        if name in ("Sum", "Product"):
            return self._sum(node)
        if name == "diff":
            return self._diff(node)
        if name == "grad":
            return self._grad(node)
        if name == "limit":
            return self._limit(node)
        values = [self.build(a) for a in args]
        if name in ("Max", "Min"):
            flat = [x for v in values for x in (v if isinstance(v, tuple) else (v,))]
            return (sp.Max if name == "Max" else sp.Min)(*flat)
        if name == "log":
            if len(values) == 2:
                base = values[1]
                if isinstance(base, sp.Number) and (base <= 0 or base == 1):
                    raise fail(args[1], f"the base of a log must be positive and not 1, not {base}")
                return map1(lambda a: sp.log(a, base), values[0])
            return map1(sp.log, values[0])
        if name == "factorial":
            return map1(safe_factorial, values[0])
        functions: dict[str, Callable[..., Any]] = {
            "exp": sp.exp,
            "ln": sp.log,
            "sqrt": sp.sqrt,
            "tanh": sp.tanh,
            "Abs": sp.Abs,
            "ceiling": exact_ceiling,  # not SymPy's: it rounds from a few digits
            "floor": exact_floor,
            "sigmoid": voc.sigmoid,
            "KroneckerDelta": sp.KroneckerDelta,
        }
        func = functions[name]
        if name == "Abs" and len(values) == 1 and isinstance(values[0], tuple):
            # |x| of a vector is its norm to one reader and each entry's |x_j| to another.
            raise fail(
                node,
                "|x| of a vector reads as its norm or entry by entry: write sqrt(Sum(x[j]**2, (j, 0, n-1))) "
                "(\\sqrt{\\sum_j x_j^2}) for the norm, Abs(x[j]) (|x_j|) for an entry",
            )
        if len(values) == 1:
            return map1(func, values[0])
        return func(*values)

    def _limit(self, node: Node) -> Any:
        """``limit(f, x, point[, side])``: a scalar variable (never one entry of the simplex), a
        number or oo for the point (at a symbolic point SymPy answers as if the limit existed)."""
        args = node.args
        body = self.build(args[0])
        var = self.build(args[1])
        if not isinstance(var, sp.Symbol):
            raise fail(args[1], "the limit variable must be a name")
        owner = next((v for v in self.scope.vectors.values() if var in v.symbols), None)
        if owner is not None and owner.kind in SIMPLEX_KINDS:
            raise fail(args[1], f"a limit cannot move one entry of {owner.name}, which stays on the simplex")
        point = self.build(args[2])
        if not isinstance(point, sp.Basic) or point.free_symbols:
            raise fail(
                args[2],
                "the limit point must be a number or oo (at a symbolic point SymPy "
                "answers as if the limit always existed)",
            )
        side = str(args[3].value) if len(args) == 4 else None
        try:
            direction = limit_direction(var, point, self.scope, side)
        except DerivationError as exc:
            raise fail(args[3] if side else args[2], str(exc)) from None
        return map1(lambda b: sp.Limit(b, var, point, direction), body)

    def _sum(self, node: Node) -> Any:
        """``Sum`` or ``Product`` over whole-number bounds, term by term."""
        body, bounds = node.args
        kind = str(node.value)
        if bounds.op != "tuple" or len(bounds.args) != 3 or bounds.args[0].op != "name":
            raise fail(node, f"{kind} needs bounds written as (k, first, last)")
        var = str(bounds.args[0].value)
        low, high = (self._bound(b, kind) for b in bounds.args[1:])
        if high - low + 1 > MAX_SUM_TERMS:
            raise fail(node, f"{kind} has {high - low + 1} terms; the limit is {MAX_SUM_TERMS}")
        saved = self.indices.get(var)
        total: Any = sp.Integer(0 if kind == "Sum" else 1)
        combine: Callable[[Any, Any], Any] = (lambda a, b: a + b) if kind == "Sum" else (lambda a, b: a * b)
        for k in range(low, high + 1):
            self.indices[var] = k
            total = map2(combine, total, self.build(body), node)
        if saved is None:
            self.indices.pop(var, None)
        else:
            self.indices[var] = saved
        return total

    def _bound(self, bound: Node, kind: str) -> int:
        value = self.build(bound)
        if isinstance(value, sp.Basic) and value.free_symbols:
            raise fail(
                bound,
                f"the bound {value} of the {kind} is symbolic: declare its size (--size {value}:N) "
                "or write a number",
            )
        return _as_int(value, bound, f"a {kind} bound")

    def _grad(self, node: Node) -> Any:
        """``grad(f, x)``: the vector of the partials of the scalar f by each entry of x."""
        func = self.build(node.args[0])
        if isinstance(func, tuple):
            raise fail(node, "the gradient is taken of a scalar: for a vector, write each partial")
        variables = self._vector_of(node.args[1])
        if not all(isinstance(v, sp.Symbol) for v in variables):
            raise fail(node.args[1], "the gradient is taken by a declared vector's entries")
        return tuple(sp.Derivative(func, v) for v in variables)

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
                raise fail(arg, "diff differentiates with respect to a variable (a name or x[i])")
        return map1(lambda f: sp.Derivative(f, *wrt) if wrt else f, func)


def _describe(node: Node) -> str:
    return repr(str(node.value)) if node.op in ("name", "call") else "this expression"


def sympy_sides(relation: Relation, scope: Scope, indices: Mapping[str, int]) -> tuple[Any, Any]:
    """The two sides as SymPy objects under one index assignment."""
    builder = SympyBuilder(scope, indices, relation.index_base)
    return builder.build(relation.left), builder.build(relation.right)
