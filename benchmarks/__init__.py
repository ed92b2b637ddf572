"""Benchmarks and stress scripts for sector-kb (run from the project root)."""
