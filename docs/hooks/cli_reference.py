"""MkDocs hook: the command-line reference, written from the argparse parser at build time.

``docs/reference/cli.md`` holds a marker that this hook replaces with the ``--help``
text of ``citydiplomacy`` and of every subcommand, exactly as the installed command
prints it, so the page cannot drift from the code.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- generated: command line -->"
PAGE = "reference/cli.md"

#: Width of the help text on the page (argparse reads it from COLUMNS).
WIDTH = "88"


def use_checkout(config: MkDocsConfig) -> None:
    """Import ``citydiplomacy`` from the repository's ``src/``, not an installed copy."""
    src = str(Path(str(config.config_file_path)).resolve().parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)


@contextlib.contextmanager
def _plain_help() -> Iterator[None]:
    """Fixed width and no colours while argparse formats help."""
    saved = {k: os.environ.get(k) for k in ("COLUMNS", "NO_COLOR", "PYTHON_COLORS")}
    os.environ.update({"COLUMNS": WIDTH, "NO_COLOR": "1", "PYTHON_COLORS": "0"})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            return [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    raise PluginError("the citydiplomacy parser has no subcommands")


def render_cli() -> str:
    """``--help`` of the program and of each subcommand, as Markdown."""
    cli = importlib.import_module("citydiplomacy._cli")
    with _plain_help():
        parser = cli.build_parser()
        commands = _subcommands(parser)
        lines = ["## `citydiplomacy`", "", "```text", parser.format_help().rstrip(), "```", ""]
        lines += ["| Command | What it does |", "| --- | --- |"]
        lines += [f"| [`{name}`](#{name}) | {text} |" for name, text, _ in commands]
        lines.append("")
        for name, text, sub in commands:
            lines += [
                f"## `citydiplomacy {name}` {{ #{name} }}",
                "",
                f"{text[:1].upper()}{text[1:]}." if text else "",
                "",
                "```text",
                sub.format_help().rstrip(),
                "```",
                "",
            ]
    exits = [
        ("0", "success: every file is valid (or the command did its job)", "EXIT_OK"),
        ("1", "findings: some file has errors (or warnings with `--strict`)", "EXIT_FINDINGS"),
        ("2", "usage error, or input that cannot be read", "EXIT_USAGE"),
    ]
    lines += ["## Exit codes { #exit-codes }", "", "| Code | Meaning |", "| --- | --- |"]
    for number, meaning, constant in exits:
        if str(getattr(cli, constant, number)) != number:
            raise PluginError(f"citydiplomacy._cli.{constant} is not {number}: update this page")
        lines.append(f"| `{number}` | {meaning} |")
    return "\n".join(lines).rstrip() + "\n"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Make the checkout's package importable for the generated pages."""
    use_checkout(config)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the marker of the command-line page with the generated help."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the marker {MARKER!r}")
    return markdown.replace(MARKER, render_cli())
