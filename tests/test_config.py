"""Configuration files, inline suppressions and output control of ``validate``.

Settings come from ``citydiplomacy.toml`` or ``[tool.citydiplomacy]`` in
``pyproject.toml``, found upwards from the current directory; the options win; an
unknown rule id or a bad setting names the file and the line; a YAML comment
suppresses one finding, and the summary counts it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._base._report import Severity
from citydiplomacy._checking._config import find_config, load_config, suppressions
from citydiplomacy._cli import run

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
REFERENCE = ROOT / "examples" / "grenoble-tiznit.yaml"
#: A file with one warning (sdg.target-goal-mismatch) and nothing else.
WARNING_ONLY = NEGATIVE / "sdg-target-goal-mismatch.yaml"
#: A file with five ref.unresolved errors.
UNRESOLVED = NEGATIVE / "ref-unresolved.yaml"


def cli(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    try:
        if env is not None:
            os.environ.update(env)
        code = run(["validate", *map(str, args)], stdin=io.BytesIO(b""), stdout=out, stderr=err)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with conventions in ``conventions/`` (one in ``legacy/``), as the
    current directory, and no configuration file yet."""
    (tmp_path / "conventions" / "legacy").mkdir(parents=True)
    shutil.copy(UNRESOLVED, tmp_path / "conventions" / "unresolved.yaml")
    shutil.copy(WARNING_ONLY, tmp_path / "conventions" / "warning.yaml")
    shutil.copy(UNRESOLVED, tmp_path / "conventions" / "legacy" / "old.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------ finding the file


def test_found_upwards_and_citydiplomacy_toml_wins(project: Path) -> None:
    deep = project / "conventions" / "legacy"
    assert find_config(deep) is None
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(deep) is None  # a pyproject.toml without the table is not one
    (project / "pyproject.toml").write_text("[tool.citydiplomacy]\nstrict = true\n", "utf-8")
    assert find_config(deep) == project / "pyproject.toml"
    (project / "conventions" / "citydiplomacy.toml").write_text("strict = false\n", "utf-8")
    assert find_config(deep) == project / "conventions" / "citydiplomacy.toml"
    (project / "citydiplomacy.toml").write_text("strict = true\n", "utf-8")
    assert find_config(project) == project / "citydiplomacy.toml"


def test_strict_from_pyproject_and_the_option_wins(project: Path) -> None:
    assert cli(WARNING_ONLY)[0] == 0
    (project / "pyproject.toml").write_text("[tool.citydiplomacy]\nstrict = true\n", "utf-8")
    assert cli(WARNING_ONLY)[0] == 1
    assert cli("--no-strict", WARNING_ONLY)[0] == 0
    assert cli("--no-config", WARNING_ONLY)[0] == 0


# ------------------------------------------------------------------ rules


def test_ignore_severity_and_overrides(project: Path) -> None:
    (project / "citydiplomacy.toml").write_text(
        "severity = { 'sdg.target-goal-mismatch' = 'error' }\n"
        "\n"
        "[[overrides]]\n"
        'paths = ["conventions/legacy/**"]\n'
        'ignore = ["ref.*"]\n',
        encoding="utf-8",
    )
    code, out, err = cli("--format", "json", "conventions")
    document = json.loads(out)
    by_file: dict[str, list[str]] = {}
    for finding in document["findings"]:
        by_file.setdefault(finding["file"], []).append(finding["severity"])
    assert sorted(by_file) == ["conventions/unresolved.yaml", "conventions/warning.yaml"]
    assert by_file["conventions/warning.yaml"] == ["error"]
    assert document["summary"]["suppressed"] == 5
    assert document["summary"]["rules"] == {"ref.unresolved": 5, "sdg.target-goal-mismatch": 1}
    assert code == 1
    assert "5 suppressed" in err


def test_config_object_in_the_python_api(project: Path) -> None:
    (project / "citydiplomacy.toml").write_text(
        'ignore = ["ref.unresolved"]\n[severity]\n"sdg.target-goal-mismatch" = "error"\n',
        encoding="utf-8",
    )
    config = cd.load_config()
    report = cd.validate("conventions/unresolved.yaml", config=config)
    assert report.valid
    assert len(report.suppressed) == 5
    report = cd.validate_text(WARNING_ONLY.read_text("utf-8"), config=config)
    assert [f.severity for f in report] == [Severity.ERROR]
    assert cd.validate(UNRESOLVED).findings  # without a config, nothing changes
    with pytest.raises(TypeError, match="config"):
        cd.validate(UNRESOLVED, config={"ignore": []})  # type: ignore[arg-type]


def test_exclude_and_include_with_folders(project: Path) -> None:
    (project / "citydiplomacy.toml").write_text(
        'include = ["conventions/legacy/*.yaml"]\nexclude = ["warning.yaml"]\n', "utf-8"
    )
    code, out, _ = cli("--format", "json", ".")
    assert [f["file"] for f in json.loads(out)["files"]] == ["./conventions/legacy/old.yaml"]
    # exclude applies to files named on the command line too (as pre-commit names them)
    code, out, _ = cli("--format", "json", "conventions/warning.yaml", REFERENCE)
    assert [f["file"] for f in json.loads(out)["files"]] == [str(REFERENCE)]
    assert code == 0


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("citydiplomacy.toml", 'strict = true\nignore = ["ref.unresolvd"]\n', 2, "ref.unresolved"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.citydiplomacy.severity]\n'
            '"date.order" = "warning"\n"content.empty" = "fatal"\n',
            6,
            'must be "error" or "warning"',
        ),
        ("citydiplomacy.toml", "strict = true\nstrickt = 1\n", 2, "did you mean 'strict'"),
        ("citydiplomacy.toml", "strict = 'yes'\n", 1, "true or false"),
        ("citydiplomacy.toml", "strict = true\nignore = [1,,]\n", 2, "not valid TOML"),
        ("citydiplomacy.toml", "strict = true\nignore = [\n", 2, "not valid TOML"),
        (
            "citydiplomacy.toml",
            '[[overrides]]\npaths = ["a/**"]\n\n[[overrides]]\npaths = ["b"]\nignor = []\n',
            6,
            "did you mean 'ignore'",
        ),
        (
            "citydiplomacy.toml",
            '[[overrides]]\npaths = ["a/**"]\nseverity = { "no.such-rule" = "error" }\n',
            3,
            "unknown rule id 'no.such-rule'",
        ),
    ],
)
def test_bad_settings_name_the_file_and_line(
    project: Path, name: str, text: str, line: int, message: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    code, out, err = cli(REFERENCE)
    assert code == 2
    assert out == ""
    assert f"{project / name}:{line}: " in err, err
    assert message in err
    with pytest.raises(cd.ConfigError, match=f":{line}: "):
        load_config()


def test_unknown_rule_on_the_command_line(project: Path) -> None:
    code, _, err = cli("--ignore", "date.ordr", REFERENCE)
    assert code == 2
    assert "unknown rule id 'date.ordr'" in err
    assert "did you mean 'date.order'" in err


def test_show_config_says_where_each_setting_came_from(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.citydiplomacy]\nstrict = true\nignore = ["content.empty"]\n'
        '\n[[tool.citydiplomacy.overrides]]\npaths = ["legacy/**"]\nignore = ["date.order"]\n',
        encoding="utf-8",
    )
    code, out, _ = cli("--show-config", "--exclude", "drafts/**")
    assert code == 0
    pyproject = project / "pyproject.toml"
    assert f"# configuration file: {pyproject}" in out
    assert f"strict = true  # {pyproject}:5" in out
    assert f'ignore = ["content.empty"]  # {pyproject}:6' in out
    assert 'exclude = ["drafts/**"]  # command line' in out
    assert 'include = ["*.yaml", "*.yml", "*.json"]  # default' in out
    assert f"[[overrides]]  # {pyproject}:8" in out
    assert 'paths = ["legacy/**"]' in out


