"""Derivatives in the LaTeX subset: ``\\frac{\\partial^2 f}{\\partial x^2}``, ``\\frac{d}{dx} f``.

The grammar's other rules (:meth:`expr`, :meth:`term`, :meth:`factor`, …) come from the
parser that inherits this class.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claims.latex_tokens import D_WRAPPERS, GREEK, GROUPS, MAX_DERIVATIVE_ORDER, TokenCursor
from checks.claims.syntax import ClaimSyntaxError, Node, Token


class DerivativeParser(TokenCursor):
    """The derivative rules of the LaTeX parser."""

    def expr(self) -> Node:
        raise NotImplementedError

    def term(self) -> Node:
        raise NotImplementedError

    def factor(self) -> Node:
        raise NotImplementedError

    def group_or_atom(self) -> Node:
        raise NotImplementedError

    def _starts_atom(self) -> bool:
        raise NotImplementedError

    def _is_euler(self, node: Node) -> bool:
        raise NotImplementedError

    def _at(self, index: int) -> Token:
        return self.tokens[min(index, len(self.tokens) - 1)]

    def _d_length(self, index: int) -> int:
        """How many tokens spell the d of a derivative at ``index`` (``d`` or ``\\mathrm{d}``), or 0."""
        tok = self._at(index)
        if tok.kind == "letter" and tok.text == "d":
            return 1
        if (
            tok.text in D_WRAPPERS
            and self._at(index + 1).text == "{"
            and self._at(index + 2).text == "d"
            and self._at(index + 3).text == "}"
        ):
            return 4
        return 0

    def _starts_variable(self, index: int) -> bool:
        tok = self._at(index)
        return tok.kind == "letter" or (tok.kind == "cmd" and tok.text[1:] in GREEK)

    def _looks_like_differential(self, index: int) -> bool:
        """``d x``, ``d\\theta`` or ``\\mathrm{d…`` at ``index``."""
        length = self._d_length(index)
        if length and self._starts_variable(index + length):
            return True
        return (
            self._at(index).text in D_WRAPPERS
            and self._at(index + 1).text == "{"
            and self._at(index + 2).text == "d"
        )

    def _closing_brace(self, index: int) -> int | None:
        depth = 0
        for i in range(index, len(self.tokens)):
            tok = self.tokens[i]
            if tok.kind == "op" and tok.text == "{":
                depth += 1
            elif tok.kind == "op" and tok.text == "}":
                depth -= 1
                if depth == 0:
                    return i
        return None

    def _derivative_kind(self) -> str | None:
        """``\\partial`` or ``d`` when the ``\\frac`` whose ``{`` is next is a derivative, else None."""
        if self.tok.text != "{":
            return None
        first = self.pos + 1
        if self._at(first).text == "\\partial":
            return "\\partial"
        length = self._d_length(first)
        if not length or self._at(first + length).text == "_":  # \frac{d_1}{…} divides a variable d
            return None
        close = self._closing_brace(self.pos)
        if close is None or self._at(close + 1).text != "{":
            return None
        return "d" if self._looks_like_differential(close + 2) else None

    def _differential(self, kind: str, where: str) -> None:
        """Take the ``\\partial`` or ``d`` that starts each part of a derivative."""
        tok = self.tok
        length = 1 if tok.text == "\\partial" and kind == "\\partial" else 0
        if kind == "d":
            length = self._d_length(self.pos)
            if length and self.d_derivative is None:
                self.d_derivative = tok
        if not length:
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(f"expected {kind!r} {where} of a derivative, found {found}", tok.column)
        self.pos += length

    def _order(self) -> int:
        """The order after ``^``: a positive whole number, at most MAX_DERIVATIVE_ORDER."""
        op = self.take("^")
        node = self.group_or_atom()
        value = node.value
        if node.op != "num" or not isinstance(value, Fraction) or value.denominator != 1 or value < 1:
            raise ClaimSyntaxError("the order of a derivative must be a positive whole number", op.column)
        if value > MAX_DERIVATIVE_ORDER:
            raise ClaimSyntaxError(
                f"derivatives of order above {MAX_DERIVATIVE_ORDER} are not supported", op.column
            )
        return int(value)

    def _wrt_variable(self, kind: str) -> tuple[Node, int]:
        """The variable to differentiate by (``x``, ``x_j``, ``\\theta``) and its order ``^n``."""
        tok = self.tok
        if tok.kind == "letter":
            node = Node("name", value=tok.text, column=tok.column)
        elif tok.kind == "cmd" and tok.text[1:] in GREEK:
            node = Node("name", value=GREEK[tok.text[1:]], column=tok.column)
        else:
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(
                f"expected a variable after {kind!r} in a derivative, found {found}", tok.column
            )
        self.take()
        order: int | None = None
        while self.tok.text in ("_", "^"):
            if self.tok.text == "_":
                op = self.take()
                node = Node("index", (node, self.group_or_atom()), column=op.column)
            elif order is None:
                order = self._order()
            else:
                raise ClaimSyntaxError("a variable of a derivative has two orders", self.tok.column)
        return node, order or 1

    def derivative(self, col: int, kind: str) -> Node:
        """``\\frac{\\partial^n f}{\\partial x^a \\partial y^b}``, ``\\frac{d^n}{dx^n} f`` and so on."""
        self.take("{")
        self._differential(kind, "to start the numerator")
        stated = self._order() if self.tok.text == "^" else None
        func: Node | None = None
        if self.tok.text != "}":
            if kind == "d" and not self._starts_atom():
                raise ClaimSyntaxError(
                    f"cannot read {self.tok.text!r} after d as the function being differentiated",
                    self.tok.column,
                )
            func = self.expr()
        self.take("}")
        self.take("{")
        wrt: list[Node] = []
        while True:
            self._differential(kind, "in the denominator")
            var, order = self._wrt_variable(kind)
            wrt.extend([var] * order)
            if len(wrt) > MAX_DERIVATIVE_ORDER:
                raise ClaimSyntaxError(
                    f"derivatives of order above {MAX_DERIVATIVE_ORDER} are not supported", var.column
                )
            if self.tok.text == "}":
                break
        self.take("}")
        if (stated or 1) != len(wrt):
            numerator = f"{kind}^{stated}" if stated else f"{kind} (order 1)"
            raise ClaimSyntaxError(
                f"the numerator says {numerator} but the orders in the denominator add up to {len(wrt)}",
                col,
            )
        if func is None:
            func = self._operand()
        return Node("call", (func, *wrt), value="diff", column=col)

    def _operand(self) -> Node:
        """What ``\\frac{d}{dx}`` applies to: the product after it, or one parenthesised group."""
        tok = self.tok
        if not self._starts_atom():
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(
                f"a derivative such as \\frac{{d}}{{dx}} needs an expression after it, found {found}",
                tok.column,
            )
        self._nest()
        if tok.text in GROUPS:
            node = self.factor()
            if self._starts_atom() or self.tok.text in ("*", "/", "\\cdot", "\\times"):
                raise ClaimSyntaxError(
                    "ambiguous: more factors follow the parenthesised expression after a derivative; "
                    "put everything to differentiate in one pair of parentheses",
                    self.tok.column,
                )
        else:
            node = self.term()
            if self.tok.text in ("+", "-"):
                raise ClaimSyntaxError(
                    f"ambiguous: does the derivative reach past {self.tok.text!r}? "
                    "put the expression to differentiate in parentheses",
                    self.tok.column,
                )
        self.depth -= 1
        return node
