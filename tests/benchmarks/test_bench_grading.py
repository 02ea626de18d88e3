"""The class batch of benchmarks/bench_grading.py: 500 lines, repeats as a class writes them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from checks.cli.batch import read_batch
from checks.cli.dedup import groups

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_grading.py"


def test_the_class_batch_mixes_answers_and_free_claims_with_repeats_and_every_line_reads(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_grading", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    batch = module.build_batch(500)
    assert len(batch) == 500 and len({item["id"] for item in batch}) == 500
    answers = sum("result" in item for item in batch)
    assert 250 < answers < 400  # about two thirds answer a catalogue result
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in batch))
    jobs = read_batch(str(path), strict=True)
    same = groups(jobs, range(len(jobs)))
    # Popular answers repeat (and re-spaced lines read the same): far fewer checks than lines.
    assert 30 < len(same) < 150 and max(len(g) for g in same) > 20
    assert module.build_batch(500) == batch  # the same batch in every run
