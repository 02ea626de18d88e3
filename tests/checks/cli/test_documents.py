"""``verify-derivations FILE.md``: exit statuses, formats, standard input, strict, bad input."""

from __future__ import annotations

import io
import json
import sys
import xml.etree.ElementTree as ET

import pytest

from checks.cli import main

RIGHT = "$$ \\frac{d}{dx} \\sigma(x) = \\sigma(x)(1 - \\sigma(x)) $$\n"
WRONG = "$$\n\\begin{aligned}\na + b &= b + a \\\\\n  &= 2a\n\\end{aligned}\n$$\n"
SKIPPED = "$$ \\frob{x} = 1 $$\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _doc(tmp_path, text: str, name: str = "hw.md") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_a_document_that_is_all_right_exits_zero(tmp_path, capsys):
    code, out, _ = _run(capsys, _doc(tmp_path, RIGHT), "--jobs", "1")
    assert code == 0 and "1 links: 1 verified, 0 refuted" in out


def test_a_wrong_link_exits_one_and_is_pointed_at_with_its_line(tmp_path, capsys):
    path = _doc(tmp_path, RIGHT + WRONG)
    code, out, _ = _run(capsys, path, "--jobs", "2")
    assert code == 1
    assert f"first wrong link: {path}:5:4  b + a = 2a" in out
    assert "  counterexample: a = 0, b = 1 -> left 1.0, right 0.0" in out


def test_a_skipped_formula_exits_three_and_strict_makes_it_an_error(tmp_path, capsys):
    path = _doc(tmp_path, RIGHT + SKIPPED)
    code, out, _ = _run(capsys, path, "--jobs", "0")
    assert code == 3 and "skipped" in out and "unknown LaTeX command" in out
    code, out, _ = _run(capsys, path, "--jobs", "0", "--strict")
    assert code == 1 and "SKIPPED" in out


def test_standard_input_is_read_with_its_format(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"% verify: x: real\n\\[ x + x = 2x \\]\n"))
    )
    code, out, _ = _run(capsys, "-", "--input-format", "tex", "--jobs", "0")
    assert code == 0 and "<stdin>:2:10  verified" in out


def test_github_format_annotates_the_offending_line(tmp_path, capsys):
    path = _doc(tmp_path, RIGHT + WRONG + SKIPPED)
    code, out, _ = _run(capsys, path, "--format", "github", "--jobs", "0")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(
        f"::error file={path},line=5,col=4,title=derivation step refuted::refuted: b + a = 2a"
    )
    assert lines[1].startswith(f"::warning file={path},line=8,col=13,")


def test_json_and_junit_formats_carry_every_link(tmp_path, capsys):
    path = _doc(tmp_path, RIGHT + WRONG)
    code, out, _ = _run(capsys, path, "--format", "json", "--jobs", "0")
    doc = json.loads(out)
    assert code == 1 and doc["summary"]["refuted"] == 1 and doc["summary"]["verified"] == 2
    code, out, _ = _run(capsys, path, "--format", "junit", "--jobs", "0")
    cases = ET.fromstring(out).findall("testsuite/testcase")
    assert code == 1 and len(cases) == 3 and cases[2].find("failure") is not None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.md"], "cannot read 'missing.md'"),
        (["hw.md", "examples/my_derivation.py"], "is no document"),
        (["-", "-"], "standard input ('-') can be read once"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hw.md").write_text(RIGHT)
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1


def test_a_malformed_declaration_is_bad_input_with_its_place(tmp_path, capsys):
    path = _doc(tmp_path, "<!-- verify: o: logit[3] -->\n" + RIGHT)
    code, _, err = _run(capsys, path)
    assert code == 2 and f"{path}:1:14: unknown kind 'logit[3]'" in err
