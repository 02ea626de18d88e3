"""What a user declares beside a claim: vectors with sizes and kinds, scalar assumptions."""

from __future__ import annotations

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

    def scope(self) -> Scope:
        scope = Scope()
        entries: dict[str, str] = {}
        for name, size, kind in self.vectors:
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
        return scope


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


def parse_assumption(text: str) -> tuple[str, Kind]:
    """``H: positive integer``, ``a > 0``, ``0 < p < 1`` or ``0 <= y <= 1``."""
    compact = " ".join(text.split())
    if ":" in compact:
        name, _, word = (p.strip() for p in compact.partition(":"))
        if name.isidentifier() and word in _KIND_WORDS and _KIND_WORDS[word] not in SIMPLEX_KINDS:
            return name, _KIND_WORDS[word]
    forms = {
        ("0", "<", "<", "1"): Kind.OPEN_UNIT,
        ("0", "<=", "<=", "1"): Kind.UNIT,
    }
    tokens = compact.replace("<=", " <= ").replace("< ", " < ").split()
    if (
        len(tokens) == 5
        and (tokens[0], tokens[1], tokens[3], tokens[4]) in forms
        and tokens[2].isidentifier()
    ):
        return tokens[2], forms[(tokens[0], tokens[1], tokens[3], tokens[4])]
    if len(tokens) == 3 and tokens[0].isidentifier() and tokens[1] == ">" and tokens[2] == "0":
        return tokens[0], Kind.POSITIVE
    raise UsageError(
        f"cannot read assumption {text!r}; write one of 'a > 0', '0 < p < 1', '0 <= p <= 1', "
        "'H: positive integer' (a ≥ 0 and a plain integer are not kinds the checker samples)"
    )
