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


def test_what_a_derivation_file_prints_goes_to_stderr_and_the_json_report_stays_valid(tmp_path):
    import json
    import subprocess
    import sys

    source = (
        "from checks import ClaimKind, Derivation, Kind, Proof, Step, Var\n"
        "print('hello from import')\n"
        "def build(n):\n"
        "    print('noise in build')\n"
        "    x = Var('x', Kind.REAL)\n"
        "    return Proof(variables=(x,), start=2 * x.sym, steps=(Step(x.sym + x.sym, 'x + x'),),\n"
        "                 reference=lambda p: 2 * p['x'])\n"
        "noisy = Derivation(name='noisy', exercise='T1', title='t', source='s', kind=ClaimKind.IDENTITY,\n"
        "                   statement='2x = x + x', build=build, dims=())\n"
    )
    path = tmp_path / "noisy.py"
    path.write_text(source)
    proc = subprocess.run(
        [sys.executable, "-m", "checks", str(path), "--format", "json", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["derivations"][0]["verdict"] == "verified"
    assert "hello from import" in proc.stderr and "noise in build" in proc.stderr
