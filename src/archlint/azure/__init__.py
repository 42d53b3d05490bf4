"""Azure-specific knowledge used by archlint rules (see :mod:`archlint.azure.facts`)."""
