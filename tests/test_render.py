"""Factsheets (HTML, Markdown) and the timeline SVG: content, safety, languages, CLI."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from citydiplomacy import _cli
from citydiplomacy._checking._api import load
from citydiplomacy._domain._codes import Commitment, MeetingStatus
from citydiplomacy._domain._model import (
    Action,
    BudgetLine,
    Convention,
    Document,
    Governance,
    Meeting,
    Signature,
)
from citydiplomacy._domain._values import MultilingualText, PartialDate
from citydiplomacy._outputs._render import (
    CSP,
    md_escape,
    render_factsheet,
    render_timeline_svg,
)
from citydiplomacy._outputs._render._i18n import CATALOG, date_text, direction, language_name
from citydiplomacy._outputs._render._view import safe_href

from . import strategies

ROOT = Path(__file__).resolve().parents[1]
GRENOBLE = ROOT / "examples" / "grenoble-tiznit.yaml"
FICTIONAL = ROOT / "examples" / "fictional-villebelle-tilelli.yaml"
EXAMPLES = sorted(
    [
        *ROOT.glob("examples/grenoble-tiznit.yaml"),
        *ROOT.glob("examples/fictional-*.yaml"),
        *ROOT.glob("examples/real/*.yaml"),
    ]
)
ON = dt.date(2026, 1, 1)

Cli = Callable[..., tuple[int, str, str]]

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


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


def grenoble() -> Convention:
    return load(GRENOBLE)


class _Tags(HTMLParser):
    """Every start tag and its attributes, to check what a page would load or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


# ---------------------------------------------------------------- the page


def test_reference_factsheet_is_self_contained_and_strict() -> None:
    page = render_factsheet(grenoble(), on=ON)
    assert page.startswith("<!DOCTYPE html>")
    assert (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP.replace(chr(39), "&#39;")}">'
        in page
    )
    assert "default-src 'none'" in CSP
    assert "script-src" not in CSP
    found = tags(page)
    names = {t for t, _ in found}
    assert "script" not in names
    assert "link" not in names
    assert "img" not in names
    assert "iframe" not in names
    assert "object" not in names
    assert not [a for _, a in found if "src" in a or any(k.startswith("on") for k in a)]
    for _, a in found:
        href = a.get("href")
        if href is not None:
            assert href.startswith(("#", "https://", "http://")), href


def test_reference_factsheet_facts() -> None:
    page = render_factsheet(grenoble(), on=ON)
    # Names in every script, each with its language and direction.
    assert '<span lang="ar" dir="rtl" class="version">تزنيت</span>' in page
    assert '<span lang="zgh-Tfng" dir="ltr" class="version">ⵜⵉⵣⵏⵉⵜ</span>' in page
    # Identifiers linked to their registers.
    assert 'href="https://www.wikidata.org/wiki/Q1289"' in page
    assert 'href="https://www.wikidata.org/wiki/Q587107"' in page
    assert 'href="https://www.insee.fr/fr/statistiques/2011101?geo=COM-38185"' in page
    assert "France (FR)" in page
    assert "Morocco (MA)" in page
    # A season is a season, and unknowns are said to be unknown.
    assert "spring 2025" in page
    assert page.count('<span class="unknown">not known</span>') > 5
    # The timeline is drawn in the page, with its title and description.
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"' in page
    assert '<title id="tl-title">' in page
    assert '<desc id="tl-desc">' in page


def test_every_source_mark_links_to_a_source() -> None:
    page = render_factsheet(grenoble(), on=ON)
    targets = set(re.findall(r'href="#(src-[^"]+)"', page))
    anchors = set(re.findall(r'id="(src-[^"]+)"', page))
    assert targets, "facts carry source marks"
    assert targets <= anchors
    assert {"src-press-release", "src-city-article"} <= targets


def test_unknown_source_is_listed_as_missing() -> None:
    conv = attrs.evolve(grenoble(), sources=("press-release", "nowhere"))
    page = render_factsheet(conv, on=ON)
    assert 'id="src-nowhere"' in page
    assert "not among the documents" in page


def test_french_chrome_and_texts() -> None:
    page = render_factsheet(grenoble(), language="fr", on=ON)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr" dir="ltr">')
    assert "printemps 2025" in page
    assert "non connu" in page
    assert "Convention de coopération décentralisée entre Grenoble et Tiznit" in page
    assert "Maroc (MA)" in page
    marked = render_factsheet(load(FICTIONAL), language="fr", on=ON)
    assert "version faisant foi" in marked  # the authoritative version is marked


