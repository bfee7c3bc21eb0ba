"""The release: one version, an sdist and a wheel that PyPI would accept and that work.

The build test needs a package index (``python -m build`` makes an isolated build
environment, and the fresh venv installs the dependencies): it is marked ``network``;
deselect it offline with ``-m "not network"``. ``.ci/run`` runs it.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import citydiplomacy as cd

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_the_version_lives_in_one_place() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/citydiplomacy/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?", cd.__version__)
    assert importlib.metadata.version("citydiplomacy") == cd.__version__


def _run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.network
def test_sdist_and_wheel_build_pass_twine_and_work(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # Without --sdist/--wheel, build makes the sdist, then the wheel from the sdist:
    # so the sdist holds everything the wheel needs.
    _run(sys.executable, "-m", "build", "--outdir", dist, ROOT)
    version = cd.__version__
    sdist = dist / f"citydiplomacy-{version}.tar.gz"
    wheel = dist / f"citydiplomacy-{version}-py3-none-any.whl"
    assert sorted(p.name for p in dist.iterdir()) == sorted([sdist.name, wheel.name])
    _run(sys.executable, "-m", "twine", "check", "--strict", sdist, wheel)

    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    for schema in ("convention.schema.json", "1.0/convention.schema.json"):
        assert f"citydiplomacy/schemas/{schema}" in names
    assert "citydiplomacy/schemas/codelists/instrument-kinds.csv" in names
    assert "citydiplomacy/py.typed" in names
    with tarfile.open(sdist) as t:
        members = set(t.getnames())
    assert f"citydiplomacy-{version}/examples/grenoble-tiznit.yaml" in members

    # A fresh venv with nothing but the wheel (and its dependencies) validates the
    # reference example, from outside the checkout.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    done = _run(
        bin_dir / "citydiplomacy",
        "validate",
        ROOT / "examples" / "grenoble-tiznit.yaml",
        ROOT / "examples" / "grenoble-tiznit.json",
        cwd=tmp_path,
    )
    assert "2 valid, 0 with errors" in done.stdout + done.stderr
    shown = _run(bin_dir / "citydiplomacy", "--version", cwd=tmp_path)
    assert shown.stdout.strip() == f"citydiplomacy {version}"


def test_docs_do_not_promise_a_release_that_does_not_exist() -> None:
    """Until a release is on PyPI, install commands from PyPI say "once released"."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    pypi = re.compile(r"pip install (?:-U )?[\"']?citydiplomacy(?:==|\[|[\"']?\s*$)", re.M)
    found = [
        f"{page.relative_to(ROOT)}: {paragraph.strip()}"
        for page in pages
        for paragraph in re.split(r"\n\s*\n", page.read_text("utf-8"))
        if pypi.search(paragraph) and not re.search(r"once|not yet|released", paragraph)
    ]
    assert not found, "\n".join(found)
