"""``citydiplomacy new`` and the library behind it: valid by construction, never overwriting."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._cli import run
from citydiplomacy._domain._codes import InstrumentKind
from citydiplomacy._io._reading import read_text
from citydiplomacy._outputs._new import (
    DOCS_URL,
    NewConventionOptions,
    NewPartner,
    _render,
    new_convention_document,
    new_convention_text,
    scalar,
    slug,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "examples" / "template.yaml"

GRENOBLE = "Grenoble,FR,Europe/Paris,fr"
TIZNIT = "Tiznit,MA,Africa/Casablanca,ar,zgh-Tfng"


def _run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _document(text: str) -> Any:
    _, document, findings = read_text(text, name="<test>", format="yaml")
    assert not findings, findings
    return document


def _grenoble_tiznit() -> NewConventionOptions:
    return NewConventionOptions(partners=(NewPartner.parse(GRENOBLE), NewPartner.parse(TIZNIT)))


# ---------------------------------------------------------------- the template


def test_template_is_valid_without_any_finding() -> None:
    report = cd.validate(TEMPLATE)
    assert report.findings == (), [str(f) for f in report.findings]


def test_template_is_what_new_writes_without_answers() -> None:
    assert TEMPLATE.read_text("utf-8") == new_convention_text()


def test_new_without_options_prints_the_template() -> None:
    code, out, err = _run("new")
    assert code == 0
    assert out == TEMPLATE.read_text("utf-8")
    # Standard error proposes the conventional name, which the hook's pattern matches.
    (hint,) = err.splitlines()
    name = f"{yaml.safe_load(out)['id']}.convention.yaml"
    assert f"save it as {name}" in hint
    assert f"-o {name}" in hint
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert re.search(hooks[0]["files"], f"any/folder/{name}")


def test_new_help_proposes_the_conventional_name() -> None:
    code, out, _ = _run("new", "--help")
    assert code == 0
    assert "NAME.convention.yaml" in out


def test_template_placeholders_are_obvious() -> None:
    conv = cd.load(TEMPLATE)
    assert [p.name.text() for p in conv.parties] == ["Your city", "Partner city"]
    assert all(p.kind is cd.PartyKind.LOCAL_GOVERNMENT for p in conv.parties)
    # Unknown facts are left out, not filled with guesses.
    assert conv.signature is None
    assert conv.term is None
    assert not conv.actions
    assert all(p.country is None for p in conv.parties)
    assert all(p.time_zone is None for p in conv.parties)


def test_template_explains_every_section() -> None:
    text = TEMPLATE.read_text("utf-8")
    for key in [
        "related_instruments", "deliberations", "signature", "term", "values",
        "objectives", "axes", "actions", "programmes", "governance", "documents",
        "sources", "extensions", "summary", "languages", "designation",
    ]:  # fmt: skip
        assert re.search(rf"^# {key}:", text, re.MULTILINE), key
    assert "absent means" in text.replace("\n#     ", " ")
    assert "citydiplomacy validate" in text
    assert "https://citydiplomacy.github.io/" in text


def test_new_files_are_format_1_1() -> None:
    document = new_convention_document()
    assert document["schema_version"] == "1.1"
    assert document["schema_version"] == cd.schema_version()
    assert TEMPLATE.read_text("utf-8").count('schema_version: "1.1"') == 1


def test_template_shows_the_main_1_1_fields() -> None:
    text = TEMPLATE.read_text("utf-8")
    uncommented = _document(_render(NewConventionOptions(), examples=True))
    assert "designation" in uncommented
    assert uncommented["title_descriptive"] is True
    assert uncommented["signature"]["date"] == "2025-21"
    assert uncommented["signature"]["witnesses"][0]["organisation"]
    assert uncommented["term"]["termination"]["decisions"][0]["party"] == "your-city"
    assert uncommented["programmes"][0]["kind"] == "call_for_projects"
    action = uncommented["actions"][0]
    assert action["total_budget"]["qualifier"] == "about"
    assert action["programmes"] == ["call-for-projects"]
    assert "funder" not in action["budget"][1]  # an unnamed funder
    meetings = uncommented["governance"]["meetings"]
    assert any("date" in m and "start" not in m for m in meetings)  # a date-only meeting
    # authentic_languages excludes authoritative_language: shown in prose only.
    assert "authentic_languages: [fr, ar]" in text
    assert "authentic_languages" not in uncommented
    # The EDTF forms, each with its meaning.
    for form, meaning in [
        ('"2025-21"', "spring 2025"),
        ('"2019-10-23?"', "uncertain"),
        ('"2016-09~"', "approximate"),
        ('"XXXX-09"', "year not stated"),
        ('"2023-08-30/2023-09-03"', "from one day to another"),
    ]:
        line = next(line for line in text.splitlines() if form in line)
        assert meaning in line, line


def test_a_generated_title_is_descriptive_a_given_one_is_not() -> None:
    generated = new_convention_document(_grenoble_tiznit())
    assert generated["title_descriptive"] is True
    given_title = new_convention_document(
        NewConventionOptions(partners=_grenoble_tiznit().partners, title="Convention-cadre")
    )
    assert given_title["title"] == {"fr": "Convention-cadre"}
    assert "title_descriptive" not in given_title


def test_documentation_links_of_new_files_point_at_pages() -> None:
    links = re.findall(re.escape(DOCS_URL) + r"([\w/-]*)", TEMPLATE.read_text("utf-8"))
    assert links
    for link in links:
        if link.startswith("schema/"):  # the published schema (the modeline), not a page
            continue
        page = link.strip("/") or "index"
        assert (ROOT / "docs" / f"{page}.md").is_file(), link


@pytest.mark.parametrize(
    "options",
    [NewConventionOptions(), _grenoble_tiznit()],
    ids=["template", "grenoble-tiznit"],
)
def test_every_commented_example_is_valid_once_uncommented(options: NewConventionOptions) -> None:
    commented = _render(options, examples=False)
    uncommented = _render(options, examples=True)
    assert commented.count("\n") == uncommented.count("\n")
    report = cd.validate_text(uncommented, format="yaml")
    assert report.valid, [str(f) for f in report.errors]
    document = _document(uncommented)
    for key in ["signature", "term", "axes", "actions", "governance", "documents"]:
        assert key in document


# ---------------------------------------------------------------- from options


def test_grenoble_tiznit_from_options(tmp_path: Path) -> None:
    target = tmp_path / "gt.yaml"
    code, out, err = _run("new", "--partner", GRENOBLE, "--partner", TIZNIT, "-o", str(target))
    assert (code, out) == (0, "")
    assert f"wrote {target}" in err
    assert "citydiplomacy validate" in err
    report = cd.validate(target)
    assert report.findings == (), [str(f) for f in report.findings]
    document = _document(target.read_text("utf-8"))
    assert document["id"] == "grenoble-tiznit-framework-convention"
    assert document["authoritative_language"] == "fr"
    assert document["languages"] == ["fr", "ar", "zgh-Tfng"]
    assert document["title"] == {
        "fr": "Convention-cadre entre Grenoble et Tiznit",
        "en": "Framework convention between Grenoble and Tiznit",
    }
    assert document["parties"] == [
        {
            "id": "grenoble",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Grenoble"},
            "country": "FR",
            "time_zone": "Europe/Paris",
        },
        {
            "id": "tiznit",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Tiznit"},
            "country": "MA",
            "time_zone": "Africa/Casablanca",
        },
    ]


def test_options_kind_id_language_title() -> None:
    code, out, _ = _run(
        "new",
        "--partner", "Grenoble,FR",
        "--partner", "Tiznit,MA",
        "--kind", "declaration_of_intent",
        "--id", "gt-2025-intent",
        "--language", "fr",
        "--title", "Déclaration d'intention",
    )  # fmt: skip
    assert code == 0
    document = _document(out)
    assert document["kind"] == "declaration_of_intent"
    assert document["id"] == "gt-2025-intent"
    assert document["title"] == {"fr": "Déclaration d'intention"}
    assert document["languages"] == ["fr"]
    assert "time_zone" not in document["parties"][0]  # unknown: left out


def test_dash_output_is_stdout() -> None:
    code, out, err = _run("new", "-o", "-", "--partner", GRENOBLE, "--partner", TIZNIT)
    assert (code, err) == (0, "")
    assert cd.validate_text(out).valid


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "existing.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    code, out, err = _run("new", "-o", str(target))
    assert code == 2
    assert out == ""
    assert "--force" in err
    assert target.read_text("utf-8") == "keep me\n"
    code, _, _ = _run("new", "-o", str(target), "--force")
    assert code == 0
    assert target.read_text("utf-8") == TEMPLATE.read_text("utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--partner", "Tiznit,MA,Mars/Olympus_Mons"], "Mars/Olympus_Mons"),
        (["--partner", "New York,US,US/Eastern"], "legacy alias"),
        (["--partner", "Tiznit,XX"], "ISO 3166-1"),
        (["--partner", "Tiznit,MA,,fr-FR-FR"], "BCP 47"),
        (["--partner", ",MA"], "must not be empty"),
        (["--kind", "treaty"], "not a kind of instrument"),
        (["--id", "bad id"], "not a valid id"),
        (["--language", "123"], "BCP 47"),
        (["--partner", GRENOBLE], "at least two"),
        (["--partner", GRENOBLE, "--partner", TIZNIT, "--id", "tiznit"], "unique"),
        (["-o", "out.json"], ".yaml"),
        (["-o", "no/such/dir/out.yaml"], "not an existing directory"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("new", *argv)
    assert code == 2, err
    assert out == ""
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_partner_spec_parsing() -> None:
    partner = NewPartner.parse(r"Saint-Denis\, La Réunion,re,Indian/Reunion,fr")
    assert partner == NewPartner(
        name="Saint-Denis, La Réunion", country="RE", time_zone="Indian/Reunion", languages=("fr",)
    )
    assert NewPartner.parse("Tiznit") == NewPartner(name="Tiznit")
    assert NewPartner.parse(" Tiznit , , , ar , AR ").languages == ("ar",)


def test_party_ids_are_unique_and_made_from_names() -> None:
    options = NewConventionOptions(
        partners=(
            NewPartner(name="Saint-Étienne"),
            NewPartner(name="Saint Étienne"),
            NewPartner(name="تزنيت"),
        )
    )
    assert options.party_ids() == ("saint-etienne", "saint-etienne-2", "partner-3")
    assert cd.validate_text(new_convention_text(options)).valid


def test_the_tutorial_shows_what_new_writes() -> None:
    options = NewConventionOptions(
        partners=(
            NewPartner.parse("Villebelle,FR,Europe/Paris,fr"),
            NewPartner.parse("Tilelli,MA,Africa/Casablanca,ar,zgh-Tfng"),
        )
    )
    text = new_convention_text(options)
    tutorial = (ROOT / "docs" / "tutorial.md").read_text("utf-8")
    shown = re.search(r"It starts like this:\n\n```yaml\n(.*?)```", tutorial, re.DOTALL)
    assert shown is not None
    lines = iter(text.splitlines())
    for expected in shown.group(1).splitlines():
        if expected.strip() == "...":
            continue
        assert expected in lines, f"the tutorial shows {expected!r}, which new does not write"


# ---------------------------------------------------------------- interactive


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


class _TerminalText(io.StringIO):
    def isatty(self) -> bool:
        return True


def _interactive(answers: list[str]) -> tuple[int, str, str]:
    stdin = _Terminal("".join(a + "\n" for a in answers).encode("utf-8"))
    out, err = _TerminalText(), _TerminalText()
    code = run(["new"], stdin=stdin, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_interactive_defaults_give_the_template(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    # kind, partner 1 (name, country, zone, languages), partner 2, no partner 3,
    # language, id, file name.
    answers = ["", "", "", "", "", "", "", "", "", "", "", "", str(target)]
    code, out, err = _interactive(answers)
    assert code == 0, err
    assert out == ""
    assert target.read_text("utf-8") == TEMPLATE.read_text("utf-8")
    assert "[Your city]" in err
    assert "[framework_convention]" in err


def test_interactive_reasks_invalid_answers(tmp_path: Path) -> None:
    target = tmp_path / "gt.yaml"
    answers = [
        "treaty", "2",  # kind: invalid, then a number
        "Grenoble", "France", "fr", "", "fr",  # country invalid then FR; zone proposed
        "Tiznit", "MA", "Mars/Olympus_Mons", "Africa/Casablanca", "ar zgh-Tfng",
        "",  # no third partner
        "",  # language as proposed
        "tiznit", "",  # id: a party's id, then as proposed
        "-",  # standard output
    ]  # fmt: skip
    code, out, err = _interactive(answers)
    assert code == 0, err
    assert "not a kind of instrument" in err
    assert "not an ISO 3166-1" in err
    assert "Mars/Olympus_Mons" in err
    assert "[Europe/Paris]" in err  # the one zone of France is proposed
    assert "is a party's id" in err
    document = _document(out)
    assert document["kind"] == "memorandum_of_understanding"
    assert document["languages"] == ["fr", "ar", "zgh-Tfng"]
    assert [p["time_zone"] for p in document["parties"]] == ["Europe/Paris", "Africa/Casablanca"]
    assert not target.exists()


def test_interactive_refuses_an_existing_file_then_asks_again(tmp_path: Path) -> None:
    existing = tmp_path / "existing.yaml"
    existing.write_text("keep\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    answers = ["", "A", "", "", "", "B", "", "", "", "", "", "", str(existing), str(other)]
    code, _, err = _interactive(answers)
    assert code == 0, err
    assert "exists" in err
    assert existing.read_text("utf-8") == "keep\n"
    assert cd.validate(other).valid


def test_interactive_end_of_input_is_a_usage_error() -> None:
    code, out, err = _interactive(["", "Grenoble"])
    assert code == 2
    assert out == ""
    assert "input ended" in err


def test_no_input_never_asks() -> None:
    stdin = _Terminal(b"")
    out, err = _TerminalText(), _TerminalText()
    assert run(["new", "--no-input"], stdin=stdin, stdout=out, stderr=err) == 0
    assert out.getvalue() == TEMPLATE.read_text("utf-8")


# ---------------------------------------------------------------- many combinations

_NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: bool(s.strip()))
_COUNTRIES = st.sampled_from([None, "FR", "MA", "sn", "BR", "IN", "DE", "TN", "BF", "NO"])
_ZONES = st.sampled_from(
    [None, "Europe/Paris", "Africa/Casablanca", "Africa/Dakar", "America/Sao_Paulo", "UTC",
     "Asia/Kolkata", "Pacific/Chatham", "America/Argentina/Buenos_Aires"]
)  # fmt: skip
_LANGUAGES = st.lists(
    st.sampled_from(["fr", "en", "ar", "zgh-Tfng", "es", "pt-BR", "de", "wo", "FR", "fr-MA"]),
    max_size=3,
)


@st.composite
def _partners(draw: st.DrawFn) -> NewPartner:
    return NewPartner(
        name=draw(_NAMES),
        country=draw(_COUNTRIES),
        time_zone=draw(_ZONES),
        languages=tuple(draw(_LANGUAGES)),
    )


@st.composite
def _options(draw: st.DrawFn) -> NewConventionOptions:
    partners = tuple(draw(st.lists(_partners(), min_size=2, max_size=4)))
    language = draw(st.sampled_from([None, "fr", "en", "ar", "zgh-Tfng", "es-419", "EN"]))
    return NewConventionOptions(
        partners=partners,
        kind=draw(st.sampled_from(list(InstrumentKind))),
        id=draw(st.sampled_from([None, "my-convention-2025", "2025.framework"])),
        language=language,
        title=draw(st.one_of(st.none(), _NAMES)),
    )


@given(_options())
def test_new_is_valid_by_construction(options: NewConventionOptions) -> None:
    text = new_convention_text(options)
    report = cd.validate_text(text, format="yaml")
    assert report.findings == (), [str(f) for f in report.findings]
    # The YAML says exactly the intended document, whatever the names hold.
    assert _document(text) == new_convention_document(options)
    conv = cd.loads(text)
    assert [p.name.text() for p in conv.parties] == [p.name for p in options.partners]
    assert conv.kind is options.kind


@given(_NAMES)
def test_scalars_read_back_exactly(text: str) -> None:
    assert _document(f"key: {scalar(text)}\n") == {"key": text}


@given(_NAMES)
def test_slugs_are_valid_ids_or_empty(text: str) -> None:
    made = slug(text)
    assert made == "" or re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", made)
