"""Semantic rules: what the JSON Schema cannot say about a convention.

The schema checks shapes; these rules check meaning: ids are unique, references
resolve, dates exist and come in order, meetings happen at wall times that exist,
codes come from the codelists, language tags are well formed, and so on.

They run on the parsed document (plain JSON values), which may also break the
schema: every rule skips what does not have the shape it expects and never raises.
A value the schema already rejects (a date that does not match the date pattern,
say) is left to the schema, so one mistake gives one finding.

Every rule id is listed in :data:`RULES` with its severity, what it checks and how
to fix it; the docs and ``citydiplomacy validate --list-rules`` print that registry.
Findings of the other families (``read.*``, ``schema.*``, ``model.*``,
``internal.*``) come from the reading layer, the schema, the model and the
pipeline; they are listed there too.

Design decisions, stated once:

* **One id namespace per file.** The schema says every id is "unique among the ids
  in the file": a party, an axis and an action may not share an id, and the
  convention's own ``id`` counts too. A reference then names one object without
  context, and ids can serve as anchors in exports (reports, calendars).
* **Dates are compared honestly.** A date is an EDTF string (format 1.1): ``2025``
  stands for any day of 2025, ``2025-21`` for any day of spring 2025, ``2019-10-23?``
  for a day that may be off, ``2022-10/..`` for an interval without end. Each stands
  for the days of its :meth:`PartialDate.possible_range` (qualifiers widen it, open
  ends and unknown years reach the supported range's ends); two dates are out of
  order only when one is *certainly* before the other (every possible day of the
  first is after every possible day of the second). Overlapping dates give no finding.
* **A file says which version it is written in.** A ``schema_version: "1.0"`` file
  that uses anything 1.1 added (a member, a closed-codelist code, a date form beyond
  ``YYYY``/``YYYY-MM``/``YYYY-MM-DD``) gets one ``version.needs-1.1`` finding, at the
  first use in the file: readers of 1.0 would refuse it.
* **The term's last day** follows :mod:`citydiplomacy._terms`: ``end`` inclusive,
  else ``start + duration - 1 day``; tacit renewals extend it (without limit when
  ``max_renewals`` is absent), explicit renewals only by ``renewed_by`` links, and
  ``termination.date`` (or the deprecated ``terminated_on``) cuts it. Without a stated
  renewal only the initial period counts.
* **A target without its goal is a warning** (``sdg.target-goal-mismatch``): the
  target code names its goal, so the document keeps one meaning, but readers that
  filter axes by ``sdg_goals`` would miss the axis.
* **Blank text is an error, an empty list a warning.** Text made only of spaces says
  nothing and usually is an unfilled template; an empty list means the same as
  leaving the key out and is dropped when the file is written back.
* **A term starting before the signature is a warning** (``date.retroactive-start``),
  not an error: yearly implementing conventions are often signed in spring with
  effect from 1 January. Every other date order is an error.
* **Codes are checked against maintained lists**: countries, subdivisions and
  currencies against ISO 3166-1, 3166-2 and 4217 as shipped by ``pycountry``, language
  subtags against the IANA registry as shipped by ``langcodes``; the data files are read
  once per process, on first use (see :func:`_iso_codes` and :func:`_subtag_registry`).
"""

from __future__ import annotations

import calendar
import csv
import datetime as _dt
import difflib
import functools
import importlib.resources
import importlib.util
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import attrs

from . import _reading
from ._report import DocumentPath, Finding, Severity, format_path
from ._resources import SCHEMA_FILE, codelists_dir, schemas_dir
from ._schema import schema
from ._values import (
    MAX_DATE,
    MAX_DECIMAL_DIGITS,
    MAX_DECIMAL_PLACES,
    MIN_DATE,
    RANGE_TEXT,
    PartialDate,
    decimal_problem,
    parse_local_datetime,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@attrs.frozen
class RuleInfo:
    """One rule of the registry: its stable id, severity, what it checks, how to fix it."""

    id: str
    severity: Severity
    summary: str
    fix: str

    @property
    def family(self) -> str:
        """The part of the id before the first dot, e.g. ``date`` for ``date.order``."""
        return self.id.split(".", 1)[0]


def _r(rule_id: str, severity: Severity, summary: str, fix: str) -> RuleInfo:
    return RuleInfo(rule_id, severity, summary, fix)


#: The semantic rules of this module.
SEMANTIC_RULES: tuple[RuleInfo, ...] = (
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
        "signatory.unknown-party",
        ERROR,
        "A signatory signed for a party that is not in `parties`.",
        "Set `signature.signatories[].party` to the id of a party, or add the party.",
    ),
    _r(
        "subdivision.country-mismatch",
        ERROR,
        "A party's ISO 3166-2 subdivision code belongs to another country than the "
        "party's `country` (e.g. FR-38 for a party in MA).",
        "Correct the subdivision code or the country: the code starts with the country.",
    ),
    _r(
        "date.invalid",
        ERROR,
        "A date or a meeting time has the right shape but is not a real date: a day that "
        "does not exist (2025-02-30, 2026-04-31T10:00), a year outside 0001 to 9999, an "
        "interval that ends before it starts, or a date with no known digit (XXXX). Dates "
        "are EDTF strings (format 1.1): 2025-03-14, 2025-03, 2025, seasons such as 2025-21 "
        "(spring 2025), unspecified digits (2025-03-XX, 201X), qualifiers (2019-10-23? "
        "uncertain, 2016-09~ approximate), intervals (2023-08-30/2023-09-03, 2022-10/..) "
        "and sets ([2019, 2021-06], [2022-10..]).",
        "Give a real calendar day; write only what is known instead of guessing: 2025-03 "
        "for a month, 2025 for a year, 2025-21 for spring 2025, 2025-03-XX when the day is "
        "not stated, 2025-03-14? when it is uncertain; leave the date out when nothing of "
        "it is known.",
    ),
    _r(
        "date.order",
        ERROR,
        "Dates are certainly in the wrong order: a deliberation that approves the "
        "instrument or authorises its signature (`purpose` `approve` or "
        "`authorise_signature`) after the signature, an end before its start (term, "
        "action, budget line, programme, suspension, linked instrument, head of a party), "
        "a termination before the start or the signature, a document accessed before it "
        "was published, a date of a suspension's `in_effect_on` (or of a head's "
        "`in_office_on`) outside its start and end. Reduced-precision, uncertain and "
        "approximate dates are out of order only when every day they may stand for is "
        "(deliberations with another or no `purpose`, such as a termination vote, are not "
        "compared with the signature).",
        "Check both dates against the sources and correct the wrong one.",
    ),
    _r(
        "date.out-of-range",
        ERROR,
        "A value reaches outside the supported range of dates, 0001-01-01 to 9999-12-31: "
        "a duration (term, renewal period, notice period, cadence, budget period) longer "
        "than the range itself (P99999999999999999999Y), a term whose start plus duration "
        "ends after 9999-12-31, or a meeting whose wall time, read in its time zone, is "
        "in year 0 or 10000 in UTC. Nothing about such a value can be computed.",
        "Correct the value: a duration is usually a few years (P3Y), and a date near year "
        "1 or 9999 is usually a typing mistake.",
    ),
    _r(
        "date.retroactive-start",
        WARNING,
        "The term starts before the signature date: the instrument applies retroactively. "
        "This happens (a yearly convention signed in spring, in force from 1 January), "
        "but is more often a typing mistake.",
        "Check `term.start` and `signature.date`; if the start really is retroactive, keep it.",
    ),
    _r(
        "term.duration-mismatch",
        WARNING,
        "The term gives `start`, `end` and `duration`, and the end is not start + "
        "duration - 1 day (the anniversary day itself is also accepted).",
        "Correct one of the three, or leave out `duration` (the end wins when both are given).",
    ),
    _r(
        "term.indefinite-with-end",
        ERROR,
        "The term says it is indefinite (`indefinite: true`: the instrument states that "
        "it has no fixed end) but also gives an `end` or a `duration`.",
        "Check the text: remove `indefinite` if the instrument has a fixed end, else remove "
        "`end` and `duration` (record an actual end in `termination`).",
    ),
    _r(
        "term.renewal-inconsistent",
        WARNING,
        "`renewal.mode` is `none` but a renewal `period` or `max_renewals` is given.",
        "Set the mode the text states (`tacit` or `explicit`), or remove the period and "
        "the maximum.",
    ),
    _r(
        "term.action-outside",
        WARNING,
        "An action's period certainly starts before the term starts, or ends after its "
        "last possible day (renewals included). Actions carried out under another "
        "instrument (`instrument` set to another id) are not checked.",
        "Check the dates; if the action belongs to another instrument of the chain, set "
        "its `instrument`; if the term was renewed, record the renewal in `term.renewal`.",
    ),
    _r(
        "term.meeting-outside",
        WARNING,
        "A meeting certainly takes place before the term starts or after its last "
        "possible day (renewals included): its `start`, or else every day its `date` "
        "may stand for.",
        "Check the meeting date and the term; preparatory meetings before the start "
        "may be intended.",
    ),
    _r(
        "budget.shares-over-100",
        ERROR,
        "The `share` percentages of an action's budget lines for the same period add up "
        "to more than 100 (computed exactly, in decimal).",
        "Correct the shares: each is the percentage of the action's total budget that "
        "the line covers.",
    ),
    _r(
        "number.too-precise",
        ERROR,
        "An amount, share, baseline or target has more than 4 decimal places or more "
        "than 15 digits (trailing zeros of large numbers count), which JSON numbers "
        "cannot carry exactly.",
        "Round the number (money needs at most 4 decimal places).",
    ),
    _r(
        "meeting.nonexistent-time",
        ERROR,
        "A meeting's start or end is a wall time that never shows on the clocks of its "
        "time zone: it falls in the gap of a clock change (e.g. 2026-03-22T02:30 in "
        "Africa/Casablanca). Zone rules come from the `tzdata` package.",
        "Move the time out of the gap (the message gives the time the clocks show "
        "instead), or check the time zone.",
    ),
    _r(
        "meeting.ambiguous-time",
        WARNING,
        "A meeting's start or end is a wall time that happens twice in its time zone, "
        "when the clocks go back (e.g. 2026-02-15T02:30 in Africa/Casablanca).",
        "Pick a time that happens once, if you can; readers take the first occurrence.",
    ),
    _r(
        "meeting.date-mismatch",
        ERROR,
        "A meeting gives both `start` (a wall time) and `date`, and the day of the start "
        "is certainly not one of the days `date` stands for.",
        "Correct `start` or `date`: `date` is the day or days of the meeting (e.g. "
        "2023-08-30/2023-09-03 for a meeting over several days), `start` its first wall time.",
    ),
    _r(
        "meeting.end-before-start",
        ERROR,
        "A meeting ends before it starts (compared as instants in its time zone).",
        "Correct `start` or `end`; both are wall times in the meeting's `time_zone`.",
    ),
    _r(
        "timezone.unknown",
        ERROR,
        "A time zone name is not in the IANA time zone database shipped in the `tzdata` "
        "package (e.g. Europe/Grenoble).",
        "Use the name of the zone's main city, such as Europe/Paris or "
        "Africa/Casablanca (the message suggests close matches).",
    ),
    _r(
        "sdg.target-goal-mismatch",
        WARNING,
        "An axis lists a Sustainable Development Goal target (e.g. 6.1) without its goal "
        "(6) in `sdg_goals`: readers that look for the goal miss the axis.",
        "Add the target's goal to `sdg_goals`.",
    ),
    _r(
        "codelist.unknown-code",
        WARNING,
        "A code of an open codelist (sectors, action kinds, target groups, government "
        "levels, meeting and body kinds, document kinds, identifier schemes, shared "
        "values) is not listed in the bundled codelist. Own codes are allowed; a listed "
        "code lets others compare conventions.",
        "Use a listed code where one fits (the message suggests close matches); keep "
        "your own snake_case code otherwise.",
    ),
    _r(
        "content.empty",
        ERROR,
        "A text is only white space: it says nothing (often a template left unfilled). "
        "Empty strings are reported by the schema (`schema.minLength`).",
        "Write the text, or leave the field out when it is not known.",
    ),
    _r(
        "content.empty-list",
        WARNING,
        "A list is empty. It means the same as leaving the key out and is dropped when "
        "the file is written back; often a template left unfilled.",
        "Fill the list, or remove the key.",
    ),
    _r(
        "language.malformed",
        ERROR,
        "A language tag is not well formed by the grammar of BCP 47 (RFC 5646, section "
        "2.1, including grandfathered and private-use tags), e.g. `fr-FR-FR` or "
        "`en-a`. Whether the subtags are registered is `language.unknown-subtag`.",
        "Write a tag such as fr, en, ar, zgh-Tfng, fr-MA or es-419.",
    ),
    _r(
        "language.unknown-subtag",
        ERROR,
        "A well-formed language tag has a subtag (language, extended language, script, "
        "region or variant) that the IANA Language Subtag Registry does not list, e.g. "
        "`fra` (the registered subtag is `fr`) or `en-UK` (the region is GB). The registry "
        "is the copy shipped with the `langcodes` package; extensions and private-use "
        "subtags are not checked.",
        "Use the registered subtag (the message suggests one when it can), e.g. fr, en, "
        "ar, zgh-Tfng, fr-MA or es-419.",
    ),
    _r(
        "language.duplicate",
        ERROR,
        "The same language tag appears twice in one text or in `languages`, differing "
        "only in letter case (tags are case-insensitive: fr and FR are the same).",
        "Keep one entry per language.",
    ),
    _r(
        "language.missing-authoritative",
        WARNING,
        "A text has no version in the convention's `authoritative_language` (a tag "
        "matches when it is the same or one extends the other, as fr and fr-FR). Not "
        "checked: files without `authoritative_language` or with `authentic_languages` "
        "(equally authentic versions); document titles and notes (they stay in the "
        "source's language); the instrument's own `designation`; a party's `country_note` "
        "(the sources' own words); and proper names given "
        "in one language only (names of parties, former names and successors, places of "
        "signature and meetings, organisations of witnesses, attendees and participants, "
        "names of funding programmes).",
        "Add the text in the authoritative language, which prevails over translations.",
    ),
    _r(
        "language.authoritative-not-listed",
        WARNING,
        "`languages` lists the languages the instrument was drawn up in, but not the "
        "`authoritative_language`.",
        "Add the authoritative language to `languages`, or correct it.",
    ),
    _r(
        "code.unknown-country",
        ERROR,
        "A country code is not an ISO 3166-1 alpha-2 code (as listed by the `pycountry` "
        "package), e.g. `UK` (the code of the United Kingdom is GB).",
        "Use the two-letter ISO 3166-1 code of the country, e.g. FR, MA, NG, CO, DZ, CZ or CN.",
    ),
    _r(
        "code.unknown-subdivision",
        ERROR,
        "A subdivision code is not an ISO 3166-2 code (as listed by the `pycountry` "
        "package), e.g. `FR-99`.",
        "Use the ISO 3166-2 code of the region, department or province (e.g. FR-38, "
        "FR-ARA, MA-09, MA-TIZ); the message suggests close codes of the same country.",
    ),
    _r(
        "code.unknown-currency",
        ERROR,
        "A currency code is not a current ISO 4217 code (as listed by the `pycountry` "
        "package), e.g. `DHS` for the Moroccan dirham (MAD).",
        "Use the three-letter ISO 4217 code, e.g. EUR, MAD, XOF, NGN, COP, DZD, CZK or CNY.",
    ),
    _r(
        "term.termination-mismatch",
        ERROR,
        "The term gives both the deprecated `terminated_on` and `termination.date`, and "
        "they cannot be the same date (one is certainly before the other).",
        "Keep `termination.date` with the right date and remove `terminated_on` "
        "(`citydiplomacy upgrade` moves it there).",
    ),
    _r(
        "version.needs-1.1",
        ERROR,
        'The file says `schema_version: "1.0"` but uses something format 1.1 added: a '
        "member (such as `designation`, `termination` or a meeting's `date`), a code of a "
        "closed codelist (such as the instrument kind `partnership_agreement`) or a date "
        "form beyond YYYY, YYYY-MM and YYYY-MM-DD (such as the season 2025-21), or leaves "
        "out a member 1.0 requires and 1.1 made optional (such as a document's `title`, "
        "reported at the object or, at the top, at `schema_version`). Readers of "
        "format 1.0 refuse it. Reported once per file, at the first use.",
        "Run `citydiplomacy upgrade FILE`, which rewrites the file as 1.1 (or set "
        '`schema_version: "1.1"` yourself).',
    ),
)

