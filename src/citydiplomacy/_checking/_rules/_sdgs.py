"""Sustainable Development Goals: each target's goal is among the axis's goals."""

from __future__ import annotations

from citydiplomacy._checking._rules._engine import (
    WARNING,
    RuleInfo,
    _Checker,
    _dicts,
    _r,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "sdg.target-goal-mismatch",
        WARNING,
        "An axis lists a Sustainable Development Goal target (e.g. 6.1) without its goal "
        "(6) in `sdg_goals`: readers that look for the goal miss the axis.",
        "Add the target's goal to `sdg_goals`.",
    ),
)


def _sdgs(c: _Checker) -> None:
    for i, axis in _dicts(c.document, "axes"):
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
                c.add(
                    "sdg.target-goal-mismatch",
                    ("axes", i, "sdg_targets", j),
                    f"target {target} belongs to goal {int(head)}, which is not in this "
                    f"axis's sdg_goals; add {int(head)} to `sdg_goals`",
                )
