"""Tests of the shared analysis algorithms."""
