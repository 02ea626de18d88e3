"""Each mutation operator changes exactly what it says, and at every size alike."""

from __future__ import annotations

import dataclasses

import numpy as np
import sympy as sp

import derivations
from benchmarks.mutation.generate import all_sites
from benchmarks.mutation.operators import OPERATORS, sites
from benchmarks.mutation.tree import entry_of, get_slot, node_at, slots, steps_of
from checks.model import N
from derivations._common import I, J
from tests.benchmarks.mutation.helpers import chains, count, entry_before_after, pick


def _unchanged_elsewhere(old, new, site) -> None:
    """Every slot but the mutated one is as it was, and so is every relation and citation."""
    for slot in slots(old):
        if slot != site.slot:
            assert get_slot(old, slot) == get_slot(new, slot), slot
    if site.operator not in ("relation", "citation"):
        assert [(s.rel, s.using) for s in steps_of(old)] == [(s.rel, s.using) for s in steps_of(new)]


def test_sign_flip_negates_exactly_one_term():
    site, m = pick("softmax_jacobian_diagonal", "sign_flip", where="step 2", contains="negate exp(x0)/")
    old, new = entry_before_after(site, m)
    assert isinstance(old, sp.Add) and site.node in old.args
    assert sp.expand(new - (old - 2 * site.node)) == 0
    assert len(new.args) == len(old.args)
    _unchanged_elsewhere(*chains(m), site)


def test_sign_flip_applies_to_the_same_term_at_every_size():
    site, m = pick("softmax_jacobian_diagonal", "sign_flip", where="step 2", contains="negate exp(x0)/")
    for n in derivations.get(m.family).sizes:
        old, new = entry_before_after(site, m, n)
        term, _ = node_at(old, site.path)
        assert term.has(sp.exp(sp.Symbol("x0", real=True))) and f"x{n - 1}" in str(term)
        assert sp.expand(new - (old - 2 * term)) == 0, n


def test_dropped_term_leaves_the_sum_without_it():
    site, m = pick("softmax_jacobian_diagonal", "drop_term", where="step 2")
    old, new = entry_before_after(site, m)
    assert sp.expand(new - (old - site.node)) == 0
    assert len(new.args) == len(old.args) - 1 or not isinstance(new, sp.Add)


def test_index_change_turns_one_occurrence_of_an_entry_into_its_neighbour():
    site, m = pick("cross_entropy_rewrite", "index", where="step 1")
    a, b = site.change.old, site.change.new
    old, new = entry_before_after(site, m)
    assert (str(a), str(b)) == ("y0", "y1")
    assert count(old, a) - count(new, a) == 1 and count(new, b) - count(old, b) == 1
    assert old.xreplace({a: b}) == new.xreplace({a: b})  # nothing else changed


def test_index_change_in_an_all_n_proof_turns_x_i_into_x_j():
    site, m = pick("softmax_jacobian", "index", where="all-n step 2", contains="x[i] → x[j]")
    old, new = entry_before_after(site, m)
    assert site.change.old == sp.IndexedBase("x", real=True)[I]
    assert site.change.new == sp.IndexedBase("x", real=True)[J]
    assert new != old


def test_exponent_change_moves_one_power():
    site, m = pick("sigmoid_derivative", "exponent", where="step 1")
    old, new = entry_before_after(site, m)
    assert (site.change.old, site.change.new) == (-2, -1)
    base = site.node.base
    assert sp.simplify(new - old.xreplace({site.node: base**-1})) == 0


def test_relation_change_changes_only_the_relation():
    _, m = pick("sigmoid_derivative", "relation", where="step 2")
    old, new = chains(m)
    assert [s.rel for s in new.steps] == ["=", "<", "=", "="]
    assert [s.expr for s in new.steps] == [s.expr for s in old.steps] and new.start == old.start


def test_swap_exchanges_i_and_j_in_one_subexpression():
    site, m = pick("softmax_jacobian", "swap_ij", where="all-n step 3")
    _, new = entry_before_after(site, m)
    swapped, _ = node_at(new, site.path)
    assert swapped == site.node.xreplace({I: J, J: I}) != site.node


def test_constant_change_moves_one_number():
    site, m = pick("realsoftmax_gap", "constant", where="step 2", contains="log(2)")
    old, new = entry_before_after(site, m)
    assert old == sp.log(2) and new == sp.log(3)


