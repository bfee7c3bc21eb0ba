"""Settings for checking a repository's conventions, from ``citydiplomacy.toml`` or
the ``[tool.citydiplomacy]`` table of ``pyproject.toml``, and inline suppressions.

The file is found as ruff and mypy find theirs: from the current directory upwards,
the first folder holding a ``citydiplomacy.toml``, or a ``pyproject.toml`` with a
``[tool.citydiplomacy]`` table, gives the settings (``citydiplomacy.toml`` wins when a
folder has both). Patterns are relative to the folder of that file.

Settings::

    include = ["conventions/**/*.yaml"]   # files searched for in folders
    exclude = ["conventions/drafts/**"]   # never checked, even when named
    ignore = ["content.empty-list"]       # rule ids (or "family.*") not reported
    strict = true                         # warnings fail the run
    [severity]                            # [tool.citydiplomacy.severity] in pyproject
    "codelist.unknown-code" = "error"
    [[overrides]]                         # [[tool.citydiplomacy.overrides]]
    paths = ["legacy/**"]
    ignore = ["date.retroactive-start"]
    severity = { "meeting.ambiguous-time" = "error" }

A YAML comment ``# citydiplomacy: ignore[rule-id]`` (several ids: comma-separated) on
the line of a finding, or alone on the line before it, suppresses that finding; it is
counted as suppressed, never hidden silently.

Nothing here is imported on the fast path of a valid file but the search for the
file (a few ``stat`` calls); TOML is parsed only when a file is there.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from citydiplomacy._base._report import Finding, Report, Severity

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "Override", "find_config", "load_config"]

#: The files looked for in each folder, the first found winning.
CONFIG_NAMES = ("citydiplomacy.toml", "pyproject.toml")
#: The default file name patterns searched for in folders.
DEFAULT_INCLUDE = ("*.yaml", "*.yml", "*.json")

_SETTINGS = ("include", "exclude", "ignore", "severity", "strict", "overrides")
_OVERRIDE_SETTINGS = ("paths", "ignore", "severity")
_SEVERITIES = {s.value: s for s in Severity}


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message names the file and the
    line of the setting (``pyproject.toml:12: ...``).

    >>> import citydiplomacy as cd, pathlib, tempfile
    >>> settings = pathlib.Path(tempfile.mkdtemp()) / "citydiplomacy.toml"
    >>> _ = settings.write_text('strict = "yes"\\n')
    >>> try:
    ...     cd.load_config(settings)
    ... except cd.ConfigError as error:
    ...     print(str(error).split(": ", 1)[1])
    strict must be true or false
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(f"{where}{message}")
        self.file = file
        self.line = line


@attrs.frozen
class Override:
    """Settings for the files whose path matches one of ``paths``."""

    paths: tuple[str, ...]
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)


@attrs.frozen
class Config:
    """The settings a run of ``validate`` uses, and where each came from.

    ``root`` is the folder patterns are relative to (the configuration file's, else
    the current directory); ``origins`` maps each setting to its source (``"default"``,
    ``"command line"`` or ``"FILE:LINE"``). Pass a ``Config`` to
    :func:`citydiplomacy.validate` and its siblings to apply it.

    >>> import citydiplomacy as cd, pathlib, tempfile
    >>> settings = pathlib.Path(tempfile.mkdtemp()) / "citydiplomacy.toml"
    >>> _ = settings.write_text('strict = true\\nignore = ["content.empty-list"]\\n')
    >>> config = cd.load_config(settings)
    >>> config.strict, sorted(config.ignore), config.origins["strict"].endswith(".toml:1")
    (True, ['content.empty-list'], True)
    >>> cd.validate("examples/grenoble-tiznit.yaml", config=config).valid
    True
    """

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    strict: bool = False
    overrides: tuple[Override, ...] = ()
    file: str | None = None
    root: str = attrs.field(factory=os.getcwd)
    origins: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def is_default(self) -> bool:
        """True when no setting changes which findings are reported, or how."""
        return not (self.ignore or self.severity or self.overrides or self.exclude)

    def origin(self, setting: str) -> str:
        """Where a setting came from: ``default``, ``command line`` or ``FILE:LINE``."""
        return self.origins.get(setting, "default")

    def with_options(self, **changes: Any) -> Config:
        """A copy with settings given on the command line (None: keep)."""
        given = {k: v for k, v in changes.items() if v is not None}
        origins = dict(self.origins)
        origins.update(dict.fromkeys(given, "command line"))
        if "ignore" in given:
            given["ignore"] = frozenset(given["ignore"]) | self.ignore
            _check_rules(given["ignore"], "ignore", None, None)
        return attrs.evolve(self, origins=origins, **given)

    # ------------------------------------------------------------ paths

    def relative(self, path: str) -> str | None:
        """``path`` relative to ``root``, with ``/``; None when outside it."""
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:  # another drive (Windows)
            return None
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return rel.replace(os.sep, "/")

    def _matches(self, patterns: Sequence[str], path: str) -> bool:
        if not patterns:
            return False
        rel = self.relative(path)
        name = os.path.basename(path)
        return any(
            _glob(p)(rel) if rel is not None and "/" in p else _glob(p)(name) for p in patterns
        )

    def excluded(self, path: str) -> bool:
        """True when ``exclude`` matches the file (named or found in a folder)."""
        return self._matches(self.exclude, path)

    def included(self, path: str) -> bool:
        """True when ``include`` matches a file found in a folder."""
        return self._matches(self.include, path)

    def rules_for(self, path: str | None) -> tuple[frozenset[str], Mapping[str, Severity]]:
        """The rules ignored and the severities changed for a file (overrides applied)."""
        ignore, severity = self.ignore, dict(self.severity)
        if path is not None:
            for override in self.overrides:
                if self._matches(override.paths, path):
                    ignore = ignore | override.ignore
                    severity.update(override.severity)
        return ignore, severity

    # ------------------------------------------------------------ findings

    def apply(self, report: Report, path: str | None = None) -> Report:
        """The report with ignored rules moved to ``suppressed`` and severities changed."""
        if not report.findings or self.is_default:
            return report
        ignore, severity = self.rules_for(path if path is not None else report.file)
        kept: list[Finding] = []
        dropped = list(report.suppressed)
        for finding in report.findings:
            if _listed(finding.rule, ignore):
                dropped.append(finding)
                continue
            changed = _lookup(finding.rule, severity)
            if changed is not None and changed is not finding.severity:
                kept.append(attrs.evolve(finding, severity=changed))
            else:
                kept.append(finding)
        return attrs.evolve(report, findings=tuple(kept), suppressed=tuple(dropped))


def _listed(rule: str, ids: Iterable[str]) -> bool:
    return rule in ids or f"{rule.split('.', 1)[0]}.*" in ids


def _lookup(rule: str, table: Mapping[str, Severity]) -> Severity | None:
    return table.get(rule, table.get(f"{rule.split('.', 1)[0]}.*"))


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> Any:
    """A matcher for a glob: ``*`` within a folder, ``**`` across folders."""
    parts = re.split(r"(\*\*/?|\*|\?|\[[^\]]*\])", pattern.strip("/"))
    out = []
    for part in parts:
        if part in ("**", "**/"):
            out.append("(?:.*/)?" if part == "**/" else ".*")
        elif part == "*":
            out.append("[^/]*")
        elif part == "?":
            out.append("[^/]")
        elif part.startswith("[") and part.endswith("]") and len(part) > 2:
            out.append(fnmatch.translate(part)[4:-3])
        else:
            out.append(re.escape(part))
    regex = re.compile("".join(out) + r"(?:/.*)?\Z", re.DOTALL)
    return lambda text: regex.match(text) is not None


# ------------------------------------------------------------------ finding the file


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file for ``start`` (default: the current directory), or None."""
    folder = Path(start if start is not None else os.getcwd()).absolute()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAMES[0]
        if own.is_file():
            return own
        pyproject = candidate / CONFIG_NAMES[1]
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\[?\s*tool\s*\.\s*citydiplomacy\b", text, re.MULTILINE) is not None


def load_config(
    path: str | os.PathLike[str] | None = None, *, start: str | os.PathLike[str] | None = None
) -> Config:
    """The settings of a configuration file (``path``), or of the one found from
    ``start`` upwards; the defaults when there is none. Raises :class:`ConfigError`.

    >>> import citydiplomacy as cd, pathlib, tempfile
    >>> settings = pathlib.Path(tempfile.mkdtemp()) / "citydiplomacy.toml"
    >>> _ = settings.write_text("strict = true\\n")
    >>> cd.load_config(settings).strict
    True
    >>> cd.load_config(start=settings.parent).file == str(settings)
    True
    """
    file = Path(path) if path is not None else find_config(start)
    if file is None:
        return Config(root=os.path.abspath(start) if start is not None else os.getcwd())
    name = os.fspath(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such configuration file", name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the configuration file: {exc}", name) from None
    return parse_config(text, name, root=str(file.absolute().parent))


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415 - only when a configuration file is there

        return tomllib
    import tomli  # noqa: PLC0415  # pragma: no cover - Python 3.10

    return tomli  # pragma: no cover


def parse_config(text: str, file: str, *, root: str) -> Config:
    """The settings in the text of a configuration file named ``file``."""
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        if line is None and "end of document" in str(exc):
            line = max(1, len(text.splitlines()))
        raise ConfigError(f"not valid TOML: {exc}", file, line) from None
    pyproject = os.path.basename(file) == CONFIG_NAMES[1]
    table: Any = data.get("tool", {}).get("citydiplomacy", {}) if pyproject else data
    prefix = "tool.citydiplomacy." if pyproject else ""
    lines = _Lines(text, "tool.citydiplomacy" if pyproject else "")
    if not isinstance(table, dict):
        raise ConfigError("[tool.citydiplomacy] must be a table", file, lines.key(""))
    origins: dict[str, str] = {}
    settings: dict[str, Any] = {}
    for key, value in table.items():
        line = lines.key(key)
        if key not in _SETTINGS:
            near = _close(key, _SETTINGS)
            raise ConfigError(
                f"unknown setting {prefix}{key}{near}; settings: {', '.join(_SETTINGS)}",
                file,
                line,
            )
        origins[key] = f"{file}:{line}" if line else file
        where = (file, line, lines)
        if key in ("include", "exclude"):
            settings[key] = _patterns(value, prefix + key, where)
        elif key == "ignore":
            settings[key] = _rule_list(value, prefix + key, where)
        elif key == "severity":
            settings[key] = _severities(value, prefix + key, where)
        elif key == "strict":
            if not isinstance(value, bool):
                raise ConfigError(f"{prefix}strict must be true or false", file, line)
            settings[key] = value
        else:
            settings[key] = _overrides(value, prefix + key, where)
    return Config(file=file, root=root, origins=origins, **settings)


_Where = tuple[str, "int | None", "_Lines"]


def _patterns(value: object, name: str, where: _Where) -> tuple[str, ...]:
    file, line, _ = where
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f'{name} must be a list of glob patterns such as "*.yaml"', file, line)
    return tuple(value)


