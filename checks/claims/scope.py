"""Shared by the two readers of a claim's tree: the names in scope, the free indices, the limits."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from checks.claims.syntax import CONSTANTS, ClaimSyntaxError, Node, Relation
from checks.errors import DerivationError
from checks.model import SIMPLEX_KINDS, Kind, Var, limit_side

#: The most assignments of a claim's free indices that are checked one by one.
MAX_ASSIGNMENTS = 64


@dataclass
class Scope:
    """What the names in a claim mean: declared vectors and scalars, index names, softmax ``s``."""

    vectors: dict[str, Var] = field(default_factory=dict)
    scalars: dict[str, Var] = field(default_factory=dict)
    closed: frozenset[str] | None = None  # the only scalar names allowed (an answer to a result)

    def scalar(self, name: str, kind: Kind = Kind.REAL) -> Var:
        """The variable called ``name``; names not declared are real scalars. A scalar may not
        be called like a vector's entry (``x0`` is ``x[0]`` of a vector ``x``): SymPy would
        read the two as one."""
        if name not in self.scalars:
            if self.closed is not None and name not in self.closed:
                names = ", ".join(sorted({*self.vectors, *self.scalars, *self.closed}))
                softmax = self.shorthand_softmax("s")
                also = f"; s is softmax({softmax.name})" if softmax is not None else ""
                raise ClaimSyntaxError(f"{name!r} is none of the result's names ({names}{also})", None)
            stem = name.rstrip("0123456789")
            if stem != name and stem and self.shorthand_softmax(stem) is not None:
                raise ClaimSyntaxError(
                    f"{name!r} would be a scalar of its own beside the softmax shorthand {stem!r}: "
                    f"for an entry write {stem}[{name[len(stem) :]}], or rename the scalar",
                    None,
                )
            head, underscore, _ = name.partition("_")
            if underscore and head == "s" and self.vectors and self.shorthand_softmax("s") is None:
                # s_0 beside two vectors of logits: the softmax of which? Never a new scalar.
                names = ", ".join(sorted(self.vectors))
                raise ClaimSyntaxError(
                    f"{name!r}: s stands for the softmax of one vector of logits, and {names} are "
                    f"declared: write softmax(x)[0] with the vector you mean",
                    None,
                )
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
        """The vector whose softmax ``s`` stands for (see :func:`softmax_of`); no ``s`` of the
        claim's own."""
        if name != "s" or "s" in self.vectors or "s" in self.scalars:
            return None
        found = softmax_of({v.name: v.kind for v in self.vectors.values()})
        return None if found is None else self.vectors[found]

    @property
    def variables(self) -> tuple[Var, ...]:
        return tuple(self.vectors.values()) + tuple(self.scalars.values())


def _names_in_index_position(node: Node, out: set[str], bound: set[str]) -> None:
    if node.op == "index":
        _names_in_index_position(node.args[0], out, bound)
        out.update(n for n in free_names(node.args[1]) if n not in bound)
        return
    if node.op == "call" and node.value == "KroneckerDelta":
        for arg in node.args:
            out.update(n for n in free_names(arg) if n not in bound)
        return
    if node.op == "call" and node.value in ("Sum", "Product") and node.args[1].op == "tuple":
        var = node.args[1].args[0]
        inner = bound | ({str(var.value)} if var.op == "name" else set())
        _names_in_index_position(node.args[0], out, inner)
        for arg in node.args[1].args[1:]:
            _names_in_index_position(arg, out, bound)
        return
    for arg in node.args:
        _names_in_index_position(arg, out, bound)


def softmax_of(kinds: Mapping[str, Kind]) -> str | None:
    """The vector (of these names and kinds) whose softmax ``s`` stands for: the one vector, or
    the one vector of logits beside vectors on the simplex (E05's x beside y); never a guess."""
    logits = [name for name, kind in kinds.items() if kind not in SIMPLEX_KINDS]
    only = list(kinds) if len(kinds) == 1 else logits
    return only[0] if len(only) == 1 else None


