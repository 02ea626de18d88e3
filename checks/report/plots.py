"""Figures of results: a failing link along a line through its counterexample, a limit's
sequence, a matrix as a heat map (matplotlib, imported only when a figure is asked for)."""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath
import numpy as np
import sympy as sp

from checks.model import SIMPLEX_KINDS, Derivation, Kind, Proof, Var, limit_side
from checks.model.result import DerivationResult, Sides
from checks.numeric.compiled import compile_expr, evaluate_batch, evaluate_mp
from checks.numeric.sampling import samples
from checks.prove.ladder import evaluate_definitions

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from checks.claims.check import ClaimResult

#: What the report and ``plot()`` say where matplotlib is not installed.
MISSING = "plots need matplotlib: pip install softmax-derivations[report]"

_LEFT, _RIGHT, _BAD = "#1f5fa8", "#d9730d", "#c62828"
#: Points along a line, and along a limit's approach.
_LINE_POINTS, _LIMIT_POINTS = 241, 61
#: The order in which a coordinate is chosen to vary: free reals first, integers last.
_PREFERENCE = {
    Kind.LOGITS: 0,
    Kind.REAL: 0,
    Kind.DIRECTION: 1,
    Kind.POSITIVE: 2,
    Kind.OPEN_UNIT: 3,
    Kind.UNIT: 3,
    Kind.PROBS: 4,
    Kind.LABELS: 4,
}


class PlotsUnavailable(ImportError):
    """matplotlib is not installed: plots are an optional extra."""


def available() -> bool:
    """Whether matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


#: Figures a notebook shows share one page: their SVG ids are numbered per process.
_SHOWN = itertools.count(1)


def _new_figure(width: float, height: float) -> Figure:
    """A figure with no pyplot state and no GUI backend (safe in a server or a child process)
    that a notebook shows as SVG without ``%matplotlib inline``."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotsUnavailable(MISSING) from None

    class ShownFigure(Figure):
        def _repr_svg_(self) -> str:
            return svg(self, f"plot{next(_SHOWN)}")

    return ShownFigure(figsize=(width, height), layout="constrained")


