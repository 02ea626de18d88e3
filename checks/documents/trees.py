"""Walking and rewriting the claim reader's syntax trees: names, vectors, sums, indices."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction

from checks.claims.notation import BIG_OPERATORS
from checks.claims.syntax import Node

#: Functions whose arguments are whole vectors.
VECTOR_FUNCTIONS = frozenset({"softmax", "softmin", "logsumexp", "entropy", "KL", "cross_entropy"})
#: Names the reader gives constants.
CONSTANTS = frozenset({"E", "pi", "oo"})


def walk(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (iteratively: a long product is a deep tree)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.args)


def names(node: Node) -> set[str]:
    return {str(n.value) for n in walk(node) if n.op == "name"}


def rebuild(node: Node, visit: Callable[[Node], Node | None]) -> Node:
    """``node`` with every subtree for which ``visit`` gives a node replaced by it (top down)."""
    replaced = visit(node)
    if replaced is not None:
        return replaced
    if not node.args:
        return node
    args = tuple(rebuild(a, visit) for a in node.args)
    return node if args == node.args else Node(node.op, args, node.value, node.column)


def substitute(node: Node, mapping: Mapping[Node, Node]) -> Node:
    """Each subtree equal to a key of ``mapping`` (columns aside) replaced by its value."""
    if not mapping:
        return node
    return rebuild(node, lambda n: mapping.get(n))


def replace_names(node: Node, mapping: Mapping[str, Node]) -> Node:
    return rebuild(node, lambda n: mapping.get(str(n.value)) if n.op == "name" else None)


def vector_uses(node: Node) -> set[str]:
    """Names used as vectors: subscripted (``o_j``) or the argument of a vector function."""
    found = set()
    for n in walk(node):
        if n.op == "index" and n.args[0].op == "name":
            found.add(str(n.args[0].value))
        if n.op == "call" and n.value in VECTOR_FUNCTIONS:
            found.update(str(a.value) for a in n.args if a.op == "name")
    return found


def sums(node: Node) -> Iterator[tuple[str, Node, Node, Node]]:
    """Each ``Sum(body, (k, low, high))`` (or ``Product``): its index name, bounds and body."""
    for n in walk(node):
        if n.op == "call" and n.value in BIG_OPERATORS and len(n.args) == 2 and len(n.args[1].args) == 3:
            var, low, high = n.args[1].args
            if var.op == "name":
                yield str(var.value), low, high, n.args[0]


def subscripted_by(body: Node, index: str) -> set[str]:
    """The vectors ``body`` subscripts with ``index`` (``o_k``, ``softmax(o)_k``)."""
    found = set()
    for n in walk(body):
        if n.op == "index" and index in names(n.args[1]):
            base = n.args[0]
            if base.op == "call" and base.value in ("softmax", "softmin") and base.args[0].op == "name":
                base = base.args[0]
            if base.op == "name":
                found.add(str(base.value))
    return found


def number(value: int) -> Node:
    return Node("num", value=Fraction(value))


def index_names(node: Node, vectors: set[str], bound: frozenset[str] = frozenset()) -> set[str]:
    """The free index names: names in a subscript or a Kronecker delta that no Σ binds and
    that are not vectors or constants."""
    found: set[str] = set()
    if (
        node.op == "call"
        and node.value in BIG_OPERATORS
        and len(node.args) == 2
        and node.args[1].op == "tuple"
    ):
        if len(node.args[1].args) == 1:  # Σ_j over the whole vector: its bounds are filled later
            return index_names(node.args[0], vectors, bound | {str(node.args[1].args[0].value)})
        var, low, high = node.args[1].args
        inner = bound | {str(var.value)}
        return (
            index_names(node.args[0], vectors, inner)
            | index_names(low, vectors, bound)
            | index_names(high, vectors, bound)
        )
    if node.op == "index" or (node.op == "call" and node.value == "KroneckerDelta"):
        places = node.args[1:] if node.op == "index" else node.args
        for place in places:
            found |= {n for n in names(place) if n not in bound and n not in vectors and n not in CONSTANTS}
    for arg in node.args:
        found |= index_names(arg, vectors, bound)
    return found


def largest_index(node: Node) -> int:
    """The largest number written as a subscript (1-based), 0 if none."""
    found = 0
    for n in walk(node):
        if n.op == "index" and n.args[1].op == "num" and isinstance(n.args[1].value, Fraction):
            found = max(found, int(n.args[1].value))
    return found
