"""A catalogue entry: metadata, a builder of its proofs, and the results it exports."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from checks.errors import DerivationError
from checks.model.kinds import ClaimKind
from checks.model.proofs import General, Proof

#: An exercise id: 1 to 20 letters, digits, ``.``, ``-`` or ``_``, starting with a letter or a
#: digit (``E03``, ``HW1``, ``ex-3``, ``week2.q4``). Short and free of spaces, so that it reads
#: well in a table, a JUnit class name and a result name such as ``HW1.gradient``.
EXERCISE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")


@dataclass(frozen=True)
class Mutant:
    """A known wrong answer to a result, in claim syntax, with the sentence that explains it."""

    answer: str
    feedback: str


@dataclass(frozen=True)
class Result:
    """A result a derivation exports, so users can check their own answer against it.

    ``quantity`` is what is asked for and ``answer`` the proven answer, both in the claim
    syntax of ``verify-derivations check``; ``vectors`` and ``assume`` declare the names.
    """

    name: str
    quantity: str
    answer: str
    vectors: tuple[str, ...] = ()
    assume: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"result name {self.name!r} is not an identifier")


@dataclass(frozen=True)
class Derivation:
    """A catalogue entry: metadata plus a builder of the concrete proof at each size.

    ``build(n)`` returns the :class:`Proof` at size ``n`` for each ``n`` in ``dims``; a
    derivation without a dimension has ``dims = ()`` and is built with ``build(0)``.
    """

    name: str
    exercise: str
    title: str
    source: str
    kind: ClaimKind
    statement: str
    build: Callable[[int], Proof] = field(repr=False, compare=False)
    dims: tuple[int, ...] = (2, 3, 4, 5, 6)
    results: tuple[Result, ...] = ()
    general: Callable[[], General] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"derivation name {self.name!r} is not an identifier")
        if not (isinstance(self.exercise, str) and EXERCISE_ID.fullmatch(self.exercise)):
            raise DerivationError(
                f"{self.name}: exercise id {self.exercise!r} is not a short id: 1 to 20 letters, digits, "
                "'.', '-' or '_', starting with a letter or digit (as 'E03', 'HW1', 'ex-3', 'week2.q4')"
            )
        if any(n < 1 for n in self.dims):
            raise DerivationError(f"{self.name}: sizes must be >= 1, got {self.dims}")

    @property
    def sizes(self) -> tuple[int, ...]:
        """The sizes at which the proof is built (``(0,)`` for a dimension-free claim)."""
        return self.dims or (0,)

    @property
    def scope(self) -> str:
        """How far the verification reaches when it succeeds: ``all n``, ``n ≤ 6`` or ``general``."""
        return "all n" if self.general is not None else self.concrete_scope

    @property
    def concrete_scope(self) -> str:
        """What the concrete sizes alone establish: ``n ≤ 6``, ``n = 3`` or ``general``."""
        if not self.dims:
            return "general"
        if len(self.dims) == 1:
            return f"n = {self.dims[0]}"
        return f"n ≤ {max(self.dims)}"

    def proof(self, n: int | None = None) -> Proof:
        """The concrete proof at size ``n`` (default: the smallest size)."""
        size = self.sizes[0] if n is None else n
        if size not in self.sizes:
            raise DerivationError(f"{self.name} is built for n in {self.sizes}, not {size}")
        return self.build(size)

    def verify(self, *, seed: int = 0, samples: int = 24, timeout: float = 10.0) -> Any:
        """Check every step and cross-check numerically; returns a ``DerivationResult``."""
        from checks.engine.verify import verify

        return verify(self, seed=seed, samples=samples, timeout=timeout)

    def render(self, fmt: Literal["text", "latex"] = "text", n: int | None = None) -> str:
        """The derivation's steps with their justifications, as pretty text or LaTeX."""
        from checks.report.derivation import render_derivation

        return render_derivation(self, fmt=fmt, n=n)

    def _repr_html_(self) -> str:
        from checks.report.html import derivation_fragment

        return derivation_fragment(self)

    def _repr_latex_(self) -> str:
        from checks.report.latex import derivation_latex

        return derivation_latex(self)
