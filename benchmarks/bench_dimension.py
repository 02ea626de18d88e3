"""Benchmark: the softmax Jacobian at growing concrete n, and every all-n proof, against naive simplify.

Run: ``python benchmarks/bench_dimension.py [--sizes 2 4 8 16 32 64 128] [--cap 20]``. For each n the
engine evaluates the n × n derivatives and proves ``∂s_i/∂x_j = s_i(δ_ij - s_j)`` entrywise (the
concrete derivation's first step); the naive approach calls ``doit`` and
``sympy.simplify(lhs - rhs)`` per entry, in the same run. Building the unevaluated matrices is
common to both and timed on its own; the sum (build + evaluate + prove) is also given as a
multiple of the import floor (``python -c "import sympy, numpy"``) timed in the same run. A
size whose time passes ``--cap`` seconds is not run at larger n. Then each all-n proof of the
catalogue is timed (symbolic part alone, and with its numeric cross-check at n = 1…64).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import sympy as sp

import derivations
from checks.engine.general import GeneralChecker
from checks.model import Kind, Var
from checks.prove.ladder import evaluate_definitions, prove_equal
from checks.vocabulary import jacobian, softmax


def _pair(n: int) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
    """The unevaluated Jacobian ``∂s_i/∂x_j`` and the claimed closed form, both n × n."""
    x = Var("x", Kind.LOGITS, n)
    s = softmax(x.symbols)
    claim = sp.ImmutableMatrix(n, n, lambda i, j: s[i] * (sp.KroneckerDelta(i, j) - s[j]))
    return jacobian(list(s), x.symbols), claim  # type: ignore[return-value]


def _build(n: int) -> float:
    t = time.perf_counter()
    _pair(n)
    return time.perf_counter() - t


def _engine(n: int) -> float:
    """Evaluate the derivatives and prove every entry, as the engine does for a step."""
    start, claim = _pair(n)
    t = time.perf_counter()
    outcome = prove_equal(evaluate_definitions(start), claim, {}, 600.0)
    assert outcome.proved is True, outcome.tried
    return time.perf_counter() - t


def _naive(n: int) -> float:
    """``doit`` and ``simplify(lhs - rhs)`` entry by entry."""
    start, claim = _pair(n)
    t = time.perf_counter()
    assert all(sp.simplify(a.doit() - b) == 0 for a, b in zip(start, claim, strict=True))
    return time.perf_counter() - t


def _floor() -> float:
    """The import floor: a fresh interpreter importing SymPy and NumPy (median of three)."""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sympy, numpy"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[2, 4, 8, 16, 32, 64, 128])
    parser.add_argument("--cap", type=float, default=20.0)
    args = parser.parse_args()
    floor = _floor()
    print(f"import floor (python -c 'import sympy, numpy'): {floor:.2f} s (median of 3)")
    print()
    print(
        "| n | build the n × n matrices (s) | engine: evaluate + prove (s) | build + evaluate + prove (s) "
        "| × import floor | naive: doit + simplify (s) | ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    engine_on = naive_on = True
    for n in args.sizes:
        b = _build(n)
        e = _engine(n) if engine_on else None
        v = _naive(n) if naive_on else None
        engine_on = engine_on and e is not None and e < args.cap
        naive_on = naive_on and v is not None and v < args.cap
        ratio = f"{v / e:.1f}× faster" if e and v else "—"
        cells = [f"{t:.3f}" if t is not None else "not run" for t in (e, v)]
        total = f"{b + e:.3f} | {(b + e) / floor:.1f}×" if e is not None else "not run | —"
        print(f"| {n} | {b:.3f} | {cells[0]} | {total} | {cells[1]} | {ratio} |")
    print()
    print("| all-n proof | symbolic (s) | with numeric at n = 1…64 (s) |")
    print("|---|---|---|")
    for d in derivations.all():
        if d.general is None:
            continue
        checker = GeneralChecker(d.general(), 0, 24, 10.0)
        t = time.perf_counter()
        checker.check_symbolic()
        sym = time.perf_counter() - t
        checker.check_numeric()
        total = time.perf_counter() - t
        print(f"| `{d.name}` | {sym:.3f} | {total:.2f} |")


if __name__ == "__main__":
    main()
