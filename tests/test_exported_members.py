"""The public API is exactly ``__all__``: complete, sorted, documented."""

from __future__ import annotations

import inspect

import pytest

import citydiplomacy as cd


def test_all_is_unique() -> None:
    # Its order is ruff's (rule RUF022, "isort-style" sorting), checked in CI by ruff.
    assert len(cd.__all__) == len(set(cd.__all__))


def test_all_lists_every_public_name() -> None:
    public = {name for name in dir(cd) if not name.startswith("_") and name != "annotations"}
    assert public == set(cd.__all__) - {"__version__"}
    for name in public:
        assert not inspect.ismodule(getattr(cd, name)), name


def test_lazy_names_are_exactly_the_public_api() -> None:
    assert set(cd._LAZY) == set(cd.__all__) - {"__version__"}
    for name, module in cd._LAZY.items():
        assert getattr(cd, name).__module__.startswith("citydiplomacy"), (name, module)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        cd.no_such_name  # noqa: B018


def test_every_exported_name_resolves_and_is_documented() -> None:
    for name in cd.__all__:
        value = getattr(cd, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        assert inspect.getdoc(value), f"{name} has no docstring"
