"""LaTeX for notebooks (``_repr_latex_``): a derivation's chain, a result's verdict with its
steps, a claim; justifications and verdicts as escaped text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from checks.model import Derivation
from checks.model.result import DerivationResult, StepResult
from checks.report.derivation import latex_text

if TYPE_CHECKING:
    from checks.claims.check import ClaimResult

_REL = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}


def _label(step: StepResult | None) -> str:
    return "" if step is None else rf"\quad\textbf{{{step.verdict.value}}}"


def derivation_latex(derivation: Derivation, steps: dict[int, StepResult] | None = None) -> str:
    """The chain at the smallest size in an ``aligned`` block, each step with its reason (and,
    given the results, its verdict): what a notebook shows for a derivation."""
    steps = steps or {}
    proof = derivation.proof()
    rows = [rf"& {sp.latex(proof.start)}"]
    for k, step in enumerate(proof.all_steps, start=1):
        why = latex_text(step.why + (f"; uses {', '.join(step.using)}" if step.using else ""))
        rows.append(rf"{_REL[step.rel]}\ & {sp.latex(step.expr)} && \text{{{why}}}{_label(steps.get(k))}")
    if proof.limit is not None:
        lim = proof.limit
        k = len(proof.all_steps) + 1
        rows.append(
            rf"& \lim_{{{sp.latex(lim.var)} \to {sp.latex(lim.point)}}} = {sp.latex(lim.value)}"
            rf" && \text{{the limit}}{_label(steps.get(k))}"
        )
    title = latex_text(f"{derivation.name} ({derivation.exercise}): {derivation.title}")
    body = r" \\ ".join(rows)
    return rf"$$\text{{{title}}}\\ \begin{{aligned}} {body} \end{{aligned}}$$"


def result_latex(result: DerivationResult) -> str:
    """A result: its verdict, then the derivation's steps with theirs (where the derivation is
    at hand), else the justifications and verdicts alone."""
    head = latex_text(f"{result.name}: {result.verdict.value.upper()} (scope {result.scope})")
    by_index = {s.index: s for s in result.steps}
    if result.derivation is not None:
        try:
            return derivation_latex(result.derivation, by_index).replace("$$", rf"$$\text{{{head}}}\\ ", 1)
        except Exception:  # a derivation that does not build shows its verdicts only
            pass
    rows = [rf"{s.index}.\ & \text{{{latex_text(s.justification)}}}{_label(s)}" for s in result.steps]
    body = r" \\ ".join(rows)
    return rf"$$\text{{{head}}}\\ \begin{{aligned}} {body} \end{{aligned}}$$"


def claim_latex(result: ClaimResult) -> str:
    """A claim's two sides as read (one assignment of its indices), and its verdict."""
    verdict = rf"\quad\textbf{{{result.verdict.value}}}"
    if result.expressions is None:
        return rf"$$\text{{{latex_text(result.read_as)}}}{verdict}$$"
    left, right = result.expressions
    rel = next((r for r in ("<=", ">=", "<", ">", "=") if f" {r} " in result.read_as), "=")
    return rf"$${sp.latex(left)} {_REL[rel]} {sp.latex(right)}{verdict}$$"
