"""The off-diagonal Jacobian reference: one numeric Jacobian a point, its entries in the
order of the proof's pairs, the same values as each entry taken from a Jacobian of its own."""

from __future__ import annotations

import numpy as np

from checks import reference as ref
from checks.numeric.sampling import samples
from derivations.softmax_jacobian import softmax_jacobian_off_diagonal


def test_the_off_diagonal_reference_is_each_entry_of_the_numeric_jacobian_in_pair_order():
    for n in softmax_jacobian_off_diagonal.sizes:
        proof = softmax_jacobian_off_diagonal.build(n)
        pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
        for sample in samples(proof.variables, 24, 0):
            point = sample.as_numpy(proof.variables)
            one_by_one = np.array([ref.jacobian(ref.softmax, point["x"])[i, j] for i, j in pairs])
            assert np.array_equal(proof.reference(point), one_by_one, equal_nan=True)
