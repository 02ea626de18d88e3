"""Reading a claim in either spelling, and echoing how it was read."""

from __future__ import annotations

from fractions import Fraction

from checks.claims.declarations import Declarations
from checks.claims.notation import resolve, resolve_node
from checks.claims.spelling import parse_node, parse_relation
from checks.claims.syntax import Node, Relation, check_depth


def read(text: str, declarations: Declarations | None = None, *, one_based: bool = False) -> Relation:
    """Parse a claim in either spelling (LaTeX when it has backslashes, braces, ``$`` or
    Unicode, or reads only as LaTeX) and read its names against ``declarations``; with
    ``one_based``, ``x_1`` is the first entry. The relation's notes say what was dropped."""
    declarations = declarations or Declarations()
    relation, latex = parse_relation(text, declarations.names())
    check_depth(relation.left)
    check_depth(relation.right)
    return resolve(relation, declarations, one_based=one_based, latex=latex)


def read_expression(
    text: str, declarations: Declarations | None = None, *, one_based: bool = False
) -> tuple[Node, tuple[str, ...]]:
    """An expression read as :func:`read` reads a claim (one side of a link in a chain, an
    answer), with the notes on what was dropped."""
    declarations = declarations or Declarations()
    node, notes, latex = parse_node(text, declarations.names())
    return resolve_node(node, declarations, one_based=one_based, latex=latex), notes


def read_answer(text: str, declarations: Declarations | None = None) -> Node:
    """Parse an answer (an expression) in either spelling, as :func:`read` does a claim."""
    return read_expression(text, declarations)[0]


def declared_subscripts(relation: Relation, declarations: Declarations) -> Relation:
    """A relation read from LaTeX, where ``D_x`` is the declared scalar ``D_x`` when ``D`` is no
    declared vector (:func:`read` does this already)."""
    return resolve(relation, Declarations(scalars=declarations.scalars, vectors=declarations.vectors))


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
        return "(" + ", ".join(render_tree(a) for a in node.args) + ("," if len(node.args) == 1 else "") + ")"
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
