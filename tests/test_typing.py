"""The public API's types, tested like attrs tests its own: ``tests/typing/``.

``intended.py`` holds uses that must type-check; ``wrong.py`` holds uses that must be
rejected, each marked ``# type: ignore[code]`` with the error expected. mypy runs on
both with the project's strict settings (``warn_unused_ignores`` fails a wrong use
that is accepted), then on ``wrong.py`` without its comments, where each marked line
must fail with exactly its code. pyright (strict, with unnecessary ignores as errors)
runs too when it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TYPING = ROOT / "tests" / "typing"
_IGNORE = re.compile(r"  # type: ignore\[([a-z-]+(?:, [a-z-]+)*)\]$")
_MYPY_LINE = re.compile(r"^[^:]+:(\d+): error: .*\[([a-z-]+)\]$")

mypy_api = pytest.importorskip(
    "mypy.api", reason="mypy is not installed (pip install -e '.[test]')"
)


def _expected() -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for number, line in enumerate((TYPING / "wrong.py").read_text("utf-8").splitlines(), 1):
        match = _IGNORE.search(line)
        if match:
            out[number] = set(match.group(1).split(", "))
    return out


def _mypy(*paths: Path) -> tuple[str, int]:
    out, err, status = mypy_api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", *map(str, paths)]
    )
    return out + err, status


def test_intended_uses_type_check_and_wrong_ones_are_marked() -> None:
    assert len(_expected()) >= 15
    log, status = _mypy(TYPING / "intended.py", TYPING / "wrong.py")
    assert status == 0, log


def test_each_wrong_use_fails_with_its_own_code(tmp_path: Path) -> None:
    stripped = tmp_path / "wrong_unmarked.py"
    lines = (TYPING / "wrong.py").read_text("utf-8").splitlines()
    stripped.write_text("\n".join(_IGNORE.sub("", line) for line in lines) + "\n", "utf-8")
    log, status = _mypy(stripped)
    assert status == 1, log
    found: dict[int, set[str]] = {}
    for line in log.splitlines():
        match = _MYPY_LINE.match(line)
        if match:
            found.setdefault(int(match.group(1)), set()).add(match.group(2))
    assert found == _expected(), log


def test_pyright_agrees() -> None:
    pyright = shutil.which("pyright") or str(Path(sys.executable).parent / "pyright")
    if not Path(pyright).exists():
        pytest.skip("pyright is not installed (pip install pyright; it downloads Node.js)")
    result = subprocess.run(
        [pyright, "-p", str(TYPING), "--pythonpath", sys.executable],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0 and "errors" not in result.stdout:
        pytest.skip(f"pyright could not run here: {result.stdout}{result.stderr}")
    assert result.returncode == 0, result.stdout + result.stderr
