"""The HTML report in a real browser (headless Chromium): no console errors, the MathML laid out
as mathematics and the SVG figures drawn with a size, and a screenshot.

``SCREENSHOT_TO_DOCS=1`` copies the screenshot to docs/images/report.png (the docs' picture).
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from checks.report.html import render_html
from tests.browser import measure, screenshot
from tests.checks.report.report_fixtures import mixed_run
from tests.markdown_commands import ROOT


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(mixed_run()))
    return path


@pytest.fixture(scope="module")
def measured(report):
    return measure(report)


def test_the_report_loads_without_a_console_error(measured):
    found, log = measured
    assert found["errors"] == []
    assert not re.findall(r"CONSOLE.*(?:error|Uncaught)", log, flags=re.IGNORECASE)


def test_every_math_element_is_laid_out_as_mathematics_with_a_size(measured, report):
    found, _ = measured
    count = report.read_text().count("<math ")
    assert len(found["math"]) == count > 10
    assert all(m["display"] in ("math", "block math", "inline math") for m in found["math"]), found["math"]
    assert all(m["width"] > 0 and m["height"] > 0 for m in found["math"]), found["math"]
    # A fraction is stacked (its denominator below its numerator): the browser did MathML layout.
    assert found["fractions"] and all(gap is not None and gap > 5 for gap in found["fractions"])


def test_every_figure_is_drawn_with_a_size(measured):
    found, _ = measured
    assert len(found["svg"]) == 3
    for svg in found["svg"]:
        assert svg["width"] > 200 and svg["height"] > 100 and svg["paths"] > 20, svg


def test_the_probe_sees_a_console_error_when_there_is_one(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head></head><body><script>console.error('boom')</script></body></html>"
    )
    found, _ = measure(broken)
    assert found["errors"] == ["console.error: boom"]


def test_a_screenshot_of_the_report(report, tmp_path):
    shot = tmp_path / "report.png"
    screenshot(report, shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("SCREENSHOT_TO_DOCS"):
        (ROOT / "docs" / "images").mkdir(exist_ok=True)
        shutil.copy(shot, ROOT / "docs" / "images" / "report.png")
