"""Languages across the file: the authoritative language is among the languages listed."""

from __future__ import annotations

from citydiplomacy._checking._rules._engine import (
    WARNING,
    RuleInfo,
    _Checker,
    _r,
    _tags_match,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "language.authoritative-not-listed",
        WARNING,
        "`languages` lists the languages the instrument was drawn up in, but not the "
        "`authoritative_language`.",
        "Add the authoritative language to `languages`, or correct it.",
    ),
)


def _languages(c: _Checker) -> None:
    languages = c.document.get("languages")
    if not isinstance(languages, list):
        return
    seen: dict[str, str] = {}
    for i, tag in enumerate(languages):
        if not isinstance(tag, str):
            continue
        if tag.lower() in seen and seen[tag.lower()] != tag:
            c.add(
                "language.duplicate",
                ("languages", i),
                f"language {tag!r} is already listed as {seen[tag.lower()]!r} "
                "(language tags ignore letter case); keep one",
            )
        seen.setdefault(tag.lower(), tag)
    authoritative = c.authoritative
    if authoritative is None or not languages:
        return
    tags = [t for t in languages if isinstance(t, str)]
    if tags and not any(_tags_match(authoritative, t) for t in tags):
        c.add(
            "language.authoritative-not-listed",
            ("languages",),
            f"the authoritative language {authoritative!r} is not among the languages "
            f"the instrument was drawn up in ({', '.join(tags)}); add it to `languages`",
        )
