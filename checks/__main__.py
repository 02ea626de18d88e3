"""``python -m checks``: the same as ``verify-derivations``."""

import sys

from checks.cli.main import main

sys.exit(main())
