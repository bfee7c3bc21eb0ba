"""What changed between two versions of a convention: a structural diff by path.

Both versions are compared as their canonical documents (what :func:`dumps` writes),
so a change is reported in the file's own key names, at a path such as
``$.actions[2].budget[0].amount``. Lists of objects that carry an ``id`` (parties,
axes, actions, bodies, meetings...) are matched by ``id``: reordering them is not a
change, and a change inside one is reported at its index in the new version (at its
old index when it was removed). Other lists are compared item by item.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from citydiplomacy._domain._convert import unstructure
from citydiplomacy._domain._model import Convention

ChangeKind = Literal["added", "removed", "changed"]
_SHOWN = 70


@attrs.frozen
class Change:
    """One difference between two versions: where, what kind, and the values.

    ``old`` is ``None`` for an addition and ``new`` for a removal; values are plain
    JSON values (dicts, lists, strings, numbers, booleans) as in the file.
    ``str(change)`` is one line for a reviewer.

    >>> str(Change("$.term.duration", "changed", "P3Y", "P5Y"))
    '~ $.term.duration: "P3Y" -> "P5Y"'
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.kind == "added":
            return f"+ {self.path}: {_show(self.new)}"
        if self.kind == "removed":
            return f"- {self.path}: {_show(self.old)}"
        return f"~ {self.path}: {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _document(value: Convention | Mapping[str, Any], name: str) -> Any:
    if isinstance(value, Convention):
        return unstructure(value)
    if isinstance(value, Mapping):
        return value
    raise TypeError(f"{name} must be a Convention or a document (a mapping)")


def diff(
    old: Convention | Mapping[str, Any], new: Convention | Mapping[str, Any]
) -> tuple[Change, ...]:
    """The changes from ``old`` to ``new`` (conventions, or parsed documents), by path.

    In document order of ``new`` (then what was removed, in the order of ``old``).
    Print them with ``"\\n".join(map(str, changes))`` to review an amendment:

    >>> import citydiplomacy as cd
    >>> before = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> import attrs
    >>> after = attrs.evolve(before, actions=before.actions[::-1])   # reordered: no change
    >>> diff(before, after)
    ()
    >>> d = cd.to_document(before)
    >>> d["actions"][0]["budget"][0]["amount"] = 30000
    >>> del d["term"]["notice_period"]
    >>> for change in diff(before, d):
    ...     print(change)
    - $.term.notice_period: "P3M"
    ~ $.actions[0].budget[0].amount: 24000 -> 30000
    """
    changes: list[Change] = []
    _compare(_document(old, "old"), _document(new, "new"), "$", changes)
    return tuple(changes)


def _key_path(path: str, key: str) -> str:
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _compare(old: Any, new: Any, path: str, out: list[Change]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key, value in new.items():
            where = _key_path(path, str(key))
            if key in old:
                _compare(old[key], value, where, out)
            else:
                out.append(Change(where, "added", None, value))
        for key, value in old.items():
            if key not in new:
                out.append(Change(_key_path(path, str(key)), "removed", value, None))
        return
    if isinstance(old, list) and isinstance(new, list):
        if _by_id(old) and _by_id(new):
            _compare_by_id(old, new, path, out)
        else:
            _compare_items(old, new, path, out)
        return
    if old != new or type(old) is not type(new):
        out.append(Change(path, "changed", old, new))


def _by_id(items: list[Any]) -> bool:
    ids = [item.get("id") for item in items if isinstance(item, Mapping)]
    return (
        len(ids) == len(items)
        and all(isinstance(i, str) for i in ids)
        and len(set(ids)) == len(ids)
    )


def _compare_by_id(old: list[Any], new: list[Any], path: str, out: list[Change]) -> None:
    before = {item["id"]: item for item in old}
    after = {item["id"] for item in new}
    for index, item in enumerate(new):
        where = f"{path}[{index}]"
        if item["id"] in before:
            _compare(before[item["id"]], item, where, out)
        else:
            out.append(Change(where, "added", None, item))
    for index, item in enumerate(old):
        if item["id"] not in after:
            out.append(Change(f"{path}[{index}]", "removed", item, None))


def _compare_items(old: list[Any], new: list[Any], path: str, out: list[Change]) -> None:
    for index, item in enumerate(new):
        where = f"{path}[{index}]"
        if index < len(old):
            _compare(old[index], item, where, out)
        else:
            out.append(Change(where, "added", None, item))
    for index in range(len(new), len(old)):
        out.append(Change(f"{path}[{index}]", "removed", old[index], None))
