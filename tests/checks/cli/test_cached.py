"""``verify-derivations`` with the result cache: a warm run reports what the cold one did, without
SymPy when the cache holds everything; nothing unfinished, corrupted or foreign is trusted."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest

import derivations
from checks.cache.catalogue import units
from checks.cache.key import options
from checks.cache.store import ENV_VAR, Slot, Store
from checks.cli import main
from checks.model.result import Counterexample, DerivationResult, Verdict
from tests.checks.report.report_fixtures import SIGN_SLIP

NAME = "sigmoid_derivative"  # (a quick one, alone in its module)
OTHER = "softmax_sigmoid"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def _key(module: str) -> str:
    return next(u.key for u in units(options(0, 24, 10.0)) or [] if u.module == module)


def _entry_path(cache, module: str = NAME):
    return cache / f"{_key(module)}.json"


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def checked(monkeypatch):
    """The names each run sends to be checked (the real checks still run)."""
    import checks.cli.runner as runner

    asked: list[list[str]] = []
    real = runner.verify_each

    def recording(chosen, **kwargs):
        asked.append([d.name for d, _ in chosen])
        return real(chosen, **kwargs)

    monkeypatch.setattr(runner, "verify_each", recording)
    return asked


def _without_run_time(text: str) -> str:
    """The report without the time of the whole run (the derivations' own times stay)."""
    text = re.sub(r"in \d+\.\d+ s", "", text)
    return re.sub(r'(<testsuite [^>]*?)time="\d+\.\d+"', r"\1", text)


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "html"])
def test_a_warm_run_gives_the_report_of_the_cold_run(capsys, cache, checked, fmt):
    cold = _run(capsys, NAME, OTHER, "--format", fmt, "--cache-dir", str(cache))
    warm = _run(capsys, NAME, OTHER, "--format", fmt, "--cache-dir", str(cache))
    assert checked == [[NAME, OTHER]]  # (the warm run checked nothing)
    assert cold[0] == warm[0] == 0
    if fmt == "json":
        assert json.loads(warm[1])["derivations"] == json.loads(cold[1])["derivations"]
    else:
        assert _without_run_time(warm[1]) == _without_run_time(cold[1])


