"""Results the HTML and plot tests share: a refuted matrix step, a limit, a Jacobian."""

from __future__ import annotations

from functools import cache

import derivations
from checks.cli.loader import load_file
from checks.engine.verify import verify
from checks.model.result import DerivationResult, RunResult
from tests.markdown_commands import ROOT

SIGN_SLIP = ROOT / "docs" / "examples" / "tutorial_sign_slip.py"


@cache
def slip() -> DerivationResult:
    """The tutorial's sign slip: step 3 refuted at n = 2, entry (0, 0)."""
    (derivation,) = load_file(str(SIGN_SLIP))
    return verify(derivation)


@cache
def limit() -> DerivationResult:
    """RealSoftMax tends to max as λ grows (verified)."""
    return verify(derivations.get("realsoftmax_limit"))


@cache
def jacobian() -> DerivationResult:
    """The softmax Jacobian as a matrix (verified)."""
    return verify(derivations.get("softmax_jacobian"))


def mixed_run() -> RunResult:
    return RunResult((slip(), limit(), jacobian()), 1.25)
