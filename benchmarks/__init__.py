"""Benchmarks of the app against baselines measured in the same run: ``python -m benchmarks``.

Not part of the installed package; see benchmarks/README.md.
"""
