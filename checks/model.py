"""Declarative model of a derivation: variables, steps, claims (data only, no checking)."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

import numpy as np
import sympy as sp

from checks.errors import DerivationError

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


_ASSUMPTIONS: dict[Kind, dict[str, bool]] = {
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


@dataclass(frozen=True)
class Var:
    """A scalar or vector variable with the assumptions of its kind.

    ``Var("x", Kind.LOGITS, 3)[0]`` is the real symbol ``x0``; a scalar is ``Var("a", Kind.REAL)``
    and its symbol is ``.sym``.
    """

    name: str
    kind: Kind
    size: int | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"variable name {self.name!r} is not an identifier")
        if self.size is not None and self.size < 1:
            raise DerivationError(f"variable {self.name!r} has size {self.size}; need >= 1")
        if self.kind in SIMPLEX_KINDS and self.size is None:
            raise DerivationError(f"variable {self.name!r} of kind {self.kind.value} needs a size")

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The SymPy symbols of this variable, one per entry."""
        assumptions = _ASSUMPTIONS[self.kind]
        if self.size is None:
            return (sp.Symbol(self.name, **assumptions),)
        return tuple(sp.Symbol(f"{self.name}{i}", **assumptions) for i in range(self.size))

    @property
    def sym(self) -> sp.Symbol:
        """The symbol of a scalar variable."""
        if self.size is not None:
            raise DerivationError(f"{self.name!r} is a vector; index it instead")
        return self.symbols[0]

    @property
    def vector(self) -> sp.ImmutableMatrix:
        """The entries as a column vector."""
        return sp.ImmutableMatrix(self.symbols)

    def __getitem__(self, i: int) -> sp.Symbol:
        return self.symbols[i]

    def __len__(self) -> int:
        return 1 if self.size is None else self.size

    @property
    def constraint(self) -> str | None:
        """The name of the constraint this variable obeys (``Σ y = 1``), if any."""
        return f"Σ {self.name} = 1" if self.kind in SIMPLEX_KINDS else None

    def constraint_substitution(self) -> dict[sp.Symbol, sp.Expr]:
        """Eliminate the last entry by the constraint: ``y_{n-1} -> 1 - Σ_{i<n-1} y_i``."""
        syms = self.symbols
        return {syms[-1]: 1 - sp.Add(*syms[:-1])}


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``previous REL expr``, with the reason it holds.

    ``using`` names the constraints (e.g. ``"Σ y = 1"``) the step relies on; a step that
    relies on a constraint without citing it is refuted, because it does not follow.
    """

    expr: Any
    why: str
    rel: Rel = "="
    using: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.rel not in RELATIONS:
            raise DerivationError(f"step {self.why!r}: unknown relation {self.rel!r}")
        if not self.why.strip():
            raise DerivationError("every step needs a justification")
        if isinstance(self.using, str):
            raise DerivationError(f"step {self.why!r}: 'using' must be a tuple of names")

    def uncited(self, variables: tuple[Any, ...]) -> frozenset[str]:
        """The variables whose ``Σ = 1`` constraint this step relies on without citing it."""
        return frozenset(v.name for v in variables if v.constraint and v.constraint not in self.using)


class _Checked(Protocol):
    step: Step
    failure: Any


_P = TypeVar("_P", bound=_Checked)


def by_uncited(pairs: Iterable[_P], variables: tuple[Any, ...]) -> dict[frozenset[str], list[_P]]:
    """The pairs not yet refuted whose steps rely on some ``Σ = 1`` without citing it, grouped
    by those constraints (each group is sampled off the simplex once)."""
    groups: dict[frozenset[str], list[_P]] = {}
    for pair in pairs:
        missing = pair.step.uncited(variables)
        if missing and pair.failure is None:
            groups.setdefault(missing, []).append(pair)
    return groups


@dataclass(frozen=True)
class Limit:
    """A limit claim ``lim_{var -> point} start = value``.

    With ``upper_steps`` the claim is proved by a sandwich: ``steps`` lead from ``start`` down
    to a lower bound and ``upper_steps`` lead up to an upper bound, and both bounds must tend
    to ``value``. ``sequence`` gives the values of ``var`` at which the limit is confirmed
    numerically.
    """

    var: sp.Symbol
    point: Any
    value: Any
    upper_steps: tuple[Step, ...] = ()
    sequence: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if sp.sympify(self.point).free_symbols:
            raise DerivationError(
                f"the limit point {self.point} must be a number or ±oo (at a symbolic point SymPy "
                "answers as if the limit always existed: floor(x) → floor(a))"
            )
        if self.sequence and not _approaches(self.sequence, self.point):
            raise DerivationError(
                f"the sequence {self.sequence} of the limit {self.var} → {self.point} does not approach "
                f"{self.point} (it must end within 1e-3 of a finite point, or beyond 1e6 toward ±oo)"
            )

    @property
    def direction(self) -> str:
        """Where ``var`` comes from at a finite point (its symbol's assumptions only; see
        :func:`limit_side` for a variable's kind)."""
        return limit_side(self.var, self.point)

    def sequences(self, direction: str | None = None) -> tuple[tuple[float, ...], ...]:
        """The values of ``var`` along which the limit is confirmed: the given sequence, or one
        per side the variable comes from (``direction``, by default :attr:`direction`)."""
        if self.sequence:
            return (self.sequence,)
        if self.point is sp.oo:
            return ((1.0, 10.0, 100.0, 1e4, 1e8, 1e16, 1e32),)
        if self.point is -sp.oo:
            return ((-1.0, -10.0, -100.0, -1e4, -1e8, -1e16, -1e32),)
        at = float(self.point)
        steps = (1e-1, 1e-2, 1e-3, 1e-4, 1e-6)
        sides = {"+": (1.0,), "-": (-1.0,), "+-": (1.0, -1.0)}[direction or self.direction]
        return tuple(tuple(at + side * h for h in steps) for side in sides)


#: The closed range each bounded kind's values lie in (None: unbounded on that side).
_RANGES: dict[Kind, tuple[int | None, int | None]] = {
    Kind.POSITIVE: (0, None),
    Kind.COUNT: (1, None),
    Kind.UNIT: (0, 1),
    Kind.OPEN_UNIT: (0, 1),
}


def limit_side(var: sp.Symbol, point: Any, kind: Kind | None = None) -> str:
    """Where ``var`` comes from at a finite ``point``: ``+`` (never below it), ``-``, or ``+-``
    (both sides: the limit exists only if they agree), from its assumptions and, where given,
    its kind (a probability in (0, 1) comes to 1 from below only)."""
    point = sp.sympify(point)
    low, high = _RANGES.get(kind, (None, None)) if kind is not None else (None, None)
    if point in (sp.oo, -sp.oo):
        if (point is sp.oo and high is not None) or (point is -sp.oo and low is not None):
            raise DerivationError(f"a variable of kind {kind.value if kind else ''} never comes near {point}")
        return "-" if point is sp.oo else "+"
    if point.is_number and ((low is not None and point < low) or (high is not None and point > high)):
        raise DerivationError(f"a variable of kind {kind.value if kind else ''} never comes near {point}")
    if kind in (Kind.UNIT, Kind.OPEN_UNIT) and point.is_number:
        if point >= 1:
            return "-"
        if point <= 0:
            return "+"
    gap = var - point
    return "+" if gap.is_nonnegative else ("-" if gap.is_nonpositive else "+-")


def _approaches(sequence: tuple[float, ...], point: Any) -> bool:
    if point is sp.oo:
        return sequence[-1] >= 1e6
    if point is -sp.oo:
        return sequence[-1] <= -1e6
    at = float(point)
    return abs(sequence[-1] - at) <= 1e-3 * (1 + abs(at)) and abs(sequence[-1] - at) < abs(sequence[0] - at)


def _directions(steps: tuple[Step, ...]) -> set[str]:
    """``lower`` for a step whose end bounds the start from below (≥, >), ``upper`` for ≤, <."""
    return {"lower" if s.rel in (">", ">=") else "upper" for s in steps if s.rel != "="}


@dataclass(frozen=True)
class Proof:
    """A derivation at one concrete size: the chain the engine checks.

    ``start`` is the quantity under study as defined; each step relates to the one before;
    ``reference`` computes ``start`` in plain NumPy at a sample point, independently of SymPy.
    """

    variables: tuple[Var, ...]
    start: Any
    steps: tuple[Step, ...]
    reference: Reference
    limit: Limit | None = None
    tolerance: float | None = None

    def __post_init__(self) -> None:
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise DerivationError(f"duplicate variable names in {names}")
        symbols = [s.name for s in self.symbols]
        clashes = sorted({name for name in symbols if symbols.count(name) > 1})
        if clashes:
            raise DerivationError(
                f"two variables share the symbol(s) {', '.join(clashes)} (a vector w has entries "
                "w0, w1, …): rename one"
            )
        if not self.steps and self.limit is None:
            raise DerivationError("a proof needs at least one step")
        if self.tolerance is not None and not (math.isfinite(self.tolerance) and self.tolerance > 0):
            raise DerivationError(f"the tolerance must be a positive number, not {self.tolerance}")
        self._check_symbols_and_shapes()
        if self.limit is not None:
            scalar = next((v for v in self.variables if v.size is None and v.sym == self.limit.var), None)
            if scalar is None:
                raise DerivationError(
                    f"the limit variable {self.limit.var} must be a scalar variable of the proof"
                )
            limit_side(self.limit.var, self.limit.point, scalar.kind)  # refuses a point it never nears
        self._check_chain()
        known = {v.constraint for v in self.variables if v.constraint}
        for step in self.all_steps:
            for name in step.using:
                if name not in known:
                    raise DerivationError(
                        f"step {step.why!r} cites {name!r}, which no variable obeys "
                        f"(known: {sorted(known) or 'none'})"
                    )

    def _check_chain(self) -> None:
        """The chain must say something about its start: its steps all go one way (a chain
        ``a ≥ b ≤ c`` relates ``a`` to nothing), and a limit follows from inequalities only as
        a squeeze, a lower chain and an upper chain that both tend to the value."""
        main, upper = _directions(self.steps), _directions(self.limit.upper_steps if self.limit else ())
        for chain, name in ((main, "steps"), (upper, "upper steps")):
            if len(chain) > 1:
                raise DerivationError(
                    f"the {name} mix ≤ and ≥: no relation between the start and the end follows"
                )
        if self.limit is None or not main:
            return
        if not upper and not self.limit.upper_steps:
            raise DerivationError(
                "a limit follows from a chain of inequalities only as a squeeze: give upper_steps "
                "that bound the start from the other side"
            )
        if upper and upper == main:
            raise DerivationError(
                f"both chains of the squeeze give {main.pop()} bounds: the upper steps must bound the "
                "start from the other side"
            )

    def _check_symbols_and_shapes(self) -> None:
        """Every symbol is a variable's (a Symbol named ``a`` with other assumptions is another
        symbol, which SymPy would reason about with those assumptions), and the matrices of
        one chain share one shape (their entries would be compared in order)."""
        exprs = [self.start] + [s.expr for s in self.all_steps]
        if self.limit is not None:
            exprs.append(self.limit.value)
        known = set(self.symbols)
        stray = sorted(
            {str(s) for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols if s not in known}
        )
        if stray:
            raise DerivationError(
                f"the chain uses {', '.join(stray)}, which no variable of the proof is (a symbol "
                "of the same name with other assumptions is another symbol): use the variables' symbols"
            )
        shapes = sorted({e.shape for e in exprs if isinstance(e, sp.MatrixBase)})
        if len(shapes) > 1:
            listed = ", ".join(f"{r} × {c}" for r, c in shapes)
            raise DerivationError(f"the chain mixes matrices of different shapes ({listed})")

    @property
    def all_steps(self) -> tuple[Step, ...]:
        """Every step in report order: the main chain, then a limit's upper chain."""
        return self.steps + (self.limit.upper_steps if self.limit else ())

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """All symbols of all variables, flattened in declaration order."""
        return tuple(s for v in self.variables for s in v.symbols)


#: The symbolic dimension of ``all n`` proofs: vectors have entries 0, …, n - 1.
N = sp.Symbol("n", integer=True, positive=True)


def index(name: str) -> sp.Symbol:
    """A free index symbol (``i``, ``j``): an integer in 0, …, n - 1."""
    return sp.Symbol(name, integer=True, nonnegative=True)


@dataclass(frozen=True)
class Vec:
    """A vector of symbolic length ``n``: ``Vec("x", Kind.LOGITS)[i]`` is the entry ``x[i]``."""

    name: str
    kind: Kind

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"variable name {self.name!r} is not an identifier")

    @property
    def base(self) -> sp.IndexedBase:
        """The SymPy ``IndexedBase`` with the assumptions of the kind."""
        return sp.IndexedBase(self.name, **_ASSUMPTIONS[self.kind])

    def __getitem__(self, i: Any) -> sp.Indexed:
        return self.base[i]

    def total(self, k: sp.Symbol | None = None) -> sp.Sum:
        """``Σ_k v[k]`` over the whole vector."""
        k = k if k is not None else index("k")
        return sp.Sum(self.base[k], (k, 0, N - 1))

    @property
    def constraint(self) -> str | None:
        """The name of the constraint this vector obeys (``Σ y = 1``), if any."""
        return f"Σ {self.name} = 1" if self.kind in SIMPLEX_KINDS else None

    def at(self, n: int) -> Var:
        """The concrete variable of size ``n`` (for sampling)."""
        return Var(self.name, self.kind, n)


