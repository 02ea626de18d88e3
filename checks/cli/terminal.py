"""What a person at a terminal sees beyond the plain output: colour, and progress while a run goes.

Both are for a terminal only. Piped output, and every machine format, is exactly the plain text:
no colour codes, nothing on stderr while the run goes. ``rich`` draws both; it is imported only
when a terminal is there to draw on.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any, TextIO

from checks.report.text import Painter

COLOR_CHOICES = ("auto", "always", "never")

#: The style of each verdict word (``rich`` style names).
STYLES = {"verified": "green", "refuted": "bold red", "inconclusive": "yellow", "unreadable": "magenta"}

#: Progress appears only once a run has taken this long: a quick run shows nothing extra.
PROGRESS_AFTER = 1.0


def plain(verdict: str, text: str) -> str:
    """The painter that adds nothing."""
    return text


def paint(verdict: str, text: str) -> str:
    """``text`` in the colour of ``verdict`` (ANSI codes); unknown verdicts stay plain."""
    from rich.color import ColorSystem
    from rich.style import Style

    style = STYLES.get(verdict.lower())
    return Style.parse(style).render(text, color_system=ColorSystem.STANDARD) if style else text


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (a closed or odd stream is not)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def wants_colour(choice: str, stream: TextIO) -> bool:
    """``--color``: ``always`` and ``never`` say it; ``auto`` colours a terminal unless ``NO_COLOR``
    is set and not empty (no-color.org: a command-line option overrides it) or ``TERM=dumb``."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def painter(choice: str, stream: TextIO) -> Painter:
    """:func:`paint` where :func:`wants_colour` says so, else :func:`plain`."""
    return paint if wants_colour(choice, stream) else plain


#: Held while the progress display writes, and across every fork: the checks run in forked child
#: processes, and a child forked in the middle of a write from the display's thread would inherit
#: the stream's lock held by a thread it does not have, and hang at its first write to stderr.
_WRITING = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_WRITING.acquire, after_in_parent=_WRITING.release, after_in_child=_WRITING.release
    )


class _Guarded:
    """A stream whose writes and flushes hold :data:`_WRITING`; the rest is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _WRITING:
            return self._stream.write(text)

    def flush(self) -> None:
        with _WRITING:
            self._stream.flush()

    def isatty(self) -> bool:
        return is_terminal(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Progress:
    """Rows as they finish and a bar, on a terminal, while a run goes; erased when it ends.

    Nothing is drawn in the first :data:`PROGRESS_AFTER` seconds, and nothing at all unless
    ``enabled`` (the caller decides: stderr a terminal, a text format). Use as a context manager
    and call :meth:`add` with each finished row; the row's cells and the verdict among them.
    """

    def __init__(
        self,
        total: int,
        noun: str,
        *,
        enabled: bool,
        colour: bool = True,
        stream: TextIO | None = None,
        after: float = PROGRESS_AFTER,
    ) -> None:
        self.total, self.noun, self.enabled, self.colour = total, noun, enabled, colour
        self.stream, self.after = stream, after
        self.rows: list[tuple[tuple[str, ...], str]] = []
        self.done = 0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._live: Any = None
        self._bar: Any = None
        self._task: Any = None
        self._stopped = False
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        if self.enabled:
            self._timer = threading.Timer(self.after, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
            if self._live is not None:
                self._live.stop()

    def add(self, cells: Sequence[str], verdict: str) -> None:
        """One finished row: its cells (the verdict among them, painted) and its verdict."""
        with self._lock:
            self.rows.append((tuple(cells), verdict))
            self.done += 1
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)

    def _start(self) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, SpinnerColumn, TextColumn
        from rich.progress import Progress as Bar
        from rich.text import Text

        started = self._started

        class Since(ProgressColumn):  # the seconds since the run began, not since the bar appeared
            def render(self, task: Any) -> Text:
                return Text(f"{time.monotonic() - started:.0f} s", style="progress.elapsed")

        with self._lock:
            if self._stopped:
                return
            console = Console(
                file=_Guarded(self.stream or sys.stderr),  # type: ignore[arg-type]
                no_color=not self.colour,
                highlight=False,
                markup=False,
            )
            self._bar = Bar(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                Since(),
                console=console,
            )
            self._task = self._bar.add_task(self.noun, total=self.total, completed=self.done)
            self._live = Live(
                get_renderable=self._render,
                console=console,
                transient=True,
                refresh_per_second=8,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()

    def _render(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        # The latest rows that fit above the bar: older ones scroll away, as in a log.
        room = max(self._live.console.size.height - 2, 1) if self._live is not None else 20
        grid = Table.grid(padding=(0, 2))
        for cells, verdict in self.rows[-room:]:
            style = STYLES.get(verdict, "") if self.colour else ""
            grid.add_row(*(Text(c, style=style if c == verdict else "") for c in cells))
        return Group(grid, self._bar) if self.rows else self._bar
