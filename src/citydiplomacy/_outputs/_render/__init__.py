"""Factsheets, timelines and a static registry site for conventions.

Three outputs for people who do not read YAML:

- :func:`render_factsheet`: one self-contained HTML page per convention (inline CSS,
  no script, no external resource, a strict Content-Security-Policy), or Markdown for
  forges that browse files;
- :func:`render_timeline_svg`: the convention's timeline alone, as SVG;
- :func:`build_site`: a static site of many conventions (an index table, a page per
  convention, per partner, a deadlines page and data files); its pages link one
  shared stylesheet (and the index one script) instead of inlining them, under a
  policy that allows nothing inline.

Templates are Jinja2 with autoescaping for HTML, SVG and XML; the Markdown output
escapes Markdown and HTML specials in every value. Only ``http``/``https`` URLs are
ever linked.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any, Literal

import jinja2
import markupsafe

from citydiplomacy._base._times import as_optional_date, today_utc
from citydiplomacy._domain._model import Convention
from citydiplomacy._outputs._render._html import GLOBALS
from citydiplomacy._outputs._render._i18n import CATALOG, Messages, chrome_language
from citydiplomacy._outputs._render._timeline import build_timeline
from citydiplomacy._outputs._render._view import Builder, Options, Text, check_zone, safe_href

__all__ = [
    "FactsheetFormat",
    "SiteError",
    "SiteResult",
    "build_site",
    "render_factsheet",
    "render_timeline_svg",
]

#: What :func:`render_factsheet` writes.
FactsheetFormat = Literal["html", "markdown", "svg"]

#: The policy of a factsheet: nothing but its own inline styles and data: images.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def _version() -> str:
    from citydiplomacy import __version__  # noqa: PLC0415  (the package imports lazily)

    return __version__


class _Environment(jinja2.Environment):
    """Jinja2, with ``x.name`` read from a view's dicts first.

    The views are plain dicts: Jinja2's ``getattr`` tries the attribute first and
    reads the key only after an ``AttributeError``, an exception for every value a
    page shows (a tenth of a site build). A key now wins over a dict method of the
    same name, which no view has.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The Jinja2 environment of HTML and SVG pages: autoescaping always on."""
    env = _Environment(
        loader=jinja2.PackageLoader("citydiplomacy._outputs._render", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "svg", "xml", "html.j2", "svg.j2", "xml.j2"),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        # The templates ship with the package: no need to stat them at every include.
        auto_reload=False,
    )
    env.globals.update(GLOBALS)
    return env


def stylesheet() -> str:
    """The pages' CSS (screen, print and the timeline's), as one file for a site."""
    env = html_environment()
    loader = env.loader
    assert loader is not None
    return "".join(loader.get_source(env, name)[0] for name in ("style.css", "timeline.css"))


@functools.lru_cache(maxsize=8)
def chrome_words(language: str) -> dict[str, markupsafe.Markup]:
    """Every message of the page chrome in ``language``, escaped once: the HTML
    templates write ``T.key`` where a message has no field to fill in (``t("key")``
    costs a call and an escape each time, hundreds of times a page)."""
    words = {key: markupsafe.escape(text) for key, text in CATALOG["en"].items()}
    words.update((key, markupsafe.escape(text)) for key, text in CATALOG[language].items())
    return words


# ---------------------------------------------------------------- Markdown


class MdSafe(str):
    """Markdown already escaped: the Markdown environment's finalize leaves it alone."""

    __slots__ = ()


# Link and image syntax needs "[": with brackets escaped, "(" and "!" are plain text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#+|~>])")
_MD_LIST_START = re.compile(r"\A(-|[0-9]+(?=[.)]))")


def md_escape(value: object) -> str:
    r"""Escape Markdown and HTML specials so that a value reads as plain text.

    >>> md_escape("<script>*x*</script> [a](javascript:b)")
    '&lt;script\\>\\*x\\*&lt;/script\\> \\[a\\](javascript:b)'
    """
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    text = " ".join(text.split())  # no newline may start a heading or a list
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A value that begins a line must not start a list item either.
    match = _MD_LIST_START.match(text)
    if match is None:
        return text
    if match.group(1) == "-":
        return "\\" + text
    end = match.end()
    return text[:end] + "\\" + text[end:]


