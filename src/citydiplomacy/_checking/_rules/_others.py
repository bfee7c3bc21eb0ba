"""Rules whose findings come from the other stages: reading, the schema, the model,
the pipeline, the rules across files and extensions. They are documented here so that the
registry lists every id a run can report.
"""

from __future__ import annotations

from citydiplomacy._checking._rules._engine import ERROR, WARNING, RuleInfo, _r

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
