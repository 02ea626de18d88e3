"""The LaTeX subset's vocabulary and tokenizer: commands, Greek letters, relations, tokens."""

from __future__ import annotations

from checks.claims.syntax import MAX_DEPTH, MAX_LENGTH, ClaimSyntaxError, Token

GREEK = {
    "alpha": "alpha",
    "beta": "beta",
    "gamma": "gamma",
    "epsilon": "epsilon",
    "varepsilon": "epsilon",
    "zeta": "zeta",
    "eta": "eta",
    "theta": "theta",
    "vartheta": "theta",
    "iota": "iota",
    "kappa": "kappa",
    "lambda": "lam",
    "mu": "mu",
    "nu": "nu",
    "xi": "xi",
    "rho": "rho",
    "varrho": "rho",
    "tau": "tau",
    "upsilon": "upsilon",
    "phi": "phi",
    "varphi": "phi",
    "chi": "chi",
    "psi": "psi",
    "omega": "omega",
    "Gamma": "Gamma",
    "Delta": "Delta",
    "Theta": "Theta",
    "Lambda": "Lambda",
    "Xi": "Xi",
    "Pi": "Pi",
    "Sigma": "Sigma",
    "Upsilon": "Upsilon",
    "Phi": "Phi",
    "Psi": "Psi",
    "Omega": "Omega",
    # Not Greek, but a letter of its own: the loss ℓ.
    "ell": "ell",
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
IGNORED = {
    "\\,",
    "\\;",
    "\\!",
    "\\:",
    "\\ ",
    "\\quad",
    "\\qquad",
    "\\displaystyle",
    "\\textstyle",
    "\\limits",
    "\\nolimits",
    "\\nonumber",
    "\\notag",
    # Sizes of delimiters: \big( is (.
    *(f"\\{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")),
}
#: Commands whose braced argument is dropped with them (they number or name the formula).
LABELS = {"\\label", "\\tag"}
#: Commands of text: an annotation, dropped with a note (unless it names a function).
TEXT = {"\\text", "\\textrm", "\\textit", "\\textbf", "\\textnormal", "\\textsf", "\\mbox"}
#: Words that \text{…} spells as mathematics, not as an annotation.
TEXT_WORDS = NAMED | {"exp", "log", "ln", "max", "min", "d", "e"}
#: Unicode characters read as the LaTeX they stand for (σ is the sigmoid, as \sigma is).
UNICODE = {
    **{
        letter: f"\\{name}"
        for letter, name in zip(
            "αβγδεϵζηθϑικλμµνξπρστυφϕχψωΓΔΘΛΞΦΨΩ",
            "alpha beta gamma delta epsilon epsilon zeta eta theta theta iota kappa lambda mu mu nu "
            "xi pi rho sigma tau upsilon phi phi chi psi omega Gamma Delta Theta Lambda Xi Phi Psi "
            "Omega".split(),
            strict=True,
        )
    },
    "ℓ": "\\ell",
    "·": "\\cdot",
    "⋅": "\\cdot",
    "×": "\\times",
    "≤": "\\le",
    "⩽": "\\le",
    "≥": "\\ge",
    "⩾": "\\ge",
    "−": "-",
    "∂": "\\partial",
    "∇": "\\nabla",
    "∑": "\\sum",
    "∏": "\\prod",
    "∞": "\\infty",
    "√": "\\sqrt",
    "→": "\\to",
    "⌊": "\\lfloor",
    "⌋": "\\rfloor",
    "⌈": "\\lceil",
    "⌉": "\\rceil",
}
#: Unicode characters refused with a reason (a capital Σ or Π is a letter and an operator).
UNICODE_REFUSED = {
    "Σ": "write ∑ or \\sum for a sum (Σ is also the Greek capital letter)",
    "Π": "write ∏ or \\prod for a product (Π is also the Greek capital letter)",
    "≠": "'≠' is not a claim this checker decides; use =, <, \\le, > or \\ge",
}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``: commands, numbers, single letters, operators, and ``text``
    tokens for ``\\text{…}`` annotations (their raw content)."""
    if len(text) > MAX_LENGTH:
        raise ClaimSyntaxError(f"claim is {len(text)} characters long; the limit is {MAX_LENGTH}", 1)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch, col = text[i], i + 1
        if ch.isspace() or ch in "~&":  # a non-breaking space, an alignment mark
            i += 1
        elif ch == "\\":
            i = _command(text, i, tokens)
        elif ch in "0123456789.":
            j = i
            while j < len(text) and text[j] in "0123456789.":
                j += 1
            if text[i:j].count(".") > 1:
                raise ClaimSyntaxError(f"malformed number {text[i:j]!r}", col)
            tokens.append(Token("op" if text[i:j] == "." else "num", text[i:j], col))
            i = j
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("letter", ch, col))
            i += 1
        elif ch in "+-*/=<>(){}[]^_,|":
            tokens.append(Token("op", ch, col))
            i += 1
        elif (
            ch == "'"
            and tokens
            and (tokens[-1].kind == "cmd" or tokens[-1].text == "'")
            and not text[i - 1].isspace()
        ):
            tokens.append(Token("op", "'", col))  # \sigma'(z): a prime
            i += 1
        elif ch in "'\"":
            raise ClaimSyntaxError("strings are not allowed", col)
        elif ch in UNICODE:
            meaning = UNICODE[ch]
            tokens.append(Token("cmd" if meaning.startswith("\\") else "op", meaning, col))
            i += 1
        elif ch in UNICODE_REFUSED:
            raise ClaimSyntaxError(f"{ch!r}: {UNICODE_REFUSED[ch]}", col)
        else:
            raise ClaimSyntaxError(f"unexpected character {ch!r}", col)
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _command(text: str, i: int, tokens: list[Token]) -> int:
    """Read the command at ``i`` into ``tokens`` (a label with its argument, a text with its
    content); returns where the next token starts."""
    j = i + 1
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    if j == i + 1:
        j = min(i + 2, len(text))
    word = text[i:j]
    if word in LABELS or word in TEXT:
        content, end = _raw_group(text, j, word)
        if word in TEXT and content.strip() in TEXT_WORDS:
            # \text{softmax} names a function, \text{d} a differential: as \mathrm{…} does.
            start = j + 1 + content.index(content.strip())
            tokens += [Token("cmd", "\\mathrm", i + 1), Token("op", "{", j + 1)]
            tokens += [Token("letter", c, start + k + 1) for k, c in enumerate(content.strip())]
            tokens.append(Token("op", "}", end))
        elif word in TEXT:
            tokens.append(Token("text", content, i + 1))
        return end
    if word not in IGNORED:
        tokens.append(Token("cmd", word, i + 1))
    return j


def _raw_group(text: str, j: int, word: str) -> tuple[str, int]:
    """The raw content of the braced group at ``j`` (after spaces), and where it ends."""
    while j < len(text) and text[j].isspace():
        j += 1
    if j >= len(text) or text[j] != "{":
        raise ClaimSyntaxError(f"{word} needs its argument in braces", j + 1)
    depth = 0
    for k in range(j, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[j + 1 : k], k + 1
    raise ClaimSyntaxError(f"the braces of {word} are not closed", j + 1)


#: What may follow an annotation that is dropped: the end of the formula or of a group, or a
#: relation (dropped elsewhere, the words would leave two factors side by side: A = \\text{c} B).
_AFTER_ANNOTATION = {",", ")", "]", "}", "\\right", "\\}", *RELATIONS}
_FOR_ALL = ("for all", "for every", "for each", "for any", "forall")


def drop_annotations(tokens: list[Token]) -> tuple[list[Token], list[str]]:
    """``tokens`` without the ``\\text{…}`` annotations and a sentence's final ``.`` or ``,``,
    with a note for each annotation dropped. An annotation with more formula after it is
    refused (a condition such as ``\\text{for } x > 0`` is not read), except ``\\text{for all} j``
    (or ``\\forall j``) at the end: a free index ranges over every entry anyway."""
    if len(tokens) > 1 and tokens[-2].text in (".", ","):
        del tokens[-2]
    kept: list[Token] = []
    notes: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "text" and tok.text != "\\forall":
            kept.append(tok)
            continue
        shown = f"\\text{{{tok.text}}}" if tok.kind == "text" else "\\forall"
        later = tokens[i + 1 :]
        following = later[0]
        if kept and kept[-1].text in (",", "."):  # a = b, \quad \text{…}: the comma goes with the words
            kept.pop()
        if following.kind == "end" or following.text in _AFTER_ANNOTATION:
            notes.append(f"the annotation {shown} was dropped")
            continue
        words = " ".join(tok.text.split()).rstrip(":").lower() if tok.kind == "text" else "forall"
        if words in _FOR_ALL and all(t.kind in ("letter", "end") or t.text == "," for t in later):
            names = ", ".join(t.text for t in later if t.kind == "letter")
            notes.append(f"{shown} {names} was dropped: a free index ranges over every entry")
            kept.append(tokens[-1])
            return kept, notes
        raise ClaimSyntaxError(
            f"more formula follows the annotation {shown}: the checker reads no conditions or "
            "words; remove it, or move it to the end",
            tok.column,
        )
    return kept, notes


class TokenCursor:
    """A position in a token list, with the nesting depth bounded (a tree deeper than
    :data:`MAX_DEPTH` is refused)."""

    def __init__(self, tokens: list[Token], declared: frozenset[str] = frozenset()) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.d_derivative: Token | None = None  # the first d read as the d of a derivative
        self.declared = declared  # the names declared as variables (then e is no constant)
        self.bars = 0  # the |…| open in the current group (a | inside one closes it)

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
