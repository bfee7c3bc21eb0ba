"""The static registry site: pages, data files, safe replacement of the output folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from citydiplomacy import _cli
from citydiplomacy._checking._api import load
from citydiplomacy._outputs._render import CSP, _site, render_factsheet, stylesheet
from citydiplomacy._outputs._render._site import (
    INDEX_CSP,
    MARKER,
    SCRIPT,
    SITE_CSP,
    STYLESHEET,
    SiteError,
    build_site,
    site_script,
    slug,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ROOT / "examples" / "grenoble-tiznit.yaml",
    ROOT / "examples" / "fictional-villebelle-tilelli.yaml",
    ROOT / "examples" / "fictional-villebelle-tilelli-amendment-1.yaml",
    ROOT / "examples" / "real",
]
ON = dt.date(2026, 1, 1)

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``run`` with ``render`` and ``site`` registered, whether or not ``_cli`` lists them yet."""
    missing = tuple(c for c in ("render", "site") if c not in _cli.COMMANDS)
    monkeypatch.setattr(_cli, "COMMANDS", _cli.COMMANDS + missing)

    def call(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = _cli.run(list(argv), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    return call


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "registry"
    build_site(EXAMPLES, out, on=ON)
    return out


def conventions_count() -> int:
    return 3 + len(list((ROOT / "examples" / "real").glob("*.yaml")))


def test_site_layout(site: Path) -> None:
    for name in ("index.html", "deadlines.html", "partners/index.html", MARKER):
        assert (site / name).is_file(), name
    for sort in ("signed", "status", "deadline"):
        assert (site / f"index-{sort}.html").is_file()
    pages = list((site / "conventions").glob("*.html"))
    assert len(pages) == conventions_count()
    assert len(list((site / "data").glob("*.json"))) == conventions_count() + 1
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".registry.")]


def test_index_lists_every_convention_and_links_resolve(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<a href="(conventions/[^"]+\.html)">', index)
    assert len(rows) == conventions_count()
    for page in list(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:]+\.(?:html|json|csv))"', text):
            assert (page.parent / href).resolve().is_file(), f"{page.name}: {href}"


def _policy(page: str) -> str:
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    return policy.group(1).replace("&#39;", "'")


