"""The pytest plugin's catalogue items answer from the result cache the CLI fills, unless told not to."""

from __future__ import annotations

import json
import subprocess
import sys

from checks.cache.catalogue import units
from checks.cache.key import options

NAME = "sigmoid_derivative"


def _pytest(folder, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--verify-catalogue"]
    command += ["-k", NAME, *extra]
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, check=False)


def test_catalogue_items_are_answered_from_the_cache_and_no_cache_checks_them_again(tmp_path):
    folder, cache = tmp_path / "project", tmp_path / "cache"
    folder.mkdir()
    first = _pytest(folder, "--derivations-cache-dir", str(cache))
    assert first.returncode == 0 and "1 passed" in first.stdout, first.stdout + first.stderr
    key = next(u.key for u in units(options(0, 24, 10.0)) or [] if u.module == NAME)
    entry = json.loads((cache / f"{key}.json").read_text())
    assert entry["derivations"][0]["result"]["verdict"] == "verified"
    # A well-formed entry under the right key is believed: make it say refuted.
    entry["derivations"][0]["result"]["verdict"] = "refuted"
    (cache / f"{key}.json").write_text(json.dumps(entry))
    believed = _pytest(folder, "--derivations-cache-dir", str(cache))
    assert believed.returncode == 1 and "1 failed" in believed.stdout
    fresh = _pytest(folder, "--derivations-cache-dir", str(cache), "--derivations-no-cache")
    assert fresh.returncode == 0 and "1 passed" in fresh.stdout
    assert json.loads((cache / f"{key}.json").read_text()) == entry  # (nor written)


def test_a_cache_directory_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("")
    proc = _pytest(tmp_path, "--derivations-cache-dir", str(tmp_path / "f"))
    assert proc.returncode == 4 and "cache directory" in proc.stderr + proc.stdout
