"""The generated chapter of benchmarks/bench_documents.py: 30 chains, every one read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from checks.documents.check import plan_document
from checks.documents.sources import from_text

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_documents.py"


def test_the_benchmark_document_has_30_chains_and_the_reader_takes_every_link():
    spec = importlib.util.spec_from_file_location("bench_documents", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plan = plan_document(from_text(module.document(), "chapter.md", "markdown"))
    chains = [chain for block in plan.blocks for chain in block.chains]
    assert len(chains) == module.CHAINS == 30
    assert [link.reason for link in plan.links if link.status == "skipped"] == []
    assert sum(link.symbolic for link in plan.links) >= 20
