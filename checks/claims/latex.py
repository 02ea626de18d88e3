"""Whitelist parser for claims in a LaTeX subset, producing the same syntax tree as the text form.

Supported: ``\\frac``, ``e^{…}`` and ``\\exp``, ``\\log``, ``\\ln``, ``\\sigma`` (the logistic
function, also ``σ``), ``\\sum`` and ``\\prod`` (``_{k=a}^{b}``, or ``_j`` over a whole vector),
``\\max``, ``\\min``, ``\\sqrt`` and ``\\sqrt[n]{x}`` (read as ``x**(1/n)``), ``\\tanh``,
derivatives, ``\\partial_{x} f``, ``\\nabla_{x} f``, ``\\delta_{ij}``, ``\\lim_{x \\to a}``,
``\\left( \\right)`` and the other delimiters, ``|x|``, floors and ceilings, ``\\cdot``,
``\\times``, ``\\operatorname{softmax}``, ``\\mathbf{x}``, ``\\hat{y}`` (the name ``yhat``),
Greek letters (also in Unicode), ``\\text{…}`` annotations (dropped, with a note), implicit
multiplication, and one of ``= < > \\le \\ge``. ``e`` is Euler's number unless a variable ``e``
is declared. Indices are as written; :mod:`checks.claims.notation` makes them 0-based.

Derivatives are ``\\frac{\\partial^3 f}{\\partial x^2 \\partial y}`` or the operator form
``\\frac{\\partial^2}{\\partial x^2} f``, and the same with ``d`` (or ``\\mathrm{d}``) for
``\\partial``: ``\\frac{d f}{dx}``, ``\\frac{d^2}{dx^2} f``. An exponent on a variable of the
denominator is its order, and the order on the numerator must equal their total. The operator
form applies to the product after it; when ``+`` or ``-`` follows, the expression must be put in
parentheses, and a parenthesised expression must not be followed by more factors. A ``\\frac``
is a derivative with ``d`` when its numerator starts with ``d`` and its denominator with ``d``
and a variable; such a claim must not also use ``d`` as a variable, and ``/dx`` is refused.

Refused as ambiguous: ``a^b^c``, ``\\log 2a``, ``a/2b``, a function's name without its backslash
(``exp(x)`` is e·x·p), a name not declared as a variable before parentheses (``f(x)``: a
function or a product?), ``|…|`` inside ``|…|``, a capital ``E``.
"""

from __future__ import annotations

from checks.claims.latex_commands import CommandParser
from checks.claims.latex_tokens import RELATIONS, drop_annotations, tokenize
from checks.claims.syntax import CONSTANTS, ClaimSyntaxError, Node, Relation, Token, _number

#: Tokens that end a product: nothing juxtaposed after a factor starts with them.
CLOSERS = {"\\right", "\\cdot", "\\times", "\\to", "\\rfloor", "\\rceil", "\\rvert", "\\}", "\\|"}
#: The most letters written side by side that read as a product (xyz); more read as a word.
MAX_LETTER_RUN = 3
#: Function names that, written without a backslash, would read as products of letters.
FUNCTION_WORDS = ("exp", "log", "ln", "sin", "cos", "tan", "max", "min", "sqrt", "lim", "sum", "sigmoid")

#: Commands TeX typesets whole after ^ or _ without braces (x^\frac12, x^\mathrm{T}).
_WHOLE_IN_A_SCRIPT = frozenset(
    {"\\frac", "\\dfrac", "\\tfrac", "\\mathrm", "\\mathbf", "\\mathit", "\\operatorname", "\\text"}
)


