"""Whitelist parser for claims in a LaTeX subset, producing the same syntax tree as the text form.

Supported: ``\\frac``, ``e^{…}`` and ``\\exp``, ``\\log``, ``\\ln``, ``\\sigma`` (the logistic
function), ``\\sum_{k=a}^{b}``, ``\\max``, ``\\min``, ``\\sqrt``, ``\\tanh``,
``\\frac{\\partial …}{\\partial …}``, ``\\delta_{ij}``, ``\\lim_{x \\to a}``,
``\\left( \\right)``, ``\\cdot``, ``\\times``, ``\\operatorname{softmax}``, Greek letters,
implicit multiplication, and one of ``= < > \\le \\ge``. Indices are 0-based, as in NumPy.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim_syntax import MAX_DEPTH, MAX_LENGTH, ClaimSyntaxError, Node, Relation, Token, _number

_GREEK = {
    "alpha": "alpha",
    "beta": "beta",
    "gamma": "gamma",
    "lambda": "lam",
    "mu": "mu",
    "theta": "theta",
    "tau": "tau",
    "epsilon": "epsilon",
    "varepsilon": "epsilon",
    "eta": "eta",
    "phi": "phi",
    "varphi": "phi",
    "omega": "omega",
    "rho": "rho",
    "kappa": "kappa",
    "nu": "nu",
    "xi": "xi",
    "zeta": "zeta",
    "psi": "psi",
    "chi": "chi",
}
_FUNCTIONS = {
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "sigma": "sigmoid",
    "max": "Max",
    "min": "Min",
    "sqrt": "sqrt",
    "tanh": "tanh",
}
_NAMED = {"softmax", "softmin", "logsumexp", "sigmoid", "KL", "entropy", "cross_entropy", "LSE"}
_RELATIONS = {
    "=": "=",
    "<": "<",
    ">": ">",
    "\\le": "<=",
    "\\leq": "<=",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\lt": "<",
    "\\gt": ">",
    "\\leqslant": "<=",
    "\\geqslant": ">=",
}
_IGNORED = {"\\,", "\\;", "\\!", "\\:", "\\quad", "\\qquad", "\\displaystyle", "\\ "}


def _tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ClaimSyntaxError(f"claim is {len(text)} characters long; the limit is {MAX_LENGTH}", 1)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch, col = text[i], i + 1
        if ch.isspace():
            i += 1
        elif ch == "\\":
            j = i + 1
            while j < len(text) and text[j].isascii() and text[j].isalpha():
                j += 1
            if j == i + 1:
                j = min(i + 2, len(text))
            word = text[i:j]
            if word not in _IGNORED:
                tokens.append(Token("cmd", word, col))
            i = j
        elif ch in "0123456789.":
            j = i
            while j < len(text) and text[j] in "0123456789.":
                j += 1
            if text[i:j].count(".") > 1 or text[i:j] == ".":
                raise ClaimSyntaxError(f"malformed number {text[i:j]!r}", col)
            tokens.append(Token("num", text[i:j], col))
            i = j
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, col))
            i += 1
        elif ch in "+-*/=<>(){}[]^_,|":
            tokens.append(Token("op", ch, col))
            i += 1
        elif ch in "'\"":
            raise ClaimSyntaxError("strings are not allowed", col)
        else:
            raise ClaimSyntaxError(f"unexpected character {ch!r}", col)
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class _LatexParser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

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

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimSyntaxError(f"nesting deeper than {MAX_DEPTH}", self.tok.column)

    def relation(self) -> Relation:
        left = self.expr()
        tok = self.tok
        rel = _RELATIONS.get(tok.text)
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
            return tok.text not in _RELATIONS and tok.text not in ("\\right", "\\cdot", "\\times", "\\to")
        return tok.text in ("(", "{")

    def term(self) -> Node:
        node = self.factor()
        while True:
            if self.tok.text in ("*", "\\cdot", "\\times"):
                op = self.take()
                node = Node("mul", (node, self.factor()), column=op.column)
            elif self.tok.text == "/":
                op = self.take()
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
        while self.tok.text in ("^", "_"):
            op = self.take()
            arg = self.group_or_atom()
            if op.text == "^":
                if node.op == "name" and node.value == "e":
                    node = Node("call", (arg,), value="exp", column=node.column)
                else:
                    node = Node("pow", (node, arg), column=op.column)
            else:
                node = Node("index", (node, arg), column=op.column)
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
        return [self.factor()]

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
            if self.tok.text == "{" and self.tokens[self.pos + 1].text == "\\partial":
                return self.partial(col)
            num = self.braced()
            den = self.braced()
            return Node("div", (num, den), column=col)
        if name in ("mathrm", "operatorname", "text", "mathit"):
            word = self._word()
            if word in _NAMED:
                fname = "logsumexp" if word == "LSE" else word
                return Node("call", tuple(self._call_args()), value=fname, column=col)
            if word in ("exp", "log", "max", "min"):
                return Node("call", tuple(self._call_args()), value=_FUNCTIONS[word], column=col)
            return Node("name", value=word, column=col)
        if name in _FUNCTIONS:
            if name == "log" and self.tok.text == "_":  # \log_2 x
                self.take()
                base = self.group_or_atom()
                return Node("call", (*self._call_args(), base), value="log", column=col)
            return Node("call", tuple(self._call_args()), value=_FUNCTIONS[name], column=col)
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
        if name in _GREEK:
            return Node("name", value=_GREEK[name], column=col)
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
        self.take("{")
        var = self.atom()
        self.take("\\to")
        point = self.expr()
        if self.tok.text == "^":  # \to 0^+
            self.take()
            self.take()
        self.take("}")
        body = self.term()
        return Node("call", (body, var, point), value="limit", column=col)

    def partial(self, col: int) -> Node:
        # \frac{\partial f}{\partial x_j} or \frac{\partial^2 f}{\partial x_j^2}
        self.take("{")
        self.take("\\partial")
        order = 1
        if self.tok.text == "^":
            self.take()
            order_node = self.group_or_atom()
            if order_node.op != "num":
                raise ClaimSyntaxError("the order of a derivative must be a number", col)
            order = int(order_node.value)  # type: ignore[arg-type]
        func = self.expr()
        self.take("}")
        self.take("{")
        wrt: list[Node] = []
        while self.tok.text == "\\partial":
            self.take()
            var = self.postfix(self.atom()) if self.tok.kind != "letter" else self._variable()
            if var.op == "pow":  # \partial x^2
                var = var.args[0]
            wrt.append(var)
        self.take("}")
        if not wrt:
            raise ClaimSyntaxError("expected \\partial in the denominator", col)
        if order > 1 and len(wrt) == 1:
            wrt = wrt * order
        return Node("call", (func, *wrt), value="diff", column=col)

    def _variable(self) -> Node:
        tok = self.take()
        node = Node("name", value=tok.text, column=tok.column)
        while self.tok.text == "_":
            op = self.take()
            node = Node("index", (node, self.group_or_atom()), column=op.column)
        if self.tok.text == "^":
            self.take()
            self.group_or_atom()
        return node


def parse_latex_claim(text: str) -> Relation:
    """Read one claim written in the LaTeX subset (surrounding ``$`` are allowed)."""
    text = text.strip().strip("$").strip()
    if not text:
        raise ClaimSyntaxError("the claim is empty", 1)
    return _LatexParser(_tokenize(text)).relation()


def looks_like_latex(text: str) -> bool:
    """Whether to read ``text`` as LaTeX: it uses a backslash command, braces or ``$``."""
    return "\\" in text or "{" in text or text.strip().startswith("$")
