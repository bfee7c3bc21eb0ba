"""Griffe extension: docstrings written for ``help()`` read well in the API reference.

The package's docstrings use the conventions of Python's own documentation: roles
such as :func:`load` or :class:`~citydiplomacy.Convention`, bare ``>>>`` examples,
and ``::`` before literal blocks. mkdocstrings renders Markdown, where those would
show verbatim (and ``['Grenoble', 'Tiznit']`` in an example's output would even be
taken for a link). Before the docstrings are parsed, this extension

* rewrites each role into an autorefs cross-reference (``[`load`][citydiplomacy.load]``)
  when the name is part of the public API, and into plain code otherwise, so no link
  can break;
* fences every ``>>>`` example, with its output, as a ``pycon`` code block;
* turns a paragraph's closing ``::`` into ``:`` (the indented block after it is
  already a code block in Markdown).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|data|exc|obj|mod|const):`(~?)([^`]+)`")
_PACKAGE = "citydiplomacy"


class DocstringsForMarkdown(griffe.Extension):
    """Rewrite the docstrings of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite every docstring of the ``citydiplomacy`` package."""
        if pkg.name != _PACKAGE:
            return
        public = {str(name) for name in (pkg.exports or [])}
        self._walk(pkg, public, set())

    def _walk(self, obj: griffe.Object | griffe.Alias, public: set[str], seen: set[str]) -> None:
        if obj.path in seen or obj.is_alias:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value, public)
        for member in obj.members.values():
            self._walk(member, public, seen)


def rewrite(text: str, public: set[str]) -> str:
    r"""One docstring, rewritten for Markdown.

    >>> rewrite("See :func:`load` and :class:`~citydiplomacy.Report`.", {"load", "Report"})
    'See [`load`][citydiplomacy.load] and [`Report`][citydiplomacy.Report].'
    >>> rewrite(":func:`freeze_json`", {"load"})
    '`freeze_json`'
    >>> rewrite("Names::\n\n" + ">" * 3 + " 1 + 1\n2\n\nDone.", set()).splitlines()
    ['Names:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    return _fence_examples(_ROLE.sub(lambda m: _role(m, public), text))


def _role(match: re.Match[str], public: set[str]) -> str:
    short, target = match.group(1), match.group(2).strip().removesuffix("()")
    name = target.removeprefix(_PACKAGE + ".")
    label = name.rsplit(".", 1)[-1] if short else name
    if name.split(".", 1)[0] in public:
        return f"[`{label}`][{_PACKAGE}.{name}]"
    return f"`{label}`"


def _fence_examples(text: str) -> str:
    out: list[str] = []
    in_fence = in_example = False
    indent = ""
    for source in text.splitlines():
        line, stripped = source, source.strip()
        if in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_example and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_example = True
        elif not in_fence and not in_example and stripped.endswith("::"):
            line = line.rstrip()[:-1] if stripped != "::" else ""
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)
