"""Build hook: compile the gettext catalogs (``.po``) into the wheel as ``.mo`` files.

The repository holds only the ``.po`` files (translators edit them; see
docs/translating.md). A wheel gets the compiled ``.mo`` beside each of them, so that an
installed package reads its messages without Babel's parser. An editable install
gets nothing here: the package compiles the ``.po`` in memory on first use instead
(``citydiplomacy._base._translation``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src") / "citydiplomacy"


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile ``src/citydiplomacy/locale/*/LC_MESSAGES/*.po`` for the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write each catalog's ``.mo`` to a temporary folder and add it to the wheel."""
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = Path(tempfile.mkdtemp(prefix="citydiplomacy-mo-"))
        root = Path(self.root)
        for po in sorted((root / PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
            language = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=po.stem)
            target = self._folder / f"{language}-{po.stem}.mo"
            with target.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            inside = po.relative_to(root / "src").with_suffix(".mo").as_posix()
            build_data["force_include"][str(target)] = inside

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary folder of compiled catalogs."""
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