def test_chrome_catalogs_have_the_same_keys() -> None:
    assert set(CATALOG["en"]) == set(CATALOG["fr"])


def test_unknown_chrome_language_is_refused() -> None:
    with pytest.raises(ValueError, match="choose one of en, fr"):
        render_factsheet(grenoble(), language="de")


def test_term_state_on_a_date() -> None:
    conv = load(FICTIONAL)
    page = render_factsheet(conv, on=ON)
    assert '<span class="state in_force">in force</span> on 1 January 2026' in page
    assert "last day to give notice" in page
    later = render_factsheet(conv, on=dt.date(2040, 1, 1))
    assert 'class="state expired"' in later


def test_meetings_in_host_party_and_reader_time() -> None:
    conv = load(FICTIONAL)
    page = render_factsheet(conv, on=ON, time_zone="America/Montreal")
    # 10:00 in Casablanca on 2026-10-01 (permanent UTC+00 since 2026-09-20) is 12:00 in
    # Paris and 06:00 in Montreal.
    row = page[page.index('id="meeting-copil-2026-10"') :].split("</tr>")[0]
    assert "1 October 2026 10:00 (Africa/Casablanca)" in row
    assert "Villebelle (fictive)</span>: 1 October 2026 12:00" in row
    assert "<strong>Your time (America/Montreal): 1 October 2026 06:00</strong>" in row
    with pytest.raises(ValueError, match="not an IANA time zone name"):
        render_factsheet(conv, on=ON, time_zone="Mars/Olympus")


def test_meeting_states_planned_held_overdue() -> None:
    conv = grenoble()
    meetings = (
        Meeting(id="m-held", date=PartialDate.parse("2025-06-10"), status=MeetingStatus.HELD),
        Meeting(id="m-late", date=PartialDate.parse("2025-09"), status=MeetingStatus.PLANNED),
        Meeting(id="m-next", date=PartialDate.parse("2026-05-04"), status=MeetingStatus.PLANNED),
        Meeting(id="m-what", date=PartialDate.parse("2025-07-01")),
    )
    conv = attrs.evolve(conv, governance=Governance(meetings=meetings))
    page = render_factsheet(conv, on=ON)
    row = {
        m: page[page.index(f'id="meeting-{m}"') :].split("</tr>")[0]
        for m in ("m-held", "m-late", "m-next", "m-what")
    }
    assert ">Held<" in row["m-held"]
    assert 'class="meeting-overdue">overdue<' in row["m-late"]
    assert ">Planned<" in row["m-next"]
    assert ">status not stated<" in row["m-what"]
    svg = render_timeline_svg(conv, on=ON)
    for kind in ("k-meeting-held", "k-meeting-overdue", "k-meeting-planned"):
        assert kind in svg


def test_budgets_per_funder_and_currency_never_added_across_currencies() -> None:
    lines = (
        BudgetLine(
            funder="grenoble",
            amount=Decimal("10000"),
            currency="EUR",
            commitment=Commitment.COMMITTED,
        ),
        BudgetLine(funder="grenoble", amount=Decimal("2500.50"), currency="EUR"),
        BudgetLine(funder="grenoble", amount=Decimal("30000"), currency="MAD"),
        BudgetLine(funder="tiznit", currency="MAD"),
    )
    action = Action(id="a", title=MultilingualText({"en": "Water"}), budget=lines)
    conv = attrs.evolve(grenoble(), actions=(action,), axes=())
    page = render_factsheet(conv, on=ON)
    summary = page[page.index("Budgets by funder and currency") :].split("</table>")[0]
    assert "12,500.50 EUR" in summary
    assert "30,000 MAD" in summary
    assert "42,500.50" not in page
    assert "40,000" not in summary
    # A funder whose amount is not stated has a total that is not known, not zero.
    tiznit = summary[summary.index(">Tiznit<") :].split("</tr>")[0]
    assert "not known" in tiznit
    assert ">0" not in tiznit
    fr = render_factsheet(conv, language="fr", on=ON)
    assert "12\u202f500,50 EUR" in fr


# ---------------------------------------------------------------- safety


