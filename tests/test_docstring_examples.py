"""Every public name shows how it is used: a ``>>>`` example in its docstring.

The examples run as doctests (``tests/test_docs.py`` runs the doctests of every module).
``STILL_WITHOUT`` lists the names that have none yet: it may only shrink, and a name
given an example must leave it (the second test fails until it does).
"""

from __future__ import annotations

import inspect

import citydiplomacy as cd

#: Model classes (``_model.py``, changed on another branch at the same time) and a few
#: result types still to be given an example; remove a name once it has one.
STILL_WITHOUT = frozenset(
    {
        "Action", "Attendee", "Axis", "Body", "BodyFollowUp", "BudgetLine", "Cadence",
        "Config", "ConfigError", "Convention", "Deadline", "DeadlineKind", "Decision",
        "Deliberation", "Document", "ExpectedMeeting", "FollowUp", "FormerName",
        "Governance", "Identifier", "Indicator", "InstrumentLink", "LateAction", "Meeting",
        "Member", "Money", "Objective", "Officeholder", "Participant", "Party",
        "PartyDecision", "Period", "Population", "Programme", "Quantity", "Renewal",
        "Signatory", "Signature", "SlotCheck", "SlotStatus", "Successor", "Suspension",
        "Term", "TermPeriod", "TermState", "TermStatus", "Termination", "UpgradeError",
        "UpgradeResult", "Votes", "follow_up", "late_actions", "load_config", "match_slots",
        # Portfolios, factsheets and the time layer's new results, merged at the same time.
        "Chain", "ChainLink", "ChainNode", "Portfolio", "PortfolioFile", "SiteError",
        "SiteResult", "SkippedMeeting", "SuspensionSpan", "build_site", "render_timeline_svg",
        "skipped_meetings",
    }
)  # fmt: skip


def _has_example(name: str) -> bool:
    return ">>>" in (inspect.getdoc(getattr(cd, name)) or "")


def test_every_public_name_has_a_docstring_example() -> None:
    names = [n for n in cd.__all__ if n != "__version__" and n not in STILL_WITHOUT]
    missing = [n for n in names if not _has_example(n)]
    assert not missing, f"add a >>> example to the docstring of: {missing}"


def test_the_list_of_names_without_an_example_only_shrinks() -> None:
    assert STILL_WITHOUT.issubset(cd.__all__)
    done = sorted(n for n in STILL_WITHOUT if _has_example(n))
    assert not done, f"remove from STILL_WITHOUT, they have an example now: {done}"
