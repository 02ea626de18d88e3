"""The documentation site: it builds strictly, and what its pages show runs and says what they say."""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checks.cli import main
from tests.markdown_commands import ROOT, Command, blocks, commands, missing_lines, run

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
EXAMPLES = DOCS / "examples"

#: Commands the pages show that the tests do not run, and why.
NOT_RUN = {
    "pip install .": "what .ci/run does, in a fresh virtual environment",
    'pip install -e ".[test]"': "what .ci/run does, in a fresh virtual environment",
    "pytest": "this test suite itself, which .ci/run runs",
}

DOC_COMMANDS = [c for page in PAGES for c in commands(page)]


def _ids(command: Command) -> str:
    return f"{command.source} {command.line}"


# -- commands ---------------------------------------------------------------------------------


def test_the_pages_show_commands_and_the_tests_know_how_to_run_each_one():
    runnable = [c for c in DOC_COMMANDS if c.line not in NOT_RUN]
    assert len(runnable) > 40
    assert {c.words[0] for c in runnable} <= {"verify-derivations", "pytest"}


@pytest.mark.parametrize("command", [c for c in DOC_COMMANDS if c.line not in NOT_RUN], ids=_ids)
def test_every_command_in_the_docs_runs_as_written(
    command: Command, capsys, tmp_path, monkeypatch, shared_folder
):
    monkeypatch.chdir(ROOT)
    status, output = run(command, capsys, tmp_path, shared_folder)
    assert status == command.status, output
    assert not missing_lines(command.expected, output), output
    if command.redirect is not None:
        assert (tmp_path / command.redirect).read_text().strip()


def test_a_console_line_that_is_not_in_the_output_is_reported_missing():
    output = "ce_gradient  E05  verified  n ≤ 4  0.30\n1 derivations: 1 verified in 0.32 s"
    assert not missing_lines(("ce_gradient E05 verified n ≤ 4 0.17", "…"), output)
    assert missing_lines(("ce_gradient E05 refuted n ≤ 4 0.17",), output)


