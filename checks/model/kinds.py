"""What variables range over and what claims assert: kinds, relations, points."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

Rel = Literal["=", "<", "<=", ">", ">="]
RELATIONS: tuple[str, ...] = ("=", "<", "<=", ">", ">=")
#: A sample point as NumPy sees it: variable name -> float array (scalars are 0-d arrays).
Point = Mapping[str, np.ndarray]
Reference = Callable[[Point], Any]


class Kind(enum.Enum):
    """What a variable ranges over; decides its SymPy assumptions and how it is sampled."""

    LOGITS = "logits"  # real vector, any values
    PROBS = "probabilities"  # strictly positive vector with Σ = 1
    LABELS = "labels"  # non-negative vector with Σ = 1 (one-hot or soft)
    DIRECTION = "direction"  # real vector, e.g. v in a quadratic form vᵀHv
    REAL = "real"  # real scalar
    POSITIVE = "positive"  # positive scalar
    UNIT = "unit interval"  # scalar in [0, 1], e.g. a binary label
    OPEN_UNIT = "open unit interval"  # scalar in (0, 1), e.g. a probability
    COUNT = "count"  # positive integer, e.g. a layer width


ASSUMPTIONS: dict[Kind, dict[str, bool]] = {
    Kind.LOGITS: {"real": True},
    Kind.PROBS: {"positive": True},
    Kind.LABELS: {"nonnegative": True},
    Kind.DIRECTION: {"real": True},
    Kind.REAL: {"real": True},
    Kind.POSITIVE: {"positive": True},
    Kind.UNIT: {"nonnegative": True},
    Kind.OPEN_UNIT: {"positive": True},
    Kind.COUNT: {"integer": True, "positive": True},
}

#: Kinds whose entries sum to one: the constraint a step must cite to use it.
SIMPLEX_KINDS = frozenset({Kind.PROBS, Kind.LABELS})


class ClaimKind(enum.Enum):
    """The shape of the claim a derivation establishes."""

    IDENTITY = "identity"
    INEQUALITY = "inequality"
    LIMIT = "limit"
    PSD = "positive semidefinite"
    APPROX = "numeric value"
