"""Stage 3, reading and writing.

Bytes to plain JSON values (JSON and YAML 1.2), values back to text, and the 1.0 to 1.1
upgrade.
"""
