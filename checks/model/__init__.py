"""The data: variables, steps, proofs, derivations and results (no checking machinery here).

A derivation module imports what it needs from here; the engine reads these objects and
returns the records of :mod:`checks.model.result`.
"""

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
