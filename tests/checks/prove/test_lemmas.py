"""The named lemmas: each verified as a claim without itself, applied and cited, never to a false claim."""

from __future__ import annotations

import time

import pytest
import sympy as sp

import checks.prove.lemmas.apply as apply
import checks.prove.lemmas.library as lib
from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.model.result import Verdict
from checks.prove.lemmas import LEMMAS
from checks.prove.lemmas.monotone import derivative_test
from checks.prove.sign import prove_relation


def _declarations(lemma: lib.Lemma) -> Declarations:
    return Declarations(
        vectors=tuple(parse_vector(v) for v in lemma.vectors),
        scalars=tuple(parse_assumption(a) for a in lemma.assume),
    )


def _without(lemma: lib.Lemma, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prover with ``lemma`` taken out: its bounds are dropped wherever they are made."""
    original = apply._replace

    def replace(form, chosen, strict):
        if any(bound[2] == lemma for _, _, bound in chosen):
            return sp.Integer(-1), True, ()  # (a candidate that is never proved)
        return original(form, chosen, strict)

    monkeypatch.setattr(apply, "_replace", replace)
    original_rewrites = apply.simplex_rewrites
    monkeypatch.setattr(
        apply,
        "simplex_rewrites",
        lambda d, groups: (r for r in original_rewrites(d, groups) if r[2] != lemma),
    )


@pytest.mark.parametrize("lemma", LEMMAS, ids=[lemma.name for lemma in LEMMAS])
def test_each_lemma_stated_as_a_claim_is_verified_without_using_itself(lemma, monkeypatch):
    _without(lemma, monkeypatch)
    for claim in lemma.claims:
        result = check_claim(claim, _declarations(lemma), timeout=20)
        assert result.verdict is Verdict.VERIFIED, (claim, result.notes)
        assert lemma.name not in (result.method or "")


@pytest.mark.parametrize(
    ("claim", "assume", "vectors", "cited"),
    [
        ("exp(x) >= 1 + x", (), (), lib.EXP_TANGENT),
        ("1 - exp(-x) <= x", (), (), lib.EXP_TANGENT),
        ("log(1 + exp(x)) <= Max(x, 0) + log(2)", (), (), lib.SOFTPLUS),
        ("log(1 + exp(x)) >= Max(x, 0)", (), (), lib.SOFTPLUS),
        ("log(1 + exp(x)) > x", (), (), lib.LSE_ABOVE_TERM),
        ("Abs(tanh(x)) < 1", (), (), lib.TANH_BOUNDED),
        ("tanh(x) < x", ("x > 0",), (), lib.TANH_BELOW_IDENTITY),
        ("log(1 + exp(x)) >= log(2) + x/2", (), (), lib.LSE_JENSEN),
        ("entropy(p) >= 0", (), ("p:5:probabilities",), lib.ENTROPY_POSITIVE),
        ("entropy(p) <= log(4)", (), ("p:4:probabilities",), lib.ENTROPY_AT_MOST_LOG_N),
        ("cross_entropy(p, q) >= entropy(p)", (), ("p:3:probabilities", "q:3:probabilities"), lib.GIBBS),
        ("Abs(a + b) <= Abs(a) + Abs(b)", (), (), lib.TRIANGLE),
    ],
)
def test_a_claim_proved_by_a_lemma_cites_it_in_the_method(claim, assume, vectors, cited):
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in vectors), scalars=tuple(parse_assumption(a) for a in assume)
    )
    result = check_claim(claim, declarations)
    assert result.verdict is Verdict.VERIFIED
    assert cited.name in (result.method or "")


@pytest.mark.parametrize(
    ("claim", "assume", "vectors"),
    [
        ("exp(x) >= 1 + 2*x", (), ()),
        ("log(u) <= u - 2", ("u > 0",), ()),
        ("log(1 + exp(x)) <= Max(x, 0) + log(2)/2", (), ()),
        ("tanh(x) < x/2", ("x > 0",), ()),
        ("entropy(p) <= log(2)", (), ("p:3:probabilities",)),
        ("log(exp(a) + exp(b)) >= log(2) + (a + b)/3", (), ()),
    ],
)
def test_a_false_claim_near_a_lemma_is_never_verified(claim, assume, vectors):
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in vectors), scalars=tuple(parse_assumption(a) for a in assume)
    )
    assert check_claim(claim, declarations).verdict is not Verdict.VERIFIED


x = sp.Symbol("x", real=True)
xp = sp.Symbol("x", positive=True)


@pytest.mark.parametrize(
    ("left", "rel", "right"),
    [
        (sp.exp(x), ">=", 1 + 2 * x),  # false at x = 1
        (sp.exp(x), ">", 1 + x),  # a tie at x = 0
        (xp**4 + 3, ">", 4 * xp),  # a tie at x = 1
        (sp.log(xp), ">=", 1 - 1 / (2 * xp)),  # false at x = 1
    ],
)
def test_the_sign_prover_with_lemmas_never_proves_a_false_or_tied_inequality(left, rel, right):
    assert prove_relation(left, rel, right, {}, 5.0).proved is not True


def test_the_first_derivative_test_needs_a_smooth_function():
    # |x| - x/2 ≥ 0 holds, but Abs is no smooth function: the test does not apply to it.
    assert derivative_test(sp.Abs(x) - x / 2, False, lambda e, s: "assumptions") is None


def test_the_first_derivative_test_names_the_point_and_what_proved_the_slope():
    end = time.monotonic() + 5

    def prove(e, strict):
        outcome = prove_relation(e, ">" if strict else ">=", 0, {}, end - time.monotonic())
        return outcome.method if outcome.proved is True else None

    assert derivative_test(sp.exp(x) - sp.E * x, False, prove) == "first-derivative test at x = 1"
    # A tie at the minimum: the strict claim is not proved.
    assert derivative_test(sp.exp(x) - sp.E * x, True, prove) is None
