"""The command line: exit statuses, formats, user files, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checks.cli import main
from checks.errors import UsageError

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "my_derivation.py"

WRONG_FILE = textwrap.dedent(
    """
    import numpy as np
    import sympy as sp
    from checks import ClaimKind, Derivation, Kind, Proof, Step, Var
    from checks.vocabulary import derivative, sigmoid

    def build(n):
        z = Var("z", Kind.REAL)
        s = sigmoid(z.sym)
        return Proof(
            variables=(z,),
            start=derivative(s, z.sym),
            steps=(Step(s * (1 + s), "I think it is this"),),
            reference=lambda p: np.exp(-p["z"]) / (1 + np.exp(-p["z"])) ** 2,
        )

    wrong = Derivation("wrong_sigmoid", "E04", "a wrong answer", "quiz", ClaimKind.IDENTITY,
                       "σ' = σ(1 + σ)", build, dims=())

    def broken_build(n):
        raise RuntimeError("this derivation is broken")

    broken = Derivation("broken_one", "E04", "broken", "quiz", ClaimKind.IDENTITY, "?", broken_build, dims=())
    """
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_verified_user_file_exits_zero(capsys):
    code, out, _ = _run(capsys, str(EXAMPLE))
    assert code == 0
    assert "my_sigmoid_derivative" in out and "1 verified" in out


def test_a_refuted_derivation_exits_one_and_a_broken_one_does_not_stop_the_run(tmp_path, capsys):
    path = tmp_path / "answers.py"
    path.write_text(WRONG_FILE)
    code, out, _ = _run(capsys, str(path), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    verdicts = {d["name"]: d["verdict"] for d in doc["derivations"]}
    assert verdicts == {"wrong_sigmoid": "refuted", "broken_one": "inconclusive"}
    broken = next(d for d in doc["derivations"] if d["name"] == "broken_one")
    assert any("this derivation is broken" in note for note in broken["notes"])
    wrong = next(d for d in doc["derivations"] if d["name"] == "wrong_sigmoid")
    assert wrong["reproduce"] == f"verify-derivations {path} --seed 0"


def test_an_inconclusive_run_exits_three(capsys):
    code, out, _ = _run(capsys, str(EXAMPLE), "--timeout", "0.000001")
    assert code == 3
    assert "inconclusive" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["no_such_derivation"], "unknown derivation 'no_such_derivation'"),
        (["--samples", "many"], "expected a whole number, got 'many'"),
        (["--timeout", "-1"], "expected 0 < seconds <= 3600, got '-1'"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["missing_file.py"], "no such file: 'missing_file.py'"),
        (["list", "extra"], "'list' takes no arguments"),
    ],
)
def test_bad_input_gets_one_line_and_exit_two(capsys, argv, expected):
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and expected in err


def test_a_file_that_does_not_import_gets_one_line_and_exit_two(tmp_path, capsys):
    bad = tmp_path / "bad.py"
    bad.write_text("import this_module_does_not_exist\n")
    code, _, err = _run(capsys, str(bad))
    assert code == 2
    assert (
        err.strip() == f"verify-derivations: error: {bad}: does not import: ModuleNotFoundError: "
        "No module named 'this_module_does_not_exist'"
    )


def test_a_file_with_a_syntax_error_names_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.py"
    bad.write_text("x = 1\ndef (:\n")
    code, _, err = _run(capsys, str(bad))
    assert code == 2 and f"{bad}:2: syntax error" in err


def test_a_file_without_derivations_gets_one_line_and_exit_two(tmp_path, capsys):
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    code, _, err = _run(capsys, str(empty))
    assert code == 2 and "defines no derivation" in err


def test_bad_input_prints_no_traceback_from_the_installed_entry_point(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", "softmax_jacobain"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("verify-derivations: error: unknown derivation 'softmax_jacobain'")
    assert "softmax_jacobian" in proc.stderr  # the close match is suggested


_TWO_NAMED_ALIKE = """
import sympy as sp
from checks import ClaimKind, Derivation, Kind, Proof, Step, Var

a = Var("a", Kind.REAL)
meta = dict(
    name="mine", exercise="E01", title="t", source="s", kind=ClaimKind.IDENTITY, statement="a = a", dims=()
)


def chain(step):
    return lambda n: Proof((a,), a.sym, (step,), reference=lambda p: p["a"])


good = Derivation(**meta, build=chain(Step(a.sym, "same")))
bad = Derivation(**meta, build=chain(Step(a.sym + 1, "off by one")))
also_good = good  # the same object twice is one derivation
"""


def test_two_derivations_of_one_name_in_a_file_are_refused_not_merged(tmp_path, capsys):
    # Derivations compare equal whatever their build: the false one used to vanish, exit 0.
    path = tmp_path / "twins.py"
    path.write_text(_TWO_NAMED_ALIKE)
    code, out, err = _run(capsys, str(path))
    assert code == 2 and out == ""
    assert "two derivations are named 'mine'" in err
    path.write_text(
        _TWO_NAMED_ALIKE.replace(
            "\nbad = Derivation(**meta, ", '\nbad = Derivation(**{**meta, "name": "other"}, '
        )
    )
    code, out, _ = _run(capsys, str(path))
    assert code == 1 and "mine" in out and "other: REFUTED" in out


def test_version_prints_the_installed_version(capsys):
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"verify-derivations {version('softmax-derivations')}"


def test_python_dash_m_checks_is_the_command_line():
    proc = subprocess.run(
        [sys.executable, "-m", "checks", "list"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0 and "softmax_jacobian" in proc.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["chek", "a = a"], "unknown command or derivation 'chek'; did you mean check?"),
        (["lst"], "unknown command or derivation 'lst'; did you mean list?"),
        (["shw", "sigmoid_derivative"], "did you mean show?"),
        (["--formt", "json"], "unrecognized arguments: --formt; did you mean --format?"),
        (["--format", "jsn"], "invalid choice: 'jsn'"),
        (["--format", "jsn"], "did you mean json?"),
        (["check", "--vectr", "x:3", "x = x"], "did you mean --vector?"),
        (["check", "--format", "cvs", "--file", "f.jsonl"], "did you mean csv?"),
    ],
)
def test_a_near_miss_of_a_command_an_option_or_a_choice_is_suggested(capsys, argv, expected):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and expected in err


def test_a_catalogue_name_close_to_a_command_is_still_a_derivation(capsys, monkeypatch):
    import derivations

    monkeypatch.setattr(derivations, "names", lambda: ("chek",))
    monkeypatch.setattr(derivations, "get", lambda name: (_ for _ in ()).throw(UsageError("looked up")))
    code, _, err = _run(capsys, "chek")
    assert code == 2 and "looked up" in err  # it went on to the catalogue, no command suggested


@pytest.mark.parametrize("command", [[], ["list"], ["show"], ["check"], ["new"]])
def test_every_subcommand_has_help_with_examples(capsys, command):
    code, out, err = _run(capsys, *command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"usage: verify-derivations {' '.join(command)}".rstrip())
    examples = out.split("examples:\n", 1)[1]
    assert examples.splitlines()[0].strip().startswith("verify-derivations")
