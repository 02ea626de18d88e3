"""The terminal rendering of a run: a table, each failure explained in sections, a summary line."""

from __future__ import annotations

from checks.model.result import Counterexample, DerivationResult, RunResult, Verdict


def failure_message(result: DerivationResult) -> str:
    """The multi-line explanation of a non-verified result: summary line, then sections."""
    lines = [_headline(result)]
    cex = result.counterexample
    if cex is not None:
        lines.extend(_counterexample_lines(cex))
    elif result.verdict is Verdict.INCONCLUSIVE:
        tried = [note for note in result.notes] or ["no strategy decided it"]
        lines.append("  tried:          " + tried[0])
        lines.extend("                  " + note for note in tried[1:8])
        if len(tried) > 8:
            lines.append(f"                  … and {len(tried) - 8} more")
    lines.append(f"  reproduce:      {result.reproduce}")
    return "\n".join(lines)


def _headline(result: DerivationResult) -> str:
    verdict = result.verdict.value.upper()
    cex = result.counterexample
    if cex is None:
        return f"{result.name}: {verdict}"
    return f'{result.name}: {verdict} at step {cex.step} of {len(result.steps)} ("{cex.justification}")'


def _counterexample_lines(cex: Counterexample) -> list[str]:
    point = ", ".join(f"{k} = {v}" for k, v in cex.point.items()) or "(no variables)"
    size = f"n = {cex.n}: " if cex.n else ""
    entry = f" entry {cex.entry}:" if cex.entry else ""
    lines = [
        f"  claim:          {cex.claim}",
        f"  counterexample: {size}{point} ->{entry} left {cex.left}, right {cex.right}",
    ]
    if cex.residual:
        lines.append(f"  residual:       {cex.residual}  (not zero)")
    if cex.note:
        lines.append(f"  note:           {cex.note}")
    return lines


def render_text(run: RunResult, details: bool = True) -> str:
    """A table (name, id, verdict, scope, seconds), the failures explained, a summary line."""
    rows = [("derivation", "id", "verdict", "scope", "seconds")]
    rows += [(r.name, r.exercise, r.verdict.value, r.scope, f"{r.seconds:.2f}") for r in run.results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    if details:
        for r in run.results:
            if r.verdict is not Verdict.VERIFIED:
                out.append("")
                out.append(failure_message(r))
    out.append("")
    out.append(summary_line(run))
    return "\n".join(out)


def summary_line(run: RunResult) -> str:
    """``18 derivations: 18 verified, 0 refuted, 0 inconclusive in 1.52 s``."""
    return (
        f"{len(run.results)} derivations: {run.count(Verdict.VERIFIED)} verified, "
        f"{run.count(Verdict.REFUTED)} refuted, {run.count(Verdict.INCONCLUSIVE)} inconclusive "
        f"in {run.seconds:.2f} s"
    )
