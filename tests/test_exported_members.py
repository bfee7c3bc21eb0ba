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
        cd.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_every_exported_name_resolves_and_is_documented() -> None:
    for name in cd.__all__:
        value = getattr(cd, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        assert inspect.getdoc(value), f"{name} has no docstring"


def test_star_import_hides_no_standard_library_name() -> None:
    # ``from citydiplomacy import *`` next to ``from datetime import date`` (or any of
    # these) must not replace it: ``cd.partial_date`` is not called ``date`` for this.
    import builtins  # noqa: PLC0415
    import datetime  # noqa: PLC0415

    common = set(dir(builtins)) | set(datetime.__all__) | {"Decimal", "Path", "ZoneInfo"}
    assert not set(cd.__all__) & common


def test_a_renamed_name_says_what_it_is_called_now() -> None:
    with pytest.raises(AttributeError, match="'partial_date'"):
        cd.date  # type: ignore[attr-defined]  # noqa: B018
    assert "date" not in cd.__all__
