"""Every test gets a result cache of its own in a fresh temporary directory: the suite never
writes into the user's cache, and no test is answered by what another one left behind."""

from __future__ import annotations

import pytest

from checks.cache.store import ENV_VAR


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("result-cache")))
