"""Parties: at least two local governments conclude the instrument, subdivisions lie in
their party's country.
"""

from __future__ import annotations

from citydiplomacy._checking._rules._engine import (
    _COUNTRY_SHAPE,
    _KNOWN_CODES,
    _SUBDIVISION,
    _UNSEEN,
    ERROR,
    RuleInfo,
    _Checker,
    _dicts,
    _r,
    _str,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "party.too-few-local-governments",
        ERROR,
        "Fewer than two parties are local governments (`kind: local_government`): a "
        "decentralised cooperation instrument is concluded between local governments. "
        "A party whose `kind` is not stated may be one, so it counts as a possible local "
        "government: the finding is given only when certainly fewer than two are. "
        "A convention between a local government and the associations or NGOs that carry "
        "out a cooperation for it is accepted when `related_instruments` links, with "
        "relation `implements`, the cooperation it implements.",
        "List every local government that concludes the instrument, with "
        "`kind: local_government`; associations, NGOs and funders come in addition. For "
        "an operating convention, link the cooperation it implements: "
        "`related_instruments: [{relation: implements, instrument: ...}]`.",
    ),
    _r(
        "subdivision.country-mismatch",
        ERROR,
        "A party's ISO 3166-2 subdivision code belongs to another country than the "
        "party's `country` (e.g. FR-38 for a party in MA).",
        "Correct the subdivision code or the country: the code starts with the country.",
    ),
)


def _parties(c: _Checker) -> None:
    parties = c.document.get("parties")
    # An absent or empty list is the schema's to report (required, minItems); since
    # 1.1 a single party is valid for the schema, but not a local-government pair.
    if isinstance(parties, list) and parties:
        local = unknown = 0
        for p in parties:
            if isinstance(p, dict):
                kind = p.get("kind", _UNSEEN)
                if kind == "local_government":
                    local += 1
                elif kind is _UNSEEN:
                    unknown += 1  # kind not stated: possibly a local government
        implements = any(
            link.get("relation") == "implements" and isinstance(link.get("instrument"), str)
            for _i, link in _dicts(c.document, "related_instruments")
        )
        if local + unknown < 2 and not implements:
            unstated = f" (and {unknown} of unstated kind)" if unknown else ""
            c.add(
                "party.too-few-local-governments",
                ("parties",),
                f"{local} of the parties {'is a' if local == 1 else 'are'} local "
                f"government{unstated}; a decentralised cooperation instrument is "
                "concluded by at least two: set `kind: local_government` on each of them, "
                "or, for a convention with the associations that carry out a cooperation, "
                "link the cooperation it implements: related_instruments: [{relation: "
                "implements, instrument: ...}]",
            )
    for i, party in _dicts(c.document, "parties"):
        part_of = party.get("part_of")
        if part_of is not None and part_of == party.get("id"):
            c.add(
                "ref.self-link",
                ("parties", i, "part_of"),
                f"party {part_of!r} is `part_of` itself; give the id of the other party "
                "it is a department or service of, or leave `part_of` out",
            )
        country = _str(party.get("country"))
        subdivisions = party.get("subdivisions")
        if not country or not _COUNTRY_SHAPE.match(country) or not isinstance(subdivisions, list):
            continue
        for j, code in enumerate(subdivisions):
            if not isinstance(code, str) or code not in _KNOWN_CODES[_SUBDIVISION]:
                continue  # not an ISO 3166-2 code: code.unknown-subdivision says so
            if "-" in code and code.split("-", 1)[0] != country:
                c.add(
                    "subdivision.country-mismatch",
                    ("parties", i, "subdivisions", j),
                    f"subdivision {code!r} belongs to country {code.split('-', 1)[0]!r}, but "
                    f"this party's country is {country!r}; use a subdivision code of "
                    f"{country} ({country}-...) or correct `country`",
                )
