"""The steps of the GitHub Action (``action.yml``), as a script a test can run locally.

``python run.py install`` creates the Action's private virtual environment (``VENV``)
with ``PYTHON`` and installs citydiplomacy in it: from the Action's own checkout
(``ACTION_PATH``), or the release ``VERSION`` from PyPI when one is given. An
environment restored from the cache is kept when it was made from the same source.
Nothing is added to ``GITHUB_PATH`` or ``GITHUB_ENV``: later steps of the job keep
their own Python.

``python run.py validate`` runs ``VENV``'s ``citydiplomacy`` by its full path on the
paths of ``INPUT_PATHS`` (one per line, taken whole: spaces are part of the name,
nothing is split or run by a shell; a line with a wildcard that names no file is
expanded, ``**`` included), in the format of ``INPUT_FORMAT`` (annotations by
default), with ``INPUT_STRICT`` and ``INPUT_CONFIG``. It also writes a JSON and a
SARIF report under ``RUNNER_TEMP``, sets the step's outputs (``files-checked``,
``errors``, ``warnings``, ``json-file``, ``sarif-file``) in ``GITHUB_OUTPUT``, writes
a job summary (a Markdown table of findings per file, every text escaped) to
``GITHUB_STEP_SUMMARY``, and exits with the status of the check.

Only the standard library is used: this runs on the interpreter of
``actions/setup-python``, before and outside the environment it makes.
"""

from __future__ import annotations

import glob
import html
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

FORMATS = ("github", "text", "json", "sarif")
TRUE = ("true", "True", "TRUE", "1", "yes")
FALSE = ("false", "False", "FALSE", "0", "no", "")
#: Rows of findings in the job summary at most (GitHub takes 1 MiB of summary).
MAX_ROWS = 500
MARKER = ".citydiplomacy-source"


def _error(message: str) -> int:
    # A workflow command: one line, with GitHub's own escaping of the data.
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    sys.stdout.write(f"::error title=citydiplomacy::{data}\n")
    return 2