#: Findings of the other stages, listed so that every rule id has documentation.
#: ``read.*`` ids come from the reading layer; keep them in step with it (a test does).
OTHER_RULES: tuple[RuleInfo, ...] = (
    _r(
        "read.alias-expansion",
        ERROR,
        'YAML aliases expand to far more data than the file holds (a "billion laughs" file).',
        "Write the repeated parts out, or use fewer nested aliases.",
    ),
    _r(
        "read.duplicate-key",
        ERROR,
        "An object has the same key twice; most readers silently keep only one value.",
        "Keep one of the two entries (merge them if both hold facts).",
    ),
    _r(
        "read.empty",
        ERROR,
        "The file is empty, or holds only white space and comments.",
        "Write the convention in the file (start from a template: citydiplomacy new).",
    ),
    _r(
        "read.encoding",
        ERROR,
        "The file is not UTF-8 text (invalid bytes, or a UTF-16 or UTF-32 file). A UTF-8 "
        "byte order mark is accepted.",
        "Save the file as UTF-8 in your editor.",
    ),
    _r(
        "read.key-type",
        ERROR,
        "A YAML key is not a string (e.g. a number, a date or a list used as a key).",
        "Quote the key.",
    ),
    _r(
        "read.multiple-documents",
        ERROR,
        "The YAML file holds more than one document (separated by ---).",
        "Keep one convention per file.",
    ),
    _r(
        "read.non-finite",
        ERROR,
        "A number is NaN or infinite, which JSON and the format do not allow.",
        "Give a finite number, or leave the field out when it is not known.",
    ),
    _r(
        "read.not-an-object",
        ERROR,
        "The top level of the file is not an object (a list, a string, a number...): "
        "this is not a convention file.",
        "Check that this is a convention file; its top level maps keys to values.",
    ),
    _r(
        "read.number-range",
        ERROR,
        "A number is too large to be read faithfully.",
        "Correct the number.",
    ),
    _r(
        "read.recursive-alias",
        ERROR,
        "A YAML alias refers to a node that contains it, which no JSON value can be.",
        "Remove the recursion: write the value out.",
    ),
    _r(
        "read.syntax",
        ERROR,
        "The text is not valid JSON or YAML (truncated file, trailing garbage, tabs used "
        "for YAML indentation, a missing comma or quote...).",
        "Correct the text at the position shown; the message says what was expected.",
    ),
    _r(
        "read.too-deep",
        ERROR,
        "Lists and objects are nested far deeper than any convention needs.",
        "Check the file: a convention nests a few levels only.",
    ),
    _r(
        "read.too-large",
        ERROR,
        "The file is larger than the size limit (10 MiB by default) and was not read.",
        "Check that this is the right file, or raise the limit with --max-bytes.",
    ),
    _r(
        "read.yaml-tag",
        ERROR,
        "A YAML tag (such as !!python/object, !!binary or a custom !tag) asks for a value "
        "JSON does not have.",
        "Remove the tag and write the value as plain text, number, list or mapping.",
    ),
    _r(
        "schema.required",
        ERROR,
        "A required property is missing.",
        "Add the property; the message says what it holds.",
    ),
    _r(
        "schema.dependentRequired",
        ERROR,
        "A property is given without another one it needs (e.g. an `amount` without its "
        "`currency`).",
        "Add the property the message names.",
    ),
    _r(
        "schema.additionalProperties",
        ERROR,
        "An object has a property the format does not define (often a misspelt key).",
        "Correct the key, or move your own fields under `extensions` with a namespaced "
        "key such as `mycity:field`.",
    ),
    _r(
        "schema.type",
        ERROR,
        "A value has the wrong JSON type (e.g. a number where text is expected).",
        "Give a value of the type the message names; quote codes and dates in YAML.",
    ),
    _r(
        "schema.enum",
        ERROR,
        "A code is not one of a closed codelist's values.",
        "Use one of the values the message lists.",
    ),
    _r("schema.const", ERROR, "A value differs from the one value allowed.", "Use that value."),
    _r(
        "schema.anyOf",
        ERROR,
        "An object gives none of the members of which it needs at least one (e.g. a "
        "meeting with neither `start` nor `date`, a witness with no `name`, `office` or "
        "`organisation`).",
        "Add one of the members the message names.",
    ),
    _r(
        "schema.not",
        ERROR,
        "An object gives members that exclude each other (e.g. both "
        "`authoritative_language` and `authentic_languages`: one language prevails, or all "
        "versions are equally authentic).",
        "Keep the one the instrument states and remove the other.",
    ),
    _r(
        "schema.pattern",
        ERROR,
        "A text does not have the expected shape (a date, an id, a code...).",
        "Write it as the message shows (it gives an example).",
    ),
    _r(
        "schema.format",
        ERROR,
        "A value is not in the expected format (e.g. an absolute URI).",
        "Write it in that format, e.g. https://example.org/page.",
    ),
    _r(
        "schema.propertyNames",
        ERROR,
        "A key is not allowed: a language tag in a text, or an extension key without a namespace.",
        "Use a language tag such as fr or zgh-Tfng, or an extension key such as `mycity:field`.",
    ),
    _r("schema.minItems", ERROR, "A list has too few items.", "Add the missing items."),
    _r("schema.maxItems", ERROR, "A list has too many items.", "Remove items."),
    _r(
        "schema.minLength",
        ERROR,
        "A text is empty.",
        "Write the text, or leave the field out when it is not known.",
    ),
    _r("schema.maxLength", ERROR, "A text is too long.", "Shorten it."),
    _r(
        "schema.minProperties",
        ERROR,
        "An object is empty, e.g. a text with no language.",
        "Give at least one entry, or leave the field out.",
    ),
    _r("schema.minimum", ERROR, "A number is below its minimum.", "Correct the number."),
    _r("schema.maximum", ERROR, "A number is above its maximum.", "Correct the number."),
    _r(
        "schema.uniqueItems",
        ERROR,
        "A list repeats an item.",
        "Remove the duplicates.",
    ),
    _r(
        "schema.unsupported-value",
        ERROR,
        "The document holds a value JSON Schema cannot check, such as an integer beyond "
        "64 bits or a Python object that is not a JSON value.",
        "Use JSON values only, with integers of at most 64 bits.",
    ),
    _r(
        "model.invalid-value",
        ERROR,
        "The document passed the checks but a value could not become part of the typed "
        "model (reported by `load`, not by `validate`).",
        "See the message; please report it with the file, as validation should have caught it.",
    ),
    _r(
        "internal.error",
        ERROR,
        "citydiplomacy failed on this file: a bug in citydiplomacy, not in the file. The "
        "other files are still checked.",
        "Please report it with the file.",
    ),
    _r(
        "internal.rule-error",
        ERROR,
        "A semantic rule failed on this document: a bug in citydiplomacy, not in the file.",
        "Please report it with the file.",
    ),
)


#: The rules across files (``_portfolio_rules``), run by ``validate`` on several files.
PORTFOLIO_RULES: tuple[RuleInfo, ...] = (
    _r(
        "portfolio.duplicate-id",
        ERROR,
        "Two files of a portfolio hold instruments with the same id, so that a link to "
        "that id cannot tell which one it means. The same convention saved twice with "
        "the same content (a YAML file and its JSON rendering) is not reported.",
        "Give one of the instruments another id and update the links meant for it, or "
        "remove the stale copy.",
    ),
    _r(
        "portfolio.inverse-mismatch",
        ERROR,
        "Both instruments state the link between them, and the two relations are not "
        "each other's inverse (one says it `amends` the other, the other that it is "
        "`renewed_by` the first). Links to instruments without a file are not checked.",
        "Make the two statements agree: `amends` / `amended_by`, `renews` / `renewed_by`, "
        "`implements` / `implemented_by`, `supersedes` / `superseded_by`, `follows` / "
        "`followed_by`, `related_to` / `related_to`.",
    ),
    _r(
        "portfolio.chain-order",
        ERROR,
        "Dates of a chain out of order across files: an amendment signed certainly before "
        "the instrument it amends, or a renewal whose term starts certainly before the "
        "end of the initial period of the instrument it renews. Dates known only to the "
        "month or year, or uncertain, give a finding only when every day they may stand "
        "for is out of order.",
        "Check both dates and the link: the dates may be wrong, or the link may point at "
        "the wrong instrument or name the wrong relation.",
    ),
    _r(
        "portfolio.party-mismatch",
        WARNING,
        "Parties of two files have the same identifier in the same scheme (the same "
        "local government) but are described differently: another country, another "
        "government level, or another name in a language both files give (compared "
        "ignoring case and spacing).",
        "Describe the same party the same way in every file, or correct the identifier "
        "if they are different parties.",
    ),
    _r(
        "portfolio.action-outside-framework",
        WARNING,
        "An implementing convention has an action whose period lies certainly outside "
        "the term of the instrument it implements (ending before that term starts, or "
        "starting after its last day, renewals and termination included).",
        "Check the action's period and the term of the framework, or the `implements` link.",
    ),
)


#: The rules of extensions (``_extensions``), run by ``validate --extension``.
EXTENSION_RULES: tuple[RuleInfo, ...] = (
    _r(
        "extension.unknown-key",
        ERROR,
        "A key of an `extensions` member is in the namespace of an extension given with "
        "`--extension`, and that extension does not define it (a misspelt key, or one "
        "from another version of the extension).",
        "Write the key as the extension defines it, or put a key of your own in a "
        "namespace of your own.",
    ),
    _r(
        "extension.invalid-value",
        ERROR,
        "The value of an extension's key does not match the schema the extension gives "
        "for it (its type, pattern, length...).",
        "Write the value as the extension's schema says (the message quotes it).",
    ),
    _r(
        "extension.unknown-code",
        ERROR,
        "The value of an extension's key is not a code of the closed codelist the "
        "extension's schema names for it.",
        "Use a code of the extension's codelist (its `codelists/` folder).",
    ),
    _r(
        "extension.incompatible",
        WARNING,
        "The file uses an extension made for other versions of the format than the "
        "file's `schema_version` (the extension's `compatibility`).",
        "Check that the extension's keys still mean the same in this version, or use a "
        "version of the extension made for it.",
    ),
)


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

_SEVERITY: dict[str, Severity] = {info.id: info.severity for info in SEMANTIC_RULES}


# ------------------------------------------------------------------ document layout


@attrs.frozen
class _Field:
    """What a property of a schema object holds: a ``$defs`` name or a JSON type."""

    kind: str
    many: bool
    min_items: int = 0


