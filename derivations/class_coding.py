"""E14: coding three equiprobable classes: log₂ 3 bits, 2-bit codes, joint coding, ternary digits."""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from checks.model import ClaimKind, Kind, Limit, Mutant, Proof, Result, Step, Var
from derivations._common import col, family

SOURCE = "001 [2-1]–[3]"
LOG2_3 = sp.log(3) / sp.log(2)
#: ⌈k log₂ 3⌉ for k = 1 … 10, the bits needed to code k observations jointly.
JOINT_BITS = (2, 4, 5, 7, 8, 10, 12, 13, 15, 16)


def _entropy(n: int) -> Proof:
    third = sp.Rational(1, 3)
    return Proof(
        variables=(),
        start=-3 * third * sp.log(third) / sp.log(2),
        steps=(Step(LOG2_3, "-3 · (1/3) log₂(1/3) = log₂ 3"),),
        reference=lambda p: -3 * (1 / 3) * np.log2(1 / 3),
    )


def _entropy_value(n: int) -> Proof:
    return Proof(
        variables=(),
        start=LOG2_3,
        steps=(Step(sp.Rational(1585, 1000), "log₂ 3 ≈ 1.585"),),
        reference=lambda p: np.log2(3.0),
        tolerance=5e-4,
    )


def _fixed_code(n: int) -> Proof:
    return Proof(
        variables=(),
        start=sp.ceiling(LOG2_3),
        steps=(Step(sp.Integer(2), "1 < log₂ 3 ≤ 2: a fixed binary code needs 2 bits per class"),),
        reference=lambda p: math.ceil(math.log2(3)),
    )


def _joint(n: int) -> Proof:
    ks = range(1, len(JOINT_BITS) + 1)
    return Proof(
        variables=(),
        start=col([sp.ceiling(k * LOG2_3) for k in ks]),
        steps=(Step(col(list(JOINT_BITS)), "evaluate ⌈k log₂ 3⌉ for k = 1 … 10"),),
        reference=lambda p: np.ceil(np.arange(1, 11) * np.log2(3.0)),
    )


def _five(n: int) -> Proof:
    return Proof(
        variables=(),
        start=sp.ceiling(5 * LOG2_3) / 5,
        steps=(
            Step(sp.Rational(8, 5), "⌈5 log₂ 3⌉ = ⌈7.92⌉ = 8 bits for 5 observations"),
            Step(sp.Rational(16, 10), "1.6 bits each"),
        ),
        reference=lambda p: math.ceil(5 * math.log2(3)) / 5,
    )


def _rate(n: int) -> Proof:
    k = Var("k", Kind.POSITIVE)
    per = sp.ceiling(k.sym * LOG2_3) / k.sym
    return Proof(
        variables=(k,),
        start=per,
        steps=(Step(LOG2_3, "⌈u⌉ ≥ u", rel=">="),),
        reference=lambda p: np.ceil(p["k"] * np.log2(3.0)) / p["k"],
        limit=Limit(
            k.sym,
            sp.oo,
            LOG2_3,
            upper_steps=(Step(LOG2_3 + 1 / k.sym, "⌈u⌉ < u + 1", rel="<"),),
            sequence=(1.0, 10.0, 1e3, 1e6, 1e9, 1e12),
        ),
    )


def _ternary(n: int) -> Proof:
    return Proof(
        variables=(),
        start=sp.Pow(3, 2, evaluate=False),
        steps=(
            Step(sp.Integer(8), "3² = 9 ≥ 8: two ternary digits cover 0 … 7", rel=">="),
            Step(sp.Pow(3, 1, evaluate=False), "8 > 3¹: one ternary digit does not", rel=">"),
        ),
        reference=lambda p: 9.0,
    )


def _binary(n: int) -> Proof:
    return Proof(
        variables=(),
        start=sp.Pow(2, 3, evaluate=False),
        steps=(
            Step(sp.Integer(8), "2³ = 8 ≥ 8: three bits cover 0 … 7", rel=">="),
            Step(sp.Pow(2, 2, evaluate=False), "8 > 2²: two bits do not", rel=">"),
        ),
        reference=lambda p: 8.0,
    )


_d = family("E14", SOURCE, dims=())


coding_entropy_bits = _d(
    "coding_entropy_bits",
    "three equiprobable classes carry log₂ 3 bits",
    ClaimKind.IDENTITY,
    "H(1/3, 1/3, 1/3) = log₂ 3 bits",
    _entropy,
)
coding_entropy_value = _d(
    "coding_entropy_value", "log₂ 3 ≈ 1.585", ClaimKind.APPROX, "log₂ 3 ≈ 1.585", _entropy_value
)
coding_fixed_code = _d(
    "coding_fixed_code", "a fixed binary code needs 2 bits", ClaimKind.IDENTITY, "⌈log₂ 3⌉ = 2", _fixed_code
)
coding_joint = _d(
    "coding_joint",
    "coding k observations jointly",
    ClaimKind.IDENTITY,
    "⌈k log₂ 3⌉ = 2, 4, 5, 7, 8, 10, 12, 13, 15, 16 for k = 1 … 10",
    _joint,
    results=(
        Result(
            "five_observations",
            quantity="ceiling(5*log(3, 2))",
            answer="8",
            mutants=(
                Mutant("7", "5 log₂ 3 ≈ 7.92, so 7 bits are not enough: ⌈7.92⌉ = 8"),
                Mutant("10", "that is 2 bits each; joint coding needs only ⌈5 log₂ 3⌉ = 8"),
            ),
        ),
    ),
)
coding_five = _d(
    "coding_five",
    "five observations: 8 bits, 1.6 bits each",
    ClaimKind.IDENTITY,
    "⌈5 log₂ 3⌉ / 5 = 1.6",
    _five,
)
coding_rate_limit = _d(
    "coding_rate_limit",
    "bits per observation tend to log₂ 3",
    ClaimKind.LIMIT,
    "log₂ 3 ≤ ⌈k log₂ 3⌉ / k < log₂ 3 + 1/k → log₂ 3",
    _rate,
)
coding_ternary_digits = _d(
    "coding_ternary_digits", "0 … 7 need 2 ternary digits", ClaimKind.INEQUALITY, "3² ≥ 8 > 3¹", _ternary
)
coding_binary_digits = _d(
    "coding_binary_digits", "0 … 7 need 3 bits", ClaimKind.INEQUALITY, "2³ ≥ 8 > 2²", _binary
)

DERIVATIONS = (
    coding_entropy_bits,
    coding_entropy_value,
    coding_fixed_code,
    coding_joint,
    coding_five,
    coding_rate_limit,
    coding_ternary_digits,
    coding_binary_digits,
)
