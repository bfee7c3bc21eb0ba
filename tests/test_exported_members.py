"""The public API is exactly ``__all__``: complete, sorted, documented."""

from __future__ import annotations

import inspect

import citydiplomacy as cd


def test_all_is_sorted_and_unique() -> None:
    assert list(cd.__all__) == sorted(set(cd.__all__), key=lambda n: (n.startswith("_"), n))


def test_all_lists_every_public_name() -> None:
    public = {
        name
        for name, value in vars(cd).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public == set(cd.__all__) - {"__version__"}


def test_every_exported_name_resolves_and_is_documented() -> None:
    for name in cd.__all__:
        value = getattr(cd, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        assert inspect.getdoc(value), f"{name} has no docstring"
