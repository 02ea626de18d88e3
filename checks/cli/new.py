"""``verify-derivations new NAME``: write ``NAME.py``, a derivation file that verifies as written."""

from __future__ import annotations

import keyword
import os
import re
import shlex
from collections.abc import Sequence

from checks.cli.options import Parser
from checks.errors import UsageError

EXAMPLES = """examples:
  verify-derivations new hw1                          writes hw1.py
  verify-derivations new homework/derivation_week1    the pytest plugin collects derivation_*.py
  verify-derivations hw1.py                           then check it, after each edit"""

#: The file ``new`` writes: a scalar derivation that verifies as written and a vector one,
#: commented out, to start from. ``__NAME__`` becomes the derivation's name.
TEMPLATE = '''\
"""__NAME__: my derivations, checked step by step with `verify-derivations __FILE__`."""

from collections.abc import Mapping

import numpy as np
import sympy as sp

from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
from checks import reference as ref
from checks.vocabulary import derivative, sigmoid

# -- A scalar example: the sigmoid derivative, σ'(z) = σ(z)(1 - σ(z)) ----------------------


def reference(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """The start in plain NumPy, without SymPy (the independent evidence): σ'(z) by the complex
    step, Im σ(z + ih) / h. p["z"] is a 0-d array."""
    h = 1e-20
    return np.imag(ref.sigmoid(p["z"] + 1j * h)) / h


def build(n: int) -> Proof:
    z = Var("z", Kind.REAL)  # a real scalar; z.sym is its SymPy symbol
    s = sigmoid(z.sym)
    return Proof(
        variables=(z,),
        start=derivative(s, z.sym),  # the quantity as defined, not yet differentiated
        steps=(
            # Each step: the next expression and why it equals the one before.
            Step(sp.exp(-z.sym) / (1 + sp.exp(-z.sym)) ** 2, "chain rule on (1 + e^{-z})^{-1}"),
            Step(s * (1 - s), "e^{-z} / (1 + e^{-z}) = 1 - σ(z)"),
        ),
        reference=reference,
    )


derivation = Derivation(
    name="__NAME__",
    exercise="HW1",  # any short id: E03, HW1, ex-3, week2.q4
    title="the sigmoid derivative",
    source="my notes",
    kind=ClaimKind.IDENTITY,
    statement="σ'(z) = σ(z)(1 - σ(z))",
    build=build,
    dims=(),  # a scalar claim: no size n, built once with build(0)
)


# -- A vector example: the gradient of softmax + cross-entropy is s - y ------------------
# Remove the "# " in front of the lines below to check it too.
#
# from checks.vocabulary import cross_entropy, gradient, softmax
#
#
# def vector_reference(p: Mapping[str, np.ndarray]) -> np.ndarray:
#     """∇_o of a NumPy cross-entropy, by the complex step; p["o"] and p["y"] have shape (n,)."""
#     return ref.gradient(lambda o: ref.cross_entropy(p["y"], o), p["o"])
#
#
# def build_vector(n: int) -> Proof:
#     o = Var("o", Kind.LOGITS, n)  # n real logits: o[0], …, o[n-1]
#     y = Var("y", Kind.LABELS, n)  # n labels: non-negative, and Σ y = 1 where a step cites it
#     s = softmax(o.symbols)
#     return Proof(
#         variables=(o, y),
#         start=gradient(cross_entropy(y.symbols, list(s)), o.symbols),
#         steps=(
#             Step(sp.ImmutableMatrix([s[j] * sum(y.symbols) - y[j] for j in range(n)]), "chain rule"),
#             Step(sp.ImmutableMatrix([s[j] - y[j] for j in range(n)]), "Σ y = 1", using=("Σ y = 1",)),
#         ),
#         reference=vector_reference,
#     )
#
#
# vector_derivation = Derivation(
#     name="__NAME___vector",
#     exercise="HW1",
#     title="softmax + cross-entropy gradient",
#     source="my notes",
#     kind=ClaimKind.IDENTITY,
#     statement="∇_o L = softmax(o) - y",
#     build=build_vector,
#     dims=(2, 3, 4),  # built and checked at n = 2, 3 and 4
# )
'''


def _new_parser() -> Parser:
    parser = Parser(
        prog="verify-derivations new",
        description="Write NAME.py: a derivation that verifies as written (a scalar example) and a "
        "vector example to uncomment, to edit into your own. An existing file is never overwritten.",
        epilog=EXAMPLES,
    )
    parser.add_argument("name", metavar="NAME", help="the file to write (.py is added if missing)")
    return parser


def derivation_name(path: str) -> str:
    """The derivation's name for a file: its stem made an identifier (``week-2`` → ``week_2``)."""
    stem = os.path.splitext(os.path.basename(path))[0]
    name = re.sub(r"\W", "_", stem, flags=re.ASCII) or "my_derivation"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"d_{name}"
    return name


def template(path: str) -> str:
    """The text ``new`` writes to ``path``."""
    shown = path if re.fullmatch(r"[\w./-]+", path) else "FILE.py"  # nothing that could end the docstring
    return TEMPLATE.replace("__NAME__", derivation_name(path)).replace("__FILE__", shown)


def run_new(argv: Sequence[str]) -> str:
    """Write the template; returns the line to print, with the command to run next."""
    args = _new_parser().parse_args(argv)
    path = args.name if args.name.endswith(".py") else f"{args.name}.py"
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: no folder {folder!r}")
    try:
        # "x": created here or refused, never overwritten (no window between a check and the write).
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(template(path))
    except FileExistsError:
        raise UsageError(f"{path} exists already; choose another NAME or remove the file") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return (
        f"wrote {path}: a derivation of σ'(z) = σ(z)(1 - σ(z)) that verifies as written, and a vector "
        f"example to uncomment.\nEdit its steps, then run:\n  verify-derivations {shlex.quote(path)}"
    )
