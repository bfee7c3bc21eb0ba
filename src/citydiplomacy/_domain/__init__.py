"""Stage 1, the model and its values.

Codelists, partial dates, multilingual text, the attrs classes and the converter between
documents and objects.
"""