# ------------------------------------------------------------------ inline suppression


def test_inline_suppression_on_the_line_or_the_line_before(project: Path) -> None:
    path = project / "conventions" / "unresolved.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[53] == "    axes: [waters]"
    assert lines[54] == "    lead_party: villebele"
    lines[53] += "  # citydiplomacy: ignore[ref.unresolved]"
    lines.insert(54, "    # citydiplomacy: ignore[date.order, ref.unresolved]")
    # A comment that names another rule suppresses nothing.
    lines[68] += "  # citydiplomacy: ignore[content.empty]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert sorted(suppressions(path.read_text("utf-8"))) == [54, 55, 69]
    report = cd.validate(path)
    assert len(report.suppressed) == 2
    assert {f.line for f in report.suppressed} == {54, 56}
    assert len(report.findings) == 3
    code, out, err = cli(path)
    assert code == 1
    assert len(out.splitlines()) == 3
    assert "2 suppressed" in err


# ------------------------------------------------------------------ output control


def test_quiet_prints_only_the_findings(project: Path) -> None:
    code, out, err = cli("--quiet", "conventions", "no-such-file.yaml")
    assert code == 2
    assert len(out.splitlines()) == 11
    assert "checked" not in err
    assert "no-such-file.yaml" in err  # a path that cannot be read is still said
    code, out, err = cli("-q", REFERENCE)
    assert (code, out, err) == (0, "", "")