def test_index_script_is_the_sites_own_file(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*>", index) == [f'<script src="{SCRIPT}">']
    assert (site / SCRIPT).read_text(encoding="utf-8") == site_script()
    csp = _policy(index)
    assert csp == INDEX_CSP
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp
    assert "unsafe-inline" not in csp
    # Without the script the filter stays hidden and sorting uses the linked pages.
    assert '<div class="filter" id="filter-box" hidden>' in index
    assert '<a data-sort="signed" href="index-signed.html">' in index
    factsheet = next((site / "conventions").glob("*.html")).read_text(encoding="utf-8")
    assert "<script" not in factsheet


def test_pages_share_one_stylesheet_and_inline_no_style(site: Path) -> None:
    """Every page of the site links the one stylesheet at its root; none inlines CSS
    (not even the timeline's), so ``style-src 'self'`` holds without 'unsafe-inline'."""
    assert (site / STYLESHEET).read_text(encoding="utf-8") == stylesheet()
    assert ".tl-lane-bg" in stylesheet()
    assert "@media print" in stylesheet()
    pages = list(site.rglob("*.html"))
    assert len(pages) > conventions_count() + 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', text)
        assert len(links) == 1, page
        assert (page.parent / links[0]).resolve() == (site / STYLESHEET).resolve(), page
        assert "<style" not in text, page
        assert " style=" not in text, page
        csp = _policy(text)
        assert csp in (SITE_CSP, INDEX_CSP), page
        assert "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
    factsheet = (site / "conventions" / "grenoble-tiznit-framework-convention-2025.html").read_text(
        encoding="utf-8"
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"' in factsheet
    # Each page is the factsheet without its inline copy of the CSS.
    single = render_factsheet(load(EXAMPLES[0]), on=ON)
    assert "<style>" in single
    assert "style-src 'unsafe-inline'" in CSP
    assert len(factsheet) < len(single) - len(stylesheet()) // 2


def test_the_pool_builds_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes (forked before the files are listed) write the same files as
    one process, and name duplicates in the order of the files."""
    files = [*EXAMPLES, ROOT / "examples" / "grenoble-tiznit.json"]
    alone = build_site(files, tmp_path / "alone", on=ON, workers=1)
    monkeypatch.setattr(_site, "PARALLEL_FROM", 2)
    monkeypatch.setattr(_site, "CHUNK", 3)
    seen: list[int] = []
    pooled = build_site(
        files, tmp_path / "pooled", on=ON, workers=2, progress=lambda n, _: seen.append(n)
    )
    assert pooled == attrs.evolve(alone, out=tmp_path / "pooled")
    assert seen == list(range(1, len(seen) + 1))
    assert len(seen) == conventions_count() + 1
    names = sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*"))
    assert names == sorted(
        p.relative_to(tmp_path / "pooled") for p in (tmp_path / "pooled").rglob("*")
    )
    for name in names:
        if (tmp_path / "alone" / name).is_file():
            assert (tmp_path / "alone" / name).read_bytes() == (
                tmp_path / "pooled" / name
            ).read_bytes(), name
    assert not (tmp_path / "pooled" / ".stage").exists()


def test_a_site_inside_the_input_folder_is_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES[0], folder / "a.yaml")
    build_site([folder], folder / "site", on=ON)
    again = build_site([folder], folder / "site", on=ON)
    assert again.conventions == 1
    assert again.skipped == ()


def test_sorted_pages_are_sorted(site: Path) -> None:
    signed = (site / "index-signed.html").read_text(encoding="utf-8")
    body = signed.split("<tbody>")[1].split("</tbody>")[0]
    # The first cell with a sort key in each row is the signature date's.
    keys = [re.findall(r'<td data-key="([^"]*)">', row)[0] for row in body.split("<tr>")[1:]]
    dates = [k for k in keys if k != "~"]
    assert dates == sorted(dates)
    assert len(dates) >= 3


def test_partner_pages(site: Path) -> None:
    grenoble = (site / "partners" / "q1289.html").read_text(encoding="utf-8")
    assert '<h1><span lang="fr" dir="ltr">Grenoble</span></h1>' in grenoble
    assert "../conventions/grenoble-tiznit-framework-convention-2025.html" in grenoble
    factsheet = site / "conventions" / "grenoble-tiznit-framework-convention-2025.html"
    assert 'href="../partners/q1289.html"' in factsheet.read_text(encoding="utf-8")


def test_data_files(site: Path) -> None:
    data = json.loads((site / "data" / "conventions.json").read_text(encoding="utf-8"))
    assert data["status_on"] == "2026-01-01"
    ids = {c["id"] for c in data["conventions"]}
    assert "grenoble-tiznit-framework-convention-2025" in ids
    with (site / "data" / "conventions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows} == ids
    one = json.loads(
        (site / "data" / "grenoble-tiznit-framework-convention-2025.json").read_text("utf-8")
    )
    assert one["id"] == "grenoble-tiznit-framework-convention-2025"


def test_deadlines_page(site: Path) -> None:
    page = (site / "deadlines.html").read_text(encoding="utf-8")
    assert "last day to give notice" in page
    assert "29 November 2027" in page


def test_refuses_a_folder_it_did_not_build(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError, match="pass --force"):
        build_site(EXAMPLES[:1], out, on=ON)
    code, _, stderr = cli("site", str(EXAMPLES[0]), "-o", str(out))
    assert code == 2
    assert "not empty" in stderr
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep me"
    code, stdout, _ = cli("site", str(EXAMPLES[0]), "-o", str(out), "--force", "--on", "2026-01-01")
    assert code == 0
    assert "1 conventions" in stdout
    assert not (out / "precious.txt").exists()


def test_rebuilds_its_own_site_and_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    build_site(EXAMPLES[:1], out, on=ON)
    result = build_site(EXAMPLES[:2], out, on=ON, language="fr")
    assert result.conventions == 2
    assert '<html lang="fr"' in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_build_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build_site(EXAMPLES[:1], out, on=ON)
    before = (out / "index.html").read_bytes()

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_site, "_render_pages", boom)
    with pytest.raises(OSError, match="No space left"):
        build_site(EXAMPLES[:2], out, on=ON)
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_out_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(SiteError, match="is not a folder"):
        build_site(EXAMPLES[:1], out, on=ON)


def test_invalid_files_are_skipped_and_reported(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES[0], folder / "good.yaml")
    (folder / "bad.yaml").write_text("schema_version: '1.1'\nid: x\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a convention", encoding="utf-8")
    code, stdout, stderr = cli("site", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "skipped" in stderr
    assert "bad.yaml" in stderr
    assert "notes.txt" not in stderr
    assert "1 conventions" in stdout
    code, _, stderr = cli("site", str(tmp_path / "empty-nothing"), "-o", str(tmp_path / "o2"))
    assert code == 1
    assert "missing" not in stdout


def test_no_file_found(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SiteError, match="no convention file found"):
        build_site([empty], tmp_path / "out", on=ON)


def test_duplicate_ids_get_distinct_pages(tmp_path: Path) -> None:
    result = build_site([EXAMPLES[0], ROOT / "examples" / "grenoble-tiznit.json"], tmp_path / "o")
    assert result.conventions == 2
    names = sorted(p.name for p in (tmp_path / "o" / "conventions").iterdir())
    assert names == [
        "grenoble-tiznit-framework-convention-2025-2.html",
        "grenoble-tiznit-framework-convention-2025.html",
    ]


def test_slug() -> None:
    assert slug("Q1289") == "q1289"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("تزنيت") == "x"
