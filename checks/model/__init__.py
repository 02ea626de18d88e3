"""The data: variables, steps, proofs, derivations and results (no checking machinery here).

A derivation module imports what it needs from here; the engine reads these objects and
returns the records of :mod:`checks.model.result`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.lazy import export

#: Each public name and the module that defines it (imported on first use: see checks.lazy).
_EXPORTS = {
    "Derivation": "checks.model.derivation",
    "Mutant": "checks.model.derivation",
    "Result": "checks.model.derivation",
    "RELATIONS": "checks.model.kinds",
    "SIMPLEX_KINDS": "checks.model.kinds",
    "ClaimKind": "checks.model.kinds",
    "Kind": "checks.model.kinds",
    "Point": "checks.model.kinds",
    "Reference": "checks.model.kinds",
    "Rel": "checks.model.kinds",
    "GENERAL_SIZES": "checks.model.proofs",
    "MIN_GENERAL_SIZES": "checks.model.proofs",
    "General": "checks.model.proofs",
    "Proof": "checks.model.proofs",
    "Counterexample": "checks.model.result",
    "DerivationResult": "checks.model.result",
    "RunResult": "checks.model.result",
    "StepResult": "checks.model.result",
    "Verdict": "checks.model.result",
    "Limit": "checks.model.steps",
    "Step": "checks.model.steps",
    "by_uncited": "checks.model.steps",
    "limit_side": "checks.model.steps",
    "N": "checks.model.variables",
    "Var": "checks.model.variables",
    "Vec": "checks.model.variables",
    "index": "checks.model.variables",
    "total": "checks.model.variables",
}

#: The same names, spelled out for readers and documentation tools (a test keeps them equal).
__all__ = [
    "GENERAL_SIZES",
    "MIN_GENERAL_SIZES",
    "RELATIONS",
    "SIMPLEX_KINDS",
    "ClaimKind",
    "Counterexample",
    "Derivation",
    "DerivationResult",
    "General",
    "Kind",
    "Limit",
    "Mutant",
    "N",
    "Point",
    "Proof",
    "Reference",
    "Rel",
    "Result",
    "RunResult",
    "Step",
    "StepResult",
    "Var",
    "Vec",
    "Verdict",
    "by_uncited",
    "index",
    "limit_side",
    "total",
]


def __getattr__(name: str) -> Any:
    return export(name, _EXPORTS, globals(), __name__)


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from checks.model.derivation import Derivation as Derivation
    from checks.model.derivation import Mutant as Mutant
    from checks.model.derivation import Result as Result
    from checks.model.kinds import RELATIONS as RELATIONS
    from checks.model.kinds import SIMPLEX_KINDS as SIMPLEX_KINDS
    from checks.model.kinds import ClaimKind as ClaimKind
    from checks.model.kinds import Kind as Kind
    from checks.model.kinds import Point as Point
    from checks.model.kinds import Reference as Reference
    from checks.model.kinds import Rel as Rel
    from checks.model.proofs import GENERAL_SIZES as GENERAL_SIZES
    from checks.model.proofs import MIN_GENERAL_SIZES as MIN_GENERAL_SIZES
    from checks.model.proofs import General as General
    from checks.model.proofs import Proof as Proof
    from checks.model.result import Counterexample as Counterexample
    from checks.model.result import DerivationResult as DerivationResult
    from checks.model.result import RunResult as RunResult
    from checks.model.result import StepResult as StepResult
    from checks.model.result import Verdict as Verdict
    from checks.model.steps import Limit as Limit
    from checks.model.steps import Step as Step
    from checks.model.steps import by_uncited as by_uncited
    from checks.model.steps import limit_side as limit_side
    from checks.model.variables import N as N
    from checks.model.variables import Var as Var
    from checks.model.variables import Vec as Vec
    from checks.model.variables import index as index
    from checks.model.variables import total as total