@attrs.frozen
class _Layout:
    objects: dict[str, dict[str, _Field]]
    #: Schema patterns of leaf definitions (compiled on first use by :func:`_pattern`:
    #: the date pattern alone takes 5 to 15 ms to compile, and only a date that is not
    #: one needs it). The date pattern is under ``Date`` (``PartialDate`` in 1.0).
    patterns: dict[str, str | None]
    #: Open codelists by schema definition name.
    open_codelists: dict[str, str]
    #: Codes of the closed codelists (schema definitions with an ``enum``).
    enums: dict[str, frozenset[str]]


def _ref_name(sub: Mapping[str, Any]) -> str:
    ref = sub.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return ref[len("#/$defs/") :]
    kind = sub.get("type")
    return kind if isinstance(kind, str) else ""


@functools.lru_cache(maxsize=1)
def _layout() -> _Layout:
    """Which property holds what, read from the bundled schema (once)."""
    defs: Mapping[str, Any] = schema().get("$defs", {})
    objects: dict[str, dict[str, _Field]] = {}
    for name, definition in defs.items():
        properties = definition.get("properties") if isinstance(definition, Mapping) else None
        if definition.get("type") != "object" or not isinstance(properties, Mapping):
            continue
        fields = {}
        for prop, sub in properties.items():
            if sub.get("type") == "array" and isinstance(sub.get("items"), Mapping):
                fields[prop] = _Field(_ref_name(sub["items"]), True, int(sub.get("minItems", 0)))
            else:
                fields[prop] = _Field(_ref_name(sub), False)
        objects[name] = fields
    patterns: dict[str, str | None] = {}
    for name in _PATTERNED:
        source = "PartialDate" if name == "Date" and "Date" not in defs else name
        pattern = defs.get(source, {}).get("pattern")
        patterns[name] = pattern if isinstance(pattern, str) else None
    return _Layout(objects, patterns, _open_codelists(), _enums(defs))


@functools.cache
def _pattern(kind: str) -> re.Pattern[str] | None:
    """The schema's pattern for a leaf definition, compiled for Python (None: none, or
    not compilable: then every value is taken as accepted)."""
    pattern = _layout().patterns.get(kind)
    try:
        return re.compile(pattern) if pattern is not None else None
    except re.error:
        return None


#: Leaf definitions whose schema pattern the rules consult (see :func:`_accepts`).
_PATTERNED = (
    "Date",
    "LocalDateTime",
    "LanguageTag",
    "TimeZone",
    "CountryCode",
    "SubdivisionCode",
    "CurrencyCode",
)


