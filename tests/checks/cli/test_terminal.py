"""At a terminal: verdicts in colour (NO_COLOR and --color respected), progress while a run goes;
piped, the plain output and nothing more."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from checks.cli import main
from checks.cli.terminal import Progress, paint, plain, wants_colour

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = str(ROOT / "examples" / "my_derivation.py")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class _Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "tty", "no_color", "expected"),
    [
        ("auto", True, None, True),
        ("auto", True, "1", False),
        ("auto", True, "", True),  # NO_COLOR set but empty does not count (no-color.org)
        ("auto", False, None, False),
        ("always", False, "1", True),  # the option overrides the environment
        ("never", True, None, False),
    ],
)
def test_colour_follows_the_option_the_terminal_and_no_color(monkeypatch, choice, tty, no_color, expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    stream = _Terminal() if tty else io.StringIO()
    assert wants_colour(choice, stream) is expected


def test_a_dumb_terminal_gets_no_colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_colour("auto", _Terminal())


def test_paint_colours_a_verdict_and_leaves_other_words_alone():
    assert paint("refuted", "REFUTED") != "REFUTED" and ANSI.sub("", paint("refuted", "REFUTED")) == "REFUTED"
    assert paint("verified", "verified").startswith("\x1b[")
    assert paint("scope", "all n") == "all n" and plain("refuted", "x") == "x"


def test_a_coloured_table_is_the_plain_table_with_colour_codes_around_the_verdicts(capsys):
    assert main([EXAMPLE, "--color", "never"]) == 0
    plain_out = capsys.readouterr().out
    assert main([EXAMPLE, "--color", "always"]) == 0
    coloured = capsys.readouterr().out
    assert "\x1b[" not in plain_out and "\x1b[32mverified\x1b[0m" in coloured
    # Times differ from run to run; everything else is the same text.
    times = re.compile(r"\d+\.\d\d")
    assert times.sub("#", ANSI.sub("", coloured)) == times.sub("#", plain_out)


def test_piped_output_has_no_colour_and_nothing_on_stderr(capsys):
    assert main([EXAMPLE, str(ROOT / "docs" / "examples" / "tutorial_sign_slip.py")]) == 1
    out, err = capsys.readouterr()
    assert err == "" and "\x1b" not in out and "REFUTED at step 3" in out


def test_a_refuted_claim_is_painted_only_when_colour_is_asked_for(capsys):
    claim = "sqrt(a**2) = a"
    main(["check", claim, "--color", "always"])
    assert "verdict: \x1b[1;31mREFUTED\x1b[0m" in capsys.readouterr().out
    main(["check", claim])
    assert "verdict: REFUTED" in capsys.readouterr().out


def test_progress_shows_rows_as_they_finish_once_the_run_has_taken_a_while():
    stream = _Terminal()
    with Progress(2, "derivations", enabled=True, stream=stream, after=0.05) as progress:
        progress.add(("first_one", "E01", "verified", "all n", "0.10"), "verified")
        time.sleep(0.5)
        progress.add(("second_one", "E02", "refuted", "n ≤ 6", "0.20"), "refuted")
        time.sleep(0.3)
    shown = ANSI.sub("", stream.getvalue())
    assert "first_one" in shown and "second_one" in shown and "2/2" in shown


def test_progress_shows_nothing_for_a_quick_run_or_when_not_enabled():
    quick, off = _Terminal(), _Terminal()
    with Progress(1, "derivations", enabled=True, stream=quick, after=5) as progress:
        progress.add(("fast", "E01", "verified", "all n", "0.01"), "verified")
    with Progress(1, "derivations", enabled=False, stream=off, after=0) as progress:
        time.sleep(0.2)
        progress.add(("fast", "E01", "verified", "all n", "0.01"), "verified")
    assert quick.getvalue() == "" and off.getvalue() == ""


_SLOW_FILE = textwrap.dedent(
    """
    import dataclasses
    import time
    import runpy

    example = runpy.run_path({example!r})["my_sigmoid_derivative"]


    def slow_build(n):
        time.sleep(1.5)  # past the second after which progress appears
        return example.build(n)


    slow = dataclasses.replace(example, name="slow_sigmoid", build=slow_build)
    """
)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_at_a_real_terminal_progress_goes_to_stderr_and_stdout_stays_the_plain_table(tmp_path):
    path = tmp_path / "derivation_slow.py"
    path.write_text(_SLOW_FILE.format(example=EXAMPLE))
    leader, follower = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checks", str(path), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=ROOT,
        env={**env, "TERM": "xterm", "COLUMNS": "100", "LINES": "30"},
    )
    os.close(follower)
    drawn = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed: the run is over
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    text = ANSI.sub("", drawn.decode("utf-8", "replace"))
    assert "slow_sigmoid" in text and "2/2" in text  # the finished rows and the bar
    stdout = out.decode()
    assert "\x1b" not in stdout and stdout.splitlines()[0].split() == [
        "derivation",
        "id",
        "verdict",
        "scope",
        "seconds",
    ]
    assert "2 derivations: 2 verified" in stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_fork_waits_for_a_write_of_the_progress_display_and_the_child_can_write():
    import threading

    from checks.cli import terminal

    held = threading.Event()

    def hold() -> None:
        with terminal._WRITING:
            held.set()
            time.sleep(0.3)

    writer = threading.Thread(target=hold)
    writer.start()
    held.wait()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: the lock must be free, not held by a thread it does not have
        os._exit(0 if terminal._WRITING.acquire(timeout=1) else 1)
    waited = time.monotonic() - started
    _, status = os.waitpid(pid, 0)
    writer.join()
    assert waited >= 0.2
    assert os.waitstatus_to_exitcode(status) == 0
