"""Stage 5, work over many files.

Validating many paths in parallel, and portfolios (chains and questions across files).
"""
