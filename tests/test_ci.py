"""The pre-commit hook and the GitHub Action run what they say, with the right result.

Each test reads the command from the YAML file users get (``.pre-commit-hooks.yaml``,
``action.yml``), substitutes the inputs the way pre-commit or GitHub would, and runs
it on the example folders.
"""

from __future__ import annotations

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


def _hook() -> dict[str, Any]:
    hooks = _load(".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["citydiplomacy-validate"]
    hook: dict[str, Any] = hooks[0]
    return hook


def test_hook_definition() -> None:
    hook = _hook()
    assert hook["language"] == "python"
    assert hook["entry"] == "citydiplomacy validate"
    pattern = re.compile(hook["files"])
    for name in ("a.yaml", "dir/b.yml", "c.json"):
        assert pattern.search(name), name
    for name in ("a.txt", "yaml.md", "b.yaml.bak"):
        assert not pattern.search(name), name
    assert "narrow" in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def _run_hook(bin_dir: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    hook = _hook()
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


def test_action_definition() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert set(inputs) == {"paths", "strict", "python-version", "version"}
    assert inputs["paths"]["required"] is True
    for name, spec in inputs.items():
        assert spec["description"], name
    steps = action["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert install["env"]["VERSION"] == "${{ inputs.version }}"
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "${{ inputs.python-version }}"
    for step in steps:
        # Inputs go through env, never straight into a script (no shell injection).
        assert "${{" not in step.get("run", ""), step.get("name")


def _run_action(bin_dir: Path, paths: str, strict: str) -> subprocess.CompletedProcess[str]:
    step = next(
        s for s in _action()["runs"]["steps"] if "citydiplomacy validate" in s.get("run", "")
    )
    assert step["shell"] == "bash"
    inputs = {"paths": paths, "strict": strict, "python-version": "3.12", "version": ""}
    env = {k: _substitute(str(v), inputs, {}) for k, v in step.get("env", {}).items()}
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=_env(bin_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )


def test_action_passes_valid_folders(bin_dir: Path) -> None:
    paths = f"{EXAMPLES.relative_to(ROOT)}\n{POSITIVE.relative_to(ROOT)}"
    result = _run_action(bin_dir, paths, "false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_action_annotates_broken_files(bin_dir: Path) -> None:
    result = _run_action(bin_dir, f"examples {NEGATIVE.relative_to(ROOT)}/*.json", "false")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("::error file=tests/example-files/negative/")


def test_action_strict(bin_dir: Path) -> None:
    relative = str(WARNING_ONLY.relative_to(ROOT))
    assert _run_action(bin_dir, relative, "false").returncode == 0
    strict = _run_action(bin_dir, relative, "true")
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=")
    assert _run_action(bin_dir, relative, "maybe").returncode == 2


def test_action_missing_path(bin_dir: Path) -> None:
    result = _run_action(bin_dir, "examples no-such-folder", "false")
    assert result.returncode == 2
    assert "::error file=no-such-folder,title=unreadable::" in result.stdout


def test_action_paths_cannot_inject_commands(bin_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    result = _run_action(bin_dir, f"examples; touch {marker}", "false")
    assert not marker.exists()
    assert result.returncode == 2


def test_docs_show_both(bin_dir: Path) -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "id: citydiplomacy-validate" in page
    assert "uses: citydiplomacy/citydiplomacy@" in page
    assert shutil.which("bash") is not None
