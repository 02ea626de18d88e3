"""Render a derivation's steps and justifications as pretty text or LaTeX (for ``show``)."""

from __future__ import annotations

from typing import Any, Literal

import sympy as sp

from checks.model import Derivation, Proof, Step

_LATEX_REL = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
_TEXT_REL = {"=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _pretty(expr: Any) -> str:
    return sp.pretty(expr, use_unicode=True, wrap_line=False)


def _indent(block: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in block.splitlines())


def _variables(proof: Proof) -> str:
    parts = []
    for v in proof.variables:
        dim = "" if v.size is None else f"^{v.size}"
        parts.append(f"{v.name} ∈ ℝ{dim} ({v.kind.value})")
    return ", ".join(parts) or "none"


#: Characters that mean something in LaTeX text mode, as text (``\text{s_i}`` is an error).
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_text(text: str) -> str:
    """``text`` safe inside ``\\text{…}``: LaTeX's special characters escaped."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)


def _cites(step: Step) -> str:
    return f"; uses {', '.join(step.using)}" if step.using else ""


def render_derivation(
    derivation: Derivation, fmt: Literal["text", "latex"] = "text", n: int | None = None
) -> str:
    """The derivation at size ``n`` (default: its smallest) with every step and its reason."""
    proof = derivation.proof(n)
    size = derivation.sizes[0] if n is None else n
    if fmt == "latex":
        return _latex(derivation, proof)
    head = [
        f"{derivation.name} ({derivation.exercise}): {derivation.title}",
        f"  source: {derivation.source}   kind: {derivation.kind.value}   scope: {derivation.scope}",
        f"  claim:  {derivation.statement}",
        f"  shown at n = {size}; variables: {_variables(proof)}"
        if size
        else f"  variables: {_variables(proof)}",
        "  start (as defined):",
        _indent(_pretty(proof.start)),
    ]
    main = len(proof.steps)
    for k, step in enumerate(proof.all_steps, start=1):
        if k == main + 1:
            head.append("  upper chain, again from the start:")
        head.append(f"  {k}. {_TEXT_REL[step.rel]}   [{step.why}{_cites(step)}]")
        head.append(_indent(_pretty(step.expr)))
    if proof.limit is not None:
        lim = proof.limit
        head.append(f"  limit: {lim.var} → {lim.point}, claimed value:")
        head.append(_indent(_pretty(lim.value)))
    return "\n".join(head)


def _latex(derivation: Derivation, proof: Proof) -> str:
    lines = [
        f"% {derivation.name} ({derivation.exercise}): {derivation.title}",
        r"\begin{align*}",
        f"  & {sp.latex(proof.start)} \\\\",
    ]
    for step in proof.all_steps:
        why = latex_text(step.why + _cites(step))
        lines.append(f"  {_LATEX_REL[step.rel]}\\ & {sp.latex(step.expr)} && \\text{{{why}}} \\\\")
    if proof.limit is not None:
        lim = proof.limit
        lines.append(f"  & \\lim_{{{sp.latex(lim.var)} \\to {sp.latex(lim.point)}}} = {sp.latex(lim.value)}")
    lines.append(r"\end{align*}")
    return "\n".join(lines)
