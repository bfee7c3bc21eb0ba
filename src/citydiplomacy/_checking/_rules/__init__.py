"""Semantic rules: what the JSON Schema cannot say about a convention.

One module per family of rules across objects, each holding its rules (id, severity,
what it checks, how to fix it) next to the function that checks them:

* ``_ids``: ids are unique, references resolve;
* ``_parties``: local governments, subdivisions in their country;
* ``_dates``: dates in order and within the supported range;
* ``_terms``: end, duration, renewals and termination agree;
* ``_actions``: actions within the term, budget shares;
* ``_meetings``: wall times that exist, days that match;
* ``_languages``: the authoritative language is listed;
* ``_sdgs``: targets and their goals;
* ``_version``: a 1.0 file uses nothing 1.1 added;
* ``_others``: the ids of findings from the other stages (``read.*``, ``schema.*``,
  ``model.*``, ``internal.*``, ``portfolio.*``, ``extension.*``), documented for the
  registry.

``_engine`` walks the document once, driven by the schema, and checks single values
on the way (dates, numbers, codes, language tags, zones, text: its ``WALK_RULES``);
then the checker runs each family. This module is the registry: it attaches each
family to the checker and lists every rule id in :data:`RULES`, which the docs and
``citydiplomacy validate --list-rules`` print.
"""

from __future__ import annotations

from collections.abc import Callable

from citydiplomacy._checking._rules import (
    _actions,
    _dates,
    _ids,
    _languages,
    _meetings,
    _parties,
    _sdgs,
    _terms,
    _version,
)
from citydiplomacy._checking._rules._engine import (
    _SEVERITY,
    ERROR,
    FAMILIES,
    REFERENCES,
    UNRESOLVED_REFERENCES,
    WALK_RULES,
    RuleInfo,
    _Checker,
    codelist_codes,
    is_well_formed_language_tag,
    rule_findings,
    unregistered_subtags,
    warm_up,
)
from citydiplomacy._checking._rules._others import EXTENSION_RULES, OTHER_RULES, PORTFOLIO_RULES
from citydiplomacy._io import _reading

__all__ = [
    "EXTENSION_RULES",
    "OTHER_RULES",
    "PORTFOLIO_RULES",
    "REFERENCES",
    "RULES",
    "SEMANTIC_RULES",
    "UNRESOLVED_REFERENCES",
    "RuleInfo",
    "codelist_codes",
    "is_well_formed_language_tag",
    "rule_findings",
    "unregistered_subtags",
    "warm_up",
]

#: Each family's check, by the name the checker runs it under (see ``FAMILIES``), and
#: the term's bounds, which the checker offers to every family.
_CHECKS: dict[str, Callable[[_Checker], object]] = {
    "_range": _dates._range,
    "_ids": _ids._ids,
    "_references": _ids._references,
    "_parties": _parties._parties,
    "_languages": _languages._languages,
    "_dates": _dates._dates,
    "_term": _terms._term,
    "_actions": _actions._actions,
    "_meetings": _meetings._meetings,
    "_sdgs": _sdgs._sdgs,
    "_version": _version._version,
    "_term_bounds": _terms._term_bounds,
}
assert set(_CHECKS) == {*FAMILIES, "_version", "_term_bounds"}
for _name, _check in _CHECKS.items():
    # A plain function set on the class is called as a method: checker.<name>().
    setattr(_Checker, _name, _check)

#: The semantic rules: those checked during the walk, then each family's.
SEMANTIC_RULES: tuple[RuleInfo, ...] = (
    *WALK_RULES,
    *_ids.RULES,
    *_parties.RULES,
    *_dates.RULES,
    *_terms.RULES,
    *_actions.RULES,
    *_meetings.RULES,
    *_languages.RULES,
    *_sdgs.RULES,
    *_version.RULES,
)
_SEVERITY.update((info.id, info.severity) for info in SEMANTIC_RULES)


def _registry() -> dict[str, RuleInfo]:
    rules = {
        info.id: info
        for info in (*OTHER_RULES, *SEMANTIC_RULES, *PORTFOLIO_RULES, *EXTENSION_RULES)
    }
    for rule_id in getattr(_reading, "READ_RULES", ()):
        # A read.* id the reading layer added later still gets an entry (a test flags it).
        rules.setdefault(
            rule_id, RuleInfo(rule_id, ERROR, "The file could not be read.", "See the message.")
        )
    return dict(sorted(rules.items()))


#: Every rule id with its documentation, sorted by id.
RULES: dict[str, RuleInfo] = _registry()
