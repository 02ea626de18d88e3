"""The one reporter: every output format of a run, each in its own module.

:func:`render` dispatches on the format; the engine never prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.model.result import RunResult, Verdict
from checks.report.github import Place, render_github
from checks.report.json_report import render_json
from checks.report.junit import printable, printable_except, render_junit
from checks.report.text import Painter, render_text

FORMATS = ("text", "json", "junit", "github", "html")


def render(
    run: RunResult, fmt: str, *, paint: Painter | None = None, places: Sequence[Place] | None = None
) -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`). ``paint`` colours the text format's verdicts
    (on a terminal); ``places`` says where each result's derivation is defined (for ``github``)."""
    if fmt == "json":
        return printable(render_json(run))
    if fmt == "junit":
        return render_junit(run)
    if fmt == "html":
        from checks.report.html import render_html  # (MathML and figures: only when asked)

        return render_html(run)
    if fmt == "github":
        return render_github(run, places)
    if paint is not None:
        # The painter's own codes stay; any other control character is replaced, as without colour.
        codes = [c for v in Verdict for c in paint(v.value, "\x00").split("\x00")]
        return printable_except(render_text(run, paint=paint), codes)
    return printable(render_text(run))
