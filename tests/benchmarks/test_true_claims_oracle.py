"""The oracle that confirms the true-claims corpus is not vacuous: it rejects false claims."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "true_claims_oracle.py"
_SPEC = importlib.util.spec_from_file_location("true_claims_oracle", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
oracle = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = oracle  # its dataclass looks itself up there
_SPEC.loader.exec_module(oracle)


def _item(claim: str, vectors: tuple[str, ...] = (), assume: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": "x", "claim": claim, "vectors": list(vectors), "assume": list(assume)}


@pytest.mark.parametrize(
    ("claim", "vectors", "assume"),
    [
        ("exp(-1000) = 0", (), ()),  # a gap far below float range
        ("sigmoid(1000) = 1", (), ()),
        ("exp(-1000) > 10**(-434)", (), ()),
        ("Max(a, b) - Min(a, b) = a - b", (), ()),
        ("KL(p, q) > 0", ("p:3:probabilities", "q:3:probabilities"), ()),  # fails only at p = q
        ("3**H > H**3", (), ("H: positive integer",)),  # fails only at H = 3
        ("entropy(p) < log(3)", ("p:3:probabilities",), ()),  # fails only at the uniform p
        ("floor(x) + floor(-x) = -1", (), ()),  # fails only at integers
        ("limit((sigmoid(x) - 1/2 - x/4)/x**3, x, 0) = -1/47", (), ()),
        ("limit(T*log(exp(a/T) + exp(b/T)), T, 0, '+') = (a + b)/2", (), ("T > 0",)),
        ("(1 + 10**(-100))**(10**100) > E", (), ()),  # below e by 1e-100 relative
        ("diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])", ("x:3",), ()),
    ],
)
def test_the_oracle_rejects_a_false_claim(claim, vectors, assume):
    assert not oracle.confirm(_item(claim, vectors, assume)).ok


@pytest.mark.parametrize(
    ("claim", "vectors", "assume"),
    [
        ("sigmoid(1000) < 1", (), ()),
        ("3**H >= H**3", (), ("H: positive integer",)),
        ("limit((sigmoid(x) - 1/2 - x/4)/x**3, x, 0) = -1/48", (), ()),
        ("KL(p, q) >= 0", ("p:3:probabilities", "q:3:probabilities"), ()),
    ],
)
def test_the_oracle_confirms_a_true_claim_at_many_points(claim, vectors, assume):
    verdict = oracle.confirm(_item(claim, vectors, assume))
    assert verdict.ok and (verdict.points >= oracle.MIN_POINTS or not (vectors or assume))