def total(summand: Any, k: sp.Symbol) -> sp.Sum:
    """``Σ_{k=0}^{n-1} summand``."""
    return sp.Sum(summand, (k, 0, N - 1))


#: The concrete sizes at which an ``all n`` proof is cross-checked numerically.
GENERAL_SIZES: tuple[int, ...] = (1, 2, 3, 5, 8, 64)
#: The sizes checked whatever a proof's ``sizes`` say.
MIN_GENERAL_SIZES: tuple[int, ...] = (1, 2, 3, 5, 8)


@dataclass(frozen=True)
class General:
    """A proof for every dimension ``n``: vectors of symbolic length, free indices, Σ steps.

    ``start`` and each step are scalars in the free ``indices`` (an entry ``J[i, j]`` of a
    matrix claim); ``reference`` computes the whole NumPy array at a point of size ``n``, and
    the entry at the free indices is compared; ``distinct`` restricts the claim to pairwise
    different free indices (an off-diagonal entry). Steps are proved by the Σ rewrite rules of
    :mod:`checks.sums` and the equality ladder; ``Σ y = 1`` is used only where cited.
    """

    variables: tuple[Var | Vec, ...]
    start: Any
    steps: tuple[Step, ...]
    reference: Reference
    indices: tuple[sp.Symbol, ...] = ()
    distinct: bool = False
    sizes: tuple[int, ...] = GENERAL_SIZES

    def __post_init__(self) -> None:
        if not self.steps:
            raise DerivationError("a proof needs at least one step")
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise DerivationError(f"duplicate variable names in {names}")
        known = {v.constraint for v in self.variables if v.constraint}
        for step in self.steps:
            for name in step.using:
                if name not in known:
                    raise DerivationError(f"step {step.why!r} cites {name!r}, which no variable obeys")
        if any(isinstance(v, Var) and v.size is not None for v in self.variables):
            raise DerivationError("an all-n proof takes scalars (Var) and vectors of length n (Vec)")
        for i in self.indices:
            if not isinstance(i, sp.Symbol) or i != index(i.name):
                # An index runs over 0, …, n - 1: other assumptions (positive: i ≥ 1) would let
                # SymPy prove what fails at i = 0.
                raise DerivationError(f"the free index {i} must be made by checks.model.index({str(i)!r})")
        reserved = sorted(name for name in [*names, *(str(i) for i in self.indices)] if name.startswith("_"))
        if reserved:
            raise DerivationError(
                f"the name {reserved[0]!r} begins with '_', which the engine keeps for its bound indices"
            )
        self._check_symbols()
        wrong = [k for k in self.sizes if not isinstance(k, int) or isinstance(k, bool) or k < 1]
        if wrong or not self.sizes:
            raise DerivationError(f"sizes must be whole numbers n ≥ 1, not {wrong[0] if wrong else '()'}")

    def _check_symbols(self) -> None:
        """Only the proof's own vectors (their bases, with their kind's assumptions), scalars,
        free indices, n and bound indices: a sp.IndexedBase("x", positive=True) beside a
        vector of logits x would let SymPy prove x_i = |x_i|."""
        bases = {v.base for v in self.variables if isinstance(v, Vec)}
        allowed = {N, *self.indices, *(b.label for b in bases)}
        allowed |= {v.sym for v in self.variables if isinstance(v, Var)}
        stray: set[str] = set()
        for expr in [self.start, *(s.expr for s in self.steps)]:
            if not isinstance(expr, sp.Basic):
                continue
            stray |= {str(b) for b in expr.atoms(sp.IndexedBase) if b not in bases}
            bound = {lim[0] for s in expr.atoms(sp.Sum, sp.Product) for lim in s.limits}
            stray |= {str(x) for x in expr.atoms(sp.Symbol) if x not in allowed and x not in bound}
        if stray:
            raise DerivationError(
                f"the chain uses {', '.join(sorted(stray))}, which is not a variable, index or n of the "
                "proof (a base or symbol of the same name with other assumptions is another one)"
            )

    @property
    def checked_sizes(self) -> tuple[int, ...]:
        """The sizes checked numerically: the ones given, and always 1, 2, 3, 5 and 8 (a proof
        for every n may not choose to skip n = 1)."""
        return tuple(sorted(set(self.sizes) | set(MIN_GENERAL_SIZES)))

    def concrete(self, n: int) -> tuple[Var, ...]:
        """The variables at size ``n``."""
        return tuple(v.at(n) if isinstance(v, Vec) else v for v in self.variables)


