"""Node edits: what a mutation does to the one node its site points at (and how it says so)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp


@dataclass(frozen=True)
class Negate:
    """``t → -t``: the sign of a term (or of a whole entry) flipped."""

    kind: str  # the node's class name, checked at every size

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return type(node).__name__ == self.kind

    def apply(self, node: sp.Basic) -> sp.Basic:
        return -node

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"negate {_s(node)}"


@dataclass(frozen=True)
class Drop:
    """A term of a sum replaced by 0."""

    kind: str

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return type(node).__name__ == self.kind and isinstance(parent, sp.Add)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return sp.S.Zero

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"drop the term {_s(node)}"


@dataclass(frozen=True)
class ReplaceAtom:
    """One occurrence of an atom (an entry ``x0``, ``x[i]``) replaced by another."""

    old: sp.Basic
    new: sp.Basic
    what: str = "entry"

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return bool(node == self.old)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return self.new

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"{self.what} {self.old} → {self.new} (one occurrence)"


@dataclass(frozen=True)
class Exponent:
    """``b**e → b**e'``."""

    old: sp.Basic
    new: sp.Basic

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return isinstance(node, sp.Pow) and bool(node.exp == self.old)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return sp.Pow(node.base, self.new)

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"exponent {self.old} → {self.new} in {_s(node)}"


@dataclass(frozen=True)
class Constant:
    """A number ``c → c'`` (not an exponent, an index or a bound)."""

    old: sp.Basic
    new: sp.Basic

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return isinstance(node, sp.Number) and bool(node == self.old)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return self.new

    def describe(self, node: sp.Basic, parent: Any) -> str:
        where = f" in {_s(parent)}" if isinstance(parent, sp.Basic) else ""
        return f"constant {self.old} → {self.new}{where}"


@dataclass(frozen=True)
class Swap:
    """Two entries or indices exchanged throughout one subexpression (``i ↔ j``)."""

    a: sp.Basic
    b: sp.Basic
    kind: str

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return type(node).__name__ == self.kind and node.has(self.a) and node.has(self.b)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return node.xreplace({self.a: self.b, self.b: self.a})

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"{self.a} ↔ {self.b} in {_s(node)}"


@dataclass(frozen=True)
class MaxMin:
    """``Max ↔ Min``."""

    kind: str  # "Max" or "Min"

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return type(node).__name__ == self.kind

    def apply(self, node: sp.Basic) -> sp.Basic:
        return (sp.Min if self.kind == "Max" else sp.Max)(*node.args)

    def describe(self, node: sp.Basic, parent: Any) -> str:
        other = "Min" if self.kind == "Max" else "Max"
        return f"{self.kind} → {other} in {_s(node)}"


@dataclass(frozen=True)
class DiffVar:
    """The first differentiation variable equal to ``old`` becomes ``new``."""

    old: sp.Basic
    new: sp.Basic

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return isinstance(node, sp.Derivative) and self.old in node.variables

    def apply(self, node: sp.Basic) -> sp.Basic:
        variables = list(node.variables)
        variables[variables.index(self.old)] = self.new
        return sp.Derivative(node.expr, *variables)

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"∂/∂{self.old} → ∂/∂{self.new} in {_s(node)}"


@dataclass(frozen=True)
class SumBound:
    """A bound of a Σ moved inward: lower ``a → a + 1`` or upper ``b → b - 1``."""

    limit: int  # which of the Sum's limits
    bound: str  # "lower" or "upper"

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return isinstance(node, sp.Sum) and len(node.limits) > self.limit

    def apply(self, node: sp.Basic) -> sp.Basic:
        limits = [tuple(lim) for lim in node.limits]
        var, lo, hi = limits[self.limit]
        limits[self.limit] = (var, lo + 1, hi) if self.bound == "lower" else (var, lo, hi - 1)
        return sp.Sum(node.function, *limits)

    def describe(self, node: sp.Basic, parent: Any) -> str:
        var, lo, hi = node.limits[self.limit]
        change = f"{lo} → {lo + 1}" if self.bound == "lower" else f"{hi} → {hi - 1}"
        return f"Σ over {var}: {self.bound} bound {change} in {_s(node)}"


@dataclass(frozen=True)
class DeltaTo:
    """``δ_ij → 0`` or ``→ 1`` (the Kronecker delta removed)."""

    value: int

    def matches(self, node: sp.Basic, parent: Any) -> bool:
        return isinstance(node, sp.KroneckerDelta)

    def apply(self, node: sp.Basic) -> sp.Basic:
        return sp.Integer(self.value)

    def describe(self, node: sp.Basic, parent: Any) -> str:
        return f"{_s(node)} → {self.value}"


Edit = Negate | Drop | ReplaceAtom | Exponent | Constant | Swap | MaxMin | DiffVar | SumBound | DeltaTo


def _s(expr: Any, limit: int = 60) -> str:
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"
