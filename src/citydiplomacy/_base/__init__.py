"""Stage 0, the base.

Text escaping, file writing, bundled resources, argument coercion and the report type
every later stage shares.
"""
