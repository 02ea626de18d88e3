"""``verify-derivations new NAME``: a template that verifies as written, never over a file."""

from __future__ import annotations

import pytest

from checks.cli import main
from checks.cli.new import derivation_name

MARKER = 'Remove the "# " in front of the lines below to check it too.\n'


def test_new_writes_a_file_that_verifies_as_written_and_says_what_to_run_next(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "hw1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote hw1.py: ") and out.rstrip().endswith("\n  verify-derivations hw1.py")
    assert main(["hw1.py"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    assert "hw1 HW1 verified general" in table and "1 derivations: 1 verified" in table


def test_the_vector_example_of_the_template_verifies_once_uncommented(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "week2.py"]) == 0
    head, marker, tail = (tmp_path / "week2.py").read_text().partition(MARKER)
    assert marker and tail.count("\n# ") > 20
    uncommented = [
        line[2:] if line.startswith("# ") else line.removeprefix("#") for line in tail.splitlines()
    ]
    (tmp_path / "week2.py").write_text(head + marker + "\n".join(uncommented) + "\n")
    capsys.readouterr()
    assert main(["week2.py"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    assert "week2_vector HW1 verified n ≤ 4" in table and "2 derivations: 2 verified" in table


def test_new_never_overwrites_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hw1.py").write_text("mine = 1\n")
    assert main(["new", "hw1"]) == 2
    out, err = capsys.readouterr()
    assert (
        out == ""
        and err
        == "verify-derivations: error: hw1.py exists already; choose another NAME or remove the file\n"
    )
    assert (tmp_path / "hw1.py").read_text() == "mine = 1\n"


def test_new_into_a_missing_folder_is_one_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "homework/derivation_week1"]) == 2
    assert capsys.readouterr().err == (
        "verify-derivations: error: cannot write homework/derivation_week1.py: no folder 'homework'\n"
    )


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("hw1.py", "hw1"),
        ("homework/derivation_week-2.py", "derivation_week_2"),
        ("2nd.py", "d_2nd"),
        ("class", "d_class"),
    ],
)
def test_the_derivation_is_named_after_its_file_as_an_identifier(path, name):
    assert derivation_name(path) == name
