"""The small HTML pieces every page uses, as Jinja2 globals written in Python.

Jinja2 macros cost a frame and a context each call; a factsheet makes hundreds of
these calls and a site of 2,000 conventions hundreds of thousands, so they are plain
functions returning :class:`markupsafe.Markup`. Every value goes through
:func:`markupsafe.escape` (the C implementation) before it is put between the tags:
no document text can become markup. ``Markup.format`` is not used: it goes through
:class:`string.Formatter`, in Python, and cost a third of a page's rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import jinja2
from markupsafe import Markup, escape

_EMPTY = Markup("")


def _unknown(context: Mapping[str, Any]) -> Markup:
    return Markup(f'<span class="unknown">{escape(context["t"]("not_known"))}</span>')


def _span(x: Any) -> str:
    return f'<span lang="{escape(x.lang or "")}" dir="{escape(x.dir)}">{escape(x.value)}</span>'


@jinja2.pass_context
def text(context: Mapping[str, Any], x: Any) -> Markup:
    """A human text in its language and direction; "not known" for ``None``."""
    if x is None:
        return _unknown(context)
    return Markup(_span(x))


@jinja2.pass_context
def texts(context: Mapping[str, Any], xs: Iterable[Any], sep: str = ", ") -> Markup:
    """Several texts, separated."""
    parts: list[str] = []
    for x in xs:
        parts.append(_unknown(context) if x is None else _span(x))
    return Markup(str(escape(sep)).join(parts))


@jinja2.pass_context
def versions(context: Mapping[str, Any], xs: Iterable[Any]) -> Markup:
    """Every version of a text, its language named, the authoritative marked."""
    t = context["t"]
    items = []
    for x in xs:
        auth = (
            f', <strong class="auth">{escape(t("authoritative"))}</strong>'
            if x.authoritative
            else ""
        )
        items.append(
            f'<li><span lang="{escape(x.lang or "")}" dir="{escape(x.dir)}" class="version">'
            f'{escape(x.value)}</span> <span class="lang-name">({escape(x.language_name)}'
            f"{auth})</span></li>"
        )
    return Markup('<ul class="versions">' + "".join(items) + "</ul>")


@jinja2.pass_context
def v(context: Mapping[str, Any], x: Any) -> Markup:
    """A plain value; "not known" for ``None`` or an empty string."""
    if x is None or x == "":
        return _unknown(context)
    return escape(x)


@jinja2.pass_context
def date(context: Mapping[str, Any], d: Any) -> Markup:
    """A date in words; its EDTF form as a tooltip; exact days and ranges told apart."""
    if d is None:
        return _unknown(context)
    kind = "exact" if d["exact"] else "approx"
    return Markup(
        f'<time class="{kind}" title="EDTF {escape(d["edtf"])}">{escape(d["text"])}</time>'
    )


@jinja2.pass_context
def cites(context: Mapping[str, Any], cs: Iterable[Any]) -> Markup:
    """Superscript links to the sources of a fact."""
    marks = list(cs)
    if not marks:
        return _EMPTY
    label = escape(context["t"]("sources"))
    links = ",".join(
        f'<a href="#src-{escape(c.id)}" aria-label="{label} {c.number:d}">{c.number:d}</a>'
        for c in marks
    )
    return Markup(f'<sup class="cites">{links}</sup>')


@jinja2.pass_context
def link(context: Mapping[str, Any], x: Any) -> Markup:
    """A link when the URL is http(s); otherwise the URL as text."""
    if x is None:
        return _unknown(context)
    if x.href:
        return Markup(f'<a href="{escape(x.href)}" rel="noopener noreferrer">{escape(x.text)}</a>')
    return Markup(f'<span class="url-unlinked">{escape(x.text)}</span>')


#: The globals the HTML templates call.
GLOBALS = {
    "text": text,
    "texts": texts,
    "versions": versions,
    "v": v,
    "date": date,
    "cites": cites,
    "link": link,
}
