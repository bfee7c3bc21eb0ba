"""Ids and references: every id is unique in the file, every reference names an object of
the right kind.
"""

from __future__ import annotations

from citydiplomacy._base._report import DocumentPath, format_path
from citydiplomacy._checking._rules._engine import (
    _COLLECTIONS,
    _KIND_NAMES,
    ERROR,
    RuleInfo,
    _Checker,
    _dicts,
    _file_order,
    _listing,
    _r,
    _str,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "id.duplicate",
        ERROR,
        "Two objects of the file have the same id. Ids are unique across the whole "
        "file (parties, documents, deliberations, objectives, axes, actions, indicators, "
        "programmes, bodies, meetings and the convention itself), so that a reference "
        "names exactly one object.",
        "Rename one of the two objects, and update the references meant for it.",
    ),
    _r(
        "ref.unresolved",
        ERROR,
        "A reference names no object of the expected kind in the file: a party in "
        "`lead_party`, `participants`, `funder` (of a budget line or a programme), "
        "`party` (of a deliberation, signatory, witness or attendee, meeting participant, "
        "body member or party decision), `hosts`, `host` and `related_instruments[].parties`; "
        "an axis in `axes`; an objective in `actions[].objectives`; a funding programme "
        "in `actions[].programmes` and `budget[].programme`; a deliberation in "
        "`decisions[].deliberation` of a termination or suspension; a party in a party's "
        "`part_of`; an action in "
        "`decisions[].actions`; a body in `body`; a document in `sources`, `document` "
        "and `minutes`; an instrument in `actions[].instrument` (this convention's id or "
        "one listed in `related_instruments`).",
        "Correct the id (the message suggests close matches), or add the missing "
        "object to the file.",
    ),
    _r(
        "ref.self-link",
        ERROR,
        "An entry of `related_instruments` names the convention itself, or a party is "
        "`part_of` itself.",
        "Use the id of the other instrument (this convention's own id is in `id`), or the "
        "id of the other party that this one is a department or service of.",
    ),
    _r(
        "signatory.unknown-party",
        ERROR,
        "A signatory signed for a party that is not in `parties`.",
        "Set `signature.signatories[].party` to the id of a party, or add the party.",
    ),
)


def _ids(c: _Checker) -> None:
    if len({value for _kind, _parent, _last, value in c.ids}) < len(c.ids):
        # The walk follows the schema's order of properties; "first" means first in
        # the file, so the ids are put in the file's order (only when one repeats).
        c.ids.sort(key=lambda record: _file_order(c.document, record[1], record[2]))
    first: dict[str, tuple[str, DocumentPath]] = {}
    for kind, parent, _last, value in c.ids:
        if value in first:
            other_kind, other_parent = first[value]
            c.add(
                "id.duplicate",
                (*parent, _last),
                f"id {value!r} is already used by {_KIND_NAMES.get(other_kind, other_kind)}"
                f" at {format_path(other_parent)}; ids are unique "
                "in the whole file: rename one of them and the references meant for it",
            )
        else:
            first[value] = (kind, parent)


def _references(c: _Checker) -> None:
    if not c.refs:
        return
    by_kind: dict[str, list[str]] = {}
    kind_of: dict[str, str] = {}
    for kind, _parent, _last, value in c.ids:
        by_kind.setdefault(kind, []).append(value)
        kind_of.setdefault(value, kind)
    known = {kind: set(values) for kind, values in by_kind.items()}
    intact: dict[str, bool] = {}
    own_id = _str(c.document.get("id"))
    instruments: list[str] | None = None
    for target, rule, parent, last, value in c.refs:
        if value in known.get(target, ()):
            continue
        if rule == "ref.self-link":
            if value == own_id:
                c.add(
                    rule,
                    (*parent, last),
                    f"{value!r} is this convention's own id; a related instrument is "
                    "another one: give its id",
                )
            continue
        if target == "Instrument":
            if instruments is None:
                instruments = [own_id] if own_id else []
                for _i, link in _dicts(c.document, "related_instruments"):
                    other = _str(link.get("instrument"))
                    if other:
                        instruments.append(other)
            if value not in instruments:
                c.add(
                    rule,
                    (*parent, last),
                    f"{value!r} is neither this convention's id ({own_id!r}) nor an "
                    "instrument of `related_instruments`; add the instrument to "
                    "related_instruments, or leave `instrument` out for this one",
                )
            continue
        if target not in intact:
            intact[target] = _intact(c, target)
        if not intact[target]:
            continue
        noun = _KIND_NAMES[target]
        candidates = by_kind.get(target, [])
        if value in kind_of:
            found = f" ({value!r} is the id of {_KIND_NAMES.get(kind_of[value], 'another object')})"
        else:
            found = c.suggest(value, candidates)
        expected = (
            f"expected the id of one of: {_listing(candidates)}"
            if candidates
            else f"the file has no {noun.split(' ', 1)[1]} yet: add it"
        )
        c.add(
            rule,
            (*parent, last),
            f"{value!r} is not the id of {noun} in this file{found}; {expected}",
        )


def _intact(c: _Checker, kind: str) -> bool:
    """Whether every object of this kind has a readable id (or the list is absent).

    When the list itself breaks the schema, an id may be unreadable, so references
    to that kind are not reported: the schema findings come first.
    """
    node: object = c.document
    for key in _COLLECTIONS.get(kind, ()):
        if not isinstance(node, dict):
            return node is None
        node = node.get(key)
    if node is None:
        return True
    if not isinstance(node, list):
        return False
    return all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in node)
