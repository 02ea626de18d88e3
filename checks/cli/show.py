"""``verify-derivations show NAME``: a derivation's steps with their justifications."""

from __future__ import annotations

from collections.abc import Sequence

import derivations
from checks.cli.options import Parser, positive_int
from checks.errors import DerivationError, UsageError

EXAMPLES = """examples:
  verify-derivations show sigmoid_derivative            the steps as pretty text
  verify-derivations show softmax_jacobian --n 3        at n = 3 (default: its smallest size)
  verify-derivations show softmax_jacobian --latex      as LaTeX (align*)"""


def _show_parser() -> Parser:
    parser = Parser(
        prog="verify-derivations show",
        description="Print a catalogue derivation's steps with their justifications "
        "('verify-derivations list' names them).",
        epilog=EXAMPLES,
    )
    parser.add_argument("name")
    parser.add_argument("--latex", action="store_true", help="print LaTeX instead of pretty text")
    parser.add_argument("--n", type=positive_int, default=None, help="the size to show (default smallest)")
    return parser


def run_show(argv: Sequence[str]) -> str:
    args = _show_parser().parse_args(argv)
    derivation = derivations.get(args.name)
    try:
        return derivation.render("latex" if args.latex else "text", n=args.n)
    except DerivationError as exc:
        raise UsageError(str(exc)) from None
