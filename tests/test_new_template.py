"""The template behind ``citydiplomacy new``: answers never turn into template syntax."""

from __future__ import annotations

import citydiplomacy as cd
from citydiplomacy._outputs._new import NewConventionOptions, NewPartner, _render


def test_an_answer_that_looks_like_an_example_marker_stays_a_value() -> None:
    names = ("#~Grenoble", "{{ first }}", "{% if x %}")
    options = NewConventionOptions(partners=tuple(NewPartner(name=n) for n in names))
    for examples in (False, True):
        text = _render(options, examples=examples)
        assert not [line for line in text.splitlines() if line.lstrip().startswith("#~")]
    convention = cd.loads(cd.new_convention_text(options))
    assert [p.name.text() for p in convention.parties] == list(names)
