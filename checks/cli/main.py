"""The ``verify-derivations`` command line: dispatch to a subcommand; exit 0/1/3, 2 for bad input."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from checks.cli.options import EXIT_USAGE, close_match
from checks.errors import UsageError

COMMANDS = ("list", "show", "check", "new")


def _near_command(word: str) -> None:
    """Refuse a misspelt subcommand (``chek``) with the command it is close to, unless it is a
    file or a catalogue name; an unknown derivation name gets its own suggestions later."""
    from checks.cli.loader import is_file_target

    if word.startswith("-") or is_file_target(word):
        return
    match = close_match(word, list(COMMANDS), cutoff=0.75)
    if match is None:
        return
    import derivations

    if word not in derivations.names():
        raise UsageError(f"unknown command or derivation {word!r}; did you mean {match}?")


def run(argv: Sequence[str]) -> tuple[str, int]:
    """Run the command line ``argv``; returns what to print and the exit status."""
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "list":
        from checks.cli.listing import run_list

        return run_list(rest), 0
    if command == "show":
        from checks.cli.show import run_show

        return run_show(rest), 0
    if command == "check":
        from checks.cli.check import run_check

        return run_check(rest)
    if command == "new":
        from checks.cli.new import run_new

        return run_new(rest), 0
    from checks.documents.sources import is_document

    if any(is_document(word) for word in argv):  # (checks.cli.documents.wants_documents, unimported)
        from checks.cli.documents import run_documents

        return run_documents(argv)
    if command:
        _near_command(command)
    from checks.cli.verify import run_verify

    return run_verify(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``verify-derivations``."""
    try:
        text, status = run(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        sys.stderr.write(f"verify-derivations: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("verify-derivations: interrupted\n")
        return 130
    except SystemExit as exc:  # --help and --version have printed what they print
        return exc.code if isinstance(exc.code, int) else 0
    sys.stdout.write(text + "\n")
    return status
