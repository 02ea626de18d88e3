"""examples/explore.ipynb runs from top to bottom in a Jupyter kernel and shows what it says."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tests.markdown_commands import ROOT

NOTEBOOK = ROOT / "examples" / "explore.ipynb"


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[list[nbformat.NotebookNode]]:
    return [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebook_is_kept_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_every_cell_runs_and_the_verdicts_are_printed(executed):
    outputs = _outputs(executed)
    assert not [o for cell in outputs for o in cell if o.output_type == "error"]
    printed = ["".join(o.text for o in cell if o.output_type == "stream") for cell in outputs]
    assert "verdict: refuted" in printed[0]
    assert "verdict: verified" in printed[4]


def test_results_and_derivations_show_as_html_with_mathml_and_the_plots_as_pictures(executed):
    outputs = _outputs(executed)
    shown = [next((o.data for o in cell if o.output_type == "execute_result"), {}) for cell in outputs]
    claim, _, answer, derivation, result, _ = shown
    assert (
        "sd-refuted" in claim["text/html"] and "<math" in claim["text/html"] and "<svg" in claim["text/html"]
    )
    assert "text/latex" in claim
    assert "sd-verified" in answer["text/html"]
    assert "<math" in derivation["text/html"] and "sd-badge sd-" not in derivation["text/html"]
    assert result["text/html"].count("sd-badge sd-verified") >= 6 and "<svg" in result["text/html"]
    for plot in (outputs[1], outputs[5]):
        assert any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {}) for o in plot)