def hostile() -> Convention:
    conv = grenoble()
    bad = MultilingualText({"en": HOSTILE, "ar": HOSTILE})
    party = attrs.evolve(conv.parties[0], name=bad, url="javascript:alert(3)")
    document = Document(
        id="evil",
        kind="web_article",
        title=bad,
        publisher=HOSTILE,
        url="javascript:alert(4)",
    )
    return attrs.evolve(
        conv,
        title=bad,
        summary=MultilingualText({"en": "[click](javascript:alert(5)) **bold** # heading"}),
        parties=(party, *conv.parties[1:]),
        documents=(*conv.documents, document),
        sources=("evil", HOSTILE),
        signature=Signature(place=bad, date=PartialDate.parse("2025-21")),
    )


def test_hostile_strings_cannot_inject_markup_into_html() -> None:
    page = render_factsheet(hostile(), on=ON)
    found = tags(page)
    names = [t for t, _ in found]
    assert "script" not in names
    assert "img" not in names
    assert not [a for _, a in found if any(k.startswith("on") for k in a)]
    assert "javascript:" not in " ".join(str(a.get("href")) for _, a in found)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img" in page
    # The unsafe URL is shown as text, not linked.
    assert '<span class="url-unlinked">javascript:alert(3)</span>' in page


def test_hostile_strings_cannot_inject_markup_into_svg() -> None:
    svg = render_timeline_svg(hostile(), on=ON)
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject", "image"))]
    assert "<script" not in svg


def test_hostile_strings_are_escaped_in_markdown() -> None:
    text = render_factsheet(hostile(), on=ON, format="markdown")
    assert "<script" not in text
    assert "<img" not in text
    assert re.search(r"(?<!\\)\]\(javascript:", text) is None  # no link syntax left
    assert "\\[click\\](javascript:alert(5)) \\*\\*bold\\*\\* \\# heading" in text
    assert "[https://www.grenoble.fr/" in text  # http(s) links are links


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ('https://example.org/" onmouseover="x', False),
        ("//example.org", False),
        ("ftp://example.org", False),
    ],
)
def test_only_http_urls_are_linked(url: str, linked: bool) -> None:
    assert (safe_href(url) is not None) is linked


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("a | b", "a \\| b"),
        ("line\n# heading", "line \\# heading"),
        ("<b>&amp;", "&lt;b\\>&amp;amp;"),
    ],
)
def test_markdown_escape(value: str, expected: str) -> None:
    assert md_escape(value) == expected


# ---------------------------------------------------------------- the timeline


def test_timeline_svg_alone_is_well_formed_and_accessible() -> None:
    svg = render_timeline_svg(load(FICTIONAL), on=ON)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    root = ET.fromstring(svg.split("\n", 1)[1])
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "tl-title tl-desc"
    assert root.find(f"{ns}title") is not None
    assert root.find(f"{ns}desc") is not None
    assert "tl-today" in svg  # the today marker
    assert "k-renewal" in svg
    assert "k-notice" in svg
    assert "k-action" in svg


def test_reduced_precision_is_drawn_as_a_hatched_range() -> None:
    exact = attrs.evolve(grenoble(), signature=Signature(date=PartialDate.parse("2025-04-12")))
    season = attrs.evolve(grenoble(), signature=Signature(date=PartialDate.parse("2025-21")))
    exact_svg = render_timeline_svg(attrs.evolve(exact, related_instruments=()), on=ON)
    season_svg = render_timeline_svg(attrs.evolve(season, related_instruments=()), on=ON)
    assert '<circle class="k-sign"' in exact_svg.split('<g class="tl-legend"')[0]
    assert 'class="k-sign tl-range"' not in exact_svg.split('<g class="tl-legend"')[0]
    drawn = season_svg.split('<g class="tl-legend"')[0]
    assert 'class="k-sign tl-range"' in drawn
    assert 'fill="url(#tl-hatch)"' in drawn
    assert "between 1 March 2025 and 31 May 2025" in drawn


def test_uncertain_and_interval_dates_in_words() -> None:
    assert date_text(PartialDate.parse("2019-10-23?"), "en") == "23 October 2019 (uncertain)"
    assert date_text(PartialDate.parse("2016-09~"), "fr") == "septembre 2016 (approximative)"
    assert date_text(PartialDate.parse("2022-10/.."), "fr") == "octobre 2022 \u2013 ouverte"
    assert "between" in date_text(PartialDate.parse("[2022-10..]"), "en")
    assert "201X" in date_text(PartialDate.parse("201X"), "en")


