"""The tutorial's starting point: a file with no derivation in it yet."""
