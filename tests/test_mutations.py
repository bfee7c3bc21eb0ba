"""Mutated documents: only ConventionError ever escapes, and schema-valid means loadable."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._io._writing import to_json, to_yaml

from .strategies import conventions, mutated


def mutated_documents() -> st.SearchStrategy[dict[str, Any]]:
    """Generated conventions' documents, changed one to four times."""
    return mutated(conventions().map(cd.to_document))


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