def test_no_date_no_drawing_but_a_sentence() -> None:
    bare = Convention(schema_version="1.1", id="bare", parties=grenoble().parties)
    svg = render_timeline_svg(bare, on=ON)
    assert "No date is recorded" in svg
    page = render_factsheet(bare, on=ON)
    assert "No date is recorded: there is no timeline to draw." in page
    assert "<h1><span" in page  # a heading made of the kind and parties' names


def test_directions_and_language_names() -> None:
    assert direction("ar") == "rtl"
    assert direction("ary") == "rtl"
    assert direction("zgh-Tfng") == "ltr"
    assert direction("ar-Latn") == "ltr"
    assert direction("fa-Arab") == "rtl"
    assert direction("zh") == "ltr"
    assert language_name("ar", "fr") == "arabe"
    assert language_name("zgh-Tfng", "en") == "Standard Moroccan Tamazight, Tifinagh"


# ---------------------------------------------------------------- every example


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_in_every_form(path: Path) -> None:
    conv = load(path)
    for language in ("en", "fr"):
        page = render_factsheet(conv, language=language, on=ON)
        assert page.rstrip().endswith("</html>")
        assert "Traceback" not in page
        markdown = render_factsheet(conv, language=language, on=ON, format="markdown")
        assert markdown.startswith("# ")
        svg = render_factsheet(conv, language=language, on=ON, format="svg")
        ET.fromstring(svg.split("\n", 1)[1])


def test_rendering_is_deterministic() -> None:
    # Same convention, same day, same bytes: a site can be rebuilt and diffed. (Speed is
    # measured by benchmarks/run.py and benchmarks/site.py, not by tests.)
    conv = grenoble()
    assert render_factsheet(conv, on=ON) == render_factsheet(conv, on=ON)


# ---------------------------------------------------------------- command line


def test_cli_render_to_file_and_refuse_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    code, stdout, stderr = cli("render", str(GRENOBLE), "-o", str(out), "--on", "2026-01-01")
    assert (code, stdout, stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, stderr = cli("render", str(GRENOBLE), "-o", str(out))
    assert code == 2
    assert "exists; pass --force" in stderr
    code, _, _ = cli("render", str(GRENOBLE), "-o", str(out), "--force", "--lang", "fr")
    assert code == 0
    assert 'lang="fr"' in out.read_text(encoding="utf-8")


def test_cli_render_markdown_and_svg_to_stdout(cli: Cli) -> None:
    code, stdout, _ = cli("render", str(FICTIONAL), "--to", "markdown", "--on", "2026-01-01")
    assert code == 0
    assert stdout.startswith("# Framework convention")
    code, stdout, _ = cli("render", str(FICTIONAL), "--to", "svg", "--on", "2026-01-01")
    assert code == 0
    assert stdout.startswith("<?xml")


def test_cli_render_bad_inputs(cli: Cli, tmp_path: Path) -> None:
    code, _, stderr = cli("render", str(GRENOBLE), "--tz", "Nowhere/Town")
    assert code == 2
    assert "--tz" in stderr
    assert "Europe/Paris" in stderr
    code, _, stderr = cli("render", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "cannot read" in stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: '1.1'\nid: x\n", encoding="utf-8")
    code, _, stderr = cli("render", str(bad))
    assert code == 1
    assert "bad.yaml" in stderr
    code, _, stderr = cli("render", str(GRENOBLE), "--on", "2026-02-30")
    assert code == 2
    assert "not a calendar date" in stderr


# ---------------------------------------------------------------- any convention


@hypothesis.settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
)
@hypothesis.given(conv=strategies.conventions(), language=st.sampled_from(["en", "fr"]))
def test_any_convention_renders_safely(conv: Convention, language: str) -> None:
    """Whatever a valid convention holds, every output renders and stays well-formed."""
    page = render_factsheet(conv, language=language, on=ON, time_zone="Asia/Tokyo")
    names = [t for t, _ in tags(page)]
    assert "script" not in names
    assert names.count("h1") == 1
    ET.fromstring(render_timeline_svg(conv, language=language, on=ON).split("\n", 1)[1])
    markdown = render_factsheet(conv, language=language, on=ON, format="markdown")
    assert "<script" not in markdown
