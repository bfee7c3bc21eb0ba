"""Actions and budgets: actions fall within the term, budget shares do not exceed the
whole.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from citydiplomacy._checking._rules._dates import _period
from citydiplomacy._checking._rules._engine import (
    ERROR,
    WARNING,
    RuleInfo,
    _Bounds,
    _Checker,
    _r,
    _share,
    _str,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
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
        "budget.shares-over-100",
        ERROR,
        "The `share` percentages of an action's budget lines for the same period add up "
        "to more than 100 (computed exactly, in decimal).",
        "Correct the shares: each is the percentage of the action's total budget that "
        "the line covers.",
    ),
)


def _actions(c: _Checker) -> None:
    """Per action: periods in order, inside the term, and budget shares up to 100 %."""
    actions = c.document.get("actions")
    if not isinstance(actions, list):
        return
    in_term = c.term_bounds[:2] != (None, None)
    own_id = _str(c.document.get("id"))
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            continue
        period = action.get("period")
        if isinstance(period, dict):
            start, end = _period(c, period, i)
            if in_term and (start is not None or end is not None):
                instrument = action.get("instrument")
                if not isinstance(instrument, str) or instrument == own_id:
                    _action_outside(c, start, end, i)
        lines = action.get("budget")
        if isinstance(lines, list) and lines:
            _budget(c, lines, i)


def _action_outside(c: _Checker, start: _Bounds | None, end: _Bounds | None, i: int) -> None:
    lo, last, how = c.term_bounds
    first = start or end
    final = end or start
    assert first is not None
    assert final is not None
    if lo is not None and first[1] < lo:
        c.add(
            "term.action-outside",
            ("actions", i, "period", "start" if start else "end"),
            f"the action {'starts' if start else 'ends'} ({first[2]}) before the term "
            f"starts ({lo.isoformat()}); check the dates, or set the action's "
            "`instrument` if it belongs to another instrument of the chain",
        )
    if last is not None and final[0] > last:
        c.add(
            "term.action-outside",
            ("actions", i, "period", "end" if end else "start"),
            f"the action {'ends' if end else 'starts'} ({final[2]}) after the last day "
            f"of the term ({last.isoformat()}, from {how}); check the dates, record "
            "the renewal in `term.renewal`, or set the action's `instrument`",
        )


def _budget(c: _Checker, lines: list[Any], i: int) -> None:
    groups: dict[str, list[Decimal | int]] | None = {}
    for j, line in enumerate(lines):
        if not isinstance(line, dict):
            continue
        period = line.get("period")
        if isinstance(period, dict):
            _period(c, period, i, j)
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
            c.add(
                "budget.shares-over-100",
                ("actions", i, "budget"),
                f"the shares of this action's budget lines{which} add up to {total}% "
                f"({' + '.join(str(s) for s in shares)}); each share is the percentage "
                "of the action's total budget a line covers, so together they cannot "
                "exceed 100: correct them",
            )
