"""The HTML report: one self-contained page with MathML steps, badges, counterexamples and SVG figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from checks.model.result import RunResult
from checks.report import plots, render
from checks.report.html import NO_PLOTS, derivation_fragment, render_html, result_fragment
from tests.checks.report.report_fixtures import jacobian, limit, mixed_run, slip


class _Tags(HTMLParser):
    """Counts start tags and collects every attribute value (to look for addresses)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attributes.extend((tag, k, v or "") for k, v in attrs)


def _parsed(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    return tags


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(mixed_run())


def test_the_page_is_one_file_that_fetches_nothing(page):
    tags = _parsed(page)
    assert page.startswith("<!DOCTYPE html>")
    for tag in ("script", "link", "img", "iframe", "object"):
        assert tag not in tags.tags, tag
    fetched = [(t, k, v) for t, k, v in tags.attributes if k in ("src", "href") and not v.startswith("#")]
    assert not fetched
    # The only addresses are the XML namespaces of MathML and SVG, which name and fetch nothing.
    addresses = set(re.findall(r"https?://[^\s\"')]+", page))
    assert addresses == {
        "http://www.w3.org/1998/Math/MathML",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }, addresses


def test_every_step_is_mathml_with_its_justification_and_its_badge(page):
    tags = _parsed(page)
    proof = slip().derivation.proof()
    # the start and three steps of the slip, at least, are each one <math> element
    assert tags.tags["math"] >= len(proof.all_steps) + 1
    assert "mfrac" in tags.tags and "msub" in tags.tags
    for step in proof.all_steps:
        assert step.why in page
    # the summary's, the derivation's and its step 3's
    assert page.count('<span class="sd-badge sd-refuted"') == 3
    assert page.count('<span class="sd-badge sd-verified"') >= 1 + 2 + 2 + 5  # (and two derivations' steps)


def test_a_refuted_step_shows_its_counterexample_with_a_plot_and_a_limit_and_a_jacobian_get_one(page):
    cex = slip().counterexample
    assert "Counterexample</strong> at step 3" in page
    assert f"left <code>{cex.left}</code>, right <code>{cex.right}</code>" in page
    assert "verify-derivations" in page and "--seed 0" in page
    assert _parsed(page).tags["svg"] == 3  # the slip's sides, the limit's sequence, the Jacobian
    ids = re.findall(r'\bid="(fig\d+)-', page)
    assert set(ids) == {"fig1", "fig2", "fig3"}  # each figure's ids apart from the others'


def test_without_matplotlib_the_page_says_how_to_get_plots_once(monkeypatch):
    monkeypatch.setattr(plots, "available", lambda: False)
    page = render_html(mixed_run())
    assert page.count(NO_PLOTS) == 1
    assert "<svg" not in page
    assert "<math" in page


def test_html_is_a_format_of_the_run_renderer():
    run = RunResult((limit(),), 0.5)
    assert render(run, "html") == render_html(run)


def test_notebooks_show_a_derivation_a_result_and_a_claim_as_html():
    import checks

    shown = derivation_fragment(jacobian().derivation)
    assert shown.startswith('<div class="sd-report"><style>') and "<math" in shown
    assert '<span class="sd-badge' not in shown  # nothing checked yet
    assert jacobian().derivation._repr_html_() == shown
    result = slip()._repr_html_()
    assert "sd-refuted" in result and "<svg" in result and "<math" in result
    claim = checks.check("log(exp(a) + exp(b)) >= Max(a, b) + 1")
    shown = claim._repr_html_()
    assert "sd-refuted" in shown and "<math" in shown and "<svg" in shown


def test_figures_in_notebook_cells_never_share_ids():
    first, second = result_fragment(slip()), result_fragment(slip())
    ids = set(re.findall(r'\bid="(nb[^"]+)"', first))
    assert ids and not ids & set(re.findall(r'\bid="([^"]+)"', second))