def _rule_list(value: object, name: str, where: _Where) -> frozenset[str]:
    file, line, lines = where
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{name} must be a list of rule ids such as "date.order"', file, line)
    ids = frozenset(value)
    _check_rules(ids, name, file, line, lines)
    return ids


def _severities(value: object, name: str, where: _Where) -> dict[str, Severity]:
    file, line, lines = where
    if not isinstance(value, dict):
        raise ConfigError(
            f'{name} must be a table of rule ids and severities, such as {{"date.order" = '
            '"warning"}',
            file,
            line,
        )
    _check_rules(value, name, file, line, lines)
    out: dict[str, Severity] = {}
    for rule, level in value.items():
        if level not in _SEVERITIES:
            raise ConfigError(
                f'{name}: the severity of {rule} must be "error" or "warning", not {level!r}',
                file,
                lines.value(rule) or line,
            )
        out[rule] = _SEVERITIES[level]
    return out


def _overrides(value: object, name: str, where: _Where) -> tuple[Override, ...]:
    file, line, lines = where
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{name} must be an array of tables ([[{name}]])", file, line)
    out = []
    for index, entry in enumerate(value):
        at = lines.nth_table(name, index) or line
        for key in entry:
            if key not in _OVERRIDE_SETTINGS:
                raise ConfigError(
                    f"unknown setting {key!r} in {name}{_close(key, _OVERRIDE_SETTINGS)}; "
                    f"an override takes {', '.join(_OVERRIDE_SETTINGS)}",
                    file,
                    (lines.key_after(key, at) if at else None) or at,
                )
        if "paths" not in entry:
            raise ConfigError(f"each {name} entry needs paths = [...]", file, at)
        sub = (file, at, lines)
        out.append(
            Override(
                paths=_patterns(entry["paths"], f"{name}.paths", sub),
                ignore=_rule_list(entry.get("ignore", []), f"{name}.ignore", sub),
                severity=_severities(entry.get("severity", {}), f"{name}.severity", sub),
            )
        )
    return tuple(out)


