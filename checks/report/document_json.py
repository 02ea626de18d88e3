"""The JSON contract of checked documents (``verify-derivations FILE.md --format json``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from checks.documents.locations import Location
from checks.documents.result import DocumentResult, LinkResult

_COUNTED = ("verified", "refuted", "inconclusive", "skipped", "definition")


def _where(location: Location) -> dict[str, Any]:
    return {"line": location.line, "column": location.column, "cell": location.cell}


def link_dict(link: LinkResult) -> dict[str, Any]:
    return {
        **_where(link.location),
        "left": link.left,
        "rel": link.rel,
        "right": link.right,
        "status": link.status,
        "scope": link.scope,
        "read_as": link.read_as,
        "counterexample": link.counterexample,
        "feedback": link.feedback,
        "method": link.method,
        "notes": list(link.notes),
        "seconds": round(link.seconds, 4),
    }


def counts(results: Sequence[DocumentResult], seconds: float) -> dict[str, Any]:
    return {
        **{status: sum(r.count(status) for r in results) for status in _COUNTED},
        "seconds": round(seconds, 4),
    }


def document_dict(result: DocumentResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "format": result.format,
        "notes": list(result.notes),
        "blocks": [
            {
                **_where(block.location),
                "environment": block.environment,
                "skipped": block.skipped,
                "chains": [
                    {
                        **_where(chain.location),
                        "status": chain.status,
                        "relation": chain.relation,
                        "notes": list(chain.notes),
                        "links": [link_dict(link) for link in chain.links],
                    }
                    for chain in block.chains
                ],
            }
            for block in result.blocks
        ],
        "summary": counts([result], result.seconds),
    }


def render_document_json(results: Sequence[DocumentResult], seconds: float) -> str:
    """``{"documents": [...], "summary": {...}}`` (docs/schema/documents.schema.json)."""
    doc = {"documents": [document_dict(r) for r in results], "summary": counts(results, seconds)}
    return json.dumps(doc, indent=2, ensure_ascii=False)