def _enums(defs: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    return {
        name: frozenset(v for v in definition["enum"] if isinstance(v, str))
        for name, definition in defs.items()
        if isinstance(definition, Mapping) and isinstance(definition.get("enum"), list)
    }


@attrs.frozen
class _Since:
    """What format 1.1 added to one object kind, for ``version.needs-1.1``."""

    #: Members that 1.0 does not define.
    members: frozenset[str]
    #: Member -> the codes of its closed codelist that 1.0 does not define.
    codes: dict[str, frozenset[str]]
    #: Members that 1.0 requires and 1.1 made optional (``Document.title``...).
    relaxed: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def _since_1_0() -> dict[str, _Since]:
    """Per object kind, what the current schema adds to the 1.0 schema (read once).

    Both schemas ship with the package (the 1.0 one byte for byte as published), so
    the difference is computed, not listed by hand. Kinds that 1.0 lacks entirely
    (``Programme``...) can only be reached through a new member of an older kind,
    which is reported first.
    """
    try:
        old_text = (schemas_dir() / "1.0" / SCHEMA_FILE).read_text("utf-8")
    except OSError:
        return {}
    old_defs: Mapping[str, Any] = json.loads(old_text).get("$defs", {})
    old_layout = {
        name: definition.get("properties", {})
        for name, definition in old_defs.items()
        if isinstance(definition, Mapping) and isinstance(definition.get("properties"), Mapping)
    }
    old_enums = _enums(old_defs)
    layout = _layout()
    defs: Mapping[str, Any] = schema().get("$defs", {})
    out = {}
    for kind, fields in layout.objects.items():
        if kind not in old_layout:
            continue
        relaxed = frozenset(old_defs[kind].get("required", ())) - frozenset(
            defs[kind].get("required", ())
        )
        members = frozenset(fields) - frozenset(old_layout[kind])
        codes = {}
        for key, field in fields.items():
            if key in members or key == "schema_version" or field.kind not in old_enums:
                continue
            added = layout.enums.get(field.kind, frozenset()) - old_enums[field.kind]
            if added:
                codes[key] = added
        if members or codes or relaxed:
            out[kind] = _Since(members, codes, relaxed)
    return out


@functools.lru_cache(maxsize=1)
def _open_codelists() -> dict[str, str]:
    """Schema definition name -> codelist name, for the open codelists of ``index.csv``."""
    out = {}
    with (codelists_dir() / "index.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("openness") == "open" and row.get("schema_def") and row.get("codelist"):
                out[row["schema_def"]] = row["codelist"]
    return out


@functools.cache
def codelist_codes(codelist: str) -> tuple[str, ...]:
    """The codes of a bundled codelist, in file order (read once per codelist)."""
    with (codelists_dir() / f"{codelist}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle) if row.get("code"))


@functools.cache
def _country_zones(country: str) -> tuple[str, ...]:
    """The zones ``zone.tab`` of the tzdata package lists for an ISO 3166 country."""
    try:
        table = importlib.resources.files("tzdata").joinpath("zoneinfo").joinpath("zone.tab")
        lines = table.read_text("utf-8").splitlines()
    except (OSError, ModuleNotFoundError):
        return ()
    zones = []
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 3 and fields[0] == country:
            zones.append(fields[2])
    return tuple(zones)


def _code_set(codelist: str) -> frozenset[str]:
    return frozenset(codelist_codes(codelist))


#: Reference properties: (schema object, property) -> the kind of object referred to.
#: Every ``sources`` list refers to documents. ``InstrumentLink.instrument`` names an
#: instrument that may live in another file, so it is not resolved here.
REFERENCES: dict[tuple[str, str], str] = {
    ("Attendee", "party"): "Party",
    ("Party", "part_of"): "Party",
    ("PartyDecision", "party"): "Party",
    ("PartyDecision", "deliberation"): "Deliberation",
    ("InstrumentLink", "parties"): "Party",
    ("Action", "objectives"): "Objective",
    ("Action", "programmes"): "Programme",
    ("BudgetLine", "programme"): "Programme",
    ("Programme", "funder"): "Party",
    ("Deliberation", "party"): "Party",
    ("Deliberation", "document"): "Document",
    ("Signatory", "party"): "Party",
    ("InstrumentLink", "document"): "Document",
    ("Objective", "axes"): "Axis",
    ("Action", "axes"): "Axis",
    ("Action", "lead_party"): "Party",
    ("Action", "participants"): "Party",
    ("Action", "instrument"): "Instrument",
    ("BudgetLine", "funder"): "Party",
    ("Member", "party"): "Party",
    ("Cadence", "hosts"): "Party",
    ("Meeting", "body"): "Body",
    ("Meeting", "host"): "Party",
    ("Meeting", "minutes"): "Document",
    ("Participant", "party"): "Party",
    ("Decision", "actions"): "Action",
}
UNRESOLVED_REFERENCES = frozenset({("InstrumentLink", "instrument")})

_KIND_NAMES = {
    "Party": "a party",
    "Document": "a document",
    "Axis": "an axis",
    "Action": "an action",
    "Body": "a governance body",
    "Objective": "an objective",
    "Deliberation": "a deliberation",
    "Indicator": "an indicator",
    "Meeting": "a meeting",
    "Convention": "the convention itself",
    "Instrument": "an instrument",
    "Programme": "a funding programme",
}

#: Where the objects that references point to are listed.
_COLLECTIONS: dict[str, tuple[str, ...]] = {
    "Party": ("parties",),
    "Document": ("documents",),
    "Axis": ("axes",),
    "Action": ("actions",),
    "Body": ("governance", "bodies"),
    "Objective": ("objectives",),
    "Programme": ("programmes",),
    "Deliberation": ("deliberations",),
}

#: Texts that are not checked for the authoritative language: titles and notes of
#: source documents are bibliographic, in the source's own language.
_NO_AUTHORITATIVE_CHECK = frozenset({"Document"})
#: (object kind, member) of texts never checked for the authoritative language: the
#: instrument's own designation, as written in it, and words quoted from the sources.
_OWN_WORDS = frozenset(
    {
        ("Convention", "designation"),
        ("InstrumentLink", "designation"),
        # The country as the sources state it: their words, in their language.
        ("Party", "country_note"),
    }
)
#: (object kind, member) of proper names: not checked when given in one language
#: only (a name in its own language is not a missing translation).
_PROPER_NAMES = frozenset(
    {
        ("Party", "name"),
        ("FormerName", "name"),
        ("Successor", "name"),
        ("Signature", "place"),
        ("Meeting", "place"),
        ("Signatory", "place"),
        ("Attendee", "organisation"),
        ("Participant", "organisation"),
        ("Programme", "name"),
    }
)


# ------------------------------------------------------------------ language tags

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*"  # extensions (singleton: not x)
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATEUSE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|"
    "i-navajo|i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|"
    "art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(rf"(?:{_LANGTAG}|{_PRIVATEUSE}|{_GRANDFATHERED})", re.ASCII)


def is_well_formed_language_tag(tag: str) -> bool:
    """True when ``tag`` is well formed by the ABNF of RFC 5646 (case-insensitive).

    >>> [is_well_formed_language_tag(t) for t in ("zgh-Tfng", "es-419", "en-GB-oed", "fr-FR-FR")]
    [True, True, True, False]
    """
    return isinstance(tag, str) and _well_formed(tag)


@functools.lru_cache(maxsize=1024)
def _well_formed(tag: str) -> bool:
    return tag.isascii() and _BCP47.fullmatch(tag.lower()) is not None


def _tags_match(a: str, b: str) -> bool:
    """Same language: equal, or one tag extends the other (fr, fr-FR), ignoring case."""
    a, b = a.lower(), b.lower()
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


# ------------------------------------------------------------------ registered codes
#
# Cost, measured on this project's machine (CPython 3.11, files in the page cache):
# ``import pycountry`` takes 25 ms and its first ``subdivisions.get`` 30 ms more (it
# builds an object per code), whereas reading its JSON data files into frozensets
# takes 0.3 ms (ISO 3166-1), 2 ms (3166-2, 5 ms with json.loads) and 0.6 ms (4217);
# the sets are kept for the life of the process. ``import langcodes``
# takes 25 ms (its CLDR tables), whereas reading the IANA registry file it ships takes
# about 1 ms and looking one subtag up in it (``bytes.find``) 10 to 400 us. A
# pre-commit hook checks one file in about 120 ms in all, so the data files are read
# directly, once per process and only when a code of their kind is met (``warm_up``
# reads them before the command forks its workers); langcodes is imported only to
# suggest a replacement for a subtag the registry does not list.

#: Data file of pycountry and the field holding the code, by ISO standard.
_ISO_FILES = {
    "3166-1": ("iso3166-1.json", "alpha_2"),
    "3166-2": ("iso3166-2.json", "code"),
    "4217": ("iso4217.json", "alpha_3"),
}
#: Codes outside ISO 3166-1 that real records use for a country: XK is the
#: user-assigned code for Kosovo used by the European Union and by CLDR.
_USER_ASSIGNED_COUNTRIES = frozenset({"XK"})
#: Exceptionally reserved ISO 3166-1 codes met in real records, and the code to use.
_RESERVED_COUNTRIES = {"UK": "GB", "EL": "GR"}


def _package_dir(package: str) -> Path:
    """Where an installed package's files are, without importing it (see above)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"the {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _iso_codes(standard: str) -> frozenset[str]:
    """The codes of an ISO standard (``3166-1``, ``3166-2``, ``4217``) as pycountry ships them.

    The code fields are picked out of the JSON text with a pattern (2 ms for ISO
    3166-2, against 5 to 9 ms for ``json.loads``); a test checks that both agree.
    """
    file, field = _ISO_FILES[standard]
    data = (_package_dir("pycountry") / "databases" / file).read_bytes()
    pattern = re.compile(rb'"' + field.encode("ascii") + rb'"\s*:\s*"([^"\\]+)"')
    codes = frozenset(code.decode("ascii") for code in pattern.findall(data))
    return codes | _USER_ASSIGNED_COUNTRIES if standard == "3166-1" else codes


@functools.cache
def _pycountry_version() -> str:
    # Imported here: importlib.metadata takes 17 ms to import, and only a finding needs it.
    import importlib.metadata  # noqa: PLC0415

    try:
        return importlib.metadata.version("pycountry")
    except importlib.metadata.PackageNotFoundError:
        return "unknown version"


@attrs.frozen
class _Registry:
    """The IANA Language Subtag Registry, as the bytes of the file langcodes ships."""

    data: bytes
    #: Type -> (first, last) subtag of each range (private use: qaa..qtz, QM..QZ...).
    ranges: dict[str, tuple[tuple[str, str], ...]]
    #: The registry's File-Date.
    date: str

    def lists(self, kind: str, subtag: str) -> bool:
        """Whether the registry lists ``subtag`` (in its registry case) of type ``kind``."""
        if self.data.find(f"Type: {kind}\nSubtag: {subtag}\n".encode("ascii")) >= 0:
            return True
        return any(
            len(first) == len(subtag) and first <= subtag <= last
            for first, last in self.ranges.get(kind, ())
        )

    def subtags(self, kind: str) -> list[str]:
        """Every subtag of a type (a scan of the file: for suggestions only)."""
        pattern = re.compile(rb"Type: " + kind.encode("ascii") + rb"\nSubtag: ([A-Za-z0-9]+)\n")
        return [m.decode("ascii") for m in pattern.findall(self.data)]


@functools.cache
def _subtag_registry() -> _Registry:
    data = (_package_dir("langcodes") / "data" / "language-subtag-registry.txt").read_bytes()
    ranges: dict[str, list[tuple[str, str]]] = {}
    # A handful of ranges ("Subtag: qaa..qtz"): found with bytes.find (0.6 ms), as a
    # regular expression over the whole file takes 6 ms.
    at = data.find(b"..")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        kind_line = data.rfind(b"\nType: ", 0, start)
        m = _RANGE_LINE.match(data, start)
        kind = _TYPE_LINE.match(data, kind_line + 1) if kind_line >= 0 else None
        if m is not None and kind is not None and data.rfind(b"%%", kind_line, start) < 0:
            first, last = m.group(1).decode("ascii"), m.group(2).decode("ascii")
            ranges.setdefault(kind.group(1).decode("ascii"), []).append((first, last))
        at = data.find(b"..", at + 2)
    date = re.match(rb"File-Date: ([0-9-]+)", data)
    return _Registry(
        data,
        {kind: tuple(pairs) for kind, pairs in ranges.items()},
        date.group(1).decode("ascii") if date else "unknown date",
    )


_RANGE_LINE = re.compile(rb"Subtag: ([A-Za-z0-9]+)\.\.([A-Za-z0-9]+)\n")
_TYPE_LINE = re.compile(rb"Type: ([a-z]+)\n")
_GRANDFATHERED_TAGS = frozenset(_GRANDFATHERED.split("|"))


def unregistered_subtags(tag: str) -> list[tuple[str, str]]:
    """The (type, subtag) pairs of a well-formed tag that the IANA registry does not list.

    Language, extended language, script, region and variant subtags are looked up
    (in the registry's letter case); extensions and private-use subtags are not, and
    grandfathered tags are registered whole.

    >>> unregistered_subtags("zgh-Tfng"), unregistered_subtags("fra-UK")
    ([], [('language', 'fra'), ('region', 'UK')])
    """
    lowered = tag.lower()
    if lowered in _GRANDFATHERED_TAGS or lowered.startswith("x-"):
        return []
    registry = _subtag_registry()
    parts = lowered.split("-")
    out: list[tuple[str, str]] = []

    def check(kind: str, subtag: str) -> None:
        if not registry.lists(kind, subtag):
            out.append((kind, subtag))

    check("language", parts[0])
    i = 1
    while i < len(parts) and i <= 3 and len(parts[i]) == 3 and parts[i].isalpha():
        check("extlang", parts[i])
        i += 1
    if i < len(parts) and len(parts[i]) == 4 and parts[i].isalpha():
        check("script", parts[i].title())
        i += 1
    if i < len(parts) and (len(parts[i]) == 2 or (len(parts[i]) == 3 and parts[i].isdigit())):
        check("region", parts[i].upper())
        i += 1
    while i < len(parts) and len(parts[i]) > 1:
        check("variant", parts[i])
        i += 1
    return out


# ------------------------------------------------------------------ small helpers

#: Purposes of the deliberations that come before the signature.
_APPROVALS = frozenset({"approve", "authorise_signature"})
#: The date forms of format 1.0 (a valid date of another form needs 1.1; 2025-21 is
#: the season spring 2025, not a month).
_DATE_SHAPE = re.compile(r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?$")
_DATETIME_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?$")
_ONE_DAY = _dt.timedelta(days=1)
_COUNTRY_SHAPE = re.compile(r"^[A-Z]{2}$")
#: No clock change moves wall time by more than this (Samoa skipped a whole day in
#: 2011): wall times further apart compare the same as their instants.
_CLOCK_CHANGE_BOUND = _dt.timedelta(hours=26)
_DURATION = re.compile(r"^P(?=[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$")


def _partial_date(value: object) -> PartialDate | None:
    """The partial date a value stands for, or None when it is not one."""
    if not isinstance(value, str):
        return None
    return _partial_date_of(value)


def _date_problem(value: str) -> str | None:
    """Why a string is not a date of the format (the model's own words), or None."""
    try:
        PartialDate.parse(value)
    except ValueError as exc:
        return str(exc).rstrip(".")
    return None


@functools.lru_cache(maxsize=4096)
def _partial_date_of(value: str) -> PartialDate | None:
    # Cached: the same dates recur across a document and across a corpus (and the
    # model parses forms beyond YYYY-MM-DD with the edtf package, in milliseconds).
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


#: The forms of dates, for messages about a date that is not one.
_DATE_FORMS = (
    "write a day that exists (2025-03-14), or only what is known: 2025-03 for a month, "
    "2025 for a year, 2025-21 for spring 2025 (-22 summer, -23 autumn, -24 winter), "
    "2025-03-XX when the day is not stated, 2025-03-14? when it is uncertain, 2025-03~ "
    "when it is approximate, 2023-08-30/2023-09-03 for several days; leave the date out "
    "when nothing of it is known"
)


def _local_datetime(value: object) -> _dt.datetime | None:
    """The wall time a local date-time stands for (cached), or None."""
    if not isinstance(value, str):
        return None
    wall: _dt.datetime | None = _WALLS.get(value, _UNSEEN)
    if wall is _UNSEEN:
        try:
            wall = parse_local_datetime(value) if _DATETIME_SHAPE.match(value) else None
        except ValueError:
            wall = None
        _remember(_WALLS, value, wall)
    return wall


def _duration(value: object) -> tuple[int, int, int, int] | None:
    if not isinstance(value, str):
        return None
    m = _DURATION.match(value)
    if m is None:
        return None
    parts = tuple(int(g) if g else 0 for g in m.groups())
    if not any(parts):
        return None
    return parts[0], parts[1], parts[2], parts[3]


def _times(parts: tuple[int, int, int, int], n: int) -> tuple[int, int, int, int]:
    return parts[0] * n, parts[1] * n, parts[2] * n, parts[3] * n


def _plus(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]


def _shift(day: _dt.date, parts: tuple[int, int, int, int]) -> _dt.date | None:
    """``day`` plus a duration, the day clamped to the month's last (as pendulum does).

    None when the result is past the calendar.
    """
    years, months, weeks, days = parts
    total = day.year * 12 + day.month - 1 + years * 12 + months
    year, month0 = divmod(total, 12)
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month0 + 1)[1]
    try:
        return _dt.date(year, month0 + 1, min(day.day, last)) + _dt.timedelta(days=weeks * 7 + days)
    except OverflowError:
        return None


#: The largest count of each duration part (years, months, weeks, days) that fits in
#: the supported range: a longer duration can never be added to any date of it.
_RANGE_PARTS = (
    MAX_DATE.year - MIN_DATE.year,
    (MAX_DATE.year - MIN_DATE.year + 1) * 12 - 1,
    (MAX_DATE - MIN_DATE).days // 7,
    (MAX_DATE - MIN_DATE).days,
)


def _beyond_range(parts: tuple[int, int, int, int]) -> bool:
    """Whether a duration is longer than the whole supported range (cheap bounds first,
    then the exact sum from the first day, without converting huge numbers)."""
    if any(p > limit for p, limit in zip(parts, _RANGE_PARTS, strict=True)):
        return True
    return _shift(MIN_DATE, parts) is None


def _number(value: object) -> Decimal | None:
    """A JSON number as an exact Decimal (``0.1`` stays 0.1), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _number_problem(value: float) -> str | None:
    """Why the model would refuse a JSON number, or None."""
    number = _number(value)
    return None if number is None else decimal_problem(number)


@functools.cache
def _tz() -> ModuleType:
    """The time zone module, imported on first use: pendulum costs about 40 ms to import
    and only documents with time zones need it."""
    from . import _tz as module  # noqa: PLC0415 - deferred on purpose, see docstring

    return module


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _dicts(node: object, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The (index, item) pairs of the list ``node[key]`` whose items are objects."""
    if not isinstance(node, dict):
        return []
    items = node.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _obj(node: object, key: str) -> dict[str, Any] | None:
    if not isinstance(node, dict):
        return None
    value = node.get(key)
    return value if isinstance(value, dict) else None


def _file_order(document: object, parent: DocumentPath, last: str | int) -> tuple[int, ...]:
    """Where a value stands in the file: its path with every key as its rank in its object."""
    order = []
    node = document
    for step in (*parent, last):
        if isinstance(node, dict):
            order.append(list(node).index(step))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int):
            order.append(step)
            node = node[step]
    return tuple(order)


def _quote(value: object, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: Close-match suggestions cost a scan of the candidates each; a document gets this
#: many, so that a file with thousands of wrong references stays fast to check.
_SUGGESTIONS_PER_DOCUMENT = 50
_MAX_CANDIDATES = 1000
#: And a bound on their total work: comparing two strings costs up to the product of
#: their lengths, and about five million such units take a second. Many long, similar
#: ids (a 91 KB file took 44 s) exhaust it; the suggestions then stop.
_SUGGESTION_WORK_PER_DOCUMENT = 5_000_000


def _suggest(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match, else an empty string."""
    options = list(choices)
    if not options or len(options) > _MAX_CANDIDATES:
        return ""
    close = difflib.get_close_matches(value, options, n=2, cutoff=0.7)
    if not close:
        lowered = {o.lower(): o for o in options}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def _listing(choices: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(choices[:limit])
    return shown + (f", ... ({len(choices)} in all)" if len(choices) > limit else "")


# ------------------------------------------------------------------ the checker
#
# Speed. A corpus of thousands of files is checked in CI, so the walk is the hot path
# (about 500 values and 100 objects in a 20 KB convention). It runs generated code:
# one function per schema object kind (see _walkers), built once from the schema,
# that reads only the properties a rule looks at and checks the common case of each
# value type inline, against bounded per-process caches of what a value gives. A
# path is built only for a finding: ids and references are recorded as (parent
# path, last step). The cross-object rules then run once over the collected records
# and, for actions, in one pass. Measured on the 2,000-file benchmark corpus (CPython
# 3.11, each document seen once): 0.70 ms per document with a schema-driven
# interpreter of the plan, 0.35 ms with the generated walkers.


class _Checker:
    """One pass over a document: leaf checks while walking, then cross-object rules."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.findings: list[Finding] = []
        #: (object kind, parent path, last step, id) for every id, in file order.
        self.ids: list[tuple[str, DocumentPath, str | int, str]] = []
        #: (what it refers to, rule, parent path, last step, value) for every reference.
        self.refs: list[tuple[str, str, DocumentPath, str | int, str]] = []
        authoritative = document.get("authoritative_language")
        authentic = document.get("authentic_languages")
        #: The authoritative language when it is a well-formed tag (else not checked);
        #: None too when the language versions are equally authentic.
        self.authoritative: str | None = (
            authoritative
            if isinstance(authoritative, str)
            and is_well_formed_language_tag(authoritative)
            and not (isinstance(authentic, list) and authentic)
            else None
        )
        #: Whether the file says it is format 1.0.
        self.v10 = document.get("schema_version") == "1.0"
        #: (parent path, last step, what) of each use of something 1.1 added, in a 1.0 file.
        self.newer: list[tuple[DocumentPath, str | int, str]] = []
        #: (earliest start, latest last day, where that day comes from), by _term.
        self.term_bounds: tuple[_dt.date | None, _dt.date | None, str] = (None, None, "")
        self._suggestions_left = _SUGGESTIONS_PER_DOCUMENT
        self._suggestion_work_left = _SUGGESTION_WORK_PER_DOCUMENT
        self._countries: dict[str, str] | None = None

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        """A close match (see :func:`_suggest`), while the document's budget lasts."""
        if self._suggestions_left <= 0:
            return ""
        options = list(choices)
        work = len(value) * sum(len(o) for o in options)
        if work > self._suggestion_work_left:
            return ""
        self._suggestions_left -= 1
        self._suggestion_work_left -= work
        return _suggest(value, options)

    def add(self, rule: str, path: DocumentPath, message: str) -> None:
        """Record a finding of a rule of this module."""
        self.findings.append(Finding(rule, _SEVERITY[rule], path, message))

    def run(self) -> list[Finding]:
        """Every finding of the semantic rules, in no particular order."""
        # Each family runs guarded: a bug in one gives its own `internal.rule-error`
        # finding and never hides the findings of the others (one try per family,
        # not per value: the walk stays the hot path it was).
        self._guarded("walk", lambda: self._object("Convention", self.document, ()))
        for family in (
            self._range,
            self._ids,
            self._references,
            self._parties,
            self._languages,
            self._dates,
            self._term,
            self._actions,
            self._meetings,
            self._sdgs,
        ):
            self._guarded(family.__name__.lstrip("_"), family)
        if self.newer:
            self._guarded("version", self._version)
        return self.findings

    def _guarded(self, family: str, run: Callable[[], None]) -> None:
        """Run one rule family; an exception becomes its `internal.rule-error` finding."""
        try:
            run()
        except Exception as exc:
            self.findings.append(
                Finding(
                    "internal.rule-error",
                    Severity.ERROR,
                    (),
                    f"the {family} rules failed on this document ({type(exc).__name__}: "
                    f"{exc}); the other rules' findings are reported; please report this "
                    "with the file",
                )
            )

    # -- walking, driven by the schema's layout

    def _object(self, kind: str, node: Mapping[str, Any], path: DocumentPath) -> None:
        """Walk an object of a schema kind (and everything in it): see :func:`_walkers`."""
        walker = _WALKERS.get(kind)
        if walker is not None:
            walker(self, node, path)

    def _empty_list(self, path: DocumentPath) -> None:
        self.add(
            "content.empty-list",
            path,
            f"the list {path[-1]!r} is empty; fill it in, or remove the key "
            "(leaving a key out says the same and is what gets written back)",
        )

    def _leaf(  # noqa: PLR0917 - the walk's hot path: positional calls cost less
        self,
        mode: int,
        arg: Any,
        owner: str,
        value: object,
        parent: DocumentPath,
        last: str | int,
    ) -> None:
        """Check one value; its path is ``(*parent, last)``, built only for a finding."""
        if mode == _TEXT:
            if isinstance(value, dict):
                self._text(owner, value, parent, last)
        elif mode == _DATE:
            if isinstance(value, str):
                problem = _cached(_DATE_PROBLEMS, value, _date_leaf_problem)
                if problem:
                    opening = (
                        problem
                        if problem.startswith(repr(value))
                        else f"{value!r} is not a real date: {problem}"
                    )
                    self.add("date.invalid", (*parent, last), f"{opening}; {_DATE_FORMS}")
                elif problem is not None and self.v10:
                    self.newer.append((parent, last, f"the date form {value!r}"))
        elif mode == _ID:
            if isinstance(value, str):
                self.ids.append((owner, parent, last, value))
        elif mode == _NUMBER:
            if value.__class__ is int:
                if -_EXACT_INT < value < _EXACT_INT:
                    return
            elif value.__class__ is not float:
                return
            problem = _cached(_NUMBER_PROBLEMS, value, _number_problem)
            if problem is not None:
                self.add(
                    "number.too-precise",
                    (*parent, last),
                    f"{value} has {problem}: numbers are kept exactly with at most "
                    f"{MAX_DECIMAL_PLACES} decimal places and {MAX_DECIMAL_DIGITS} "
                    "digits; round the number",
                )
        elif mode == _CODE:
            codelist, codes = arg
            if isinstance(value, str) and value and value not in codes:
                self._unknown_code(codelist, value, (*parent, last))
        elif mode == _DATETIME:
            if isinstance(value, str):
                problem = _cached(_DATETIME_PROBLEMS, value, _datetime_leaf_problem)
                if problem is not None:
                    self.add("date.invalid", (*parent, last), problem)
        elif mode == _LANGUAGE:
            if isinstance(value, str) and value not in _GOOD_TAGS:
                self._language(value, (*parent, last))
        elif mode == _PLAIN:
            if isinstance(value, str) and value.isspace():
                self._blank((*parent, last))
        elif mode == _ZONE and isinstance(value, str) and value not in _zones():
            self._zone(owner, value, parent, last)
        elif mode in _ISO and isinstance(value, str):
            self._iso_code(mode, value, parent, last)

    # -- leaf checks (the slow paths)

    def _text(
        self, owner: str, value: Mapping[str, Any], parent: DocumentPath, last: str | int
    ) -> None:
        if value.keys() <= _LOWERCASE_GOOD_TAGS:
            # Every tag is known good and in lower case, so no two are the same tag.
            for tag, text in value.items():
                if isinstance(text, str) and text.isspace():
                    self._blank((*parent, last, tag))
        else:
            good = _GOOD_TAGS
            for tag, text in value.items():
                if not isinstance(tag, str):
                    continue
                if isinstance(text, str) and text.isspace():
                    self._blank((*parent, last, tag))
                if tag not in good:
                    self._language(tag, (*parent, last, tag))
            if len({tag.lower() for tag in value if isinstance(tag, str)}) < len(value):
                self._duplicate_tags(value, (*parent, last))
        authoritative = self.authoritative
        if (
            authoritative is not None
            and authoritative not in value
            and value
            and owner not in _NO_AUTHORITATIVE_CHECK
        ):
            keys = [k for k in value if isinstance(k, str)]
            if (
                keys
                and not any(_tags_match(authoritative, k) for k in keys)
                and (owner, last) not in _OWN_WORDS
                and not (len(keys) == 1 and (owner, last) in _PROPER_NAMES)
            ):
                self.add(
                    "language.missing-authoritative",
                    (*parent, last),
                    f"no text in the authoritative language {authoritative!r} (given: "
                    f"{', '.join(keys)}); add the {authoritative!r} version, which prevails "
                    "over translations",
                )

    def _duplicate_tags(self, value: Mapping[str, Any], path: DocumentPath) -> None:
        tags = [tag for tag in value if isinstance(tag, str)]
        seen: dict[str, str] = {}
        for tag in tags:
            folded = tag.lower()
            if folded in seen:
                self.add(
                    "language.duplicate",
                    (*path, tag),
                    f"language {tag!r} is already given as {seen[folded]!r} (language tags "
                    "ignore letter case); merge the two entries into one",
                )
            else:
                seen[folded] = tag

    def _blank(self, path: DocumentPath) -> None:
        self.add(
            "content.empty",
            path,
            "the text is only white space; write the text, or leave the field out "
            "when it is not known",
        )

    def _language(self, value: object, path: DocumentPath) -> None:
        if not isinstance(value, str) or not _accepts("LanguageTag", value):
            return
        if is_well_formed_language_tag(value):
            unknown = _cached(_UNREGISTERED, value, unregistered_subtags)
            if unknown:
                self._unregistered(value, unknown, path)
            elif len(_GOOD_TAGS) < _CACHE_LIMIT:
                _GOOD_TAGS.add(value)
                if value.islower():
                    _LOWERCASE_GOOD_TAGS.add(value)
        else:
            self.add(
                "language.malformed",
                path,
                f"{value!r} is not a well-formed BCP 47 language tag (RFC 5646): expected a "
                "language subtag, then optionally a 4-letter script, a region (2 letters or "
                "3 digits) and variants, e.g. fr, zgh-Tfng, fr-MA, es-419",
            )

    def _unregistered(
        self, value: str, unknown: Sequence[tuple[str, str]], path: DocumentPath
    ) -> None:
        registry = _subtag_registry()
        named = " and ".join(f"the {_SUBTAG_NAMES[kind]} subtag {sub!r}" for kind, sub in unknown)
        self.add(
            "language.unknown-subtag",
            path,
            f"{value!r} is well formed, but the IANA Language Subtag Registry (of "
            f"{registry.date}, as shipped with langcodes) does not list {named}"
            f"{self._tag_suggestion(value, unknown)}; use registered subtags, e.g. fr, en, "
            "ar, zgh-Tfng, fr-MA, es-419",
        )

    def _tag_suggestion(self, value: str, unknown: Sequence[tuple[str, str]]) -> str:
        """`` (did you mean ...?)`` from langcodes' normalisation or the registry."""
        if self._suggestions_left <= 0:
            return ""
        self._suggestions_left -= 1
        # Imported here only: it costs 25 ms, and only an unregistered subtag needs it.
        import langcodes  # noqa: PLC0415

        try:
            standard = langcodes.standardize_tag(value)
        except (ValueError, LookupError):
            standard = value
        if standard.lower() != value.lower() and not unregistered_subtags(standard):
            return f" (did you mean {standard!r}?)"
        close = []
        for kind, sub in unknown:
            if kind in {"script", "region", "variant"}:
                close += difflib.get_close_matches(
                    sub, _subtag_registry().subtags(kind), n=2, cutoff=0.6
                )
        return " (did you mean " + " or ".join(map(repr, close)) + "?)" if close else ""

    def _iso_code(self, mode: int, value: str, parent: DocumentPath, last: str | int) -> None:
        standard, definition, what = _ISO[mode]
        known = _KNOWN_CODES[mode]
        if not known:
            known.update(_iso_codes(standard))
        if value in known or not _accepts(definition, value):
            return
        version = f"pycountry {_pycountry_version()}"
        if mode == _COUNTRY:
            hint = (
                f" (did you mean {_RESERVED_COUNTRIES[value]!r}? {value} is only "
                "exceptionally reserved)"
                if value in _RESERVED_COUNTRIES
                else self.suggest(value, sorted(known))
            )
            fix = "use the two-letter code of the country, e.g. FR, MA, NG, CO"
            rule = "code.unknown-country"
        elif mode == _SUBDIVISION:
            country = value.split("-", 1)[0]
            local = sorted(c for c in known if c.startswith(country + "-"))
            hint = self.suggest(value, local)
            fix = (
                f"use the code of the region, department or province ({len(local)} codes "
                f"of {country}, such as {', '.join(local[:4])})"
                if local
                else f"{country!r} is not a country with ISO 3166-2 subdivisions: check the code"
            )
            rule = "code.unknown-subdivision"
        else:
            hint = self.suggest(value, sorted(known))
            fix = "use the three-letter code, e.g. EUR, MAD, XOF, NGN, COP, DZD"
            rule = "code.unknown-currency"
        self.add(rule, (*parent, last), f"{value!r} is not {what} ({version}){hint}; {fix}")

    def _zone(self, owner: str, value: str, parent: DocumentPath, last: str | int) -> None:
        if not _accepts("TimeZone", value):
            return
        node = self._node_at(parent)
        if (
            owner == "Meeting"
            and isinstance(node, dict)
            and "start" not in node
            and "end" not in node
        ):
            return  # a meeting known by its date only: no wall time is read in its zone
        country = self._country_near(owner, node)
        local = _country_zones(country) if country else ()
        hint = (
            f"the zones of {country} are: {', '.join(local)}"
            if local
            else "use a zone name such as 'Europe/Paris' or 'Africa/Casablanca'"
        )
        self.add(
            "timezone.unknown",
            (*parent, last),
            f"{value!r} is not a time zone of the IANA database (tz {_tz().tz_database_version()}, "
            f"from the tzdata package){self.suggest(value, local or _zones())}; {hint}",
        )

    def _node_at(self, path: DocumentPath) -> object:
        """The value at ``path`` in the document, or None."""
        node: object = self.document
        for step in path:
            if isinstance(node, dict) and isinstance(step, str):
                node = node.get(step)
            elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                node = node[step]
            else:
                return None
        return node

    def _country_near(self, owner: str, node: object) -> str | None:
        """The country of the party ``node``, or of the host of the meeting ``node``."""
        if not isinstance(node, dict):
            return None
        if owner == "Meeting":
            if self._countries is None:
                self._countries = {
                    p["id"]: p["country"]
                    for _i, p in _dicts(self.document, "parties")
                    if isinstance(p.get("id"), str) and isinstance(p.get("country"), str)
                }
            host = node.get("host")
            return self._countries.get(host) if isinstance(host, str) else None
        country = node.get("country")
        return country if isinstance(country, str) else None

    def _unknown_code(self, codelist: str, value: str, path: DocumentPath) -> None:
        codes = codelist_codes(codelist)
        self.add(
            "codelist.unknown-code",
            path,
            f"{value!r} is not in the open codelist {codelist!r}"
            f"{self.suggest(value, codes)}; use a listed code where one "
            f"fits ({_listing(codes, 8)}), else keep your own code",
        )

    # -- format version

    def _since(self, kind: str, node: Mapping[str, Any], path: DocumentPath) -> None:
        """Note each member and code of ``node`` that format 1.1 added, and each member
        1.0 requires that it leaves out (a 1.0 file)."""
        since = _since_1_0()[kind]
        for key in sorted(since.relaxed - node.keys()):
            # An absent member has no place of its own: the object (or, at the top,
            # the version that promises 1.0) stands for it.
            parent, last = (path[:-1], path[-1]) if path else ((), "schema_version")
            self.newer.append((parent, last, f"a {kind} without {key!r} (1.0 requires it)"))
        for key, value in node.items():
            if key in since.members:
                self.newer.append((path, key, f"the member {key!r} (in {kind})"))
            elif key in since.codes and _uses(value, since.codes[key]):
                values = value if isinstance(value, list) else [value]
                code = next(v for v in values if isinstance(v, str) and v in since.codes[key])
                self.newer.append((path, key, f"the {key} code {code!r}"))

    def _version(self) -> None:
        """One ``version.needs-1.1`` finding, at the first use in the file's order."""
        parent, last, what = min(
            self.newer, key=lambda use: _file_order(self.document, use[0], use[1])
        )
        others = len(self.newer) - 1
        self.add(
            "version.needs-1.1",
            (*parent, last),
            f'this file says schema_version "1.0" but uses {what}, which only format 1.1 allows'
            + (f" (and {others} other use{'s' if others > 1 else ''} of 1.1)" if others else "")
            + "; readers of 1.0 refuse it: run `citydiplomacy upgrade FILE` to rewrite the "
            'file as 1.1 (or set schema_version: "1.1")',
        )

    # -- ids and references

    def _ids(self) -> None:
        if len({value for _kind, _parent, _last, value in self.ids}) < len(self.ids):
            # The walk follows the schema's order of properties; "first" means first in
            # the file, so the ids are put in the file's order (only when one repeats).
            self.ids.sort(key=lambda record: _file_order(self.document, record[1], record[2]))
        first: dict[str, tuple[str, DocumentPath]] = {}
        for kind, parent, _last, value in self.ids:
            if value in first:
                other_kind, other_parent = first[value]
                self.add(
                    "id.duplicate",
                    (*parent, _last),
                    f"id {value!r} is already used by {_KIND_NAMES.get(other_kind, other_kind)}"
                    f" at {format_path(other_parent)}; ids are unique "
                    "in the whole file: rename one of them and the references meant for it",
                )
            else:
                first[value] = (kind, parent)

    def _references(self) -> None:
        if not self.refs:
            return
        by_kind: dict[str, list[str]] = {}
        kind_of: dict[str, str] = {}
        for kind, _parent, _last, value in self.ids:
            by_kind.setdefault(kind, []).append(value)
            kind_of.setdefault(value, kind)
        known = {kind: set(values) for kind, values in by_kind.items()}
        intact: dict[str, bool] = {}
        own_id = _str(self.document.get("id"))
        instruments: list[str] | None = None
        for target, rule, parent, last, value in self.refs:
            if value in known.get(target, ()):
                continue
            if rule == "ref.self-link":
                if value == own_id:
                    self.add(
                        rule,
                        (*parent, last),
                        f"{value!r} is this convention's own id; a related instrument is "
                        "another one: give its id",
                    )
                continue
            if target == "Instrument":
                if instruments is None:
                    instruments = [own_id] if own_id else []
                    for _i, link in _dicts(self.document, "related_instruments"):
                        other = _str(link.get("instrument"))
                        if other:
                            instruments.append(other)
                if value not in instruments:
                    self.add(
                        rule,
                        (*parent, last),
                        f"{value!r} is neither this convention's id ({own_id!r}) nor an "
                        "instrument of `related_instruments`; add the instrument to "
                        "related_instruments, or leave `instrument` out for this one",
                    )
                continue
            if target not in intact:
                intact[target] = self._intact(target)
            if not intact[target]:
                continue
            noun = _KIND_NAMES[target]
            candidates = by_kind.get(target, [])
            if value in kind_of:
                found = (
                    f" ({value!r} is the id of {_KIND_NAMES.get(kind_of[value], 'another object')})"
                )
            else:
                found = self.suggest(value, candidates)
            expected = (
                f"expected the id of one of: {_listing(candidates)}"
                if candidates
                else f"the file has no {noun.split(' ', 1)[1]} yet: add it"
            )
            self.add(
                rule,
                (*parent, last),
                f"{value!r} is not the id of {noun} in this file{found}; {expected}",
            )

    def _intact(self, kind: str) -> bool:
        """Whether every object of this kind has a readable id (or the list is absent).

        When the list itself breaks the schema, an id may be unreadable, so references
        to that kind are not reported: the schema findings come first.
        """
        node: object = self.document
        for key in _COLLECTIONS.get(kind, ()):
            if not isinstance(node, dict):
                return node is None
            node = node.get(key)
        if node is None:
            return True
        if not isinstance(node, list):
            return False
        return all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in node)

    # -- parties

    def _parties(self) -> None:
        parties = self.document.get("parties")
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
                for _i, link in _dicts(self.document, "related_instruments")
            )
            if local + unknown < 2 and not implements:
                unstated = f" (and {unknown} of unstated kind)" if unknown else ""
                self.add(
                    "party.too-few-local-governments",
                    ("parties",),
                    f"{local} of the parties {'is a' if local == 1 else 'are'} local "
                    f"government{unstated}; a decentralised cooperation instrument is "
                    "concluded by at least two: set `kind: local_government` on each of them, "
                    "or, for a convention with the associations that carry out a cooperation, "
                    "link the cooperation it implements: related_instruments: [{relation: "
                    "implements, instrument: ...}]",
                )
        for i, party in _dicts(self.document, "parties"):
            part_of = party.get("part_of")
            if part_of is not None and part_of == party.get("id"):
                self.add(
                    "ref.self-link",
                    ("parties", i, "part_of"),
                    f"party {part_of!r} is `part_of` itself; give the id of the other party "
                    "it is a department or service of, or leave `part_of` out",
                )
            country = _str(party.get("country"))
            subdivisions = party.get("subdivisions")
            if (
                not country
                or not _COUNTRY_SHAPE.match(country)
                or not isinstance(subdivisions, list)
            ):
                continue
            for j, code in enumerate(subdivisions):
                if not isinstance(code, str) or code not in _KNOWN_CODES[_SUBDIVISION]:
                    continue  # not an ISO 3166-2 code: code.unknown-subdivision says so
                if "-" in code and code.split("-", 1)[0] != country:
                    self.add(
                        "subdivision.country-mismatch",
                        ("parties", i, "subdivisions", j),
                        f"subdivision {code!r} belongs to country {code.split('-', 1)[0]!r}, but "
                        f"this party's country is {country!r}; use a subdivision code of "
                        f"{country} ({country}-...) or correct `country`",
                    )

    # -- languages (texts are checked for the authoritative language while walking)

    def _languages(self) -> None:
        languages = self.document.get("languages")
        if not isinstance(languages, list):
            return
        seen: dict[str, str] = {}
        for i, tag in enumerate(languages):
            if not isinstance(tag, str):
                continue
            if tag.lower() in seen and seen[tag.lower()] != tag:
                self.add(
                    "language.duplicate",
                    ("languages", i),
                    f"language {tag!r} is already listed as {seen[tag.lower()]!r} "
                    "(language tags ignore letter case); keep one",
                )
            seen.setdefault(tag.lower(), tag)
        authoritative = self.authoritative
        if authoritative is None or not languages:
            return
        tags = [t for t in languages if isinstance(t, str)]
        if tags and not any(_tags_match(authoritative, t) for t in tags):
            self.add(
                "language.authoritative-not-listed",
                ("languages",),
                f"the authoritative language {authoritative!r} is not among the languages "
                f"the instrument was drawn up in ({', '.join(tags)}); add it to `languages`",
            )

    # -- dates

    def _order(
        self,
        first: _Dated | None,
        second: _Dated | None,
        why: str,
        rule: str = "date.order",
        *,
        report_first: bool = False,
    ) -> None:
        """Report when ``second`` is certainly before ``first`` (at ``second`` by default)."""
        if first is None or second is None or first[1][0] <= second[1][1]:
            return
        (path_a, (_, _, a)), (path_b, (_, _, b)) = first, second
        if report_first:
            self.add(rule, path_a, f"{a} is after {format_path(path_b)} {b}; {why}")
        else:
            self.add(rule, path_b, f"{b} is before {format_path(path_a)} {a}; {why}")

    def _at(self, *path: str) -> _Dated | None:
        node: object = self.document
        for key in path:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return _dated(path, node)

    def _dates(self) -> None:
        signature = self._at("signature", "date")
        start = self._at("term", "start")
        end = self._at("term", "end")
        terminated = self._termination()
        if signature is not None:
            for i, deliberation in _dicts(self.document, "deliberations"):
                if deliberation.get("purpose") not in _APPROVALS:
                    continue  # a vote to amend or terminate comes after the signature
                date = _bounds(deliberation.get("date"))
                if date is not None and date[0] > signature[1][1]:
                    self._order(
                        (("deliberations", i, "date"), date),
                        signature,
                        "a council approves an instrument before it is signed: check both dates",
                        report_first=True,
                    )
        self._order(
            signature,
            start,
            "the term starts before the signature (a retroactive start); check both dates",
            "date.retroactive-start",
        )
        self._order(start, end, "a term ends on or after its start: check both dates")
        self._order(
            start, terminated, "an instrument is terminated after it starts: check both dates"
        )
        term = _obj(self.document, "term")
        for i, suspension in _dicts(term, "suspensions"):
            self._pair(suspension, ("term", "suspensions", i), "a suspension")
            if "in_effect_on" in suspension:
                self._within(suspension, "in_effect_on", ("term", "suspensions", i), "suspension")
        for i, link in _dicts(self.document, "related_instruments"):
            self._pair(link, ("related_instruments", i), "a linked instrument's term")
        for i, programme in _dicts(self.document, "programmes"):
            period = _obj(programme, "period")
            if period is not None:
                self._pair(period, ("programmes", i, "period"), "a programme's period")
        for i, party in _dicts(self.document, "parties"):
            for j, head in _dicts(party, "heads"):
                self._pair(head, ("parties", i, "heads", j), "a term of office")
                if "in_office_on" in head:
                    self._within(head, "in_office_on", ("parties", i, "heads", j), "term of office")
        if start is None:
            self._order(
                signature,
                terminated,
                "an instrument is terminated after it is signed: check both dates",
            )
        for i, document in _dicts(self.document, "documents"):
            published = _bounds(document.get("date"))
            accessed = _bounds(document.get("accessed"))
            if published is not None and accessed is not None and published[0] > accessed[1]:
                self._order(
                    (("documents", i, "date"), published),
                    (("documents", i, "accessed"), accessed),
                    "a document is accessed after it is published: check both dates",
                )

    def _termination(self) -> _Dated | None:
        """When the instrument was terminated: ``termination.date``, else ``terminated_on``.

        Reports ``term.termination-mismatch`` when both are given and cannot be the
        same date.
        """
        terminated = self._at("term", "terminated_on")
        ended = self._at("term", "termination", "date")
        if terminated is not None and ended is not None:
            (_, (lo_a, hi_a, a)), (_, (lo_b, hi_b, b)) = terminated, ended
            if hi_a < lo_b or hi_b < lo_a:
                self.add(
                    "term.termination-mismatch",
                    ("term", "terminated_on"),
                    f"terminated_on {a} and termination.date {b} cannot be the same date; "
                    "keep the right one in `termination.date` and remove the deprecated "
                    "`terminated_on` (citydiplomacy upgrade moves it there)",
                )
        return ended or terminated

    def _pair(self, node: Mapping[str, Any], path: DocumentPath, what: str) -> None:
        """``node.start`` and ``node.end`` in order."""
        start = _bounds(node.get("start"))
        end = _bounds(node.get("end"))
        if start is not None and end is not None and start[0] > end[1]:
            self._order(
                ((*path, "start"), start),
                ((*path, "end"), end),
                f"{what} ends on or after its start: check both dates",
            )

    def _within(self, node: Mapping[str, Any], key: str, path: DocumentPath, what: str) -> None:
        """Each date of the list ``node[key]`` not certainly before ``node.start`` nor
        certainly after ``node.end`` (a source attests the state on that day)."""
        days = node.get(key)
        if not isinstance(days, list):
            return
        start = _dated((*path, "start"), node.get("start"))
        end = _dated((*path, "end"), node.get("end"))
        why = f"a source attests the {what} on that date, so it falls within it: check the dates"
        for k, value in enumerate(days):
            day = _dated((*path, key, k), value)
            self._order(start, day, why)
            self._order(day, end, why, report_first=True)

    def _period(
        self, period: Mapping[str, Any], action: int, line: int | None = None
    ) -> tuple[_Bounds | None, _Bounds | None]:
        """The bounds of an action's (or its budget line's) period, checked to be in order."""
        start = _bounds(period.get("start"))
        end = _bounds(period.get("end"))
        if start is not None and end is not None and start[0] > end[1]:
            path: DocumentPath = (
                ("actions", action, "period")
                if line is None
                else ("actions", action, "budget", line, "period")
            )
            self._order(
                ((*path, "start"), start),
                ((*path, "end"), end),
                "a period ends on or after its start: check both dates",
            )
        return start, end

    # -- term

    def _range(self) -> None:
        """``date.out-of-range``: durations longer than the supported range, a term
        whose stated duration ends after it, meetings whose UTC instant is outside it."""
        term = _obj(self.document, "term")
        places: list[tuple[DocumentPath, object]] = []
        if term is not None:
            places.append((("term", "duration"), term.get("duration")))
            places.append((("term", "notice_period"), term.get("notice_period")))
            renewal = _obj(term, "renewal")
            if renewal is not None:
                places.append((("term", "renewal", "period"), renewal.get("period")))
        governance = _obj(self.document, "governance")
        for i, body in _dicts(governance, "bodies"):
            cadence = _obj(body, "cadence")
            if cadence is not None:
                every = cadence.get("every")
                places.append((("governance", "bodies", i, "cadence", "every"), every))
        for i, action in _dicts(self.document, "actions"):
            for j, line in _dicts(action, "budget"):
                places.append((("actions", i, "budget", j, "per"), line.get("per")))
        too_long = False
        for path, value in places:
            parts = _duration(value)
            if parts is not None and _beyond_range(parts):
                too_long = True
                self.add(
                    "date.out-of-range",
                    path,
                    f"the duration {_quote(value)} is longer than {RANGE_TEXT}; "
                    "correct it (a duration is usually a few years, such as P3Y)",
                )
        if term is not None and not too_long:
            start = _bounds(term.get("start"))
            duration = _duration(term.get("duration"))
            if start is not None and duration is not None and _shift(start[0], duration) is None:
                self.add(
                    "date.out-of-range",
                    ("term", "duration"),
                    f"the term starts {start[2]} and lasts {term.get('duration')}: it would "
                    f"end after 9999-12-31, outside {RANGE_TEXT}; correct the start or "
                    "the duration",
                )
        zones = _zones()
        for i, meeting in _dicts(governance, "meetings"):
            zone = _str(meeting.get("time_zone"))
            if zone is None or zone not in zones or not _accepts("TimeZone", zone):
                continue
            for key in ("start", "end"):
                wall = _local_datetime(meeting.get(key))
                if wall is None or 2 <= wall.year <= 9998:
                    continue  # only the first and last year can leave the range in UTC
                try:
                    _tz().to_instant(wall, zone)
                except OverflowError:
                    self.add(
                        "date.out-of-range",
                        ("governance", "meetings", i, key),
                        f"the meeting's {key} {meeting.get(key)} in {zone} is in year "
                        f"{'0' if wall.year == 1 else '10000'} in UTC, outside "
                        f"{RANGE_TEXT}; correct the date or the time zone",
                    )

    def _term_bounds(self) -> tuple[_dt.date | None, _dt.date | None, str]:
        """(earliest possible start, latest possible last day, where that day comes from).

        Follows :mod:`citydiplomacy._terms` without iterating over periods, so a term
        renewing daily for a thousand years costs no more than any other.
        """
        term = _obj(self.document, "term")
        if term is None:
            return None, None, ""
        start = _bounds(term.get("start"))
        end = _bounds(term.get("end"))
        duration = _duration(term.get("duration"))
        renewal = _obj(term, "renewal") or {}
        mode = renewal.get("mode")
        granted = sum(
            1
            for _i, link in _dicts(self.document, "related_instruments")
            if link.get("relation") == "renewed_by"
        )
        if mode is None and granted:
            mode = "explicit"
        cap = renewal.get("max_renewals")
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            cap = None
        renewals: int | None = 0
        if mode == "tacit":
            renewals = cap
        elif mode == "explicit":
            renewals = granted if cap is None else min(granted, cap)
        step = _duration(renewal.get("period")) or duration
        last: _dt.date | None = None
        how = ""
        if renewals is None or (renewals and step is None):
            how = "renewals without a stated limit"
        elif end is not None:
            extra = _times(step, renewals) if step is not None and renewals else (0, 0, 0, 0)
            # An end that may be the calendar's last day (an open end) has no last day.
            shifted = _shift(end[1] + _ONE_DAY, extra) if end[1] < _dt.date.max else None
            last, how = (shifted - _ONE_DAY if shifted else None), "term.end"
        elif start is not None and duration is not None:
            extra = _times(step, renewals) if step is not None and renewals else (0, 0, 0, 0)
            shifted = _shift(start[1], _plus(duration, extra))
            last, how = (shifted - _ONE_DAY if shifted else None), "term.start and term.duration"
        if last is not None and renewals:
            how += f" and {renewals} renewal{'s' if renewals > 1 else ''}"
        termination = _obj(term, "termination") or {}
        for key, where in (
            (termination.get("date"), "term.termination.date"),
            (term.get("terminated_on"), "term.terminated_on"),
        ):
            terminated = _bounds(key)
            if terminated is not None:
                cut = terminated[1] - _ONE_DAY if terminated[1] > _dt.date.min else terminated[1]
                if last is None or cut < last:
                    last, how = cut, f"the day before {where}"
                break
        return (start[0] if start is not None else None), last, how

    def _term(self) -> None:
        term = _obj(self.document, "term")
        if term is None:
            return
        renewal = _obj(term, "renewal")
        if renewal is not None and renewal.get("mode") == "none":
            extra = [k for k in ("period", "max_renewals") if k in renewal]
            if extra:
                self.add(
                    "term.renewal-inconsistent",
                    ("term", "renewal", "mode"),
                    f"the mode is 'none' but {' and '.join(extra)} "
                    f"{'is' if len(extra) == 1 else 'are'} given; set the mode the text "
                    "states ('tacit' or 'explicit') or remove "
                    f"{' and '.join(extra)}",
                )
        self._duration_matches(term)
        if term.get("indefinite") is True:
            given = [k for k in ("end", "duration") if k in term]
            if given:
                self.add(
                    "term.indefinite-with-end",
                    ("term", "indefinite"),
                    f"the term is stated to be indefinite (no fixed end) but gives "
                    f"{' and '.join(given)}; remove `indefinite` if the instrument has a "
                    f"fixed end, else remove {' and '.join(given)} (record an actual end "
                    "in `termination`)",
                )
        lo, last, how = self._term_bounds()
        self.term_bounds = (lo, last, how)
        if lo is None and last is None:
            return
        governance = _obj(self.document, "governance")
        for i, meeting in _dicts(governance, "meetings"):
            start_time = _local_datetime(meeting.get("start"))
            if start_time is not None:
                day = start_time.date()
                first, final, shown, key = day, day, day.isoformat(), "start"
            else:
                bounds = _bounds(meeting.get("date"))
                if bounds is None:
                    continue
                first, final, shown, key = bounds[0], bounds[1], bounds[2], "date"
            path = ("governance", "meetings", i, key)
            if lo is not None and final < lo:
                self.add(
                    "term.meeting-outside",
                    path,
                    f"the meeting ({shown}) is before the term starts "
                    f"({lo.isoformat()}); check the date (a preparatory meeting may be meant)",
                )
            elif last is not None and first > last:
                self.add(
                    "term.meeting-outside",
                    path,
                    f"the meeting ({shown}) is after the last day of the term "
                    f"({last.isoformat()}, from {how}); check the date, or record the "
                    "renewal in `term.renewal`",
                )

    def _duration_matches(self, term: Mapping[str, Any]) -> None:
        start = _bounds(term.get("start"))
        end = _bounds(term.get("end"))
        duration = _duration(term.get("duration"))
        if start is None or end is None or duration is None:
            return
        low = _shift(start[0], duration)
        high = _shift(start[1], duration)
        if low is None or high is None:
            return
        low -= _ONE_DAY
        if end[1] < low or end[0] > high:
            self.add(
                "term.duration-mismatch",
                ("term", "end"),
                f"the term ends {end[2]} but starts {start[2]} for {term.get('duration')}, so its "
                f"last day is {low.isoformat()}"
                + (f" to {high.isoformat()}" if high != low else "")
                + "; correct one of the three, or leave out `duration`",
            )

    # -- money

    def _actions(self) -> None:
        """Per action: periods in order, inside the term, and budget shares up to 100 %."""
        actions = self.document.get("actions")
        if not isinstance(actions, list):
            return
        in_term = self.term_bounds[:2] != (None, None)
        own_id = _str(self.document.get("id"))
        for i, action in enumerate(actions):
            if not isinstance(action, dict):
                continue
            period = action.get("period")
            if isinstance(period, dict):
                start, end = self._period(period, i)
                if in_term and (start is not None or end is not None):
                    instrument = action.get("instrument")
                    if not isinstance(instrument, str) or instrument == own_id:
                        self._action_outside(start, end, i)
            lines = action.get("budget")
            if isinstance(lines, list) and lines:
                self._budget(lines, i)

    def _action_outside(self, start: _Bounds | None, end: _Bounds | None, i: int) -> None:
        lo, last, how = self.term_bounds
        first = start or end
        final = end or start
        assert first is not None
        assert final is not None
        if lo is not None and first[1] < lo:
            self.add(
                "term.action-outside",
                ("actions", i, "period", "start" if start else "end"),
                f"the action {'starts' if start else 'ends'} ({first[2]}) before the term "
                f"starts ({lo.isoformat()}); check the dates, or set the action's "
                "`instrument` if it belongs to another instrument of the chain",
            )
        if last is not None and final[0] > last:
            self.add(
                "term.action-outside",
                ("actions", i, "period", "end" if end else "start"),
                f"the action {'ends' if end else 'starts'} ({final[2]}) after the last day "
                f"of the term ({last.isoformat()}, from {how}); check the dates, record "
                "the renewal in `term.renewal`, or set the action's `instrument`",
            )

    def _budget(self, lines: list[Any], i: int) -> None:
        groups: dict[str, list[Decimal | int]] | None = {}
        for j, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            period = line.get("period")
            if isinstance(period, dict):
                self._period(period, i, j)
            if groups is None or len(lines) < 2:
                continue  # one line's share above 100 is the schema's to report
            share = _share(line.get("share"))
            if share is None:
                continue
            if not 0 <= share <= 100:
                groups = None  # the schema reports the share; a sum would mislead
                continue
            key = f"{period.get('start')}/{period.get('end')}" if isinstance(period, dict) else ""
            groups.setdefault(key, []).append(share)
        for key, shares in (groups or {}).items():
            if len(shares) < 2:
                continue
            total = sum(shares, Decimal(0))
            if total > 100:
                which = f" for the period {key}" if key else ""
                self.add(
                    "budget.shares-over-100",
                    ("actions", i, "budget"),
                    f"the shares of this action's budget lines{which} add up to {total}% "
                    f"({' + '.join(str(s) for s in shares)}); each share is the percentage "
                    "of the action's total budget a line covers, so together they cannot "
                    "exceed 100: correct them",
                )

    # -- meetings

    def _meetings(self) -> None:
        governance = _obj(self.document, "governance")
        meetings = _dicts(governance, "meetings")
        if not meetings:
            return
        zones = _zones()
        for i, meeting in meetings:
            zone = _str(meeting.get("time_zone"))
            zone = zone if zone in zones and _accepts("TimeZone", zone) else None
            start = _local_datetime(meeting.get("start"))
            end = _local_datetime(meeting.get("end"))
            if start is not None:
                self._meeting_day(meeting, start, i)
            if zone is not None:
                for key, wall in (("start", start), ("end", end)):
                    if wall is not None:
                        self._wall_time(wall, zone, ("governance", "meetings", i, key))
            if start is not None and end is not None and self._certainly_before(end, start, zone):
                self.add(
                    "meeting.end-before-start",
                    ("governance", "meetings", i, "end"),
                    f"the meeting ends ({meeting.get('end')}) before it starts "
                    f"({meeting.get('start')}); correct `start` or `end` (both are wall times "
                    f"in {zone or 'the meeting time zone'})",
                )

    def _meeting_day(self, meeting: Mapping[str, Any], start: _dt.datetime, i: int) -> None:
        """``meeting.date-mismatch``: the start's day is certainly not a day of ``date``."""
        date = _partial_date(meeting.get("date"))
        day = start.date()
        if date is not None and not date.may_contain(day):
            self.add(
                "meeting.date-mismatch",
                ("governance", "meetings", i, "date"),
                f"the meeting starts on {day.isoformat()} ({meeting.get('start')}), which is "
                f"not a day of its date {meeting.get('date')}; correct `start` or `date` "
                "(`date` holds the day or days of the meeting, e.g. 2023-08-30/2023-09-03)",
            )

    @staticmethod
    def _certainly_before(a: _dt.datetime, b: _dt.datetime, zone: str | None) -> bool:
        """Whether every instant wall time ``a`` may be comes before every one of ``b``."""
        if a >= b:
            # Within one reading (fold) wall time only moves forward, so a wall time at
            # or after another is never certainly before it.
            return False
        if zone is None or abs(a - b) > _CLOCK_CHANGE_BOUND:
            return a < b
        to_instant = _tz().to_instant
        latest_a = max(to_instant(a, zone, fold=0), to_instant(a, zone, fold=1))
        earliest_b = min(to_instant(b, zone, fold=0), to_instant(b, zone, fold=1))
        return bool(latest_a < earliest_b)

    def _wall_time(self, wall: _dt.datetime, zone: str, path: DocumentPath) -> None:
        tzmod = _tz()
        kind = tzmod.classify_wall_time(wall, zone)
        if kind is tzmod.WallTime.NORMAL:
            return
        tz = f"{zone} (tz {tzmod.tz_database_version()})"
        before = _offset(wall.replace(fold=0), zone)
        after = _offset(wall.replace(fold=1), zone)
        if kind is tzmod.WallTime.NONEXISTENT:
            shown = tzmod.in_zone(tzmod.to_instant(wall, zone), zone)
            self.add(
                "meeting.nonexistent-time",
                path,
                f"{wall.isoformat(timespec='minutes')} does not exist in {tz}: the clocks skip "
                f"it when they change from {before} to {after}; the clocks show "
                f"{shown.strftime('%H:%M')} at that instant: pick a time outside the gap",
            )
        else:
            self.add(
                "meeting.ambiguous-time",
                path,
                f"{wall.isoformat(timespec='minutes')} happens twice in {tz}: first at {before}, "
                f"then at {after} when the clocks go back; readers take the first, so pick "
                "another time if the second is meant",
            )

    # -- Sustainable Development Goals

    def _sdgs(self) -> None:
        for i, axis in _dicts(self.document, "axes"):
            targets = axis.get("sdg_targets")
            if not isinstance(targets, list):
                continue
            goals_value = axis.get("sdg_goals", [])
            if not isinstance(goals_value, list):
                continue
            goals = {g for g in goals_value if isinstance(g, int) and not isinstance(g, bool)}
            for j, target in enumerate(targets):
                if not isinstance(target, str) or "." not in target:
                    continue
                head = target.split(".", 1)[0]
                if not head.isascii() or not head.isdigit():
                    continue
                if int(head) not in goals:
                    self.add(
                        "sdg.target-goal-mismatch",
                        ("axes", i, "sdg_targets", j),
                        f"target {target} belongs to goal {int(head)}, which is not in this "
                        f"axis's sdg_goals; add {int(head)} to `sdg_goals`",
                    )


def _offset(aware_candidate: _dt.datetime, zone_name: str) -> str:
    offset = aware_candidate.replace(tzinfo=_tz().zone(zone_name)).utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{mins:02d}" if mins else "")


def warm_up() -> None:
    """Read the schema layout, the codelists, the zone names, the ISO code lists and the
    language subtag registry, and build the walkers.

    The command line calls this before it forks worker processes, so that they
    inherit the caches instead of each building them again.
    """
    _walkers()
    for compile_all in _COMPILE_ALL:
        compile_all()
    _zones()
    for mode, (standard, _definition, _what) in _ISO.items():
        _KNOWN_CODES[mode].update(_iso_codes(standard))
    _subtag_registry()


def rule_findings(document: Mapping[str, Any]) -> list[Finding]:
    """Findings of the semantic rules for a parsed document (which may break the schema).

    The document is plain JSON values (``dict``, ``list``, ``str``, numbers, ``bool``,
    ``None``), as the reading layer gives; other mappings are not JSON and are
    skipped like any other value of the wrong type. Never raises on bad content: what
    does not have the expected shape is skipped (the schema reports it).
    """
    if not isinstance(document, dict):
        return []
    if not _WALKERS:
        _walkers()
    return _Checker(document).run()


# ------------------------------------------------------------------ plans and caches

#: How the walk checks a property (see :func:`_steps`).
(
    _NONE,
    _WALK,
    _TEXT,
    _DATE,
    _ID,
    _REF,
    _NUMBER,
    _CODE,
    _DATETIME,
    _LANGUAGE,
    _PLAIN,
    _ZONE,
    _COUNTRY,
    _SUBDIVISION,
    _CURRENCY,
) = range(15)

#: The modes checked against an ISO list: (standard, schema definition, what it is).
_ISO: dict[int, tuple[str, str, str]] = {
    _COUNTRY: ("3166-1", "CountryCode", "an ISO 3166-1 alpha-2 country code"),
    _SUBDIVISION: ("3166-2", "SubdivisionCode", "an ISO 3166-2 subdivision code"),
    _CURRENCY: ("4217", "CurrencyCode", "a current ISO 4217 currency code"),
}
#: The codes of each ISO mode, filled on first use (the walkers hold these very sets,
#: so a known code costs one ``in``; see the cost note above :data:`_ISO_FILES`).
_KNOWN_CODES: dict[int, set[str]] = {mode: set() for mode in _ISO}

_SUBTAG_NAMES = {
    "language": "language",
    "extlang": "extended language",
    "script": "script",
    "region": "region",
    "variant": "variant",
}

#: How each leaf value type (schema $defs name or JSON type) is checked.
_LEAF_MODES: dict[str, int] = {
    "MultilingualText": _TEXT,
    "Date": _DATE,
    "PartialDate": _DATE,
    "LocalDateTime": _DATETIME,
    "CountryCode": _COUNTRY,
    "SubdivisionCode": _SUBDIVISION,
    "CurrencyCode": _CURRENCY,
    "LanguageTag": _LANGUAGE,
    "TimeZone": _ZONE,
    "Amount": _NUMBER,
    "Percentage": _NUMBER,
    "number": _NUMBER,
    "string": _PLAIN,
    "Id": _ID,
    "IdRef": _REF,
}

_Step = tuple[bool, int, int, Any]
_Walker = Callable[["_Checker", Mapping[str, Any], DocumentPath], None]

#: The walker of each object kind (see :func:`_walkers`), once built.
_WALKERS: dict[str, _Walker] = {}


@functools.lru_cache(maxsize=1)
def _steps() -> dict[str, dict[str, _Step]]:
    """The walk's plan, built once from the schema: one dict lookup per property.

    Properties no rule looks at are left out, except lists (an empty list is
    reported whatever it holds). The argument is the object kind to walk into, the
    (target kind, rule) of a reference, or the (name, codes) of an open codelist.
    """
    layout = _layout()

    def how(owner: str, key: str, kind: str) -> tuple[int, Any]:
        if kind in layout.objects:
            return _WALK, kind
        mode = _LEAF_MODES.get(kind)
        if mode == _REF:
            if (owner, key) in UNRESOLVED_REFERENCES:
                return _REF, ("", "ref.self-link")
            target = "Document" if key == "sources" else REFERENCES.get((owner, key))
            if target is None:
                return _NONE, None
            rule = "signatory.unknown-party" if owner == "Signatory" else "ref.unresolved"
            return _REF, (target, rule)
        if mode is not None:
            return mode, None
        codelist = layout.open_codelists.get(kind)
        if codelist is not None:
            try:
                return _CODE, (codelist, _code_set(codelist))
            except OSError:
                return _NONE, None
        return _NONE, None

    plans: dict[str, dict[str, _Step]] = {}
    for owner, fields in layout.objects.items():
        steps = {}
        for key, field in fields.items():
            mode, arg = how(owner, key, field.kind)
            if mode != _NONE or field.many:
                steps[key] = (field.many, field.min_items, mode, arg)
        plans[owner] = steps
    return plans


def _walkers() -> dict[str, _Walker]:
    """One walker function per object kind, generated from the plan and compiled once.

    A walker reads each property the plan names (``node.get``), checks its value with
    code specialised for its type, and calls the walker of each nested object. The
    common checks are inline, so a value that is fine costs a few bytecodes: no
    dispatch, no path built (the rest goes to :meth:`_Checker._leaf`). The generated
    source is kept in ``_walkers.source`` for reading and debugging.
    """
    constants: dict[str, Any] = {
        "_DATE_PROBLEMS": _DATE_PROBLEMS,
        "_UNSEEN": _UNSEEN,
        "_EXACT_INT": _EXACT_INT,
        "_uses": _uses,
    }
    names = {kind: f"walk_{index}" for index, kind in enumerate(_steps())}

    def constant(value: object) -> str:
        name = f"c_{len(constants)}"
        constants[name] = value
        return name

    def check(  # noqa: PLR0917 - one line of generated code per argument
        mode: int, arg: Any, owner: str, value: str, parent: str, last: str
    ) -> list[str]:
        """Lines that check ``value``, whose path is ``(*parent, last)``."""
        if mode == _WALK:
            return [f"if isinstance({value}, dict): {names[arg]}(c, {value}, (*{parent}, {last}))"]
        if mode == _REF:
            record = f"({arg[0]!r}, {arg[1]!r}, {parent}, {last}, {value})"
            return [f"if isinstance({value}, str): c.refs.append({record})"]
        if mode == _TEXT:
            return [f"if isinstance({value}, dict): c._text({owner!r}, {value}, {parent}, {last})"]
        if mode == _ID:
            return [
                f"if isinstance({value}, str): c.ids.append(({owner!r}, {parent}, {last}, {value}))"
            ]
        if mode == _CODE:
            codes = constant(arg[1])
            return [
                f"if isinstance({value}, str) and {value} and {value} not in {codes}:",
                f"    c._unknown_code({arg[0]!r}, {value}, (*{parent}, {last}))",
            ]
        leaf = f"c._leaf({mode}, {constant(arg)}, {owner!r}, {value}, {parent}, {last})"
        if mode in _ISO:
            codes = constant(_KNOWN_CODES[mode])
            return [f"if isinstance({value}, str) and {value} not in {codes}: {leaf}"]
        if mode == _DATE:
            return [
                f"if isinstance({value}, str) and "
                f"_DATE_PROBLEMS.get({value}, _UNSEEN) is not None: {leaf}"
            ]
        if mode == _NUMBER:
            return [
                f"if not ({value}.__class__ is int and -_EXACT_INT < {value} < _EXACT_INT): {leaf}"
            ]
        return [leaf]

    functions: dict[str, list[str]] = {}
    since_1_0 = _since_1_0()
    for owner, steps in _steps().items():
        source = functions[owner] = []
        source.append(f"def {names[owner]}(c, node, path):  # {owner}")
        source.append("    get = node.get")
        since = since_1_0.get(owner)
        if since is not None:
            # In a file that says 1.0, a member or code 1.1 added (one test per object).
            tests = [f"not {constant(since.members)}.isdisjoint(node)"] if since.members else []
            tests += [f"_uses(get({k!r}), {constant(v)})" for k, v in since.codes.items()]
            if since.relaxed:
                tests.append(f"not {constant(since.relaxed)} <= node.keys()")
            source.append(
                f"    if c.v10 and ({' or '.join(tests)}): c._since({owner!r}, node, path)"
            )
        for key, (many, min_items, mode, arg) in steps.items():
            empty = f"c._empty_list((*path, {key!r}))" if min_items == 0 else None
            if not many:
                source += [f"    v = get({key!r})", "    if v is not None:"]
                source += [
                    f"        {line}" for line in check(mode, arg, owner, "v", "path", repr(key))
                ]
            elif mode == _NONE:
                if empty is not None:
                    source += [f"    v = get({key!r})", f"    if v == []: {empty}"]
            else:
                source += [f"    v = get({key!r})", "    if isinstance(v, list):", "        if v:"]
                source += [
                    f"            here = (*path, {key!r})",
                    "            for i, x in enumerate(v):",
                ]
                source += [
                    f"                {line}" for line in check(mode, arg, owner, "x", "here", "i")
                ]
                if empty is not None:
                    source.append(f"        else: {empty}")
        source.append("")
    text = "\n".join(line for source in functions.values() for line in source)
    namespace = dict(constants)

    # Each walker is compiled on its first call: compiling them all takes 10 to 20 ms
    # (the 1.1 schema has 60 object kinds) and a document seldom holds every kind.
    # warm_up compiles them all at once, before the command forks its workers.
    def compiled(owner: str) -> _Walker:
        where = f"<citydiplomacy rule walker {owner}>"
        exec(compile("\n".join(functions[owner]), where, "exec"), namespace)
        walker: _Walker = namespace[names[owner]]
        _WALKERS[owner] = walker
        return walker

    def stub(owner: str) -> _Walker:
        def first_call(c: _Checker, node: Mapping[str, Any], path: DocumentPath) -> None:
            compiled(owner)(c, node, path)

        return first_call

    def compile_all() -> None:
        exec(compile(text, "<citydiplomacy rule walkers>", "exec"), namespace)
        _WALKERS.update({owner: namespace[name] for owner, name in names.items()})

    for owner, name in names.items():
        namespace[name] = stub(owner)
    walkers = {owner: namespace[name] for owner, name in names.items()}
    _walkers.source = text  # type: ignore[attr-defined]
    _COMPILE_ALL[:] = [compile_all]
    _WALKERS.update(walkers)
    return walkers


#: Compiles every walker of the last :func:`_walkers` at once (see there).
_COMPILE_ALL: list[Callable[[], None]] = []


#: Per-process caches of what a value gives, keyed by the value: the same dates,
#: tags and amounts recur across a document and a corpus. Each is cleared when it
#: reaches this many entries, so memory stays flat over any number of files.
_CACHE_LIMIT = 4096
_UNSEEN: Any = object()
_DATE_PROBLEMS: dict[str, str | None] = {}
_DATETIME_PROBLEMS: dict[str, str | None] = {}
_NUMBER_PROBLEMS: dict[float | int, str | None] = {}
_BOUNDS: dict[str, tuple[_dt.date, _dt.date, str] | None] = {}
_WALLS: dict[str, _dt.datetime | None] = {}
_ACCEPTS: dict[tuple[str, str], bool] = {}
_UNREGISTERED: dict[str, list[tuple[str, str]]] = {}
#: Integers below this in size have at most MAX_DECIMAL_DIGITS digits: always exact.
_EXACT_INT = 10**MAX_DECIMAL_DIGITS

#: Language tags already found well formed and accepted by the schema pattern: the
#: same few tags recur in every text, so they are checked once per process.
_GOOD_TAGS: set[str] = set()
#: The good tags written in lower case: two of them are never the same tag.
_LOWERCASE_GOOD_TAGS: set[str] = set()

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store ``value`` in a bounded cache and return it."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _cached(cache: dict[_K, _V], key: _K, compute: Callable[[_K], _V]) -> _V:
    """``compute(key)``, from a bounded cache (see :func:`_remember`)."""
    found = cache.get(key, _UNSEEN)
    return _remember(cache, key, compute(key)) if found is _UNSEEN else found


def _accepts(kind: str, value: str) -> bool:
    """Whether the schema's pattern for a value type accepts the value (else the schema
    reports it, and the rules say nothing more)."""
    key = (kind, value)
    accepted = _ACCEPTS.get(key)
    if accepted is None:
        pattern = _pattern(kind)
        accepted = _remember(_ACCEPTS, key, pattern is None or pattern.search(value) is not None)
    return accepted


def _date_leaf_problem(value: str) -> str | None:
    """Why a date the schema accepts is not a real date, or None.

    A valid date in a form format 1.1 added (anything but ``YYYY[-MM[-DD]]``) gives
    the empty string: the walkers then call the leaf check, which notes the form for
    ``version.needs-1.1`` when the file says it is 1.0 (and does nothing otherwise).
    """
    if _bounds(value) is not None:
        return None if _DATE_SHAPE.match(value) else ""
    if not _accepts("Date", value):
        return None
    return _date_problem(value) or "not a date of the format"


def _datetime_leaf_problem(value: str) -> str | None:
    """The ``date.invalid`` message for a wall time the schema accepts, or None."""
    if _local_datetime(value) is not None or not _accepts("LocalDateTime", value):
        return None
    if _DATETIME_SHAPE.match(value):
        return (
            f"{value!r} is not a real date and time (the day {value[:10]} does not "
            "exist); give a real day, as YYYY-MM-DDTHH:MM"
        )
    return None


#: The earliest and latest day a date may stand for (its possible range: qualifiers
#: widen it, open ends reach the supported range's ends), and the date as written.
_Bounds = tuple[_dt.date, _dt.date, str]
_Dated = tuple[DocumentPath, _Bounds]


def _bounds(value: object) -> _Bounds | None:
    """The days a partial date may stand for (cached), or None for no real date."""
    if not isinstance(value, str):
        return None
    found: _Bounds | None = _BOUNDS.get(value, _UNSEEN)
    if found is _UNSEEN:
        date = _partial_date_of(value)
        if date is None:
            found = _remember(_BOUNDS, value, None)
        else:
            first, last = date.possible_range()
            found = _remember(_BOUNDS, value, (first, last, value))
    return found


def _dated(path: DocumentPath, value: object) -> _Dated | None:
    """A date with its path, for order checks; None when it is no real date."""
    bounds = _bounds(value)
    return None if bounds is None else (path, bounds)


def _uses(value: object, codes: frozenset[str]) -> bool:
    """Whether a value (a code or a list of codes) is or holds one of ``codes``."""
    if isinstance(value, str):
        return value in codes
    return isinstance(value, list) and any(isinstance(v, str) and v in codes for v in value)


def _share(value: object) -> Decimal | int | None:
    """A budget share as an exact number (ints as they are), or None."""
    if value.__class__ is int:
        return value
    return _number(value)


@functools.cache
def _zones() -> frozenset[str]:
    """Every zone name of the tzdata package."""
    zones: frozenset[str] = _tz().available_zones()
    return zones
