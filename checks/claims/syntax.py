"""Whitelist parser for claims in SymPy spelling: text in, a small syntax tree out, nothing run.

The parser knows names, numbers, arithmetic, one comparison, calls to a fixed vocabulary and
subscripts. Everything else (attribute access, dunders, keywords such as ``lambda``,
strings, unknown functions) is refused with the token and its column. No ``eval``, no
``sympify`` or ``parse_expr`` on user text, ever.
"""

from __future__ import annotations

import keyword
import string
from dataclasses import dataclass, field
from fractions import Fraction

MAX_LENGTH = 4000
MAX_DEPTH = 120

#: Functions a claim may call, with their allowed argument counts.
VOCABULARY: dict[str, tuple[int, int]] = {
    "exp": (1, 1),
    "log": (1, 2),
    "ln": (1, 1),
    "sqrt": (1, 1),
    "tanh": (1, 1),
    "Abs": (1, 1),
    "Max": (1, 64),
    "Min": (1, 64),
    "ceiling": (1, 1),
    "floor": (1, 1),
    "factorial": (1, 1),
    "sigmoid": (1, 1),
    "softmax": (1, 1),
    "softmin": (1, 1),
    "logsumexp": (1, 1),
    "cross_entropy": (2, 2),
    "entropy": (1, 1),
    "KL": (2, 2),
    "diff": (2, 4),
    "limit": (3, 4),
    "Sum": (2, 2),
    "Product": (2, 2),
    "grad": (2, 2),
    "KroneckerDelta": (2, 2),
}
CONSTANTS = ("oo", "pi", "E")
#: Functions outside the vocabulary whose names are refused as scalars too (sin x is no product).
_NOT_VOCABULARY = ("sin", "cos", "tan")
#: The sides a limit may be taken from, quoted as SymPy takes them: limit(f, x, 0, '+').
SIDES = ("+-", "+", "-")
RELATIONS = ("=", "==", "<", "<=", ">", ">=")


class ClaimSyntaxError(ValueError):
    """A claim that cannot be read; says which token and where."""

    def __init__(self, message: str, column: int | None) -> None:
        super().__init__(message if column is None else f"{message} at column {column}")
        self.column = column


