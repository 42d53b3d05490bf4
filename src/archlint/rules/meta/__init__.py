"""Rules about archlint's own input: suppressions that no longer suppress anything."""
