"""The ``verify-derivations`` command line: dispatch to a subcommand; exit 0/1/3, 2 for bad input."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from checks.cli.options import EXIT_USAGE
from checks.errors import UsageError

COMMANDS = ("list", "show", "check")


def run(argv: Sequence[str]) -> tuple[str, int]:
    """Run the command line ``argv``; returns what to print and the exit status."""
    if argv and argv[0] == "list":
        if len(argv) > 1:
            raise UsageError(f"'list' takes no arguments, got {' '.join(argv[1:])!r}")
        from checks.cli.listing import run_list

        return run_list(), 0
    if argv and argv[0] == "show":
        from checks.cli.show import run_show

        return run_show(argv[1:]), 0
    if argv and argv[0] == "check":
        from checks.cli.check import run_check

        return run_check(argv[1:])
    from checks.cli.documents import run_documents, wants_documents

    if wants_documents(argv):
        return run_documents(argv)
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
    sys.stdout.write(text + "\n")
    return status
