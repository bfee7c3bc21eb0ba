"""The pre-commit hook and the GitHub Action run what they say, with the right result.

Each test reads the command from the YAML file users get (``.pre-commit-hooks.yaml``,
``action.yml``), substitutes the inputs the way pre-commit or GitHub would, and runs
it on the example folders.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from attrs import frozen as attrs_frozen

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSITIVE = ROOT / "tests" / "example-files" / "positive"
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
WARNING_ONLY = NEGATIVE / "sdg-target-goal-mismatch.yaml"


def _load(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose ``citydiplomacy`` runs this checkout (or the installed script)."""
    installed = Path(sys.executable).with_name("citydiplomacy")
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "citydiplomacy"
    if installed.exists():
        script.symlink_to(installed)
    else:
        script.write_text(
            "#!/bin/sh\n"
            f"PYTHONPATH={shlex.quote(str(ROOT / 'src'))} exec {shlex.quote(sys.executable)} "
            '-c "from citydiplomacy._cli import main; main()" "$@"\n'
        )
        script.chmod(0o755)
    return folder


def _env(bin_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _files(*folders: Path) -> list[str]:
    return sorted(
        str(p)
        for folder in folders
        for p in folder.iterdir()
        if not p.name.endswith(".expected.json")
    )


# ------------------------------------------------------------------ pre-commit


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = _load(".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["citydiplomacy-validate", "citydiplomacy-validate-all"]
    return {h["id"]: h for h in hooks}


def _hook(hook_id: str = "citydiplomacy-validate") -> dict[str, Any]:
    return _hooks()[hook_id]


def test_hook_definition() -> None:
    for hook in _hooks().values():
        assert hook["language"] == "python"
        assert hook["entry"] == "citydiplomacy validate"
        assert hook["types_or"] == ["yaml", "json"]


#: Paths as pre-commit gives them (relative to the repository's root, with ``/``),
#: and whether the default hook checks them.
DEFAULT_FILES = {
    "conventions/grenoble-tiznit.yaml": True,
    "conventions/2025/a.yml": True,
    "conventions/b.json": True,
    "data/conventions/c.yaml": True,
    "grenoble-tiznit.convention.yaml": True,
    "registry/fr/villebelle.convention.yml": True,
    "x.convention.json": True,
    ".github/workflows/ci.yml": False,
    "package.json": False,
    ".pre-commit-config.yaml": False,
    "mkdocs.yml": False,
    "docs/conventions.md": False,
    "conventions/README.md": False,
    "myconventions/a.yaml": False,
    "conventions.yaml": False,
    "a.convention.yaml.bak": False,
    "convention.yaml": False,
}


def test_default_hook_files_match_the_documented_convention() -> None:
    # pre-commit applies `files` with re.search to each staged path.
    pattern = re.compile(_hook()["files"])
    for path, checked in DEFAULT_FILES.items():
        assert bool(pattern.search(path)) is checked, path
    everything = re.compile(_hook("citydiplomacy-validate-all")["files"])
    for path in DEFAULT_FILES:
        assert bool(everything.search(path)) is path.endswith((".yaml", ".yml", ".json")), path
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert _hook()["files"] in page
    assert "id: citydiplomacy-validate-all" in page


def _run_hook(
    bin_dir: Path, files: list[str], hook_id: str = "citydiplomacy-validate-all"
) -> subprocess.CompletedProcess[str]:
    hook = _hook(hook_id)
    pattern = re.compile(hook["files"])
    matched = [f for f in files if pattern.search(f)]
    assert matched
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *matched]
    return subprocess.run(
        command, env=_env(bin_dir), capture_output=True, text=True, timeout=300, check=False
    )


def test_hook_passes_valid_files(bin_dir: Path) -> None:
    result = _run_hook(bin_dir, _files(EXAMPLES, POSITIVE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_broken_files(bin_dir: Path) -> None:
    result = _run_hook(bin_dir, _files(EXAMPLES, NEGATIVE))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error" in result.stdout


def test_default_hook_leaves_other_yaml_alone(bin_dir: Path, tmp_path: Path) -> None:
    """In a repository with a workflow and a conventions folder, the default hook
    checks the convention only, and passes."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "conventions").mkdir()
    shutil.copy(EXAMPLES / "grenoble-tiznit.yaml", tmp_path / "conventions")
    (tmp_path / "package.json").write_text('{"name": "x"}\n', encoding="utf-8")
    files = [".github/workflows/ci.yml", "conventions/grenoble-tiznit.yaml", "package.json"]
    hook = _hook()
    matched = [f for f in files if re.search(hook["files"], f)]
    assert matched == ["conventions/grenoble-tiznit.yaml"]
    result = subprocess.run(
        [*shlex.split(hook["entry"]), *matched],
        env=_env(bin_dir),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------ GitHub Action


def _action() -> dict[str, Any]:
    action: dict[str, Any] = _load("action.yml")
    return action


def _substitute(value: str, inputs: dict[str, str], others: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        return others[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", replace, value)


ACTION_TEXT = (ROOT / "action.yml").read_text(encoding="utf-8")
RUN_SCRIPT = ROOT / "action" / "run.py"
SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(?:\.\d+)*$")


def test_action_definition() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert set(inputs) == {
        "paths",
        "strict",
        "format",
        "config",
        "python-version",
        "version",
        "cache",
    }
    assert inputs["paths"]["required"] is True
    assert inputs["version"]["default"] == ""
    for name, spec in inputs.items():
        assert spec["description"], name
    outputs = action["outputs"]
    assert set(outputs) == {"files-checked", "errors", "warnings", "json-file", "sarif-file"}
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.validate.outputs.{name} }}}}"
    steps = action["runs"]["steps"]
    for step in steps:
        # Inputs go through env, never straight into a script (no shell injection).
        assert "${{" not in step.get("run", ""), step.get("name")
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "${{ inputs.python-version }}"
    assert python["with"]["update-environment"] is False
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert "github.action_ref" in cache["with"]["key"]
    assert "steps.python.outputs.python-version" in cache["with"]["key"]
    assert cache["with"]["path"] == "${{ runner.temp }}/citydiplomacy-venv"


def test_action_pins_its_actions_by_commit() -> None:
    uses = [line for line in ACTION_TEXT.splitlines() if re.match(r"\s*(-\s*)?uses:", line)]
    assert len(uses) == 2
    for line in uses:
        assert SHA_PIN.match(line), line
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 3  # validate-examples, docs, release
    for workflow in workflows:
        for line in workflow.read_text("utf-8").splitlines():
            if re.match(r"\s*(-\s*)?uses:", line) and "uses: ./" not in line:
                assert SHA_PIN.match(line), (workflow.name, line)


def test_action_leaves_path_and_python_alone() -> None:
    for text in (ACTION_TEXT, RUN_SCRIPT.read_text(encoding="utf-8")):
        for variable in ("GITHUB_PATH", "GITHUB_ENV"):
            assert f'"{variable}"' not in text
            assert f"${variable}" not in text
            assert f"{{{variable}}}" not in text


def _github(tmp_path: Path) -> dict[str, Path]:
    """Fake GITHUB_* files and folders for one step."""
    files = {
        "GITHUB_OUTPUT": tmp_path / "github_output",
        "GITHUB_STEP_SUMMARY": tmp_path / "step_summary.md",
        "GITHUB_PATH": tmp_path / "github_path",
        "GITHUB_ENV": tmp_path / "github_env",
    }
    for path in files.values():
        path.write_text("", encoding="utf-8")
    runner_temp = tmp_path / "runner temp"
    runner_temp.mkdir(exist_ok=True)
    files["RUNNER_TEMP"] = runner_temp
    return files


def _outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            out[name] = "\n".join(iter(lambda: next(lines), delimiter))
        else:
            name, value = line.split("=", 1)
            out[name] = value
    return out


@attrs_frozen
class ActionRun:
    result: subprocess.CompletedProcess[str]
    outputs: dict[str, str]
    summary: str
    github: dict[str, Path]


def _run_action(
    bin_dir: Path,
    tmp_path: Path,
    workspace: Path,
    paths: str,
    **inputs: str,
) -> ActionRun:
    """Run the Action's validate step as GitHub would: its env from action.yml with the
    inputs substituted, its `run` through bash, in the workspace."""
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "validate")
    assert step["shell"] == "bash"
    github = _github(tmp_path)
    venv = tmp_path / "citydiplomacy-venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    link = venv / "bin" / "citydiplomacy"
    if not link.exists():
        link.symlink_to(bin_dir / "citydiplomacy")
    values = {
        "paths": paths,
        "strict": "false",
        "format": "github",
        "config": "",
        "python-version": "3.12",
        "version": "",
        "cache": "true",
        **inputs,
    }
    others = {
        "steps.python.outputs.python-path": sys.executable,
        "runner.temp": str(tmp_path),
        "github.action_path": str(ROOT),
    }
    env = {k: _substitute(str(v), values, others) for k, v in step["env"].items()}
    assert env["VENV"] == str(venv)
    context = {k: str(v) for k, v in github.items()}
    context["GITHUB_WORKSPACE"] = str(workspace)
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env={**_env(bin_dir, **env), **context},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=workspace,
        check=False,
    )
    assert github["GITHUB_PATH"].read_text(encoding="utf-8") == ""
    assert github["GITHUB_ENV"].read_text(encoding="utf-8") == ""
    return ActionRun(
        result,
        _outputs(github["GITHUB_OUTPUT"]),
        github["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8"),
        github,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout with conventions in a folder whose name has spaces."""
    root = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, root / "examples")
    folder = root / "my conventions"
    folder.mkdir()
    shutil.copy(NEGATIVE / "ref-unresolved.yaml", folder / "a b.yaml")
    # Two files, two instruments: each its own id (else portfolio.duplicate-id).
    text = WARNING_ONLY.read_text(encoding="utf-8")
    (folder / "warning only.yaml").write_text(
        text.replace("id: example-convention\n", "id: example-convention-2\n", 1), encoding="utf-8"
    )
    return root


def test_action_passes_valid_folders(bin_dir: Path, tmp_path: Path, workspace: Path) -> None:
    run = _run_action(bin_dir, tmp_path, workspace, "examples\n")
    assert run.result.returncode == 0, run.result.stdout + run.result.stderr
    assert run.result.stdout == ""
    assert run.outputs["errors"] == "0"
    assert run.outputs["warnings"] == "0"
    assert int(run.outputs["files-checked"]) >= 4
    sarif = json.loads(Path(run.outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []
    report = json.loads(Path(run.outputs["json-file"]).read_text(encoding="utf-8"))
    assert report["summary"]["ok"] is True
    assert Path(run.outputs["json-file"]).is_relative_to(run.github["RUNNER_TEMP"])
    assert "files checked**" in run.summary


def test_action_paths_with_spaces_annotations_outputs_and_summary(
    bin_dir: Path, tmp_path: Path, workspace: Path
) -> None:
    run = _run_action(bin_dir, tmp_path, workspace, "my conventions/a b.yaml\nexamples\n")
    assert run.result.returncode == 1, run.result.stderr
    assert run.result.stdout.startswith("::error file=my conventions/a b.yaml,line=54,col=12,")
    assert run.outputs["errors"] == "5"
    examples = [p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml", ".json")]
    assert run.outputs["files-checked"] == str(1 + len(examples))
    sarif = json.loads(Path(run.outputs["sarif-file"]).read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"my%20conventions/a%20b.yaml"}
    assert "| File | Errors | Warnings |" in run.summary
    assert "| my conventions/a b.yaml | 5 | 0 |" in run.summary
    assert "### my conventions/a b.yaml" in run.summary
    assert "[ref.unresolved](https://citydiplomacy.github.io/" in run.summary


def test_action_summary_escapes_document_text(
    bin_dir: Path, tmp_path: Path, workspace: Path
) -> None:
    hostile = workspace / "my conventions" / "a b.yaml"
    text = hostile.read_text(encoding="utf-8").replace(
        "[waters]", '["x | <img src=x> @team [l](https://e.example) \\e[2J"]'
    )
    hostile.write_text(text, encoding="utf-8")
    run = _run_action(bin_dir, tmp_path, workspace, "my conventions")
    row = next(line for line in run.summary.splitlines() if "img" in line)
    assert "<img" not in row
    assert "&lt;img src=x&gt;" in row
    assert "@team" not in row
    assert "\\[l\\]\\(https" in row
    assert "x \\| " in row
    assert "\x1b" not in run.summary
    # Five cells: no pipe from the document splits the row.
    assert len(re.split(r"(?<!\\)\|", row)) == 7


def test_action_format_config_and_strict(bin_dir: Path, tmp_path: Path, workspace: Path) -> None:
    run = _run_action(bin_dir, tmp_path, workspace, "my conventions/warning only.yaml")
    assert run.result.returncode == 0
    strict = _run_action(
        bin_dir, tmp_path, workspace, "my conventions/warning only.yaml", strict="true"
    )
    assert strict.result.returncode == 1
    assert strict.result.stdout.startswith("::warning file=my conventions/warning only.yaml")
    assert strict.outputs["warnings"] == "1"
    as_json = _run_action(bin_dir, tmp_path, workspace, "my conventions", format="json")
    assert json.loads(as_json.result.stdout)["summary"]["errors"] == 5
    config = workspace / "ci settings.toml"
    config.write_text('ignore = ["ref.unresolved"]\n', encoding="utf-8")
    configured = _run_action(
        bin_dir, tmp_path, workspace, "my conventions", config="ci settings.toml"
    )
    assert configured.result.returncode == 0, configured.result.stdout
    assert configured.outputs["errors"] == "0"
    assert "5 suppressed" in configured.summary
    bad = _run_action(bin_dir, tmp_path, workspace, "examples", strict="maybe")
    assert bad.result.returncode == 2
    assert bad.result.stdout.startswith("::error title=citydiplomacy::strict must be")
    assert (
        _run_action(bin_dir, tmp_path, workspace, "examples", format="xml").result.returncode == 2
    )


def test_action_missing_path(bin_dir: Path, tmp_path: Path, workspace: Path) -> None:
    run = _run_action(bin_dir, tmp_path, workspace, "examples\nno-such-folder")
    assert run.result.returncode == 2
    assert "::error file=no-such-folder,title=unreadable::" in run.result.stdout
    assert "cannot read" in run.summary


def test_action_paths_cannot_inject_commands(
    bin_dir: Path, tmp_path: Path, workspace: Path
) -> None:
    marker = tmp_path / "pwned"
    for paths in (f"examples; touch {marker}", f"$(touch {marker})", f"`touch {marker}`"):
        run = _run_action(bin_dir, tmp_path, workspace, paths)
        assert not marker.exists()
        assert run.result.returncode == 2


def test_action_wildcards_are_expanded_only_when_no_file_has_the_name(
    bin_dir: Path, tmp_path: Path, workspace: Path
) -> None:
    run = _run_action(bin_dir, tmp_path, workspace, "examples/*.json")
    assert run.result.returncode == 0
    assert run.outputs["files-checked"] == str(len(list(EXAMPLES.glob("*.json"))))


def test_action_install_keeps_a_cached_environment(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "citydiplomacy").write_text("", encoding="utf-8")
    (venv / ".citydiplomacy-source").write_text(str(ROOT), encoding="utf-8")
    env = {
        **os.environ,
        "VENV": str(venv),
        "ACTION_PATH": str(ROOT),
        "VERSION": "",
        "PYTHON": "/nonexistent/python",
    }
    result = subprocess.run(
        [sys.executable, str(RUN_SCRIPT), "install"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "using the cached environment" in result.stdout
    env["VERSION"] = "0.1.0; rm -rf /"
    result = subprocess.run(
        [sys.executable, str(RUN_SCRIPT), "install"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "version must be a release number" in result.stdout


def test_docs_show_both(bin_dir: Path) -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "id: citydiplomacy-validate" in page
    assert "uses: citydiplomacy/citydiplomacy@" in page
    assert shutil.which("bash") is not None