def svg(figure: Figure, prefix: str) -> str:
    """``figure`` as an inline ``<svg>`` element: text drawn as paths (no fonts needed), the
    XML prologue dropped, and every id prefixed so that several figures share one page."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": prefix}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)  # (an RDF block naming the tool)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)


# -- what to plot -------------------------------------------------------------------------------


def result_figure(result: DerivationResult) -> Figure:
    """The figure of a derivation's result: its counterexample, else its limit's sequence, else
    its (matrix) start as a heat map, else the start and the last step along a line."""
    cex = result.counterexample
    if cex is not None and cex.sides is not None:
        return sides_figure(cex.sides, f"{result.name}: step {cex.step} fails")
    if result.derivation is None:
        raise ValueError(f"{result.name}: no counterexample and no derivation to plot")
    return derivation_figure(result.derivation)


def derivation_figure(derivation: Derivation) -> Figure:
    """A derivation at its smallest size: the limit's sequence, the start as a heat map (a
    matrix), or the start and the last step along a line through a sample point."""
    proof = derivation.proof()
    sides = chain_sides(proof)
    if isinstance(sides.left, sp.MatrixBase) and min(sides.left.shape) > 1 and proof.limit is None:
        # A matrix reads best a little larger than the smallest size (2 × 2).
        size = max((n for n in derivation.sizes if n <= 4), default=derivation.sizes[0])
        sides = chain_sides(derivation.proof(size))
    if proof.limit is not None:
        return limit_figure(sides, f"{derivation.name}: the limit")
    if isinstance(sides.left, sp.MatrixBase) and min(sides.left.shape) > 1:
        return heatmap_figure(sides, f"{derivation.name} at one point")
    return sides_figure(sides, f"{derivation.name}: start and last step")


def claim_figure(result: ClaimResult) -> Figure:
    """The two sides of a refuted claim along a line through its counterexample."""
    if result.sides is None:
        raise ValueError("only a refuted claim with a counterexample has a figure")
    return sides_figure(result.sides, f"counterexample to {result.read_as}")


def chain_sides(proof: Proof) -> Sides:
    """The start and the last step of a proof (or the limit's start and value) at a sample
    point: what a derivation that holds is plotted with."""
    variables = proof.variables
    points = samples(variables, 8, 0)
    point = next((p for p in points if p.origin == "random"), points[0])
    start = evaluate_definitions(proof.start)
    if proof.limit is not None:
        return Sides(start, proof.limit.value, "=", variables, point.values, limit=proof.limit)
    rels = [s.rel for s in proof.steps if s.rel != "="]
    last = evaluate_definitions(proof.steps[-1].expr)
    return Sides(start, last, rels[0] if rels else "=", variables, point.values)


def sides_figure(sides: Sides, title: str) -> Figure:
    """A limit's approach, a matrix link (the failing entry along a line beside the difference
    as a heat map), or a scalar link along a line."""
    if sides.limit is not None:
        return limit_figure(sides, title)
    if _is_matrix(sides.left) or _is_matrix(sides.right):
        figure = _new_figure(9.0, 3.6)
        line_ax, heat_ax = figure.subplots(1, 2, width_ratios=(3, 2))
        entry = _entry(sides)
        _line(line_ax, sides, entry)
        _heatmap(figure, heat_ax, sides, difference=True, mark=entry)
    else:
        figure = _new_figure(6.4, 3.6)
        _line(figure.subplots(), sides, None)
    figure.suptitle(title, fontsize=10)
    return figure


# -- a link along a line ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Direction:
    """One coordinate moved (and, on a simplex, a partner moved back, keeping the sum)."""

    symbol: sp.Symbol
    partner: sp.Symbol | None
    low: float
    high: float

    def label(self) -> str:
        moved = f"{self.symbol}, the other coordinates at the point"
        return moved + (f" ({self.partner} moves the other way)" if self.partner else "")


def _point(sides: Sides) -> dict[sp.Symbol, float]:
    return {
        sym: float(q)
        for v in sides.variables
        for sym, q in zip(v.symbols, sides.values.get(v.name, ()), strict=False)
    }


def _is_matrix(value: Any) -> bool:
    return isinstance(value, sp.MatrixBase)


def _entries(value: Any, size: int) -> list[Any]:
    return list(value) if _is_matrix(value) else [value] * size


def _entry(sides: Sides) -> int:
    """The failing entry, else the one whose sides differ most at the point."""
    if sides.entry is not None:
        return sides.entry
    size = max(len(list(s)) for s in (sides.left, sides.right) if _is_matrix(s))
    lefts, rights = (_values_at(_entries(s, size), sides) for s in (sides.left, sides.right))
    gaps = np.nan_to_num(np.abs(lefts - rights), nan=-1.0)
    return int(np.argmax(gaps))


def _values_at(exprs: list[Any], sides: Sides) -> np.ndarray:
    point = _point(sides)
    symbols = tuple(point)
    columns = [np.array([point[s]]) for s in symbols]
    return np.array([evaluate_batch(compile_expr(e, symbols), columns, 1)[0] for e in exprs], dtype=float)


def _direction(sides: Sides, free: set[sp.Basic]) -> _Direction | None:
    """The coordinate to move: one the link's sides use, of the freest kind."""
    point = _point(sides)
    choices = [(v, i, s) for v in sides.variables for i, s in enumerate(v.symbols) if s in free]
    choices = [c for c in choices if c[0].kind in _PREFERENCE]
    if not choices:
        return None
    var, i, sym = min(choices, key=lambda c: _PREFERENCE[c[0].kind])
    t0 = point[sym]
    if var.kind in SIMPLEX_KINDS and var.size and var.size > 1:
        partner = var.symbols[-1] if i != var.size - 1 else var.symbols[0]
        return _Direction(sym, partner, -t0, point[partner])
    if var.kind is Kind.UNIT:
        return _Direction(sym, None, -t0, 1.0 - t0)
    if var.kind is Kind.OPEN_UNIT:
        return _Direction(sym, None, -t0 * 0.99, (1.0 - t0) * 0.99)
    width = max(2.0, abs(t0))
    if var.kind is Kind.POSITIVE:
        return _Direction(sym, None, -t0 * 0.95, width)
    return _Direction(sym, None, -width, width)


def _along(expr: Any, sides: Sides, direction: _Direction, steps: np.ndarray) -> np.ndarray:
    """``expr``'s values at the point moved by each of ``steps`` (the project's evaluator)."""
    point = _point(sides)
    symbols = tuple(point)
    columns = []
    for s in symbols:
        base = np.full(len(steps), point[s])
        if s == direction.symbol:
            base = base + steps
        elif s == direction.partner:
            base = base - steps
        columns.append(base)
    return evaluate_batch(compile_expr(expr, symbols), columns, len(steps)).astype(float)


_HOLDS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "=": np.isclose,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def _line(ax: Any, sides: Sides, entry: int | None) -> None:
    """Both sides along a line through the point, the point marked, where the relation fails shaded."""
    size = max((len(list(s)) for s in (sides.left, sides.right) if _is_matrix(s)), default=1)
    left = _entries(sides.left, size)[entry or 0]
    right = _entries(sides.right, size)[entry or 0]
    free = set().union(*(sp.sympify(e).free_symbols for e in (left, right)))
    direction = _direction(sides, free)
    shaped = sides.left if _is_matrix(sides.left) else sides.right
    where = f", entry {divmod(entry, shaped.shape[1])}" if entry is not None and _is_matrix(shaped) else ""
    if direction is None:
        ax.text(
            0.5, 0.5, "the sides depend on no coordinate that can move", ha="center", transform=ax.transAxes
        )
        return
    steps = np.union1d(np.linspace(direction.low, direction.high, _LINE_POINTS), [0.0])
    t0 = _point(sides)[direction.symbol]
    xs = t0 + steps
    lv, rv = _along(left, sides, direction, steps), _along(right, sides, direction, steps)
    ax.plot(xs, lv, color=_LEFT, label=f"left{where}")
    ax.plot(xs, rv, color=_RIGHT, linestyle="--", label=f"right{where}")
    with np.errstate(invalid="ignore"):
        fails = ~_HOLDS[sides.rel](lv, rv) & np.isfinite(lv) & np.isfinite(rv)
    if fails.any() and sides.rel != "=":
        ax.fill_between(
            xs, lv, rv, where=fails, color=_BAD, alpha=0.15, label=f"left {sides.rel} right fails"
        )
    at = int(np.argmin(np.abs(steps)))
    ax.plot([t0, t0], [lv[at], rv[at]], color=_BAD, marker="o", linestyle=":", label="the point")
    ax.set_xlabel(direction.label())
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)


