"""Reading a document: the format from the extension, sniffed on standard input, notebook cells
mapped back to the lines of the .ipynb file."""

from __future__ import annotations

import io
import json
import sys

import pytest

from checks.documents.sources import from_text, is_document, read_source, sniff
from checks.errors import UsageError


def test_documents_are_recognised_by_their_extension_and_a_dash_is_standard_input():
    assert [is_document(t) for t in ("hw.md", "hw.TEX", "hw.ipynb", "-", "my_derivation.py", "E03")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_standard_input_is_sniffed_when_no_format_is_given():
    assert sniff('{"cells": []}') == "notebook"
    assert sniff("\\documentclass{article}") == "latex"
    assert sniff("# A homework\n$$ x = 1 $$") == "markdown"


def test_standard_input_is_read_with_the_format_given(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"% verify: o: logits\n\\[ a = b \\]\n")))
    source = read_source("-", "tex")
    assert (source.path, source.format) == ("<stdin>", "latex")


def _notebook() -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "\n", "$$ x = 1 $$"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["$$ 1 = 2 $$"]},
        {"cell_type": "markdown", "metadata": {}, "source": "plain\n$$ y = 2 $$"},
    ]
    return json.dumps({"cells": cells, "metadata": {"verify": {"o": "logits[3]"}}, "nbformat": 4}, indent=1)


def test_a_notebook_keeps_its_markdown_cells_and_their_lines_in_the_file():
    text = _notebook()
    source = from_text(text, "hw.ipynb", "notebook")
    assert [s.cell for s in source.segments] == [1, 3]
    where = source.segments[0].locate(source.segments[0].text.index("$$"))
    assert (where.cell, where.column) == (1, 1)
    assert '"$$ x = 1 $$"' in text.splitlines()[where.line - 1]
    assert source.metadata == {"o": "logits[3]"}


def test_a_file_that_is_no_notebook_is_bad_input_with_its_place():
    with pytest.raises(UsageError, match=r"hw.ipynb:1: not a notebook"):
        from_text("{not json", "hw.ipynb", "notebook")
    with pytest.raises(UsageError, match="no list of cells"):
        from_text('{"cells": 3}', "hw.ipynb", "notebook")


def test_a_missing_file_and_bytes_that_are_not_utf8_are_bad_input(tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        read_source(str(tmp_path / "missing.md"))
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe$$")
    with pytest.raises(UsageError, match="not UTF-8"):
        read_source(str(bad))


def test_a_markdown_note_quoting_begin_document_in_a_code_span_stays_markdown():
    # Read as LaTeX, every formula before the quoted words was dropped (a wrong one with them).
    text = "$$ (a+b)^2 = a^2 + b^2 $$\n\nPut it after `\\begin{document}` in your file.\n"
    assert sniff(text) == "markdown"
    assert sniff("\\documentclass{article}\n\\begin{document}\n$x = x$\n\\end{document}\n") == "latex"