def test_a_full_hit_does_not_import_sympy(capsys, cache):
    assert _run(capsys, NAME, "--cache-dir", str(cache))[0] == 0
    code = (
        "import sys\n"
        "from checks.cli.main import main\n"
        f"status = main([{NAME!r}, '--cache-dir', {str(cache)!r}])\n"
        "print('sympy' in sys.modules, 'numpy' in sys.modules, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "False False"
    assert NAME in proc.stdout and "1 verified" in proc.stdout


def _fill_catalogue(cache) -> list[str]:
    """An entry for every module, each derivation verified (made up: the test is of the reading)."""
    store = Store(cache)
    for unit in units(options(0, 24, 10.0)) or []:
        members = importlib.import_module(f"derivations.{unit.module}").DERIVATIONS
        slots = [Slot(d.name, d.exercise, None, _made_up(d.name, d.exercise)) for d in members]
        store.write(unit.key, unit.module, slots)
    return [d.name for d in derivations.all()]


def _made_up(name: str, exercise: str, verdict: Verdict = Verdict.VERIFIED) -> DerivationResult:
    return DerivationResult(
        name=name, exercise=exercise, title=f"title of {name}", verdict=verdict, scope="sizes 2-3",
        seconds=0.5, steps=(), reproduce=f"verify-derivations {name} --seed 0",
    )  # fmt: skip


def test_the_whole_catalogue_from_the_cache_is_in_catalogue_order_without_sympy(cache):
    cache.mkdir()
    names = _fill_catalogue(cache)
    code = (
        "import sys\n"
        "from checks.cli.main import main\n"
        f"status = main(['--format', 'json', '--cache-dir', {str(cache)!r}])\n"
        "print('sympy' in sys.modules, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr.strip() == "False"
    found = json.loads(proc.stdout)["derivations"]
    assert [d["name"] for d in found] == names
    assert {d["title"] for d in found} == {f"title of {n}" for n in names}


def _poison(cache, verdict: Verdict = Verdict.REFUTED) -> None:
    """A well-formed entry under the right key that says what the engine would not."""
    cex = Counterexample(1, "why", "claim", 2, {"z": "0"}, "0.25", "0.75")
    store = Store(cache)
    cache.mkdir(exist_ok=True)
    made = replace(_made_up(NAME, "E04", verdict), counterexample=cex)
    store.write(_key(NAME), NAME, [Slot(NAME, "E04", None, made)])


def test_a_valid_entry_under_the_right_key_is_read_and_no_cache_does_not_read_it(capsys, cache):
    _poison(cache)
    status, out, _ = _run(capsys, NAME, "--cache-dir", str(cache))
    assert status == 1 and "refuted" in out  # (read: the key is all that is checked against)
    status, out, _ = _run(capsys, NAME, "--cache-dir", str(cache), "--no-cache")
    assert status == 0 and "verified" in out


def test_no_cache_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert _run(capsys, NAME, "--no-cache")[0] == 0
    assert _run(capsys, NAME, "--no-cache", "--cache-dir", str(tmp_path / "flag"))[0] == 0
    assert not (tmp_path / "env").exists() and not (tmp_path / "flag").exists()


def test_the_environment_variable_is_honoured_and_cache_dir_wins_over_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert _run(capsys, NAME)[0] == 0
    assert _entry_path(tmp_path / "env").is_file()
    assert _run(capsys, NAME, "--cache-dir", str(tmp_path / "flag"))[0] == 0
    assert _entry_path(tmp_path / "flag").is_file()
    assert len(os.listdir(tmp_path / "env")) == len(os.listdir(tmp_path / "flag"))


GARBAGE = {
    "garbage bytes": lambda path: path.write_bytes(b"\x00\x9f not json at all"),
    "truncated JSON": lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "valid JSON for a different key": lambda path: path.write_text(
        path.read_text().replace(path.stem, _key(OTHER))
    ),
}


@pytest.mark.parametrize("what", sorted(GARBAGE))
def test_a_corrupted_cache_entry_is_ignored_and_rewritten(capsys, cache, checked, what):
    assert _run(capsys, NAME, "--cache-dir", str(cache))[0] == 0
    path = _entry_path(cache)
    GARBAGE[what](path)
    assert Store(cache).read(path.stem) is None
    status, out, _ = _run(capsys, NAME, "--cache-dir", str(cache))
    assert status == 0 and "verified" in out
    assert checked == [[NAME], [NAME]]  # (checked again)
    rewritten = Store(cache).read(path.stem)
    assert rewritten is not None and rewritten[0].result is not None


def test_inconclusive_results_are_not_kept(capsys, cache, monkeypatch):
    import checks.cli.runner as runner

    def undecided(chosen, **kwargs):
        for index, (d, _) in enumerate(chosen):
            yield index, _made_up(d.name, d.exercise, Verdict.INCONCLUSIVE)

    monkeypatch.setattr(runner, "verify_each", undecided)
    assert _run(capsys, NAME, "--cache-dir", str(cache))[0] == 3
    entry = json.loads(_entry_path(cache).read_text())
    assert [d["result"] for d in entry["derivations"]] == [None]


def test_a_partial_hit_checks_only_the_missing_derivations(capsys, cache, checked):
    assert _run(capsys, NAME, "--cache-dir", str(cache))[0] == 0
    status, out, _ = _run(capsys, OTHER, NAME, "--format", "json", "--cache-dir", str(cache))
    assert status == 0
    assert checked == [[NAME], [OTHER]]
    assert [d["name"] for d in json.loads(out)["derivations"]] == [OTHER, NAME]


def test_a_derivation_file_is_never_answered_from_or_kept_in_the_cache(capsys, cache, checked):
    for _ in range(2):
        assert _run(capsys, str(SIGN_SLIP), "--cache-dir", str(cache))[0] == 1
    assert len(checked) == 2
    assert not cache.exists() or not [p for p in cache.iterdir() if p.suffix == ".json"]


def test_a_run_that_loaded_a_derivation_file_keeps_no_catalogue_result(capsys, cache, checked):
    # The file runs in this process and may change a catalogue derivation it imports: the name
    # checked beside it in that run must not go into the cache under the catalogue's own key.
    _run(capsys, str(SIGN_SLIP), NAME, "--cache-dir", str(cache))
    assert not _entry_path(cache).exists()
    assert _run(capsys, NAME, "--cache-dir", str(cache))[0] == 0
    assert _entry_path(cache).exists() and checked[-1] == [NAME]


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_a_cache_dir_that_cannot_be_used_is_a_one_line_error_with_status_2(capsys, tmp_path, where):
    (tmp_path / "f").write_text("")
    path = tmp_path / "f" if where == "a file" else tmp_path / "f" / "sub"
    status, out, err = _run(capsys, NAME, "--cache-dir", str(path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "cache directory" in err and str(path) in err


def test_an_unknown_name_is_still_a_usage_error_with_a_warm_cache(capsys, cache):
    cache.mkdir()
    _fill_catalogue(cache)
    status, _, err = _run(capsys, "sigmoid_derivativ", "--cache-dir", str(cache))
    assert status == 2 and "did you mean sigmoid_derivative" in err


def test_a_refuted_result_from_the_cache_is_annotated_at_its_definition(capsys, cache):
    _poison(cache)
    entry = json.loads(_entry_path(cache).read_text())
    entry["derivations"][0]["file"] = os.path.abspath("derivations/sigmoid_derivative.py")
    _entry_path(cache).write_text(json.dumps(entry))
    status, out, _ = _run(capsys, NAME, "--format", "github", "--cache-dir", str(cache))
    assert status == 1
    assert re.search(r"::error file=derivations/sigmoid_derivative\.py,line=\d+", out), out
