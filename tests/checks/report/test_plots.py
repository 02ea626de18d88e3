"""Figures: a failing link along a line through its counterexample, a limit's sequence, a heat map."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

import checks
from checks.report import plots
from tests.checks.report.report_fixtures import jacobian, limit, slip


def _lines(figure: Figure) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {
        line.get_label(): (np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float))
        for ax in figure.axes
        for line in ax.get_lines()
    }


def test_a_refuted_step_is_plotted_along_a_line_with_its_counterexample_marked():
    result = slip()
    cex = result.counterexample
    figure = result.plot()
    lines = _lines(figure)
    # The tutorial's slip at o = (0, 0), y = (0, 1), entry (0, 0): left 0.5, right -0.5.
    xs, marked = lines["the point"]
    assert list(xs) == [0.0, 0.0]
    assert marked == pytest.approx([float(cex.left), float(cex.right)])
    left_x, left_y = lines["left, entry (0, 0)"]
    assert left_x.min() < 0 < left_x.max() and np.isfinite(left_y).all()
    # the difference as a heat map beside it, the failing entry framed
    assert len(figure.axes) >= 2 and figure.axes[1].get_images()


def test_the_two_sides_are_evaluated_by_the_projects_evaluator_at_every_point_of_the_line():
    figure = slip().plot()
    xs, left = _lines(figure)["left, entry (0, 0)"]
    _, right = _lines(figure)["right, entry (0, 0)"]
    # left: s0·(y0 + y1) - y0 = s0 at y = (0, 1); right: y0 - s0 = -s0; o1 stays at 0
    s0 = 1 / (1 + np.exp(-xs))
    assert left == pytest.approx(s0) and right == pytest.approx(-s0)


def test_a_limit_is_plotted_as_its_sequence_approaching_the_claimed_value():
    figure = limit().plot()
    lam, start = _lines(figure)["the start"]
    _, value = _lines(figure)["the claimed limit"]
    assert lam[-1] > 100 * lam[0]  # λ grows along the x axis
    gaps = np.abs(start - value)
    assert gaps[-1] < 1e-2 < gaps[0]
    assert np.all(np.diff(gaps) <= 1e-12)  # λ⁻¹ LSE falls to max(a, b) without turning back


def test_a_jacobian_is_a_heat_map_of_its_value_at_a_point():
    figure = jacobian().plot()
    (image,) = figure.axes[0].get_images()
    grid = np.asarray(image.get_array())
    assert grid.shape == (4, 4)  # shown at n = 4 (2 × 2 says little)
    assert grid == pytest.approx(grid.T)  # diag(s) - s sᵀ is symmetric
    assert grid.sum(axis=1) == pytest.approx(np.zeros(4), abs=1e-12)  # its rows sum to 0


def test_a_refuted_claim_is_plotted_and_a_verified_one_has_nothing_to_plot():
    refuted = checks.check("log(exp(a) + exp(b)) >= Max(a, b) + 1")
    _, marked = _lines(refuted.plot())["the point"]
    assert marked == pytest.approx([np.log(2), 1.0])  # at a = b = 0
    verified = checks.check("log(exp(a) + exp(b)) > Max(a, b)")
    with pytest.raises(ValueError, match="refuted"):
        verified.plot()


def test_a_figure_shows_itself_in_a_notebook_as_svg_without_pyplot():
    shown = limit().plot()._repr_svg_()
    assert shown.startswith("<svg") and 'id="plot' in shown


def test_svg_is_inline_and_its_ids_carry_the_prefix():
    text = plots.svg(slip().plot(), "p7")
    assert text.startswith("<svg") and "<?xml" not in text and "<metadata" not in text
    assert 'id="p7-' in text and 'href="#p7-' in text
    assert "url(#" not in text.replace("url(#p7-", "")


def test_without_matplotlib_a_plot_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert not plots.available()
    with pytest.raises(plots.PlotsUnavailable, match=r"pip install softmax-derivations\[report\]"):
        slip().plot()
