"""What a user declares beside a claim: vectors with sizes and kinds, scalar assumptions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.claims.scope import Scope
from checks.errors import UsageError
from checks.model import SIMPLEX_KINDS, Kind, Var

_KIND_WORDS = {
    "real": Kind.REAL,
    "logits": Kind.LOGITS,
    "positive": Kind.POSITIVE,
    "labels": Kind.LABELS,
    "probabilities": Kind.PROBS,
    "probs": Kind.PROBS,
    "unit": Kind.UNIT,
    "count": Kind.COUNT,
    "positive integer": Kind.COUNT,
    "direction": Kind.DIRECTION,
}


@dataclass(frozen=True)
class Declarations:
    """What the user declared: vectors with sizes and kinds, and scalar assumptions."""

    vectors: tuple[tuple[str, int, Kind], ...] = ()
    scalars: tuple[tuple[str, Kind], ...] = ()
    #: Named sizes, such as q = 3 for ``\\sum_{j=1}^q``: the name reads as the number.
    sizes: tuple[tuple[str, int], ...] = ()
    #: Names that stand for an expression (``yhat`` for ``softmax(o)``), in either spelling;
    #: each may use the ones before it.
    definitions: tuple[tuple[str, str], ...] = ()
    #: Vectors of every size, ``(name, size symbol, kind)``: ``o`` of size ``q`` for a document's
    #: ``o: logits[q]``. The reader bounds ``\\sum_j o_j`` by the symbol (a caller proves such a
    #: claim for every q); they are sampled only at a size named in ``sizes``.
    symbolic_vectors: tuple[tuple[str, str, Kind], ...] = ()
    #: A catalogue result's names: an answer may use no other scalar (a stray ``yhat_j`` would
    #: be a fresh scalar, and the answer refuted by whatever values it was given). None: any.
    closed: frozenset[str] | None = None

    def names(self) -> frozenset[str]:
        """Every declared name: these are variables (or sizes, or definitions), never a constant
        such as e, nor a function applied to parentheses."""
        return frozenset(
            [v[0] for v in self.vectors]
            + [v[0] for v in self.symbolic_vectors]
            + [s[0] for s in self.scalars]
            + [s[0] for s in self.sizes]
            + [d[0] for d in self.definitions]
        )

    def scope(self) -> Scope:
        scope = Scope()
        entries: dict[str, str] = {}
        for name, size, kind in self._sized_vectors():
            if name in scope.vectors:
                raise UsageError(f"vector {name!r} is declared twice")
            scope.vectors[name] = Var(name, kind, size)
            for i, symbol in enumerate(scope.vectors[name].symbols):
                if symbol.name in entries:  # x[10] of x:11 and x1[0] of x1:2 are both x10
                    clash = f"{name}[{i}] and {entries[symbol.name]} would be one symbol {symbol.name}"
                    raise UsageError(f"{clash}: rename a vector")
                entries[symbol.name] = f"{name}[{i}]"
        for name, kind in self.scalars:
            if name in scope.vectors:
                raise UsageError(f"{name!r} is declared both as a vector and as a scalar")
            if name in scope.scalars:
                raise UsageError(f"{name!r} is assumed twice; give one assumption per name")
            scope.scalar(name, kind)
        scope.closed = self.closed
        return scope

    def _sized_vectors(self) -> tuple[tuple[str, int, Kind], ...]:
        """The vectors with their sizes: a symbolic size must be named in ``sizes``."""
        named = dict(self.sizes)
        sized = []
        for name, symbol, kind in self.symbolic_vectors:
            if symbol not in named:
                raise UsageError(f"vector {name!r} has the symbolic size {symbol}: give {symbol} a number")
            sized.append((name, named[symbol], kind))
        return self.vectors + tuple(sized)


def parse_vector(text: str) -> tuple[str, int, Kind]:
    """``x:3`` (real logits) or ``y:3:labels`` / ``p:4:probabilities``."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (2, 3) or not parts[0].isidentifier() or not parts[1].isdigit():
        raise UsageError(f"--vector expects NAME:SIZE or NAME:SIZE:KIND, got {text!r}")
    size = int(parts[1])
    if not 1 <= size <= 64:
        raise UsageError(f"--vector size must be 1 to 64, got {size} in {text!r}")
    kind = Kind.LOGITS
    if len(parts) == 3:
        if parts[2] not in _KIND_WORDS:
            raise UsageError(
                f"unknown vector kind {parts[2]!r} in {text!r}; use one of {', '.join(_KIND_WORDS)}"
            )
        kind = _KIND_WORDS[parts[2]]
    return parts[0], size, kind


def parse_size(text: str) -> tuple[str, int]:
    """``q:3`` (or ``q=3``): the name ``q`` reads as the size 3."""
    name, _, size = text.replace("=", ":").partition(":")
    name, size = name.strip(), size.strip()
    if not name.isidentifier() or not size.isdigit() or not 1 <= int(size) <= 64:
        raise UsageError(f"--size expects NAME:SIZE with a size from 1 to 64, got {text!r}")
    return name, int(size)


#: Spellings of the relations and intervals an assumption may use, as the parser compares them.
_SPELLINGS = {
    "≤": "<=",
    "⩽": "<=",
    "≥": ">=",
    "⩾": ">=",
    "−": "-",
    "∈": " in ",
    "∞": "oo",
    "\\leq": "<=",
    "\\le": "<=",
    "\\geq": ">=",
    "\\ge": ">=",
    "\\lt": "<",
    "\\gt": ">",
    "\\in": " in ",
    "\\infty": "oo",
    "$": "",
}
_GREEK = {"λ": "lam", "\\lambda": "lam"}
_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_FORMS = (
    (re.compile(rf"{_NAME}>0"), Kind.POSITIVE),
    (re.compile(rf"0<{_NAME}"), Kind.POSITIVE),
    (re.compile(rf"0<{_NAME}<1"), Kind.OPEN_UNIT),
    (re.compile(rf"0<={_NAME}<=1"), Kind.UNIT),
    (re.compile(rf"{_NAME}in\(0,1\)"), Kind.OPEN_UNIT),
    (re.compile(rf"{_NAME}in\[0,1\]"), Kind.UNIT),
    (re.compile(rf"{_NAME}in\(0,(?:\+?oo|inf)\)"), Kind.POSITIVE),
)


def parse_assumption(text: str) -> tuple[str, Kind]:
    """``H: positive integer``, ``a > 0``, ``0 < p < 1``, ``0 <= y <= 1`` (with or without
    spaces, ``≤`` or ``\\le`` for ``<=``), or ``p \\in (0, 1)``, ``[0, 1]``, ``(0, \\infty)``."""
    compact = " ".join(text.split())
    if ":" in compact:
        name, _, word = (p.strip() for p in compact.partition(":"))
        if name.isidentifier() and word in _KIND_WORDS and _KIND_WORDS[word] not in SIMPLEX_KINDS:
            return name, _KIND_WORDS[word]
    spelled = compact
    for spelling, meaning in sorted({**_SPELLINGS, **_GREEK}.items(), key=lambda kv: -len(kv[0])):
        spelled = spelled.replace(spelling, meaning)
    spelled = "".join(spelled.split())
    for pattern, kind in _FORMS:
        match = pattern.fullmatch(spelled)
        if match and match.group(1) != "in":
            return match.group(1), kind
    raise UsageError(
        f"cannot read assumption {text!r}; write one of 'a > 0', '0 < p < 1', '0 <= p <= 1', "
        "'p \\in (0, 1)', 'H: positive integer' (a ≥ 0 and a plain integer are not kinds the "
        "checker samples)"
    )
