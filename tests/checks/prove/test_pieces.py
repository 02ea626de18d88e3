"""Proofs by pieces: what they prove and how the verdict names it; false claims are never
proved (whatever they prove holds at random points: test_pieces_properties)."""

from __future__ import annotations

import sympy as sp

from checks.prove.domains import UNIT_CLOSED, UNIT_OPEN
from checks.prove.sign import prove_relation_by_pieces
from tests.checks.prove.by_pieces import proved as _proved

a, b, x = sp.symbols("a b x", real=True)
p, q, u = sp.symbols("p q u", positive=True)


def test_an_interval_variable_is_written_t_over_one_plus_t():
    method = _proved((1 - p) * sp.log(1 - p), "<=", 0, {p: UNIT_OPEN})
    assert method is not None and method.startswith("interval variable p = t/(t + 1), t > 0")
    method = _proved(sp.log(p), "<", 0, {p: UNIT_OPEN})  # -log p >= 1 - p > 0 on the range
    assert method == "bound exp, log, ceiling, floor, then exact real-root isolation"


def test_a_closed_range_proves_its_ends_as_cases():
    method = _proved(p**2, "<=", p, {p: UNIT_CLOSED})
    assert method == "exact real-root isolation"
    assert _proved(p**2, ">=", p, {p: UNIT_OPEN}) is None


def test_without_the_declared_range_nothing_is_proved():
    assert _proved(sp.log(p), "<", 0) is None
    assert _proved(p**3, "<", p**2) is None


def test_radicals_are_cleared_under_the_range():
    assert _proved(sp.sqrt(p), ">=", p, {p: UNIT_OPEN}) is not None
    assert _proved(sp.sqrt(p * (1 - p)), "<=", sp.Rational(1, 2), {p: UNIT_OPEN}) is not None
    assert _proved(sp.sqrt(p), "<=", p, {p: UNIT_OPEN}) is None


def test_the_arithmetic_geometric_mean_inequality_is_proved_by_clearing_the_root():
    method = _proved((p + q) / 2, ">=", sp.sqrt(p * q))
    assert method is not None and "radical cleared" in method
    assert _proved(p + q, "<=", 2 * sp.sqrt(p * q)) is None


def test_variable_powers_and_sums_of_logs():
    assert _proved(p**q, "<", 1, {p: UNIT_OPEN, q: UNIT_OPEN}) is not None
    assert _proved(sp.log(p) + sp.log(1 - p), "<=", -2 * sp.log(2), {p: UNIT_OPEN}) is not None
    assert _proved(p**q, ">", 1, {p: UNIT_OPEN, q: UNIT_OPEN}) is None


def test_exact_univariate_decisions_are_named():
    # (The sign prover's first-derivative test now proves it first; the decision on its own too.)
    found = prove_relation_by_pieces(x**4 + 3, ">=", 4 * x, {}, 10.0)
    assert found is not None and found.method == "exact real-root isolation"
    assert _proved(x**4 + 3, ">=", 5 * x) is None
    assert _proved(x**2 - x + 1, ">", 0) is not None


def test_hyperbolic_functions_and_exponentials_become_rational_in_new_variables():
    assert _proved(sp.Abs(sp.tanh(x)), "<", 1) is not None
    assert _proved(sp.exp((a + b) / 2), "<=", (sp.exp(a) + sp.exp(b)) / 2) is not None
    assert _proved(sp.exp((a + b) / 2), "<", (sp.exp(a) + sp.exp(b)) / 2) is None  # a = b


def test_entropy_of_five_entries_in_the_open_unit_interval_is_nonnegative_term_by_term():
    ps = sp.symbols("p0:5", positive=True)
    entropy = -sum(pk * sp.log(pk) for pk in ps)
    method = _proved(entropy, ">=", 0, {pk: UNIT_OPEN for pk in ps})
    assert method is not None and "term by term" in method
    assert _proved(entropy, ">=", 0) is None  # p > 1 makes a term negative
