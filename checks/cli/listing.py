"""``verify-derivations list``: the catalogue's names, exercise ids, kinds, scopes and results."""

from __future__ import annotations

from collections.abc import Sequence

import derivations
from checks.cli.options import Parser
from checks.errors import UsageError

EXAMPLES = """examples:
  verify-derivations list                          every derivation and result
  verify-derivations show softmax_jacobian         one derivation's steps
  verify-derivations check E03.off_diagonal '-s_{0} s_{1}'
                                                   an answer to a result the list names"""


def _list_parser() -> Parser:
    return Parser(
        prog="verify-derivations list",
        description="List the catalogue: each derivation's name, exercise id, kind, scope and title, "
        "and the results it exports for 'check'.",
        epilog=EXAMPLES,
    )


def run_list(argv: Sequence[str] = ()) -> str:
    _, extra = _list_parser().parse_known_args(argv)
    if extra:
        raise UsageError(f"'list' takes no arguments, got {' '.join(extra)!r}")
    rows = [("derivation", "id", "kind", "scope", "title / results for 'check'")]
    for d in derivations.all():
        rows.append((d.name, d.exercise, d.kind.value, d.scope, d.title))
        rows.extend(("", "", "", "", f"  result {d.exercise}.{r.name}: {r.quantity}") for r in d.results)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        ("  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]).rstrip()
        for r in rows
    )
