"""Exact zero test for rational functions of symbols and ``exp`` atoms over a polynomial ring.

Each ``exp(c_1 t_1 + … + c_k t_k)`` with integer ``c`` (the ``t`` any terms: ``x``, ``W·x``)
becomes ``T_1^c_1 ⋯ T_k^c_k`` in fresh indeterminates ``T = exp(t)``; symbols stay
indeterminates; sums, products and integer powers become ring operations on (numerator,
factored denominator) pairs; every other node (a log, a fractional power, Max, π, an exp with
a fractional coefficient) is an opaque atom: one more indeterminate, the same one wherever the
same node occurs, never looked inside. The map is a ring homomorphism back to the
expressions, so a numerator that is the zero polynomial proves the difference is zero
wherever it is defined. Floats are not exact, so an expression holding one is not decided;
nor is anything this test cannot prove: it answers ``None`` and the caller goes on with the
ladder.

Conversions are memoised per matrix, so a shared subexpression (the softmax denominator in
every Jacobian entry) is converted once; denominators are kept as products of distinct factor
polynomials, so adding entries with the same denominator never multiplies it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyElement, PolyRing

#: A numerator past this many terms is not worth expanding: the ladder gets the entry instead.
MAX_TERMS = 20_000


def _exp_terms(e: sp.exp) -> dict[sp.Expr, int] | None:
    """``exp(Σ c_k t_k)`` with integer ``c_k`` as ``{t_k: c_k}`` (a constant term is keyed by
    1); None when some coefficient is not an integer."""
    out: dict[sp.Expr, int] = {}
    for term, coeff in e.args[0].as_coefficients_dict().items():
        if not isinstance(coeff, sp.Integer):
            return None
        out[term] = int(coeff)
    return out


def _is_opaque(e: sp.Basic) -> bool:
    """An atom of the ring: a node this test does not look inside (log, sqrt, Max, π, …)."""
    if isinstance(e, sp.Rational | sp.Symbol | sp.Add | sp.Mul | sp.Float):
        return False
    if isinstance(e, sp.Pow):
        return not isinstance(e.exp, sp.Integer)
    if isinstance(e, sp.exp):
        return _exp_terms(e) is None
    return True


def _generators(exprs: list[sp.Expr]) -> tuple[set[sp.Symbol], set[sp.Expr], set[sp.Basic], set[sp.Add]]:
    """The symbols, the exponents ``t`` of the ``exp(t)`` factors, the opaque atoms of
    ``exprs`` and the sums they divide by, each shared subexpression visited once
    (``free_symbols`` would walk every entry's copy of a shared sum again)."""
    seen: set[sp.Basic] = set()
    stack: list[sp.Basic] = list(exprs)
    symbols: set[sp.Symbol] = set()
    terms: set[sp.Expr] = set()
    atoms: set[sp.Basic] = set()
    divisors: set[sp.Add] = set()
    while stack:
        e = stack.pop()
        if e in seen:
            continue
        seen.add(e)
        if isinstance(e, sp.Symbol):
            symbols.add(e)
        elif _is_opaque(e):
            atoms.add(e)
        elif isinstance(e, sp.Pow):
            if isinstance(e.base, sp.Add) and isinstance(e.exp, sp.Integer) and e.exp < 0:
                divisors.add(e.base)
            stack.append(e.base)
        elif isinstance(e, sp.exp):
            for term in _exp_terms(e) or {}:
                if term == 1:
                    atoms.add(sp.E)
                else:
                    terms.add(term)
        else:
            stack.extend(e.args)
    return symbols, terms, atoms, divisors


class _Outside(Exception):
    """The expression leaves the fragment this test decides."""


@dataclass(frozen=True)
class _Frac:
    num: PolyElement
    den: tuple[tuple[int, int], ...]  # (factor id, exponent), sorted by id


class RingZeroTest:
    """Decide ``a - b == 0`` for many entries over one polynomial ring (see the module doc)."""

    def __init__(self, exprs: list[sp.Expr]) -> None:
        symbols, terms, atoms, divisors = _generators(exprs)
        keys = [
            *sorted(symbols, key=sp.default_sort_key),
            *(sp.exp(t, evaluate=False) for t in sorted(terms, key=sp.default_sort_key)),
            *sorted(atoms, key=sp.default_sort_key),
        ]
        sums = sorted(divisors, key=sp.default_sort_key)
        gens = [sp.Dummy(f"g{k}") for k in range(len(keys) + len(sums))]
        self._ring = PolyRing(gens or [sp.Dummy("unit")], QQ)
        self._gens: dict[sp.Basic, PolyElement] = dict(zip(keys, self._ring.gens, strict=False))
        #: With ``coarse``, a sum that is divided by is one more indeterminate (see
        #: :meth:`is_zero_difference`).
        self._sums: dict[sp.Basic, PolyElement] = dict(zip(sums, self._ring.gens[len(keys) :], strict=False))
        self._exp = {t: self._gens[sp.exp(t, evaluate=False)] for t in terms}
        self._factors: list[PolyElement] = []
        self._factor_ids: dict[PolyElement, int] = {}
        self._memo: dict[tuple[sp.Basic, bool], _Frac] = {}
        self._one = self._ring.one

    @property
    def has_divisors(self) -> bool:
        """Whether some sum is divided by (else the coarse and the fine reading are the same)."""
        return bool(self._sums)

    def is_zero_difference(self, a: sp.Expr, b: sp.Expr, *, coarse: bool = False) -> bool | None:
        """True if ``a - b`` is identically zero; None if undecided here (never False).

        ``coarse`` reads each sum that is divided by (``1/Σ_k exp(x_k)``) as one indeterminate
        of its own, not as the polynomial it is: much smaller polynomials (a Jacobian's entries
        over a 128-term denominator), and still sound, since that reading is a ring
        homomorphism too (the indeterminate maps to the sum); what needs the sum's terms (``Σ_k
        s_k = 1``) is left to the fine reading. A sum that is identically zero is never divided
        by in either reading."""
        coarse = coarse and bool(self._sums)  # no sum is divided by: the readings are one
        try:
            diff = self._sub(self._convert(a, coarse), self._convert(b, coarse))
        except _Outside:
            return None
        return True if not diff.num else None

    # -- conversion -------------------------------------------------------------------------

    def _convert(self, e: sp.Basic, coarse: bool) -> _Frac:
        found = self._memo.get((e, coarse))
        if found is None:
            found = self._convert_new(e, coarse)
            if len(found.num) > MAX_TERMS:
                raise _Outside
            self._memo[(e, coarse)] = found
        return found

    def _convert_new(self, e: sp.Basic, coarse: bool) -> _Frac:
        if isinstance(e, sp.Rational):
            return _Frac(self._one * QQ(int(e.p), int(e.q)), ())
        if isinstance(e, sp.Add):
            out = self._convert(e.args[0], coarse)
            for arg in e.args[1:]:
                out = self._add(out, self._convert(arg, coarse))
            return out
        if isinstance(e, sp.Mul):
            out = self._convert(e.args[0], coarse)
            for arg in e.args[1:]:
                out = self._mul(out, self._convert(arg, coarse))
            return out
        if isinstance(e, sp.Pow) and isinstance(e.exp, sp.Integer):
            if coarse and e.exp < 0 and e.base in self._sums:
                if not self._convert(e.base, False).num:
                    raise _Outside  # the sum is identically zero: 1/0 is not ours to decide
                return self._pow(_Frac(self._sums[e.base], ()), int(e.exp))
            return self._pow(self._convert(e.base, coarse), int(e.exp))
        if isinstance(e, sp.exp) and (terms := _exp_terms(e)) is not None:
            return self._exponential(terms)
        if e in self._gens:  # a symbol or an opaque atom (exp keys are handled above)
            return _Frac(self._gens[e], ())
        raise _Outside  # a float, or a node built after the generators were collected

    def _exponential(self, terms: dict[sp.Expr, int]) -> _Frac:
        """``exp(Σ c_k t_k) = Π exp(t_k)^c_k``, each ``exp(t_k)`` an indeterminate."""
        num, den = self._one, []
        for term, c in terms.items():
            base = self._gens.get(sp.E) if term == 1 else self._exp.get(term)
            if base is None:
                raise _Outside
            if c >= 0:
                num = num * base**c
            else:
                den.append((self._factor_id(base), -c))
        return _Frac(num, tuple(sorted(den)))

    # -- arithmetic on fractions -----------------------------------------------------------

    def _factor_id(self, p: PolyElement) -> int:
        found = self._factor_ids.get(p)
        if found is None:
            found = self._factor_ids[p] = len(self._factors)
            self._factors.append(p)
        return found

    def _lift(self, f: _Frac, den: dict[int, int]) -> PolyElement:
        """Numerator of ``f`` over the larger denominator ``den``."""
        have = dict(f.den)
        num = f.num
        for fid, k in den.items():
            missing = k - have.get(fid, 0)
            if missing:
                num = num * self._factors[fid] ** missing
        return num

    def _add(self, f: _Frac, g: _Frac) -> _Frac:
        if f.den == g.den:
            return _Frac(f.num + g.num, f.den)
        den = dict(f.den)
        for fid, k in g.den:
            den[fid] = max(den.get(fid, 0), k)
        return _Frac(self._lift(f, den) + self._lift(g, den), tuple(sorted(den.items())))

    def _sub(self, f: _Frac, g: _Frac) -> _Frac:
        return self._add(f, _Frac(-g.num, g.den))

    def _mul(self, f: _Frac, g: _Frac) -> _Frac:
        den = dict(f.den)
        for fid, k in g.den:
            den[fid] = den.get(fid, 0) + k
        return _Frac(f.num * g.num, tuple(sorted(den.items())))

    def _pow(self, f: _Frac, k: int) -> _Frac:
        if k >= 0:
            return _Frac(f.num**k, tuple((fid, e * k) for fid, e in f.den))
        if not f.num:
            raise _Outside  # 1/0: undefined, not ours to decide
        k = -k
        num = self._one
        for fid, e in f.den:
            num = num * self._factors[fid] ** (e * k)
        return _Frac(num, ((self._factor_id(f.num), k),))
