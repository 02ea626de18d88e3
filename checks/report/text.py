"""The terminal rendering of a run: a table, each failure explained in sections, a summary line."""

from __future__ import annotations

from collections.abc import Callable

from checks.model.result import Counterexample, DerivationResult, RunResult, Verdict

#: Gives a verdict's text its colour on a terminal: ``paint("refuted", "REFUTED")``.
Painter = Callable[[str, str], str]


def _plain(verdict: str, text: str) -> str:
    return text


def failure_message(result: DerivationResult, paint: Painter = _plain) -> str:
    """The multi-line explanation of a non-verified result: summary line, then sections."""
    lines = [_headline(result, paint)]
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


def _headline(result: DerivationResult, paint: Painter) -> str:
    verdict = paint(result.verdict.value, result.verdict.value.upper())
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
    if cex.residual == "0":
        lines.append("  residual:       0  (a tie: the relation is strict)")
    elif cex.residual:
        lines.append(f"  residual:       {cex.residual}  (not zero)")
    if cex.note:
        lines.append(f"  note:           {cex.note}")
    return lines


def table_row(result: DerivationResult) -> tuple[str, str, str, str, str]:
    """The cells of ``result``'s row in the table: name, id, verdict, scope, seconds."""
    r = result
    return (r.name, r.exercise, r.verdict.value, r.scope, f"{r.seconds:.2f}")


def render_text(run: RunResult, details: bool = True, paint: Painter = _plain) -> str:
    """A table (name, id, verdict, scope, seconds), the failures explained, a summary line.
    ``paint`` colours the verdicts (the layout is measured on the plain text)."""
    header = ("derivation", "id", "verdict", "scope", "seconds")
    rows = [table_row(r) for r in run.results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]

    def line(cells: tuple[str, ...], painted: bool) -> str:
        padded = [cell.ljust(w) for cell, w in zip(cells, widths, strict=True)]
        if painted:  # the padding measured on the plain word, the colour around the word alone
            padded[2] = paint(cells[2], cells[2]) + " " * (widths[2] - len(cells[2]))
        return "  ".join(padded).rstrip()

    out = [line(header, False), "  ".join("-" * w for w in widths), *(line(row, True) for row in rows)]
    if details:
        for r in run.results:
            if r.verdict is not Verdict.VERIFIED:
                out.append("")
                out.append(failure_message(r, paint))
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