# -- heat maps and limits -----------------------------------------------------------------------


def heatmap_figure(sides: Sides, title: str) -> Figure:
    """The left side of ``sides`` (a matrix) at its point, entry by entry."""
    figure = _new_figure(4.6, 3.8)
    _heatmap(figure, figure.subplots(), sides, difference=False, mark=None)
    figure.suptitle(title, fontsize=10)
    return figure


def _heatmap(figure: Figure, ax: Any, sides: Sides, difference: bool, mark: int | None) -> None:
    shaped = sides.left if _is_matrix(sides.left) else sides.right
    rows, cols = shaped.shape
    values = _values_at(_entries(sides.left, rows * cols), sides)
    if difference:
        values = values - _values_at(_entries(sides.right, rows * cols), sides)
    grid = values.reshape(rows, cols)
    bound = float(np.nanmax(np.abs(grid))) if np.isfinite(grid).any() else 1.0
    image = ax.imshow(grid, cmap="RdBu_r", vmin=-bound or -1.0, vmax=bound or 1.0)
    figure.colorbar(image, ax=ax, shrink=0.8)
    if rows * cols <= 36:
        for (r, c), value in np.ndenumerate(grid):
            dark = abs(value) > 0.6 * bound
            ax.text(
                c, r, f"{value:.3g}", ha="center", va="center", fontsize=7, color="white" if dark else "black"
            )
    if mark is not None:
        r, c = divmod(mark, cols)
        ax.add_patch(_box(r, c))
    ax.set_title("left − right at the point" if difference else "the value at the point", fontsize=9)
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))


def _box(r: int, c: int) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=_BAD, linewidth=2)


def _approach(limit: Any, var: Var) -> tuple[np.ndarray, np.ndarray, str]:
    """Values of the limit variable that approach the point, how far each is from it (the x
    axis, logarithmic: the approach goes right), and the axis label."""
    far = np.geomspace(0.1, 1e3, _LIMIT_POINTS)
    if limit.point is sp.oo:
        return far, far, f"{limit.var} → ∞"
    if limit.point is -sp.oo:
        return -far, far, f"-{limit.var} (→ -∞)"
    gaps = 1 / far
    side = limit_side(limit.var, limit.point, var.kind)
    ts = float(limit.point) + (-gaps if side == "-" else gaps)
    return ts, 1 / gaps, f"1 / |{limit.var} - {sp.sstr(limit.point)}|  ({limit.var} → {sp.sstr(limit.point)})"


def limit_figure(sides: Sides, title: str) -> Figure:
    """The start along values of the limit variable that approach the point (high precision:
    e^{λa} overflows floats long before λ is large), and the claimed value."""
    limit = sides.limit
    assert limit is not None
    var = next(v for v in sides.variables if v.size is None and v.sym == limit.var)
    ts, xs, label = _approach(limit, var)
    point = {s: mpmath.mpf(v) for s, v in _point(sides).items()}
    symbols = tuple(point)
    start, value = compile_expr(sides.left, symbols), compile_expr(sides.right, symbols)
    lefts, values = [], []
    for t in ts:
        point[limit.var] = mpmath.mpf(float(t))
        args = list(point.values())
        lefts.append(_floats(evaluate_mp(start, args, 30), len(start.entries)))
        values.append(_floats(evaluate_mp(value, args, 30), len(value.entries)))
    figure = _new_figure(6.4, 3.6)
    ax = figure.subplots()
    left_curves, value_curves = np.array(lefts), np.array(values)
    for k in range(left_curves.shape[1]):
        ax.plot(xs, left_curves[:, k], color=_LEFT, label="the start" if k == 0 else None)
    for k in range(value_curves.shape[1]):
        ax.plot(
            xs,
            value_curves[:, k],
            color=_RIGHT,
            linestyle="--",
            label="the claimed limit" if k == 0 else None,
        )
    ax.set_xscale("log")
    ax.set_xlabel(label)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    figure.suptitle(title, fontsize=10)
    return figure


def _floats(values: Sequence[Any] | None, size: int) -> list[float]:
    if values is None:
        return [math.nan] * size
    return [float(v) for v in values]
