"""The structural diff: by path, ids matched, reordering is no change."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest

import citydiplomacy as cd
from citydiplomacy._domain._model import Convention


@pytest.fixture(scope="module")
def conv() -> Convention:
    return cd.load("examples/fictional-villebelle-tilelli.yaml")


@pytest.fixture
def doc(conv: Convention) -> dict[str, Any]:
    return cd.to_document(conv)


def test_identical_versions_have_no_change(conv: Convention) -> None:
    assert cd.diff(conv, conv) == ()
    assert cd.diff(conv, cd.loads(cd.dumps(conv))) == ()


def test_reordering_objects_with_ids_is_not_a_change(conv: Convention) -> None:
    reordered = attrs.evolve(conv, parties=conv.parties[::-1], actions=conv.actions[::-1])
    assert cd.diff(conv, reordered) == ()


def test_changed_value_inside_a_list_matched_by_id(conv: Convention, doc: dict[str, Any]) -> None:
    new = copy.deepcopy(doc)
    new["actions"] = new["actions"][::-1]
    last = len(new["actions"]) - 1
    new["actions"][last]["budget"][0]["amount"] = 1
    (change,) = cd.diff(conv, new)
    assert change.path == f"$.actions[{last}].budget[0].amount"
    assert change.kind == "changed"
    assert change.old == doc["actions"][0]["budget"][0]["amount"]
    assert change.new == 1
    assert str(change).startswith(f"~ $.actions[{last}].budget[0].amount: ")


def test_added_and_removed(doc: dict[str, Any]) -> None:
    new = copy.deepcopy(doc)
    removed = new["actions"].pop(0)
    new["actions"].append({"id": "new-action", "title": {"fr": "Nouvelle"}})
    del new["summary"]
    assert "x_new_member" not in doc
    new["x_new_member"] = {"value": 12, "qualifier": "about"}
    changes = cd.diff(doc, new)
    assert cd.Change("$.x_new_member", "added", None, new["x_new_member"]) in changes
    assert cd.Change("$.summary", "removed", doc["summary"], None) in changes
    index = len(new["actions"]) - 1
    assert cd.Change(f"$.actions[{index}]", "added", None, new["actions"][index]) in changes
    assert cd.Change("$.actions[0]", "removed", removed, None) in changes
    assert [c.kind for c in changes].count("removed") == 2


def test_lists_without_ids_compare_item_by_item(doc: dict[str, Any]) -> None:
    old = {"values": [{"fr": "a"}, {"fr": "b"}]}
    new = {"values": [{"fr": "a"}, {"fr": "c"}, {"fr": "d"}]}
    assert [str(c) for c in cd.diff(old, new)] == [
        '~ $.values[1].fr: "b" -> "c"',
        '+ $.values[2]: {"fr": "d"}',
    ]
    assert [str(c) for c in cd.diff(new, old)][-1] == '- $.values[2]: {"fr": "d"}'


def test_keys_that_are_not_identifiers_are_quoted() -> None:
    changes = cd.diff({"title": {"zh-Hans": "a"}}, {"title": {"zh-Hans": "b"}})
    assert changes[0].path == '$.title["zh-Hans"]'


def test_a_type_change_is_a_change() -> None:
    assert cd.diff({"a": 1}, {"a": True})[0].kind == "changed"
    assert cd.diff({"a": 1}, {"a": 1.0})[0].kind == "changed"


def test_long_values_are_shortened_in_the_text() -> None:
    (change,) = cd.diff({"a": "x" * 200}, {"a": "y"})
    assert len(str(change)) < 100
    assert "..." in str(change)


def test_an_amendment_reads_as_its_changes() -> None:
    base = cd.load("examples/fictional-villebelle-tilelli.yaml")
    assert all(isinstance(c, cd.Change) for c in cd.diff(base, cd.to_document(base)))
    with pytest.raises(TypeError, match="Convention or a document"):
        cd.diff(base, "examples/x.yaml")  # type: ignore[arg-type]
