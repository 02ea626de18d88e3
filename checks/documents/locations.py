"""Where a character of a document is: its file, line and column (and a notebook's cell)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """``path:line:column`` (1-based), with the notebook cell (1-based) when there is one."""

    path: str
    line: int
    column: int
    cell: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Segment:
    """A piece of text read from one file (a whole Markdown or LaTeX file, or one notebook
    cell), and where each of its characters is in that file.

    ``file_lines[k]`` is the file line that holds line ``k`` (from 0) of the text: the same
    numbers for a plain file, the lines of the JSON strings for a notebook cell.
    """

    def __init__(
        self, path: str, text: str, file_lines: Sequence[int] | None = None, cell: int | None = None
    ):
        self.path = path
        self.text = text
        self.cell = cell
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        count = len(self._starts)
        self._file_lines = list(file_lines) if file_lines is not None else list(range(1, count + 1))
        while len(self._file_lines) < count:  # a source shorter than its text: the last line on
            self._file_lines.append(self._file_lines[-1] if self._file_lines else 1)

    def locate(self, offset: int) -> Location:
        """The location of the character at ``offset`` of the text."""
        offset = max(0, min(offset, len(self.text)))
        row = bisect.bisect_right(self._starts, offset) - 1
        return Location(self.path, self._file_lines[row], offset - self._starts[row] + 1, self.cell)