def test_sum_range_change_stops_the_sum_one_short():
    site, m = pick("softmax_jacobian", "sum_range", where="all-n step 1", contains="upper bound")
    old, new = entry_before_after(site, m)
    (changed,) = new.atoms(sp.Sum) - old.atoms(sp.Sum)
    assert changed.limits[0][1:] == (0, N - 2)
    site, m = pick("softmax_jacobian", "sum_range", where="all-n step 1", contains="lower bound")
    old, new = entry_before_after(site, m)
    (changed,) = new.atoms(sp.Sum) - old.atoms(sp.Sum)
    assert changed.limits[0][1:] == (1, N - 1)


def test_max_min_swaps_a_max_for_a_min():
    _, m = pick("realsoftmax_limit", "max_min", where="limit value")
    old, new = chains(m)
    a, b = (v.sym for v in old.variables[:2])
    assert old.limit.value == sp.Max(a, b) and new.limit.value == sp.Min(a, b)


def test_derivative_variable_change_differentiates_by_another_entry():
    site, m = pick("softmax_jacobian_off_diagonal", "diff_var", where="start")
    old, new = entry_before_after(site, m)
    assert isinstance(new, sp.Derivative) and new.expr == old.expr
    assert (old.variables, new.variables) == ((site.change.old,), (site.change.new,))


def test_delta_removed_becomes_zero_or_one():
    site, m = pick("softmax_jacobian", "delta", where="all-n step 2", contains="→ 0")
    old, new = entry_before_after(site, m)
    assert new == old.xreplace({sp.KroneckerDelta(I, J): 0}) and not new.has(sp.KroneckerDelta)


def test_dropped_citation_removes_the_step_s_citations_only():
    _, m = pick("cross_entropy_gradient", "citation", where="step 3")
    old, new = chains(m)
    assert old.steps[2].using == ("Σ y = 1",) and new.steps[2].using == ()
    assert [s.expr for s in old.steps] == [s.expr for s in new.steps]


def test_start_operator_changes_the_start_and_nothing_else():
    site, m = pick("sigmoid_derivative", "start", contains="[constant] constant 1 → 2")
    old, new = chains(m)
    assert new.start != old.start and new.start == old.start.xreplace(
        {1 + sp.exp(-old.variables[0].sym): 2 + sp.exp(-old.variables[0].sym)}
    )
    _unchanged_elsewhere(old, new, site)


def test_reference_operators_scale_shift_transpose_and_roll_the_numpy_value():
    point = {"x": np.array([0.3, -1.2, 0.5])}
    expected = {
        "scale": lambda r: 1.5 * r,
        "shift": lambda r: r + 0.1,
        "transpose": lambda r: r.T,
        "roll": lambda r: np.roll(r.reshape(-1), 1).reshape(r.shape),
    }
    for how, f in expected.items():
        _, m = pick(
            "softmax_jacobian",
            "reference",
            contains={"scale": "1.5", "shift": "0.1", "transpose": "transposed", "roll": "roll"}[how],
        )
        old, new = chains(m, 3)
        reference = np.asarray(old.reference(point))
        assert np.allclose(np.asarray(new.reference(point)), f(reference)), how
        if how != "transpose":  # the Jacobian is symmetric: transposing it is an equivalent mutant
            assert not np.allclose(np.asarray(new.reference(point)), reference), how


def test_every_operator_has_sites_in_a_few_derivations():
    few = ("softmax_jacobian", "softmax_jacobian_off_diagonal", "realsoftmax_limit", "cross_entropy_gradient")
    found = {op: sum(len(all_sites(derivations.get(name), op)) for name in few) for op in OPERATORS}
    assert all(found.values()), found


def test_a_site_that_would_change_nothing_is_not_listed():
    d = derivations.get("kl_asymmetry")
    chain = d.build(0)
    for op in ("sign_flip", "constant", "drop_term"):
        for site in sites(op, "concrete", chain):
            node = site.node
            assert site.change.apply(node) != node


def test_sites_are_data_that_compare_by_value():
    site, _ = pick("sigmoid_derivative", "relation", where="step 2")
    assert dataclasses.replace(site) == site and entry_of(sp.Integer(1), None) == 1
