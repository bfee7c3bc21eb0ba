"""An example for each rule id: a short failing YAML snippet and the same snippet fixed.

The documentation's rule reference shows them under each rule's anchor, and SARIF
output carries them in each rule's help. Where ``tests/example-files/negative/``
has a file for a rule, the snippet is taken from it (a test checks that the failing
snippet holds what that file's finding points at); the other snippets are written
for the rule. ``DOCS_URL`` is where the rule reference is published.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DOCS_URL", "EXAMPLES", "rule_url"]

#: The published rule reference; each rule id is an anchor on it.
DOCS_URL: Final = "https://citydiplomacy.github.io/reference/rules/"


def rule_url(rule_id: str) -> str:
    """The address of a rule's documentation, e.g. ``...reference/rules/#date.order``."""
    return f"{DOCS_URL}#{rule_id}"


#: Rule id -> (failing snippet, fixed snippet), YAML unless the rule is about JSON.
EXAMPLES: Final[dict[str, tuple[str, str]]] = {
    "extension.incompatible": (
        '# with an extension whose compatibility is ["1.0"]\nschema_version: "1.1"\n'
        'actions:\n  - id: water\n    extensions:\n      crs:purpose_codes: ["14031"]',
        '# with a version of the extension made for 1.1\nschema_version: "1.1"\n'
        'actions:\n  - id: water\n    extensions:\n      crs:purpose_codes: ["14031"]',
    ),
    "extension.invalid-value": (
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_codes: "14031"',
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_codes: ["14031"]',
    ),
    "extension.unknown-code": (
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_codes: ["14000"]',
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_codes: ["14031"]',
    ),
    "extension.unknown-key": (
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_code: ["14031"]',
        "# validate --extension extensions/crs\nactions:\n  - id: water\n"
        '    extensions:\n      crs:purpose_codes: ["14031"]',
    ),
    "portfolio.action-outside-framework": (
        '# framework.yaml\nid: villebelle-tilelli-2025\nterm:\n  start: "2025-03-01"\n'
        '  end: "2028-02-29"\n# yearly.yaml\nid: villebelle-tilelli-2029\n'
        "related_instruments:\n  - {relation: implements, instrument: villebelle-tilelli-2025}\n"
        'actions:\n  - id: schools\n    period: {start: "2029-01"}',
        "# yearly.yaml\nid: villebelle-tilelli-2027\nrelated_instruments:\n"
        "  - {relation: implements, instrument: villebelle-tilelli-2025}\n"
        'actions:\n  - id: schools\n    period: {start: "2027-01"}',
    ),
    "portfolio.chain-order": (
        '# framework.yaml\nid: villebelle-tilelli-2025\nsignature: {date: "2025-03-01"}\n'
        "# amendment.yaml\nid: villebelle-tilelli-2025-amendment-1\n"
        "related_instruments:\n  - {relation: amends, instrument: villebelle-tilelli-2025}\n"
        'signature: {date: "2024-06-15"}',
        "# amendment.yaml\nid: villebelle-tilelli-2025-amendment-1\n"
        "related_instruments:\n  - {relation: amends, instrument: villebelle-tilelli-2025}\n"
        'signature: {date: "2026-06-15"}',
    ),
    "portfolio.duplicate-id": (
        "# villebelle-tilelli.yaml\nid: villebelle-tilelli-2025\n"
        "# villebelle-tilelli-amendment.yaml\nid: villebelle-tilelli-2025",
        "# villebelle-tilelli.yaml\nid: villebelle-tilelli-2025\n"
        "# villebelle-tilelli-amendment.yaml\nid: villebelle-tilelli-2025-amendment-1",
    ),
    "portfolio.inverse-mismatch": (
        "# framework.yaml\nid: villebelle-tilelli-2025\nrelated_instruments:\n"
        "  - {relation: renewed_by, instrument: villebelle-tilelli-2025-amendment-1}\n"
        "# amendment.yaml\nid: villebelle-tilelli-2025-amendment-1\nrelated_instruments:\n"
        "  - {relation: amends, instrument: villebelle-tilelli-2025}",
        "# framework.yaml\nid: villebelle-tilelli-2025\nrelated_instruments:\n"
        "  - {relation: amended_by, instrument: villebelle-tilelli-2025-amendment-1}",
    ),
    "portfolio.party-mismatch": (
        "# one.yaml\nparties:\n  - id: villebelle\n    country: FR\n"
        '    identifiers: [{scheme: insee_cog, value: "38185"}]\n'
        "# other.yaml\nparties:\n  - id: villebelle\n    country: BE\n"
        '    identifiers: [{scheme: insee_cog, value: "38185"}]',
        "# other.yaml\nparties:\n  - id: villebelle\n    country: FR\n"
        '    identifiers: [{scheme: insee_cog, value: "38185"}]',
    ),
    "budget.shares-over-100": (
        "budget:\n  - funder: villebelle\n    share: 60\n  - funder: tilelli\n    share: 40.1",
        "budget:\n  - funder: villebelle\n    share: 60\n  - funder: tilelli\n    share: 40",
    ),
    "codelist.unknown-code": (
        "sectors: [water_sanitaton]",
        "sectors: [water_sanitation]",
    ),
    "content.empty": (
        'title:\n  fr: "   "',
        "title:\n  fr: Eau",
    ),
    "content.empty-list": (
        "participants: []",
        "participants: [tilelli]",
    ),
    "date.invalid": (
        'signature:\n  date: "2025-02-30"',
        'signature:\n  date: "2025-02"   # only the month is known',
    ),
    "date.order": (
        'term:\n  start: "2025-03-01"\n  end: "2024"',
        'term:\n  start: "2025-03-01"\n  end: "2028-02-29"',
    ),
    "date.retroactive-start": (
        'signature:\n  date: "2025-03-01"\nterm:\n  start: "2025-01-01"',
        'signature:\n  date: "2025-03-01"\nterm:\n  start: "2025-03-01"',
    ),
    "id.duplicate": (
        "parties:\n  - id: tilelli\naxes:\n  - id: tilelli",
        "parties:\n  - id: tilelli\naxes:\n  - id: water",
    ),
    "internal.error": (
        "# any file on which citydiplomacy itself fails",
        "# nothing to fix in the file: report the bug with the file",
    ),
    "internal.rule-error": (
        "# any file on which a semantic rule fails",
        "# nothing to fix in the file: report the bug with the file",
    ),
    "language.authoritative-not-listed": (
        "authoritative_language: fr\nlanguages: [en, ar]",
        "authoritative_language: fr\nlanguages: [fr, en, ar]",
    ),
    "language.duplicate": (
        '{"title": {"fr": "Convention-cadre", "FR": "Convention cadre exemple"}}',
        '{"title": {"fr": "Convention-cadre"}}',
    ),
    "language.malformed": (
        "title:\n  en-a: Example framework convention",
        "title:\n  en: Example framework convention",
    ),
    "language.missing-authoritative": (
        "authoritative_language: fr\naxes:\n  - id: water\n    title:\n      en: Water",
        "authoritative_language: fr\naxes:\n  - id: water\n    title:\n      fr: Eau\n"
        "      en: Water",
    ),
    "meeting.ambiguous-time": (
        'start: "2026-02-15T02:30"\ntime_zone: Africa/Casablanca',
        'start: "2026-02-15T10:00"\ntime_zone: Africa/Casablanca',
    ),
    "meeting.end-before-start": (
        'start: "2025-04-15T10:00"\nend: "2025-04-15T09:30"',
        'start: "2025-04-15T10:00"\nend: "2025-04-15T16:00"',
    ),
    "meeting.nonexistent-time": (
        'start: "2026-03-22T02:30"\ntime_zone: Africa/Casablanca',
        'start: "2026-03-22T03:30"\ntime_zone: Africa/Casablanca',
    ),
    "model.invalid-value": (
        "# a value that passed validation but not the typed model (reported by load)",
        "# report it with the file: validation should have caught it",
    ),
    "number.too-precise": (
        "amount: 24000.123456",
        "amount: 24000.12",
    ),
    "party.too-few-local-governments": (
        "parties:\n  - id: villebelle\n    kind: local_government\n  - id: ong\n"
        "    kind: association",
        "parties:\n  - id: villebelle\n    kind: local_government\n  - id: tilelli\n"
        "    kind: local_government",
    ),
    "read.alias-expansion": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b]   # ... and so on",
        "# write the repeated parts out, once each",
    ),
    "read.duplicate-key": (
        "country: FR\ncountry: MA",
        "country: FR",
    ),
    "read.empty": (
        "# only a comment",
        'schema_version: "1.0"\nid: my-convention\n# ... (start from: citydiplomacy new)',
    ),
    "read.encoding": (
        "# the file saved as UTF-16 or Latin-1",
        "# the same file saved as UTF-8",
    ),
    "read.key-type": (
        "extensions:\n  2025: budget",
        'extensions:\n  "mycity:2025": budget',
    ),
    "read.multiple-documents": (
        "id: first\n---\nid: second",
        "id: first",
    ),
    "read.non-finite": (
        '{"amount": NaN}',
        "{}",
    ),
    "read.not-an-object": (
        "- Villebelle\n- Tilelli",
        'schema_version: "1.0"\nparties:\n  - id: villebelle\n  - id: tilelli',
    ),
    "read.number-range": (
        "amount: 1e400",
        "amount: 1000000",
    ),
    "read.recursive-alias": (
        "a: &a\n  b: *a",
        "a:\n  b: {}",
    ),
    "read.syntax": (
        "parties:\n  - id: villebelle\n\tcountry: FR",
        "parties:\n  - id: villebelle\n    country: FR",
    ),
    "read.too-deep": (
        "extensions:\n  mycity:data: [[[[[[[[[[[[[[[[[[[[...]]]]]]]]]]]]]]]]]]]]",
        'extensions:\n  mycity:data: ["..."]',
    ),
    "read.too-large": (
        "# a file of 12 MiB",
        "# split it, or: citydiplomacy validate --max-bytes 20M FILE",
    ),
    "read.yaml-tag": (
        "amount: !!python/object:decimal.Decimal 24000",
        "amount: 24000",
    ),
    "ref.self-link": (
        "id: example-convention\nrelated_instruments:\n  - instrument: example-convention",
        "id: example-convention\nrelated_instruments:\n  - instrument: example-declaration-2024",
    ),
    "ref.unresolved": (
        "axes:\n  - id: water\nactions:\n  - id: water-study\n    axes: [waters]",
        "axes:\n  - id: water\nactions:\n  - id: water-study\n    axes: [water]",
    ),
    "schema.additionalProperties": (
        "meetings:\n  - id: copil-2025-04\n    hostt: villebelle",
        "meetings:\n  - id: copil-2025-04\n    host: villebelle",
    ),
    "schema.const": (
        "# a value other than the one the format allows there",
        "# the value the message names",
    ),
    "schema.dependentRequired": (
        'meetings:\n  - id: copil-2025-04\n    start: "2025-04-15T10:00"',
        'meetings:\n  - id: copil-2025-04\n    start: "2025-04-15T10:00"\n'
        "    time_zone: Europe/Paris",
    ),
    "schema.enum": (
        "kind: framework_agreement",
        "kind: framework_convention",
    ),
    "schema.format": (
        "url: example.org/convention.pdf",
        "url: https://example.org/convention.pdf",
    ),
    "schema.maxItems": (
        "# a list with more items than the format allows",
        "# the list with at most that many items",
    ),
    "schema.maxLength": (
        "# a text longer than the format allows",
        "# the text shortened",
    ),
    "schema.maximum": (
        "share: 160",
        "share: 60",
    ),
    "schema.minItems": (
        "authentic_languages: [fr]",
        "authentic_languages: [fr, ar]   # equally authentic versions: at least two",
    ),
    "schema.minLength": (
        'name: ""',
        "name: Camille Exemple",
    ),
    "schema.minProperties": (
        "title: {}",
        "title:\n  fr: Eau",
    ),
    "schema.minimum": (
        "amount: -65000",
        "amount: 65000",
    ),
    "schema.pattern": (
        "country: Morocco",
        "country: MA",
    ),
    "schema.propertyNames": (
        "name:\n  French: Comité de pilotage",
        "name:\n  fr: Comité de pilotage",
    ),
    "schema.required": (
        "parties:\n  - id: villebelle\n    kind: local_government",
        "parties:\n  - id: villebelle\n    kind: local_government\n    name:\n      fr: Villebelle",
    ),
    "schema.type": (
        "sdg_goals: 6",
        "sdg_goals: [6]",
    ),
    "schema.uniqueItems": (
        "participants: [tilelli, tilelli]",
        "participants: [tilelli]",
    ),
    "schema.unsupported-value": (
        "amount: 123456789012345678901234567890",
        "amount: 1234567890",
    ),
    "sdg.target-goal-mismatch": (
        'sdg_goals: [6]\nsdg_targets: ["6.1", "11.3"]',
        'sdg_goals: [6, 11]\nsdg_targets: ["6.1", "11.3"]',
    ),
    "signatory.unknown-party": (
        "signatories:\n  - party: tiznit",
        "signatories:\n  - party: tilelli",
    ),
    "subdivision.country-mismatch": (
        "country: MA\nsubdivisions: [MA-09, FR-38]",
        "country: MA\nsubdivisions: [MA-09]",
    ),
    "term.action-outside": (
        'term:\n  end: "2028-02-29"\nactions:\n  - period:\n      end: "2029"',
        'term:\n  end: "2028-02-29"\nactions:\n  - period:\n      end: "2027"',
    ),
    "term.duration-mismatch": (
        'term:\n  start: "2025-03-01"\n  end: "2028-02-29"\n  duration: P2Y',
        'term:\n  start: "2025-03-01"\n  end: "2028-02-29"\n  duration: P3Y',
    ),
    "term.meeting-outside": (
        'term:\n  start: "2025-03-01"\nmeetings:\n  - start: "2024-11-15T10:00"',
        'term:\n  start: "2025-03-01"\nmeetings:\n  - start: "2025-11-15T10:00"',
    ),
    "term.renewal-inconsistent": (
        "renewal:\n  mode: none\n  period: P1Y",
        "renewal:\n  mode: tacit\n  period: P1Y",
    ),
    "timezone.unknown": (
        "time_zone: Europe/Grenoble",
        "time_zone: Europe/Paris",
    ),
    "code.unknown-country": (
        "parties:\n  - id: bristol\n    country: UK",
        "parties:\n  - id: bristol\n    country: GB",
    ),
    "code.unknown-currency": (
        "budget:\n  - funder: tilelli\n    amount: 50000\n    currency: DHS",
        "budget:\n  - funder: tilelli\n    amount: 50000\n    currency: MAD",
    ),
    "code.unknown-subdivision": (
        "subdivisions: [FR-99]",
        "subdivisions: [FR-38]",
    ),
    "language.unknown-subtag": (
        "languages: [fr, ar, fra]",
        "languages: [fr, ar]",
    ),
    "meeting.date-mismatch": (
        'meetings:\n  - id: copil-2025\n    start: "2025-04-15T10:00"\n'
        '    time_zone: Europe/Paris\n    date: "2025-05-20/2025-05-22"',
        'meetings:\n  - id: copil-2025\n    start: "2025-05-20T10:00"\n'
        '    time_zone: Europe/Paris\n    date: "2025-05-20/2025-05-22"',
    ),
    "schema.anyOf": (
        "meetings:\n  - id: copil-2025-04\n    title:\n      fr: Comité de pilotage",
        'meetings:\n  - id: copil-2025-04\n    date: "2025-04"   # known to the month\n'
        "    title:\n      fr: Comité de pilotage",
    ),
    "schema.not": (
        'schema_version: "1.1"\nauthoritative_language: fr\nauthentic_languages: [fr, ar]',
        'schema_version: "1.1"\nauthentic_languages: [fr, ar]   # both versions equally authentic',
    ),
    "date.out-of-range": (
        'term:\n  start: "2025-03-01"\n  duration: P99999999999999999999Y',
        'term:\n  start: "2025-03-01"\n  duration: P3Y',
    ),
    "term.indefinite-with-end": (
        'term:\n  start: "2024-09-12"\n  end: "2027-09-11"\n  indefinite: true',
        'term:\n  start: "2024-09-12"\n  indefinite: true   # "durata indeterminata"',
    ),
    "term.termination-mismatch": (
        'term:\n  terminated_on: "2026-06-30"\n  termination:\n    date: "2027-01-15"',
        'term:\n  termination:\n    date: "2027-01-15"',
    ),
    "version.needs-1.1": (
        'schema_version: "1.0"\ndesignation:\n  fr: Convention-cadre de coopération',
        'schema_version: "1.1"\ndesignation:\n  fr: Convention-cadre de coopération',
    ),
}
