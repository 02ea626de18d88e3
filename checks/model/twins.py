"""Wrong twins: copies of a derivation with one step, citation or limit changed (for tests, mutants)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from checks.errors import DerivationError
from checks.model import Derivation, General, Proof, Rel

ExprFor = Callable[[Proof], Any]


def with_step(
    derivation: Derivation,
    index: int,
    *,
    expr: ExprFor | None = None,
    why: str | None = None,
    rel: Rel | None = None,
    using: tuple[str, ...] | None = None,
    name: str | None = None,
) -> Derivation:
    """A copy of ``derivation`` whose step ``index`` (1-based, report order) is changed.

    ``expr`` receives the built :class:`Proof` at each size and returns the new expression,
    so a twin can be written once for every ``n``.

    Examples
    --------
    >>> from derivations.softmax_jacobian import softmax_jacobian_kernel as d
    >>> twin = with_step(d, 3, using=("Σ x = 1",))  # doctest: +SKIP
    """

    def build(n: int) -> Proof:
        proof = derivation.build(n)
        steps = list(proof.all_steps)
        if not 1 <= index <= len(steps):
            raise IndexError(f"{derivation.name} has {len(steps)} steps, not {index}")
        old = steps[index - 1]
        changes: dict[str, Any] = {}
        if expr is not None:
            changes["expr"] = expr(proof)
        if why is not None:
            changes["why"] = why
        if rel is not None:
            changes["rel"] = rel
        if using is not None:
            changes["using"] = using
        steps[index - 1] = dataclasses.replace(old, **changes)
        main = len(proof.steps)
        limit = proof.limit
        if limit is not None and limit.upper_steps:
            limit = dataclasses.replace(limit, upper_steps=tuple(steps[main:]))
        return dataclasses.replace(proof, steps=tuple(steps[:main]), limit=limit)

    return dataclasses.replace(derivation, name=name or f"{derivation.name}_twin", build=build)


def with_limit_value(derivation: Derivation, value: ExprFor, *, name: str | None = None) -> Derivation:
    """A copy of a limit derivation that claims a different limit value."""

    def build(n: int) -> Proof:
        proof = derivation.build(n)
        if proof.limit is None:
            raise ValueError(f"{derivation.name} is not a limit claim")
        return dataclasses.replace(proof, limit=dataclasses.replace(proof.limit, value=value(proof)))

    return dataclasses.replace(derivation, name=name or f"{derivation.name}_twin", build=build)


def with_build(
    derivation: Derivation, transform: Callable[[Proof], Proof], *, name: str | None = None
) -> Derivation:
    """A copy whose built proof is passed through ``transform`` (drop a step, change a variable…)."""
    return dataclasses.replace(
        derivation, name=name or f"{derivation.name}_twin", build=lambda n: transform(derivation.build(n))
    )


def with_general_step(
    derivation: Derivation,
    index: int,
    *,
    expr: Callable[[General], Any] | None = None,
    using: tuple[str, ...] | None = None,
    name: str | None = None,
) -> Derivation:
    """A copy whose all-n proof has step ``index`` (1-based, within that proof) changed."""
    if derivation.general is None:
        raise DerivationError(f"{derivation.name} has no all-n proof")
    original = derivation.general

    def general() -> General:
        proof = original()
        steps = list(proof.steps)
        old = steps[index - 1]
        steps[index - 1] = dataclasses.replace(
            old,
            expr=expr(proof) if expr is not None else old.expr,
            using=old.using if using is None else using,
        )
        return dataclasses.replace(proof, steps=tuple(steps))

    return dataclasses.replace(derivation, name=name or f"{derivation.name}_twin", general=general)
