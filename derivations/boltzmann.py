"""E13: the Boltzmann distribution Q(i) ∝ exp(-α ε_i / kT): temperature scaling and the limits T → 0⁺, ∞."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Kind, Limit, Point, Proof, Step, Var
from checks.vocabulary import softmax
from derivations._common import col, family

SOURCE = "001 [7-1]–[7-3]"
COLD = (1.0, 0.1, 1e-2, 1e-4, 1e-8, 1e-16, 1e-32)


def _scaling(n: int) -> Proof:
    eps = Var("eps", Kind.LOGITS, n)
    alpha, k, t, c = (Var(name, Kind.POSITIVE) for name in ("alpha", "k", "T", "c"))
    scaled = [-(c.sym * alpha.sym) * e / (k.sym * t.sym) for e in eps.symbols]
    cooled = [-alpha.sym * e / (k.sym * (t.sym / c.sym)) for e in eps.symbols]

    def reference(p: Point) -> np.ndarray:
        return ref.softmax(-(p["c"] * p["alpha"]) * p["eps"] / (p["k"] * p["T"]))

    return Proof(
        variables=(eps, alpha, k, t, c),
        start=softmax(scaled),
        steps=(
            Step(softmax(cooled), "c α ε / (k T) = α ε / (k (T / c)): scaling α by c is dividing T by c"),
        ),
        reference=reference,
    )


def _energies(n: int) -> tuple[Var, Var, list[sp.Expr]]:
    # State 0 is the unique lowest-energy state: ε_i = ε_0 + d_i with gaps d_i > 0.
    e0, gaps = Var("e0", Kind.REAL), Var("d", Kind.POSITIVE, n - 1)
    return e0, gaps, [e0.sym, *(e0.sym + g for g in gaps.symbols)]


def _cold(n: int) -> Proof:
    e0, gaps, eps = _energies(n)
    alpha, k, t = (Var(name, Kind.POSITIVE) for name in ("alpha", "k", "T"))
    beta = alpha.sym / (k.sym * t.sym)

    def reference(p: Point) -> float:
        energies = np.concatenate([[p["e0"]], p["e0"] + p["d"]])
        return float(ref.softmax(-p["alpha"] * energies / (p["k"] * p["T"]))[0])

    return Proof(
        variables=(e0, gaps, alpha, k, t),
        start=softmax([-beta * e for e in eps])[0],
        steps=(
            Step(1 / (1 + sp.Add(*[sp.exp(-beta * g) for g in gaps.symbols])), "divide by exp(-α ε_0 / kT)"),
        ),
        reference=reference,
        limit=Limit(t.sym, 0, sp.Integer(1), sequence=COLD),
    )


def _hot(n: int) -> Proof:
    eps = Var("eps", Kind.LOGITS, n)
    alpha, k, t = (Var(name, Kind.POSITIVE) for name in ("alpha", "k", "T"))

    def reference(p: Point) -> np.ndarray:
        return ref.softmax(-p["alpha"] * p["eps"] / (p["k"] * p["T"]))

    return Proof(
        variables=(eps, alpha, k, t),
        start=softmax([-alpha.sym * e / (k.sym * t.sym) for e in eps.symbols]),
        steps=(),
        reference=reference,
        limit=Limit(t.sym, sp.oo, col([sp.Rational(1, n)] * n)),
    )


def _tie(n: int) -> Proof:
    e0, d = Var("e0", Kind.REAL), Var("d", Kind.POSITIVE)
    alpha, k, t = (Var(name, Kind.POSITIVE) for name in ("alpha", "k", "T"))
    beta = alpha.sym / (k.sym * t.sym)
    eps = [e0.sym, e0.sym, e0.sym + d.sym]

    def reference(p: Point) -> float:
        energies = np.array([p["e0"], p["e0"], p["e0"] + p["d"]], dtype=float)
        return float(ref.softmax(-p["alpha"] * energies / (p["k"] * p["T"]))[0])

    return Proof(
        variables=(e0, d, alpha, k, t),
        start=softmax([-beta * e for e in eps])[0],
        steps=(Step(1 / (2 + sp.exp(-beta * d.sym)), "divide by exp(-α ε_0 / kT)"),),
        reference=reference,
        limit=Limit(t.sym, 0, sp.Rational(1, 2), sequence=COLD),
    )


_d = family("E13", SOURCE, dims=(2, 3, 4))


boltzmann_scaling = _d(
    "boltzmann_scaling",
    "scaling α by c is dividing T by c",
    ClaimKind.IDENTITY,
    "Q_{cα, T} = Q_{α, T/c}",
    _scaling,
)
boltzmann_cold_limit = _d(
    "boltzmann_cold_limit",
    "T → 0⁺ puts all mass on the lowest state",
    ClaimKind.LIMIT,
    "Q(0) → 1 as T → 0⁺ when ε_0 is the unique minimum",
    _cold,
)
boltzmann_hot_limit = _d(
    "boltzmann_hot_limit",
    "T → ∞ gives the uniform distribution",
    ClaimKind.LIMIT,
    "Q → (1/n, …, 1/n) as T → ∞",
    _hot,
)
boltzmann_tie_limit = _d(
    "boltzmann_tie_limit",
    "two lowest states share the mass as T → 0⁺",
    ClaimKind.LIMIT,
    "ε = (e, e, e + d): Q(0) → 1/2",
    _tie,
    dims=(),
)

DERIVATIONS = (boltzmann_scaling, boltzmann_cold_limit, boltzmann_hot_limit, boltzmann_tie_limit)
