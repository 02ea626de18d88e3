"""The one reporter: every output format of a run, each in its own module.

:func:`render` dispatches on the format; the engine never prints.
"""

from __future__ import annotations

from checks.model.result import RunResult
from checks.report.json_report import render_json
from checks.report.junit import printable, render_junit
from checks.report.text import render_text

FORMATS = ("text", "json", "junit", "html")


def render(run: RunResult, fmt: str) -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return printable(render_json(run))
    if fmt == "junit":
        return render_junit(run)
    if fmt == "html":
        from checks.report.html import render_html  # (MathML and figures: only when asked)

        return render_html(run)
    return printable(render_text(run))
