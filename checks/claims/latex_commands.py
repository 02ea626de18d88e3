"""The commands of the LaTeX subset: functions, decorated names, delimiters, sums and products,
gradients, limits, roots.

The grammar's other rules (:meth:`expr`, :meth:`term`, :meth:`factor`, …) come from the
parser that inherits this class.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claims.latex_derivative import DerivativeParser
from checks.claims.latex_tokens import FUNCTIONS, GREEK, NAMED, RELATIONS
from checks.claims.syntax import CONSTANTS, ClaimSyntaxError, Node, Token

#: Bold, arrows: the same name (a vector is declared by its name).
BOLD = {"mathbf", "boldsymbol", "bm", "vec", "pmb", "mathbfit"}
#: Accents: a name of their own, ``\hat{y}`` is ``yhat``.
ACCENTS = {
    "hat": "hat",
    "widehat": "hat",
    "bar": "bar",
    "overline": "bar",
    "tilde": "tilde",
    "widetilde": "tilde",
    # Script letters are names of their own too: \mathcal{L} is Lcal, never the letter L.
    "mathcal": "cal",
    "mathscr": "scr",
}
#: Delimiters: what closes each, and the function a pair stands for.
PAIRS = {
    "(": ")",
    "[": "]",
    "\\{": "\\}",
    "|": "|",
    "\\lvert": "\\rvert",
    "\\lfloor": "\\rfloor",
    "\\lceil": "\\rceil",
}
_OPENING = ("{", "(", "[", "\\left")
_CLOSING = ("}", ")", "]", "\\right")
WRAPS = {"|": "Abs", "\\lvert": "Abs", "\\lfloor": "floor", "\\lceil": "ceiling"}


class CommandParser(DerivativeParser):
    """The command rules of the LaTeX parser."""

    def braced(self) -> Node:
        raise NotImplementedError

    def _call_args(self, separators: tuple[str, ...] = (",",)) -> list[Node]:
        raise NotImplementedError

    def command(self) -> Node:
        """Long because it is the table of commands, one short branch each."""
        tok = self.take()
        name = tok.text[1:]
        col = tok.column
        if name == "left":
            return self.left_right()
        if tok.text in WRAPS or tok.text == "\\{":
            return self.delimited(tok)
        if name in ("frac", "dfrac", "tfrac"):
            kind = self._derivative_kind() if name == "frac" else None
            if kind is not None:
                return self.derivative(col, kind)
            num = self._frac_argument()
            den = self._frac_argument()
            return Node("div", (num, den), column=col)
        if name in ("mathrm", "operatorname", "mathit"):
            return self.named(col)
        if name in BOLD or name in ACCENTS:
            return Node("name", value=self.decorated(name, col), column=col)
        if name == "sqrt" and self.tok.text == "[":
            return self.root(col)
        if name in FUNCTIONS and self.tok.text == "'":
            return self.primed(col, FUNCTIONS[name])
        if name in FUNCTIONS:
            if name == "log" and self.tok.text == "_":  # \log_2 x
                self.take()
                base = self.group_or_atom()
                if self._is_euler(base):  # \log_e is ln, as a bare e is Euler's number elsewhere
                    base = Node("name", value="E", column=base.column)
                return Node("call", (*self._call_args(), base), value="log", column=col)
            return Node("call", tuple(self._call_args()), value=FUNCTIONS[name], column=col)
        if name in ("sum", "prod"):
            return self.big_operator(col, "Sum" if name == "sum" else "Product")
        if name == "lim":
            return self.limit(col)
        if name in ("nabla", "partial"):
            return self.differential_operator(col, name)
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

    def primed(self, col: int, function: str) -> Node:
        """``\\sigma'(z)``, ``\\tanh''(x)``: derivatives of a function of the vocabulary at a
        variable (at an expression they would need a substitution, which is not read)."""
        order = 0
        while self.tok.text == "'":
            self.take()
            order += 1
        args = self._call_args()
        if len(args) != 1 or args[0].op not in ("name", "index"):
            raise ClaimSyntaxError(
                "a derivative written with a prime is read at a variable, as in \\sigma'(z); "
                "write \\frac{d}{dz} for one at an expression",
                col,
            )
        call = Node("call", (args[0],), value=function, column=col)
        return Node("call", (call, *[args[0]] * order), value="diff", column=col)

    def named(self, col: int) -> Node:
        """``\\operatorname{softmax}``, ``\\mathrm{KL}``, ``\\mathrm{e}`` (Euler's number, even
        beside a variable e), or an upright name such as ``\\mathrm{loss}``."""
        word = self._word()
        if word in NAMED:
            fname = "logsumexp" if word == "LSE" else word
            separators = (",", "\\|") if word == "KL" else (",",)
            return Node("call", tuple(self._call_args(separators)), value=fname, column=col)
        if word in FUNCTIONS:
            return Node("call", tuple(self._call_args()), value=FUNCTIONS[word], column=col)
        if word == "e":
            return Node("name", value="E", column=col)
        if word in CONSTANTS:
            raise ClaimSyntaxError(f"\\mathrm{{{word}}} is not a name this checker reads: rename it", col)
        return Node("name", value=word, column=col)

    def _word(self) -> str:
        self.take("{")
        letters = []
        while self.tok.kind == "letter" or self.tok.text == "_":
            letters.append(self.take().text)
        self.take("}")
        return "".join(letters)

    def decorated(self, name: str, col: int) -> str:
        """The name of ``\\mathbf{x}`` (``x``), ``\\hat{y}`` (``yhat``), ``\\bar{\\mathbf{x}}``
        (``xbar``): one letter or Greek letter, in braces or not."""
        braced = self.tok.text == "{"
        if braced:
            self.take()
        tok = self.take()
        if tok.kind == "letter":
            inner = tok.text
        elif tok.kind == "cmd" and tok.text[1:] in GREEK:
            inner = GREEK[tok.text[1:]]
        elif tok.kind == "cmd" and (tok.text[1:] in BOLD or tok.text[1:] in ACCENTS):
            inner = self.decorated(tok.text[1:], tok.column)
        else:
            raise ClaimSyntaxError(
                f"\\{name}{{…}} takes one letter, as in \\{name}{{x}} (a vector of ones or zeros "
                "is not in the subset)",
                tok.column,
            )
        if braced:
            self.take("}")
        if name in BOLD and inner == "e":
            raise ClaimSyntaxError(f"\\{name}{{e}} (a basis vector) is not in the subset", col)
        return inner + ACCENTS.get(name, "")

    def _enclosed(self, closing: str) -> Node:
        """The expression up to ``closing``, with its own ``|…|`` (a bar inside brackets
        never closes one outside them)."""
        bars, self.bars = self.bars, 0
        node = self.expr()
        self.take(closing)
        self.bars = bars
        return node

    def _frac_argument(self) -> Node:
        """An argument of \\frac: a braced group, or one digit as TeX takes it (\\frac12 is ½)."""
        tok = self.tok
        if tok.kind == "num" and tok.text.isdigit():
            self.take()
            if len(tok.text) > 1:  # the rest of the digits are the next argument, or what follows
                self.pos -= 1
                self.tokens[self.pos] = Token("num", tok.text[1:], tok.column + 1)
            return Node("num", value=Fraction(int(tok.text[0])), column=tok.column)
        return self.braced()

    def delimited(self, opening: Token) -> Node:
        """``|x|``, ``\\lfloor x \\rfloor``, ``\\lceil x \\rceil``, ``\\{ x \\}``, after the opening."""
        text = opening.text
        if text == "|":
            if self.bars:
                # ||x| - 1|: which bar opens and which closes is a guess; \left| … \right| is not.
                raise ClaimSyntaxError(
                    "a |…| inside another is ambiguous: write \\left| … \\right| for the outer one",
                    opening.column,
                )
            self.bars += 1
            node = self.expr()
            self.take("|")
            self.bars -= 1
            if self._starts_atom() and self.tok.text != "|" and self._bar_ahead():
                # |a|b|c|: |a|·b·|c| or |a·|b|·c|?
                raise ClaimSyntaxError(
                    "ambiguous bars: a factor follows |…| and another | comes later; write "
                    "\\cdot between the factors, or \\left| … \\right|",
                    self.tok.column,
                )
        else:
            node = self._enclosed(PAIRS[text])
        return Node("call", (node,), value=WRAPS[text], column=opening.column) if text in WRAPS else node

    def _bar_ahead(self) -> bool:
        """Whether a plain ``|`` comes later in this side of the relation (at this depth)."""
        depth = 0
        for tok in self.tokens[self.pos :]:
            if tok.text in _OPENING:
                depth += 1
            elif tok.text in _CLOSING:
                depth -= 1
            if tok.text in RELATIONS or depth < 0:
                return False
            if tok.text == "|" and depth == 0:
                return True
        return False

    def left_right(self) -> Node:
        """``\\left( … \\right)``, and with ``[ ]``, ``\\{ \\}``, ``| |``, floors and ceilings."""
        opening = self.take()
        if opening.text not in PAIRS:
            raise ClaimSyntaxError(
                "expected a delimiter after \\left: ( [ \\{ | \\lfloor \\lceil", opening.column
            )
        node = self._enclosed("\\right")
        closing = self.take()
        if closing.text != PAIRS[opening.text]:
            raise ClaimSyntaxError(
                f"\\left{opening.text} closes with \\right{PAIRS[opening.text]}", closing.column
            )
        wrap = WRAPS.get(opening.text)
        return Node("call", (node,), value=wrap, column=opening.column) if wrap else node

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

    def big_operator(self, col: int, kind: str) -> Node:
        """``\\sum_{k=0}^{2}``, ``\\sum_{j=1}^q`` (a symbolic bound stays a name), ``\\sum_j`` and
        ``\\sum_{j}`` (bounds ``(j,)``: over the whole vector j subscripts, filled in from the
        declarations); ``\\prod`` the same. The body is the product after it."""
        symbol = "\\sum" if kind == "Sum" else "\\prod"
        high = None
        if self.tok.text == "^":  # \sum^{n}_{k=1}
            self.take()
            high = self.group_or_atom()
        if self.tok.text != "_":
            raise ClaimSyntaxError(
                f"{symbol} needs its index, as in {symbol}_{{k=1}}^{{n}} or {symbol}_k", self.tok.column
            )
        self.take("_")
        braced = self.tok.text == "{"
        if braced:
            self.take()
        var = self.take()
        if var.kind != "letter":
            raise ClaimSyntaxError(
                f"{symbol} needs an index letter, as in {symbol}_{{k=0}}^{{2}}", var.column
            )
        index = Node("name", value=var.text, column=var.column)
        bounds: tuple[Node, ...] = (index,)
        if braced and self.tok.text == "=":
            self.take()
            low = self.expr()
            self.take("}")
            if high is None:
                self.take("^")
                high = self.group_or_atom()
            bounds = (index, low, high)
        else:
            if braced:
                self.take("}")
            if high is not None or self.tok.text == "^":
                raise ClaimSyntaxError(
                    f"{symbol} with an upper bound needs its lower one: {symbol}_{{k=1}}^{{n}}", col
                )
        self._nest()
        body = self.term()
        self.depth -= 1
        return Node("call", (body, Node("tuple", bounds, column=col)), value=kind, column=col)

    def differential_operator(self, col: int, name: str) -> Node:
        """``\\nabla_{\\mathbf{o}} f`` (the gradient: the vector of partials of f by each entry
        of o) and ``\\partial_{o_j} f``; what they apply to is read as after ``\\frac{d}{dx}``."""
        if self.tok.text != "_":
            shown = (
                "\\nabla_{x} f" if name == "nabla" else "\\partial_{x} f or \\frac{\\partial f}{\\partial x}"
            )
            raise ClaimSyntaxError(f"write \\{name} with what it differentiates by: {shown}", col)
        self.take("_")
        var = self.group_or_atom()
        if name == "nabla" and var.op != "name":
            raise ClaimSyntaxError("\\nabla_{x} differentiates by a whole vector: write its name", var.column)
        if var.op not in ("name", "index"):
            raise ClaimSyntaxError("\\partial_{x} differentiates by a variable (x or x_j)", var.column)
        if self.tok.text == "^":
            raise ClaimSyntaxError("write a higher derivative as \\frac{\\partial^2 f}{\\partial x^2}", col)
        body = self._operand()
        return Node("call", (body, var), value="grad" if name == "nabla" else "diff", column=col)

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

    def atom(self) -> Node:
        raise NotImplementedError

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
