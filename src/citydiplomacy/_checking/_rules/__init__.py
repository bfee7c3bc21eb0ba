"""Semantic rules: what the JSON Schema cannot say about a convention (see ``_engine``)."""

from citydiplomacy._checking._rules._engine import (
    OTHER_RULES,
    PORTFOLIO_RULES,
    REFERENCES,
    RULES,
    SEMANTIC_RULES,
    UNRESOLVED_REFERENCES,
    RuleInfo,
    codelist_codes,
    is_well_formed_language_tag,
    rule_findings,
    unregistered_subtags,
    warm_up,
)

__all__ = [
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