class _LatexParser(CommandParser):
    """Recursive descent over the tokens: relation, sums of terms, products of factors."""

    def __init__(self, tokens: list[Token], declared: frozenset[str] = frozenset()) -> None:
        super().__init__(tokens, declared)
        self.euler = "e" not in declared

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
            return tok.text not in RELATIONS and tok.text not in CLOSERS
        if tok.text == "|":
            return not self.bars  # inside |…| a bar closes it
        return tok.text in ("(", "{")

    def term(self) -> Node:
        node = self.factor()
        divided = False
        while True:
            if self.tok.text in ("*", "\\cdot", "\\times"):
                op = self.take()
                divided = False
                node = Node("mul", (node, self.factor()), column=op.column)
            elif self.tok.text == "/":
                op = self.take()
                if self._looks_like_differential(self.pos):
                    raise ClaimSyntaxError(
                        "'/d' followed by a variable reads like a derivative written with a slash; "
                        "write \\frac{d}{dx} for a derivative, or (d x) for a product",
                        op.column,
                    )
                divided = True
                node = Node("div", (node, self.factor()), column=op.column)
            elif self._starts_atom():
                col = self.tok.column
                self._refuse_scientific(node)
                if divided:
                    raise ClaimSyntaxError(
                        "ambiguous: a/2b reads as a/(2b) or as (a/2) b; write \\frac{a}{2b}, "
                        "or the parentheses",
                        col,
                    )
                if self.tok.kind == "num":  # x 2, 2 3: x·2, x_2, 23?
                    raise ClaimSyntaxError("a number right after a factor: write \\cdot between them", col)
                node = Node("mul", (node, self.factor()), column=col)  # implicit multiplication
            else:
                return node

    def _refuse_scientific(self, node: Node) -> None:
        """Refuse ``1e-3`` (and ``2E5``): 1·e - 3 to TeX, 0.001 to a programmer."""
        tok, after = self.tok, self._at(self.pos + 1)
        before = self._at(self.pos - 1)
        if node.op != "num" or before.kind != "num" or tok.kind != "letter" or tok.text not in ("e", "E"):
            return
        if tok.column != before.column + len(before.text) or after.column != tok.column + 1:
            return
        if after.kind == "num" or after.text in ("-", "+"):
            shown = before.text + tok.text + after.text
            raise ClaimSyntaxError(
                f"{shown}… reads as a number times {tok.text} in LaTeX and as a power of ten in code: "
                f"write 10^{{…}} for the power, or \\cdot for the product",
                tok.column,
            )

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
            if op.text == "_":
                self._one_subscript(op)
            arg = self.group_or_atom()
            if op.text == "^":
                if self._is_euler(node):
                    node = Node("call", (arg,), value="exp", column=node.column)
                else:
                    node = Node("pow", (node, arg), column=op.column)
            elif powered and node.op == "pow":  # x^2_1 is x_1^2 in TeX: the index is the base's
                base, exponent = node.args
                entry = Node("index", (base, arg), column=op.column)
                node = Node("pow", (entry, exponent), column=node.column)
            elif powered:
                raise ClaimSyntaxError("a subscript after a superscript: write it first", op.column)
            else:
                node = Node("index", (node, arg), column=op.column)
        if self._is_euler(node):
            return Node("name", value="E", column=node.column)  # a bare e is Euler's number, as e^{…} is exp
        if node.op == "name" and self._before_parentheses() and str(node.value) not in self.declared:
            if node.value not in CONSTANTS:
                shown = str(node.value)
                raise ClaimSyntaxError(
                    f"'{shown}(…)' reads as a function {shown} applied or as {shown} times (…): write "
                    f"{shown} \\cdot (…) for the product ({shown} is no function of the vocabulary)",
                    self.tok.column,
                )
        return node

    def _one_subscript(self, op: Token) -> None:
        """Refuse ``x_ij`` (x_i times j to TeX) and ``x_{ij}`` (an entry of a matrix, or x[i·j]?)."""
        first = 1 if self.tok.text == "{" else 0
        a, b = self._at(self.pos + first), self._at(self.pos + first + 1)
        if a.kind == "letter" and b.kind == "letter" and (first or b.column == a.column + 1):
            shown = f"_{{{a.text}{b.text}}}" if first else f"_{a.text}{b.text}"
            raise ClaimSyntaxError(
                f"{shown} reads as a pair of indices or as a product: a matrix is not in the subset; "
                f"write _{{{a.text} \\cdot {b.text}}} for the product",
                op.column,
            )

    def _is_euler(self, node: Node) -> bool:
        return node.op == "name" and (node.value == "E" or (node.value == "e" and self.euler))

    def _before_parentheses(self) -> bool:
        return self.tok.text == "(" or (self.tok.text == "\\left" and self._at(self.pos + 1).text == "(")

    def group_or_atom(self) -> Node:
        """The argument of ^ or _: a braced group, or a single letter, digit or command."""
        if self.tok.text == "{":
            self.take()
            return self._enclosed("}")
        # TeX takes one token after ^ or _: what else follows is not in the script. Reading it
        # in would check a formula other than the one shown: refused with the braces to write.
        tok, op = self.tok, self._at(self.pos - 1).text
        script = "superscript" if op == "^" else "subscript"
        if tok.text in ("-", "+"):  # 2^-1 shows as 2⁻1 (and e^-x does not typeset)
            raise ClaimSyntaxError(
                f"{op}{tok.text} takes only the sign in TeX: write {op}{{{tok.text}…}} "
                f"around the whole {script}",
                tok.column,
            )
        if tok.kind == "num":
            if len(tok.text) > 1:  # x^12 shows as x¹2, x_12 as x₁2
                raise ClaimSyntaxError(
                    f"{op}{tok.text} shows as {op}{tok.text[0]} followed by {tok.text[1:]} in TeX: "
                    f"write {op}{{{tok.text}}}",
                    tok.column,
                )
            self.take()
            return Node("num", value=_number(tok.text), column=tok.column)
        start = self.pos
        node = self.atom()
        if tok.kind == "cmd" and tok.text not in _WHOLE_IN_A_SCRIPT and self.pos > start + 1:
            # e^\sigma(z) shows as e^σ followed by (z)
            raise ClaimSyntaxError(
                f"{op}{tok.text} takes only {tok.text} in TeX, not what follows it: write {op}{{…}} "
                f"around the whole {script}",
                tok.column,
            )
        return node

    def braced(self) -> Node:
        self.take("{")
        return self._enclosed("}")

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Node("num", value=_number(tok.text), column=tok.column)
        if tok.kind == "letter":
            return self.letter()
        if tok.text in ("(", "["):
            self.take()
            return self._enclosed(")" if tok.text == "(" else "]")
        if tok.text == "{":
            return self.braced()
        if tok.text == "|":
            return self.delimited(self.take())
        if tok.kind == "cmd":
            return self.command()
        found = repr(tok.text) if tok.kind != "end" else "the end"
        raise ClaimSyntaxError(f"expected a term, found {found}", tok.column)

    def letter(self) -> Node:
        """A letter: a variable, or by convention ``H(p)`` (entropy), ``H(p, q)`` (cross-entropy)
        and ``D_{\\mathrm{KL}}(p \\| q)`` when H or D is not declared."""
        tok = self.take()
        previous = self.tokens[self.pos - 2] if self.pos >= 2 else None
        if previous is None or previous.kind != "letter" or previous.column + 1 != tok.column:
            run = tok.text
            while self._at(self.pos + len(run) - 1).kind == "letter" and (
                self._at(self.pos + len(run) - 1).column == tok.column + len(run)
            ):
                run += self._at(self.pos + len(run) - 1).text
            spelled = next((w for w in FUNCTION_WORDS if w in run), None)
            if spelled is not None:
                raise ClaimSyntaxError(
                    f"'{run}' spells {spelled} without a backslash, which reads as a product of "
                    f"letters: write \\{spelled}",
                    tok.column,
                )
            if len(run) > MAX_LETTER_RUN:
                word = run if len(run) <= 12 else run[:12] + "…"
                raise ClaimSyntaxError(
                    f"'{word}' reads as a word or as a product of {len(run)} letters: write "
                    f"\\mathrm{{{word}}} for a name, or spaces between the factors",
                    tok.column,
                )
        if tok.text == "E":
            raise ClaimSyntaxError(
                "a capital E reads as Euler's number or as a variable: write e or \\mathrm{e} for "
                "Euler's number, another letter for a variable",
                tok.column,
            )
        if tok.text not in self.declared:
            if tok.text == "H" and self.tok.text == "(":
                args = self._call_args()
                if len(args) in (1, 2):
                    name = "entropy" if len(args) == 1 else "cross_entropy"
                    return Node("call", tuple(args), value=name, column=tok.column)
            if tok.text == "D" and self._kl_subscript():
                return Node("call", tuple(self._call_args((",", "\\|"))), value="KL", column=tok.column)
        return Node("name", value=tok.text, column=tok.column)

    def _kl_subscript(self) -> bool:
        """Whether ``_{\\mathrm{KL}}`` or ``_{KL}`` and a ``(`` follow (then they are taken)."""
        for pattern in (["_", "{", "\\mathrm", "{", "K", "L", "}", "}", "("], ["_", "{", "K", "L", "}", "("]):
            if [self._at(self.pos + k).text for k in range(len(pattern))] == pattern:
                self.pos += len(pattern) - 1
                return True
        return False

    def _call_args(self, separators: tuple[str, ...] = (",",)) -> list[Node]:
        """Arguments of a function: (a, b), \\left( a \\right), {a}, or a single factor."""
        closing = {"(": ")", "[": "]"}
        if self.tok.text == "\\left" and self._at(self.pos + 1).text in closing:
            self.take()
            end = ["\\right", closing[self.take().text]]
        elif self.tok.text == "(":
            self.take()
            end = [")"]
        elif self.tok.text == "{":
            return [self.braced()]
        else:
            arg = self.factor()
            if self._starts_atom() and self.tok.kind != "cmd":
                # \log 2a: log(2a) to a reader, log(2)·a to a parser that takes one factor.
                raise ClaimSyntaxError(
                    r"a function's argument without parentheses is one factor: write \log(2a) for "
                    r"log(2a), or (\log 2) a for the product",
                    self.tok.column,
                )
            return [arg]
        bars, self.bars = self.bars, 0
        args = [self.expr()]
        while self.tok.text in separators:
            self.take()
            args.append(self.expr())
        for text in end:
            self.take(text)
        self.bars = bars
        return args


