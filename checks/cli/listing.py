"""``verify-derivations list``: the catalogue's names, exercise ids, kinds, scopes and results."""

from __future__ import annotations

import derivations


def run_list() -> str:
    rows = [("derivation", "id", "kind", "scope", "title / results for 'check'")]
    for d in derivations.all():
        rows.append((d.name, d.exercise, d.kind.value, d.scope, d.title))
        rows.extend(("", "", "", "", f"  result {d.exercise}.{r.name}: {r.quantity}") for r in d.results)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        ("  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]).rstrip()
        for r in rows
    )
