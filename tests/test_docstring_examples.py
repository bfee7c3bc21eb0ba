"""Every public name shows how it is used: a ``>>>`` example in its docstring.

The examples run as doctests (``tests/test_docs.py`` runs the doctests of every
module), so each one is true of the code as it is.
"""

from __future__ import annotations

import inspect

import pytest

import citydiplomacy as cd


@pytest.mark.parametrize("name", [n for n in cd.__all__ if n != "__version__"])
def test_every_public_name_has_a_docstring_example(name: str) -> None:
    doc = inspect.getdoc(getattr(cd, name)) or ""
    assert ">>>" in doc, f"add a >>> example to the docstring of {name}"
