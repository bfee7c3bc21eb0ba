"""Loading, validating and writing conventions: the functions users call."""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Literal, cast

from citydiplomacy._base._args import check_choice, check_path, check_type
from citydiplomacy._base._files import write_atomic
from citydiplomacy._base._report import ConventionError, Report
from citydiplomacy._checking._check import (
    check_document,
    place_findings,
    read_and_check,
    read_path_and_check,
)
from citydiplomacy._checking._config import Config
from citydiplomacy._checking._streams import (
    is_stream,
    read_stream_checked,
    stream_name,
    write_stream,
)
from citydiplomacy._domain._convert import structure, structure_findings, unstructure
from citydiplomacy._domain._model import Convention
from citydiplomacy._io._reading import Format, Source
from citydiplomacy._io._writing import to_json, to_yaml

OutputFormat = Literal["json", "yaml"]

_FORMATS = ("json", "yaml")
_DATA = (str, bytes, bytearray, memoryview)


def _source_args(function: str, format: object, name: object = "<string>") -> None:
    if format is not None:
        check_choice(function, "format", format, _FORMATS)
    check_type(function, "name", name, str)


def _data_arg(function: str, data: object) -> None:
    check_type(function, "data", data, *_DATA)


def _document_arg(function: str, document: object, name: object) -> None:
    check_type(function, "document", document, Mapping)
    check_type(function, "name", name, str, type(None))


def _configured(function: str, report: Report, config: Config | None, path: str | None) -> Report:
    if config is None:
        return report
    check_type(function, "config", config, Config)
    return config.apply(report, path)


def validate(
    path: str | os.PathLike[str] | Convention,
    *,
    format: Format | None = None,
    config: Config | None = None,
) -> Report:
    """Check a convention file, or a :class:`Convention` built in code; return its
    :class:`Report` (never raises on bad content).

    ``format`` is ``"json"`` or ``"yaml"``; by default it follows the file's suffix.
    ``config`` (see :func:`load_config`) ignores rules or changes their severity, for
    this file's path too (its ``overrides``). Raises ``OSError`` only when the file
    cannot be read at all.

    A convention is written to its canonical document and checked by the same schema
    and rules as a file: the report is the one its file would get, without positions
    (``file`` is None, and ``config`` overrides match no path).

    >>> validate("examples/grenoble-tiznit.yaml").valid
    True
    >>> validate(load("examples/grenoble-tiznit.yaml")).valid
    True
    """
    if isinstance(path, Convention):
        if format is not None:
            raise TypeError("validate() takes no format for a Convention: it has none")
        return _configured("validate", check_document(unstructure(path)), config, None)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "validate() argument 'path' must be str, os.PathLike[str] (such as "
            f"pathlib.Path) or Convention, not {type(path).__name__}"
        )
    check_path("validate", "path", path)
    _source_args("validate", format)
    report = read_path_and_check(path, format=format)[1]
    return _configured("validate", report, config, os.fspath(path))


def validate_text(
    data: str | bytes,
    *,
    format: Format | None = None,
    name: str = "<string>",
    config: Config | None = None,
) -> Report:
    """Check a convention given as JSON or YAML text (or bytes); return its :class:`Report`.

    For a file, use :func:`validate`: a path given here raises ``TypeError``. With a
    ``config``, ``name`` is the path its ``overrides`` are matched against.

    >>> report = validate_text('{"schema_version": "1.1", "id": "x", "parties": []}')
    >>> report.valid, report.errors[0].path
    (False, ('parties',))
    """
    _data_arg("validate_text", data)
    _source_args("validate_text", format, name)
    report = read_and_check(data, name=name, format=format)[1]
    return _configured("validate_text", report, config, name)


def validate_document(
    document: Mapping[str, Any], *, name: str | None = None, config: Config | None = None
) -> Report:
    """Check an already-parsed document (plain dicts and lists); return its :class:`Report`.

    >>> validate_document({"schema_version": "1.1", "id": "x", "parties": []}).valid
    False
    """
    _document_arg("validate_document", document, name)
    return _configured("validate_document", check_document(document, name=name), config, name)


def load(
    path: str | os.PathLike[str] | IO[str] | IO[bytes], *, format: Format | None = None
) -> Convention:
    """Read a convention file (JSON or YAML) into a :class:`Convention`.

    ``path`` is a path or an open stream, text or binary (an open file,
    ``io.StringIO``, ``io.BytesIO``, ``sys.stdin.buffer``); a stream's ``name``, when
    it has one, names it in messages (else ``<stream>``), and its format is sniffed
    unless ``format`` is given. Raises :class:`ConventionError` carrying every problem
    found, and ``OSError`` when the file cannot be read.

    >>> conv = load("examples/grenoble-tiznit.yaml")
    >>> [p.name.text("fr") for p in conv.parties]
    ['Grenoble', 'Tiznit']
    >>> import io
    >>> load(io.StringIO(dumps(conv))) == conv
    True
    """
    if is_stream(path, "read"):
        _source_args("load", format)
        document, report, source = read_stream_checked(path, format=format)  # type: ignore[arg-type]
        return _to_model(document, report, source)
    path = cast("str | os.PathLike[str]", path)
    check_path("load", "path", path)
    _source_args("load", format)
    document, report, source = read_path_and_check(path, format=format)
    return _to_model(document, report, source)


