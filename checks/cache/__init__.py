"""The result cache: finished verdicts of catalogue modules, kept under a key of everything they depend on."""
