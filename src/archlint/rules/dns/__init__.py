"""Private DNS rules: private endpoints resolvable through linked private DNS zones."""
