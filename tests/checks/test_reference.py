"""The NumPy references' numeric derivatives, and the Hessian restricted to a few coordinates."""

from __future__ import annotations

import dataclasses

import numpy as np

import derivations
from checks import reference as ref
from checks.engine.general import GeneralChecker
from checks.numeric.sampling import samples

rng = np.random.default_rng(3)


def _lse_hessian_closed_form(x: np.ndarray) -> np.ndarray:
    s = ref.softmax(x)
    return np.diag(s) - np.outer(s, s)


def test_the_numeric_hessian_matches_the_closed_form_of_logsumexp():
    x = rng.normal(size=6)
    assert np.allclose(ref.hessian(ref.logsumexp, x), _lse_hessian_closed_form(x), atol=1e-7)


def test_a_restricted_hessian_fills_only_the_asked_coordinates_and_fills_them_right():
    x = rng.normal(size=40)
    with ref.only_coordinates([0, 7, 39]):
        part = ref.hessian(ref.logsumexp, x)
    full = _lse_hessian_closed_form(x)
    asked = np.ix_([0, 7, 39], [0, 7, 39])
    assert np.allclose(part[asked], full[asked], atol=1e-7)
    assert np.isnan(part[1, 1]) and np.isnan(part[0, 1]) and np.isnan(part[5, 30])
    assert not np.isnan(ref.hessian(ref.logsumexp, x)).any()  # the restriction ends with the block


def test_a_reference_that_combines_entries_is_computed_again_in_full():
    general = derivations.get("logsumexp_hessian").general
    assert general is not None
    proof = general()

    def row_sums_everywhere(p):  # every entry depends on a whole row of the Hessian
        h = ref.hessian(ref.logsumexp, p["x"])
        return np.outer(h.sum(axis=1), np.ones(len(p["x"])))

    checker = GeneralChecker(dataclasses.replace(proof, reference=row_sums_everywhere), 0, 4, 10.0)
    n = 64
    sample = samples(proof.concrete(n), 1, 0)[0]
    got = checker._reference(sample, n, [(0, 1), (63, 2)])
    assert got is not None and np.all(np.isfinite(got))
    assert np.allclose(got, row_sums_everywhere(sample.as_numpy(proof.concrete(n))))


def test_each_row_is_its_own_vector_with_axis_minus_one():
    x = rng.normal(size=(5, 4)) * 40
    p = ref.softmax(rng.normal(size=(5, 4)), axis=-1)
    by_row = {
        "softmax": (ref.softmax(x, axis=-1), [ref.softmax(r) for r in x]),
        "softmin": (ref.softmin(x, axis=-1), [ref.softmin(r) for r in x]),
        "logsumexp": (ref.logsumexp(x, axis=-1), [[ref.logsumexp(r)] for r in x]),
        "entropy": (ref.entropy(p, axis=-1), [[ref.entropy(r)] for r in p]),
        "kl": (ref.kl(p, p[::-1], axis=-1), [[ref.kl(a, b)] for a, b in zip(p, p[::-1], strict=True)]),
    }
    for name, (batch, rows) in by_row.items():
        assert np.allclose(batch, np.array(rows)), name
    assert np.allclose(ref.softmax(x, axis=-1).sum(axis=1), 1.0)
    assert not np.isclose(ref.softmax(x).sum(axis=1), 1.0).all()  # without axis: one vector of 20
