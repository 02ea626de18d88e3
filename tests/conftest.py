"""Every test gets a result cache of its own in a fresh temporary directory: the suite never
writes into the user's cache, and no test is answered by what another one left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.cache.store import ENV_VAR


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("result-cache")))


@pytest.fixture(scope="session")
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (each worker's temporary folders are in the
    run's; without xdist, the run's own)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    folder.mkdir(exist_ok=True)
    return folder
