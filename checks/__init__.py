"""The verification engine: model, symbolic and numeric checks, verdicts, reporters, CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.lazy import export

#: Each public name and the module that defines it (imported on first use: see checks.lazy).
_EXPORTS = {
    "check": "checks.claims.api",
    "check_answer": "checks.claims.api",
    "ClaimResult": "checks.claims.check",
    "verify": "checks.engine.verify",
    "DerivationError": "checks.errors",
    "UsageError": "checks.errors",
    "ClaimKind": "checks.model",
    "Derivation": "checks.model",
    "General": "checks.model",
    "Kind": "checks.model",
    "Limit": "checks.model",
    "Mutant": "checks.model",
    "Proof": "checks.model",
    "Result": "checks.model",
    "Step": "checks.model",
    "Var": "checks.model",
    "Vec": "checks.model",
    "index": "checks.model",
    "total": "checks.model",
    "Counterexample": "checks.model.result",
    "DerivationResult": "checks.model.result",
    "RunResult": "checks.model.result",
    "StepResult": "checks.model.result",
    "Verdict": "checks.model.result",
}

#: The same names, spelled out for readers and documentation tools (a test keeps them equal).
__all__ = [
    "ClaimKind",
    "ClaimResult",
    "Counterexample",
    "Derivation",
    "DerivationError",
    "DerivationResult",
    "General",
    "Kind",
    "Limit",
    "Mutant",
    "Proof",
    "Result",
    "RunResult",
    "Step",
    "StepResult",
    "UsageError",
    "Var",
    "Vec",
    "Verdict",
    "check",
    "check_answer",
    "index",
    "total",
    "verify",
]


def __getattr__(name: str) -> Any:
    return export(name, _EXPORTS, globals(), __name__)


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from checks.claims.api import check as check
    from checks.claims.api import check_answer as check_answer
    from checks.claims.check import ClaimResult as ClaimResult
    from checks.engine.verify import verify as verify
    from checks.errors import DerivationError as DerivationError
    from checks.errors import UsageError as UsageError
    from checks.model import ClaimKind as ClaimKind
    from checks.model import Derivation as Derivation
    from checks.model import General as General
    from checks.model import Kind as Kind
    from checks.model import Limit as Limit
    from checks.model import Mutant as Mutant
    from checks.model import Proof as Proof
    from checks.model import Result as Result
    from checks.model import Step as Step
    from checks.model import Var as Var
    from checks.model import Vec as Vec
    from checks.model import index as index
    from checks.model import total as total
    from checks.model.result import Counterexample as Counterexample
    from checks.model.result import DerivationResult as DerivationResult
    from checks.model.result import RunResult as RunResult
    from checks.model.result import StepResult as StepResult
    from checks.model.result import Verdict as Verdict
