"""The true-claims corpus of issue 14: well formed, and never refuted by the checker."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checks.claims.check import check_claim
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.claims.latex import looks_like_latex
from checks.claims.reading import declared_subscripts, read
from checks.claims.scope import assignments
from checks.claims.sympy_side import sympy_sides
from checks.model.result import Verdict

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "true_claims.jsonl"
CLASSES = {
    "cases", "interval", "classical", "limits", "bignum", "integer",
    "softmax", "crossentropy", "logsumexp", "sigmoid", "kl",
}  # fmt: skip
FIELDS = {"id", "class", "claim", "vectors", "assume", "note"}


def _items() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


def _declarations(item: dict[str, Any]) -> Declarations:
    return Declarations(
        vectors=tuple(parse_vector(v) for v in item["vectors"]),
        scalars=tuple(parse_assumption(a) for a in item["assume"]),
    )


def _sample(per_class: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    items = _items()
    return [
        c for cls in sorted(CLASSES) for c in rng.sample([i for i in items if i["class"] == cls], per_class)
    ]


def test_every_line_of_the_corpus_has_the_fields_and_a_unique_id():
    items = _items()
    assert all(set(i) == FIELDS for i in items)
    assert all(isinstance(i["vectors"], list) and isinstance(i["assume"], list) for i in items)
    assert all(i["note"].strip() for i in items), "every claim says why it is true"
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    claims = [(i["claim"], tuple(i["vectors"]), tuple(i["assume"])) for i in items]
    assert len(claims) == len(set(claims)), "no claim is in the corpus twice"


def test_the_corpus_has_at_least_300_claims_and_20_in_every_class():
    counts = Counter(i["class"] for i in _items())
    assert set(counts) == CLASSES
    assert min(counts.values()) >= 20
    assert sum(counts.values()) >= 300


def test_the_corpus_mixes_latex_and_sympy_spellings():
    latex = sum(looks_like_latex(i["claim"]) for i in _items())
    assert latex >= 20 and len(_items()) - latex >= 200


def test_every_claim_is_read_by_the_projects_parser_and_built_into_sympy():
    for item in _items():
        declarations = _declarations(item)
        relation = read(item["claim"])
        if looks_like_latex(item["claim"]):
            relation = declared_subscripts(relation, declarations)
        scope = declarations.scope()
        built = [sympy_sides(relation, scope, ix) for ix in assignments(relation, scope)]
        assert built, item["id"]


# The soundness half: a true claim is never refuted. A short symbolic budget keeps this quick
# (a claim out of time is inconclusive, which is allowed here; the verified rate is measured by
# benchmarks/bench_true_claims.py).
@pytest.mark.parametrize("item", _sample(per_class=3, seed=14), ids=lambda i: i["id"])
def test_a_sampled_true_claim_is_never_refuted(item):
    result = check_claim(item["claim"], _declarations(item), timeout=1.0, pretty=False)
    assert result.verdict is not Verdict.REFUTED, (item["claim"], result.counterexample)
