"""The engine's verdicts: verified, refuted at the right step with a counterexample, inconclusive."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from checks.engine.verify import verify
from checks.model import ClaimKind, Derivation, Kind, Limit, Proof, Step, Var
from checks.model.result import Verdict
from checks.model.twins import with_build, with_limit_value, with_step
from checks.numeric.sampling import samples
from tests.checks.toys import ce_toy, limit_toy, lse_bound_toy, sigmoid_toy, trivial_toy


@pytest.mark.parametrize(
    "toy", [sigmoid_toy, ce_toy, lse_bound_toy, limit_toy, trivial_toy], ids=lambda d: d.name
)
def test_a_correct_derivation_is_verified_with_every_step_proved(toy):
    result = verify(toy)
    assert result.verdict is Verdict.VERIFIED, result.notes
    assert all(step.verdict is Verdict.VERIFIED and step.method for step in result.steps)
    assert result.counterexample is None
    assert result.points_checked > 0


def test_a_sign_slip_is_refuted_at_its_step_with_a_small_counterexample():
    twin = with_step(sigmoid_toy, 2, expr=lambda p: (1 / (1 + sp.exp(-p.variables[0].sym))) ** 2)
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.step == 2 and cex.justification == "1 - σ = e^{-z} / (1 + e^{-z})"
    # At z = 0 both sides are 1/4, so the smallest point that tells them apart is z = 1.
    assert cex.point == {"z": "1"}
    assert float(cex.left) == pytest.approx(0.196612, abs=1e-6)  # σ(1)(1 - σ(1))
    assert float(cex.right) == pytest.approx(0.534447, abs=1e-6)  # σ(1)²


def test_a_step_that_uses_sum_y_without_citing_it_is_refuted_off_the_simplex():
    twin = with_step(ce_toy, 2, using=())
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.step == 2
    assert cex.note is not None and "Σ y = 1" in cex.note
    y = [sp.Rational(v) for v in cex.point["y"].strip("()").split(", ")]
    assert sum(y) != 1


def test_citing_the_constraint_is_what_lets_the_step_be_proved():
    result = verify(ce_toy)
    assert [s.verdict for s in result.steps] == [Verdict.VERIFIED, Verdict.VERIFIED]


def test_a_false_strict_inequality_is_refuted():
    twin = with_step(lse_bound_toy, 1, expr=lambda p: sp.Max(*p.symbols) + sp.log(3))
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.step == 1


def test_a_strict_inequality_that_is_an_equality_somewhere_is_refuted_in_high_precision():
    # log(e^a + e^b) > max(a, b) + log 2 fails exactly at a = b (equality), a float cannot see it.
    twin = with_step(lse_bound_toy, 1, expr=lambda p: sp.Max(*p.symbols) + sp.log(2), rel=">=")
    assert verify(twin).verdict is Verdict.REFUTED


def test_sympys_wrong_limit_is_caught_by_the_numeric_sequence():
    # SymPy 1.14 answers b for this limit with positive a, b; the truth is max(a, b).
    twin = with_limit_value(limit_toy, lambda p: p.variables[1].sym)
    result = verify(twin)
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.step == len(result.steps)
    assert float(cex.left) != pytest.approx(float(cex.right))


def test_a_timeout_is_inconclusive_never_verified():
    result = verify(sigmoid_toy, timeout=1e-9)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("timed out" in note for note in result.notes)


def test_a_crashing_reference_is_inconclusive_and_says_so():
    def broken(proof: Proof) -> Proof:
        def reference(point: object) -> np.ndarray:
            raise RuntimeError("boom")

        return dataclasses.replace(proof, reference=reference)

    result = verify(with_build(trivial_toy, broken))
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("RuntimeError: boom" in note for note in result.notes)


def test_a_reference_that_disagrees_with_the_definition_is_never_verified():
    def wrong_reference(proof: Proof) -> Proof:
        return dataclasses.replace(proof, reference=lambda p: np.log(np.sum(np.exp(p["x"]))) + 1)

    result = verify(with_build(trivial_toy, wrong_reference))
    assert result.verdict is not Verdict.VERIFIED


def test_a_reference_that_is_never_finite_leaves_the_result_inconclusive():
    def nan_reference(proof: Proof) -> Proof:
        return dataclasses.replace(proof, reference=lambda p: np.full(2, np.nan))

    result = verify(with_build(ce_toy, nan_reference))
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.points_checked == 0 and result.points_skipped > 0


def test_the_same_seed_gives_the_same_counterexample():
    twin = with_step(ce_toy, 1, expr=lambda p: sp.ImmutableMatrix([0] * len(p.variables[0])))
    first, second = verify(twin, seed=7), verify(twin, seed=7)
    assert first.counterexample == second.counterexample


def test_the_reproduce_command_names_the_target_and_the_seed():
    result = verify(sigmoid_toy, seed=42, target="my_file.py")
    assert result.reproduce == "verify-derivations my_file.py --seed 42"


def test_the_smallest_size_with_a_counterexample_is_reported():
    def third_entry_wrong(proof: Proof) -> sp.ImmutableMatrix:
        expr = proof.steps[1].expr
        n = expr.shape[0]
        return expr if n < 3 else sp.ImmutableMatrix([*list(expr)[:2], expr[2] + 1])

    result = verify(with_step(ce_toy, 2, expr=third_entry_wrong))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.n == 3


def _strict_toy(name: str, start, steps, reference) -> Derivation:
    z = Var("z", Kind.REAL)

    def build(n: int) -> Proof:
        return Proof(variables=(z,), start=start(z.sym), steps=steps(z.sym), reference=reference)

    return _derivation(name, build, ClaimKind.INEQUALITY)


def _derivation(name: str, build, kind: ClaimKind) -> Derivation:
    """A scalar derivation made in a test, named after what it claims."""
    return Derivation(
        name=name, exercise="E04", title=name, source="tests", kind=kind, statement=name, build=build, dims=()
    )


def _sigmoid(z):
    return 1 / (1 + sp.exp(-z))


@pytest.mark.parametrize("first", [True, False])
def test_a_true_strict_step_whose_gap_no_precision_sees_is_not_refuted(first):
    # σ(500) = 1 - 7e-218: equal to 1 in floats, in 50 and in 100 digits; the step is true.
    toy = _strict_toy(
        "sigmoid_below_one",
        _sigmoid,
        lambda z: (
            (Step(sp.Integer(1), "e^{-z} > 0", rel="<"),)
            if first
            else (Step(_sigmoid(z), "definition"), Step(sp.Integer(1), "e^{-z} > 0", rel="<"))
        ),
        lambda p: 1 / (1 + np.exp(-p["z"])),
    )
    assert 500 in [float(s.values["z"][0]) for s in samples(toy.build(0).variables, 24, 0)]
    result = verify(toy)
    assert result.verdict is Verdict.VERIFIED, result.notes


def test_a_strict_step_that_fails_only_by_an_exact_tie_is_refuted_at_the_tie():
    toy = _strict_toy(
        "square_bound",
        lambda z: z**2 + 1,
        lambda z: (Step(2 * z, "AM-GM, wrongly strict", rel=">"),),
        lambda p: p["z"] ** 2 + 1,
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert result.counterexample is not None
    assert result.counterexample.point == {"z": "1"}
    assert float(result.counterexample.left) == float(result.counterexample.right) == 2.0


def test_a_true_step_that_cancels_catastrophically_in_50_digits_is_not_refuted():
    # (e^z + 1)^3 - e^{3z} - 3e^{2z} - 3e^z is 1, but about -3e14 at z = 50 in 50 digits.
    def cube(z):
        e = sp.exp(z)
        return (e + 1) ** 3 - sp.exp(3 * z) - 3 * sp.exp(2 * z) - 3 * e

    toy = _strict_toy(
        "cancel",
        lambda z: sp.Integer(1) + 0 * z,
        lambda z: (Step(cube(z), "write 1 as a difference"), Step(sp.Integer(1), "expand the cube")),
        lambda p: 1.0,
    )
    assert 50 in [float(s.values["z"][0]) for s in samples(toy.build(0).variables, 24, 0)]
    result = verify(toy)
    assert result.verdict is Verdict.VERIFIED, (result.notes, result.counterexample)
    wrong = _strict_toy(
        "cancel_wrong",
        lambda z: sp.Integer(2) + 0 * z,
        lambda z: (Step(cube(z), "write 2 as a difference"),),
        lambda p: 2.0,
    )
    assert verify(wrong).verdict is Verdict.REFUTED  # a real difference is still refuted


def _limit_toy(name: str, var: Var, start, value) -> Derivation:
    def build(n: int) -> Proof:
        return Proof(
            variables=(var,),
            start=start(var.sym),
            steps=(Step(start(var.sym), "as it is"),),
            reference=lambda p: float(np.abs(p[var.name]) / p[var.name]),
            limit=Limit(var.sym, 0, value),
        )

    return _derivation(name, build, ClaimKind.LIMIT)


def test_a_limit_at_a_finite_point_is_two_sided_for_a_real_variable():
    # |z|/z is 1 on the right and -1 on the left: it has no limit at 0.
    result = verify(_limit_toy("sign_limit", Var("z", Kind.REAL), lambda v: sp.Abs(v) / v, sp.Integer(1)))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and float(result.counterexample.point["z"]) < 0


def test_a_variable_that_is_never_below_the_point_comes_from_one_side():
    result = verify(
        _limit_toy("sign_limit_right", Var("t", Kind.POSITIVE), lambda v: sp.Abs(v) / v, sp.Integer(1))
    )
    assert result.verdict is Verdict.VERIFIED, result.notes


def test_a_derivation_that_exits_is_inconclusive_not_a_silent_success():
    def build(n: int) -> Proof:
        raise SystemExit(0)

    toy = dataclasses.replace(sigmoid_toy, build=build)
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("SystemExit" in note for note in result.notes)


def test_a_true_step_whose_side_rounds_to_exactly_zero_in_every_precision_is_not_refuted():
    # σ(z) = e^z (1 - σ(z)): at z = 500, 1 - σ(z) is 0 in 50 and in 100 digits, so the right side
    # is a stable 0; interval arithmetic shows the gap is not certain.
    def sigma(z):
        return 1 / (1 + sp.exp(-z))

    toy = _strict_toy(
        "sigmoid_complement",
        sigma,
        lambda z: (Step(sp.exp(z) * (1 - sigma(z)), "1 - σ(z) = e^{-z} σ(z)"),),
        lambda p: float(np.exp(-np.logaddexp(0.0, -p["z"]))),
    )
    assert verify(toy).verdict is Verdict.VERIFIED
    wrong = _strict_toy(
        "sigmoid_complement_wrong",
        sigma,
        lambda z: (Step(sp.exp(z) * (1 + sigma(z)), "a sign slip"),),
        lambda p: float(np.exp(-np.logaddexp(0.0, -p["z"]))),
    )
    assert verify(wrong).verdict is Verdict.REFUTED


def test_an_approximate_chain_compares_every_step_with_the_start():
    # Each step is within 1e-2 of the one before, but 3.2 is 0.058 away from π.
    def build(n: int) -> Proof:
        steps = tuple(Step(sp.Rational(3150 + 9 * k, 1000), f"round ({k})") for k in range(6))
        return Proof(variables=(), start=sp.pi, steps=steps, reference=lambda p: float(np.pi), tolerance=1e-2)

    result = verify(_derivation("pi_drifts", build, ClaimKind.APPROX))
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.step >= 2


def test_a_limit_variable_in_the_unit_interval_comes_to_1_from_below_only():
    def build(n: int) -> Proof:
        p = Var("p", Kind.OPEN_UNIT)
        return Proof(
            variables=(p,),
            start=sp.floor(p.sym),
            steps=(),
            reference=lambda q: float(np.floor(q["p"])),
            limit=Limit(p.sym, 1, sp.Integer(0)),
        )

    assert verify(_derivation("floor_near_one", build, ClaimKind.LIMIT)).verdict is Verdict.VERIFIED


def test_a_squeeze_whose_bound_does_not_tend_to_the_value_is_not_a_refutation():
    # l/(l + 10^30) → 1, but the lower bound 0 does not: the squeeze proves nothing either way.
    def build(n: int) -> Proof:
        lam = Var("l", Kind.POSITIVE)
        start = lam.sym / (lam.sym + sp.Integer(10) ** 30)
        return Proof(
            variables=(lam,),
            start=start,
            steps=(Step(sp.Integer(0), "positive", rel=">="),),
            reference=lambda p: float(p["l"] / (p["l"] + 1e30)),
            limit=Limit(
                lam.sym, sp.oo, sp.Integer(1), upper_steps=(Step(sp.Integer(1), "below 1", rel="<="),)
            ),
        )

    assert verify(_derivation("slow_squeeze", build, ClaimKind.LIMIT)).verdict is Verdict.INCONCLUSIVE


def test_heaviside_keeps_its_own_value_at_zero_in_every_evaluator():
    import mpmath

    from checks.numeric.evaluate import evaluate_interval, evaluate_mpmath, evaluate_numpy, interval_ends

    z = sp.Symbol("z", real=True)
    step = sp.Heaviside(z, 1)
    assert float(evaluate_numpy(step, {z: np.array([0.0])}, {})[0]) == 1.0
    assert evaluate_mpmath(step, {z: mpmath.mpf(0)}, {}) == 1
    assert interval_ends(evaluate_interval(step, {z: mpmath.iv.mpf(0)}, {})) == (1, 1)


def _floor_of_softmax_mass(n: int) -> Proof:
    x = Var("x", Kind.LOGITS, 3)
    e = [sp.exp(v) for v in x.symbols]
    mass = sp.Add(*[3 * ei / sp.Add(*e) for ei in e])  # 3 Σ s = 3, which floats round below

    def reference(p: dict[str, np.ndarray]) -> float:
        s = np.exp(p["x"] - p["x"].max())
        s = s / s.sum()
        return float(np.floor(3 * s.sum()) + np.sqrt(abs(p["x"][0]) - p["x"][0]))

    return Proof(
        variables=(x,),
        start=sp.floor(mass) + sp.sqrt(sp.Abs(x[0]) - x[0]),
        steps=(Step(sp.Integer(3), "Σ s = 1 and a square root is not negative", rel=">="),),
        reference=reference,
    )


def test_a_step_function_never_refutes_by_rounding_where_no_interval_certifies_it():
    # floor(3 Σ s) is 2 in floats, in 40 and in 80 digits where Σ s rounds below 1; the square
    # root keeps interval arithmetic out (its argument may touch 0). The step is true.
    derivation = Derivation(
        name="floor_of_softmax_mass",
        exercise="E01",
        title="floor(3 Σ s) + sqrt(|x0| - x0) ≥ 3",
        source="tests",
        kind=ClaimKind.INEQUALITY,
        statement="floor(3 Σ s) + sqrt(|x_0| - x_0) ≥ 3",
        build=_floor_of_softmax_mass,
        dims=(3,),
    )
    result = verify(derivation)
    assert result.verdict is not Verdict.REFUTED, result.counterexample


# -- soundness round 2: the start, the reference, exact differences, refute first -------------


def _scalar_toy(name: str, start, steps, reference, var: Var | None = None) -> Derivation:
    z = var or Var("z", Kind.REAL)

    def build(n: int) -> Proof:
        return Proof(variables=(z,), start=start(z.sym), steps=steps(z.sym), reference=reference)

    return Derivation(
        name=name,
        exercise="E04",
        title=name,
        source="tests",
        kind=ClaimKind.IDENTITY,
        statement=name,
        build=build,
        dims=(),
    )


def test_a_wrong_reference_beside_a_true_inequality_is_never_verified_and_says_why():
    # 2**3 >= 8 was verified with a reference of 1000: it was compared with step 1 under >=.
    toy = _scalar_toy(
        "cube",
        lambda z: sp.Integer(2) ** 3,
        lambda z: (Step(sp.Integer(8), "arithmetic", ">="),),
        lambda p: 1000.0,
    )
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any(
        "the NumPy reference disagrees with the start" in note and "1000" in note for note in result.notes
    )


def test_an_inaccurate_reference_of_a_start_that_is_zero_never_refutes_a_true_chain():
    # d/dz (σ(z) + σ(-z)) = 0; a forward difference of it is rounding noise of about 1e-8.
    def forward(p):
        z, h = float(p["z"]), 1e-8
        f = lambda t: 1 / (1 + np.exp(-t)) + 1 / (1 + np.exp(t))  # noqa: E731
        return (f(z + h) - f(z)) / h + 1e-7

    sig = lambda t: 1 / (1 + sp.exp(-t))  # noqa: E731
    toy = _scalar_toy(
        "flat",
        lambda z: sp.Derivative(sig(z) + sig(-z), z),
        lambda z: (Step(sp.Integer(0), "σ(z) + σ(-z) = 1"),),
        forward,
    )
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.counterexample is None
    assert any("reference disagrees with the start" in note for note in result.notes)


def test_a_wrong_start_is_refuted_at_step_one_through_sympys_own_value_of_the_start():
    def wrong_start(proof: Proof) -> Proof:
        z = proof.variables[0].sym
        return dataclasses.replace(proof, start=sp.Derivative(1 / (1 + sp.exp(z)), z))

    result = verify(with_build(sigmoid_toy, wrong_start))
    assert result.verdict is Verdict.REFUTED
    cex = result.counterexample
    assert cex is not None and cex.step == 1
    assert any("the NumPy reference disagrees with the start" in note for note in result.notes)


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (lambda z: z, lambda z: z + sp.Rational(1, 10**12)),
        (lambda z: 1 + sp.exp(-50) + 0 * z, lambda z: sp.Integer(1)),
        (lambda z: sp.factorial(25) + 0 * z, lambda z: sp.Integer(15511210043330985984000001)),
    ],
    ids=["off by 1e-12", "1 + e^-50 = 1", "25! + 1"],
)
def test_a_difference_below_the_float_tolerance_is_refuted_exactly(start, step):
    toy = _scalar_toy(
        "tiny", start, lambda z: (Step(step(z), "a slip too small for floats"),), lambda p: float(p["z"])
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes
    cex = result.counterexample
    assert cex is not None and cex.step == 1 and cex.note is not None and "certified by" in cex.note
    assert cex.left != cex.right


def test_the_residual_is_the_difference_itself_not_its_numerator():
    toy = _scalar_toy(
        "thousandth",
        lambda z: z / 3,
        lambda z: (Step(z / 3 + sp.Rational(1, 1000), "off by a thousandth"),),
        lambda p: float(p["z"]) / 3,
    )
    result = verify(toy)
    assert result.counterexample is not None and result.counterexample.residual == "-1/1000"


def test_a_refuted_step_never_waits_for_a_symbolic_ladder(monkeypatch):
    import checks.engine.concrete as engine

    proved: list[tuple[object, float]] = []
    real = engine.prove_relation

    def recording(left, rel, right, subs, budget, **kwargs):
        proved.append((right, budget))
        return real(left, rel, right, subs, budget, **kwargs)

    monkeypatch.setattr(engine, "prove_relation", recording)
    wrong = (1 / (1 + sp.exp(-sigmoid_toy.proof().variables[0].sym))) ** 2
    result = verify(with_step(sigmoid_toy, 2, expr=lambda p: wrong), timeout=10.0)
    assert result.verdict is Verdict.REFUTED and result.counterexample.step == 2
    # The numbers refuted step 2 before any ladder: it never went to one, and step 1 was then
    # proved within a short budget only (so the report still says it is right).
    assert wrong not in [right for right, _ in proved]
    assert proved and all(budget <= 1.0 for _, budget in proved)
    assert [s.verdict for s in result.steps] == [Verdict.VERIFIED, Verdict.REFUTED]


def test_a_point_where_a_derivative_is_taken_at_a_kink_refutes_nothing():
    # d|z|/dz is sign(z) to SymPy, and sign(0) = 0: at z = 0 the step "its square is 1" is no
    # more false than the derivative is defined.
    toy = _scalar_toy(
        "kink",
        lambda z: sp.Derivative(sp.Abs(z), z) ** 2,
        lambda z: (Step(sp.Integer(1), "the slope of |z| is ±1"),),
        lambda p: 1.0,
    )
    result = verify(toy)
    assert result.verdict is not Verdict.REFUTED, result.counterexample
    assert result.counterexample is None


def test_a_false_step_beside_a_kink_is_still_refuted_away_from_it():
    toy = _scalar_toy(
        "kink_wrong",
        lambda z: sp.Derivative(sp.Abs(z), z),
        lambda z: (Step(sp.Integer(1), "the slope of |z| is 1 (wrong for z < 0)"),),
        lambda p: float(np.sign(p["z"])),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.point != {"z": "0"}


def _parameter_limit_toy(name: str, coefficient, value, claimed: float | None = None) -> Derivation:
    """lim_{λ → ∞} c(a) λ / (c(a) λ + 1): 1 wherever c(a) ≠ 0, and 0 where it is."""

    def build(n: int) -> Proof:
        a, lam = Var("a", Kind.REAL), Var("l", Kind.POSITIVE)
        c = coefficient(a.sym)
        c_np = sp.lambdify(a.sym, c, "numpy")
        return Proof(
            variables=(a, lam),
            start=c * lam.sym / (c * lam.sym + 1),
            steps=(),
            reference=lambda p: float(c_np(p["a"]) * p["l"] / (c_np(p["a"]) * p["l"] + 1)),
            limit=Limit(lam.sym, sp.oo, value),
        )

    return _derivation(name, build, ClaimKind.LIMIT)


def test_an_engine_limit_with_a_parameter_is_refuted_where_its_leading_coefficient_vanishes():
    # sympy.limit says 1 for a free a; at a = 1/7 the start is 0 for every λ. Before the
    # exceptional set was looked at, no sample landed there and the derivation was verified.
    toy = _parameter_limit_toy("seventh", lambda a: (a - sp.Rational(1, 7)) ** 2, sp.Integer(1))
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample is not None and result.counterexample.point["a"] == "1/7"


def test_an_engine_limit_whose_exceptional_point_is_irrational_is_inconclusive_and_says_where():
    toy = _parameter_limit_toy("root_two", lambda a: (a**2 - 2) ** 2, sp.Integer(1))
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("at a = sqrt(2)" in note or "at a = -sqrt(2)" in note for note in result.notes)


def test_an_engine_limit_with_a_parameter_that_holds_for_every_value_stays_verified():
    # (a² + 1) never vanishes; |a| does, and at a = 0 the limit 0 is still |a|.
    assert (
        verify(_parameter_limit_toy("never_zero", lambda a: a**2 + 1, sp.Integer(1))).verdict
        is Verdict.VERIFIED
    )

    def build(n: int) -> Proof:
        a, lam = Var("a", Kind.REAL), Var("l", Kind.POSITIVE)
        return Proof(
            variables=(a, lam),
            start=sp.Abs(a.sym) * lam.sym / (lam.sym + 1),
            steps=(),
            reference=lambda p: float(abs(p["a"]) * p["l"] / (p["l"] + 1)),
            limit=Limit(lam.sym, sp.oo, sp.Abs(a.sym)),
        )

    assert verify(_derivation("abs_scaled", build, ClaimKind.LIMIT)).verdict is Verdict.VERIFIED


def test_a_strict_step_between_equal_sides_is_refuted_on_the_tie():
    # "=" slipped to "<" between two spellings of one value: proven false, and refuted.
    toy = _scalar_toy(
        "tie",
        lambda z: sp.exp(z) ** 2,
        lambda z: (Step(sp.exp(2 * z), "a square of an exponential (wrong relation)", "<"),),
        lambda p: float(np.exp(2 * p["z"])),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert result.counterexample is not None and result.counterexample.left == result.counterexample.right


def test_a_wrong_matrix_entry_beside_an_entry_that_is_zero_by_cancellation_is_refuted():
    # One entry is 0 only by cancellation (noise of 1e-50 and 1e-100 in 50 and 100 digits):
    # the whole matrix used to be set aside as unstable, hiding the wrong entry beside it.
    z = Var("z", Kind.REAL)

    def build(n: int) -> Proof:
        s = 1 / (1 + sp.exp(-z.sym))
        cancelled = (sp.exp(z.sym) + 1) ** 2 - sp.exp(2 * z.sym) - 2 * sp.exp(z.sym) - 1
        start = sp.ImmutableMatrix([cancelled, s])
        return Proof(
            variables=(z,),
            start=start,
            steps=(Step(sp.ImmutableMatrix([0, 2 * s]), "the second entry doubled (wrong)"),),
            reference=lambda p: np.array([0.0, 1 / (1 + np.exp(-p["z"]))]),
        )

    toy = Derivation(
        name="cancelled",
        exercise="E04",
        title="cancelled",
        source="tests",
        kind=ClaimKind.IDENTITY,
        statement="cancelled",
        build=build,
        dims=(),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes


def test_a_strict_matrix_step_whose_entries_are_proved_equal_is_refuted_on_the_tie():
    # Equal in value but not in form, so no float and no exact evaluation at a point sees the tie:
    # only a proof of the entry's equality does.
    z = Var("z", Kind.POSITIVE)  # e^z is irrational at every sample point

    def build(n: int) -> Proof:
        e = sp.exp(z.sym)
        return Proof(
            variables=(z,),
            start=sp.ImmutableMatrix([(e + 1) ** 2, e]),
            steps=(
                Step(sp.ImmutableMatrix([e**2 + 2 * e + 1, e]), "expand the square (wrong relation)", "<"),
            ),
            reference=lambda p: np.array([(np.exp(p["z"]) + 1) ** 2, np.exp(p["z"])]),
        )

    toy = Derivation(
        name="tie_matrix",
        exercise="E04",
        title="tie",
        source="tests",
        kind=ClaimKind.INEQUALITY,
        statement="tie",
        build=build,
        dims=(),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes
    assert (
        result.counterexample is not None
        and result.counterexample.note == "certified by a tie proved symbolically"
    )


def test_a_wrong_start_of_a_proof_that_is_only_a_limit_is_refuted():
    # With no steps, the start meets only the limit: its sequence was screened through the
    # (right) reference, so a wrong start was never seen.
    t = Var("t", Kind.POSITIVE)

    def build(n: int) -> Proof:
        return Proof(
            variables=(t,),
            start=(2 * t.sym + 1) / (t.sym + 1),  # tends to 2, not to the claimed 1
            steps=(),
            reference=lambda p: (p["t"] + 1) / (p["t"] + 2),
            limit=Limit(t.sym, sp.oo, sp.Integer(1)),
        )

    toy = Derivation(
        name="limit_only",
        exercise="E09",
        title="limit only",
        source="tests",
        kind=ClaimKind.LIMIT,
        statement="limit only",
        build=build,
        dims=(),
    )
    result = verify(toy)
    assert result.verdict is Verdict.REFUTED, result.notes


def test_a_strict_inequality_in_a_proof_with_a_tolerance_is_looked_at_exactly():
    def build(n: int) -> Proof:
        return Proof(
            variables=(),
            start=sp.log(3) / sp.log(2),
            steps=(Step(sp.Rational(317, 200), "log2(3) is above 1.585 (wrong: it is below)", ">"),),
            reference=lambda p: float(np.log2(3)),
            tolerance=1e-3,
        )

    toy = Derivation(
        name="bits",
        exercise="E14",
        title="bits",
        source="tests",
        kind=ClaimKind.APPROX,
        statement="bits",
        build=build,
        dims=(),
    )
    assert verify(toy).verdict is Verdict.REFUTED


def test_a_reference_with_a_value_at_few_points_cannot_vouch_for_a_wrong_start():
    # The start differentiates σ + z³/3 (not σ); the reference, σ', answers only at z = 0, where
    # the two agree: two points of evidence were enough to verify before.
    from checks.vocabulary import derivative, sigmoid

    def reference(p):
        z = p["z"]
        s = 1 / (1 + np.exp(-z))
        return np.where(z == 0, s * (1 - s), np.nan)

    def build(n):
        z = Var("z", Kind.REAL)
        a = sigmoid(z.sym)
        start = derivative(a + z.sym**3 / 3, z.sym)
        steps = (Step(a * (1 - a) + z.sym**2, "chain"),)
        return Proof(variables=(z,), start=start, steps=steps, reference=reference)

    toy = Derivation(
        name="sparse_reference", exercise="T1", title="t", source="test", kind=ClaimKind.IDENTITY,
        statement="σ'(z) = σ(1 - σ)", build=build, dims=(),
    )
    result = verify(toy)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("too few to vouch for it" in note for note in result.notes)
