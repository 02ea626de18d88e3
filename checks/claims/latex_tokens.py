"""The LaTeX subset's vocabulary and tokenizer: commands, Greek letters, relations, tokens."""

from __future__ import annotations

from checks.claims.syntax import MAX_DEPTH, MAX_LENGTH, ClaimSyntaxError, Token

GREEK = {
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
FUNCTIONS = {
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "sigma": "sigmoid",
    "max": "Max",
    "min": "Min",
    "sqrt": "sqrt",
    "tanh": "tanh",
}
NAMED = {"softmax", "softmin", "logsumexp", "sigmoid", "KL", "entropy", "cross_entropy", "LSE"}
RELATIONS = {
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
D_WRAPPERS = {"\\mathrm", "\\text", "\\operatorname", "\\mathit"}
GROUPS = ("(", "[", "{", "\\left")
#: Highest order of a derivative (the numeric check nests one central difference per order).
MAX_DERIVATIVE_ORDER = 8
IGNORED = {"\\,", "\\;", "\\!", "\\:", "\\quad", "\\qquad", "\\displaystyle", "\\ "}


def tokenize(text: str) -> list[Token]:
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
            if word not in IGNORED:
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


class TokenCursor:
    """A position in a token list, with the nesting depth bounded (a tree deeper than
    :data:`MAX_DEPTH` is refused)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.d_derivative: Token | None = None  # the first d read as the d of a derivative

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
