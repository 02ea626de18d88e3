"""E03: the softmax Jacobian, its two cases, its matrix form, symmetry, kernel and a table."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks import reference as ref
from checks.model import ClaimKind, Derivation, General, Kind, Mutant, N, Point, Proof, Result, Step, Var, Vec
from checks.vocabulary import derivative, diag, exp_sum, exp_total, jacobian, outer, softmax, softmax_at
from derivations._common import I, J

SOURCE = "003 P3–P4, 002"


def _logits(n: int) -> Var:
    return Var("x", Kind.LOGITS, n)


def _numeric_jacobian(point: Point) -> np.ndarray:
    return ref.jacobian(ref.softmax, point["x"])


def _diagonal(n: int) -> Proof:
    x = _logits(n)
    total = exp_sum(x.symbols)
    s = softmax(x.symbols)
    e = [sp.exp(xi) for xi in x.symbols]
    col = sp.ImmutableMatrix
    return Proof(
        variables=(x,),
        start=col([derivative(s[i], x[i]) for i in range(n)]),
        steps=(
            Step(
                col([(e[i] * total - e[i] * e[i]) / total**2 for i in range(n)]),
                "quotient rule, ∂/∂x_i Σ_k exp(x_k) = exp(x_i)",
            ),
            Step(col([e[i] / total - (e[i] / total) ** 2 for i in range(n)]), "split the fraction"),
            Step(col([s[i] - s[i] ** 2 for i in range(n)]), "definition of s_i"),
            Step(col([s[i] * (1 - s[i]) for i in range(n)]), "factor s_i"),
        ),
        reference=lambda p: np.diag(_numeric_jacobian(p)),
    )


def _off_diagonal(n: int) -> Proof:
    x = _logits(n)
    total = exp_sum(x.symbols)
    s = softmax(x.symbols)
    e = [sp.exp(xi) for xi in x.symbols]
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    col = sp.ImmutableMatrix
    return Proof(
        variables=(x,),
        start=col([derivative(s[i], x[j]) for i, j in pairs]),
        steps=(
            Step(
                col([(0 * total - e[i] * e[j]) / total**2 for i, j in pairs]),
                "quotient rule, ∂exp(x_i)/∂x_j = 0 for i ≠ j",
            ),
            Step(col([-(e[i] / total) * (e[j] / total) for i, j in pairs]), "split the fraction"),
            Step(col([-s[i] * s[j] for i, j in pairs]), "definition of s"),
        ),
        reference=lambda p: _numeric_jacobian(p)[tuple(zip(*pairs, strict=True))],  # one Jacobian a point
    )


def _matrix(n: int) -> Proof:
    x = _logits(n)
    s = softmax(x.symbols)
    return Proof(
        variables=(x,),
        start=jacobian(list(s), x.symbols),
        steps=(
            Step(
                sp.ImmutableMatrix(n, n, lambda i, j: s[i] * (sp.KroneckerDelta(i, j) - s[j])),
                "both cases: s_i(1 - s_i) on the diagonal, -s_i s_j off it",
            ),
            Step(diag(list(s)) - outer(list(s), list(s)), "δ_ij s_i = diag(s), s_i s_j = s sᵀ"),
        ),
        reference=_numeric_jacobian,
    )


def _symmetric(n: int) -> Proof:
    x = _logits(n)
    s = list(softmax(x.symbols))
    matrix_form = diag(s) - outer(s, s)
    return Proof(
        variables=(x,),
        start=jacobian(s, x.symbols),
        steps=(
            Step(matrix_form, "the Jacobian is diag(s) - s sᵀ"),
            Step(matrix_form.T, "diag(s) and s sᵀ are symmetric"),
            Step(jacobian(s, x.symbols).T, "the Jacobian is diag(s) - s sᵀ, transposed"),
        ),
        reference=_numeric_jacobian,
    )


def _kernel(n: int) -> Proof:
    x = _logits(n)
    s = list(softmax(x.symbols))
    ones = sp.ImmutableMatrix([1] * n)
    col = sp.ImmutableMatrix(s)
    return Proof(
        variables=(x,),
        start=jacobian(s, x.symbols) * ones,
        steps=(
            Step((diag(s) - outer(s, s)) * ones, "the Jacobian is diag(s) - s sᵀ"),
            Step(col - col * sp.Add(*s), "diag(s) 1 = s and s sᵀ 1 = s Σ_k s_k"),
            Step(col - col, "Σ_k s_k = 1"),
            Step(sp.ImmutableMatrix([0] * n), "s - s = 0"),
        ),
        reference=lambda p: _numeric_jacobian(p) @ np.ones(n),
    )


# -- for every n: x has symbolic length n, J_ij = ∂s_i/∂x_j entrywise ------------------------

X = Vec("x", Kind.LOGITS)


def _s(i: sp.Expr) -> sp.Expr:
    return softmax_at(X.base, i)


def _delta(i: sp.Expr, j: sp.Expr) -> sp.Expr:
    return sp.KroneckerDelta(i, j)


QUOTIENT = "quotient rule; ∂/∂x_j Σ_k exp(x_k) = Σ_k δ_jk exp(x_k) = exp(x_j)"


def _all_n_entry() -> General:
    z = exp_total(X.base)
    return General(
        variables=(X,),
        indices=(I, J),
        start=derivative(_s(I), X[J]),
        steps=(
            Step((sp.exp(X[I]) * _delta(I, J) * z - sp.exp(X[I]) * sp.exp(X[J])) / z**2, QUOTIENT),
            Step(_s(I) * _delta(I, J) - _s(I) * _s(J), "split the fraction; definition of s"),
            Step(_s(I) * (_delta(I, J) - _s(J)), "factor s_i"),
        ),
        reference=_numeric_jacobian,
    )


def _all_n_diagonal() -> General:
    z = exp_total(X.base)
    return General(
        variables=(X,),
        indices=(I,),
        start=derivative(_s(I), X[I]),
        steps=(
            Step((sp.exp(X[I]) * z - sp.exp(X[I]) ** 2) / z**2, QUOTIENT.replace("x_j", "x_i")),
            Step(_s(I) - _s(I) ** 2, "split the fraction; definition of s"),
            Step(_s(I) * (1 - _s(I)), "factor s_i"),
        ),
        reference=lambda p: np.diag(_numeric_jacobian(p)),
    )


def _all_n_off_diagonal() -> General:
    z = exp_total(X.base)
    return General(
        variables=(X,),
        indices=(I, J),
        distinct=True,
        start=derivative(_s(I), X[J]),
        steps=(
            Step(-sp.exp(X[I]) * sp.exp(X[J]) / z**2, "quotient rule, ∂exp(x_i)/∂x_j = 0 for i ≠ j"),
            Step(-_s(I) * _s(J), "definition of s"),
        ),
        reference=_numeric_jacobian,
    )


def _all_n_symmetric() -> General:
    return General(
        variables=(X,),
        indices=(I, J),
        start=derivative(_s(I), X[J]),
        steps=(
            Step(_s(I) * (_delta(I, J) - _s(J)), "the Jacobian entry s_i(δ_ij - s_j)"),
            Step(_s(J) * (_delta(J, I) - _s(I)), "δ_ij = δ_ji and s_i s_j = s_j s_i"),
            Step(derivative(_s(J), X[I]), "the Jacobian entry, indices swapped"),
        ),
        reference=lambda p: _numeric_jacobian(p).T,
    )


def _all_n_kernel() -> General:
    k = sp.Symbol("m", integer=True, nonnegative=True)
    full = (k, 0, N - 1)
    return General(
        variables=(X,),
        indices=(I,),
        start=sp.Sum(derivative(_s(I), X[k]), full),
        steps=(
            Step(sp.Sum(_s(I) * (_delta(I, k) - _s(k)), full), "the Jacobian entry s_i(δ_ik - s_k)"),
            Step(_s(I) - _s(I) * sp.Sum(_s(k), full), "linearity of Σ; δ-contraction"),
            Step(_s(I) - _s(I), "Σ_k s_k = 1"),
            Step(sp.Integer(0), "s_i - s_i = 0"),
        ),
        reference=lambda p: _numeric_jacobian(p) @ np.ones(len(p["x"])),
    )


#: The values published for x = (5, 7, 8), rounded to about eight digits.
TABLE = (
    ("0.03388568", "-0.00911326", "-0.02477242"),
    ("-0.00911326", "0.19215805", "-0.18304478"),
    ("-0.02477242", "-0.18304478", "0.2078172"),
)
TABLE_POINT = (5, 7, 8)


def _table_reference(point: Point) -> np.ndarray:
    iterative = ref.softmax_jacobian_iterative(np.array(TABLE_POINT, dtype=float))
    vectorised = ref.softmax_jacobian_vectorised(np.array(TABLE_POINT, dtype=float))
    # The two implementations must agree; if they do not, the point is skipped, never passed.
    return (
        iterative if np.allclose(iterative, vectorised, rtol=1e-12, atol=1e-15) else np.full((3, 3), np.nan)
    )


def _table(n: int) -> Proof:
    x = _logits(3)
    s = list(softmax(x.symbols))
    at = dict(zip(x.symbols, TABLE_POINT, strict=True))
    exact = (diag(s) - outer(s, s)).subs(at)
    return Proof(
        variables=(),
        start=jacobian(s, x.symbols).doit().subs(at),
        steps=(
            Step(sp.ImmutableMatrix(exact), "J = diag(s) - s sᵀ at x = (5, 7, 8)"),
            Step(
                sp.ImmutableMatrix([[sp.Rational(v) for v in row] for row in TABLE]),
                "evaluate to eight decimals",
            ),
        ),
        reference=_table_reference,
        tolerance=1e-8,
    )


softmax_jacobian = Derivation(
    name="softmax_jacobian",
    general=_all_n_entry,
    exercise="E03",
    title="softmax Jacobian, matrix form J = diag(s) - s sᵀ",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="∂s_i/∂x_j = s_i(δ_ij - s_j), i.e. J = diag(s) - s sᵀ",
    build=_matrix,
    results=(
        Result(
            "entry",
            quantity="diff(softmax(x)[i], x[j])",
            answer="softmax(x)[i]*(KroneckerDelta(i, j) - softmax(x)[j])",
            vectors=("x:3",),
            mutants=(
                Mutant(
                    "softmax(x)[i]*KroneckerDelta(i, j)",
                    "diag(s) alone misses the -s sᵀ term that comes from the normaliser Σ_k exp(x_k)",
                ),
                Mutant(
                    "softmax(x)[i]*(1 - softmax(x)[j])",
                    "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)",
                ),
                Mutant(
                    "softmax(x)[i]*(KroneckerDelta(i, j) + softmax(x)[j])",
                    "a sign slip: the entries are s_i(δ_ij - s_j), with a minus",
                ),
            ),
        ),
    ),
)
softmax_jacobian_diagonal = Derivation(
    name="softmax_jacobian_diagonal",
    general=_all_n_diagonal,
    exercise="E03",
    title="softmax derivative, case i = j",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="∂s_i/∂x_i = s_i(1 - s_i)",
    build=_diagonal,
    results=(
        Result(
            "diagonal",
            quantity="diff(softmax(x)[0], x[0])",
            answer="softmax(x)[0]*(1 - softmax(x)[0])",
            vectors=("x:3",),
            mutants=(
                Mutant(
                    "softmax(x)[0]", "the normaliser depends on x_i too: the answer is s_i(1 - s_i), not s_i"
                ),
                Mutant("softmax(x)[0]*(1 + softmax(x)[0])", "a sign slip: the diagonal is s_i(1 - s_i)"),
                Mutant(
                    "-softmax(x)[0]**2",
                    "that is the off-diagonal pattern; on the diagonal add s_i: s_i(1 - s_i)",
                ),
            ),
        ),
    ),
)
softmax_jacobian_off_diagonal = Derivation(
    name="softmax_jacobian_off_diagonal",
    general=_all_n_off_diagonal,
    exercise="E03",
    title="softmax derivative, case i ≠ j",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="∂s_i/∂x_j = -s_i s_j for i ≠ j",
    build=_off_diagonal,
    results=(
        Result(
            "off_diagonal",
            quantity="diff(softmax(x)[0], x[1])",
            answer="-softmax(x)[0]*softmax(x)[1]",
            vectors=("x:3",),
            mutants=(
                Mutant(
                    "softmax(x)[0]*(1 - softmax(x)[1])",
                    "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)",
                ),
                Mutant("softmax(x)[0]*softmax(x)[1]", "the missing minus: ∂s_i/∂x_j = -s_i s_j for i ≠ j"),
                Mutant(
                    "0",
                    "s_i depends on x_j through the normaliser Σ_k exp(x_k): the answer is -s_i s_j, not 0",
                ),
            ),
        ),
    ),
)
softmax_jacobian_symmetric = Derivation(
    name="softmax_jacobian_symmetric",
    general=_all_n_symmetric,
    exercise="E03",
    title="the softmax Jacobian is symmetric",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="J = Jᵀ",
    build=_symmetric,
)
softmax_jacobian_kernel = Derivation(
    name="softmax_jacobian_kernel",
    general=_all_n_kernel,
    exercise="E03",
    title="the softmax Jacobian annihilates 1",
    source=SOURCE,
    kind=ClaimKind.IDENTITY,
    statement="J·1 = 0",
    build=_kernel,
)
softmax_jacobian_table = Derivation(
    name="softmax_jacobian_table",
    exercise="E03",
    title="softmax Jacobian at x = (5, 7, 8), iterative and vectorised agree",
    source="003 P4",
    kind=ClaimKind.APPROX,
    statement="J(5, 7, 8) ≈ the published 3×3 table (to 1e-8)",
    build=_table,
    dims=(),
)

DERIVATIONS = (
    softmax_jacobian,
    softmax_jacobian_diagonal,
    softmax_jacobian_off_diagonal,
    softmax_jacobian_symmetric,
    softmax_jacobian_kernel,
    softmax_jacobian_table,
)