@dataclass(frozen=True)
class Node:
    """A syntax-tree node: ``op`` is num, name, call, index, tuple, neg, add, sub, mul, div, pow,
    or side (the quoted side of a limit, its fourth argument)."""

    op: str
    args: tuple[Node, ...] = ()
    value: str | Fraction | None = None
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Relation:
    """``left REL right``: the whole claim, with the reader's notes on what it left out or
    assumed (an annotation dropped, say), which the checker reports with the verdict."""

    rel: str
    left: Node
    right: Node
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: 1 when the claim was written with 1-based indices (its subscripts then read ``x[j - 1]``,
    #: and a free index ranges over 1…n).
    index_base: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Token:
    kind: str  # num, name, op, end
    text: str
    column: int


_DIGITS = frozenset(string.digits)
_NAME_START = frozenset(string.ascii_letters + "_")
_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_OPERATORS = ("**", "<=", ">=", "==", "!=", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "=", "<", ">")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, refusing anything outside the whitelist."""
    if len(text) > MAX_LENGTH:
        raise ClaimSyntaxError(f"claim is {len(text)} characters long; the limit is {MAX_LENGTH}", 1)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        col = i + 1
        if ch.isspace():
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < len(text) and text[i + 1] in _DIGITS):
            j = _number_end(text, i)
            tokens.append(Token("num", text[i:j], col))
            i = j
        elif ch in _NAME_START:
            j = i
            while j < len(text) and text[j] in _NAME_CHARS:
                j += 1
            name = text[i:j]
            if "__" in name:
                raise ClaimSyntaxError(f"double-underscore names are not allowed: {name!r}", col)
            if name.startswith("_"):
                # x^2_1 would read as x**2 times a variable _1; TeX shows it as x_1^2.
                raise ClaimSyntaxError(
                    f"a name cannot begin with '_': {name!r} (a subscript after a power? write x_1^2)", col
                )
            if keyword.iskeyword(name):
                raise ClaimSyntaxError(f"Python keyword {name!r} is not allowed", col)
            tokens.append(Token("name", name, col))
            i = j
        elif ch in "'\"":
            side = next((q for q in SIDES if text.startswith(f"{ch}{q}{ch}", i)), None)
            if side is None:
                raise ClaimSyntaxError("strings are not allowed", col)
            # limit(f, x, 0, '+'): SymPy's side of a limit. The token keeps its quotes, so that
            # it is never taken for the operator + or -.
            tokens.append(Token("side", f"'{side}'", col))
            i += len(side) + 2
        elif ch == ".":
            raise ClaimSyntaxError("attribute access ('.') is not allowed", col)
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is None:
                raise ClaimSyntaxError(f"unexpected character {ch!r}", col)
            if op == "!=":
                raise ClaimSyntaxError("'!=' is not a claim this checker decides; use =, <, <=, > or >=", col)
            tokens.append(Token("op", op, col))
            i += len(op)
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _number_end(text: str, i: int) -> int:
    """Where the number starting at ``i`` ends: digits, a fraction part, an exponent."""
    j = i
    while j < len(text) and text[j] in _DIGITS:
        j += 1
    if j < len(text) and text[j] == ".":
        j += 1
        while j < len(text) and text[j] in _DIGITS:
            j += 1
    signed = j + 2 < len(text) and text[j + 1] in "+-" and text[j + 2] in _DIGITS
    if j + 1 < len(text) and text[j] in "eE" and (text[j + 1] in _DIGITS or signed):
        j += 2
        while j < len(text) and text[j] in _DIGITS:
            j += 1
    return j


def _number(text: str) -> Fraction:
    """An exact rational from a decimal literal (``0.1`` is 1/10, not a binary float)."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    value = Fraction(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))
    if exponent:
        power = int(exponent)
        if abs(power) > 400:
            raise ClaimSyntaxError(f"exponent of {text!r} is too large", 0)
        value *= Fraction(10) ** power
    return value


class _Parser:
    def __init__(self, tokens: list[Token], euler: bool = True) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.euler = euler  # an undeclared e is Euler's number

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self, text: str | None = None) -> Token:
        tok = self.tok
        if text is not None and tok.text != text:
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(f"expected {text!r}, found {found}", tok.column)
        self.pos += 1
        return tok

    def relation(self) -> Relation:
        left = self.expr()
        tok = self.tok
        if tok.text not in RELATIONS:
            found = repr(tok.text) if tok.kind != "end" else "the end"
            raise ClaimSyntaxError(f"expected a comparison (=, <, <=, >, >=), found {found}", tok.column)
        self.take()
        right = self.expr()
        if self.tok.kind != "end":
            if self.tok.text in RELATIONS:
                raise ClaimSyntaxError("only one comparison per claim", self.tok.column)
            raise ClaimSyntaxError(f"unexpected {self.tok.text!r}", self.tok.column)
        return Relation("=" if tok.text == "==" else tok.text, left, right)

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimSyntaxError(f"nesting deeper than {MAX_DEPTH}", self.tok.column)

    def expr(self) -> Node:
        self._nest()
        node = self.term()
        while self.tok.text in ("+", "-"):
            op = self.take()
            node = Node("add" if op.text == "+" else "sub", (node, self.term()), column=op.column)
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        divided = False
        while True:
            if self.tok.text in ("*", "/"):
                op = self.take()
                divided = op.text == "/"
                node = Node("mul" if op.text == "*" else "div", (node, self.unary()), column=op.column)
            elif self.tok.kind in ("num", "name") or self.tok.text == "(":
                column = self.tok.column
                node = Node("mul", (node, self._implicit_factor(divided)), column=column)
            else:
                return node

    def _implicit_factor(self, divided: bool) -> Node:
        """The factor of an implicit product (``2x``, ``x y``, ``2(x + 1)``), refusing the
        readings that go two ways."""
        tok = self.tok
        if divided:
            raise ClaimSyntaxError(
                "ambiguous: a/2b reads as a/(2b) or as (a/2)*b; write the parentheses or the *",
                tok.column,
            )
        if tok.kind == "num":
            raise ClaimSyntaxError("a number right after a factor: write the * (x*2) or 2*x", tok.column)
        return self.power()

    def unary(self) -> Node:
        if self.tok.text in ("-", "+"):
            op = self.take()
            self._nest()
            operand = self.unary()
            self.depth -= 1
            return Node("neg", (operand,), column=op.column) if op.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.tok.text in ("**", "^"):
            op = self.take()
            self._nest()
            exponent = self.unary()  # right-associative: 2**3**2 = 2**(3**2)
            self.depth -= 1
            return Node("pow", (base, exponent), column=op.column)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        while self.tok.text == "[":
            op = self.take()
            index = self.expr()
            self.take("]")
            node = Node("index", (node, index), column=op.column)
        return node

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            try:
                return Node("num", value=_number(tok.text), column=tok.column)
            except ClaimSyntaxError as exc:
                raise ClaimSyntaxError(str(exc).rsplit(" at column", 1)[0], tok.column) from None
        if tok.kind == "name":
            self.take()
            if self.tok.text == "(":
                return self.call(tok)
            if tok.text in VOCABULARY or tok.text in _NOT_VOCABULARY:
                # log x would be a scalar called log times x.
                raise ClaimSyntaxError(f"{tok.text} is a function: write {tok.text}(…)", tok.column)
            if tok.text == "e" and self.euler:
                return Node("name", value="E", column=tok.column)  # Euler's number, unless declared
            return Node("name", value=tok.text, column=tok.column)
        if tok.text == "(":
            self.take()
            first = self.expr()
            if self.tok.text == ",":  # a tuple, as in Sum(f, (k, 0, 2))
                items = [first]
                while self.tok.text == ",":
                    self.take()
                    items.append(self.expr())
                self.take(")")
                return Node("tuple", tuple(items), column=tok.column)
            self.take(")")
            return first
        if tok.kind == "side":
            raise ClaimSyntaxError(
                f"{tok.text} in quotes is only the side of a limit: limit(f, x, 0, '+')", tok.column
            )
        found = repr(tok.text) if tok.kind != "end" else "the end"
        raise ClaimSyntaxError(f"expected a number, a name or '(', found {found}", tok.column)

    def call(self, name: Token) -> Node:
        if name.text not in VOCABULARY:
            raise ClaimSyntaxError(f"unknown function {name.text!r}", name.column)
        self.take("(")
        self._nest()
        args: list[Node] = []
        if self.tok.text != ")":
            args.append(self.expr())
            while self.tok.text == ",":
                self.take()
                if name.text == "limit" and len(args) == 3 and self.tok.kind == "side":
                    side = self.take()
                    args.append(Node("side", value=side.text.strip("'"), column=side.column))
                else:
                    args.append(self.expr())
        self.take(")")
        self.depth -= 1
        low, high = VOCABULARY[name.text]
        if not low <= len(args) <= high:
            expected = str(low) if low == high else f"{low} to {high}"
            raise ClaimSyntaxError(
                f"{name.text} takes {expected} argument{'s' if high > 1 else ''}, got {len(args)}",
                name.column,
            )
        if name.text == "limit" and len(args) == 4 and args[3].op != "side":
            raise ClaimSyntaxError("the fourth argument of limit is its side: '+' or '-'", args[3].column)
        return Node("call", tuple(args), value=name.text, column=name.column)