@dataclass(frozen=True)
class Mutant:
    """A known wrong answer to a result, in claim syntax, with the sentence that explains it."""

    answer: str
    feedback: str


@dataclass(frozen=True)
class Result:
    """A result a derivation exports, so users can check their own answer against it.

    ``quantity`` is what is asked for and ``answer`` the proven answer, both in the claim
    syntax of ``verify-derivations check``; ``vectors`` and ``assume`` declare the names.
    """

    name: str
    quantity: str
    answer: str
    vectors: tuple[str, ...] = ()
    assume: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"result name {self.name!r} is not an identifier")


@dataclass(frozen=True)
class Derivation:
    """A catalogue entry: metadata plus a builder of the concrete proof at each size.

    ``build(n)`` returns the :class:`Proof` at size ``n`` for each ``n`` in ``dims``; a
    derivation without a dimension has ``dims = ()`` and is built with ``build(0)``.
    """

    name: str
    exercise: str
    title: str
    source: str
    kind: ClaimKind
    statement: str
    build: Callable[[int], Proof] = field(repr=False, compare=False)
    dims: tuple[int, ...] = (2, 3, 4, 5, 6)
    results: tuple[Result, ...] = ()
    general: Callable[[], General] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise DerivationError(f"derivation name {self.name!r} is not an identifier")
        if not (self.exercise.startswith("E") and self.exercise[1:].isdigit()):
            raise DerivationError(f"{self.name}: exercise id {self.exercise!r} is not like 'E03'")
        if any(n < 1 for n in self.dims):
            raise DerivationError(f"{self.name}: sizes must be >= 1, got {self.dims}")

    @property
    def sizes(self) -> tuple[int, ...]:
        """The sizes at which the proof is built (``(0,)`` for a dimension-free claim)."""
        return self.dims or (0,)

    @property
    def scope(self) -> str:
        """How far the verification reaches when it succeeds: ``all n``, ``n ≤ 6`` or ``general``."""
        return "all n" if self.general is not None else self.concrete_scope

    @property
    def concrete_scope(self) -> str:
        """What the concrete sizes alone establish: ``n ≤ 6``, ``n = 3`` or ``general``."""
        if not self.dims:
            return "general"
        if len(self.dims) == 1:
            return f"n = {self.dims[0]}"
        return f"n ≤ {max(self.dims)}"

    def proof(self, n: int | None = None) -> Proof:
        """The concrete proof at size ``n`` (default: the smallest size)."""
        size = self.sizes[0] if n is None else n
        if size not in self.sizes:
            raise DerivationError(f"{self.name} is built for n in {self.sizes}, not {size}")
        return self.build(size)

    def verify(self, *, seed: int = 0, samples: int = 24, timeout: float = 10.0) -> Any:
        """Check every step and cross-check numerically; returns a ``DerivationResult``."""
        from checks.engine import verify

        return verify(self, seed=seed, samples=samples, timeout=timeout)

    def render(self, fmt: Literal["text", "latex"] = "text", n: int | None = None) -> str:
        """The derivation's steps with their justifications, as pretty text or LaTeX."""
        from checks.render import render_derivation

        return render_derivation(self, fmt=fmt, n=n)
