"""The command line: one module per subcommand, the sandbox that bounds each check, loading
user files. ``verify-derivations`` is :func:`checks.cli.main.main`."""

from checks.cli.main import main as main
