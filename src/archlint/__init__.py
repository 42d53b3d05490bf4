"""archlint: lint a cloud architecture as data."""

__version__ = "0.1.0"
