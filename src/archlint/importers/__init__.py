"""Importers: read external formats (Terraform, provider schemas) into archlint."""
