"""Algorithms several rules share, kept apart from the rules so they can be tested alone."""
