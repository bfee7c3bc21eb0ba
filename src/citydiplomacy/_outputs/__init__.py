"""Stage 6, outputs.

Calendars, factsheets and the registry site, SQLite and spreadsheet tables, new-
convention templates and SARIF.
"""
