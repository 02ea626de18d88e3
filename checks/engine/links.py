"""One link of a chain and what the checks found about it, a size's outcome, and how values
are shown in a counterexample."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from checks.model import Step
from checks.model.result import Counterexample
from checks.numeric.compare import relation_holds
from checks.prove.ladder import SymbolicOutcome


@dataclass
class Link:
    """One link ``prev REL cur`` of a chain (``index`` is the step's number in the report,
    ``prev`` the index of the expression it follows, 0 the start), and what the checks found."""

    index: int
    step: Step
    prev: int
    symbolic: SymbolicOutcome | None = None
    failure: Counterexample | None = None
    checked: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class SizeOutcome:
    """The links of a concrete proof at size ``n``, its limit's link, points checked and notes."""

    pairs: list[Link]
    n: int
    checked: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    limit_pair: Link | None = None

    @property
    def all_pairs(self) -> list[Link]:
        return self.pairs + ([self.limit_pair] if self.limit_pair else [])


def fmt_value(x: Any) -> str:
    """A value in six significant digits (its text where it is no number)."""
    try:
        return f"{float(x):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(x)


def entry_of(expr: Any, index: int | None) -> Any:
    """Entry ``index`` of a matrix (a scalar stands for every entry)."""
    if index is None or not isinstance(expr, sp.MatrixBase):
        return expr
    return expr[index]


def short(expr: Any, limit: int = 160) -> str:
    """``expr`` as SymPy text, cut at ``limit`` characters."""
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failing_entry(lefts: list[Any], rel: str, rights: list[Any]) -> int:
    """The first entry where ``left REL right`` fails (with no tolerance), else 0."""
    for k, (a, b) in enumerate(zip(lefts, rights, strict=False) if len(lefts) == len(rights) else []):
        if not relation_holds([a], rel, [b], 0.0, 0.0)[0]:
            return k
    return 0
