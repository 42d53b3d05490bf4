"""Zone-redundancy rules: production components in regions with availability zones."""