def _md_finalize(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return MdSafe(md_escape(value))


def _md_text(x: Text | None, unknown: str) -> MdSafe:
    if x is None:
        return MdSafe(f"*{md_escape(unknown)}*")
    return MdSafe(md_escape(x.value))


def _md_link(text: str, href: str | None) -> MdSafe:
    if href is None or safe_href(href) is None:
        return MdSafe(md_escape(text))
    target = href.replace("(", "%28").replace(")", "%29")
    return MdSafe(f"[{md_escape(text)}]({target})")


@functools.lru_cache(maxsize=1)
def markdown_environment() -> jinja2.Environment:
    """The Jinja2 environment of Markdown: every value escaped by ``finalize``."""
    env = _Environment(
        loader=jinja2.PackageLoader("citydiplomacy._outputs._render", "templates"),
        autoescape=False,
        finalize=_md_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md_link"] = _md_link
    env.filters["md_safe"] = MdSafe
    return env


# ---------------------------------------------------------------- factsheets


def factsheet_context(
    convention: Convention,
    *,
    language: str = "en",
    on: _dt.date | None = None,
    time_zone: str | None = None,
) -> dict[str, Any]:
    """The values a factsheet template renders (shared by HTML, Markdown and the site)."""
    language = chrome_language(language)
    if time_zone is not None:
        check_zone(time_zone)
    day = as_optional_date(on, "on") or today_utc()
    builder = Builder(convention, Options(language=language, on=day, time_zone=time_zone))
    view = builder.build()
    timeline = build_timeline(convention, language, day, view["heading"].value)
    t = Messages(language)
    return {
        "fs": view,
        "t": t,
        "T": chrome_words(language),
        "lang": language,
        "timeline": timeline,
        "reader_zone": time_zone,
        "version": _version(),
        "generated_on": day.isoformat(),
        "page_title": f"{view['heading'].value} — {t('convention')}",
        "csp": CSP,
        "nav": [],
        # A site links its shared stylesheet and script; a lone page inlines its CSS.
        "stylesheet": None,
        "script": None,
    }


def _timeline_markup(context: dict[str, Any]) -> markupsafe.Markup:
    timeline = context["timeline"]
    if timeline is None:
        return markupsafe.Markup("")
    template = html_environment().get_template("timeline.svg.j2")
    return markupsafe.Markup(template.render(s=timeline.svg, standalone=False))


def render_factsheet(
    convention: Convention,
    *,
    language: str = "en",
    on: _dt.date | None = None,
    time_zone: str | None = None,
    format: FactsheetFormat = "html",
) -> str:
    """One convention as a factsheet for people.

    ``format="html"`` gives a self-contained page (inline CSS, no script, no external
    resource, a strict Content-Security-Policy, an A4 print stylesheet) with the
    timeline drawn in it; ``"markdown"`` the same facts for forges; ``"svg"`` the
    timeline alone. ``language`` is the page chrome's (``"en"`` or ``"fr"``): texts of
    the file come in it when the file has it, else in their first stored language,
    always marked with their own language and direction. ``on`` is the day the term's
    state and the "today" marker are computed for (default: today, UTC);
    ``time_zone`` an IANA zone in which meeting times are also shown to the reader.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> page = render_factsheet(conv, language="fr", on=_dt.date(2026, 1, 1))
    >>> page.startswith("<!DOCTYPE html>") and 'lang="ar" dir="rtl"' in page
    True
    """
    if format not in ("html", "markdown", "svg"):
        raise ValueError(f"format must be 'html', 'markdown' or 'svg', not {format!r}")
    if format == "svg":
        if time_zone is not None:
            check_zone(time_zone)
        return render_timeline_svg(convention, language=language, on=on)
    context = factsheet_context(convention, language=language, on=on, time_zone=time_zone)
    if format == "markdown":
        return markdown_environment().get_template("factsheet.md.j2").render(context)
    context["timeline_svg"] = _timeline_markup(context)
    return html_environment().get_template("factsheet.html.j2").render(context)


def render_timeline_svg(
    convention: Convention, *, language: str = "en", on: _dt.date | None = None
) -> str:
    """The timeline of a convention alone, as a standalone SVG document.

    Exact days are solid marks; dates of reduced precision (month, season, year) or
    uncertain ones are hatched, translucent ranges of the days they stand for. The
    drawing has a ``<title>`` and a ``<desc>``; with no recorded date it says so.

    >>> import citydiplomacy as cd
    >>> svg = render_timeline_svg(cd.load("examples/grenoble-tiznit.yaml"), on=_dt.date(2026, 1, 1))
    >>> svg.startswith("<?xml"), "<title" in svg
    (True, True)
    >>> "Signature: between 1 March 2025 and 31 May 2025" in svg  # spring 2025, drawn as a range
    True
    """
    language = chrome_language(language)
    day = as_optional_date(on, "on") or today_utc()
    heading = Builder(convention, Options(language=language, on=day)).heading()
    timeline = build_timeline(convention, language, day, heading.value)
    if timeline is None:
        t = Messages(language)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + html_environment().from_string(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 40" role="img" '
            'aria-labelledby="tl-title"><title id="tl-title">{{ title }}</title>'
            '<text x="8" y="24">{{ title }}</text></svg>\n'
        ).render(title=t("no_timeline"))
    body = (
        html_environment().get_template("timeline.svg.j2").render(s=timeline.svg, standalone=True)
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


# The site builder renders through the functions above: imported last.
from citydiplomacy._outputs._render._site import SiteError, SiteResult, build_site  # noqa: E402
