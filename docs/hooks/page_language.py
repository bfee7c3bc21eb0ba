"""MkDocs hook: a page shown in a language it is not written in says so.

The French site (mkdocs-static-i18n) shows the pages that have no ``*.fr.md`` version
in English. Its HTML says ``lang="fr"`` for the whole site, so this hook wraps the
content of such a page in ``<div lang="en">``: screen readers then read it with an
English voice, and browsers hyphenate and spell-check it as English.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

#: The language the pages without a language suffix are written in.
SOURCE_LANGUAGE = "en"


def page_language(src_uri: str) -> str:
    """The language a page's source is written in, from its name.

    >>> page_language("concepts.fr.md"), page_language("reference/schema.md")
    ('fr', 'en')
    """
    stem = src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    _, dot, suffix = stem.rpartition(".")
    return suffix if dot and suffix.isalpha() and len(suffix) in (2, 3) else SOURCE_LANGUAGE


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark the content with its own language when the site is in another one."""
    site_language = str(config["theme"]["language"])
    written_in = page_language(page.file.src_uri)
    if written_in == site_language:
        return html
    return f'<div lang="{written_in}">\n{html}\n</div>'
