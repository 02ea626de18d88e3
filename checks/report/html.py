"""The HTML report: one self-contained page (inline CSS and SVG, MathML, no network) of a run,
a derivation or claims; the same fragments are what Jupyter shows (``_repr_html_``)."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy as sp

from checks.model import Derivation, Proof
from checks.model.result import Counterexample, DerivationResult, RunResult, StepResult, Verdict
from checks.report import mathml

if TYPE_CHECKING:
    from checks.claims.check import ClaimResult

STYLE = """
.sd-report { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2125;
  line-height: 1.4; max-width: 72rem; }
.sd-report h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
.sd-report h2 { font-size: 1.15rem; margin: 0; }
.sd-report .sd-item { border: 1px solid #d0d7de; border-radius: 8px; padding: 0.8rem 1rem; margin: 1rem 0; }
.sd-report .sd-head { display: flex; gap: 0.6rem; align-items: baseline; flex-wrap: wrap; }
.sd-report .sd-meta, .sd-report .sd-note { color: #57606a; font-size: 0.9rem; }
.sd-report table { border-collapse: collapse; margin: 0.5rem 0; }
.sd-report td, .sd-report th { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eaeef2;
  text-align: left; vertical-align: middle; }
.sd-report th { font-size: 0.85rem; color: #57606a; font-weight: 600; }
.sd-report .sd-why { color: #3b4148; font-size: 0.92rem; }
.sd-report math { font-size: 1.1rem; }
.sd-report .sd-badge { display: inline-block; border-radius: 1rem; padding: 0.05rem 0.6rem;
  font-size: 0.8rem; font-weight: 600; color: #fff; white-space: nowrap; }
.sd-report .sd-verified { background: #1a7f37; }
.sd-report .sd-refuted { background: #cf222e; }
.sd-report .sd-inconclusive { background: #9a6700; }
.sd-report .sd-none { background: #6e7781; }
.sd-report .sd-cex { background: #fff5f5; border-left: 4px solid #cf222e; padding: 0.5rem 0.8rem;
  margin: 0.6rem 0; }
.sd-report .sd-figure svg { max-width: 100%; height: auto; }
.sd-report code { font-size: 0.88rem; }
.sd-report .sd-summary span { margin-right: 0.8rem; }
"""

#: What a page says where matplotlib is missing.
NO_PLOTS = "Plots need matplotlib: pip install softmax-derivations[report]"


def _e(text: object) -> str:
    return html.escape(str(text))


def badge(verdict: Verdict | str | None) -> str:
    """A verdict as a coloured badge (no verdict: an unreadable claim)."""
    value = verdict.value if isinstance(verdict, Verdict) else verdict
    name = value if value in ("verified", "refuted", "inconclusive") else "none"
    return f'<span class="sd-badge sd-{name}">{_e(value or "unreadable")}</span>'


def page(title: str, body: str) -> str:
    """A whole HTML document: inline style, no script, nothing fetched."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head>\n"
        f'<body><main class="sd-report">\n{body}\n</main></body></html>\n'
    )


def fragment(body: str) -> str:
    """A piece of a page with its style (what a notebook cell shows)."""
    return f'<div class="sd-report"><style>{STYLE}</style>{body}</div>'


# -- figures ---------------------------------------------------------------------------------------


@dataclass
class _Figures:
    """Numbers the inline SVGs of one page (their ids must not clash), and says once why
    there are none where matplotlib is missing."""

    counter: itertools.count[int]
    prefix: str = "fig"
    missing_said: bool = False

    def inline(self, make: Any, *args: Any) -> str:
        from checks.report import plots

        if not plots.available():
            if self.missing_said:
                return ""
            self.missing_said = True
            return f'<p class="sd-note">{_e(NO_PLOTS)}</p>'
        try:
            figure = make(*args)
            picture = plots.svg(figure, f"{self.prefix}{next(self.counter)}")
        except Exception as exc:  # a picture that cannot be drawn never costs the report
            return f'<p class="sd-note">no plot: {_e(type(exc).__name__)}: {_e(exc)}</p>'
        return f'<figure class="sd-figure">{picture}</figure>'


#: Figures shown in a notebook share one page across cells: they are numbered per process.
_NOTEBOOK_FIGURES = itertools.count(1)


def _figures(notebook: bool = False) -> _Figures:
    return _Figures(_NOTEBOOK_FIGURES, "nb") if notebook else _Figures(itertools.count(1))


# -- derivations -----------------------------------------------------------------------------------


def _step_row(index: int | str, rel: str, expr_ml: str, why: str, step: StepResult | None) -> str:
    verdict = badge(step.verdict) if step is not None else ""
    method = f'<div class="sd-note">{_e(step.method)}</div>' if step is not None and step.method else ""
    shown = mathml.math(mathml.relation(rel) if rel else "", expr_ml) if expr_ml else ""
    return (
        f"<tr><td>{_e(index)}</td><td>{shown}</td>"
        f'<td class="sd-why">{_e(why)}{method}</td><td>{verdict}</td></tr>'
    )


def _steps_table(proof: Proof, results: dict[int, StepResult]) -> str:
    """The start and every step (a limit's upper chain and its claim too), each with its badge."""
    rows = [
        f"<tr><td></td><td>{mathml.math(mathml.expression(proof.start))}</td>"
        '<td class="sd-why">the start, as defined</td><td></td></tr>'
    ]
    main = len(proof.steps)
    for k, step in enumerate(proof.all_steps, start=1):
        if k == main + 1:
            rows.append(
                '<tr><td></td><td colspan="3" class="sd-note">upper chain, again from the start:</td></tr>'
            )
        why = step.why + (f"; uses {', '.join(step.using)}" if step.using else "")
        rows.append(_step_row(k, step.rel, mathml.expression(step.expr), why, results.get(k)))
    if proof.limit is not None:
        lim = proof.limit
        k = len(proof.all_steps) + 1
        claim = (
            mathml.limit(lim.var, lim.point, proof.start)
            + mathml.relation("=")
            + mathml.expression(lim.value)
        )
        rows.append(_step_row(k, "", claim, "the limit", results.get(k)))
    head = "<tr><th>step</th><th>expression</th><th>justification</th><th>verdict</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _general_table(derivation: Derivation, first: int, results: dict[int, StepResult]) -> str:
    """The proof for every n, numbered after the concrete steps as the engine numbers them."""
    if derivation.general is None:
        return ""
    try:
        general = derivation.general()
    except Exception as exc:
        return f'<p class="sd-note">the proof for every n could not be built: {_e(exc)}</p>'
    rows = [
        f"<tr><td></td><td>{mathml.math(mathml.expression(general.start))}</td>"
        '<td class="sd-why">the start, for every n</td><td></td></tr>'
    ]
    for k, step in enumerate(general.steps, start=first):
        why = step.why + (f"; uses {', '.join(step.using)}" if step.using else "")
        rows.append(_step_row(k, step.rel, mathml.expression(step.expr), why, results.get(k)))
    return f'<p class="sd-meta">For every n:</p><table>{"".join(rows)}</table>'


def _counterexample(cex: Counterexample, reproduce: str, figures: _Figures) -> str:
    point = ", ".join(f"{k} = {v}" for k, v in cex.point.items()) or "(no variables)"
    lines = [
        f"<p><strong>Counterexample</strong> at step {cex.step} ({_e(cex.justification)})"
        + (f", n = {cex.n}" if cex.n else "")
        + "</p>",
        f"<p><code>{_e(point)}</code>"
        + (f", entry {_e(cex.entry)}" if cex.entry else "")
        + f": left <code>{_e(cex.left)}</code>, right <code>{_e(cex.right)}</code></p>",
    ]
    if cex.residual:
        lines.append(f'<p class="sd-note">residual: <code>{_e(cex.residual)}</code></p>')
    if cex.note:
        lines.append(f'<p class="sd-note">{_e(cex.note)}</p>')
    if reproduce:
        lines.append(f'<p class="sd-note">reproduce: <code>{_e(reproduce)}</code></p>')
    if cex.sides is not None:
        from checks.report.plots import sides_figure

        lines.append(
            figures.inline(sides_figure, cex.sides, f"step {cex.step}: the two sides near the point")
        )
    return f'<div class="sd-cex">{"".join(lines)}</div>'


def _wants_figure(proof: Proof) -> bool:
    """A limit (its sequence) or a matrix start (a heat map) gets a figure when it holds."""
    start = proof.start
    return proof.limit is not None or (isinstance(start, sp.MatrixBase) and min(start.shape) > 1)


def _derivation_body(derivation: Derivation, results: dict[int, StepResult], figures: _Figures | None) -> str:
    try:
        proof = derivation.proof()
    except Exception as exc:
        return f'<p class="sd-note">the derivation could not be built: {_e(exc)}</p>'
    size = derivation.sizes[0]
    parts = [
        f'<p class="sd-meta">claim: {_e(derivation.statement)} · kind: {_e(derivation.kind.value)}'
        f" · source: {_e(derivation.source)}" + (f" · shown at n = {size}" if size else "") + "</p>",
        _steps_table(proof, results),
    ]
    first = len(proof.all_steps) + (2 if proof.limit is not None else 1)
    parts.append(_general_table(derivation, first, results))
    if figures is not None and _wants_figure(proof):
        from checks.report.plots import derivation_figure

        parts.append(figures.inline(derivation_figure, derivation))
    return "".join(parts)


def _result_section(result: DerivationResult, figures: _Figures) -> str:
    head = (
        f'<div class="sd-head"><h2 id="{_e(result.name)}">{_e(result.name)}</h2>{badge(result.verdict)}'
        f'<span class="sd-meta">{_e(result.exercise)} · {_e(result.title)} · scope {_e(result.scope)}'
        f" · {result.seconds:.2f} s</span></div>"
    )
    by_index = {s.index: s for s in result.steps}
    failed = result.verdict is Verdict.REFUTED and result.counterexample is not None
    if result.derivation is not None:
        body = _derivation_body(result.derivation, by_index, None if failed else figures)
    else:
        rows = [_step_row(s.index, "", "", s.justification, s) for s in result.steps]
        body = f"<table>{''.join(rows)}</table>"
    if result.counterexample is not None:
        body += _counterexample(result.counterexample, result.reproduce, figures)
    notes = "".join(f"<li>{_e(n)}</li>" for n in result.notes)
    if notes:
        body += f'<ul class="sd-note">{notes}</ul>'
    return f'<section class="sd-item">{head}{body}</section>'


def _summary(results: Sequence[DerivationResult], seconds: float) -> str:
    counts = {v: sum(1 for r in results if r.verdict is v) for v in Verdict}
    shown = "".join(f"<span>{badge(v)} {counts[v]}</span>" for v in Verdict)
    return (
        f'<p class="sd-summary">{len(results)} derivations: {shown}'
        f'<span class="sd-meta">in {seconds:.2f} s</span></p>'
    )


def render_html(run: RunResult, title: str = "Derivations") -> str:
    """The whole run as one page: a summary, then every derivation with its steps, badges,
    counterexample and figures."""
    figures = _figures()
    sections = "\n".join(_result_section(r, figures) for r in run.results)
    errors = "".join(f'<p class="sd-note">{_e(e)}</p>' for e in run.errors)
    return page(title, f"<h1>{_e(title)}</h1>{_summary(run.results, run.seconds)}{errors}\n{sections}")


def result_fragment(result: DerivationResult) -> str:
    """One result as a notebook shows it (``DerivationResult._repr_html_``)."""
    return fragment(_result_section(result, _figures(notebook=True)))


def derivation_fragment(derivation: Derivation) -> str:
    """A derivation's steps before any check (``Derivation._repr_html_``)."""
    head = (
        f'<div class="sd-head"><h2>{_e(derivation.name)}</h2>'
        f'<span class="sd-meta">{_e(derivation.exercise)} · {_e(derivation.title)}</span></div>'
    )
    return fragment(f'<section class="sd-item">{head}{_derivation_body(derivation, {}, None)}</section>')


# -- claims ----------------------------------------------------------------------------------------


def _claim_math(result: ClaimResult | None, rel: str) -> str:
    if result is None or result.expressions is None:
        return ""
    left, right = result.expressions
    return mathml.math(mathml.expression(left), mathml.relation(rel), mathml.expression(right), block=True)


def _claim_section(record: dict[str, Any], result: ClaimResult | None, figures: _Figures) -> str:
    """One claim: its text, how it was read (MathML), the verdict, the counterexample and its plot."""
    title = f"{record['id']}: " if record.get("id") else ""
    head = (
        f'<div class="sd-head"><h2>{_e(title)}<code>{_e(record["claim"])}</code></h2>'
        f"{badge(record.get('verdict'))}"
        f'<span class="sd-meta">{record.get("seconds", 0):.2f} s</span></div>'
    )
    parts = [head]
    if record.get("result"):
        parts.append(f'<p class="sd-meta">answer to {_e(record["result"])}</p>')
    if record.get("read_as"):
        rel = next((r for r in ("<=", ">=", "<", ">", "=") if f" {r} " in record["read_as"]), "=")
        parts.append(f'<p class="sd-meta">read as <code>{_e(record["read_as"])}</code></p>')
        parts.append(_claim_math(result, rel))
    if record.get("error"):
        parts.append(f'<p class="sd-note">{_e(record["error"])}</p>')
    if record.get("method"):
        parts.append(f'<p class="sd-note">proved by {_e(record["method"])}</p>')
    cex = record.get("counterexample")
    if cex:
        point = ", ".join(f"{k} = {v}" for k, v in cex["point"].items()) or "(no variables)"
        inner = [
            f"<p><strong>Counterexample</strong> <code>{_e(point)}</code>: left <code>{_e(cex['left'])}"
            f"</code>, right <code>{_e(cex['right'])}</code></p>"
        ]
        if record.get("feedback"):
            inner.append(f"<p>{_e(record['feedback'])}</p>")
        if result is not None and result.sides is not None:
            from checks.report.plots import claim_figure

            inner.append(figures.inline(claim_figure, result))
        parts.append(f'<div class="sd-cex">{"".join(inner)}</div>')
    parts.extend(f'<p class="sd-note">{_e(n)}</p>' for n in record.get("notes", []))
    return f'<section class="sd-item">{"".join(parts)}</section>'


def render_claims_html(
    items: Iterable[tuple[dict[str, Any], ClaimResult | None]], title: str = "Claims"
) -> str:
    """Claims as one page: each record (the JSON output's) with its result where the check ran."""
    figures = _figures()
    listed = list(items)
    counts: dict[str, int] = {}
    for record, _ in listed:
        counts[record.get("verdict") or "unreadable"] = (
            counts.get(record.get("verdict") or "unreadable", 0) + 1
        )
    summary = "".join(f"<span>{badge(v)} {n}</span>" for v, n in counts.items())
    sections = "\n".join(_claim_section(record, result, figures) for record, result in listed)
    return page(
        title, f'<h1>{_e(title)}</h1><p class="sd-summary">{len(listed)} claims: {summary}</p>{sections}'
    )


def claim_fragment(result: ClaimResult) -> str:
    """One claim as a notebook shows it (``ClaimResult._repr_html_``)."""
    record = {
        "claim": result.claim,
        "read_as": result.read_as,
        "verdict": result.verdict.value,
        "counterexample": result.counterexample,
        "feedback": result.feedback,
        "method": result.method,
        "notes": list(result.notes),
        "seconds": result.seconds,
    }
    return fragment(_claim_section(record, result, _figures(notebook=True)))
