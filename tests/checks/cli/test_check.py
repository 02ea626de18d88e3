"""``verify-derivations check``: exit statuses, JSON, batch grading, hostile input refused."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checks.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_true_claim_exits_zero_and_echoes_how_it_was_read(capsys):
    code, out, _ = _run(capsys, "check", r"\sigma(z) = \frac{1}{1 + e^{-z}}")
    assert code == 0
    assert out.splitlines()[0] == "read as: sigmoid(z) = 1/(1 + exp(-z))"
    assert "verdict: VERIFIED" in out


def test_a_false_claim_exits_one_with_counterexample_feedback_and_a_reproduce_line(capsys):
    code, out, _ = _run(
        capsys, "check", "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])", "--vector", "x:3"
    )
    assert code == 1
    assert "counterexample: x = (0, 0, 0) -> left -0.11111111, right 0.22222222" in out
    assert "feedback:       off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)" in out
    assert "reproduce:      verify-derivations check" in out and "--vector x:3 --seed 0" in out


def test_an_answer_starting_with_a_minus_needs_no_double_dash(capsys):
    code, out, _ = _run(capsys, "check", "E03.off_diagonal", "-softmax(x)[0]*softmax(x)[1]")
    assert code == 0 and "VERIFIED" in out


def test_json_output_has_the_batch_fields(capsys):
    code, out, _ = _run(capsys, "check", "exp(-40) = 0", "--format", "json")
    assert code == 1
    record = json.loads(out)
    assert {"id", "claim", "read_as", "verdict", "counterexample", "feedback", "seconds"} <= set(record)
    assert record["verdict"] == "refuted"


def test_a_runaway_claim_ends_inconclusive_in_about_the_time_limit(capsys):
    code, out, _ = _run(capsys, "check", "2**2**2**2**2**2**2 = 1", "--timeout", "2")
    assert code == 3 and "INCONCLUSIVE" in out


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("__import__('os').system('touch /tmp/pwned_by_claim') = 0", "double-underscore names"),
        ("system('touch /tmp/pwned_by_claim') = 0", "strings are not allowed"),
        ("system(1) = 0", "unknown function 'system'"),
        ("x.__class__.__bases__ = 1", "attribute access"),
        ("eval(1) = 1", "unknown function 'eval'"),
        ("(lambda: 1)() = 1", "Python keyword 'lambda'"),
        (r"\input{x} = 1", "unknown LaTeX command"),
        ("a" * 5000 + " = 1", "the limit is 4000"),
    ],
)
def test_hostile_claims_are_refused_with_one_line_and_exit_two(capsys, claim, message):
    code, out, err = _run(capsys, "check", claim)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err
    assert not Path("/tmp/pwned_by_claim").exists()


def test_batch_grading_writes_one_json_line_per_claim_and_a_summary(tmp_path, capsys):
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        "\n".join(
            json.dumps(x)
            for x in [
                {"id": "alice", "result": "E03.off_diagonal", "answer": "-softmax(x)[0]*softmax(x)[1]"},
                {"id": "bob", "result": "E03.off_diagonal", "answer": "softmax(x)[0]*(1 - softmax(x)[1])"},
                {"id": "carol", "claim": "import os = 1"},
                {"id": "dan", "claim": "log(exp(a) + exp(b)) > Max(a, b)"},
                {"id": "erin", "result": "E03.off_diagonal", "answer": "-s_{0} s_{1}"},
                {"id": "frank", "result": "E03.off_diagonal", "answer": "\\frac{1}{"},
            ]
        )
    )
    code, out, err = _run(capsys, "check", "--file", str(answers), "--jobs", "2")
    assert code == 1
    records = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert records["alice"]["verdict"] == "verified"
    assert records["bob"]["verdict"] == "refuted" and "s_i(1 - s_j)" in records["bob"]["feedback"]
    assert records["carol"]["verdict"] is None and "keyword 'import'" in records["carol"]["error"]
    assert records["dan"]["verdict"] == "verified"
    assert records["erin"]["verdict"] == "verified"  # an answer in LaTeX
    assert records["frank"]["verdict"] is None and "expected a term" in records["frank"]["error"]
    assert err.strip().splitlines()[-1] == "6 claims: 3 verified, 1 refuted, 0 inconclusive, 2 unreadable"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{not json"], ":1: not valid JSON"),
        (['{"id": 1}'], ":1: needs a string field 'claim'"),
        (['{"claim": "a = a", "vectors": ["x"]}'], ":1: --vector expects NAME:SIZE"),
        (['{"result": "E99.nothing", "answer": "1"}'], ":1: unknown result 'E99.nothing'"),
        ([], "no claims in the file"),
    ],
)
def test_with_strict_a_malformed_batch_file_is_rejected_before_anything_runs(
    tmp_path, capsys, lines, message
):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines))
    code, out, err = _run(capsys, "check", "--file", str(path), "--strict")
    assert code == 2 and out == "" and message in err


def test_a_malformed_batch_line_is_an_error_row_with_its_line_number_and_the_batch_goes_on(tmp_path, capsys):
    path = tmp_path / "answers.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "ada", "claim": "log(exp(a) + exp(b)) > Max(a, b)"}',
                "{not json",
                '{"id": "ben", "answer": 3}',
                "",
                '{"id": "cleo", "claim": "a = a", "vectors": ["x"]}',
                '{"id": "dan", "result": "E99.nothing", "answer": "1"}',
                "[1, 2]",
                '{"id": "eve", "claim": "x = x", "assume": null}',
                '{"id": "fay", "result": "E03.off_diagonal", "answer": "-softmax(x)[0]*softmax(x)[1]"}',
            ]
        )
    )
    code, out, err = _run(capsys, "check", "--file", str(path))
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["ada", "2", "ben", "cleo", "dan", "7", "eve", "fay"]
    verdicts = {r["id"]: r["verdict"] for r in records}
    assert verdicts["ada"] == verdicts["fay"] == "verified"
    errors = {r["id"]: r["error"] for r in records if r["verdict"] is None}
    assert errors["2"].startswith("line 2: not valid JSON")
    assert errors["ben"] == "line 3: needs a string field 'claim' (or 'answer' with 'result')"
    assert errors["cleo"].startswith("line 5: --vector expects NAME:SIZE")
    assert errors["dan"].startswith("line 6: unknown result 'E99.nothing'")
    assert errors["7"] == "line 7: expected a JSON object, got list"
    assert errors["eve"] == "line 8: 'vectors', 'assume' and 'sizes' must be lists of strings"
    assert next(r for r in records if r["id"] == "2")["claim"] == "{not json"  # the line as given
    assert code == 3  # unreadable lines, nothing refuted
    assert err.strip().splitlines()[-1] == "8 claims: 2 verified, 0 refuted, 0 inconclusive, 6 unreadable"
    assert "line 2: not valid JSON" in err


@pytest.mark.parametrize("line", ['{"claim": "x = x", "vectors": 5}', '{"claim": "x = x", "assume": null}'])
def test_with_strict_a_batch_line_with_fields_of_the_wrong_type_is_one_clear_error(tmp_path, line):
    path = tmp_path / "answers.jsonl"
    path.write_text(line + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", "check", "--file", str(path), "--strict"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "must be lists of strings" in proc.stderr


_GRADED = [
    '{"id": "ada", "result": "E03.off_diagonal", "answer": "-softmax(x)[0]*softmax(x)[1]"}',
    '{"id": "gus", "result": "E03.off_diagonal", "answer": "0"}',
    "{oops",
    '{"id": "hal", "claim": "sqrt(a**2) = a"}',
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "answers.jsonl"
    path.write_text("\n".join(_GRADED) + "\n")
    return path


def test_a_batch_as_csv_is_a_gradebook_with_one_row_per_claim(graded, capsys):
    import csv

    code, out, err = _run(capsys, "check", "--file", str(graded), "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(out.splitlines()))
    assert list(rows[0]) == [
        "id",
        "verdict",
        "feedback",
        "seconds",
        "claim",
        "read_as",
        "counterexample",
        "error",
    ]
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows] == ["ada", "gus", "3", "hal"]
    assert by_id["ada"]["verdict"] == "verified" and by_id["ada"]["feedback"] == ""
    # A feedback sentence with commas and a colon is one cell, whole.
    assert by_id["gus"]["feedback"] == (
        "s_i depends on x_j through the normaliser Σ_k exp(x_k): the answer is -s_i s_j, not 0"
    )
    assert by_id["gus"]["verdict"] == "refuted" and "-> left " in by_id["gus"]["counterexample"]
    assert by_id["3"]["verdict"] == "unreadable" and by_id["3"]["error"].startswith("line 3: not valid JSON")
    assert by_id["hal"]["read_as"] == "sqrt(a**2) = a" and by_id["hal"]["counterexample"].startswith("a = ")
    assert all(re.fullmatch(r"\d+\.\d\d", r["seconds"]) for r in rows)
    assert err.strip().splitlines()[-1] == "4 claims: 1 verified, 2 refuted, 0 inconclusive, 1 unreadable"


def test_the_batch_summary_shows_each_feedback_whole(graded, capsys):
    code, _, err = _run(capsys, "check", "--file", str(graded))
    assert code == 1
    assert "s_i depends on x_j through the normaliser Σ_k exp(x_k): the answer is -s_i s_j, not 0" in err


def test_a_batch_as_github_annotations_points_at_each_failing_line(graded, capsys):
    code, out, _ = _run(capsys, "check", "--file", str(graded), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        f"::error file={graded},line=2,title=gus%3A refuted::claim: 0%0Acounterexample: "
    )
    assert lines[1].startswith(
        f"::error file={graded},line=3,title=3%3A unreadable::claim: {{oops%0Aerror: line 3"
    )
    assert lines[2].startswith(f"::error file={graded},line=4,title=hal%3A refuted::")
    assert lines[3].startswith("::notice title=verify-derivations check::4 claims: 1 verified, 2 refuted")


def test_one_claim_as_csv_is_a_header_and_a_row(capsys):
    code, out, _ = _run(capsys, "check", "log(exp(a) + exp(b)) > Max(a, b)", "--format", "csv")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.startswith("id,verdict,feedback,seconds") and row.startswith("1,verified,,")


def test_one_based_indices_and_a_named_size_are_options_and_go_into_the_reproduce_line(capsys):
    claim = r"\sum_{j=1}^q s_j = s_1 + s_2"
    code, out, _ = _run(capsys, "check", claim, "--vector", "x:3", "--size", "q:3", "--one-based")
    assert code == 1
    assert out.splitlines()[0] == "read as: Sum(s[j - 1], (j, 1, 3)) = s[0] + s[1]"
    assert "--size q:3 --one-based --seed 0" in out
    code, out, _ = _run(
        capsys, "check", r"\sum_{j=1}^q s_j = 1", "--vector", "x:3", "--size", "q:3", "--one-based"
    )
    assert code == 0
    # without --one-based, x_3 is past the end of a vector of 3
    code, _, err = _run(capsys, "check", "x_3 > 0", "--vector", "x:3")
    assert code == 2 and "index 3 is out of range for a vector of size 3 (indices are 0-based)" in err


def test_an_annotation_dropped_is_reported_as_a_note(capsys):
    code, out, _ = _run(capsys, "check", r"e^x > 0 \quad \text{(always)}")
    assert code == 0
    assert r"  note:           the annotation \text{(always)} was dropped" in out.splitlines()


def test_a_batch_line_may_be_one_based_with_sizes(tmp_path, capsys):
    path = tmp_path / "answers.jsonl"
    lines = [
        {
            "id": "a",
            "claim": r"\sum_{j=1}^q s_j = 1",
            "vectors": ["x:3"],
            "sizes": ["q:3"],
            "one_based": True,
        },
        {"id": "b", "claim": "x_1 = x_1", "vectors": ["x:3"], "one_based": "yes"},
    ]
    path.write_text(json.dumps(lines[0]) + "\n")
    code, out, _ = _run(capsys, "check", "--file", str(path))
    assert code == 0 and json.loads(out)["verdict"] == "verified"
    path.write_text(json.dumps(lines[1]) + "\n")
    code, out, _ = _run(capsys, "check", "--file", str(path))
    assert code == 3 and json.loads(out)["error"] == "line 1: 'one_based' must be true or false"
    code, _, err = _run(capsys, "check", "--file", str(path), "--strict")
    assert code == 2 and "'one_based' must be true or false" in err


def test_one_based_is_refused_for_an_answer_to_a_catalogue_result(capsys):
    code, _, err = _run(capsys, "check", "E03.off_diagonal", "-s_1 s_2", "--one-based")
    assert code == 2 and "apply to a claim, not to an answer" in err


def test_an_answer_is_read_with_the_names_its_result_declares(capsys):
    # H is a declared count here, so H(…) is a product, not the entropy; D_x the declared scalar
    code, out, _ = _run(capsys, "check", "E15.parameter_count", "H(D_x + 1) + D_y(H + 1)")
    assert code == 0
    assert out.splitlines()[0] == "read as: ((D_x*H + H) + H*D_y) + D_y = H*(D_x + 1) + D_y*(H + 1)"


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "github", "html"])
def test_a_batch_line_holding_a_lone_surrogate_is_an_error_row_and_the_batch_is_printed(tmp_path, fmt):
    # json.loads accepts "\ud800"; printing it crashed the whole batch (UnicodeEncodeError, exit 1).
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        '{"id": "s", "claim": "x = x \\ud800"}\n{"id": "t\\ud800", "claim": "x = x"}\n'
        '{"id": "u", "claim": "x = x"}\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "checks", "check", "--file", str(answers), "--format", fmt],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "3 claims: 1 verified, 0 refuted, 0 inconclusive, 2 unreadable" in proc.stderr
    assert "half of a UTF-16 pair" in proc.stdout
