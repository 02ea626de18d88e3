"""The claim checker's last resort, proofs by pieces: verified with the strategy named, false
variants refuted or inconclusive (never verified), declared ranges used."""

from __future__ import annotations

import pytest

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption
from checks.model.result import Verdict
from checks.prove.pieces import TRIED


def _check(claim: str, *assume: str):
    return check_claim(claim, Declarations(scalars=tuple(parse_assumption(a) for a in assume)), pretty=False)


@pytest.mark.parametrize(
    ("claim", "assume", "method"),
    [
        ("Max(a, b) + Min(a, b) = a + b", (), "case split on Max/Min"),
        ("Max(a, 0) - Max(-a, 0) = a", (), "case split on Max/Min"),
        ("Abs(a + b) <= Abs(a) + Abs(b)", (), "lemma: triangle inequality"),
        ("floor(-x) = -ceiling(x)", (), "case split on floor/ceiling"),
        ("floor(H/2) + ceiling(H/2) = H", ("H: positive integer",), "case split on floor/ceiling"),
        ("sqrt(p) >= p", ("0 < p < 1",), "radical cleared"),
        ("(1 - p)*log(1 - p) <= 0", ("0 < p < 1",), "interval variable p = t/(t + 1)"),
        ("p**2 <= p", ("0 <= p <= 1",), "exact real-root isolation"),
        ("x**4 + 3 >= 4*x", (), "first-derivative test at x = 1"),
    ],
)
def test_true_claims_are_verified_by_the_strategy_named(claim, assume, method):
    result = _check(claim, *assume)
    assert result.verdict is Verdict.VERIFIED
    assert result.method is not None and method in result.method


@pytest.mark.parametrize(
    ("claim", "assume"),
    [
        ("Max(a, b) + Min(a, b) = a + b + 1", ()),
        ("Abs(a + b) <= Abs(a)", ()),
        ("floor(-x) = -floor(x)", ()),
        ("p**2 >= p", ("0 < p < 1",)),
        ("x**4 + 3 >= 5*x", ()),
        ("sqrt(p) <= p", ("0 < p < 1",)),
        ("floor(H/2) + floor(H/2) = H", ("H: positive integer",)),
    ],
)
def test_false_variants_are_refuted_or_inconclusive_never_verified(claim, assume):
    assert _check(claim, *assume).verdict is not Verdict.VERIFIED


def test_without_the_declared_range_a_claim_true_only_on_it_is_not_verified():
    assert _check("log(p) < 0", "0 < p < 1").verdict is Verdict.VERIFIED
    assert _check("log(p) < 0", "p > 0").verdict is Verdict.REFUTED


def test_an_undecided_claim_says_proofs_by_pieces_were_tried():
    from checks.claims.declarations import parse_vector

    # Pinsker's inequality (KL ≥ 2 TV², here TV = |p0 - q0|): true, and beyond these strategies.
    declared = Declarations(vectors=(parse_vector("p:2:probabilities"), parse_vector("q:2:probabilities")))
    result = check_claim("KL(p, q) >= (p[0] - q[0])**2", declared, pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any(TRIED in note for note in result.notes)


def test_a_claim_beyond_the_prover_stops_its_proof_search_at_a_share_of_the_timeout_and_says_so():
    from checks.claims.check import PROOF_SHARE
    from checks.claims.declarations import parse_vector

    # The concavity of entropy: true, and the sign prover's rewrites run until they are stopped.
    declared = Declarations(vectors=(parse_vector("p:3:probabilities"), parse_vector("q:3:probabilities")))
    claim = "entropy((p + q)/2) >= (entropy(p) + entropy(q))/2"
    result = check_claim(claim, declared, pretty=False, timeout=4.0)
    assert result.verdict is Verdict.INCONCLUSIVE
    said = f"the proof search stops after {PROOF_SHARE * 4.0:g} s"
    assert any(note.startswith(said) and "--timeout" in note for note in result.notes), result.notes



def test_a_ladder_still_running_after_its_first_turn_lets_the_proofs_by_pieces_try(monkeypatch):
    import time

    import checks.claims.proving as proving
    from checks.prove.ladder import SymbolicOutcome

    real = proving.prove_relation

    def stalling(left, rel, right, subs, budget, **options):  # a ladder that uses all it is given
        if subs:
            return real(left, rel, right, subs, budget, **options)
        time.sleep(budget)
        return SymbolicOutcome(None, None, ("stalled",))

    monkeypatch.setattr(proving, "prove_relation", stalling)
    result = check_claim("x*tanh(x) >= 0", Declarations(), pretty=False, timeout=10.0)
    assert result.verdict is Verdict.VERIFIED, result.notes
    assert result.method is not None and "case split on the sign of x" in result.method
