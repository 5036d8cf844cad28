"""Evaluation and benchmarks of shinsa (not installed with the wheel).

Run from the repository root: ``python -m evaluation.evaluate`` (make eval) and
``python -m evaluation.bench`` (make bench).
"""
