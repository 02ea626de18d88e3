"""The verification engine: model, symbolic and numeric checks, verdicts, reporters, CLI."""

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
