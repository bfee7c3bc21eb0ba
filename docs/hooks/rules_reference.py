"""MkDocs hook: the list of rule ids, written from the rule registry at build time.

``docs/reference/rules.md`` holds a marker that this hook replaces with every rule of
the registry (id, severity, what it checks, how to fix it, and an example that fails
with its fix, from ``citydiplomacy._checking._rule_docs``), grouped by family, so the page
lists exactly the ids ``citydiplomacy validate`` can report, each at its own anchor
(``#date.order``), which text summaries and SARIF output link to.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- generated: rules -->"
PAGE = "reference/rules.md"

#: What each family of ids is about; a family missing here is still listed.
FAMILIES = {
    "read": "Reading the file: encoding, JSON or YAML syntax, duplicate keys.",
    "schema": "The JSON Schema: shapes, types, required fields, codes, patterns. The part "
    "after the dot is the JSON Schema keyword that failed.",
    "model": "Building the typed Python model (reported by `load`, not by `validate`).",
    "internal": "A bug in citydiplomacy rather than in the file.",
    "portfolio": "Across the files of a portfolio (`validate` given several files or a "
    "folder; off with `--no-portfolio-rules`): the finding is in one file and its message "
    "gives the position of what it conflicts with in the other. Examples show two files, "
    "each after a `# file` comment.",
    "extension": "The keys of an extension's namespace, checked only against the "
    "extensions given with `validate --extension` (see [Extensions](../extensions.md)).",
}

#: A family, a dot, then the name; names may hold a version number
#: (``version.needs-1.1``) but each dot-separated part of the family and the
#: first part of the name start with a letter.
_ID = re.compile(r"^[a-z][a-z0-9_-]*\.[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")


def _rules() -> list[tuple[str, str, str, str]]:
    module = importlib.import_module("citydiplomacy._checking._rules")
    registry: Any = getattr(module, "RULES", None)
    if not isinstance(registry, Mapping) or not registry:
        raise PluginError("citydiplomacy._checking._rules.RULES must be a non-empty mapping")
    out = []
    for rule_id, info in registry.items():
        severity = getattr(info.severity, "value", info.severity)
        if not _ID.match(str(rule_id)):
            raise PluginError(f"rule id {rule_id!r} is not of the form family.name")
        out.append((str(rule_id), str(severity), str(info.summary), str(info.fix)))
    return out


def _examples() -> dict[str, tuple[str, str]]:
    """Rule id -> (failing snippet, fixed snippet), from ``citydiplomacy._checking._rule_docs``."""
    module = importlib.import_module("citydiplomacy._checking._rule_docs")
    examples: Any = getattr(module, "EXAMPLES", None)
    if not isinstance(examples, Mapping):
        raise PluginError("citydiplomacy._checking._rule_docs.EXAMPLES must be a mapping")
    return {str(k): (str(v[0]), str(v[1])) for k, v in examples.items()}


def _family(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def render_rules() -> str:
    """Every rule, grouped by family, as Markdown."""
    rules = _rules()
    examples = _examples()
    families: dict[str, list[tuple[str, str, str, str]]] = {}
    for rule in rules:
        families.setdefault(_family(rule[0]), []).append(rule)
    order = sorted(families, key=lambda f: (list(FAMILIES).index(f) if f in FAMILIES else -1, f))
    errors = sum(1 for r in rules if r[1] == "error")
    lines = [
        f"{len(rules)} rule ids: {errors} errors and {len(rules) - errors} warnings, in "
        f"{len(families)} families.",
        "",
        "| Family | Rules |",
        "| --- | --- |",
    ]
    for family in order:
        links = ", ".join(f"[`{r[0]}`](#{r[0]})" for r in families[family])
        lines.append(f"| [`{family}.*`](#{family}) | {links} |")
    lines.append("")
    for family in order:
        lines += [f"## `{family}.*` {{ #{family} }}", ""]
        if family in FAMILIES:
            lines += [FAMILIES[family], ""]
        for rule_id, severity, summary, fix in families[family]:
            badge = "**error**" if severity == "error" else "*warning*"
            lines += [
                f"### `{rule_id}` {{ #{rule_id} }}",
                "",
                f"{badge} · {summary}",
                "",
                f"**Fix:** {fix}",
                "",
            ]
            example = examples.get(rule_id)
            if example is not None:
                failing, fixed = example
                lang = "json" if failing.lstrip().startswith("{") else "yaml"
                lines += [
                    '=== "Fails"',
                    "",
                    f"    ```{lang}",
                    *(f"    {line}".rstrip() for line in failing.splitlines()),
                    "    ```",
                    "",
                    '=== "Fixed"',
                    "",
                    f"    ```{lang}",
                    *(f"    {line}".rstrip() for line in fixed.splitlines()),
                    "    ```",
                    "",
                ]
    return "\n".join(lines).rstrip() + "\n"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Make the checkout's package importable for the generated page."""
    src = str(Path(str(config.config_file_path)).resolve().parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the marker of the rules page with the generated list."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the marker {MARKER!r}")
    return markdown.replace(MARKER, render_rules())
