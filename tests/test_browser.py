"""Factsheets and the site index opened in a real browser (headless Chromium).

``tests/browser/check.mjs`` drives Chromium over the DevTools protocol: it collects
console errors and uncaught exceptions (Content-Security-Policy violations are
console errors), measures what is laid out right to left, finds the timeline, runs
axe-core in the page, takes a full-page screenshot and prints the page to PDF.

Skipped with the reason when ``/usr/bin/chromium``, ``node`` or the npm packages are
missing; ``.ci/run`` installs all three. With ``CITYDIPLOMACY_DOCS_IMAGES=docs/images``
the screenshots of the examples are also copied there for the documentation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from citydiplomacy._checking._api import load
from citydiplomacy._outputs._render import render_factsheet
from citydiplomacy._outputs._render._site import build_site

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
ON = dt.date(2026, 1, 1)
SITE_PAGE = "grenoble-tiznit-framework-convention-2025"
EXAMPLES = sorted(
    [
        ROOT / "examples" / "grenoble-tiznit.yaml",
        *ROOT.glob("examples/fictional-*.yaml"),
        *ROOT.glob("examples/real/*.yaml"),
    ]
)


#: The pages whose tops illustrate docs/factsheets.md (CITYDIPLOMACY_DOCS_IMAGES).
DOCS_IMAGES = (
    "grenoble-tiznit",
    "grenoble-tiznit-fr",
    "fictional-villebelle-tilelli",
    "laayoune-metz",
    "chongqing-ndjamena",
    "index",
)


def _why_skip() -> str | None:
    if not CHROMIUM.is_file():
        return "/usr/bin/chromium is not installed (Debian: apt-get install -y chromium)"
    if shutil.which("node") is None:
        return "node is not installed"
    if not (HELPER / "node_modules" / "axe-core").is_dir():
        return "the browser helpers are not installed: run `npm install` in tests/browser"
    return None


pytestmark = pytest.mark.skipif(_why_skip() is not None, reason=_why_skip() or "")


# ---------------------------------------------------------------- a tiny PNG reader


def png_pixels(path: Path, max_rows: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``max_rows`` unfiltered rows (RGB or RGBA, 8 bits)
    of a PNG file (pure Python: the top of a page is enough to tell it is not blank)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8, "8-bit screenshots expected"
            channels = {2: 3, 6: 4}[color]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    stride = width * channels
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * max_rows)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(min(height, max_rows)):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def ink(path: Path) -> tuple[int, float]:
    """How many distinct colours the top of a screenshot has, and its share of
    non-white pixels."""
    width, _, rows = png_pixels(path, max_rows=700)
    channels = len(rows[0]) // width
    colours: set[bytes] = set()
    dark = total = 0
    for row in rows[::2]:
        for x in range(0, width * channels, channels * 3):
            pixel = row[x : x + 3]
            colours.add(pixel)
            total += 1
            dark += pixel != b"\xff\xff\xff"
    return len(colours), dark / total


def pdf_pages(path: Path) -> int:
    """The page count of a PDF: the largest /Count of its page tree nodes."""
    counts = [
        int(n) for n in re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", path.read_bytes(), re.S)
    ]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)", path.read_bytes())]
    assert counts, f"{path} has no page tree"
    return max(counts)


# ---------------------------------------------------------------- the browser run


def run_browser(
    pages: list[Path], out: Path, *, pdf: tuple[str, ...] = (), preview: int = 0
) -> list[dict[str, Any]]:
    """Open ``pages`` in Chromium; print to PDF the pages whose file names are in ``pdf``;
    with ``preview``, also save the top ``preview`` pixels of each page."""
    node = shutil.which("node")
    assert node is not None
    command = [node, str(HELPER / "check.mjs"), "--chromium", str(CHROMIUM), "--out", str(out)]
    for name in pdf:
        command += ["--pdf", name]
    if preview:
        command += ["--preview", str(preview)]
    result = subprocess.run(
        [*command, *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    reports: list[dict[str, Any]] = json.loads(result.stdout)
    return reports


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    work = tmp_path_factory.mktemp("browser")
    files: list[Path] = []
    for example in EXAMPLES:
        target = work / f"{example.stem}.html"
        target.write_text(render_factsheet(load(example), on=ON), encoding="utf-8")
        files.append(target)
    french = work / "grenoble-tiznit-fr.html"
    french.write_text(render_factsheet(load(EXAMPLES[0]), language="fr", on=ON), "utf-8")
    files.append(french)
    site = work / "site"
    build_site([*EXAMPLES], site, on=ON)
    index = site / "index.html"
    # A factsheet of the site: the shared stylesheet, no inline CSS, a strict policy.
    site_page = work / "site" / "conventions" / f"{SITE_PAGE}.html"
    shots = work / "shots"
    shots.mkdir()
    docs = os.environ.get("CITYDIPLOMACY_DOCS_IMAGES")
    reports = run_browser(
        [*files, index, site_page],
        shots,
        pdf=("grenoble-tiznit.html",),
        preview=1400 if docs else 0,
    )
    by_name = {Path(r["page"]).stem: r for r in reports}
    by_name["site-factsheet"] = by_name.pop(SITE_PAGE)
    if docs:
        for name in DOCS_IMAGES:
            prefix = "site-" if name == "index" else "factsheet-"
            shutil.copy(by_name[name]["preview"], Path(docs) / f"{prefix}{name}.png")
    return by_name


def _serious(report: dict[str, Any]) -> list[dict[str, Any]]:
    axe = report["axe"]
    assert isinstance(axe, list), f"axe-core did not run: {axe}"
    return [v for v in axe if v["impact"] in ("serious", "critical")]


def _page_errors(report: dict[str, Any]) -> list[str]:
    """The console errors of a page, less one the harness causes: axe-core fetches each
    stylesheet again to read its rules (a ``connect-src`` request, which the site's
    policy refuses; the page itself loaded the stylesheet through ``style-src``)."""
    return [
        e
        for e in report["errors"]
        if not (
            e.startswith("security: Connecting to 'file://")
            and "/style.css' violates" in e
            and "'connect-src' was not explicitly set" in e
        )
    ]


def test_every_page_opens_without_console_errors(pages: dict[str, dict[str, Any]]) -> None:
    """A policy that blocked the stylesheet or the script would be a console error."""
    for name, report in pages.items():
        assert _page_errors(report) == [], name
        # No page loads anything from the network; the site's pages only their own
        # files (Chromium lists no file: resources, so this is not proof of loading).
        for resource in report["externalResources"]:
            assert resource.startswith("file://"), (name, resource)
            assert "/site/" in resource, (name, resource)
            assert name in ("index", "site-factsheet"), (name, resource)
    assert pages["index"]["filterShown"] is True  # sort.js loaded and ran


def test_a_site_factsheet_is_styled_by_the_shared_stylesheet(
    pages: dict[str, dict[str, Any]],
) -> None:
    """The site's factsheet, under ``style-src 'self'``, is laid out like the
    self-contained one: same timeline, same right-to-left text, a styled page."""
    page, alone = pages["site-factsheet"], pages["grenoble-tiznit"]
    assert _page_errors(page) == []
    assert page["timeline"] == alone["timeline"]
    assert page["rtl"] == alone["rtl"] >= 1
    assert page["scripts"] == 0
    assert _serious(page) == []
    colours, share = ink(Path(page["screenshot"]))
    assert colours > 20
    assert 0.02 < share < 0.9
    # Laid out by the same rules: the page is as tall as the self-contained one, give
    # or take the site's navigation bar (unstyled, it would be twice as tall).
    width, height, _ = png_pixels(Path(page["screenshot"]), max_rows=0)
    alone_width, alone_height, _ = png_pixels(Path(alone["screenshot"]), max_rows=0)
    assert width == alone_width
    assert alone_height <= height <= alone_height + 120, (height, alone_height)


def test_no_serious_accessibility_violation(pages: dict[str, dict[str, Any]]) -> None:
    for name, report in pages.items():
        assert _serious(report) == [], name


def test_screenshots_are_not_blank(pages: dict[str, dict[str, Any]]) -> None:
    for name, report in pages.items():
        colours, share = ink(Path(report["screenshot"]))
        assert colours > 20, f"{name}: {colours} colours"
        assert 0.02 < share < 0.9, f"{name}: {share:.1%} of pixels are not white"


def test_timelines_are_drawn(pages: dict[str, dict[str, Any]]) -> None:
    for example in EXAMPLES:
        report = pages[example.stem]
        timeline = report["timeline"]
        assert timeline is not None, example.stem
        assert timeline["width"] > 600, example.stem
        assert timeline["height"] > 60, example.stem
        assert timeline["marks"] >= 1, example.stem
    assert pages["index"]["timeline"] is None


def test_right_to_left_text_is_laid_out_right_to_left(pages: dict[str, dict[str, Any]]) -> None:
    for example in EXAMPLES:
        page = render_factsheet(load(example), on=ON)
        expected = page.count('dir="rtl"')
        report = pages[example.stem]
        if expected:
            assert report["rtl"] >= 1, example.stem
        else:
            assert report["rtl"] == 0, example.stem
    assert "تزنيت" in pages["grenoble-tiznit"]["rtlSample"]
    assert pages["index"]["rtl"] >= 1


def test_the_index_script_runs_under_its_policy(pages: dict[str, dict[str, Any]]) -> None:
    index = pages["index"]
    assert index["scripts"] == 1
    assert index["filterShown"] is True  # the script ran: a CSP block would hide it
    assert all(r["scripts"] == 0 for name, r in pages.items() if name != "index")


def test_reference_factsheet_prints_on_two_a4_pages(pages: dict[str, dict[str, Any]]) -> None:
    report = pages["grenoble-tiznit"]
    assert report["pdf"] is not None
    assert pdf_pages(Path(report["pdf"])) <= 2
    assert pages["grenoble-tiznit-fr"]["lang"] == "fr"


def test_the_checker_sees_errors_and_violations(tmp_path: Path) -> None:
    """The harness itself: a page that breaks the rules must be reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'\">"
        "<title>bad</title></head><body><img src='data:,'>"
        "<script>console.error('inline script ran')</script>"
        "<p style='color:#fff;background:#fff'>invisible</p></body></html>",
        encoding="utf-8",
    )
    (report,) = run_browser([bad], tmp_path)
    assert any(
        "Content Security Policy" in e or "Content-Security-Policy" in e for e in report["errors"]
    )
    assert {v["id"] for v in report["axe"]} >= {"image-alt", "html-has-lang"}
