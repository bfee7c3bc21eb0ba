"""Messages for people in English and French: the gettext catalog and its use."""

from __future__ import annotations

import gettext
import importlib.util
import io
import json
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from citydiplomacy._base import _translation
from citydiplomacy._base._translation import (
    LANGUAGES,
    compile_catalog,
    locale_language,
    resolve,
    use,
)
from citydiplomacy._cli import requested_language, run

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src"
CATALOG = SOURCE / "citydiplomacy" / "locale" / "fr" / "LC_MESSAGES" / "citydiplomacy.po"
REFERENCE = ROOT / "examples" / "grenoble-tiznit.yaml"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def _extracted() -> set[str | tuple[str, str]]:
    """Every message marked in the package's code, as ``pybabel extract -F babel.cfg``
    finds it (folders whose name starts with "_", such as ``_commands``, included)."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SOURCE),
        method_map=[("**/*.py", "python")],
        keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name != "__pycache__",
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    out: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        key = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
        assert message.string is not None, key
        out[key] = tuple(message.string) if isinstance(message.string, list) else message.string
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_in_the_code_is_in_the_french_catalog_and_nothing_else() -> None:
    extracted, catalog = _extracted(), _catalog()
    assert extracted, "no message found: the extraction itself is broken"
    assert sorted(map(str, extracted - catalog.keys())) == [], "run pybabel extract/update"
    assert sorted(map(str, catalog.keys() - extracted)) == [], "obsolete entries in the .po"


def test_every_french_translation_is_there_with_the_same_placeholders() -> None:
    for key, translation in _catalog().items():
        sources = [key] if isinstance(key, str) else list(key)
        forms = [translation] if isinstance(translation, str) else list(translation)
        assert forms, key
        assert len(forms) == (1 if isinstance(key, str) else 2), key
        for form in forms:
            assert form.strip(), f"no French for {key!r}"
            for source in sources:
                assert _fields(form) == _fields(source), (key, form)


def test_the_catalog_compiles_and_translates() -> None:
    mo = compile_catalog(CATALOG.read_bytes(), "fr")
    french = gettext.GNUTranslations(io.BytesIO(mo))
    assert french.gettext("interrupted") == "interrompu"
    assert french.ngettext("{count} error", "{count} errors", 1) == "{count} erreur"
    # French uses the singular for zero as well.
    assert french.ngettext("{count} error", "{count} errors", 0) == "{count} erreur"
    assert french.ngettext("{count} error", "{count} errors", 2) == "{count} erreurs"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "fr_BE.UTF-8@euro"}, "fr"),
        ({"LANG": "ar_MA.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        ({"LC_ALL": "C", "LC_MESSAGES": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_ALL": "", "LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_the_locale_chooses_the_language(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected


def test_lang_wins_over_the_locale() -> None:
    assert resolve("en", {"LC_ALL": "fr_FR.UTF-8"}) == "en"
    assert resolve("fr", {"LANG": "C"}) == "fr"
    assert resolve(None, {"LANG": "fr_FR"}) == "fr"


@given(st.lists(st.sampled_from(["validate", "--lang", "fr", "en", "--lang=fr", "--", "x"])))
def test_requested_language_reads_lang_as_argparse_would(argv: list[str]) -> None:
    expected = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            expected = argv[index + 1]
        elif arg.startswith("--lang="):
            expected = arg[len("--lang=") :]
    assert requested_language(argv) == expected


def test_messages_are_english_outside_use_and_french_inside() -> None:
    assert _translation._("interrupted") == "interrupted"
    with use("fr"):
        assert _translation.current_language() == "fr"
        assert _translation._("interrupted") == "interrompu"
        assert _translation.decimal(0.25, 2) == "0,25"
    assert _translation.current_language() == "en"
    assert _translation.decimal(0.25, 2) == "0.25"
    with use("de"):
        assert _translation._("interrupted") == "interrupted"


def _validate(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", *argv], stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


BROKEN = "schema_version: '1.1'\nid: x\nparties: []\nunknown: 1\n"


def test_validate_speaks_french_with_lang_fr(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out, err = _validate("--lang", "fr", str(REFERENCE), str(broken))
    assert code == 1
    assert "2 fichiers vérifiés : 1 valide, 1 avec des erreurs (" in err
    assert " erreurs, 0 avertissement) en " in err
    assert "checked" not in err
    # The finding lines keep their rule ids, severities and paths.
    english = _validate("--lang", "en", str(REFERENCE), str(broken))
    assert english[0] == 1
    assert "checked 2 files: 1 valid, 1 with errors (" in english[2]
    assert [line.split(" $")[0] for line in out.splitlines()] == [
        line.split(" $")[0] for line in english[1].splitlines()
    ]


def test_validate_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert "1 fichier vérifié : 1 valide" in _validate(str(REFERENCE))[2]
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert "checked 1 file: 1 valid" in _validate(str(REFERENCE))[2]
    monkeypatch.delenv("LC_ALL")
    assert "checked 1 file: 1 valid" in _validate("--lang", "en", str(REFERENCE))[2]


def test_lang_takes_only_known_languages() -> None:
    code, _out, err = _validate("--lang", "xx", str(REFERENCE))
    assert code == 2
    assert "--lang" in err
    assert ", ".join(repr(x) for x in LANGUAGES) in err


def test_json_output_is_the_same_in_every_language(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    outputs = []
    for language in LANGUAGES:
        code, out, _err = _validate("--lang", language, "--format", "json", str(broken))
        assert code == 1
        document = json.loads(out)
        document.pop("summary", None)  # it holds the run's duration
        outputs.append(document)
    assert all(document == outputs[0] for document in outputs)


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_machine_outputs_are_the_same_in_every_language(tmp_path: Path, fmt: str) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    outputs = set()
    for language in LANGUAGES:
        code, out, _err = _validate(
            "--lang", language, "--format", fmt, str(broken), str(missing), str(REFERENCE)
        )
        assert code == 2  # one path cannot be read
        outputs.add(out)
    assert len(outputs) == 1, outputs


def test_errors_of_the_command_line_are_in_french() -> None:
    code, _out, err = _validate("--lang", "fr")
    assert code == 2
    assert "erreur : indiquez au moins un CHEMIN" in err
    code, out, _err = _validate("--lang=fr", "--show-config", "--no-config")
    assert code == 0
    assert "# fichier de configuration : (aucun)" in out


def test_the_build_hook_puts_the_compiled_catalog_in_the_wheel() -> None:
    pytest.importorskip("hatchling")
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def hook(target: str) -> Any:
        return module.CatalogBuildHook(str(ROOT), {}, None, None, str(ROOT), target)

    build_data: dict[str, Any] = {"force_include": {}}
    wheel = hook("wheel")
    wheel.initialize("standard", build_data)
    try:
        [(compiled, inside)] = build_data["force_include"].items()
        assert inside == "citydiplomacy/locale/fr/LC_MESSAGES/citydiplomacy.mo"
        french = gettext.GNUTranslations(io.BytesIO(Path(compiled).read_bytes()))
        assert french.gettext("interrupted") == "interrompu"
    finally:
        wheel.finalize("standard", build_data, "")
    assert not Path(compiled).exists()
    # An editable install and the sdist get no compiled catalog.
    for target, version in (("wheel", "editable"), ("sdist", "standard")):
        untouched: dict[str, Any] = {"force_include": {}}
        hook(target).initialize(version, untouched)
        assert untouched == {"force_include": {}}
