"""A claim tree (as the claim reader leaves it: 0-based, or 1-based as a document's is) in SymPy
over vectors of symbolic length ``n``: ``sympy.IndexedBase`` entries and ``Sum`` from 0 to
n - 1, for the all-n proof."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from checks import vocabulary as voc
from checks.claims.syntax import Node
from checks.model import SIMPLEX_KINDS, N, Var, Vec, index
from checks.model.kinds import Kind


class NotGeneral(ValueError):
    """The tree has a form the all-n builder does not take (a whole vector as a value, a limit)."""


_SCALAR: dict[str, Callable[..., Any]] = {
    "exp": sp.exp,
    "ln": sp.log,
    "sqrt": sp.sqrt,
    "tanh": sp.tanh,
    "Abs": sp.Abs,
    "sigmoid": voc.sigmoid,
    "KroneckerDelta": sp.KroneckerDelta,
}


class IndexedBuilder:
    """Builds one side of a link: vectors are :class:`~checks.model.Vec` of length n (the
    document's size symbol), scalars :class:`~checks.model.Var`, free indices
    :func:`~checks.model.index` symbols, which run over 0…n - 1: in a tree read 1-based
    (``base`` 1) a free index j, running over 1…n, is the symbol plus one, and a Kronecker
    delta compares its arguments less one (δ_{ij} of 1-based i, j is δ of the 0-based)."""

    def __init__(
        self,
        vectors: Mapping[str, Kind],
        scalars: Mapping[str, Kind],
        free: tuple[str, ...],
        size_symbol: str | None,
        base: int = 0,
    ) -> None:
        self.vectors = {name: Vec(name, kind) for name, kind in vectors.items()}
        self.scalars = {name: Var(name, kind) for name, kind in scalars.items()}
        self.free = {name: index(name) for name in free}
        self.size_symbol = size_symbol
        self.base = base
        self.bound: dict[str, sp.Symbol] = {}

    @property
    def variables(self) -> tuple[Var | Vec, ...]:
        return (*self.vectors.values(), *self.scalars.values())

    @property
    def using(self) -> tuple[str, ...]:
        """The ``Σ = 1`` constraints of the simplex vectors (the claim checker uses them too)."""
        return tuple(v.constraint for v in self.vectors.values() if v.kind in SIMPLEX_KINDS and v.constraint)

    def build(self, node: Node) -> Any:
        method = getattr(self, f"_{node.op}", None)
        if method is None:
            raise NotGeneral(f"{node.op} is not taken for every n")
        return method(node)

    def _num(self, node: Node) -> Any:
        assert isinstance(node.value, Fraction)
        return sp.Rational(node.value.numerator, node.value.denominator)

    def _name(self, node: Node) -> Any:
        name = str(node.value)
        constants = {"E": sp.E, "pi": sp.pi, "oo": sp.oo}
        if name in self.bound:
            return self.bound[name]
        if name in self.free:
            return self.free[name] + self.base
        if name == self.size_symbol:
            return N
        if name in constants:
            return constants[name]
        if name in self.vectors:
            raise NotGeneral(f"the whole vector {name} is not a value for every n")
        if name not in self.scalars:
            self.scalars[name] = Var(name, Kind.REAL)
        return self.scalars[name].sym

    def _index(self, node: Node) -> Any:
        base, place = node.args
        at = self.build(place)
        if base.op == "name" and str(base.value) in self.vectors:
            return self.vectors[str(base.value)][at]
        if base.op == "call" and base.value == "softmax":
            return voc.softmax_at(self._vector(base.args[0]), at)
        raise NotGeneral("only a vector or a softmax is subscripted for every n")

    def _vector(self, node: Node) -> sp.IndexedBase:
        if node.op == "name" and str(node.value) in self.vectors:
            return self.vectors[str(node.value)].base
        raise NotGeneral("a vector function of something other than a vector")

    def _entry(self, node: Node, k: sp.Symbol) -> Any:
        """Entry ``k`` of a vector-valued tree (a vector or a softmax)."""
        if node.op == "call" and node.value == "softmax":
            return voc.softmax_at(self._vector(node.args[0]), k)
        return self._vector(node)[k]

    def _neg(self, node: Node) -> Any:
        return -self.build(node.args[0])

    def _add(self, node: Node) -> Any:
        return self.build(node.args[0]) + self.build(node.args[1])

    def _sub(self, node: Node) -> Any:
        return self.build(node.args[0]) - self.build(node.args[1])

    def _mul(self, node: Node) -> Any:
        return self.build(node.args[0]) * self.build(node.args[1])

    def _div(self, node: Node) -> Any:
        return self.build(node.args[0]) / self.build(node.args[1])

    def _pow(self, node: Node) -> Any:
        return self.build(node.args[0]) ** self.build(node.args[1])

    def _call(self, node: Node) -> Any:
        name, args = str(node.value), node.args
        k = sp.Dummy("k", integer=True, nonnegative=True)
        whole = (k, 0, N - 1)
        if name == "Sum":
            return self._sum(node)
        if name == "diff":
            return self._diff(node)
        if name == "logsumexp":
            return voc.logsumexp_n(self._vector(args[0]))
        if name == "entropy":
            return -sp.Sum(self._entry(args[0], k) * sp.log(self._entry(args[0], k)), whole)
        if name in ("KL", "cross_entropy"):
            p, q = self._entry(args[0], k), self._entry(args[1], k)
            return sp.Sum(p * sp.log(p / q), whole) if name == "KL" else -sp.Sum(p * sp.log(q), whole)
        if name == "log":
            values = [self.build(a) for a in args]
            return sp.log(*values)
        if name == "KroneckerDelta" and len(args) == 2:
            return sp.KroneckerDelta(*(self.build(a) - self.base for a in args))
        if name in ("Max", "Min") and all(a.op != "name" or str(a.value) not in self.vectors for a in args):
            return (sp.Max if name == "Max" else sp.Min)(*(self.build(a) for a in args))
        if name in _SCALAR:
            return _SCALAR[name](*(self.build(a) for a in args))
        raise NotGeneral(f"{name} is not taken for every n")

    def _sum(self, node: Node) -> Any:
        """``Σ_{k=lo}^{hi} f``: the index shifted to start at 0 (SymPy's Σ rules and the
        engine read a whole vector as ``Σ_{k=0}^{n-1}``)."""
        body, (var, low, high) = node.args[0], node.args[1].args
        name = str(var.value)
        k = sp.Symbol(name, integer=True)
        saved = self.bound.get(name)
        self.bound[name] = k
        try:
            summand = self.build(body)
        finally:
            if saved is None:
                self.bound.pop(name)
            else:
                self.bound[name] = saved
        lo, hi = self.build(low), self.build(high)
        fresh = sp.Symbol(f"{name}_", integer=True, nonnegative=True)
        return sp.Sum(summand.xreplace({k: fresh + lo}), (fresh, 0, hi - lo))

    def _diff(self, node: Node) -> Any:
        func = self.build(node.args[0])
        wrt: list[Any] = []
        for arg in node.args[1:]:
            value = self.build(arg)
            if isinstance(value, sp.Integer) and wrt:
                wrt += [wrt[-1]] * (int(value) - 1)
            elif isinstance(value, sp.Symbol | sp.Indexed):
                wrt.append(value)
            else:
                raise NotGeneral("a derivative with respect to something other than a variable")
        return sp.Derivative(func, *wrt)

    def _tuple(self, node: Node) -> Any:
        raise NotGeneral("a tuple outside a Σ's bounds")
