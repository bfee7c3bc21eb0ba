"""The one private cattrs converter between documents (plain JSON values) and the model.

Structuring runs only on documents the schema and rules already accepted, so its
errors are a safety net; they are still turned into findings with paths, never
raised raw. Unstructuring produces the canonical document: model attribute order,
absent facts left out, multilingual text in its stored language order (the first
language is the primary one), extension keys sorted.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from citydiplomacy._base._report import DocumentPath, Finding, Severity
from citydiplomacy._domain._codes import CLOSED_CODELISTS
from citydiplomacy._domain._model import MODEL_CLASSES, Convention, unchecked
from citydiplomacy._domain._values import (
    Duration,
    FrozenDict,
    MultilingualText,
    PartialDate,
    decimal_problem,
    format_local_datetime,
    freeze_json,
    parse_local_datetime,
)


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected a number, found {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return decimal_from_json(value)


def decimal_from_json(value: int | float | str) -> Decimal:
    """A JSON number as a Decimal, exactly as written (``12.5`` stays ``Decimal("12.5")``)."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not number.is_finite():
        raise ValueError("expected a finite number")
    return check_decimal(number)


def check_decimal(number: Decimal) -> Decimal:
    """Refuse decimals that JSON cannot carry exactly (see :func:`decimal_problem`)."""
    problem = decimal_problem(number)
    if problem is not None:
        raise ValueError(f"{number} has {problem}; round it so that it is kept exactly")
    return number


def decimal_to_json(number: Decimal) -> int | float:
    """A Decimal as the shortest JSON number that reads back equal."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _sorted_json(value: Any) -> Any:
    if isinstance(value, FrozenDict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, tuple):
        return [_sorted_json(v) for v in value]
    return value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    conv.register_structure_hook(
        MultilingualText,
        lambda v, _: MultilingualText(_require_dict(v)),
    )
    conv.register_unstructure_hook(MultilingualText, lambda t: dict(t.items()))
    conv.register_structure_hook_func(
        _is_frozen_dict_type,
        lambda v, _: freeze_json(_require_dict(v)),
    )
    conv.register_unstructure_hook(FrozenDict, _sorted_json)
    conv.register_structure_hook(PartialDate, lambda v, _: PartialDate.parse(v))
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(Duration, lambda v, _: Duration.parse(v))
    conv.register_unstructure_hook(Duration, str)
    conv.register_structure_hook(_dt.datetime, lambda v, _: parse_local_datetime(v))
    conv.register_unstructure_hook(_dt.datetime, format_local_datetime)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, decimal_to_json)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    for enum_cls in CLOSED_CODELISTS.values():
        conv.register_unstructure_hook(enum_cls, _enum_value)
        conv.register_structure_hook(enum_cls, _structure_enum)

    for cls in MODEL_CLASSES:
        attrs.resolve_types(cls)
        conv.register_unstructure_hook(cls, _make_unstructure_fn(cls, conv))
        conv.register_structure_hook(
            cls,
            make_dict_structure_fn(
                cls, conv, _cattrs_forbid_extra_keys=True, schema=override(rename="$schema")
            )
            if cls is Convention
            else make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True),
        )
    return conv


#: Attributes whose key in files is not their name (``$schema`` is no identifier); the
#: structure hook above renames the same ones.
FILE_KEYS: dict[type, dict[str, str]] = {Convention: {"schema": "$schema"}}


def _make_unstructure_fn(cls: type, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """Unstructure in attribute order, leaving out absent facts (None, empty lists).

    cattrs' generated ``omit_if_default`` functions move omittable fields last;
    canonical output keeps the model's order instead.
    """
    spec = [
        (
            f.name,
            _absent_by_default(f.default),
            conv.get_unstructure_hook(f.type),
        )
        for f in attrs.fields(cls)
    ]
    keys = FILE_KEYS.get(cls, {})

    def unstructure_model(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, omittable, hook in spec:
            value = getattr(obj, name)
            if omittable and (
                value is None or (not value and isinstance(value, (tuple, FrozenDict)))
            ):
                continue
            out[keys.get(name, name)] = hook(value)
        return out

    return unstructure_model


def _is_frozen_dict_type(annotation: Any) -> bool:
    return typing.get_origin(annotation) is FrozenDict


def _absent_by_default(default: Any) -> bool:
    """Fields whose default means "not known": None, an empty list, no extensions."""
    factory = getattr(default, "factory", None)
    return default is None or default == () or factory is FrozenDict


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"expected one of {allowed}, found {value!r}") from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _require_dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {type(value).__name__}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    # cattrs' default would take any truthy value ("false" included) for True.
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, found {type(value).__name__}")
    return value


def _structure_int(value: Any, _: type) -> int:
    # JSON Schema counts 2.0 as an integer, so the model does too.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, found {type(value).__name__}")
    return value


CONVERTER = _make_converter()


def unstructure(obj: object) -> dict[str, Any]:
    """A model object as a canonical plain document."""
    out: dict[str, Any] = CONVERTER.unstructure(obj)
    return out


def structure_findings(exc: BaseException, path: DocumentPath = ()) -> list[Finding]:
    """Turn a cattrs structuring error into findings with document paths."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        findings: list[Finding] = []
        noted, plain = exc.group_exceptions()
        for inner, note in noted:
            step: str | int | None = getattr(note, "name", None)
            if step is None:
                step = getattr(note, "index", None)
            findings.extend(structure_findings(inner, (*path, step) if step is not None else path))
        for inner in plain:
            findings.extend(structure_findings(inner, path))
        return findings
    if isinstance(exc, KeyError):
        message = f"required property {exc.args[0]!r} is missing"
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        message = f"unexpected properties {sorted(exc.extra_fields)}"
    else:
        message = str(exc) or type(exc).__name__
    return [Finding("model.invalid-value", Severity.ERROR, path, message)]


def structure(document: dict[str, Any], cls: type[Any]) -> Any:
    """Structure a document into ``cls``; raise the cattrs error (caller maps it).

    The model's field-type checks are off meanwhile: the document was checked, and
    the converter builds each field with its declared type.
    """
    with unchecked():
        return CONVERTER.structure(document, cls)
