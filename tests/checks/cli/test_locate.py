"""Where a derivation is defined, for a CI annotation: its file and the line of the call naming it."""

from __future__ import annotations

from pathlib import Path

import derivations
from checks.cli import main
from checks.cli.loader import load_file
from checks.cli.locate import definition_line, where

ROOT = Path(__file__).resolve().parents[3]
SIGN_SLIP = "docs/examples/tutorial_sign_slip.py"


def _line_of(path: Path, text: str) -> int:
    return next(k for k, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_a_derivation_file_points_at_the_line_of_its_definition(monkeypatch):
    monkeypatch.chdir(ROOT)
    (d,) = load_file(SIGN_SLIP)
    assert where(d, SIGN_SLIP) == (
        SIGN_SLIP,
        _line_of(ROOT / SIGN_SLIP, "ce_gradient_sign_slip = Derivation("),
    )


def test_a_catalogue_derivation_made_by_a_helper_points_at_the_call_that_names_it(monkeypatch):
    monkeypatch.chdir(ROOT)
    path, line = where(derivations.get("logsumexp_gradient"), "logsumexp_gradient")
    assert path == "derivations/logsumexp.py"
    assert line == _line_of(ROOT / path, "logsumexp_gradient = _d(")


def test_a_derivation_outside_the_working_folder_has_no_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert where(derivations.get("logsumexp_gradient"), "logsumexp_gradient") == (None, None)


def test_a_name_no_call_gives_has_no_line(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("x = make('other')\n")
    assert definition_line(str(path), "mine") is None
    assert definition_line(str(tmp_path / "missing.py"), "mine") is None


def test_the_github_format_of_a_run_annotates_the_refuted_derivation_at_its_definition(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main([SIGN_SLIP, "sigmoid_derivative", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    line = _line_of(ROOT / SIGN_SLIP, "ce_gradient_sign_slip = Derivation(")
    assert lines[0].startswith(
        f"::error file={SIGN_SLIP},line={line},title=ce_gradient_sign_slip%3A refuted at step 3::"
        'ce_gradient_sign_slip: REFUTED at step 3 of 3 ("Σ y = 1")%0A'
    )
    assert "counterexample: n = 2: o = (0, 0), y = (0, 1)" in lines[0]
    assert lines[1:] == [
        "::notice title=verify-derivations::2 derivations: 1 verified, 1 refuted, 0 inconclusive in "
        + lines[1].rsplit(" in ", 1)[1]
    ]


def test_the_place_of_a_cached_result_is_where_its_derivation_is_defined():
    import inspect

    import derivations
    from checks.cli.locate import place, where

    for d in derivations.all():
        assert place(inspect.getsourcefile(d.build), d.name) == where(d, d.name)


def test_a_file_that_is_gone_has_no_place(tmp_path, monkeypatch):
    from checks.cli.locate import place

    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.py").write_text('Derivation("mine")\n')
    assert place(str(tmp_path / "here.py"), "mine") == ("here.py", 1)
    assert place(str(tmp_path / "gone.py"), "mine") == (None, None)
