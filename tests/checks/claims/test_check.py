"""Checking claims: the shipped corpus, tiny values, limits, feedback, catalogue answers."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from pathlib import Path

import pytest

from checks.claims.check import check_answer, check_claim
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.errors import UsageError
from checks.model import Kind
from checks.model.result import Verdict

CORPUS = Path(__file__).resolve().parents[3] / "benchmarks" / "claims.jsonl"
#: True claims the checker honestly cannot prove: it must say inconclusive, never refuted.
#: True claims the checker cannot prove (none at present).
HARD_TRUE: set[str] = set()


def _corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


def _declarations(item: dict) -> Declarations:
    return Declarations(
        vectors=tuple(parse_vector(v) for v in item["vectors"]),
        scalars=tuple(parse_assumption(a) for a in item["assume"]),
    )


@pytest.fixture(scope="module")
def corpus_results() -> list[tuple[dict, object]]:
    return [(item, check_claim(item["claim"], _declarations(item), timeout=5)) for item in _corpus()]


def test_the_corpus_has_at_least_a_hundred_claims_in_both_spellings():
    items = _corpus()
    assert len(items) >= 100
    assert sum("\\" in i["claim"] for i in items) >= 25
    assert {i["truth"] for i in items} == {True, False}


def test_no_false_claim_in_the_corpus_is_ever_verified(corpus_results):
    wrong = [
        item["claim"]
        for item, result in corpus_results
        if not item["truth"] and result.verdict is Verdict.VERIFIED
    ]
    assert wrong == []


#: False claims the checker cannot refute soundly (none at present).
HARD_FALSE: set[str] = set()


def test_every_false_claim_in_the_corpus_is_refuted_with_a_counterexample(corpus_results):
    for item, result in corpus_results:
        if not item["truth"]:
            if item["claim"] in HARD_FALSE:
                assert result.verdict is Verdict.INCONCLUSIVE, item["claim"]
                continue
            assert result.verdict is Verdict.REFUTED, item["claim"]
            assert result.counterexample is not None


def test_true_claims_are_verified_except_the_known_hard_ones_which_stay_inconclusive(corpus_results):
    for item, result in corpus_results:
        if item["truth"]:
            expected = Verdict.INCONCLUSIVE if item["claim"] in HARD_TRUE else Verdict.VERIFIED
            assert result.verdict is expected, (item["claim"], result.notes)


def test_tiny_values_never_make_unequal_things_equal():
    assert check_claim("exp(-40) = 0").verdict is Verdict.REFUTED
    assert check_claim("1/factorial(20) = 1/factorial(21)").verdict is Verdict.REFUTED
    assert check_claim("exp(-1000) = 0").verdict is Verdict.REFUTED


def test_a_wrong_limit_that_sympy_would_accept_is_refuted_numerically():
    declarations = Declarations(scalars=(("a", Kind.POSITIVE), ("b", Kind.POSITIVE), ("l", Kind.POSITIVE)))
    result = check_claim("limit(log(exp(l*a) + exp(l*b))/l, l, oo) = b", declarations)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    assert float(result.counterexample["left"]) > float(result.counterexample["right"])


def test_a_refuted_answer_gets_the_matching_misconception_feedback():
    result = check_claim(
        "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])",
        Declarations(vectors=(parse_vector("x:3"),)),
    )
    assert result.verdict is Verdict.REFUTED
    assert result.feedback == "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)"
    assert result.counterexample == {
        "point": {"x": "(0, 0, 0)"},
        "indices": {},
        "left": "-0.11111111",
        "right": "0.22222222",
    }


def test_a_refuted_answer_without_a_known_mistake_gets_no_feedback():
    result = check_claim("diff(softmax(x)[0], x[1]) = 7", Declarations(vectors=(parse_vector("x:3"),)))
    assert result.verdict is Verdict.REFUTED and result.feedback is None


def test_an_answer_is_checked_against_a_catalogue_result_by_exercise_or_name():
    assert check_answer("E03.off_diagonal", "-softmax(x)[0]*softmax(x)[1]").verdict is Verdict.VERIFIED
    wrong = check_answer("softmax_jacobian_off_diagonal.off_diagonal", "softmax(x)[0]*softmax(x)[1]")
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.feedback == "the missing minus: ∂s_i/∂x_j = -s_i s_j for i ≠ j"


def test_an_answer_to_a_catalogue_result_may_be_written_in_latex():
    assert check_answer("E03.off_diagonal", "-s_{0} s_{1}").verdict is Verdict.VERIFIED
    assert check_answer("E03.entry", r"\delta_{ij} s_i - s_i s_j").verdict is Verdict.VERIFIED
    wrong = check_answer("E03.off_diagonal", r"s_{0} \left(1 - s_{1}\right)")
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.feedback == "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)"


def test_a_latex_subscript_that_spells_a_declared_scalar_is_that_scalar():
    # E15 declares D_x, H, D_y: D_x in LaTeX is D indexed by x, which means the scalar D_x.
    right = check_answer("E15.parameter_count", r"(D_x + 1) \cdot H + (H + 1) D_{y}")
    assert right.verdict is Verdict.VERIFIED
    assert right.read_as.endswith("= (D_x + 1)*H + (H + 1)*D_y")
    assert check_answer("E15.parameter_count", r"(D_{x} + 1) H").verdict is Verdict.REFUTED
    # Undeclared, a subscript still needs a vector: nothing is guessed.
    with pytest.raises(UsageError, match="declare a vector"):
        check_claim(r"D_x \cdot 2 = 2 D_x")


@pytest.mark.parametrize("answer", [r"\frac{1}{", r"s_{0} \le 1", r"\import{os}"])
def test_an_unreadable_latex_answer_is_a_usage_error(answer):
    with pytest.raises(UsageError, match="cannot read the answer"):
        check_answer("E03.off_diagonal", answer)


def test_free_indices_range_over_every_entry():
    result = check_claim(
        "diff(softmax(x)[i], x[j]) = softmax(x)[i]*(KroneckerDelta(i, j) - softmax(x)[j])",
        Declarations(vectors=(parse_vector("x:3"),)),
    )
    assert result.verdict is Verdict.VERIFIED
    wrong = check_claim(
        "diff(softmax(x)[i], x[j]) = -softmax(x)[i]*softmax(x)[j]",
        Declarations(vectors=(parse_vector("x:3"),)),
    )
    assert wrong.verdict is Verdict.REFUTED and wrong.counterexample["indices"] == {"i": 0, "j": 0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x[3] = 1", "index 3 is out of range"),
        ("softmax(a) = 1", "is not a vector"),
        ("diff(a, 2) = 1", "with respect to a variable"),
    ],
)
def test_claims_that_do_not_make_sense_are_usage_errors(text, message):
    with pytest.raises(UsageError, match=message):
        check_claim(text, Declarations(vectors=(parse_vector("x:3"),)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H: positive integer", ("H", Kind.COUNT)),
        ("a > 0", ("a", Kind.POSITIVE)),
        ("0 < p < 1", ("p", Kind.OPEN_UNIT)),
        ("0 <= y <= 1", ("y", Kind.UNIT)),
    ],
)
def test_assumptions_are_read(text, expected):
    assert parse_assumption(text) == expected


def test_an_unreadable_assumption_or_vector_is_a_usage_error():
    with pytest.raises(UsageError, match="cannot read assumption"):
        parse_assumption("p is small")
    with pytest.raises(UsageError, match="NAME:SIZE"):
        parse_vector("x")
    with pytest.raises(UsageError, match="1 to 64"):
        parse_vector("x:1000000")


def _probability_pair() -> Declarations:
    return Declarations(vectors=(parse_vector("p:3:probabilities"), parse_vector("q:3:probabilities")))


def test_gibbs_inequality_is_verified_by_its_lemma_using_sum_to_one():
    # The lemma's own proof bounds the logs before using Σ = 1 (tests/checks/prove/test_lemmas.py).
    result = check_claim("KL(p, q) >= 0", _probability_pair(), pretty=False)
    assert result.verdict is Verdict.VERIFIED, result.notes
    assert result.method is not None and "Gibbs" in result.method and "using Σ = 1" in result.method


def test_a_strict_claim_that_fails_only_by_an_exact_tie_is_refuted_at_the_tie():
    result = check_claim("KL(p, q) > 0", _probability_pair(), pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    assert result.counterexample["point"]["p"] == result.counterexample["point"]["q"]
    result = check_claim("a**2 + 1 > 2*a", pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample["point"] == {"a": "1"}


@pytest.mark.parametrize(
    ("claim", "vectors"),
    [("sigmoid(a) < 1", ()), ("softmax(x)[0] < 1", ("x:3",)), ("exp(-800) > 0", ())],
)
def test_a_true_strict_claim_whose_gap_no_precision_sees_is_never_refuted(claim, vectors):
    # At a = 500, σ(a) = 1 - 7e-218: equal to 1 in floats, in 40 and in 80 digits.
    declarations = Declarations(vectors=tuple(parse_vector(v) for v in vectors))
    assert check_claim(claim, declarations, pretty=False).verdict is Verdict.VERIFIED


def test_a_false_strict_claim_below_every_precision_is_not_verified_either():
    assert check_claim("1 < 1 - exp(-100)", pretty=False).verdict is not Verdict.VERIFIED


def test_a_claim_sympy_cannot_build_is_inconclusive_and_says_why(monkeypatch):
    import checks.claims.check as claim_check

    def fails(*args, **kwargs):
        raise TypeError("Invalid NaN comparison")

    monkeypatch.setattr(claim_check, "sympy_sides", fails)
    result = check_claim("a = a", pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.read_as == "a = a"
    assert result.notes == ("SymPy could not build the claim: TypeError: Invalid NaN comparison",)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_entropy_is_at_most_log_n_by_its_lemma(n):
    # Without the lemma, by spreading log n over Σ p (tests/checks/prove/test_lemmas.py).
    declarations = Declarations(vectors=(parse_vector(f"p:{n}:probabilities"),))
    result = check_claim(f"entropy(p) <= log({n})", declarations, pretty=False)
    assert result.verdict is Verdict.VERIFIED, result.notes
    assert result.method == "lemma: entropy ≤ log n, using Σ = 1"


def test_a_too_small_or_strict_entropy_bound_is_refuted_at_the_uniform_point():
    declarations = Declarations(vectors=(parse_vector("p:3:probabilities"),))
    for claim in ("entropy(p) < log(3)", "entropy(p) <= log(2)"):
        result = check_claim(claim, declarations, pretty=False)
        assert result.verdict is Verdict.REFUTED, claim
        assert result.counterexample is not None and result.counterexample["point"] == {
            "p": "(1/3, 1/3, 1/3)"
        }


def test_a_true_claim_that_cancels_catastrophically_in_40_digits_is_not_refuted():
    # At z = 50 the left side is -431 in 40 digits and 1 + 9e-39 in 80: noise, not a gap.
    assert check_claim("(exp(z) + 1)**2 - exp(2*z) - 2*exp(z) = 1", pretty=False).verdict is Verdict.VERIFIED
    wrong = check_claim("(exp(z) + 1)**2 - exp(2*z) - 2*exp(z) = 2", pretty=False)
    assert wrong.verdict is Verdict.REFUTED and wrong.counterexample is not None


@pytest.mark.parametrize(
    "claim",
    [
        "limit(l/(l + 10**30), l, oo) = 1",
        "limit(x/(x + 10**(-30)), x, 0) = 0",
        "limit(exp(-l/10**30), l, oo) = 0",
    ],
)
def test_a_true_limit_that_settles_beyond_the_sampled_sequence_is_never_refuted(claim):
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("refuted only when" in note for note in result.notes)


def test_a_limit_is_refuted_when_sympy_agrees_or_when_the_gap_is_proved():
    assert (
        check_claim("limit(l/(l + 10**30), l, oo) = 2", pretty=False).verdict is Verdict.REFUTED
    )  # sympy: 1
    # sympy.limit raises here; the gap log(e^{la} + e^{lb})/l ≥ (a + b)/2 for a > b is proved.
    assert (
        check_claim("limit(log(exp(l*a) + exp(l*b))/l, l, oo) = b", pretty=False).verdict is Verdict.REFUTED
    )


def test_realsoftmax_tends_to_the_max_proved_one_order_of_the_logits_at_a_time():
    # sympy.limit alone raises ("depends on the sign of a"); a > b, a = b, a < b each settle it.
    result = check_claim("limit(log(exp(l*a) + exp(l*b))/l, l, oo) = Max(a, b)", pretty=False)
    assert result.verdict is Verdict.VERIFIED
    assert result.method == "limits case by case on the order of a, b"
    minimum = check_claim("limit(-log(exp(-l*a) + exp(-l*b))/l, l, oo) = Min(a, b)", pretty=False)
    assert minimum.verdict is Verdict.VERIFIED


@pytest.mark.parametrize("wrong", ["Min(a, b)", "a", "(a + b)/2"])
def test_a_wrong_realsoftmax_limit_is_refuted_with_sympy_limit_taken_at_the_point(wrong):
    result = check_claim(f"limit(log(exp(l*a) + exp(l*b))/l, l, oo) = {wrong}", pretty=False)
    assert result.verdict is Verdict.REFUTED
    point = result.counterexample["point"]
    assert set(point) == {"a", "b"}  # the limit's own variable has no value to show
    a, b = (float(Fraction(point[k])) for k in "ab")
    assert float(result.counterexample["left"]) == pytest.approx(max(a, b))


def test_a_realsoftmax_limit_that_forgets_a_logit_is_refuted_where_that_logit_is_largest():
    claim = "limit(log(exp(l*a) + exp(l*b) + exp(l*c))/l, l, oo) = Max(a, b)"
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED
    point = {k: float(Fraction(v)) for k, v in result.counterexample["point"].items()}
    assert point["c"] > max(point["a"], point["b"])


def test_a_limit_taken_from_one_side_is_checked_from_that_side_only():
    # Two-sided, the cold sigmoid has no limit at 0; from each side it has one.
    assert check_claim("limit(sigmoid(1/T), T, 0, '+') = 1", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim(r"\lim_{T \to 0^{-}} \sigma(1/T) = 0", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim("limit(sigmoid(1/T), T, 0) = 1", pretty=False).verdict is not Verdict.VERIFIED
    wrong = check_claim("limit(sigmoid(1/T), T, 0, '-') = 1", pretty=False)
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.counterexample["point"] == {}  # T is the limit's own variable


@pytest.mark.parametrize(
    ("claim", "assume"),
    [("limit(p, p, 0, '-') = 0", ("p > 0",)), ("limit(x, x, oo, '+') = 1", ())],
)
def test_a_side_the_variable_never_comes_from_is_refused(claim, assume):
    declarations = Declarations(scalars=tuple(parse_assumption(a) for a in assume))
    with pytest.raises(UsageError, match="is never reached"):
        check_claim(claim, declarations)


@pytest.mark.parametrize(
    "claim",
    [
        "limit(log(exp(l*a) + exp(l*b))/l, l, oo) > Max(a, b)",  # every finite l is above; the limit is not
        "limit(log(exp(l*a) + exp(l*b))/l, l, oo) < Max(a, b)",
        "limit(1 + 1/l, l, oo) > 1",
    ],
)
def test_a_strict_claim_about_a_limit_that_is_an_exact_tie_is_refuted(claim):
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample["left"] == result.counterexample["right"]


def test_a_strict_tie_is_not_taken_from_sympy_limit_where_the_numbers_disagree_with_it():
    # The numbers' far point (l = 10**13) is nowhere near 1: sympy.limit's tie is not trusted.
    result = check_claim("limit(l/(l + 10**30), l, oo) < 1", pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE


def test_a_name_that_is_a_limits_variable_elsewhere_is_not_split_into_orders():
    # The second limit is 0 (exp(2y/10^13) as y → -∞), so the left side is Max(y, 0) and the
    # right at least Max(y, 0) + 1: false everywhere. The order split once verified it.
    claim = (
        "limit(log(exp(l*y) + 1)/l, l, oo) + limit(exp((y - Abs(y))/10**13), y, -oo)"
        " = Max(y, 0) + exp((Abs(y) - y)/10**13)"
    )
    assert check_claim(claim, pretty=False).verdict is not Verdict.VERIFIED


@pytest.mark.parametrize(
    ("claim", "vectors"),
    [
        # SymPy 1.14 answers exp(-1) from both sides; from the left the limit is e.
        ("limit(exp(-tanh(a/x)), x, 0) = limit(exp(-tanh(a*m)), m, oo)", ()),
        ("limit(exp(-tanh(1/x[0])), x[0], 0) = exp(-1)", ("x:1",)),
    ],
)
def test_a_two_sided_limit_whose_sides_the_numbers_see_apart_is_never_verified(claim, vectors):
    result = check_claim(claim, Declarations(vectors=tuple(parse_vector(v) for v in vectors)), pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("settle apart from the left and from the right" in note for note in result.notes)


def test_a_limit_in_a_vector_entry_moves_that_entry_along_its_sequence():
    declarations = Declarations(vectors=(parse_vector("x:2"),))
    assert check_claim("limit(x[0]**2, x[0], 2) = 4", declarations, pretty=False).verdict is Verdict.VERIFIED
    wrong = check_claim("limit(x[0], x[0], 5) = 6", declarations, pretty=False)
    assert wrong.verdict is Verdict.REFUTED
    assert (wrong.counterexample["left"], wrong.counterexample["right"]) == ("5.0", "6.0")
    with pytest.raises(UsageError, match="stays on the simplex"):
        check_claim("limit(p[0], p[0], 0) = 0", Declarations(vectors=(parse_vector("p:2:probabilities"),)))


def test_a_scalar_named_like_a_latex_subscript_never_takes_over_a_vector_entry():
    # --assume "x_0 > 0" once made x[0] > 0 verified; such a scalar is now refused outright.
    declarations = Declarations(vectors=(parse_vector("x:3"),), scalars=(parse_assumption("x_0 > 0"),))
    for claim in ("x[0] > 0", "x_{0} > 0", "x_0 > 0"):
        with pytest.raises(UsageError, match="'x_0' would be a scalar of its own"):
            check_claim(claim, declarations, pretty=False)
    assert check_claim("x_{0} > 0", Declarations(vectors=(parse_vector("x:3"),))).verdict is Verdict.REFUTED


@pytest.mark.parametrize("claim", ["limit(floor(x), x, 0) = 0", "limit(sqrt(x**2)/x, x, 0) = 1"])
def test_a_limit_at_a_finite_point_is_two_sided_unless_the_variable_is_on_one_side(claim):
    assert check_claim(claim, pretty=False).verdict is not Verdict.VERIFIED
    one_side = Declarations(scalars=(("x", Kind.POSITIVE),))
    assert check_claim(claim, one_side, pretty=False).verdict is Verdict.VERIFIED


def test_diff_with_a_count_of_zero_leaves_the_function_alone():
    assert check_claim("diff(x**2, x, 0) = x**2", pretty=False).verdict is Verdict.VERIFIED
    assert check_claim("diff(x**2, x, 0) = 2*x", pretty=False).verdict is Verdict.REFUTED
    assert check_claim("diff(a*b, a, b, 0) = b", pretty=False).verdict is Verdict.VERIFIED


def test_a_scalar_named_like_a_vector_entry_or_declared_twice_is_a_usage_error():
    with pytest.raises(UsageError, match="name of x\\[0\\]"):
        check_claim("x0 = x[0]", Declarations(vectors=(parse_vector("x:3"),)), pretty=False)
    with pytest.raises(UsageError, match="both as a vector and as a scalar"):
        check_claim("a > 0", Declarations(vectors=(parse_vector("a:3"),), scalars=(("a", Kind.POSITIVE),)))


@pytest.mark.parametrize("text", ["a >= 0", "n: integer"])
def test_assumptions_the_checker_cannot_sample_are_refused_not_widened(text):
    with pytest.raises(UsageError, match="cannot read assumption"):
        parse_assumption(text)


@pytest.mark.parametrize("claim", ["s = softmax(x)", "logsumexp(x) - x = -log(s)"])
def test_bare_s_is_the_softmax_of_the_one_declared_vector(claim):
    result = check_claim(claim, Declarations(vectors=(parse_vector("x:3"),)), pretty=False)
    assert result.verdict is Verdict.VERIFIED


def test_a_user_name_never_meets_the_provers_internal_symbols():
    declarations = Declarations(scalars=(("exp_a", Kind.POSITIVE), ("n", Kind.COUNT)))
    result = check_claim("factorial(n)*exp(a) = factorial(n)*exp_a", declarations, pretty=False)
    assert result.verdict is Verdict.REFUTED


@pytest.mark.parametrize(
    "claim",
    [
        "(exp(2/3*a) + 1)**2 - exp(4/3*a) - 2*exp(2/3*a) = 1",  # -2X in 40 and 80 digits at a = 500
        "floor((exp(a) + 1)**2 - exp(2*a) - 2*exp(a)) = 1",  # floor(1 - ε) at ordinary points
    ],
)
@pytest.mark.parametrize("seed", [0, 2, 3])
def test_a_true_claim_that_rounds_stably_wrong_is_never_refuted(claim, seed):
    assert check_claim(claim, seed=seed, pretty=False).verdict is not Verdict.REFUTED


def test_floor_of_tanh_at_500_is_not_refuted_by_rounding():
    assert check_claim("floor(tanh(a)) <= 0", pretty=False).verdict is not Verdict.REFUTED


def test_entries_of_two_vectors_that_would_share_a_symbol_are_a_usage_error():
    declarations = Declarations(vectors=(parse_vector("x:11"), parse_vector("x1:2")))
    with pytest.raises(UsageError, match="would be one symbol x10"):
        check_claim("x[10] = x1[0]", declarations, pretty=False)


def test_a_name_assumed_twice_is_a_usage_error_not_a_dropped_assumption():
    declarations = Declarations(scalars=(("a", Kind.POSITIVE), ("a", Kind.COUNT)))
    with pytest.raises(UsageError, match="assumed twice"):
        check_claim("floor(a) = a", declarations, pretty=False)
    with pytest.raises(UsageError, match="cannot read assumption"):
        parse_assumption("a: probabilities")  # a simplex kind needs a vector


def test_limits_that_do_not_exist_are_not_compared_as_values():
    claim = "limit(x - floor(x), x, oo) = limit(sqrt(x - floor(x)), x, oo)"  # both cycle in [0, 1)
    assert check_claim(claim, pretty=False).verdict is not Verdict.VERIFIED


def test_a_small_gap_is_not_rounded_away_when_a_limit_is_refuted_by_proof():
    # The body is about 1e-7 up to x = 1e26, and tends to 0: the claim is true.
    assert check_claim("limit(10**23/(x + 10**30), x, oo) = 0", pretty=False).verdict is not Verdict.REFUTED


def test_sign_and_heaviside_have_intervals_so_stable_rounding_is_not_trusted():
    claim = "(factorial(n) + 1)**2 - factorial(n)**2 - 2*factorial(n) = Max(diff(Abs(t), t)**2, 1)"
    declarations = Declarations(scalars=(("n", Kind.COUNT),))
    assert check_claim(claim, declarations, pretty=False).verdict is not Verdict.REFUTED


@pytest.mark.parametrize(
    "claim", ["limit(floor(x), x, a) = floor(a)", "limit(x - floor(x), x, a) = a - floor(a)"]
)
def test_a_limit_at_a_symbolic_point_is_refused(claim):
    with pytest.raises(UsageError, match="limit point must be a number"):
        check_claim(claim, pretty=False)


def test_a_far_point_of_a_limit_is_not_evaluated_exactly_by_sympy():
    # factorial(10**13) computed exactly never ends; mpmath takes it from the unevaluated tree.
    started = time.monotonic()
    result = check_claim("limit(factorial(l)/l**(a*l), l, oo) = 0", timeout=5, pretty=False)
    assert time.monotonic() - started < 5
    assert result.verdict is not Verdict.VERIFIED  # false for a ≤ 1


def test_the_whole_check_is_bounded_even_where_no_step_has_a_deadline_of_its_own(monkeypatch):
    import checks.claims.check as claim_check

    def stuck(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(claim_check, "screen", stuck)
    started = time.monotonic()
    result = check_claim("a + b = b + a", timeout=0.5, pretty=False)
    assert time.monotonic() - started < 5
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.notes == ("the whole check timed out after 1.75 s",)


_POSITIVE_AB = Declarations(scalars=(parse_assumption("a > 0"), parse_assumption("b > 0")))


@pytest.mark.parametrize(
    "claim",
    [
        # sympy.limit answers b for positive a, b (the limit is Max(a, b)): a derivative beside
        # the limit once made doit() evaluate the limit, unchecked by the numbers.
        "limit(log(exp(l*a) + exp(l*b))/l, l, oo) + diff(a, a) = b + 1",
        "diff(limit(log(exp(l*a) + exp(l*b))/l, l, oo), a) = 0",
    ],
)
def test_a_derivative_beside_a_limit_never_hands_the_limit_to_sympy_unchecked(claim):
    assert check_claim(claim, _POSITIVE_AB, pretty=False).verdict is not Verdict.VERIFIED


def test_a_true_claim_with_a_derivative_beside_a_limit_is_not_refuted_by_sympys_wrong_limit():
    claim = "limit(log(exp(l*a) + exp(l*b))/l, l, oo) + diff(a, a) >= a + 1"
    assert check_claim(claim, _POSITIVE_AB, pretty=False).verdict is not Verdict.REFUTED


@pytest.mark.parametrize(
    "claim",
    [
        # log(m)/m^(1/1000) → 0 still moves by 15 between m = 10^6 and 10^13: it once hid the
        # error of sympy.limit's b for Max(a, b).
        "limit(log(exp(l*a) + exp(l*b))/l, l, oo) + limit(log(m)/m**(1/1000), m, oo) = b",
        "limit(log(exp(l*a) + exp(l*b))/l + 10**6/sqrt(l), l, oo) = b",
    ],
)
def test_a_slowly_settling_limit_hides_no_other_limits_error(claim):
    result = check_claim(claim, _POSITIVE_AB, pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("still apart from the claim" in note for note in result.notes)


@pytest.mark.parametrize(
    "claim",
    ["limit(sqrt(l + 1) - sqrt(l), l, oo) = 0", "limit(x*log(x), x, 0) = 0", "limit(log(l)/l, l, oo) = 0"],
)
def test_a_limit_that_settles_to_six_digits_at_the_far_point_is_verified(claim):
    assert check_claim(claim, pretty=False).verdict is Verdict.VERIFIED


@pytest.mark.parametrize("claim", ["log(a, 0) = 0", "log(a, 1) = 0", "log(a, -2) = 0"])
def test_a_log_to_a_base_that_is_not_positive_or_is_one_is_refused(claim):
    with pytest.raises(UsageError, match="the base of a log must be positive and not 1"):
        check_claim(claim)


@pytest.mark.parametrize("k", [3, 5])
def test_a_floor_never_refutes_a_true_claim_by_rounding_where_no_interval_certifies_it(k):
    # Σ s = 1, so floor(k Σ s) = k; the sum rounds just below 1 in 40 and in 80 digits, and the
    # square root (whose argument touches 0) keeps interval arithmetic out.
    claim = f"floor({k}*s[0] + {k}*s[1] + {k}*s[2]) + sqrt(Abs(x[0]) - x[0]) >= {k}"
    result = check_claim(claim, Declarations(vectors=(parse_vector("x:3"),)), pretty=False)
    assert result.verdict is not Verdict.REFUTED, result.counterexample


def test_two_sides_with_different_numbers_of_entries_are_refused_in_one_line():
    declarations = Declarations(vectors=(parse_vector("x:2"), parse_vector("y:3")))
    with pytest.raises(UsageError, match="the left side has 2 entries and the right side 3"):
        check_claim("softmax(x) = softmax(y)", declarations)


@pytest.mark.parametrize(
    ("claim", "read_as", "verdict"),
    [
        ("x_0 = x[0]", "x[0] = x[0]", Verdict.VERIFIED),
        ("s_1 + s_0 + s_2 = 1", "(s[1] + s[0]) + s[2] = 1", Verdict.VERIFIED),
        ("y_j >= 0", "y[j] >= 0", Verdict.REFUTED),
        ("x_max = 1", None, None),
    ],
)
def test_a_name_spelled_like_a_vector_entry_is_that_entry_never_a_new_scalar(claim, read_as, verdict):
    # x_0 once became a free scalar beside the vector x: x_0 = x[0] was refuted; then it was
    # refused; now s_0 written without braces is the entry, in either spelling.
    declarations = Declarations(vectors=(parse_vector("x:3"), parse_vector("y:3")))
    if claim.startswith("s"):
        declarations = Declarations(vectors=(parse_vector("x:3"),))
    if read_as is None:  # x_max: no entry, and a scalar beside the vector x is refused
        with pytest.raises(UsageError, match="'x_max' would be a scalar of its own"):
            check_claim(claim, declarations)
        return
    result = check_claim(claim, declarations, pretty=False)
    assert (result.read_as, result.verdict) == (read_as, verdict)
    assert (
        check_claim("x_{0} = x_0", Declarations(vectors=(parse_vector("x:3"),))).verdict is Verdict.VERIFIED
    )


@pytest.mark.parametrize(
    "claim", ["sqrt(a)*sqrt(b) >= 0", "sqrt(a)**2 >= 0", "sqrt(a - 1)*sqrt(a - 1) >= 0", "exp(log(a)) > 0"]
)
def test_a_point_where_a_value_leaves_the_reals_refutes_nothing(claim):
    # At a, b < 0, sqrt(a)·sqrt(b) = i·i·… is a real -sqrt(ab), and SymPy turns sqrt(a)**2 into a:
    # neither says anything about the claim over the reals, where it holds wherever defined.
    assert check_claim(claim, pretty=False).verdict is not Verdict.REFUTED


def test_a_value_that_stays_real_still_refutes():
    result = check_claim("sqrt(a**2) = a", pretty=False)  # |a| ≠ a for a < 0: real on the way
    assert result.verdict is Verdict.REFUTED and float(result.counterexample["point"]["a"]) < 0


def test_feedback_names_a_mistake_only_where_it_explains_the_answer_at_every_index():
    # s_i for every entry agrees with diag(s) at i = j, where the counterexample is: not that mistake.
    every_entry = check_answer("E03.entry", "softmax(x)[i]")
    assert every_entry.verdict is Verdict.REFUTED and every_entry.feedback is None
    diagonal_only = check_answer("E03.entry", "KroneckerDelta(i, j)*softmax(x)[i]")
    assert diagonal_only.feedback is not None and diagonal_only.feedback.startswith("diag(s) alone")


@pytest.mark.parametrize(
    "claim",
    [r"\sqrt{\sqrt[3]{x}^{2}} = \sqrt[3]{x}", "sqrt(x**(2/3)) = x**(1/3)", "(x**(2/3))**(3/2) = x"],
)
def test_a_cube_root_of_a_negative_is_undecided_not_a_point_to_skip(claim):
    # SymPy's principal root proves these; with the real cube root they fail at x = -8.
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("fractional power of a negative number" in note for note in result.notes)


def test_a_scalar_spelled_like_an_entry_of_the_softmax_shorthand_is_refused():
    with pytest.raises(UsageError, match="'s0' would be a scalar of its own beside the softmax shorthand"):
        check_claim("diff(s0, x[0]) = 0", Declarations(vectors=(parse_vector("x:3"),)))


@pytest.mark.parametrize("claim", ["2**3 = 7", "8 = 10", "x - x + 8 = 7"])
def test_a_claim_about_numbers_gets_no_feedback_from_a_result_that_is_a_number(claim):
    # E14's bits (⌈5 log₂ 3⌉ = 8) once explained every claim with an 8 on one side.
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED and result.feedback is None


@pytest.mark.parametrize(
    "claim",
    [
        "1 + exp(-50) = 1",
        "factorial(25) = 15511210043330985984000001",
        "1 + exp(-1000)*x**2 <= 1",
    ],
)
def test_a_difference_under_every_float_tolerance_is_refuted_with_a_certificate(claim):
    result = check_claim(claim)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert (
        result.counterexample is not None and result.counterexample["left"] != result.counterexample["right"]
    )
    assert result.counterexample["certified"].startswith(("exact rational", "interval arithmetic"))


@pytest.mark.parametrize(
    "claim", ["exp(x)**2 = exp(2*x)", "log(exp(a)*exp(b)) = a + b", "x + exp(-1000) > x"]
)
def test_true_claims_are_never_refuted_by_the_exact_look(claim):
    assert check_claim(claim).verdict is not Verdict.REFUTED


# -- kinks: where a derivative does not exist, a point is no evidence either way -----------------


@pytest.mark.parametrize(
    ("claim", "vectors"),
    [
        ("diff(Abs(x), x)**2 = 1", ()),
        ("diff(Abs(x - 1), x)**2 = 1", ()),
        ("diff(sqrt(x**2), x)**2 = 1", ()),
        ("diff(Abs(x), x)**2 > 0", ()),
        ("diff(Max(x, 0), x)**2 = diff(Max(x, 0), x)", ()),
        ("diff(Min(x, 1), x)**2 = diff(Min(x, 1), x)", ()),
        ("diff(Max(a, b), a)*diff(Max(a, b), b) = 0", ()),
        ("diff(Abs(x*y), x)**2 = y**2", ()),
        ("diff(Max(x[0], x[1]), x[0])**2 = diff(Max(x[0], x[1]), x[0])", ("x:2",)),
        ("diff(Abs(x[0] - x[1]), x[0])**2 = 1", ("x:2",)),
        (r"\left(\frac{d}{dx} \max(x, 0)\right)^2 = \frac{d}{dx} \max(x, 0)", ()),
    ],
)
def test_a_derivative_claim_true_wherever_the_derivative_exists_is_not_refuted_at_a_kink(claim, vectors):
    # SymPy's sign(0) = 0 and Heaviside(0) = 1/2 once refuted each of these at its kink.
    result = check_claim(claim, Declarations(vectors=tuple(parse_vector(v) for v in vectors)), pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("does not exist at" in note for note in result.notes)


def test_the_note_names_the_kink_and_the_point():
    result = check_claim("diff(Abs(x), x)**2 = 1", pretty=False)
    assert result.notes[0] == (
        "the derivative of Abs(x) in x does not exist at x = 0: such points are no evidence either way"
    )
    claim = "diff(Max(x[i], 0), x[i])**2 = diff(Max(x[i], 0), x[i])"
    result = check_claim(claim, Declarations(vectors=(parse_vector("x:3"),)), pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.notes[0].startswith(
        "the derivative of Max(0, x[0]) in x[0] does not exist at x = (0, 0, 0)"
    )


@pytest.mark.parametrize(
    ("claim", "vectors", "off_the_kink"),
    [
        ("diff(Abs(x), x) = 1", (), lambda p: p["x"].startswith("-")),
        ("diff(Max(x, 0), x) = 1", (), lambda p: p["x"].startswith("-")),
        ("diff(Max(x, 0), x)**2 = 1", (), lambda p: p["x"].startswith("-")),
        ("diff(Abs(x), x)**2 = 2", (), lambda p: p["x"] != "0"),
        ("diff(Max(a, b), a) = 1", (), lambda p: p["a"] != p["b"]),
        ("diff(Max(x[0], x[1]), x[0]) = 1", ("x:2",), lambda p: len(set(p["x"][1:-1].split(", "))) == 2),
    ],
)
def test_a_false_derivative_claim_is_refuted_away_from_its_kink(claim, vectors, off_the_kink):
    result = check_claim(claim, Declarations(vectors=tuple(parse_vector(v) for v in vectors)), pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert off_the_kink(result.counterexample["point"])


def test_a_proved_claim_with_a_kink_is_still_verified_from_the_other_points():
    result = check_claim("diff(x*Abs(x), x) = 2*Abs(x)", pretty=False)
    assert result.verdict is Verdict.VERIFIED


def test_the_pointwise_screen_skips_a_kink_too(monkeypatch):
    import checks.claims.screen as claim_screen

    def unstackable(*args, **kwargs):
        raise ValueError("the values at the points do not stack")

    monkeypatch.setattr(claim_screen, "numpy_rows_in_reals", unstackable)
    assert check_claim("diff(Abs(x), x)**2 = 1", pretty=False).verdict is Verdict.INCONCLUSIVE
    refuted = check_claim("diff(Abs(x), x) = 1", pretty=False)
    assert refuted.verdict is Verdict.REFUTED and refuted.counterexample["point"]["x"].startswith("-")


def test_the_exact_confirmation_takes_no_counterexample_at_a_kink():
    import sympy as sp

    from checks.claims.case import Case
    from checks.claims.confirm import _confirmed
    from checks.numeric.kinks import kink_conditions
    from checks.numeric.sampling import Sample

    scope = Declarations(scalars=(("x", Kind.REAL),)).scope()
    x = scope.scalars["x"].sym
    left = sp.Derivative(sp.Abs(x), x) ** 2
    at_zero = Sample({"x": (Fraction(0),)}, "small")
    blind = Case({}, left.doit(), sp.Integer(1))
    assert _confirmed(blind, "=", at_zero, scope) is not None  # sign(0)**2 = 0 ≠ 1 to SymPy
    seeing = Case({}, left.doit(), sp.Integer(1), kinks=kink_conditions(left))
    assert _confirmed(seeing, "=", at_zero, scope) is None


# -- limits with free parameters: proved for every value of them, or refuted where they fail --


def test_a_limit_that_fails_at_one_parameter_value_is_refuted_at_that_exact_value():
    # sympy.limit says 1 for a free a; at a = 1/7 the body is 0 for every l. No sample landed
    # there, so the claim was verified.
    result = check_claim("limit((a - 1/7)**2/((a - 1/7)**2 + 1/l), l, oo) = 1", pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    assert result.counterexample["point"] == {"a": "1/7"}
    assert (result.counterexample["left"], result.counterexample["right"]) == ("0.0", "1.0")


@pytest.mark.parametrize(
    ("claim", "vectors", "assume", "point"),
    [
        # a zero of the denominator's lowest-order coefficient at a finite point
        ("limit((a - 1/3)*x/((a - 1/3)*x + x**2), x, 0) = 1", (), (), {"a": "1/3"}),
        ("limit(x/(x + (a - 1/7)**2), x, 0, '+') = 0", (), (), {"a": "1/7"}),
        # a growth rate that ties with another at one value of a parameter
        ("limit(exp(-(a - 1/5)**2*l), l, oo) = 0", (), (), {"a": "1/5"}),
        ("limit(sigmoid((a - 1/7)**2*l), l, oo) = 1", (), (), {"a": "1/7"}),
        ("limit(x**((a - 1/3)**2), x, 0, '+') = 0", (), (), {"a": "1/3"}),
        ("limit(tanh((a - 1/3)*l)**2, l, oo) = 1", (), (), {"a": "1/3"}),
        # a leading coefficient that vanishes inside a log's expansion, and one of two degrees
        (
            "limit(l**3*log(1 + (a - 1/7)**2/l**2)/(l**3*log(1 + (a - 1/7)**2/l**2) + 1), l, oo) = 1",
            (),
            (),
            {"a": "1/7"},
        ),
        ("limit((a - 1/7)**2*l**2/((a - 1/7)**2*l**2 + l), l, oo) = 1", (), (), {"a": "1/7"}),
        # a vector entry as the limit's variable, another as its parameter
        (
            "limit((x[1] - 1/7)**2*x[0]/((x[1] - 1/7)**2*x[0] + 1), x[0], oo) = 1",
            ("x:2",),
            (),
            {"x": "(0, 1/7)"},
        ),
        # two vector entries as parameters: the piece x[0] = x[1] + 1/7
        ("limit((x[0] - x[1] - 1/7)**2*l/((x[0] - x[1] - 1/7)**2*l + 1), l, oo) = 1", ("x:2",), (), None),
        # on the simplex: the point stays on it
        ("limit((p[0] - 1/9)**2*l/((p[0] - 1/9)**2*l + 1), l, oo) = 1", ("p:3:probabilities",), (), None),
        (
            "limit((y[0] - 1/7)**2*l/((y[0] - 1/7)**2*l + 1), l, oo) = 1",
            ("y:2:labels",),
            (),
            {"y": "(1/7, 6/7)"},
        ),
        # a positive integer
        ("limit((H - 100)**2*l/((H - 100)**2*l + 1), l, oo) = 1", (), ("H: positive integer",), {"H": "100"}),
    ],
)
def test_a_limit_wrong_only_on_its_exceptional_set_is_refuted_there(claim, vectors, assume, point):
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in vectors), scalars=tuple(parse_assumption(a) for a in assume)
    )
    result = check_claim(claim, declarations, pretty=False)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert result.counterexample is not None
    if point is not None:
        assert result.counterexample["point"] == point


def test_a_point_on_the_simplex_where_a_limit_fails_is_on_the_simplex():
    declarations = Declarations(vectors=(parse_vector("p:3:probabilities"),))
    result = check_claim(
        "limit((p[0] - 1/9)**2*l/((p[0] - 1/9)**2*l + 1), l, oo) = 1", declarations, pretty=False
    )
    assert result.counterexample is not None
    entries = [Fraction(q) for q in result.counterexample["point"]["p"].strip("()").split(", ")]
    assert entries[0] == Fraction(1, 9) and sum(entries) == 1 and min(entries) > 0


def test_a_limit_proved_in_every_order_of_its_parameters_is_also_checked_within_each_order():
    # In the case a = b + t the second term tends to 1 except at t = 1: there the claim is off
    # by 1. The order split proved each case for a generic gap and verified it.
    claim = "limit(log(exp(l*a) + exp(l*b))/l + (a - b - 1)**2/((a - b - 1)**2 + 1/l), l, oo) = Max(a, b) + 1"
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None
    point = result.counterexample["point"]
    assert Fraction(point["a"]) - Fraction(point["b"]) == 1


def test_a_limit_whose_exceptional_point_cannot_be_sampled_is_inconclusive_and_says_where():
    result = check_claim("limit((a**2 - 2)**2*l/((a**2 - 2)**2*l + 1), l, oo) = 1", pretty=False)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("proved for generic a; at a = " in note and "sqrt(2)" in note for note in result.notes)


@pytest.mark.parametrize(
    "claim",
    [
        "limit(log(exp(l*a) + exp(l*b))/l, l, oo) = Max(a, b)",  # its pieces (a = b) hold
        "limit(Abs(a)*l/(l + 1), l, oo) = Abs(a)",
        "limit(a*l/(l + 1), l, oo) = a",
        "limit((a**2 + 1)*l/((a**2 + 1)*l + 1), l, oo) = 1",
        "limit(l*(exp(a/l) - 1), l, oo) = a",
        "limit(floor(a + 1/l), l, oo) = floor(a)",  # floor is continuous from above
        "limit(((a - 1/7)**2*l + 1)/(l + 1), l, oo) = (a - 1/7)**2",
        "limit(log(exp(l*a) + 1)/l, l, oo) = Max(a, 0)",
    ],
)
def test_a_true_limit_with_free_parameters_stays_verified(claim):
    result = check_claim(claim, pretty=False)
    assert result.verdict is Verdict.VERIFIED, result.notes


@pytest.mark.parametrize(
    ("claim", "assume"),
    [("limit(x**a, x, oo) = oo", ()), ("limit(floor(a - 1/l), l, oo) = floor(a)", ())],
)
def test_a_limit_whose_value_depends_on_a_sign_or_a_side_is_not_verified(claim, assume):
    declarations = Declarations(scalars=tuple(parse_assumption(a) for a in assume))
    assert check_claim(claim, declarations, pretty=False).verdict is not Verdict.VERIFIED


def test_a_result_of_an_exercise_whose_id_has_dots_is_found_by_the_last_dot(monkeypatch):
    import dataclasses

    import derivations
    from checks.claims.check import find_result

    (entry,) = [d for d in derivations.all() if d.results][:1]
    dotted = dataclasses.replace(entry, exercise="week2.q4")
    monkeypatch.setattr(derivations, "all", lambda: (dotted,))
    first = entry.results[0]
    assert find_result(f"week2.q4.{first.name}") is first
    with pytest.raises(UsageError, match=r"expected EXERCISE\.RESULT"):
        find_result("nodots")


_SIGMOID_CHAIN = [
    r"σ'(z)",
    r"\frac{d}{dz} \left(1 + e^{-z}\right)^{-1}",
    r"-\left(1 + e^{-z}\right)^{-2} \cdot \frac{d}{dz} \left(1 + e^{-z}\right)",
    r"\frac{e^{-z}}{(1 + e^{-z})^2}",
    r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}",
    r"\sigma(z) \cdot \frac{(1 + e^{-z}) - 1}{1 + e^{-z}}",
    r"\sigma(z) \left(1 - \frac{1}{1 + e^{-z}}\right)",
    r"σ(z)(1 − σ(z)). \quad \text{(the definition of the sigmoid)}",
]


@pytest.mark.parametrize("link", range(len(_SIGMOID_CHAIN) - 1))
def test_each_link_of_a_sigmoid_derivative_written_as_in_a_textbook_is_verified(link):
    claim = f"{_SIGMOID_CHAIN[link]} = {_SIGMOID_CHAIN[link + 1]}"
    assert check_claim(claim, pretty=False).verdict is Verdict.VERIFIED, claim


def test_a_wrong_last_line_of_the_sigmoid_derivative_is_refuted():
    result = check_claim(r"\sigma(z) \left(1 - \frac{1}{1 + e^{-z}}\right) = σ(z)(1 + σ(z))", pretty=False)
    assert result.verdict is Verdict.REFUTED


_CROSS_ENTROPY_CHAIN = [
    r"H(\mathbf{p}, \mathbf{q})",
    r"-\sum_{i=1}^n p_i \log q_i",
    r"-\sum_{i=1}^n p_i \log p_i + \sum_{i=1}^n p_i \log \frac{p_i}{q_i}",
    r"H(\mathbf{p}) + D_{\mathrm{KL}}(\mathbf{p} \,\|\, \mathbf{q})",
]


@pytest.mark.parametrize("link", range(len(_CROSS_ENTROPY_CHAIN) - 1))
def test_each_link_of_the_cross_entropy_rewrite_over_n_classes_is_verified_one_based(link):
    declarations = Declarations(
        vectors=(parse_vector("p:3:probabilities"), parse_vector("q:3:probabilities")), sizes=(("n", 3),)
    )
    claim = f"{_CROSS_ENTROPY_CHAIN[link]} = {_CROSS_ENTROPY_CHAIN[link + 1]}"
    result = check_claim(claim, declarations, pretty=False, one_based=True)
    assert result.verdict is Verdict.VERIFIED, claim
    # the same chain with a sign slipped is refuted
    slipped = claim.replace(r"+ \sum_{i=1}^n p_i", r"- \sum_{i=1}^n p_i")
    if slipped != claim:
        assert check_claim(slipped, declarations, pretty=False, one_based=True).verdict is Verdict.REFUTED


@pytest.mark.parametrize(
    "claim", [r"\mathbf{x} \cdot \mathbf{y} = \sum_j x_j y_j", "x*y = Sum(x[j]*y[j], (j, 0, 2))"]
)
def test_a_product_of_two_vectors_is_refused_not_taken_entry_by_entry(claim):
    # Entry by entry, the true dot-product claim was REFUTED (a vector against a number).
    declarations = Declarations(vectors=(parse_vector("x:3"), parse_vector("y:3")))
    with pytest.raises(UsageError, match="a product of two vectors reads as their dot product"):
        check_claim(claim, declarations, pretty=False)


@pytest.mark.parametrize("answer", ["s_j - y_j", "s[j] - y[j]"])
def test_the_textbook_answer_s_j_minus_y_j_to_e05_is_verified(answer):
    # E05 declares logits x and labels y: s is the softmax of the one vector of logits (it was a
    # fresh scalar s_j, and the textbook answer was refuted).
    from checks.claims.check import check_answer

    assert check_answer("E05.gradient", answer, pretty=False).verdict is Verdict.VERIFIED


def test_an_answer_naming_what_its_result_does_not_declare_is_refused():
    from checks.claims.check import check_answer

    with pytest.raises(UsageError, match="'yhat_0' is none of the result's names"):
        check_answer("E05.gradient", r"\hat{y}_j - y_j", pretty=False)
    with pytest.raises(UsageError, match="'w' is none of the result's names"):
        check_answer("E04.derivative", r"\sigma(w)(1 - \sigma(w))", pretty=False)


def test_the_bars_of_a_whole_vector_are_refused_not_taken_entry_by_entry():
    # |x| = sqrt(Σ x_j²) (the norm) was refuted: the bars were taken entry by entry.
    declarations = Declarations(vectors=(parse_vector("x:3"),))
    with pytest.raises(UsageError, match=r"\|x\| of a vector reads as its norm or entry by entry"):
        check_claim(r"|\mathbf{x}| = \sqrt{\sum_j x_j^2}", declarations, pretty=False)


def test_s_beside_two_vectors_of_logits_is_refused_not_made_a_new_scalar():
    # s_0 became a free scalar s_0 and "s_0 > 0" was refuted.
    declarations = Declarations(vectors=(parse_vector("x:3:logits"), parse_vector("z:3:logits")))
    with pytest.raises(UsageError, match="s stands for the softmax of one vector of logits"):
        check_claim("s_0 > 0", declarations, pretty=False)
