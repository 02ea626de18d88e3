"""Parsing shared by every subcommand: one-line errors with exit status 2 and a suggestion for a
near miss, help that keeps its examples' lines, value types, the version."""

from __future__ import annotations

import argparse
import difflib
import re
from typing import Any, NoReturn

from checks.errors import UsageError

EXIT_USAGE = 2

_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<words>.*)")
_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>[^)]*)\)")


def close_match(word: str, choices: list[str], cutoff: float = 0.6) -> str | None:
    """The choice ``word`` most likely misspells, if one is close enough."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None


class _Formatter(argparse.HelpFormatter):
    """Help that wraps a one-paragraph text and keeps the lines of one written in lines (the
    examples), as they are."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2, with a suggestion for a
    misspelt option or choice (``--formt`` → did you mean --format?), and whose help keeps the
    line breaks of its description and examples."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message + self._suggestion(message))

    def _suggestion(self, message: str) -> str:
        unrecognized = _UNRECOGNIZED.search(message)
        if unrecognized:
            options = [o for o in self._option_string_actions if o.startswith("--")]
            for word in unrecognized["words"].split():
                match = close_match(word.split("=", 1)[0], options) if word.startswith("-") else None
                if match:
                    return f"; did you mean {match}?"
            return ""
        invalid = _INVALID_CHOICE.search(message)
        if invalid:
            # Quoted or not, as Python versions differ: 'text', 'json' or text, json.
            choices = [c.strip().strip("'") for c in invalid["choices"].split(",")]
            match = close_match(invalid["given"], choices)
            return f"; did you mean {match}?" if match else ""
        return ""


def version() -> str:
    """The installed version of the package (``unknown`` when run from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("softmax-derivations")
    except PackageNotFoundError:
        return "unknown"


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected 0 < seconds <= 3600, got {text!r}")
    return value
