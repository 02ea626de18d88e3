"""The JSON contract of a run (``--format json``): what other tools read."""

from __future__ import annotations

import json
from typing import Any

from checks.model.result import DerivationResult, RunResult, Verdict


def result_dict(r: DerivationResult) -> dict[str, Any]:
    """The JSON contract of one derivation result."""
    cex = r.counterexample
    return {
        "name": r.name,
        "exercise": r.exercise,
        "title": r.title,
        "verdict": r.verdict.value,
        "scope": r.scope,
        "seconds": round(r.seconds, 4),
        "steps": [
            {
                "index": s.index,
                "justification": s.justification,
                "verdict": s.verdict.value,
                "method": s.method,
            }
            for s in r.steps
        ],
        "counterexample": None
        if cex is None
        else {
            "step": cex.step,
            "justification": cex.justification,
            "claim": cex.claim,
            "n": cex.n,
            "point": cex.point,
            "entry": cex.entry,
            "left": cex.left,
            "right": cex.right,
            "residual": cex.residual,
            "note": cex.note,
        },
        "notes": list(r.notes),
        "points_checked": r.points_checked,
        "points_skipped": r.points_skipped,
        "reproduce": r.reproduce,
    }


def render_json(run: RunResult) -> str:
    """``{"derivations": [...], "summary": {...}}``: the contract other tools read."""
    doc = {
        "derivations": [result_dict(r) for r in run.results],
        "summary": {
            "verified": run.count(Verdict.VERIFIED),
            "refuted": run.count(Verdict.REFUTED),
            "inconclusive": run.count(Verdict.INCONCLUSIVE),
            "seconds": round(run.seconds, 4),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
