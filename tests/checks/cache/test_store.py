"""Entries are written whole and read back only when they are exactly this key's; the directory rules."""

from __future__ import annotations

import json

import pytest

from checks.cache.codec import result_to_json
from checks.cache.key import FORMAT
from checks.cache.store import ENV_VAR, Slot, Store, default_dir, open_store
from checks.errors import UsageError
from checks.model.result import DerivationResult, StepResult, Verdict

KEY = "ab" * 32
OTHER = "cd" * 32


def _result(verdict: Verdict = Verdict.VERIFIED, name: str = "d1") -> DerivationResult:
    return DerivationResult(
        name=name,
        exercise="E01",
        title="a title",
        verdict=verdict,
        scope="all n",
        seconds=0.25,
        steps=(StepResult(1, "why", verdict, "expand"),),
        seed=0,
        points_checked=24,
        reproduce=f"verify-derivations {name} --seed 0",
    )


def _slots(verdict: Verdict = Verdict.VERIFIED) -> list[Slot]:
    return [Slot("d1", "E01", "/x/m.py", _result(verdict)), Slot("d2", "E01", None, None)]


def test_what_is_written_is_read_back(tmp_path):
    store = Store(tmp_path)
    store.write(KEY, "m", _slots())
    assert store.read(KEY) == _slots()
    assert [p.name for p in tmp_path.iterdir()] == [f"{KEY}.json"]  # (no temporary file left)


def test_a_missing_entry_is_a_miss(tmp_path):
    assert Store(tmp_path).read(KEY) is None


def test_an_unfinished_result_is_not_kept(tmp_path):
    store = Store(tmp_path)
    store.write(KEY, "m", _slots(Verdict.INCONCLUSIVE))
    read = store.read(KEY)
    assert read is not None and [s.result for s in read] == [None, None]
    assert json.loads((tmp_path / f"{KEY}.json").read_text())["derivations"][0]["result"] is None


def _entry(key: str = KEY, **changes: object) -> dict:
    entry = {
        "format": FORMAT,
        "key": key,
        "module": "m",
        "derivations": [{"name": "d1", "exercise": "E01", "file": None, "result": result_to_json(_result())}],
    }
    entry.update(changes)
    return entry


CORRUPTIONS = {
    "garbage bytes": b"\x00\xff\xfe garbage",
    "truncated JSON": json.dumps(_entry()).encode()[:-40],
    "valid JSON for a different key": json.dumps(_entry(OTHER)).encode(),
    "another format": json.dumps(_entry(format=FORMAT + 1)).encode(),
    "a list, not an entry": b"[]",
    "an entry without its derivations": json.dumps({"format": FORMAT, "key": KEY, "module": "m"}).encode(),
    "a slot of another derivation's result": json.dumps(
        _entry(
            derivations=[{"name": "d2", "exercise": "E01", "file": None, "result": result_to_json(_result())}]
        )
    ).encode(),
    "an inconclusive result": json.dumps(
        _entry(
            derivations=[
                {
                    "name": "d1",
                    "exercise": "E01",
                    "file": None,
                    "result": result_to_json(_result(Verdict.INCONCLUSIVE)),
                }
            ]
        )
    ).encode(),
    "deeply nested JSON": b"[" * 100000 + b"]" * 100000,
}


@pytest.mark.parametrize("what", sorted(CORRUPTIONS))
def test_a_corrupted_or_foreign_entry_is_a_miss(tmp_path, what):
    store = Store(tmp_path)
    store.path(KEY).write_text(json.dumps(_entry()))
    assert store.read(KEY) is not None
    store.path(KEY).write_bytes(CORRUPTIONS[what])
    assert store.read(KEY) is None


def test_cache_dir_wins_over_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    store, warning = open_store(str(tmp_path / "asked"))
    assert store is not None and store.root == tmp_path / "asked" and warning is None
    assert (tmp_path / "asked").is_dir() and not (tmp_path / "from-env").exists()


def test_the_environment_variable_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    store, _ = open_store(None)
    assert store is not None and store.root == tmp_path / "from-env"


def test_without_either_the_users_cache_directory_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    store, _ = open_store(None)
    assert store is not None and store.root == default_dir()
    assert str(store.root).startswith(str(tmp_path))


def test_a_disabled_cache_is_none_and_creates_nothing(tmp_path):
    assert open_store(str(tmp_path / "c"), enabled=False) == (None, None)
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("where", ["a file", "under a file", "empty"])
def test_a_cache_directory_asked_for_that_cannot_be_used_is_a_usage_error_naming_it(tmp_path, where):
    (tmp_path / "f").write_text("")
    path = {"a file": str(tmp_path / "f"), "under a file": str(tmp_path / "f" / "sub"), "empty": ""}[where]
    with pytest.raises(UsageError, match="cache directory") as caught:
        open_store(path)
    assert repr(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_environment_variable_naming_a_file_is_a_usage_error_naming_the_variable(tmp_path, monkeypatch):
    (tmp_path / "f").write_text("")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "f"))
    with pytest.raises(UsageError, match=ENV_VAR):
        open_store(None)


def test_a_default_directory_that_cannot_be_used_runs_uncached_with_a_warning(tmp_path, monkeypatch):
    (tmp_path / "f").write_text("")
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr("checks.cache.store.default_dir", lambda: tmp_path / "f" / "results")
    store, warning = open_store(None)
    assert store is None and warning is not None and "without a cache" in warning


def test_an_entry_that_cannot_be_written_leaves_no_temporary_file_and_raises_nothing(tmp_path):
    store = Store(tmp_path / "missing")
    store.write(KEY, "m", _slots())
    assert not (tmp_path / "missing").exists()


def test_a_cache_directory_that_is_not_writable_is_a_usage_error(tmp_path, monkeypatch):
    # (chmod cannot make a directory unwritable for root, who may run the suite: ask os.access)
    monkeypatch.setattr("checks.cache.store.os.access", lambda path, mode: False)
    with pytest.raises(UsageError, match="not writable"):
        open_store(str(tmp_path / "c"))
