"""A document read from a file or standard input: its format, and its text as segments
(a notebook's markdown cells each one, with the file lines their JSON strings are on)."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.documents.locations import Segment
from checks.errors import UsageError

MAX_BYTES = 8 * 1024 * 1024
FORMATS = ("markdown", "latex", "notebook")
_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".ltx": "latex",
    ".ipynb": "notebook",
}
#: What ``--input-format`` accepts, and the format each word means.
FORMAT_WORDS = {"md": "markdown", "markdown": "markdown", "tex": "latex", "latex": "latex"}
FORMAT_WORDS |= {"ipynb": "notebook", "notebook": "notebook"}


@dataclass(frozen=True)
class Source:
    """A document: its path as shown (``<stdin>`` for ``-``), its format, its segments, and a
    notebook's own metadata declarations (``metadata.verify``)."""

    path: str
    format: str
    segments: tuple[Segment, ...]
    metadata: Any = field(default=None)


def is_document(target: str) -> bool:
    """Whether a command-line target names a document (or ``-``, standard input)."""
    return target == "-" or Path(target).suffix.lower() in _SUFFIXES


def read_source(target: str, input_format: str | None = None) -> Source:
    """Read ``target`` (a path, or ``-`` for standard input) as a document; bad input is a
    :class:`UsageError`."""
    fmt = FORMAT_WORDS.get(input_format or "", None)
    if input_format is not None and fmt is None:
        raise UsageError(f"unknown --input-format {input_format!r}; use md, tex or ipynb")
    if target == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        path = "<stdin>"
    else:
        try:
            with open(target, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {target!r}: {exc.strerror}") from None
        path = target
        fmt = fmt or _SUFFIXES.get(Path(target).suffix.lower())
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return from_text(text, path, fmt or sniff(text))


def from_text(text: str, path: str, fmt: str) -> Source:
    """A document from its text; ``fmt`` is markdown, latex or notebook."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "notebook":
        return _notebook(text, path)
    return Source(path, fmt, (Segment(path, text),))


def sniff(text: str) -> str:
    """The format of text from standard input with no ``--input-format``: a JSON object with
    cells is a notebook, ``\\documentclass`` or ``\\begin{document}`` LaTeX, else Markdown."""
    stripped = text.lstrip()
    if stripped.startswith("{") and '"cells"' in stripped:
        return "notebook"
    # At the start of a line only: a Markdown note may quote `\begin{document}` in a code span.
    if re.search(r"^[ \t]*\\(documentclass|begin\{document\})", text, re.M):
        return "latex"
    return "markdown"


def _notebook(text: str, path: str) -> Source:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not a notebook (invalid JSON: {exc.msg})") from None
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if not isinstance(cells, list):
        raise UsageError(f"{path}: not a notebook (no list of cells)")
    segments = []
    position = 0
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise UsageError(f"{path}: cell {number} is not a JSON object")
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else str(source).splitlines(keepends=True)
        if not all(isinstance(line, str) for line in lines):
            raise UsageError(f"{path}: the source of cell {number} is not text")
        file_lines, position = _file_lines(text, lines, position)
        if cell.get("cell_type") == "markdown":
            segments.append(Segment(path, "".join(lines), file_lines, cell=number))
    metadata = doc.get("metadata", {}).get("verify") if isinstance(doc.get("metadata"), dict) else None
    return Source(path, "notebook", tuple(segments), metadata)


def _file_lines(text: str, lines: list[str], position: int) -> tuple[list[int], int]:
    """The file line of each source line's JSON string, found in order from ``position`` (a
    notebook written with one string per line, as Jupyter writes them); where one is not
    found, the line of the one before."""
    found: list[int] = []
    counted, last = position, text.count("\n", 0, position) + 1
    for line in lines:
        for encoded in (json.dumps(line, ensure_ascii=False), json.dumps(line)):
            at = text.find(encoded, position)
            if at >= 0:
                last += text.count("\n", counted, at)
                counted, position = at, at + len(encoded)
                break
        found.append(last)
    return found, position
