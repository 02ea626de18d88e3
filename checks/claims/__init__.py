"""Reading what people write: one claim in SymPy spelling or LaTeX, parsed safely (a whitelist,
never eval), built into SymPy and NumPy, checked, and explained with feedback."""
