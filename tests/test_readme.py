"""The README stays true: its worked example is the tested file, its commands are CI's."""

from __future__ import annotations

import re
from pathlib import Path

from checks.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


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
    assert 'pip install --quiet -e ".[test]"' in ci
    assert "\npytest" in ci and "\nverify-derivations" in ci


def test_every_catalogue_derivation_is_in_the_readme_table():
    import derivations

    table = re.search(r"<!-- catalogue_table:begin -->(.*?)<!-- catalogue_table:end -->", README, re.S)
    assert table is not None
    for d in derivations.all():
        assert f"`{d.name}`" in table.group(1), d.name
