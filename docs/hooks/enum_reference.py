"""MkDocs hook: the list of enum codes in the Python API reference, from the enums.

``docs/reference/api.md`` holds a marker that this hook replaces with one table per
public enum of ``citydiplomacy`` (member name and code), generated from the classes
themselves, so the list cannot drift from the code.
"""

from __future__ import annotations

import enum
import importlib
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- generated: enum codes -->"
PAGE = "reference/api.md"


def render_enums() -> str:
    """One Markdown table per public enum: ``Python member`` and ``code in files``.

    >>> "| `Commitment.COMMITTED` | `committed` |" in render_enums()
    True
    """
    cd = importlib.import_module("citydiplomacy")
    out: list[str] = []
    for name in cd.__all__:
        value = getattr(cd, name)
        if not (isinstance(value, type) and issubclass(value, enum.Enum)):
            continue
        out += [
            f"### `{name}` codes",
            "",
            f"`cd.{name}(code)` gives the member; a member equals its code.",
            "",
            "| Member | Code |",
            "| --- | --- |",
        ]
        out += [f"| `{name}.{member.name}` | `{member.value}` |" for member in value]
        out.append("")
    if not out:
        raise PluginError("no public enum found in citydiplomacy.__all__")
    return "\n".join(out)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Import ``citydiplomacy`` from the repository's ``src/``, not an installed copy."""
    src = str(Path(str(config.config_file_path)).resolve().parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the marker of the API page with the generated tables."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the marker {MARKER!r}")
    return markdown.replace(MARKER, render_enums())
