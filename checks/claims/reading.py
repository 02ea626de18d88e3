"""Reading a claim in either spelling, and echoing how it was read."""

from __future__ import annotations

from fractions import Fraction

from checks.claims.declarations import Declarations
from checks.claims.latex import looks_like_latex, parse_latex_claim, parse_latex_expression
from checks.claims.syntax import Node, Relation, check_depth, parse_claim, parse_expression


def read(text: str) -> Relation:
    """Parse a claim in either spelling (LaTeX when it has backslashes, braces or ``$``)."""
    relation = parse_latex_claim(text) if looks_like_latex(text) else parse_claim(text)
    check_depth(relation.left)
    check_depth(relation.right)
    return relation


def read_answer(text: str) -> Node:
    """Parse an answer (an expression) in either spelling, as :func:`read` does a claim."""
    return check_depth(parse_latex_expression(text) if looks_like_latex(text) else parse_expression(text))


def declared_subscripts(relation: Relation, declarations: Declarations) -> Relation:
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
