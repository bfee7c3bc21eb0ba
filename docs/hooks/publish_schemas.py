"""MkDocs hook: publish the schemas and codelists at the addresses their ``$id`` names.

Each schema file's ``$id`` (``https://citydiplomacy.github.io/schema/1.1/convention.schema.json``)
must lie under the site's ``site_url``; the file is published at the rest of that
address, byte for byte. The codelists of the current schema are published beside it,
under ``codelists/``: each CSV as it is, and a JSON rendering of it in the shape IATI
uses for its codelists (``metadata``, then ``data``: one object per row, the CSV's
columns as keys).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

#: The schema files, newest first; every version stays published.
SCHEMA_FILES = ("schemas/convention.schema.json", "schemas/1.0/convention.schema.json")


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def codelist_json(name: str, data: bytes, entry: dict[str, str]) -> bytes:
    """A codelist CSV as JSON: its index entry as ``metadata``, its rows as ``data``.

    >>> rendering = json.loads(codelist_json("x", b"code,title_en\\nA,Aa\\n", {"codelist": "x"}))
    >>> rendering["metadata"], rendering["data"]
    ({'name': 'x'}, [{'code': 'A', 'title_en': 'Aa'}])
    """
    metadata = {"name": name, **{k: v for k, v in entry.items() if k != "codelist"}}
    rendering = {"metadata": metadata, "data": _rows(data)}
    return (json.dumps(rendering, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def published_files(root: Path, site_url: str) -> dict[str, bytes]:
    """Site path -> bytes of every schema version and of the current codelists."""
    if not site_url.endswith("/"):
        site_url += "/"
    out: dict[str, bytes] = {}
    codelist_dir = ""
    for relative in SCHEMA_FILES:
        data = (root / relative).read_bytes()
        schema_id = str(json.loads(data)["$id"])
        if not schema_id.startswith(site_url):
            raise PluginError(
                f"{relative}: $id {schema_id} is not under site_url {site_url}; the site "
                "can only publish a schema at its $id if the two agree (mkdocs.yml)"
            )
        path = schema_id.removeprefix(site_url)
        out[path] = data
        if not codelist_dir:
            codelist_dir = path.rsplit("/", 1)[0] + "/codelists/"
    folder = root / "schemas" / "codelists"
    index = {row["codelist"]: row for row in _rows((folder / "index.csv").read_bytes())}
    for csv_path in sorted(folder.glob("*.csv")):
        data = csv_path.read_bytes()
        out[codelist_dir + csv_path.name] = data
        if csv_path.stem in index:
            out[codelist_dir + csv_path.stem + ".json"] = codelist_json(
                csv_path.stem, data, index[csv_path.stem]
            )
    return out


# After the i18n plugin's own on_files: it sorts the files of the docs folder by
# language and expects each to have a source path, which generated files have not.
@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the schema and codelist files to the site, at their published paths."""
    root = Path(config.config_file_path).parent
    for path, data in published_files(root, config.site_url or "").items():
        files.append(File.generated(config, path, content=data))
    return files
