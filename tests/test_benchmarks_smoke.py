"""Smoke test of the benchmark tools: the corpus generator, the parse floor, the runner.

No timing is asserted here (the machine is shared and noisy); ``benchmarks/run.py``
measures, this only checks that what it measures is what it claims to be.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import citydiplomacy as cd
from citydiplomacy._io._reading import Format, read_text

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
KB = 1024


def _module(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _module("generate_corpus")

FILES = 30  # three blocks of ten: exactly three invalid files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gen.generate(tmp_path_factory.mktemp("corpus"), FILES, 1, seed=11, jobs=1)  # type: ignore[no-any-return]


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _parse(path: Path) -> object:
    _source, document, findings = read_text(path.read_bytes(), name=path.name)
    assert not findings, [str(f) for f in findings]
    return document


def test_layout_and_one_invalid_file_in_ten(corpus: Path) -> None:
    manifest = _manifest(corpus)
    assert corpus.name == "30f-1x"
    assert len(list((corpus / "json").glob("*.json"))) == FILES
    assert len(list((corpus / "yaml").glob("*.yaml"))) == FILES
    assert manifest["invalid"] == FILES // 10
    assert [e["name"] for e in manifest["entries"]] == [f"{i:05d}" for i in range(FILES)]


def test_sizes_at_1x(corpus: Path) -> None:
    for entry in _manifest(corpus)["entries"]:
        yaml_size = (corpus / "yaml" / f"{entry['name']}.yaml").stat().st_size
        json_size = (corpus / "json" / f"{entry['name']}.json").stat().st_size
        assert 10 * KB <= yaml_size <= 20 * KB, entry
        # The same document in canonical (indented) JSON: see fit_size.
        assert 10 * KB <= json_size <= gen.JSON_MAX_BYTES, entry


def test_verdicts_match_the_manifest(corpus: Path) -> None:
    for entry in _manifest(corpus)["entries"]:
        for fmt in ("json", "yaml"):
            path = corpus / fmt / f"{entry['name']}.{fmt}"
            report = cd.validate(path)
            assert report.valid is entry["valid"], (path, entry, [str(f) for f in report.errors])
            if entry["valid"]:
                assert cd.validate_text(path.read_bytes(), format=fmt).valid


def test_json_and_yaml_hold_the_same_documents(corpus: Path) -> None:
    for entry in _manifest(corpus)["entries"]:
        if entry["family"] == "syntax":
            continue
        name = entry["name"]
        assert _parse(corpus / "json" / f"{name}.json") == _parse(corpus / "yaml" / f"{name}.yaml")


def test_documents_depend_only_on_seed_and_index() -> None:
    assert gen.make_file(11, 3, 1) == gen.make_file(11, 3, 1)
    assert gen.make_file(11, 3, 1) != gen.make_file(12, 3, 1)


def test_every_corruption_makes_a_document_invalid() -> None:
    base = gen.build_convention(11, 0)
    assert cd.validate_document(base).valid
    seen: set[tuple[str, str]] = set()
    for seed in range(60):
        rng = random.Random(seed)
        document = copy.deepcopy(base)
        family, kind, detail = gen.corrupt(document, rng)
        seen.add((family, kind))
        if family == "syntax":
            to_json, to_yaml, _ = gen.writers()
            broken: list[tuple[str, Format]] = [
                (gen.break_json(to_json(document), rng), "json"),
                (gen.break_yaml(to_yaml(document), rng), "yaml"),
            ]
            for text, fmt in broken:
                report = cd.validate_text(text, format=fmt)
                assert [f.rule for f in report.errors] == ["read.syntax"], (fmt, detail)
            continue
        report = cd.validate_document(document)
        assert not report.valid, (family, kind, detail)
        expected = "schema." if family == "schema" else ("id.", "ref.", "date.", "timezone.")
        assert any(f.rule.startswith(expected) for f in report.errors), (detail, report.errors)
    assert {family for family, _ in seen} == {"schema", "semantic", "syntax"}


def test_scaled_documents_grow_with_their_actions() -> None:
    json_text, _yaml_text, entry = gen.make_file(11, 0, 10)
    assert 100 * KB <= entry["yaml_bytes"] <= 200 * KB
    assert len(json.loads(json_text)["actions"]) >= 100


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_floor_parses_the_corpus(corpus: Path, fmt: str) -> None:
    syntax = sum(e["family"] == "syntax" for e in _manifest(corpus)["entries"])
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "floor.py"), fmt, str(corpus / fmt)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"{fmt}: {FILES} files, {syntax} unparsable" in proc.stderr


def test_runner_measures_a_process(tmp_path: Path) -> None:
    run = _module("run")
    result = run.run_once([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path / "err")
    assert result.exit_code == 3
    assert result.max_rss_kb > 0
    assert result.seconds > 0


def _timed(run: ModuleType, files: int, seconds: float, kb: float = 0.0) -> Any:
    measurement = run.Measurement(
        key="m", label="m", cmd=[], shown="", expected_exit=(0,), repeat=1, files=files
    )
    measurement.nbytes = int(kb * KB)
    measurement.runs.append(run.Run(seconds, 0, 0, seconds, 0))
    return measurement


def test_linearity_is_judged_on_the_cost_per_extra_unit() -> None:
    run = _module("run")
    start = _timed(run, 1, 0.1)
    # A fixed cost of 0.1 s (start-up) plus 0.05 s (a pool) and 0.3 ms a file: linear,
    # though the per-file time after start-up differs between 200 and 20,000 files.
    rows = [
        run.ScalingRow("json", str(n), n, n, _timed(run, n, 0.15 + 0.0003 * n), start)
        for n in (200, 2000, 20000)
    ]
    slopes = run._slopes(rows)
    assert slopes == pytest.approx([0.0003, 0.0003])
    assert run._spread([r.marginal for r in rows]) > 1.1
    # Same volume at three document sizes: 0.2 ms a document plus 10 us a KB.
    sizes = [(2000, 22.0), (200, 220.0), (20, 2200.0)]
    rows = [
        run.ScalingRow(
            "json", f"{kb}", n, n * kb, _timed(run, n, 0.1 + n * (0.0002 + 0.00001 * kb)), start
        )
        for n, kb in sizes
    ]
    assert run._size_slopes(rows) == pytest.approx([0.00001, 0.00001])
    # Quadratic in size is caught.
    rows = [
        run.ScalingRow("json", f"{kb}", n, n * kb, _timed(run, n, 0.1 + n * 1e-7 * kb * kb), start)
        for n, kb in sizes
    ]
    low, high = run._size_slopes(rows)
    assert high / low > 5