def test_summary_counts_each_rule_with_its_documentation(project: Path) -> None:
    _, _, err = cli("conventions")
    lines = err.splitlines()
    assert lines[0].startswith("checked 3 files: 1 valid, 2 with errors (10 errors, 1 warning)")
    assert lines[1].split() == [
        "10",
        "ref.unresolved",
        "https://citydiplomacy.github.io/reference/rules/#ref.unresolved",
    ]
    assert lines[2].split()[:2] == ["1", "sdg.target-goal-mismatch"]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_output_file_holds_what_stdout_would(project: Path, fmt: str) -> None:
    target = project / "out" / f"report.{fmt}"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    code, out, _ = cli("--format", fmt, "--output", target, "conventions/unresolved.yaml")
    assert code == 1
    assert out == ""
    written = target.read_text(encoding="utf-8")
    _, direct, _ = cli("--format", fmt, "conventions/unresolved.yaml")
    if fmt == "json":
        assert json.loads(written)["findings"] == json.loads(direct)["findings"]
    else:
        assert written == direct
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temporary


def test_output_file_that_cannot_be_written(project: Path) -> None:
    code, _, err = cli("--output", project / "missing" / "r.txt", REFERENCE)
    assert code == 2
    assert "cannot write" in err


#: As written in YAML: an escape sequence (ESC, as YAML's \e) and a workflow command.
HOSTILE = "\\e[2J::error::forged"


@pytest.mark.parametrize(
    ("option", "env", "colored"),
    [
        ("never", {}, False),
        ("always", {"NO_COLOR": "1"}, True),
        ("auto", {}, False),  # not a terminal
        ("auto", {"FORCE_COLOR": "1"}, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("auto", {"FORCE_COLOR": "0"}, False),
    ],
)
def test_color(
    project: Path, monkeypatch: pytest.MonkeyPatch, option: str, env: dict[str, str], colored: bool
) -> None:
    path = project / "conventions" / "hostile.yaml"
    text = UNRESOLVED.read_text(encoding="utf-8").replace("[waters]", f'["{HOSTILE}"]')
    path.write_text(text, encoding="utf-8")
    for key in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(key, raising=False)
    code, out, _ = cli("--color", option, path, env=env)
    assert code == 1
    assert ("\x1b[31merror\x1b[0m" in out) is colored
    # The document's own escape sequence is shown escaped, colored or not.
    assert "\\x1b[2J" in out
    assert "\x1b[2J" not in out
    assert not any(line.startswith("::") for line in out.splitlines())


def test_reports_in_other_formats_from_the_same_run(project: Path) -> None:
    code, out, err = cli(
        "--report",
        "json=reports/r.json",
        "--report",
        "sarif=reports/r.sarif",
        "conventions/unresolved.yaml",
    )
    assert code == 2  # the folder of the reports does not exist
    assert "cannot write" in err
    (project / "reports").mkdir()
    code, out, err = cli(
        "--report",
        "json=reports/r.json",
        "--report",
        "sarif=reports/r.sarif",
        "--color",
        "always",
        "conventions/unresolved.yaml",
    )
    assert code == 1
    assert len(out.splitlines()) == 5  # the text output, as without reports
    report = json.loads((project / "reports" / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 5
    assert "\x1b" not in (project / "reports" / "r.json").read_text(encoding="utf-8")
    sarif = json.loads((project / "reports" / "r.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 5
    code, _, err = cli("--report", "xml=r.xml", REFERENCE)
    assert code == 2
    assert "expected FORMAT=FILE" in err


def test_configuration_reaches_worker_processes(project: Path) -> None:
    """Files checked in worker processes get the same rule settings."""
    from citydiplomacy._batch import _engine as _batch  # noqa: PLC0415

    (project / "citydiplomacy.toml").write_text(
        '[severity]\n"sdg.target-goal-mismatch" = "error"\n'
        '[[overrides]]\npaths = ["conventions/legacy/**"]\nignore = ["ref.unresolved"]\n',
        encoding="utf-8",
    )
    config = load_config()
    targets, _ = _batch.collect(["conventions"], ("*.yaml",), config)
    one = list(_batch.run_checks(targets, max_bytes=10**6, jobs=1, config=config))
    pool = list(_batch.run_checks(targets, max_bytes=10**6, jobs=2, workers=2, config=config))
    assert one == pool
    by_name = {o.name: o for o in pool}
    assert by_name["conventions/legacy/old.yaml"].findings == ()
    assert by_name["conventions/legacy/old.yaml"].suppressed == 5
    assert by_name["conventions/warning.yaml"].errors == 1