def known_rules() -> frozenset[str]:
    """Every rule id the validator can report."""
    from citydiplomacy._checking._rules import RULES  # noqa: PLC0415 - only to check a configuration

    return frozenset(RULES)


def _check_rules(
    ids: Iterable[str], name: str, file: str | None, line: int | None, lines: _Lines | None = None
) -> None:
    rules = known_rules()
    families = {r.split(".", 1)[0] for r in rules}
    for rule in ids:
        if rule in rules or (rule.endswith(".*") and rule[:-2] in families):
            continue
        at = (lines.value(rule) if lines is not None else None) or line
        raise ConfigError(
            f"unknown rule id {rule!r} in {name}{_close(rule, rules)}; "
            "`citydiplomacy validate --list-rules` lists them",
            file,
            at,
        )


def _close(word: str, choices: Iterable[str]) -> str:
    import difflib  # noqa: PLC0415

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {found[0]!r}?)" if found else ""


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


class _Lines:
    """Lines of settings in a TOML text, found by reading it (``tomllib`` gives none)."""

    def __init__(self, text: str, table: str) -> None:
        self.lines = text.splitlines()
        self.table = table
        self.start = 0
        if table:
            header = re.compile(
                r"^\s*\[\[?\s*" + r"\s*\.\s*".join(map(re.escape, table.split(".")))
            )
            self.start = next((i for i, t in enumerate(self.lines) if header.match(t)), 0)

    def _find(self, pattern: re.Pattern[str], after: int | None = None) -> int | None:
        for number in range(after if after is not None else self.start, len(self.lines)):
            if pattern.search(self.lines[number]):
                return number + 1
        return None

    def key(self, key: str) -> int | None:
        """The line where ``key`` is set (``key =`` or a ``[table.key]`` header)."""
        if not key:
            return self.start + 1
        name = re.escape(key)
        return self._find(
            re.compile(rf"""^\s*(?:{name}|"{name}"|'{name}')\s*=|^\s*\[\[?[^\]]*\b{name}\s*\]""")
        )

    def key_after(self, key: str, line: int) -> int | None:
        name = re.escape(key)
        return self._find(re.compile(rf"""^\s*(?:{name}|"{name}"|'{name}')\s*="""), line - 1)

    def value(self, text: str) -> int | None:
        """The first line that holds ``text`` as a quoted string or a bare key."""
        name = re.escape(text)
        return self._find(re.compile(rf"""["']{name}["']|^\s*{name}\s*="""))

    def nth_table(self, name: str, index: int) -> int | None:
        """The line of the ``index``-th ``[[name]]`` header (or inline entry)."""
        header = re.compile(
            r"^\s*\[\[\s*" + r"\s*\.\s*".join(map(re.escape, name.split("."))) + r"\s*\]\]"
        )
        found = [i + 1 for i, t in enumerate(self.lines) if header.match(t)]
        if index < len(found):
            return found[index]
        return self.key(name.rsplit(".", 1)[-1])


