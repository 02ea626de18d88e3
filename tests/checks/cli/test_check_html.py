"""``verify-derivations check … --format html -o FILE``: a claim or a batch as one page."""

from __future__ import annotations

import json

from checks.cli import main


def test_a_refuted_claim_gets_a_page_with_its_mathml_its_counterexample_and_a_plot(tmp_path, capsys):
    out = tmp_path / "r.html"
    claim = "diff(softmax(x)[0], x[1]) = softmax(x)[0]*(1 - softmax(x)[1])"
    status = main(["check", claim, "--vector", "x:3", "--format", "html", "-o", str(out)])
    assert status == 1 and capsys.readouterr().out == f"wrote {out} (1 claim)\n"
    page = out.read_text()
    assert "<math" in page and "<svg" in page and "sd-refuted" in page
    assert "off-diagonal entries are -s_i s_j; you wrote s_i(1 - s_j)" in page


def test_a_batch_gets_one_section_per_line_with_its_id(tmp_path, capsys):
    answers = tmp_path / "answers.jsonl"
    lines = [
        {"id": "ada", "result": "E03.off_diagonal", "answer": "-s_{0} s_{1}"},
        {"id": "ben", "result": "E03.off_diagonal", "answer": "s_{0}(1 - s_{1})"},
    ]
    answers.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "batch.html"
    status = main(["check", "--file", str(answers), "--format", "html", "-o", str(out)])
    assert status == 1
    page = out.read_text()
    assert page.count('<section class="sd-item">') == 2
    assert "ada: " in page and "ben: " in page and page.count("<svg") == 1


def test_a_batch_with_a_malformed_line_gets_a_page_with_that_line_as_an_error(tmp_path, capsys):
    # The unreadable line was never run: it has no outcome, which crashed the page (KeyError).
    answers = tmp_path / "answers.jsonl"
    answers.write_text('not json\n{"id": "cy", "claim": "x = x"}\n')
    out = tmp_path / "batch.html"
    status = main(["check", "--file", str(answers), "--format", "html", "-o", str(out)])
    assert status == 3
    page = out.read_text()
    assert "line 1: not valid JSON" in page and "cy: " in page
