"""The README's code works, and CI runs exactly the README's two commands."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def test_python_example_runs_and_says_true(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (code,) = _blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    conv = namespace["conv"]
    assert [p.name.text("fr") for p in conv.parties] == ["Grenoble", "Tiznit"]  # type: ignore[attr-defined]
    assert conv.party("tiznit").name["zgh-Tfng"] == "ⵜⵉⵣⵏⵉⵜ"  # type: ignore[attr-defined]
    assert namespace["report"].valid  # type: ignore[attr-defined]


def test_ci_runs_the_readme_commands() -> None:
    commands = [block.strip() for block in _blocks("sh")[:2]]
    assert len(commands) == 2
    assert "citydiplomacy validate examples/grenoble-tiznit.yaml" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    for command in commands:
        assert any(command in line.replace("--quiet ", "") for line in ci), command
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
