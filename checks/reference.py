"""Independent NumPy references: stable softmax family, losses, and numeric derivatives."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[Any]

_COORDINATES: ContextVar[frozenset[int] | None] = ContextVar("hessian_coordinates", default=None)


@contextmanager
def only_coordinates(coordinates: Iterable[int]) -> Iterator[None]:
    """Within the block, ``hessian`` fills only the entries ``(j, k)`` with both ``j`` and
    ``k`` in ``coordinates`` and leaves the others NaN.

    An all-n check compares a few entries of a 64 × 64 Hessian; the full one costs 8192
    evaluations. A reference that combines entries (a quadratic form) comes out NaN, and the
    caller computes it again in full.
    """
    token = _COORDINATES.set(frozenset(coordinates))
    try:
        yield
    finally:
        _COORDINATES.reset(token)


# Each function of a vector takes ``axis``: None (the default) treats the whole array as one
# vector; ``axis=-1`` treats each row as one, keeping that axis (length 1 after a reduction),
# which is how the claim checker evaluates all its sample points in one call.


# The reductions are the arrays' own methods: the same ufunc reductions as np.max and np.sum,
# without their dispatch layer, which cost more than the arithmetic on a vector of six.


def _shift(x: Array, axis: int | None = None) -> Any:
    return np.asarray(np.real(x)).max(axis=axis, keepdims=axis is not None)


def _total(x: Array, axis: int | None = None) -> Any:
    return np.asarray(x).sum(axis=axis, keepdims=axis is not None)


def softmax(x: ArrayLike, axis: int | None = None) -> Array:
    """Stable softmax (shift by the max of the real part)."""
    x = np.asarray(x)
    e = np.exp(x - _shift(x, axis))
    return e / _total(e, axis)


def log_softmax(x: ArrayLike, axis: int | None = None) -> Array:
    """Stable log-softmax."""
    x = np.asarray(x)
    z = x - _shift(x, axis)
    return z - np.log(_total(np.exp(z), axis))


def logsumexp(x: ArrayLike, axis: int | None = None) -> Any:
    """Stable log Σ exp(x)."""
    x = np.asarray(x)
    m = _shift(x, axis)
    return m + np.log(_total(np.exp(x - m), axis))


def softmin(x: ArrayLike, axis: int | None = None) -> Array:
    """softmax(-x)."""
    return softmax(-np.asarray(x), axis)


def sigmoid(z: ArrayLike) -> Any:
    """Stable logistic function."""
    z = np.asarray(z)
    pos = np.real(z) >= 0
    with np.errstate(over="ignore"):
        e = np.exp(np.where(pos, -z, z))
    return np.where(pos, 1 / (1 + e), e / (1 + e))


def log_sigmoid(z: ArrayLike) -> Any:
    """Stable log σ(z) = -log(1 + e^{-z})."""
    z = np.asarray(z)
    return (
        np.minimum(np.real(z), 0) - np.log1p(np.exp(-np.abs(np.real(z))))
        if not np.iscomplexobj(z)
        else -np.log(1 + np.exp(-z))
    )


def cross_entropy(y: ArrayLike, logits: ArrayLike) -> Any:
    """-Σ y_i log softmax(logits)_i (y is not normalised)."""
    return -np.asarray(np.asarray(y) * log_softmax(logits)).sum()


def cross_entropy_probs(p: ArrayLike, q: ArrayLike, axis: int | None = None) -> Any:
    """-Σ p_i log q_i."""
    return -_total(np.asarray(p) * np.log(np.asarray(q)), axis)


def entropy(p: ArrayLike, axis: int | None = None) -> Any:
    """-Σ p log p with 0 log 0 = 0."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return -_total(terms, axis)


def kl(p: ArrayLike, q: ArrayLike, axis: int | None = None) -> Any:
    """Σ p log(p/q) with 0 log 0 = 0."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / q), 0.0)
    return _total(terms, axis)


def binary_cross_entropy(y: ArrayLike, z: ArrayLike) -> Any:
    """-(y log σ(z) + (1-y) log(1-σ(z))) from the logit z."""
    y = np.asarray(y)
    return -(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-np.asarray(z)))


def real_softmax(a: ArrayLike, lam: float) -> Any:
    """λ⁻¹ logsumexp(λ a)."""
    return logsumexp(lam * np.asarray(a, dtype=float)) / lam


def real_softmin(a: ArrayLike) -> Any:
    """-logsumexp(-a)."""
    return -logsumexp(-np.asarray(a, dtype=float))


def softmax_jacobian_iterative(x: ArrayLike) -> Array:
    """J[i, j] = s_i(δ_ij - s_j) by a double loop."""
    s = softmax(x)
    n = len(s)
    jac = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            jac[i, j] = s[i] * ((1.0 if i == j else 0.0) - s[j])
    return jac


def softmax_jacobian_vectorised(x: ArrayLike) -> Array:
    """diag(s) - s sᵀ."""
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)


_H = 1e-20


def gradient(f: Callable[[Array], Any], x: ArrayLike) -> Array:
    """Complex-step gradient of a scalar NumPy function."""
    x = np.asarray(x, dtype=float)
    out = np.empty(x.shape)
    for k in range(x.size):
        xc = x.astype(complex)
        xc.flat[k] += 1j * _H
        out.flat[k] = np.imag(f(xc)) / _H
    return out


def jacobian(f: Callable[[Array], Any], x: ArrayLike) -> Array:
    """Complex-step Jacobian, shape f(x).shape + (n,)."""
    x = np.asarray(x, dtype=float)
    cols = []
    for k in range(x.size):
        xc = x.astype(complex)
        xc.flat[k] += 1j * _H
        cols.append(np.imag(f(xc)) / _H)
    return np.stack(cols, axis=-1)


def hessian(f: Callable[[Array], Any], x: ArrayLike) -> Array:
    """Complex step in one direction, central difference in the other; symmetrised."""
    x = np.asarray(x, dtype=float)
    n = x.size
    wanted = _COORDINATES.get()
    coords = range(n) if wanted is None else sorted(c for c in wanted if 0 <= c < n)
    out = np.full((n, n), np.nan)
    for j in coords:
        for k in coords:
            d = 1e-5  # an absolute step: the functions here are shift-invariant, not scale-invariant
            plus = x.astype(complex)
            plus.flat[j] += 1j * _H
            minus = plus.copy()
            plus.flat[k] += d
            minus.flat[k] -= d
            out[j, k] = (np.imag(f(plus)) - np.imag(f(minus))) / (2 * _H * d)
    return (out + out.T) / 2


def central_gradient(f: Callable[[Array], Any], x: ArrayLike, h: float | None = None) -> Array:
    """Real central differences."""
    x = np.asarray(x, dtype=float)
    out = np.empty(x.shape)
    for k in range(x.size):
        step = h if h is not None else 1e-6 * max(1.0, abs(float(x.flat[k])))
        plus, minus = x.copy(), x.copy()
        plus.flat[k] += step
        minus.flat[k] -= step
        out.flat[k] = (f(plus) - f(minus)) / (2 * step)
    return out


def central_jacobian(f: Callable[[Array], Any], x: ArrayLike, h: float | None = None) -> Array:
    """Real central-difference Jacobian."""
    x = np.asarray(x, dtype=float)
    cols = []
    for k in range(x.size):
        step = h if h is not None else 1e-6 * max(1.0, abs(float(x.flat[k])))
        plus, minus = x.copy(), x.copy()
        plus.flat[k] += step
        minus.flat[k] -= step
        cols.append((np.asarray(f(plus)) - np.asarray(f(minus))) / (2 * step))
    return np.stack(cols, axis=-1)
