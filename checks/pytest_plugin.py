"""pytest plugin: collect ``derivation_*.py`` files (and, on request, the catalogue) as test items."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checks.model import Derivation
from checks.model.result import DerivationResult, Verdict


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivations", "softmax-regression derivations")
    group.addoption(
        "--verify-catalogue",
        action="store_true",
        default=False,
        help="verify every derivation of the installed catalogue as a test item",
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

    def __init__(self, *, derivation: Derivation, target: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.derivation = derivation
        self.target = target

    def runtest(self) -> None:
        from checks.engine.verify import verify

        result = verify(self.derivation, target=self.target)
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


class CatalogueFile(pytest.File):
    """The installed catalogue, collected once per session under --verify-catalogue."""

    def collect(self) -> Iterator[DerivationItem]:
        import derivations

        for derivation in derivations.all():
            yield DerivationItem.from_parent(
                self, name=derivation.name, derivation=derivation, target=derivation.name
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
