"""The bundled JSON Schema: a fast verdict, and detailed findings when it fails.

jsonschema-rs (compiled) answers "valid or not" for every document, cheaply enough
for registries of thousands of files. Only when it says "invalid" does the reference
Python ``jsonschema`` run, to produce findings with paths and messages; a test proves
the two agree on every example and on generated and mutated documents.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    import jsonschema
    import regress

from ._report import Finding, Severity
from ._resources import schema_path


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The bundled schema as a dict (read once)."""
    loaded: dict[str, Any] = json.loads(schema_path().read_text("utf-8"))
    return loaded


def schema_id() -> str:
    """The schema's ``$id``."""
    return str(schema()["$id"])


def schema_version() -> str:
    """The ``schema_version`` this schema accepts, e.g. ``"1.0"``."""
    versions = schema()["$defs"]["SchemaVersion"]["enum"]
    return str(versions[-1])


@functools.lru_cache(maxsize=1)
def _fast() -> Any:
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


@functools.cache
def _ecma_regex(pattern: str) -> regress.Regex:
    import regress  # noqa: PLC0415 - slow path only

    return regress.Regex(pattern)


def _ecma_pattern(
    validator: Any, pattern: str, instance: object, subschema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` with ECMA-262 semantics, as JSON Schema specifies.

    Python's ``re`` lets ``$`` match before a final newline and ``\\d`` match any
    Unicode digit; jsonschema-rs, ajv and check-jsonschema use ECMA-262 regexes, so the
    reference validator does too (via ``regress``).
    """
    import jsonschema  # noqa: PLC0415 - slow path only

    if isinstance(instance, str) and _ecma_regex(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.lru_cache(maxsize=1)
def _reference() -> jsonschema.protocols.Validator:
    # Imported here: jsonschema is only needed to explain an invalid document, and
    # start-up time matters for one-file runs such as pre-commit hooks.
    import jsonschema  # noqa: PLC0415

    base = jsonschema.Draft202012Validator
    cls = jsonschema.validators.extend(base, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]
    return cls(schema(), format_checker=base.FORMAT_CHECKER)  # type: ignore[no-any-return]


def is_valid(document: object) -> bool:
    """The fast verdict of jsonschema-rs."""
    try:
        return bool(_fast().is_valid(document))
    except (ValueError, TypeError, OverflowError):
        # Values jsonschema-rs cannot take (e.g. integers beyond 64 bits): let the
        # reference validator decide and explain.
        return False


def reference_is_valid(document: object) -> bool:
    """The verdict of the reference Python validator (used by tests to prove agreement)."""
    return bool(_reference().is_valid(document))  # type: ignore[arg-type]


def schema_findings(document: object) -> list[Finding]:
    """Findings of the schema for ``document``: empty when it is valid."""
    if is_valid(document):
        return []
    findings = [_finding(error) for error in _leaf_errors(_reference().iter_errors(document))]  # type: ignore[arg-type]
    if not findings:
        # The fast and reference validators disagree: report it rather than pass silently.
        findings = [
            Finding(
                "schema.engine-disagreement",
                Severity.ERROR,
                (),
                "jsonschema-rs rejects this document but jsonschema accepts it; "
                "please report this with the file",
            )
        ]
    return findings


def _leaf_errors(errors: Iterable[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """Descend into oneOf/anyOf so the finding names the real problem."""
    import jsonschema  # noqa: PLC0415 - slow path only

    out: list[jsonschema.ValidationError] = []
    for error in errors:
        if error.context:
            best = jsonschema.exceptions.best_match(error.context)
            out.extend(_leaf_errors([best]) if best is not None else [error])
        else:
            out.append(error)
    return out


def _what(subschema: Mapping[str, Any]) -> str:
    title = subschema.get("title")
    description = str(subschema.get("description", ""))
    first = re.split(r"(?<=\.)\s", description, maxsplit=1)[0].rstrip(".") if description else ""
    if title and first:
        return f"{title} ({first[0].lower() + first[1:]})"
    return str(title or first or "the schema")


def _short(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_KEY_HINTS = {
    "MultilingualText": "keys of a multilingual text are BCP 47 language tags such as "
    "'fr', 'ar' or 'zgh-Tfng'",
    "Extensions": "extension keys are namespaced as 'namespace:name', such as "
    "'grenoble:budget_code'",
}


def _key_hint(pattern: object) -> str:
    """What keys the object whose ``propertyNames`` pattern failed accepts."""
    for name, definition in schema()["$defs"].items():
        if definition.get("propertyNames", {}).get("pattern") == pattern and name in _KEY_HINTS:
            return _KEY_HINTS[name]
    return f"keys must match the pattern {pattern}"


def _finding(error: jsonschema.ValidationError) -> Finding:
    keyword = str(error.validator)
    if "propertyNames" in error.absolute_schema_path:
        return Finding(
            "schema.propertyNames",
            Severity.ERROR,
            tuple(error.absolute_path),
            f"key {_short(error.instance)} is not allowed here: {_key_hint(error.validator_value)}",
        )
    path = tuple(error.absolute_path)
    value = error.instance
    sub = error.schema if isinstance(error.schema, Mapping) else {}
    arg: Any = error.validator_value
    if keyword == "required":
        missing = re.search(r"'(.+?)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        prop = sub.get("properties", {}).get(name, {})
        message = f"required property {name!r} is missing: add {_what(prop)}"
    elif keyword == "additionalProperties":
        allowed = sorted(sub.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        message = (
            f"unexpected propert{'ies' if len(extra) > 1 else 'y'} "
            f"{', '.join(repr(e) for e in extra)}; allowed here: {', '.join(allowed)}; "
            "put your own fields under 'extensions' with a namespaced key such as 'mycity:field'"
        )
    elif keyword == "type":
        wanted = arg if isinstance(arg, list) else [arg]
        message = (
            f"expected {' or '.join(_TYPE_NAMES.get(str(w), str(w)) for w in wanted)}, "
            f"found {_json_type(value)} {_short(value)}"
        )
    elif keyword == "enum":
        options = ", ".join(_short(o, 40) for o in arg[:25])
        more = f" (and {len(arg) - 25} more)" if len(arg) > 25 else ""
        message = f"{_short(value)} is not allowed; expected one of: {options}{more}"
    elif keyword == "const":
        message = f"expected {_short(arg)}, found {_short(value)}"
    elif keyword in {"pattern", "format"}:
        message = f"{_short(value)} is not a valid {_what(sub)}"
        if sub.get("examples"):
            message += f"; for example {_short(sub['examples'][0])}"
    elif keyword in {"minItems", "maxItems", "minLength", "maxLength", "minProperties"}:
        message = f"{_short(value)} {_SIZE_MESSAGES[keyword].format(arg)}"
    elif keyword in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        message = f"{_short(value)} {_BOUND_MESSAGES[keyword].format(arg)}"
    elif keyword == "uniqueItems":
        message = "list items must not repeat: remove the duplicates"
    else:
        message = error.message
    return Finding(f"schema.{keyword}", Severity.ERROR, path, message)


_SIZE_MESSAGES = {
    "minItems": "has too few items: at least {} expected",
    "maxItems": "has too many items: at most {} expected",
    "minLength": "is too short: at least {} characters expected",
    "maxLength": "is too long: at most {} characters expected",
    "minProperties": "is empty: at least {} entry expected",
}
_BOUND_MESSAGES = {
    "minimum": "is below the minimum {}",
    "maximum": "is above the maximum {}",
    "exclusiveMinimum": "must be greater than {}",
    "exclusiveMaximum": "must be less than {}",
}
