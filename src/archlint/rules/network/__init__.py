"""Network rules: address plans, subnets, NSGs and private endpoint subnets."""