# ------------------------------------------------------------------ inline suppression

_MARK = "citydiplomacy:"
_COMMENT = re.compile(r"#\s*citydiplomacy:\s*ignore\[([^\]]*)\]")


def suppressions(text: str) -> dict[int, tuple[frozenset[str], bool]]:
    """Per 1-based line number, the rule ids a ``# citydiplomacy: ignore[...]`` comment
    names, and whether the comment is alone on its line (then it also covers the
    next line)."""
    out: dict[int, tuple[frozenset[str], bool]] = {}
    if _MARK not in text:
        return out
    for number, line in enumerate(text.splitlines(), 1):
        if _MARK not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        ids = frozenset(p.strip() for p in match.group(1).split(",") if p.strip())
        out[number] = (ids, line[: match.start()].strip() == "")
    return out


def suppress_inline(report: Report, text: str | None) -> Report:
    """The report with findings whose line (or the line before, for a comment alone on
    its line) carries ``# citydiplomacy: ignore[rule-id]`` moved to ``suppressed``."""
    if not report.findings or text is None or _MARK not in text:
        return report
    marks = suppressions(text)
    if not marks:
        return report
    kept: list[Finding] = []
    dropped = list(report.suppressed)
    for finding in report.findings:
        line = finding.line
        same = marks.get(line) if line is not None else None
        before = marks.get(line - 1) if line is not None else None
        covered = (same is not None and _listed(finding.rule, same[0])) or (
            before is not None and before[1] and _listed(finding.rule, before[0])
        )
        (dropped if covered else kept).append(finding)
    return attrs.evolve(report, findings=tuple(kept), suppressed=tuple(dropped))
