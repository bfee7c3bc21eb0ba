"""Where the bundled schema and codelists live.

The wheel carries ``schemas/`` inside the package (build configuration, not a copy
by hand); a source checkout run with ``PYTHONPATH=src`` reads the repository's own
``schemas/`` folder. Nothing is ever fetched from the network.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

SCHEMA_FILE = "convention.schema.json"


@functools.lru_cache(maxsize=1)
def schemas_dir() -> Path:
    """The folder holding ``convention.schema.json`` and ``codelists/``."""
    bundled = Path(str(importlib.resources.files("citydiplomacy"))) / "schemas"
    if (bundled / SCHEMA_FILE).is_file():
        return bundled
    checkout = Path(__file__).resolve().parents[3] / "schemas"
    if (checkout / SCHEMA_FILE).is_file():
        return checkout
    raise FileNotFoundError(
        "the bundled schema is missing: reinstall citydiplomacy (pip install --force-reinstall)"
    )


def schema_path() -> Path:
    """Path of the bundled JSON Schema.

    >>> schema_path().name
    'convention.schema.json'
    """
    return schemas_dir() / SCHEMA_FILE


def codelists_dir() -> Path:
    """Path of the bundled codelists folder."""
    return schemas_dir() / "codelists"
