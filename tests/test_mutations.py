"""Mutated documents: only ConventionError ever escapes, and schema-valid means loadable."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._writing import to_json, to_yaml

from .strategies import conventions, json_values


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, (dict, list)) else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_containers(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_containers(value, (*path, index)))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    document = cd.to_document(draw(conventions()))
    for _ in range(draw(st.integers(1, 4))):
        target = _at(document, draw(st.sampled_from(_containers(document))))
        operation = draw(st.sampled_from(["delete", "replace", "add", "duplicate", "retype"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if operation == "delete":
                del target[key]
            elif operation in {"replace", "retype"}:
                target[key] = draw(json_values())
            elif operation == "add":
                target[draw(st.text(max_size=12))] = draw(json_values())
            else:
                target[key] = (
                    copy.deepcopy(target[key])
                    if not isinstance(target[key], list)
                    else target[key] * 2
                )
        elif isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            if operation == "delete":
                del target[index]
            elif operation == "duplicate":
                target.append(copy.deepcopy(target[index]))
            else:
                target[index] = draw(json_values())
    return document


@given(mutated_documents())
def test_mutated_documents_raise_only_convention_error(document: dict[str, Any]) -> None:
    report = cd.validate_document(document)
    if report.valid:
        # Schema and model agree from the schema's side: what validates, loads, and
        # writes back to a document that still validates.
        conv = cd.from_document(document)
        assert cd.validate_document(cd.to_document(conv)).valid
    else:
        with pytest.raises(cd.ConventionError) as caught:
            cd.from_document(document)
        assert caught.value.findings
        assert all(f.message for f in caught.value.findings)


@given(mutated_documents(), st.sampled_from(["json", "yaml"]))
def test_mutated_text_raises_only_convention_error(document: dict[str, Any], fmt: str) -> None:
    text = to_json(document) if fmt == "json" else to_yaml(document)
    if cd.validate_text(text, format=fmt).valid:  # type: ignore[arg-type]
        assert cd.loads(text, format=fmt) == cd.from_document(document)  # type: ignore[arg-type]
        return
    with pytest.raises(cd.ConventionError) as caught:
        cd.loads(text, format=fmt)  # type: ignore[arg-type]
    located = [f for f in caught.value.findings if f.path]
    assert all(f.line is not None for f in located), [str(f) for f in located]


@given(st.binary(max_size=2000), st.sampled_from(["json", "yaml", None]))
def test_any_bytes_raise_only_convention_error(data: bytes, fmt: str | None) -> None:
    with pytest.raises(cd.ConventionError) as caught:
        cd.loads(data, format=fmt)  # type: ignore[arg-type]
    assert all(f.file == "<string>" for f in caught.value.findings)


@given(st.text(max_size=2000))
def test_any_text_raises_only_convention_error(text: str) -> None:
    with pytest.raises(cd.ConventionError):
        cd.loads(text)
