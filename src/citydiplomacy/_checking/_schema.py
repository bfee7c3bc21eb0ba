"""The bundled JSON Schema: verdicts and findings from jsonschema-rs.

jsonschema-rs (compiled) answers "valid or not" for every document, and explains an
invalid one, cheaply enough for registries of thousands of files (0.1 ms per 20 KB
document, where the Python ``jsonschema`` package takes 11 ms to explain one and
about a second to import with its format extras). ``jsonschema`` remains the
reference implementation: :func:`reference_is_valid` (optional extra ``reference``)
and the test suite prove the two agree on every example and on generated and
mutated documents.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from citydiplomacy._base._report import DocumentPath, Finding, Severity
from citydiplomacy._base._resources import schema_path

if TYPE_CHECKING:
    import jsonschema
    import regress


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The bundled schema as a dict (read once).

    >>> schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    loaded: dict[str, Any] = json.loads(schema_path().read_text("utf-8"))
    return loaded


def schema_id() -> str:
    """The schema's ``$id``.

    >>> schema_id()
    'https://citydiplomacy.github.io/schema/1.1/convention.schema.json'
    """
    return str(schema()["$id"])


def schema_version() -> str:
    """The newest ``schema_version`` this schema accepts (the one new files are written in).

    >>> schema_version()
    '1.1'
    """
    versions = schema()["$defs"]["SchemaVersion"]["enum"]
    return str(versions[-1])


@functools.lru_cache(maxsize=1)
def _fast() -> Any:
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


def is_valid(document: object) -> bool:
    """The verdict of jsonschema-rs."""
    try:
        return bool(_fast().is_valid(document))
    except (ValueError, TypeError, OverflowError):
        # Values jsonschema-rs cannot take (integers beyond 64 bits, non-JSON
        # objects): not a valid document; schema_findings says why.
        return False


def schema_findings(document: object) -> list[Finding]:
    """Findings of the schema for ``document``: empty when it is valid."""
    try:
        if _fast().is_valid(document):
            return []
        errors = list(_fast().iter_errors(document))
    except (ValueError, TypeError, OverflowError) as exc:
        return [
            Finding(
                "schema.unsupported-value",
                Severity.ERROR,
                (),
                f"the document holds a value JSON Schema cannot check ({exc}); "
                "use JSON values only, with integers of at most 64 bits",
            )
        ]
    findings: dict[tuple[str, DocumentPath, str], Finding] = {}
    for error in errors:
        found = (
            _unexpected_keys(error)
            if error.kind.name == "additionalProperties"
            else [_finding(error)]
        )
        for finding in found:
            # One `dependentRequired` error comes per trigger given (`start` and `end`
            # both need `time_zone`): say it once.
            findings.setdefault((finding.rule, finding.path, finding.message), finding)
    return list(findings.values())


def suggest_key(key: str, allowed: list[str]) -> str | None:
    """The allowed key closest to a misspelt one, or None.

    Spelling is compared without case and with ``-`` and spaces read as ``_``
    (``lead-party`` -> ``lead_party``), then by similarity (``hostt`` -> ``host``).

    >>> suggest_key("hostt", ["body", "host", "mode"])
    'host'
    >>> suggest_key("Lead-Party", ["lead_party", "participants"])
    'lead_party'
    """
    import difflib  # noqa: PLC0415 - findings only: the slow path

    def normal(text: str) -> str:
        return text.lower().replace("-", "_").replace(" ", "_")

    by_normal = {normal(a): a for a in allowed}
    same = by_normal.get(normal(key))
    if same is not None:
        return same
    close = difflib.get_close_matches(normal(key), list(by_normal), n=1, cutoff=0.75)
    return by_normal[close[0]] if close else None


def _unexpected_keys(error: Any) -> list[Finding]:
    """One finding per unexpected key, on the key itself, with a close match if any."""
    path: DocumentPath = tuple(error.instance_path)
    allowed = sorted(_schema_at(path).get("properties", {}))
    findings = []
    for key in (str(e) for e in error.kind.unexpected):
        near = suggest_key(key, allowed)
        hint = f" (did you mean {near!r}?)" if near else ""
        message = (
            f"unexpected property {key!r}{hint}; allowed here: {', '.join(allowed)}; "
            "put your own fields under 'extensions' with a namespaced key such as 'mycity:field'"
        )
        if key == "<<":
            message = f"{MERGE_KEY_HINT} ('<<' found); {message}"
        findings.append(
            Finding(
                "schema.additionalProperties", Severity.ERROR, (*path, key), message, at_key=True
            )
        )
    return findings


# ---------------------------------------------------------------- the reference


@functools.cache
def _ecma_regex(pattern: str) -> regress.Regex:
    import regress  # noqa: PLC0415 - the reference validator is optional

    return regress.Regex(pattern)


def _ecma_pattern(
    validator: Any, pattern: str, instance: object, subschema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` with ECMA-262 semantics, as JSON Schema specifies.

    Python's ``re`` lets ``$`` match before a final newline and ``\\d`` match any
    Unicode digit; jsonschema-rs, ajv and check-jsonschema use ECMA-262 regexes, so the
    reference validator does too (via ``regress``).
    """
    import jsonschema  # noqa: PLC0415

    if isinstance(instance, str) and _ecma_regex(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.lru_cache(maxsize=1)
def _reference() -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415

    base = jsonschema.Draft202012Validator
    cls = jsonschema.validators.extend(base, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]
    return cls(schema(), format_checker=base.FORMAT_CHECKER)  # type: ignore[no-any-return]


def reference_is_valid(document: object) -> bool:
    """The verdict of the reference Python ``jsonschema`` validator.

    Needs the optional ``reference`` extra (``pip install "citydiplomacy[reference]"``);
    the tests use it to prove that jsonschema-rs and jsonschema agree.
    """
    return bool(_reference().is_valid(document))  # type: ignore[arg-type]


# ---------------------------------------------------------------- messages


def _resolve(node: Mapping[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` chain merged in (the node's own keys win)."""
    merged: dict[str, Any] = {}
    seen = 0
    while True:
        for key, value in node.items():
            merged.setdefault(key, value)
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/") or seen > 16:
            return merged
        node = schema()["$defs"][ref.removeprefix("#/$defs/")]
        seen += 1


def _schema_at(path: DocumentPath) -> dict[str, Any]:
    """The schema that applies at a document path (empty when the path leaves it)."""
    node = _resolve(schema())
    for step in path:
        if isinstance(step, int):
            child = node.get("items")
        else:
            child = node.get("properties", {}).get(step)
            if child is None and isinstance(node.get("additionalProperties"), Mapping):
                child = node["additionalProperties"]
        if not isinstance(child, Mapping):
            return {}
        node = _resolve(child)
    return node


#: A period that ends a sentence: followed by white space and not the end of an
#: abbreviation ("e.g.", "i.e.", "etc.", "cf.", "vs.", a single initial).
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bcf)(?<!\bvs)(?<!\b[A-Za-z])\.\s+"
)


def first_sentence(text: str) -> str:
    """The first sentence of a description, without its final period.

    >>> first_sentence("The office, e.g. mayor. Absent: not stated.")
    'The office, e.g. mayor'
    """
    match = _SENTENCE_END.search(text)
    first = text[: match.start() + 1] if match else text
    return first.strip().rstrip(".")


def _what(subschema: Mapping[str, Any]) -> str:
    title = subschema.get("title")
    description = str(subschema.get("description", ""))
    first = first_sentence(description) if description else ""
    if title and first:
        return f"{str(title).lower()} ({first[0].lower() + first[1:]})"
    return str(title or first or "value")


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


def _defining(keyword: str, constraint: object) -> dict[str, Any] | None:
    """The value type ($def) that declares this pattern or format, for its title."""
    for definition in schema()["$defs"].values():
        if definition.get(keyword) == constraint:
            return dict(definition)
    return None


#: Messages for size limits; ``{}`` is the limit with its unit, in the right number.
_SIZE_MESSAGES = {
    "minItems": ("has too few items: at least {} expected", "item"),
    "maxItems": ("has too many items: at most {} expected", "item"),
    "minLength": ("is too short: at least {} expected", "character"),
    "maxLength": ("is too long: at most {} expected", "character"),
    "minProperties": ("has too few entries: at least {} expected", "entry"),
    "maxProperties": ("has too many entries: at most {} expected", "entry"),
}


def _count(n: object, word: str) -> str:
    """``1 character``, ``2 characters``, ``1 entry``, ``3 entries``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


#: The hint for a YAML merge key (``<<: *defaults``), which YAML 1.2 reads as a key.
MERGE_KEY_HINT = "YAML merge keys are not part of the format; write the keys out"
_BOUND_MESSAGES = {
    "minimum": "is below the minimum {}",
    "maximum": "is above the maximum {}",
    "exclusiveMinimum": "must be greater than {}",
    "exclusiveMaximum": "must be less than {}",
}


def _either(names: list[str], word: str) -> str:
    """``'a', 'b' or 'c'``: property names joined for a message."""
    quoted = [repr(name) for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {word} {quoted[-1]}"


def _required_alternatives(here: Mapping[str, Any]) -> list[str]:
    """The members an ``anyOf`` of ``required`` branches asks for one of (else empty)."""
    names: list[str] = []
    for branch in here.get("anyOf", []):
        required = branch.get("required") if isinstance(branch, Mapping) else None
        if not isinstance(required, list) or len(required) != 1:
            return []
        names.append(str(required[0]))
    return names


def _required_together(here: Mapping[str, Any]) -> list[str]:
    """The members a ``not`` of ``required`` forbids giving together (else empty)."""
    branch = here.get("not")
    required = branch.get("required") if isinstance(branch, Mapping) else None
    return [str(name) for name in required] if isinstance(required, list) else []


_DATE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^[X/.\[\], -]*$"),
        "a date with no known digit says nothing: leave the date out",
    ),
    (
        re.compile(r"[0-9X]T|[0-9]:[0-9]"),
        "a date has no time of day; a meeting's clock time goes in `start`, with `time_zone`",
    ),
    (
        re.compile(r"(?:^|[/\[,. ])(?:-|Y)|[0-9X]{5}"),
        "years have four digits, from 0001 to 9999 (negative and longer years are not supported)",
    ),
    (
        re.compile(r"(?:^|[/\[,. ])0000|(?:^|[/\[,. ])00(?:0X|XX)"),
        "year 0 is outside the supported range 0001 to 9999",
    ),
    (
        re.compile(r"(?:-2[1-4]|X)[?~%]"),
        "a qualifier (?, ~ or %) may follow only a plain YYYY, YYYY-MM or YYYY-MM-DD date, "
        "not a season or a date with X",
    ),
)


def _date_hint(value: object) -> str | None:
    """What is wrong with a date text, for the common mistakes; ``None`` otherwise."""
    if not isinstance(value, str):
        return None
    for pattern, hint in _DATE_HINTS:
        if pattern.search(value):
            return hint
    return (
        "write an EDTF date such as '2025', '2025-03', '2025-03-31', '2025-21' (spring), "
        "'2019-10-23?', '2022-XX', '2023-08-30/2023-09-03' or '[2019, 2021-06]'"
    )


def _finding(error: Any) -> Finding:
    kind = error.kind
    keyword = str(kind.name)
    path: DocumentPath = tuple(error.instance_path)
    value = error.instance
    here = _schema_at(path)
    if keyword == "required":
        name = str(kind.property)
        if list(error.schema_path)[-1:] == ["dependentRequired"]:
            keyword = "dependentRequired"
            needs = [k for k, v in here.get("dependentRequired", {}).items() if name in v]
            given = [k for k in needs if isinstance(value, Mapping) and k in value]
            needs = given or needs
            message = f"{name!r} is required when {' or '.join(map(repr, needs))} is given"
        else:
            prop = _resolve(here.get("properties", {}).get(name, {}))
            message = f"required property {name!r} is missing: add the {_what(prop)}"
    elif keyword == "type":
        wanted = [str(t) for t in kind.types]
        message = (
            f"expected {' or '.join(_TYPE_NAMES.get(w, w) for w in wanted)}, "
            f"found {_json_type(value)} {_short(value)}"
        )
    elif keyword == "enum":
        options = list(kind.options)
        listed = ", ".join(_short(o, 40) for o in options[:25])
        more = f" (and {len(options) - 25} more)" if len(options) > 25 else ""
        message = f"{_short(value)} is not allowed; expected one of: {listed}{more}"
    elif keyword == "const":
        message = f"expected {_short(kind.expected_value)}, found {_short(value)}"
    elif keyword in {"pattern", "format"}:
        constraint = getattr(kind, keyword, None)
        value_type = _defining(keyword, constraint) or here
        message = f"{_short(value)} is not a valid {_what(value_type)}"
        hint = _date_hint(value) if value_type.get("title") == "Date" else None
        examples = value_type.get("examples") or here.get("examples")
        if hint:
            message += f"; {hint}"
        elif examples:
            message += f"; for example {_short(examples[0])}"
    elif keyword == "propertyNames":
        key = kind.error.instance
        pattern = getattr(kind.error.kind, "pattern", None)
        message = f"key {_short(key)} is not allowed here: {_key_hint(pattern)}"
        if key == "<<":
            message = f"key '<<' is not allowed here: {MERGE_KEY_HINT}"
        if isinstance(key, str):
            return Finding(f"schema.{keyword}", Severity.ERROR, (*path, key), message, at_key=True)
    elif keyword in _SIZE_MESSAGES:
        template, unit = _SIZE_MESSAGES[keyword]
        message = f"{_short(value)} {template.format(_count(kind.limit, unit))}"
    elif keyword in _BOUND_MESSAGES:
        message = f"{_short(value)} {_BOUND_MESSAGES[keyword].format(kind.limit)}"
    elif keyword == "uniqueItems":
        message = "list items must not repeat: remove the duplicates"
    elif keyword == "anyOf" and (alternatives := _required_alternatives(here)):
        names = _either(alternatives, "or")
        message = f"at least one of {names} is required here: add the one the source states"
    elif keyword == "not" and (together := _required_together(here)):
        names = _either(together, "and")
        message = f"{names} cannot both be given: keep only the one the source states"
    else:
        message = str(error.message)
    return Finding(f"schema.{keyword}", Severity.ERROR, path, message)
