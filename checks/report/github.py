"""GitHub Actions workflow commands: an annotation on a file's line (``::error file=…::…``)."""

from __future__ import annotations

LEVELS = ("error", "warning", "notice")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command, e.g. ``::error file=hw.md,line=12,col=3,title=refuted::…``; the
    message may have several lines (escaped as GitHub wants them)."""
    if level not in LEVELS:
        raise ValueError(f"unknown annotation level {level!r}; use one of {', '.join(LEVELS)}")
    properties = [
        f"{key}={_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("col", col), ("title", title))
        if value is not None
    ]
    head = f"::{level} {','.join(properties)}" if properties else f"::{level}"
    return f"{head}::{_data(message)}"