def parse_latex_claim(text: str, *, declared: frozenset[str] = frozenset()) -> Relation:
    """Read one claim written in the LaTeX subset (surrounding ``$`` are allowed); ``declared``
    names are variables (a declared ``e`` is no constant, a declared ``f`` may multiply ``(…)``).
    The notes say what was dropped (annotations)."""
    parser, notes = _parser(text, "the claim is empty", declared)
    relation = parser.relation()
    _check_differential_d(parser, relation.left, relation.right)
    return Relation(relation.rel, relation.left, relation.right, tuple(notes))


def parse_latex_expression(text: str, *, declared: frozenset[str] = frozenset()) -> Node:
    """Read one expression in the LaTeX subset (an answer to compare with a catalogue result)."""
    return parse_latex_expression_with_notes(text, declared=declared)[0]


def parse_latex_expression_with_notes(
    text: str, *, declared: frozenset[str] = frozenset()
) -> tuple[Node, tuple[str, ...]]:
    """:func:`parse_latex_expression`, and the notes on what was dropped."""
    parser, notes = _parser(text, "the answer is empty", declared)
    node = parser.expr()
    if parser.tok.kind != "end":
        raise ClaimSyntaxError(f"unexpected {parser.tok.text!r}", parser.tok.column)
    _check_differential_d(parser, node)
    return node, tuple(notes)


def _parser(text: str, empty: str, declared: frozenset[str]) -> tuple[_LatexParser, list[str]]:
    text = text.strip().strip("$").strip()
    if not text:
        raise ClaimSyntaxError(empty, 1)
    tokens, notes = drop_annotations(tokenize(text))
    if len(tokens) == 1:
        raise ClaimSyntaxError(empty, 1)
    return _LatexParser(tokens, declared), notes


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