def loads(data: str | bytes, *, format: Format | None = None, name: str = "<string>") -> Convention:
    """Read a convention from JSON or YAML text (format sniffed when not given).

    For a file, use :func:`load`: a path given here raises ``TypeError``.

    >>> text = Path("examples/grenoble-tiznit.json").read_text("utf-8")
    >>> loads(text, name="grenoble-tiznit.json") == load("examples/grenoble-tiznit.json")
    True
    """
    _data_arg("loads", data)
    _source_args("loads", format, name)
    document, report, source = read_and_check(data, name=name, format=format)
    return _to_model(document, report, source)


def from_document(document: Mapping[str, Any], *, name: str | None = None) -> Convention:
    """Build a :class:`Convention` from a parsed document (plain dicts and lists).

    >>> doc = to_document(load("examples/grenoble-tiznit.yaml"))
    >>> from_document(doc).id == doc["id"]
    True
    """
    _document_arg("from_document", document, name)
    report = check_document(document, name=name)
    return _to_model(document, report, None)


def to_document(convention: Convention) -> dict[str, Any]:
    """The canonical plain document of a convention (what :func:`dumps` writes).

    >>> to_document(load("examples/grenoble-tiznit.yaml"))["parties"][0]["id"]
    'grenoble'
    """
    check_type("to_document", "convention", convention, Convention)
    return unstructure(convention)


def dumps(convention: Convention, *, format: OutputFormat = "yaml") -> str:
    """Write a convention as canonical YAML (default) or JSON text.

    The same convention always gives the same bytes, and ``loads(dumps(c)) == c``.
    A convention built in code that breaks the schema or the rules raises
    :class:`ConventionError` instead of producing an invalid file.

    >>> conv = load("examples/grenoble-tiznit.yaml")
    >>> loads(dumps(conv, format="json")) == conv
    True
    """
    check_type("dumps", "convention", convention, Convention)
    check_choice("dumps", "format", format, _FORMATS)
    document = to_document(convention)
    report = check_document(document)
    if not report.valid:
        raise ConventionError(report.errors)
    return to_json(document) if format == "json" else to_yaml(document)


def dump(
    convention: Convention,
    path: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: OutputFormat | None = None,
    overwrite: bool = False,
) -> None:
    """Write a convention to a file, atomically; the format follows the suffix by default.

    ``path`` may also be an open stream, text or binary (``sys.stdout``,
    ``io.StringIO``, ``io.BytesIO``, an open file): the text is written to it (UTF-8
    for a binary one), in the format its ``name``'s suffix says, else YAML, and the
    stream is left open; ``overwrite`` does not apply. Nothing is written when the
    convention is invalid (:class:`ConventionError`).

    >>> import io
    >>> out = io.StringIO()
    >>> dump(load("examples/grenoble-tiznit.yaml"), out)
    >>> out.getvalue().startswith("schema_version:")
    True

    Never replaces an existing file unless ``overwrite=True`` (``FileExistsError``),
    not even one another process creates while this one writes. With ``overwrite``,
    a regular file is replaced, a FIFO or a character device written into, and any
    other kind of file refused. Raises ``OSError`` naming the file when it cannot be
    written.
    """
    check_type("dump", "convention", convention, Convention)
    if is_stream(path, "write"):
        if format is not None:
            check_choice("dump", "format", format, _FORMATS)
        suffix = Path(stream_name(path)).suffix.lower()
        fmt_out: OutputFormat = format or ("json" if suffix == ".json" else "yaml")
        write_stream(path, dumps(convention, format=fmt_out))  # type: ignore[arg-type]
        return
    path = cast("str | os.PathLike[str]", path)
    check_path("dump", "path", path)
    if format is not None:
        check_choice("dump", "format", format, _FORMATS)
    check_type("dump", "overwrite", overwrite, bool)
    target = Path(path)
    fmt: OutputFormat = format or ("json" if target.suffix.lower() == ".json" else "yaml")
    text = dumps(convention, format=fmt)
    try:
        write_atomic(target, text, overwrite=overwrite)
    except FileExistsError:
        raise FileExistsError(
            errno.EEXIST, "file exists; pass overwrite=True to replace it", os.fspath(path)
        ) from None


def _to_model(document: object, report: Report, source: Source | None) -> Convention:
    file = source.name if source is not None else report.file
    if not report.valid or not isinstance(document, Mapping):
        raise ConventionError(report.errors or report.findings, file)
    try:
        convention: Convention = structure(dict(document), Convention)
    except Exception as exc:
        findings = structure_findings(exc)
        raise ConventionError(place_findings(findings, source, file), file) from None
    return convention