def parse_claim(text: str, *, euler: bool = True) -> Relation:
    """Read one claim ``LEFT REL RIGHT`` in SymPy spelling; ``euler``: an ``e`` is Euler's
    number (False when a variable ``e`` is declared)."""
    if not text.strip():
        raise ClaimSyntaxError("the claim is empty", 1)
    return _Parser(tokenize(text), euler).relation()


#: The deepest syntax tree the interpreters walk (each level costs a few Python frames).
MAX_TREE_DEPTH = 250


def check_depth(node: Node) -> Node:
    """``node``, or a ClaimSyntaxError if its tree is deeper than :data:`MAX_TREE_DEPTH` (a chain
    of 3000 implicit products would exhaust Python's recursion in every later step)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise ClaimSyntaxError(
                f"the expression nests deeper than {MAX_TREE_DEPTH} operations", current.column
            )
        stack.extend((child, depth + 1) for child in current.args)
    return node


def parse_expression(text: str, *, euler: bool = True) -> Node:
    """Read one expression (an answer to compare with a catalogue result)."""
    if not text.strip():
        raise ClaimSyntaxError("the answer is empty", 1)
    parser = _Parser(tokenize(text), euler)
    node = parser.expr()
    if parser.tok.kind != "end":
        raise ClaimSyntaxError(f"unexpected {parser.tok.text!r}", parser.tok.column)
    return check_depth(node)
