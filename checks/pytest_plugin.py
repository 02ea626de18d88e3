"""pytest plugin: collect ``derivation_*.py`` files (and, on request, the catalogue) as test items."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from checks.model import Derivation
from checks.model.result import DerivationResult, Verdict

if TYPE_CHECKING:
    from checks.cli.cached import Partial


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivations", "softmax-regression derivations")
    group.addoption(
        "--verify-catalogue",
        action="store_true",
        default=False,
        help="verify every derivation of the installed catalogue as a test item",
    )
    group.addoption(
        "--derivations-no-cache",
        action="store_true",
        default=False,
        help="verify the catalogue from scratch: neither read nor write the result cache",
    )
    group.addoption(
        "--derivations-cache-dir",
        default=None,
        metavar="DIR",
        help="the result cache's directory (default: $VERIFY_DERIVATIONS_CACHE_DIR, else the user's "
        "cache directory)",
    )
    parser.addini(
        "derivation_files",
        type="args",
        default=["derivation_*.py"],
        help="glob patterns of files whose Derivation objects are collected as test items",
    )


class DerivationNotVerified(Exception):
    """Raised by an item whose derivation is refuted or inconclusive."""

    def __init__(self, result: DerivationResult) -> None:
        super().__init__(result.verdict.value)
        self.result = result


class DerivationItem(pytest.Item):
    """One derivation as a test: passes only when verified."""

    def __init__(
        self, *, derivation: Derivation, target: str, cache: Partial | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.derivation = derivation
        self.target = target
        self.cache = cache

    def runtest(self) -> None:
        from checks.engine.verify import verify

        chosen = [(self.derivation, self.target)]
        result = self.cache.known(chosen).get(0) if self.cache is not None else None
        if result is None:
            result = verify(self.derivation, target=self.target)
            if self.cache is not None:
                self.cache.save(chosen, {0: result})
        if result.verdict is not Verdict.VERIFIED:
            raise DerivationNotVerified(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, DerivationNotVerified):
            from checks.report.text import failure_message

            return failure_message(excinfo.value.result)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"derivation {self.derivation.name} ({self.derivation.exercise})"


class DerivationFile(pytest.File):
    """A user's file of derivations."""

    def collect(self) -> Iterator[DerivationItem]:
        from checks.cli.loader import load_file

        for derivation in load_file(str(self.path)):
            yield DerivationItem.from_parent(
                self, name=derivation.name, derivation=derivation, target=str(self.path)
            )


def _catalogue_cache(config: pytest.Config) -> Partial | None:
    """The result cache for the catalogue's items (the CLI's, with its default options); a user's
    file is never answered from it (see :func:`checks.cli.cached.answer`)."""
    import warnings

    from checks.cache.key import options
    from checks.cache.store import open_store
    from checks.cli.cached import Partial, open_cache
    from checks.errors import UsageError

    try:
        store, warning = open_store(
            config.getoption("--derivations-cache-dir"),
            enabled=not config.getoption("--derivations-no-cache"),
        )
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    if warning is not None:
        warnings.warn(pytest.PytestWarning(warning), stacklevel=1)
    # (the options of verify()'s defaults, which are the command's: the two share entries)
    cache = open_cache(store, options(0, 24, 10.0))
    return None if cache is None else Partial(cache)


class CatalogueFile(pytest.File):
    """The installed catalogue, collected once per session under --verify-catalogue; a derivation
    whose finished result is in the cache passes or fails on it, without being checked again."""

    def collect(self) -> Iterator[DerivationItem]:
        cache = _catalogue_cache(self.config)  # (keyed before the catalogue is imported)
        import derivations

        for derivation in derivations.all():
            yield DerivationItem.from_parent(
                self, name=derivation.name, derivation=derivation, target=derivation.name, cache=cache
            )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    patterns = parent.config.getini("derivation_files")
    if file_path.suffix == ".py" and any(fnmatch.fnmatch(file_path.name, p) for p in patterns):
        return DerivationFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("--verify-catalogue"):
        import derivations

        catalogue = CatalogueFile.from_parent(session, path=Path(derivations.__file__))
        items.extend(catalogue.collect())
