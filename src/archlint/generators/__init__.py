"""Generators: infrastructure code from the model (Terraform for azurerm 4.x, Bicep).

Each generator is a pure function ``Architecture -> {file name: text}``: deterministic, no
I/O. :mod:`archlint.generators.output` writes the files (atomically, inside one directory).
Heavy or optional imports stay inside the generator that needs them.
"""
