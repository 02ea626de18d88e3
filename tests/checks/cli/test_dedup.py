"""Batch grading checks identical answers once: lines grouped by how they read, each keeping its row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import checks.cli.check as check_cli
from checks.cli import main
from checks.cli.batch import Job
from checks.cli.dedup import groups, reading_key
from checks.cli.sandbox import Outcome


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The jobs the sandbox is given, run in this process (so a call can be counted)."""
    given: list[Any] = []

    def in_process(
        func: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], **_: Any
    ) -> Iterator[tuple[int, Outcome]]:
        for position, args in enumerate(jobs):
            given.append(args[0])
            try:
                yield position, Outcome("ok", func(*args))
            except Exception as exc:  # as the sandbox reports it
                yield position, Outcome("error", message=f"{type(exc).__name__}: {exc} (check.py:1)")

    monkeypatch.setattr(check_cli, "run_many", in_process)
    return given


def _batch(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def test_identical_answers_are_checked_once_and_each_line_keeps_its_own_row(tmp_path, capsys, checked):
    path = _batch(
        tmp_path,
        [
            {"id": "ada", "result": "E03.off_diagonal", "answer": "-s_{0} s_{1}"},
            {"id": "ben", "result": "E03.off_diagonal", "answer": "-s_{0}  s_{1} "},
            {"id": "cy", "result": "E03.off_diagonal", "answer": "-softmax(x)[0]*softmax(x)[1]"},
            {"id": "dee", "result": "E03.off_diagonal", "answer": "s_{0}(1 - s_{1})"},
            {"id": "eve", "result": "E03.off_diagonal", "answer": "s_{0} (1 - s_{1})"},
        ],
    )
    code = main(["check", "--file", str(path), "--format", "github"])
    out, _ = capsys.readouterr()
    assert code == 1
    # ada and ben read the same, as do dee and eve; cy's spelling reads as another tree.
    assert [job.id for job in checked] == ["ada", "cy", "dee"]
    lines = out.splitlines()
    # Each refuted line is annotated at its own line number, with its own id and its own text.
    assert lines[0].startswith(f"::error file={path},line=4,title=dee%3A refuted::claim: s_{{0}}(1 - ")
    assert lines[1].startswith(f"::error file={path},line=5,title=eve%3A refuted::claim: s_{{0}} (1 - ")


def test_shared_rows_name_their_own_claim_and_id_in_json(tmp_path, capsys, checked):
    answers = ["-s_{0} s_{1}", " -s_{0}  s_{1}", "-s_{0} s_{1}"]
    items = [{"id": f"s{k}", "result": "E03.off_diagonal", "answer": a} for k, a in enumerate(answers)]
    code = main(["check", "--file", str(_batch(tmp_path, items))])
    out, _ = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(checked) == 1
    assert [r["id"] for r in records] == ["s0", "s1", "s2"]
    assert [r["claim"] for r in records] == answers
    assert {r["verdict"] for r in records} == {"verified"}


def test_the_same_text_under_other_declarations_is_checked_again(tmp_path, capsys, checked):
    items = [
        {"id": "a", "claim": "sqrt(a**2) = a", "assume": ["a > 0"]},
        {"id": "b", "claim": "sqrt(a**2) = a"},
    ]
    code = main(["check", "--file", str(_batch(tmp_path, items))])
    out, _ = capsys.readouterr()
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert code == 1 and len(checked) == 2
    assert verdicts == ["verified", "refuted"]


def test_a_claim_read_one_based_is_not_the_same_check_as_read_zero_based():
    zero = Job("1", "x_1 = x_1", None, ("x:3",), ())
    one = Job("2", "x_1 = x_1", None, ("x:3",), (), one_based=True)
    assert reading_key(zero) != reading_key(one)


def test_an_unreadable_line_is_grouped_only_with_the_same_text():
    jobs = [
        Job("1", "\\frac{1}{", "E03.off_diagonal", (), ()),
        Job("2", "\\frac{1}{ ", "E03.off_diagonal", (), ()),
        Job("3", "\\frac{1}{", "E03.off_diagonal", (), ()),
    ]
    assert groups(jobs, [0, 1, 2]) == [[0, 2], [1]]


def test_claims_differing_only_in_spacing_and_spelling_share_a_key():
    spaced = Job("1", "diff(softmax(x)[0], x[1])  =  -softmax(x)[0]*softmax(x)[1]", None, ("x:3",), ())
    latex = Job("2", "\\frac{\\partial s_0}{\\partial x_1} = -s_0 s_1", None, ("x:3",), ())
    plain = Job("3", "diff(softmax(x)[0], x[1]) = -softmax(x)[0]*softmax(x)[1]", None, ("x:3",), ())
    assert reading_key(spaced) == reading_key(plain)
    assert reading_key(plain) != reading_key(Job("4", plain.claim, None, ("x:4",), ()))
    assert groups([spaced, latex, plain], [0, 1, 2])[0] == [0, 2]


def test_an_error_naming_a_column_is_reported_at_each_lines_own_column(tmp_path, capsys, checked):
    items = [
        {"id": "a", "claim": "x[5] = 1", "vectors": ["x:3"]},
        {"id": "b", "claim": "  x[5] = 1", "vectors": ["x:3"]},
        {"id": "c", "claim": "x[5] = 1", "vectors": ["x:3"]},
    ]
    main(["check", "--file", str(_batch(tmp_path, items))])
    out, _ = capsys.readouterr()
    errors = {r["id"]: r["error"] for r in map(json.loads, out.splitlines())}
    assert [job.id for job in checked] == ["a", "b"]  # c is a's text: a's error is c's too
    assert errors["a"].endswith("at column 3") and errors["c"] == errors["a"]
    assert errors["b"].endswith("at column 5")
