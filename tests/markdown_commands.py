"""The commands and code blocks of a Markdown page, and a runner that checks them as written.

Conventions the pages keep (docs/index.md says so for writers):

- a ``console`` block is a transcript: each ``$ `` line is a command, the lines after it (up to
  the next ``$ `` line) are lines its output must contain, compared with runs of spaces
  collapsed and times (numbers with 2 or 3 decimals: ``0.17``, ``0.201``) masked; a line ``…``
  stands for lines left out;
- a ``bash`` block holds commands only;
- a command states its exit status in a trailing comment, ``# exit 1``; none stated is 0;
- ``> FILE`` at the end sends the standard output to FILE (a temporary directory in the tests);
- ``verify-derivations new NAME`` runs in a temporary directory (it writes ``NAME.py`` there);
- a ``python`` block is run as a script, a ``pycon`` block as a doctest.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from checks.cli import main

ROOT = Path(__file__).resolve().parents[1]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*$")
_EXIT = re.compile(r"\bexit (\d+)\b")
_TIME = re.compile(r"(?<![\w.])\d+\.\d{2,3}(?![\d])")


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, where it starts, and its text."""

    lang: str
    source: str
    text: str


@dataclass(frozen=True)
class Command:
    """One shell command of a page, with the exit status and the output lines it states."""

    source: str
    line: str
    status: int
    expected: tuple[str, ...] = ()

    @property
    def words(self) -> list[str]:
        """The words as the shell splits them (quotes removed)."""
        return shlex.split(self.line)

    @property
    def redirect(self) -> str | None:
        """The file of a trailing ``> FILE``, if any."""
        words = self.words
        return words[-1] if len(words) > 2 and words[-2] == ">" else None


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of ``path`` (indented ones too, as in lists and admonitions)."""
    found: list[Block] = []
    lines = path.read_text().splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        found.append(Block(opening["lang"], f"{path.relative_to(ROOT)}:{i + 1}", "\n".join(body)))
        i = j + 1
    return found


def split_comment(line: str) -> tuple[str, str]:
    """``line`` without its trailing shell comment, and the comment (a ``#`` outside quotes)."""
    quote = ""
    for k, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (k == 0 or line[k - 1].isspace()):
            return line[:k].rstrip(), line[k + 1 :].strip()
    return line.rstrip(), ""


def _commands(source: str, raw: str, expected: tuple[str, ...] = ()) -> list[Command]:
    """The commands of one shell line: ``a && b`` is two, and the stated status and output are
    the last one's."""
    line, comment = split_comment(raw)
    stated = _EXIT.search(comment)
    *first, last = (part.strip() for part in line.split("&&"))
    return [Command(source, part, 0) for part in first] + [
        Command(source, last, int(stated.group(1)) if stated else 0, expected)
    ]


def commands(path: Path) -> list[Command]:
    """Every command in the ``console`` and ``bash`` blocks of ``path``, in order."""
    found: list[Command] = []
    for block in blocks(path):
        if block.lang == "bash":
            for ln in block.text.splitlines():
                if ln.strip():
                    found.extend(_commands(block.source, ln))
        elif block.lang == "console":
            current: str | None = None
            output: list[str] = []
            for ln in [*block.text.splitlines(), "$ "]:
                if ln.startswith("$ "):
                    if current is not None:
                        found.extend(_commands(block.source, current, tuple(output)))
                    current, output = ln[2:], []
                elif ln.strip():
                    output.append(ln)
    return found


def normalised(line: str) -> str:
    """A line as compared: runs of spaces collapsed, times masked."""
    return _TIME.sub("#", " ".join(line.split()))


def missing_lines(expected: tuple[str, ...], output: str) -> list[str]:
    """The expected lines (``…`` aside) that are not lines of ``output``."""
    got = {normalised(ln) for ln in output.splitlines()}
    return [ln for ln in expected if ln.strip() != "…" and normalised(ln) not in got]


#: Outputs of commands already run, by command line: a page and the README show some of the same
#: commands (the whole catalogue among them), and a seeded run gives the same output every time.
_RUNS: dict[str, tuple[int, str]] = {}


def run(
    command: Command, capsys: pytest.CaptureFixture[str], tmp_path: Path, shared: Path | None = None
) -> tuple[int, str]:
    """Run a ``verify-derivations`` or ``pytest`` command from the repository's top folder (the
    caller changes to it); its exit status and its output (stdout then stderr). ``> FILE`` writes
    FILE under ``tmp_path``. A command already run, in this process or (given ``shared``, a
    folder all the xdist workers see) in another worker of the run, is not run again: a worker
    waits for another one running the same command, then reads its output."""
    if command.redirect is not None or shared is None:
        return _run(command, capsys, tmp_path)
    kept = shared / f"{hashlib.sha256(command.line.encode()).hexdigest()}.json"
    with open(kept.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if kept.exists() and command.line not in _RUNS:
            status, output = json.loads(kept.read_text())
            _RUNS[command.line] = (status, output)
        status, output = _run(command, capsys, tmp_path)
        if not kept.exists() and command.line in _RUNS:
            kept.write_text(json.dumps([status, output]))
    return status, output


def _run(command: Command, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[int, str]:
    """:func:`run` in this process (its own runs kept in ``_RUNS``)."""
    words = command.words
    redirect: Path | None = None
    if command.redirect is not None:
        redirect, words = tmp_path / command.redirect, words[:-2]
    elif command.line in _RUNS:
        return _RUNS[command.line]
    if words[:2] == ["verify-derivations", "new"]:
        # It writes a file: in a folder of its own, never in the repository.
        here = os.getcwd()
        os.chdir(tmp_path)
        try:
            status = main(words[1:])
        finally:
            os.chdir(here)
        return status, "".join(capsys.readouterr())
    if words[0] == "verify-derivations":
        status = main(words[1:])
        out, err = capsys.readouterr()
    elif words[0] == "pytest":
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *words[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        status, out, err = proc.returncode, proc.stdout, proc.stderr
    else:
        raise AssertionError(f"{command.source}: no runner for {command.line!r}")
    if redirect is not None:
        redirect.write_text(out)
        return status, err
    _RUNS[command.line] = (status, out + err)
    return status, out + err
