"""The README stays a true front door: short, its commands run as written, its example is the file."""

from __future__ import annotations

import re

import pytest

from checks.cli import main
from tests.markdown_commands import ROOT, Command, commands, missing_lines, run

README_PATH = ROOT / "README.md"
README = README_PATH.read_text()

#: Commands the README shows that the tests do not run, and why.
NOT_RUN = {
    "pip install .": "what .ci/run does, in a fresh virtual environment",
    'pip install -e ".[test]"': "what .ci/run does, in a fresh virtual environment",
    "pytest": "this test suite itself, which .ci/run runs",
}

README_COMMANDS = commands(README_PATH)


def test_the_readme_is_at_most_10_kb():
    assert len(README.encode()) <= 10 * 1024, len(README.encode())


def test_the_worked_example_in_the_readme_is_the_example_file_verbatim():
    block = re.search(r"<!-- example:begin -->\n```python\n(.*?)```", README, re.S)
    assert block is not None
    assert block.group(1) == (ROOT / "examples" / "my_derivation.py").read_text()


def test_the_worked_example_verifies(capsys):
    assert main([str(ROOT / "examples" / "my_derivation.py")]) == 0
    assert "my_sigmoid_derivative" in capsys.readouterr().out


def test_the_readme_gives_the_two_set_up_commands_and_ci_runs_them():
    assert "pip install . && verify-derivations" in README
    assert 'pip install -e ".[test]" && pytest' in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install --quiet -e ".[test,docs]"' in ci
    assert "\npytest" in ci and "\nverify-derivations" in ci and "\nmkdocs build --strict" in ci


def test_the_readme_shows_a_run_a_claim_check_and_a_derivation_file_from_their_markers():
    for name in ("sample_output", "check_sample", "example"):
        assert f"<!-- {name}:begin -->" in README and f"<!-- {name}:end -->" in README, name


def test_the_catalogue_table_and_the_measurement_log_live_in_the_docs_not_the_readme():
    assert "catalogue_table:begin" not in README and "figures:begin" not in README
    assert "catalogue_table:begin" in (ROOT / "docs" / "catalogue.md").read_text()
    assert "figures:begin" in (ROOT / "docs" / "figures.md").read_text()


def test_every_link_in_the_readme_to_a_file_of_the_repository_reaches_one():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if "://" not in target:
            assert (ROOT / target).exists(), target


def test_the_readme_shows_commands_and_the_tests_run_each_one():
    runnable = [c for c in README_COMMANDS if c.line not in NOT_RUN]
    assert {c.words[0] for c in runnable} == {"verify-derivations"}
    assert any(c.words[1:2] == ["check"] for c in runnable)
    assert any(c.line == "verify-derivations examples/my_derivation.py" for c in runnable)


@pytest.mark.parametrize(
    "command", [c for c in README_COMMANDS if c.line not in NOT_RUN], ids=lambda c: f"{c.source} {c.line}"
)
def test_every_command_in_the_readme_runs_as_written(
    command: Command, capsys, tmp_path, monkeypatch, shared_folder
):
    monkeypatch.chdir(ROOT)
    status, output = run(command, capsys, tmp_path, shared_folder)
    assert status == command.status, output
    assert not missing_lines(command.expected, output), output
