"""The pre-commit hook a course repository can use: the manifest has what pre-commit requires."""

from __future__ import annotations

import re
import tomllib

from tests.markdown_commands import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"

#: What pre-commit's manifest schema requires of every hook (pre_commit/clientlib.py).
REQUIRED = ("id", "name", "entry", "language")


def _hooks() -> list[dict[str, str]]:
    """The manifest's hooks, read for the flat subset of YAML it uses: a list of mappings of
    plain scalars and ``[a, b]`` lists, comments aside (no YAML library needed for that)."""
    hooks: list[dict[str, str]] = []
    for raw in MANIFEST.read_text().splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        item = re.fullmatch(r"(?P<dash>- |  )(?P<key>[a-z_]+): (?P<value>.+)", line)
        assert item, f"not a line of a list of flat mappings: {raw!r}"
        if item["dash"] == "- ":
            hooks.append({})
        assert hooks, "a key before the first '- '"
        hooks[-1][item["key"]] = item["value"]
    return hooks


def test_the_manifest_has_one_hook_with_every_field_pre_commit_requires():
    (hook,) = _hooks()
    assert all(hook.get(key) for key in REQUIRED), hook
    assert hook["id"] == "verify-derivations" and hook["language"] == "python"


def test_the_hook_runs_the_installed_command():
    (hook,) = _hooks()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert hook["entry"] in scripts


def test_the_hook_takes_the_files_the_pytest_plugin_collects_and_no_others():
    (hook,) = _hooks()
    files = re.compile(hook["files"])  # pre-commit matches with Python's re.search
    assert hook["types"] == "[python]"
    for path in (
        "derivation_hw1.py",
        "docs/examples/course/derivation_week1.py",
        "homework/derivation_e3.py",
    ):
        assert files.search(path), path
    for path in (
        "derivations/softmax_jacobian.py",
        "tests/test_x.py",
        "my_derivation_notes.py",
        "derivation_x.pyc",
    ):
        assert not files.search(path), path