def free_names(node: Node) -> set[str]:
    """Every name in ``node``'s tree (a sum's own index included)."""
    if node.op == "name":
        return {str(node.value)}
    names: set[str] = set()
    for arg in node.args:
        names |= free_names(arg)
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
    subscripts a vector ranges over its entries 0…size-1 (1…size in a claim read 1-based);
    one that subscripts none (only a Kronecker delta, say) over the largest vector's."""
    names = index_names(relation, scope)
    if not names:
        yield {}
        return
    if not scope.vectors:
        raise ClaimSyntaxError(f"index {names[0]!r} has no range: declare a vector with --vector", 1)
    largest = max(len(v) for v in scope.vectors.values())
    subscripted: dict[str, dict[str, int]] = {}
    base = relation.index_base
    for side in (relation.left, relation.right):
        _subscripts(side, scope, subscripted, set(), base)
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
    for values in itertools.product(*(range(base, r + base) for r in ranges)):
        yield dict(zip(names, values, strict=True))


#: Stands for a subscripted vector whose size the index alone does not tell (x[2*i], (y*0)[i]).
UNSIZED = ""


def _subscripts(
    node: Node, scope: Scope, out: dict[str, dict[str, int]], bound: set[str], base: int = 0
) -> None:
    """For each free index name used directly as a subscript (``x[i]``, ``softmax(x)[i]``,
    ``s[i]``, and ``x[i - 1]`` in a claim read 1-based): the vectors it subscripts, with their
    sizes."""
    if node.op == "index":
        vector = _subscripted_vector(node.args[0], scope)
        index = node.args[1]
        direct = index.op == "name" or (
            base == 1 and index.op == "sub" and index.args[0].op == "name" and index.args[1] == _ONE
        )
        for name in free_names(node.args[1]) - bound:
            # x[i] records x's size; x[2*i] or (y*0)[i] an unknown one (UNSIZED), and then i
            # ranges over the largest vector: an entry out of range is an error, never skipped.
            sized = vector.name if vector is not None and direct else UNSIZED
            out.setdefault(name, {})[sized] = len(vector) if vector is not None and direct else -1
    if (
        node.op == "call"
        and node.value in ("Sum", "Product")
        and len(node.args) == 2
        and node.args[1].op == "tuple"
    ):
        var = node.args[1].args[0]
        inner = bound | ({str(var.value)} if var.op == "name" else set())
        _subscripts(node.args[0], scope, out, inner, base)
        for arg in node.args[1].args[1:]:
            _subscripts(arg, scope, out, bound, base)
        return
    for arg in node.args:
        _subscripts(arg, scope, out, bound, base)


_ONE = Node("num", value=Fraction(1))


def _subscripted_vector(base: Node, scope: Scope) -> Var | None:
    if base.op == "name":
        name = str(base.value)
        return scope.vectors.get(name) or scope.shorthand_softmax(name)
    if base.op == "call" and base.value in ("softmax", "softmin") and base.args and base.args[0].op == "name":
        return scope.vectors.get(str(base.args[0].value))
    return None


def fail(node: Node, message: str) -> ClaimSyntaxError:
    return ClaimSyntaxError(message, node.column)


def map1(func: Callable[[Any], Any], value: Any) -> Any:
    return tuple(func(v) for v in value) if isinstance(value, tuple) else func(value)


def map2(func: Callable[[Any, Any], Any], a: Any, b: Any, node: Node) -> Any:
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            raise fail(node, f"vectors of sizes {len(a)} and {len(b)} do not combine")
        return tuple(func(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, tuple):
        return tuple(func(x, b) for x in a)
    if isinstance(b, tuple):
        return tuple(func(a, y) for y in b)
    return func(a, b)


def safe_pow(base: Any, exponent: Any) -> Any:
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


def safe_factorial(value: Any) -> Any:
    if isinstance(value, sp.Integer) and int(value) > 500:
        return sp.factorial(value, evaluate=False)
    return sp.factorial(value)


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


#: Integer powers and factorials larger than this many digits stay unevaluated.
MAX_DIGITS = 2000


MAX_SUM_TERMS = 10_000


Vec = tuple[Any, ...]
