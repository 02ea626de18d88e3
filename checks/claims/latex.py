"""Whitelist parser for claims in a LaTeX subset, producing the same syntax tree as the text form.

Supported: ``\\frac``, ``e^{…}`` and ``\\exp``, ``\\log``, ``\\ln``, ``\\sigma`` (the logistic
function), ``\\sum_{k=a}^{b}``, ``\\max``, ``\\min``, ``\\sqrt`` and ``\\sqrt[n]{x}`` (read as
``x**(1/n)``), ``\\tanh``, derivatives, ``\\delta_{ij}``, ``\\lim_{x \\to a}``,
``\\left( \\right)``, ``\\cdot``, ``\\times``, ``\\operatorname{softmax}``, Greek letters,
implicit multiplication, and one of ``= < > \\le \\ge``. Indices are 0-based, as in NumPy.

Derivatives are ``\\frac{\\partial^3 f}{\\partial x^2 \\partial y}`` or the operator form
``\\frac{\\partial^2}{\\partial x^2} f``, and the same with ``d`` (or ``\\mathrm{d}``) for
``\\partial``: ``\\frac{d f}{dx}``, ``\\frac{d^2}{dx^2} f``. An exponent on a variable of the
denominator is its order, and the order on the numerator must equal their total. The operator
form applies to the product after it; when ``+`` or ``-`` follows, the expression must be put in
parentheses, and a parenthesised expression must not be followed by more factors. A ``\\frac``
is a derivative with ``d`` when its numerator starts with ``d`` and its denominator with ``d``
and a variable; such a claim must not also use ``d`` as a variable, and ``/dx`` is refused.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claims.latex_derivative import DerivativeParser
from checks.claims.latex_tokens import FUNCTIONS, GREEK, NAMED, RELATIONS, tokenize
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, _number


class _LatexParser(DerivativeParser):
    """Recursive descent over the tokens: relation, sums of terms, products of factors."""

    def relation(self) -> Relation:
        left = self.expr()
        tok = self.tok
        rel = RELATIONS.get(tok.text)
        if rel is None:
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(f"expected a comparison (=, <, >, \\le, \\ge), found {found}", tok.column)
        self.take()
        right = self.expr()
        if self.tok.kind != "end":
            raise ClaimSyntaxError(f"unexpected {self.tok.text!r}", self.tok.column)
        return Relation(rel, left, right)

    def expr(self) -> Node:
        self._nest()
        if self.tok.text in ("-", "+"):
            op = self.take()
            node = self.term()
            if op.text == "-":
                node = Node("neg", (node,), column=op.column)
        else:
            node = self.term()
        while self.tok.text in ("+", "-"):
            op = self.take()
            node = Node("add" if op.text == "+" else "sub", (node, self.term()), column=op.column)
        self.depth -= 1
        return node

    def _starts_atom(self) -> bool:
        tok = self.tok
        if tok.kind in ("num", "letter"):
            return True
        if tok.kind == "cmd":
            return tok.text not in RELATIONS and tok.text not in ("\\right", "\\cdot", "\\times", "\\to")
        return tok.text in ("(", "{")

    def term(self) -> Node:
        node = self.factor()
        while True:
            if self.tok.text in ("*", "\\cdot", "\\times"):
                op = self.take()
                node = Node("mul", (node, self.factor()), column=op.column)
            elif self.tok.text == "/":
                op = self.take()
                if self._looks_like_differential(self.pos):
                    raise ClaimSyntaxError(
                        "'/d' followed by a variable reads like a derivative written with a slash; "
                        "write \\frac{d}{dx} for a derivative, or (d x) for a product",
                        op.column,
                    )
                node = Node("div", (node, self.factor()), column=op.column)
            elif self._starts_atom():
                col = self.tok.column
                node = Node("mul", (node, self.factor()), column=col)  # implicit multiplication
            else:
                return node

    def factor(self) -> Node:
        if self.tok.text == "-":
            op = self.take()
            return Node("neg", (self.factor(),), column=op.column)
        return self.postfix(self.atom())

    def postfix(self, node: Node) -> Node:
        powered = False
        while self.tok.text in ("^", "_"):
            op = self.take()
            if op.text == "^" and powered:
                # TeX refuses a^b^c ("double superscript"); read either way it would be wrong half
                # the time (2^3^2 is 512 to SymPy's spelling, 64 read from the left).
                raise ClaimSyntaxError("a^b^c is ambiguous: write a^{b^c} or {a^b}^c", op.column)
            powered = powered or op.text == "^"
            arg = self.group_or_atom()
            if op.text == "^":
                if node.op == "name" and node.value == "e":
                    node = Node("call", (arg,), value="exp", column=node.column)
                else:
                    node = Node("pow", (node, arg), column=op.column)
            else:
                node = Node("index", (node, arg), column=op.column)
        if node.op == "name" and node.value == "e":
            return Node("name", value="E", column=node.column)  # a bare e is Euler's number, as e^{…} is exp
        return node

    def group_or_atom(self) -> Node:
        """The argument of ^ or _: a braced group, or a single letter, digit or command."""
        if self.tok.text == "{":
            self.take()
            node = self.expr()
            self.take("}")
            return node
        tok = self.tok
        if tok.kind == "num":
            self.take()
            # x_12 means x_1 times 2 in TeX, but nobody means that: read a digit string.
            return Node("num", value=_number(tok.text), column=tok.column)
        return self.atom()

    def braced(self) -> Node:
        self.take("{")
        node = self.expr()
        self.take("}")
        return node

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Node("num", value=_number(tok.text), column=tok.column)
        if tok.kind == "letter":
            self.take()
            return Node("name", value=tok.text, column=tok.column)
        if tok.text in ("(", "["):
            closing = ")" if tok.text == "(" else "]"
            self.take()
            node = self.expr()
            self.take(closing)
            return node
        if tok.text == "{":
            return self.braced()
        if tok.kind == "cmd":
            return self.command()
        found = repr(tok.text) if tok.kind != "end" else "the end"
        raise ClaimSyntaxError(f"expected a term, found {found}", tok.column)

    def _call_args(self) -> list[Node]:
        """Arguments of a function: (a, b), \\left( a \\right), {a}, or a single factor."""
        if self.tok.text == "\\left":
            self.take()
            opening = self.take()
            if opening.text not in ("(", "["):
                raise ClaimSyntaxError("expected '(' after \\left", opening.column)
            args = [self.expr()]
            while self.tok.text == ",":
                self.take()
                args.append(self.expr())
            self.take("\\right")
            self.take(")" if opening.text == "(" else "]")
            return args
        if self.tok.text == "(":
            self.take()
            args = [self.expr()]
            while self.tok.text == ",":
                self.take()
                args.append(self.expr())
            self.take(")")
            return args
        if self.tok.text == "{":
            return [self.braced()]
        arg = self.factor()
        if self._starts_atom() and self.tok.kind != "cmd":
            # \log 2a: log(2a) to a reader, log(2)·a to a parser that takes one factor.
            raise ClaimSyntaxError(
                r"a function's argument without parentheses is one factor: write \log(2a) for "
                r"log(2a), or (\log 2) a for the product",
                self.tok.column,
            )
        return [arg]

    def command(self) -> Node:
        tok = self.take()
        name = tok.text[1:]
        col = tok.column
        if name == "left":
            opening = self.take()
            if opening.text not in ("(", "["):
                raise ClaimSyntaxError("expected '(' after \\left", opening.column)
            node = self.expr()
            self.take("\\right")
            self.take(")" if opening.text == "(" else "]")
            return node
        if name == "frac":
            kind = self._derivative_kind()
            if kind is not None:
                return self.derivative(col, kind)
            num = self.braced()
            den = self.braced()
            return Node("div", (num, den), column=col)
        if name in ("mathrm", "operatorname", "text", "mathit"):
            word = self._word()
            if word in NAMED:
                fname = "logsumexp" if word == "LSE" else word
                return Node("call", tuple(self._call_args()), value=fname, column=col)
            if word in ("exp", "log", "max", "min"):
                return Node("call", tuple(self._call_args()), value=FUNCTIONS[word], column=col)
            return Node("name", value=word, column=col)
        if name == "sqrt" and self.tok.text == "[":
            return self.root(col)
        if name in FUNCTIONS:
            if name == "log" and self.tok.text == "_":  # \log_2 x
                self.take()
                base = self.group_or_atom()
                return Node("call", (*self._call_args(), base), value="log", column=col)
            return Node("call", tuple(self._call_args()), value=FUNCTIONS[name], column=col)
        if name == "sum":
            return self.sum(col)
        if name == "lim":
            return self.limit(col)
        if name == "delta":
            self.take("_")
            first, second = self._two_indices()
            return Node("call", (first, second), value="KroneckerDelta", column=col)
        if name == "infty":
            return Node("name", value="oo", column=col)
        if name == "pi":
            return Node("name", value="pi", column=col)
        if name in GREEK:
            return Node("name", value=GREEK[name], column=col)
        raise ClaimSyntaxError(f"unknown LaTeX command {tok.text!r}", col)

    def _word(self) -> str:
        self.take("{")
        letters = []
        while self.tok.kind == "letter" or self.tok.text == "_":
            letters.append(self.take().text)
        self.take("}")
        return "".join(letters)

    def _two_indices(self) -> tuple[Node, Node]:
        if self.tok.text != "{":
            raise ClaimSyntaxError("\\delta needs two indices, as in \\delta_{ij}", self.tok.column)
        self.take("{")
        items: list[Node] = []
        while self.tok.text != "}":
            if self.tok.text == ",":
                self.take()
                continue
            tok = self.take()
            if tok.kind == "letter":
                items.append(Node("name", value=tok.text, column=tok.column))
            elif tok.kind == "num":
                items.extend(Node("num", value=Fraction(int(d)), column=tok.column) for d in tok.text)
            else:
                raise ClaimSyntaxError(f"unexpected {tok.text!r} in \\delta indices", tok.column)
        self.take("}")
        if len(items) != 2:
            raise ClaimSyntaxError("\\delta needs exactly two indices", self.tok.column)
        return items[0], items[1]

    def sum(self, col: int) -> Node:
        self.take("_")
        self.take("{")
        var = self.take()
        if var.kind != "letter":
            raise ClaimSyntaxError("\\sum needs an index letter, as in \\sum_{k=0}^{2}", var.column)
        self.take("=")
        low = self.expr()
        self.take("}")
        self.take("^")
        high = self.group_or_atom()
        self._nest()
        body = self.term()
        self.depth -= 1
        bounds = Node("tuple", (Node("name", value=var.text, column=var.column), low, high), column=col)
        return Node("call", (body, bounds), value="Sum", column=col)

    def limit(self, col: int) -> Node:
        self.take("_")
        opening = self.pos
        self.take("{")
        var = self.atom()
        self.take("\\to")
        side = self._side(opening)
        point = self.expr()
        self.take("}")
        body = self.term()
        args = (body, var, point) + ((side,) if side is not None else ())
        return Node("call", args, value="limit", column=col)

    def _side(self, opening: int) -> Node | None:
        """The side of ``\\to 0^+`` (or ``0^{-}``), taken out of the tokens before the point is read."""
        closing = self._closing_brace(opening)
        if closing is None:
            return None
        tail = [t.text for t in self.tokens[closing - 4 : closing]]
        for length, pattern in (
            (4, ["^", "{", "+", "}"]),
            (4, ["^", "{", "-", "}"]),
            (2, ["^", "+"]),
            (2, ["^", "-"]),
        ):
            if tail[-length:] == pattern:
                sign = self.tokens[closing - length + (2 if length == 4 else 1)]
                del self.tokens[closing - length : closing]
                return Node("side", value=sign.text, column=sign.column)
        return None

    def root(self, col: int) -> Node:
        """``\\sqrt[n]{x}``: the n-th root, read as ``x**(1/n)``."""
        self.take("[")
        index = self.expr()
        self.take("]")
        if self.tok.text != "{":
            raise ClaimSyntaxError(
                "write the radicand of \\sqrt[n] in braces, as in \\sqrt[3]{x}", self.tok.column
            )
        radicand = self.braced()
        exponent = Node("div", (Node("num", value=Fraction(1), column=col), index), column=col)
        return Node("pow", (radicand, exponent), column=col)


def parse_latex_claim(text: str) -> Relation:
    """Read one claim written in the LaTeX subset (surrounding ``$`` are allowed)."""
    parser = _parser(text, "the claim is empty")
    relation = parser.relation()
    _check_differential_d(parser, relation.left, relation.right)
    return relation


def parse_latex_expression(text: str) -> Node:
    """Read one expression in the LaTeX subset (an answer to compare with a catalogue result)."""
    parser = _parser(text, "the answer is empty")
    node = parser.expr()
    if parser.tok.kind != "end":
        raise ClaimSyntaxError(f"unexpected {parser.tok.text!r}", parser.tok.column)
    _check_differential_d(parser, node)
    return node


def _parser(text: str, empty: str) -> _LatexParser:
    text = text.strip().strip("$").strip()
    if not text:
        raise ClaimSyntaxError(empty, 1)
    return _LatexParser(tokenize(text))


def _check_differential_d(parser: _LatexParser, *roots: Node) -> None:
    if parser.d_derivative is None:
        return
    columns = [n.column for n in _nodes(*roots) if n.op == "name" and n.value == "d"]
    if columns:
        raise ClaimSyntaxError(
            f"'d' is used both as a variable and as the d of a derivative "
            f"(at column {parser.d_derivative.column})",
            min(columns),
        )


def _nodes(*roots: Node) -> list[Node]:
    """Every node under ``roots`` (iteratively: a long product is a deep tree)."""
    out: list[Node] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.args)
    return out


def looks_like_latex(text: str) -> bool:
    """Whether to read ``text`` as LaTeX: it uses a backslash command, braces or ``$``."""
    return "\\" in text or "{" in text or text.strip().startswith("$")
