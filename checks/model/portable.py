"""Expressions that cross a process boundary safely: a tree of known SymPy classes, rebuilt unevaluated.

A pickled SymPy expression is rebuilt by calling its classes, which evaluates it: an
unevaluated ``2**2**2**2**2**2**2`` sent back from a sandboxed check would be computed by the
process that unpickles it, with no limit on its memory. A tree of plain tuples holds only
names, integers and strings, and :func:`from_tree` rebuilds it with ``evaluate=False``; an
expression with a class outside the list does not travel (its picture is lost, never the verdict).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.functions.elementary.piecewise import ExprCondPair


class Unportable(ValueError):
    """The expression uses a class that does not travel."""


_CLASSES: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        sp.Add,
        sp.Mul,
        sp.Pow,
        sp.exp,
        sp.log,
        sp.Abs,
        sp.sign,
        sp.Max,
        sp.Min,
        sp.tanh,
        sp.sinh,
        sp.cosh,
        sp.sin,
        sp.cos,
        sp.atan,
        sp.floor,
        sp.ceiling,
        sp.Heaviside,
        sp.KroneckerDelta,
        sp.factorial,
        sp.gamma,
        sp.Piecewise,
        sp.StrictGreaterThan,
        sp.GreaterThan,
        sp.StrictLessThan,
        sp.LessThan,
        sp.Equality,
        sp.Unequality,
        sp.And,
        sp.Or,
        sp.Not,
        sp.Derivative,
    )
}
#: Classes whose constructor takes no ``evaluate`` (and evaluates nothing): how to call them.
_PLAIN: dict[str, Any] = {
    "ExprCondPair": ExprCondPair,
    "Tuple": sp.Tuple,
    "Sum": sp.Sum,
    "Limit": lambda e, z, z0, side: sp.Limit(e, z, z0, str(side)),
}
_TYPES = {"ExprCondPair": ExprCondPair, "Tuple": sp.Tuple, "Sum": sp.Sum, "Limit": sp.Limit}
_CONSTANTS: dict[str, Any] = {
    "pi": sp.pi,
    "E": sp.E,
    "oo": sp.oo,
    "-oo": -sp.oo,
    "zoo": sp.zoo,
    "nan": sp.nan,
    "true": sp.true,
    "false": sp.false,
}
_NAMES = {id(v): k for k, v in _CONSTANTS.items()}

Tree = tuple[Any, ...]


def to_tree(expr: Any) -> Tree:
    """``expr`` (a SymPy expression or matrix, or a number) as nested tuples; raises
    :class:`Unportable` for a class outside the list."""
    if isinstance(expr, sp.MatrixBase):
        rows, cols = expr.shape
        return ("matrix", rows, cols, tuple(to_tree(e) for e in expr))
    if isinstance(expr, bool | int):
        return ("int", int(expr))
    if isinstance(expr, float):
        return ("float", repr(expr))
    if not isinstance(expr, sp.Basic):
        raise Unportable(type(expr).__name__)
    if id(expr) in _NAMES:  # (SymPy's constants are singletons)
        return ("const", _NAMES[id(expr)])
    if type(expr) is sp.Symbol:
        return ("symbol", expr.name, tuple(sorted(expr.assumptions0.items())))
    if expr.is_Integer:
        return ("int", int(expr))
    if expr.is_Rational:
        return ("rational", int(expr.p), int(expr.q))
    if expr.is_Float:
        return ("float", repr(float(expr)))
    name = type(expr).__name__
    if _CLASSES.get(name) is not type(expr) and _TYPES.get(name) is not type(expr):
        raise Unportable(name)
    return ("call", name, tuple(to_tree(a) for a in expr.args))


def from_tree(tree: Tree) -> Any:
    """The expression of :func:`to_tree`, rebuilt with nothing evaluated."""
    tag = tree[0]
    if tag == "matrix":
        return sp.ImmutableMatrix(tree[1], tree[2], [from_tree(t) for t in tree[3]])
    if tag == "int":
        return sp.Integer(tree[1])
    if tag == "rational":
        return sp.Rational(tree[1], tree[2])
    if tag == "float":
        return sp.Float(float(tree[1]))
    if tag == "const":
        return _CONSTANTS[tree[1]]
    if tag == "symbol":
        return sp.Symbol(tree[1], **dict(tree[2]))
    if tag == "call":
        args = [from_tree(t) for t in tree[2]]
        if tree[1] in _PLAIN:
            return _PLAIN[tree[1]](*args)
        return _CLASSES[tree[1]](*args, evaluate=False)
    raise Unportable(f"unknown tag {tag!r}")


def portable(expr: Any) -> Tree | None:
    """:func:`to_tree`, or None where the expression does not travel."""
    try:
        return to_tree(expr)
    except (Unportable, RecursionError):
        return None
