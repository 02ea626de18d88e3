"""``verify-derivations --format html -o FILE``: the report of a run or a file, written where asked."""

from __future__ import annotations

from checks.cli import main
from tests.checks.report.report_fixtures import SIGN_SLIP


def test_a_derivation_file_gets_an_html_report_in_the_file_named_and_one_line_on_stdout(tmp_path, capsys):
    out = tmp_path / "report.html"
    status = main([str(SIGN_SLIP), "--format", "html", "-o", str(out)])
    printed = capsys.readouterr().out
    assert status == 1  # the slip is refuted: the exit status is the run's, whatever the format
    assert printed == f"wrote {out} (1 derivations: 0 verified, 1 refuted, 0 inconclusive)\n"
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "ce_gradient_sign_slip" in page
    # the steps come from the derivation, re-attached after the check ran in a child process
    assert page.count("<math") >= 4 and "<svg" in page


def test_catalogue_names_get_a_report_on_stdout_without_output(capsys):
    status = main(["sigmoid_derivative", "--format", "html"])
    page = capsys.readouterr().out
    assert status == 0 and page.startswith("<!DOCTYPE html>") and page.count('id="sigmoid_derivative"') == 1


def test_an_output_that_cannot_be_written_is_a_usage_error(tmp_path, capsys):
    status = main(["sigmoid_derivative", "--format", "html", "-o", str(tmp_path / "no" / "such" / "r.html")])
    assert status == 2
    assert "cannot write" in capsys.readouterr().err