def _bin(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    suffix = ".exe" if os.name == "nt" else ""
    return folder / f"{name}{suffix}"


# ------------------------------------------------------------------ install


def install(env: Mapping[str, str]) -> int:
    """Create the private environment and install citydiplomacy in it."""
    python = env.get("PYTHON") or sys.executable
    venv = Path(env["VENV"])
    version = env.get("VERSION", "").strip()
    action_path = env.get("ACTION_PATH", "")
    if version and not re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version):
        return _error(f"version must be a release number such as 0.1.0, not {version!r}")
    source = f"citydiplomacy=={version}" if version else action_path
    if not source:
        return _error("ACTION_PATH is not set")
    marker = venv / MARKER
    cached = _bin(venv, "citydiplomacy").exists() and marker.exists()
    if cached and marker.read_text(encoding="utf-8") == source:
        print(f"citydiplomacy: using the cached environment {venv}")
        return 0
    subprocess.run([python, "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(_bin(venv, "python")), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, "--quiet", source], check=True)
    marker.write_text(source, encoding="utf-8")
    return 0


# ------------------------------------------------------------------ validate


def paths_of(text: str) -> list[str]:
    """The paths of the ``paths`` input: one per line, blank lines skipped; a line
    holding a wildcard and naming no file is expanded (sorted), if it matches."""
    paths: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if any(c in line for c in "*?[") and not os.path.lexists(line):
            found = sorted(glob.glob(line, recursive=True))
            if found:
                paths.extend(found)
                continue
        paths.append(line)
    return paths


def _set_outputs(file: str | None, outputs: Mapping[str, str]) -> None:
    if not file:
        return
    with open(file, "a", encoding="utf-8") as stream:
        for name, value in outputs.items():
            if "\n" in value or "\r" in value:
                delimiter = f"EOF_{secrets.token_hex(16)}"
                stream.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
            else:
                stream.write(f"{name}={value}\n")


_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
#: Markdown's punctuation, less ``<``, ``>`` and ``&``, which become HTML entities.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no HTML, no Markdown, no mention."""
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}" if m.group() != "\n" else "\\n", text)
    text = _MARKDOWN.sub(r"\\\1", text)
    return html.escape(text, quote=True).replace("@", "&#64;")


def summary_markdown(report: Mapping[str, Any], docs: str) -> str:
    """The job summary: counts, then a table of findings per file."""
    summary = report.get("summary", {})
    lines = [
        "## citydiplomacy validate",
        "",
        f"**{summary.get('files', 0)} files checked**: {summary.get('valid', 0)} valid, "
        f"{summary.get('with_errors', 0)} with errors; {summary.get('errors', 0)} errors, "
        f"{summary.get('warnings', 0)} warnings, {summary.get('unreadable', 0)} unreadable, "
        f"{summary.get('suppressed', 0)} suppressed.",
        "",
    ]
    files = [
        f
        for f in report.get("files", [])
        if not f.get("readable", True) or f.get("errors") or f.get("warnings")
    ]
    if files:
        lines += ["| File | Errors | Warnings |", "| --- | ---: | ---: |"]
        for entry in files:
            if not entry.get("readable", True):
                lines.append(
                    f"| {cell(entry['file'])} | cannot read: {cell(entry.get('message', ''))} | |"
                )
            else:
                lines.append(f"| {cell(entry['file'])} | {entry['errors']} | {entry['warnings']} |")
        lines.append("")
    findings = report.get("findings", [])
    if findings:
        by_file: dict[str, list[Mapping[str, Any]]] = {}
        for finding in findings:
            by_file.setdefault(str(finding.get("file")), []).append(finding)
        shown = 0
        for name, items in by_file.items():
            if shown >= MAX_ROWS:
                break
            lines += [
                f"### {cell(name)}",
                "",
                "| Line | Severity | Rule | Path | Message |",
                "| ---: | --- | --- | --- | --- |",
            ]
            for finding in items[: MAX_ROWS - shown]:
                where = (
                    ""
                    if finding.get("line") is None
                    else f"{finding['line']}:{finding.get('column') or ''}"
                )
                rule = str(finding["rule"])
                link = (
                    f"[{cell(rule)}]({docs}#{rule})"
                    if re.fullmatch(r"[a-z0-9_.-]+", rule, re.I)
                    else cell(rule)
                )
                lines.append(
                    f"| {where} | {cell(str(finding['severity']))} | {link} | "
                    f"{cell(str(finding['path']))} | {cell(str(finding['message']))} |"
                )
                shown += 1
            lines.append("")
        if len(findings) > shown:
            lines += [f"... and {len(findings) - shown} more findings: see the JSON report.", ""]
    return "\n".join(lines) + "\n"


DOCS = "https://citydiplomacy.github.io/reference/rules/"


def validate(env: Mapping[str, str]) -> int:
    """Check the paths; set the outputs and the job summary; return the exit status."""
    strict = env.get("INPUT_STRICT", "false").strip()
    if strict not in TRUE + FALSE:
        return _error(f"strict must be true or false, not {strict!r}")
    fmt = env.get("INPUT_FORMAT", "github").strip() or "github"
    if fmt not in FORMATS:
        return _error(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    paths = paths_of(env.get("INPUT_PATHS", ""))
    if not paths:
        return _error("paths is empty: give files or folders, one per line")
    command = str(_bin(Path(env["VENV"]), "citydiplomacy"))
    options = ["--strict"] if strict in TRUE else []
    config = env.get("INPUT_CONFIG", "").strip()
    if config:
        options += ["--config", config]
    folder = Path(tempfile.mkdtemp(prefix="citydiplomacy-", dir=env.get("RUNNER_TEMP") or None))
    json_file, sarif_file = folder / "citydiplomacy.json", folder / "citydiplomacy.sarif"
    # One run: what people read (annotations, by default), and the two reports.
    sys.stdout.flush()
    reports = ["--report", f"json={json_file}", "--report", f"sarif={sarif_file}"]
    status = subprocess.run(
        [command, "validate", "--format", fmt, *reports, *options, "--", *paths], check=False
    ).returncode
    report: dict[str, Any] = {}
    if json_file.exists():
        report = json.loads(json_file.read_text(encoding="utf-8"))
    summary = report.get("summary", {})
    _set_outputs(
        env.get("GITHUB_OUTPUT"),
        {
            "files-checked": str(summary.get("files", 0)),
            "errors": str(summary.get("errors", 0)),
            "warnings": str(summary.get("warnings", 0)),
            "json-file": str(json_file) if json_file.exists() else "",
            "sarif-file": str(sarif_file) if sarif_file.exists() else "",
        },
    )
    step_summary = env.get("GITHUB_STEP_SUMMARY")
    if step_summary and report:
        with open(step_summary, "a", encoding="utf-8") as stream:
            stream.write(summary_markdown(report, DOCS))
    return status


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("install", "validate"):
        sys.stderr.write("usage: run.py install|validate (settings in the environment)\n")
        return 2
    return install(os.environ) if argv[0] == "install" else validate(os.environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
