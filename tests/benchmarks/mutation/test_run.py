"""The tallies: changed references apart from the refuted share, wrong starts counted, every
verified wrong mutant listed."""

from __future__ import annotations

from benchmarks.mutation.oracle import Judgement
from benchmarks.mutation.run import EngineRun, Record, summarise

WRONG = Judgement("wrong", link="step 1 =")


def _record(name: str, operator: str, verdict: str | None, where: str = "step 1") -> Record:
    engine = EngineRun(verdict, 1.0) if verdict is not None else None
    oracle = WRONG if verdict is not None else Judgement("unconfirmed")
    return Record(name, name.split("__")[0], "E01", operator, where, "concrete", "…", oracle, engine)


def test_the_refuted_share_leaves_out_changed_references_and_discarded_mutants():
    rows = [
        _record("a__sign_flip_0", "sign_flip", "refuted"),
        _record("a__sign_flip_1", "sign_flip", "inconclusive"),
        _record("a__sign_flip_2", "sign_flip", None),  # discarded by the oracle
        _record("a__reference_0", "reference", "inconclusive", "reference"),
        _record("b__reference_1", "reference", "verified", "reference"),
    ]
    s = summarise(rows)
    assert (s.wrong.run, s.wrong.refuted, s.refuted_share) == (2, 1, 0.5)
    assert (s.references.run, s.references.verified) == (2, 1)
    assert [r.name for r in s.references_decided] == ["b__reference_1"]
    assert s.by_operator["sign_flip"].discarded == 1 and s.oracle["unconfirmed"] == 1
    assert not s.verified  # a verified reference is reported apart from the wrong chains
    assert "b" not in s.by_family and s.by_exercise["E01"].run == 2


def test_a_verified_wrong_mutant_is_listed_and_a_wrong_start_is_counted():
    rows = [
        _record("a__start_0", "start", "verified", "start"),
        _record("a__diff_var_0", "diff_var", "refuted", "all-n start"),
        _record("a__relation_0", "relation", "refuted"),
    ]
    s = summarise(rows)
    assert [r.name for r in s.verified] == ["a__start_0"]
    assert (s.starts.run, s.starts.refuted, s.starts.verified) == (2, 1, 1)
    assert s.by_family["a"].run == 3 and s.by_exercise["E01"].verified == 1
