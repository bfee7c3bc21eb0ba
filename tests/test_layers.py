"""Imports run one way: no module imports from a later stage (docs/architecture.md).

Every ``import`` and ``from ... import`` in the package is read with ``ast``, those
inside functions and ``if TYPE_CHECKING:`` blocks included, so a deferred import cannot
hide a dependency that runs back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import citydiplomacy

PACKAGE = Path(citydiplomacy.__file__).parent

# The stages, in import order: a module may import from its own stage and earlier ones.
STAGES = (
    "_base",
    "_domain",
    "_time",
    "_io",
    "_checking",
    "_batch",
    "_outputs",
    "",  # the package itself: the public API, re-exporting the stages above
    "_cli",
)
# The one name any stage may take from the package itself: it is defined there, with
# no import behind it.
ROOT_NAMES_ALLOWED_EVERYWHERE = frozenset({"__version__"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    base = PACKAGE.parent.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _stage(dotted: str) -> int:
    parts = dotted.split(".")
    assert parts[0] == "citydiplomacy", dotted
    first = parts[1] if len(parts) > 1 else ""
    if first == "__main__":
        return STAGES.index("_cli")
    assert first in STAGES, f"{dotted} belongs to no stage: add it to STAGES and the docs"
    return STAGES.index(first)


def _imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, imported module, name taken from it) for every import of this package."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source_text: str, package: str) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(ast.parse(source_text)):
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name, "")
                for alias in node.names
                if alias.name.split(".")[0] == "citydiplomacy"
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] != "citydiplomacy":
                continue
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                if _is_module(candidate):
                    found.append((node.lineno, candidate, ""))
                else:
                    found.append((node.lineno, source, alias.name))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_stage() -> None:
    for path in SOURCES:
        _stage(_module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_runs_back_up(path: Path) -> None:
    own = _stage(_module_name(path))
    later = [
        f"line {line}: {target}" + (f" ({name})" if name else "")
        for line, target, name in _imports(path)
        if _stage(target) > own
        and not (target == "citydiplomacy" and name in ROOT_NAMES_ALLOWED_EVERYWHERE)
    ]
    assert not later, f"{path.name} imports from a later stage: {later}"


def test_the_checker_sees_every_import_form() -> None:
    # The test above is only as good as _imports_in: prove it sees every form.
    source = "\n".join(
        [
            "import citydiplomacy._time._tz",
            "from . import _values",
            "from .._base._text import human",
            "from citydiplomacy import __version__",
            "def deferred():",
            "    from citydiplomacy._outputs import _calendar",
            "if TYPE_CHECKING:",
            "    from citydiplomacy._cli import run",
        ]
    )
    found = _imports_in(source, "citydiplomacy._domain")
    assert [(target, name) for _, target, name in sorted(found)] == [
        ("citydiplomacy._time._tz", ""),
        ("citydiplomacy._domain._values", ""),
        ("citydiplomacy._base._text", "human"),
        ("citydiplomacy", "__version__"),
        ("citydiplomacy._outputs._calendar", ""),
        ("citydiplomacy._cli", "run"),
    ]
    assert [_stage(target) for _, target, _ in sorted(found)] == [2, 1, 0, 7, 6, 8]
