"""A claim's tree read against its declarations: entries written as names (``s_0``), names
that stand for expressions, named sizes, sums over a whole vector, 1-based indices.

The parsers read what is written; this pass decides what the names mean. A bound of a sum that
stays a free name after it (``\\sum_{j=1}^q`` with no size q declared) is symbolic: see
:func:`symbolic_bounds`, for a caller that checks such a claim for every q.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from checks.claims.declarations import Declarations
from checks.claims.scope import softmax_of
from checks.claims.spelling import parse_node
from checks.claims.syntax import CONSTANTS, ClaimSyntaxError, Node, Relation, check_depth

#: The operators whose bounds are written ``(k, first, last)``, or ``(k,)`` for a whole vector.
BIG_OPERATORS = ("Sum", "Product")


@dataclass(frozen=True)
class _Context:
    vectors: dict[str, int | str]  # declared vectors and their sizes (a size symbol: every size)
    scalars: frozenset[str]
    sizes: dict[str, int]
    shorthand: int | str | None  # the size of softmax(x) when s stands for it
    one_based: bool


def resolve(
    relation: Relation, declarations: Declarations, *, one_based: bool = False, latex: bool = True
) -> Relation:
    """``relation`` with its names read against ``declarations`` (see :func:`resolve_node`)."""
    left = resolve_node(relation.left, declarations, one_based=one_based, latex=latex)
    right = resolve_node(relation.right, declarations, one_based=one_based, latex=latex)
    return Relation(relation.rel, left, right, relation.notes, index_base=1 if one_based else 0)


def resolve_node(
    node: Node, declarations: Declarations, *, one_based: bool = False, latex: bool = True
) -> Node:
    """``node`` with: LaTeX ``D_x`` the declared scalar ``D_x`` (``latex``); ``s_0`` an entry of a
    declared vector ``s`` (or of the softmax shorthand); each defined name replaced by its
    expression; each named size by its number; the bounds of ``\\sum_j`` (``Sum(f, (j,))``)
    those of the vector j subscripts; and with ``one_based``, each subscript k of a vector read
    as entry k - 1 (``x_1`` is ``x[0]``; ``x_j`` is ``x[j - 1]``, j running over 1…n)."""
    named = dict(declarations.sizes)
    vectors: dict[str, int | str] = {name: size for name, size, _ in declarations.vectors}
    vectors |= {name: named.get(symbol, symbol) for name, symbol, _ in declarations.symbolic_vectors}
    scalars = frozenset(name for name, _ in declarations.scalars)
    kinds = {name: kind for name, _, kind in (*declarations.vectors, *declarations.symbolic_vectors)}
    softmax = softmax_of(kinds) if "s" not in declarations.names() else None
    shorthand = vectors[softmax] if softmax is not None else None
    context = _Context(vectors, scalars, named, shorthand, one_based)
    check_depth(node)
    if latex:
        node = _rebuild(node, lambda n: _declared_subscript(n, scalars - set(vectors), vectors))
    node = _rebuild(node, lambda n: _entry_name(n, context))
    node = _defined(node, declarations, context)
    node = _rebuild(node, lambda n: _sized(n, context.sizes))
    node = _rebuild(node, lambda n: _whole_sum(n, context))
    if one_based:
        node = _rebuild(node, lambda n: _one_based(n, context))
    return check_depth(node)


def symbolic_bounds(*roots: Node) -> tuple[str, ...]:
    """The free names in the bounds of the sums and products under ``roots``, sorted: a claim
    with one (``\\sum_{j=1}^q`` with q not declared) holds for every value of it, or not."""
    found: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.op == "call" and node.value in BIG_OPERATORS and node.args[1].op == "tuple":
            for bound in node.args[1].args[1:]:
                found |= {n for n in _names(bound) if n not in CONSTANTS}
        stack.extend(node.args)
    return tuple(sorted(found))


def _names(node: Node) -> set[str]:
    stack, out = [node], set()
    while stack:
        current = stack.pop()
        if current.op == "name":
            out.add(str(current.value))
        stack.extend(current.args)
    return out


def _rebuild(node: Node, change: Callable[[Node], Node]) -> Node:
    """``node`` with ``change`` applied to each node, children first."""
    if node.args:
        args = tuple(_rebuild(a, change) for a in node.args)
        if args != node.args:
            node = Node(node.op, args, node.value, node.column)
    return change(node)


def _declared_subscript(node: Node, names: frozenset[str], vectors: dict[str, int | str]) -> Node:
    """LaTeX ``D_x`` (``D`` indexed by ``x``) is the declared scalar ``D_x`` when ``D`` is no
    declared vector (``x_0`` of a vector ``x`` stays its entry)."""
    if (
        node.op == "index"
        and node.args[0].op == "name"
        and str(node.args[0].value) not in vectors
        and node.args[1].op in ("name", "num")
    ):
        joined = f"{node.args[0].value}_{node.args[1].value}"
        if joined in names:
            return Node("name", value=joined, column=node.column)
    return node


def _entry_name(node: Node, context: _Context) -> Node:
    """A name ``s_0`` or ``x_j`` (SymPy spelling) as the entry of the vector it names, when
    ``x`` is a declared vector (or ``s`` the softmax shorthand) and ``x_j`` no declared scalar."""
    if node.op != "name" or str(node.value) in context.scalars:
        return node
    head, underscore, rest = str(node.value).partition("_")
    is_vector = head in context.vectors or (head == "s" and context.shorthand is not None)
    if not underscore or not is_vector:
        return node
    if rest.isdigit():
        index = Node("num", value=Fraction(int(rest)), column=node.column)
    elif len(rest) == 1 and rest.isalpha():
        index = Node("name", value=rest, column=node.column)
    else:
        return node
    return Node("index", (Node("name", value=head, column=node.column), index), column=node.column)


def _defined(node: Node, declarations: Declarations, context: _Context) -> Node:
    """``node`` with each defined name replaced by its expression."""
    if not declarations.definitions:
        return node
    trees: dict[str, Node] = {}
    for name, text in declarations.definitions:
        try:
            tree = parse_node(text, declarations.names() - {name})[0]
        except ClaimSyntaxError as exc:
            raise ClaimSyntaxError(f"cannot read the definition of {name}: {exc}", None) from None
        tree = _rebuild(tree, lambda n: _entry_name(n, context))
        trees[name] = _rebuild(tree, lambda n: trees.get(str(n.value), n) if n.op == "name" else n)
    return _rebuild(node, lambda n: trees.get(str(n.value), n) if n.op == "name" else n)


def _sized(node: Node, sizes: dict[str, int]) -> Node:
    if node.op == "name" and str(node.value) in sizes:
        return Node("num", value=Fraction(sizes[str(node.value)]), column=node.column)
    return node


def _vector_size(base: Node, context: _Context) -> int | str | None:
    """The size of the vector ``base`` names (a number, or the symbol of every size): a declared
    vector, ``s``, ``softmax(x)``."""
    if base.op == "name":
        name = str(base.value)
        if name in context.vectors:
            return context.vectors[name]
        return context.shorthand if name == "s" else None
    if base.op == "call" and base.value in ("softmax", "softmin") and base.args and base.args[0].op == "name":
        return context.vectors.get(str(base.args[0].value))
    return None


def _whole_sum(node: Node, context: _Context) -> Node:
    """``Sum(f, (j,))``: j runs over the entries of the vector it subscripts in f."""
    if node.op != "call" or node.value not in BIG_OPERATORS or len(node.args[1].args) != 1:
        return node
    body, bounds = node.args
    index = bounds.args[0]
    sizes: set[int | str] = set()
    unknown = False
    stack = [body]
    while stack:
        current = stack.pop()
        if current.op == "index" and current.args[1] == index:
            size = _vector_size(current.args[0], context)
            unknown = unknown or size is None
            sizes |= {size} if size is not None else set()
        stack.extend(current.args)
    symbol = "\\sum" if node.value == "Sum" else "\\prod"
    if len(sizes) != 1 or unknown:
        why = "vectors of different sizes" if len(sizes) > 1 else "no declared vector"
        raise ClaimSyntaxError(
            f"{symbol}_{index.value} runs over the vector {index.value} subscripts, and it subscripts "
            f"{why}: declare the vector, or write the bounds ({symbol}_{{{index.value}=1}}^{{n}})",
            node.column,
        )
    size = sizes.pop()
    first = 1 if context.one_based else 0
    low = Node("num", value=Fraction(first), column=node.column)
    if isinstance(size, str):  # every size: 1…q read 1-based, 0…q - 1 read 0-based
        high = Node("name", value=size, column=node.column)
        if not context.one_based:
            high = Node("sub", (high, Node("num", value=Fraction(1))), column=node.column)
    else:
        high = Node("num", value=Fraction(size - 1 + first), column=node.column)
    return Node(
        "call", (body, Node("tuple", (index, low, high), column=bounds.column)), node.value, node.column
    )


def _one_based(node: Node, context: _Context) -> Node:
    """A subscript of a vector read 1-based: ``x_1`` is ``x[0]``, ``x_j`` is ``x[j - 1]``."""
    if node.op != "index":
        return node
    base, index = node.args
    if base.op == "name" and str(base.value) not in context.vectors and base.value != "s":
        return node  # y_1 of no vector y: a scalar's name
    if index.op == "num":
        value = index.value
        assert isinstance(value, Fraction)
        size = _vector_size(base, context)
        if value < 1 or (isinstance(size, int) and value > size):
            where = f"for a vector of size {size}" if size is not None else "(the first entry is 1)"
            raise ClaimSyntaxError(
                f"index {value} is out of range {where} (indices are 1-based)", index.column
            )
        shifted = Node("num", value=value - 1, column=index.column)
    else:
        one = Node("num", value=Fraction(1), column=index.column)
        shifted = Node("sub", (index, one), column=index.column)
    return Node("index", (base, shifted), column=node.column)
