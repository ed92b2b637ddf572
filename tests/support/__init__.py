"""Helpers and constants the test modules share: no tests and no fixtures here (fixtures live in conftest.py)."""
