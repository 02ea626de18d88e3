"""The derivation engine: each link proved symbolically and screened numerically, at every
concrete size and for every n; :func:`checks.engine.verify.verify` decides the verdict."""
