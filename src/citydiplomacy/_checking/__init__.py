"""Stage 4, checking.

The JSON Schema, the semantic rules by family and their registry, configuration, and
loading a checked document.
"""
