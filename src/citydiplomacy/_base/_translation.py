"""Messages in the reader's language: gettext catalogs, chosen by ``--lang`` or the locale.

The command line's human output is written in English in the code and translated
through the ``citydiplomacy`` gettext domain (``locale/<lang>/LC_MESSAGES/
citydiplomacy.po``, managed with Babel: see ``babel.cfg`` and the translation guide in
the docs). A wheel carries the compiled ``.mo`` files (the build hook compiles them);
a source checkout or an editable install has only the ``.po`` files, which are then
compiled in memory on first use, so that both behave alike.

The language in force is held in a context variable: :func:`use` sets it for the
duration of a command, and the library's own results (findings, reports) stay in
English whatever it is, so that what a program reads does not depend on the locale of
the machine it runs on. Only what is shown to a person is translated.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import importlib.resources
import io
import os
from collections.abc import Iterator, Mapping

#: The gettext domain of the package's messages.
DOMAIN = "citydiplomacy"

#: The languages the human output is available in; English is the source language.
LANGUAGES = ("en", "fr")

#: The environment variables that name the messages' locale, in the order POSIX reads them.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

#: The language in force and its catalog.
_CURRENT: contextvars.ContextVar[tuple[str, gettext.NullTranslations]] = contextvars.ContextVar(
    "_CURRENT", default=("en", gettext.NullTranslations())
)


def locale_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language of :data:`LANGUAGES` that the locale asks for, else ``"en"``.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set and not empty
    names the locale (as POSIX says); ``fr_FR.UTF-8``, ``fr_CA`` and ``fr`` all mean
    French, and ``C``, ``POSIX`` or any language without a catalog mean English.

    >>> locale_language({"LANG": "fr_FR.UTF-8"})
    'fr'
    >>> locale_language({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"})
    'en'
    """
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            language = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
            language = language.split("_", 1)[0].lower()
            return language if language in LANGUAGES else "en"
    return "en"


def resolve(choice: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to use: ``choice`` (from ``--lang``) when given, else the locale's."""
    return choice if choice in LANGUAGES else locale_language(environ)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (no translation at all for English or an unknown one)."""
    if language == "en" or language not in LANGUAGES:
        return gettext.NullTranslations()
    # The catalogs live at the top of the package, beside the stages.
    folder = importlib.resources.files("citydiplomacy") / "locale" / language / "LC_MESSAGES"
    source = folder / f"{DOMAIN}.po"
    compiled = folder / f"{DOMAIN}.mo"
    if compiled.is_file() and not _older(compiled, source):
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(source.read_bytes(), language)))


def _older(compiled: object, source: object) -> bool:
    """Whether a ``.mo`` beside its ``.po`` is older than it (a stale local compile)."""
    if not isinstance(compiled, os.PathLike) or not isinstance(source, os.PathLike):
        return False
    try:
        return os.stat(compiled).st_mtime < os.stat(source).st_mtime
    except OSError:
        return False


def compile_catalog(po: bytes, language: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalog (Babel's reader and writer).

    Fuzzy entries are left out, as ``msgfmt`` and ``pybabel compile`` do by default.
    """
    # Deferred: only a checkout without compiled catalogs pays for importing Babel.
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    catalog = read_po(io.BytesIO(po), locale=language, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@contextlib.contextmanager
def use(language: str) -> Iterator[None]:
    """Translate messages into ``language`` inside the ``with`` block."""
    known = language if language in LANGUAGES else "en"
    token = _CURRENT.set((known, translations(known)))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_language() -> str:
    """The language in force (``"en"`` outside :func:`use`)."""
    return _CURRENT.get()[0]


#: The decimal separator of each language (a comma in French: ``0,1 s``).
_DECIMAL_SEPARATOR = {"en": ".", "fr": ","}


def decimal(value: float, places: int) -> str:
    """``value`` with ``places`` decimals, written the way the language in force writes it.

    >>> decimal(0.25, 1)
    '0.2'
    """
    text = f"{value:.{places}f}"
    return text.replace(".", _DECIMAL_SEPARATOR.get(current_language(), "."))


def _(message: str) -> str:
    """``message`` in the language in force (marks it for extraction, too)."""
    return _CURRENT.get()[1].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the language in force."""
    return _CURRENT.get()[1].ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (it is translated
    where it is shown, with :func:`_`)."""
    return message
