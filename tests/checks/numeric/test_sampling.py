"""Sample points: small exact values first, seeded, constraints honoured or deliberately relaxed."""

from __future__ import annotations

from fractions import Fraction

from checks.model import Kind, Var
from checks.numeric.sampling import samples

x = Var("x", Kind.LOGITS, 3)
y = Var("y", Kind.LABELS, 3)
p = Var("p", Kind.PROBS, 3)


def test_small_exact_points_come_before_random_and_adversarial_ones():
    origins = [s.origin for s in samples((x,), 20, seed=0)]
    assert origins[0] == "small"
    assert origins.index("random") < origins.index("adversarial")
    assert samples((x,), 20, seed=0)[0].values["x"] == (0, 0, 0)


def test_labels_and_probabilities_sum_to_exactly_one():
    for s in samples((y, p), 30, seed=3):
        assert sum(s.values["y"]) == 1
        assert sum(s.values["p"]) == 1
        assert all(q > 0 for q in s.values["p"])
        assert all(q >= 0 for q in s.values["y"])


def test_relaxed_labels_leave_the_simplex():
    relaxed = samples((y,), 12, seed=0, relaxed=frozenset({"y"}))
    assert any(sum(s.values["y"]) != 1 for s in relaxed)


def test_the_same_seed_gives_the_same_points_and_another_seed_other_points():
    first = [s.values for s in samples((x, y), 20, seed=5)]
    assert first == [s.values for s in samples((x, y), 20, seed=5)]
    assert first != [s.values for s in samples((x, y), 20, seed=6)]


def test_adversarial_logits_include_500_and_ties():
    adversarial = [s.values["x"] for s in samples((x,), 10, seed=0) if s.origin == "adversarial"]
    assert any(max(abs(v) for v in row) >= 500 for row in adversarial)
    assert any(len(set(row)) == 1 for row in adversarial)


def test_two_scalars_are_not_always_equal_among_the_small_points():
    a, b = Var("a", Kind.REAL), Var("b", Kind.REAL)
    small = [s for s in samples((a, b), 8, seed=0) if s.origin == "small"]
    assert any(s.values["a"] != s.values["b"] for s in small)


def test_counts_are_positive_integers():
    k = Var("k", Kind.COUNT)
    for s in samples((k,), 15, seed=1):
        (value,) = s.values["k"]
        assert value.denominator == 1 and value >= 1 and isinstance(value, Fraction)


def test_no_variables_give_exactly_one_point():
    assert len(samples((), 24, seed=0)) == 1


def test_points_drawn_again_are_equal_and_a_caller_may_change_its_own_list():
    variables = (Var("x", Kind.LOGITS, 3), Var("a", Kind.REAL))
    first = samples(variables, 10, 4)
    first.pop()
    again = samples(variables, 10, 4)
    assert len(again) == len(first) + 1
    assert [p.values for p in again[:-1]] == [p.values for p in first]