def test_every_tutorial_step_states_the_verdict_the_engine_gives_at_the_step_it_names(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    stated = {  # file: exit status, the headline the tutorial shows, the scope
        "tutorial_empty.py": (2, None, None),
        "tutorial_bad_id.py": (2, None, None),
        "tutorial_scalar.py": (0, None, "general"),
        "tutorial_vector.py": (0, None, "n ≤ 4"),
        "tutorial_sign_slip.py": (1, 'REFUTED at step 3 of 3 ("Σ y = 1")', "n ≤ 4"),
        "tutorial_uncited.py": (1, 'REFUTED at step 3 of 3 ("Σ y = 1")', "n ≤ 4"),
        "tutorial_limit.py": (0, None, "general"),
        "tutorial_all_n.py": (0, None, "all n"),
    }
    assert {p.name for p in EXAMPLES.glob("*.py")} == set(stated)
    tutorial = (DOCS / "tutorial.md").read_text()
    for name, (status, headline, scope) in stated.items():
        assert f"$ verify-derivations docs/examples/{name}" in tutorial, name
        assert main([f"docs/examples/{name}", "--format", "json"]) == status, name
        out = capsys.readouterr().out
        if status == 2:
            continue
        (result,) = json.loads(out)["derivations"]
        assert result["scope"] == scope, name
        if headline is not None:
            assert f"{result['name']}: {headline}" in tutorial
            assert result["verdict"] == "refuted" and result["counterexample"]["step"] == 3
            assert [s["verdict"] for s in result["steps"]] == ["verified", "verified", "refuted"]


# -- code blocks ------------------------------------------------------------------------------

_SNIPPET = re.compile(r'^--8<-- "([^":]+)(?::([\w-]+))?"$')


def test_every_code_file_a_page_shows_is_included_from_a_file_that_exists():
    included = set()
    for page in PAGES:
        for block in blocks(page):
            if block.lang in ("python", "json", "toml") and block.text.startswith("--8<--"):
                found = _SNIPPET.match(block.text.strip())
                assert found, block.source
                path = ROOT / found.group(1)
                assert path.exists(), block.source
                if found.group(2):
                    assert f"--8<-- [start:{found.group(2)}]" in path.read_text(), block.source
                included.add(found.group(1))
    for example in EXAMPLES.rglob("*.py"):
        shown = str(example.relative_to(ROOT))
        assert shown in included or any(shown in c.line for c in DOC_COMMANDS), shown


def test_every_python_block_in_the_docs_runs_and_every_pycon_block_passes_as_a_doctest(monkeypatch):
    monkeypatch.chdir(ROOT)
    ran = 0
    for page in PAGES:
        for block in blocks(page):
            if block.lang == "python" and not block.text.startswith("--8<--"):
                exec(compile(block.text, block.source, "exec"), {"__name__": "__docs__"})
                ran += 1
            elif block.lang == "pycon":
                test = doctest.DocTestParser().get_doctest(block.text, {}, block.source, block.source, 0)
                runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
                runner.run(test)
                assert runner.failures == 0, block.source
                ran += 1
    assert ran >= 1


# -- catalogue and figures --------------------------------------------------------------------


def _section(path: Path, name: str) -> str:
    found = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", path.read_text(), re.S)
    assert found is not None, f"{path.name} has no {name} section"
    return found.group(1)


def test_every_catalogue_derivation_is_in_the_docs_table_in_catalogue_order():
    import derivations

    rows = [line for line in _section(DOCS / "catalogue.md", "catalogue_table").splitlines() if "`" in line]
    names = [re.search(r"`(\w+)`", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert names == [d.name for d in derivations.all()]
    for row, d in zip(rows, derivations.all(), strict=True):
        assert row.startswith(f"| {d.exercise} |") and f"| {d.scope} |" in row, row


def test_the_figures_page_names_the_benchmark_script_behind_each_figure():
    figures = _section(DOCS / "figures.md", "figures")
    for script in (
        "bench_catalogue.py",
        "bench_dimension.py",
        "bench_claims.py",
        "bench_documents.py",
        "bench_grading.py",
    ):
        assert f"python benchmarks/{script}" in figures
        assert (ROOT / "benchmarks" / script).exists()


def test_the_updater_writes_the_sections_the_readme_and_the_docs_have():
    updater = (ROOT / "benchmarks" / "update_docs.py").read_text()
    for path, names in (
        (ROOT / "README.md", ("sample_output", "check_sample", "example")),
        (DOCS / "catalogue.md", ("catalogue_table",)),
        (DOCS / "figures.md", ("figures",)),
    ):
        for name in names:
            _section(path, name)
            assert f'"{name}"' in updater, name


# -- JSON schema ------------------------------------------------------------------------------


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """The errors of ``value`` against the subset of JSON Schema the documents use; a keyword
    outside the subset is an error itself, so no rule is skipped silently."""
    known = {"$schema", "title", "description", "type", "properties", "required", "additionalProperties"}
    known |= {"items", "enum", "const", "minimum", "$ref", "anyOf", "oneOf", "$defs"}
    unknown = set(schema) - known
    if unknown:
        return [f"{where}: the schema uses {sorted(unknown)}, which this check does not know"]
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _validate(value, target, root, where)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            matches = [not _validate(value, option, root, where) for option in schema[key]]
            if (key == "anyOf" and not any(matches)) or (key == "oneOf" and sum(matches) != 1):
                return [f"{where}: matches {sum(matches)} of the {key} options"]
    errors: list[str] = []
    types = {"object": dict, "array": list, "string": str, "null": type(None), "number": (int, float)}
    wanted = schema.get("type")
    if wanted is not None:
        names = wanted if isinstance(wanted, list) else [wanted]
        ok = any(
            (isinstance(value, int) and not isinstance(value, bool))
            if name == "integer"
            else (isinstance(value, types[name]) and not isinstance(value, bool))
            for name in names
        )
        if not ok:
            return [f"{where}: {value!r} is not {wanted}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "minimum" in schema and isinstance(value, int | float) and value < schema["minimum"]:
        errors.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                errors += _validate(item, properties[key], root, f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: unexpected {key!r}")
            elif isinstance(extra, dict):
                errors += _validate(item, extra, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _validate(item, schema["items"], root, f"{where}[{i}]")
    return errors


def _schema(name: str) -> dict[str, Any]:
    return json.loads((DOCS / "schema" / f"{name}.schema.json").read_text())


def test_the_schema_check_rejects_a_missing_field_an_extra_field_and_a_wrong_type():
    schema = _schema("check")
    good = {
        "id": "1",
        "claim": "a = a",
        "read_as": "a = a",
        "verdict": "verified",
        "counterexample": None,
        "feedback": None,
        "method": "identical",
        "notes": [],
        "seconds": 0.1,
    }
    assert _validate(good, schema, schema) == []
    assert _validate({k: v for k, v in good.items() if k != "notes"}, schema, schema)
    assert _validate({**good, "surprise": 1}, schema, schema)
    assert _validate({**good, "verdict": "true"}, schema, schema)
    assert _validate({**good, "seconds": "0.1"}, schema, schema)
    assert _validate(good, {"type": "object", "pattern": "x"}, schema)


def test_the_json_of_a_run_follows_its_schema(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["sigmoid_derivative", "docs/examples/tutorial_sign_slip.py", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in document["derivations"]] == ["verified", "refuted"]
    schema = _schema("run")
    assert _validate(document, schema, schema) == []


def test_the_json_of_a_check_follows_its_schema_for_each_verdict(capsys):
    schema = _schema("check")
    claims = [
        (["check", "log(exp(a) + exp(b)) > Max(a, b)"], "verified"),
        (["check", "E03.off_diagonal", "softmax(x)[0]*(1 - softmax(x)[1])"], "refuted"),
        (["check", "1 + exp(-50) = 1"], "refuted"),
        (["check", "sqrt(a)*sqrt(b) = sqrt(a*b)"], "inconclusive"),
        (["check", "diff(softmax(x)[i], x[j]) = -softmax(x)[i]*softmax(x)[j]", "--vector", "x:3"], "refuted"),
    ]
    for argv, verdict in claims:
        main([*argv, "--format", "json"])
        record = json.loads(capsys.readouterr().out)
        assert record["verdict"] == verdict, argv
        assert _validate(record, schema, schema) == [], argv


def test_each_line_of_a_batch_follows_the_check_schema_an_unreadable_one_too(capsys, tmp_path):
    batch = tmp_path / "answers.jsonl"
    lines = (ROOT / "examples" / "answers.jsonl").read_text().splitlines()
    lines.append(json.dumps({"id": "zed", "claim": "foo(x) = 1"}))
    lines += ["{not json", json.dumps({"id": "yan", "claim": "x = x", "vectors": 5})]  # malformed lines
    batch.write_text("\n".join(lines) + "\n")
    assert main(["check", "--file", str(batch)]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["verdict"] for r in records] == [
        "verified",
        "refuted",
        "verified",
        "verified",
        "verified",
        None,
        None,
        None,
    ]
    assert [r["id"] for r in records[-2:]] == ["7", "yan"]
    schema = _schema("check")
    for record in records:
        assert _validate(record, schema, schema) == [], record["id"]


def test_the_json_of_a_document_follows_its_schema_for_every_status(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    extra = tmp_path / "extra.md"
    extra.write_text("$$ a \\approx b $$\n$$ \\sum_{j=1}^{q} s_j^2 \\le 1 $$\n$$ x = 1\n")
    assert main(["examples/homework.tex", str(extra), "--format", "json", "--jobs", "0"]) == 1
    document = json.loads(capsys.readouterr().out)
    statuses = {
        link["status"]
        for d in document["documents"]
        for b in d["blocks"]
        for c in b["chains"]
        for link in c["links"]
    }
    assert statuses == {"verified", "refuted", "skipped", "definition"}
    assert any(b["skipped"] for d in document["documents"] for b in d["blocks"])
    schema = _schema("documents")
    assert _validate(document, schema, schema) == []


# -- the site ---------------------------------------------------------------------------------


def test_every_page_is_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text()
    for page in PAGES:
        assert f": {page.name}\n" in config, page.name


def test_the_docs_build_with_mkdocs_strict(tmp_path):
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings") is None:
        pytest.skip('mkdocs is not installed: pip install -e ".[docs]" (.ci/run does)')
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    proc = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text()
    for name in (
        "checks.Derivation",
        "checks.vocabulary.softmax",
        "checks.reference.gradient",
        "derivations.get",
    ):
        assert f'id="{name}"' in api, name
    tutorial = (tmp_path / "site" / "tutorial" / "index.html").read_text()
    # The example files are included, their section markers left out.
    assert "bce_gradient" in tutorial and "hot_softmax" in tutorial
    assert "--8&lt;--" not in tutorial and "[start:" not in tutorial
