"""SKU and service-limit rules: a spec that asks for what its tier does not offer."""
