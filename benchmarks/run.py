"""Benchmark ``citydiplomacy validate`` against check-jsonschema and the parse floor.

Everything is measured in ONE run, as whole processes, because the machine is noisy:
only ratios between numbers taken side by side mean anything. For each command the
wall time is taken with ``time.perf_counter`` around the child process, and its peak
memory from ``os.wait4`` (the child's own ``ru_maxrss``, which Linux folds together
with the children it waited for: the largest single process of the tree). Commands
are started by a small launcher process, not forked from this script (see
``LAUNCHER``), so that the runner's own memory does not leak into theirs. A sampler
also sums the resident memory of the whole process tree every 20 ms, so that a
process pool shows up as the sum of its workers. Rounds are interleaved (A, B, C, A,
B, C, ...) so that drift on the machine hits every command alike; each command
reports its best and its median.

What is measured (see the brief, issue 3 item 7):

a. ``citydiplomacy validate <corpus>/json`` and ``<corpus>/yaml``;
b. ``check-jsonschema --schemafile schemas/convention.schema.json <files...>``;
c. the floor: ``benchmarks/floor.py`` parsing the same files (orjson, libyaml);
d. one file (the pre-commit case): ``citydiplomacy validate FILE`` vs check-jsonschema;
e. scaling: 200, 2,000, 20,000 files; 1x, 10x, 100x documents; memory as files grow.

Targets are checked and written with the numbers to ``benchmarks/RESULTS.md``.

    /tmp/benchvenv/bin/python benchmarks/run.py            # full run (tens of minutes)
    /tmp/benchvenv/bin/python benchmarks/run.py --quick    # smoke run (about a minute)
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA = ROOT / "schemas" / "convention.schema.json"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

# Targets (issue 3, item 7). "Roughly constant" and "flat" need a number: a spread of
# at most 1.5x between the smallest and the largest value.
TARGET_VS_CHECK_JSONSCHEMA = 25.0  # JSON corpus: at least 25x faster than check-jsonschema
TARGET_JSON_FLOOR = 5.0  # JSON corpus: at most 5x the orjson parse floor
TARGET_YAML_FLOOR = 1.5  # YAML corpus: at most 1.5x the libyaml parse floor
TARGET_ONE_FILE = 0.5  # one file: at most 0.5x check-jsonschema's time
TARGET_SPREAD = 1.5  # linear in files and in size, memory flat: max/min at most 1.5


# -- measuring one process ------------------------------------------------------------------


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KB (0 once it is gone)."""
    total = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * PAGE_KB
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class Run:
    """One execution of a command."""

    seconds: float
    max_rss_kb: int
    tree_peak_kb: int
    cpu_seconds: float
    exit_code: int


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSTARTUP"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # never write .pyc into the venv mid-benchmark
    env["CI"] = "1"  # no progress line from validate
    return env


#: The launcher: a minimal interpreter (``-I -S``, about 9 MB) that spawns each measured
#: command and waits for it with ``os.wait4``. Measured commands are not forked from
#: this script itself because Linux carries the parent's peak RSS into a forked
#: child's ``ru_maxrss`` (the old address space is accounted at ``exec``): forked from
#: a 60 MB benchmark runner, even ``python -c pass`` would report 60 MB.
LAUNCHER = """
import json, os, sys, time
null = os.open(os.devnull, os.O_RDWR)
for line in sys.stdin:
    req = json.loads(line)
    err = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    began = time.perf_counter()
    pid = os.posix_spawn(req["cmd"][0], req["cmd"], req["env"], file_actions=[
        (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1),
        (os.POSIX_SPAWN_DUP2, err, 2)])
    print(json.dumps({"pid": pid}), flush=True)
    _, status, ru = os.wait4(pid, 0)
    seconds = time.perf_counter() - began
    os.close(err)
    print(json.dumps({"seconds": seconds, "maxrss": ru.ru_maxrss,
                      "cpu": ru.ru_utime + ru.ru_stime,
                      "exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""


class Launcher:
    """A small long-lived process that runs the measured commands (see ``LAUNCHER``)."""

    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )
        self.env = _child_env()

    def run(self, cmd: Sequence[str], stderr_path: Path) -> Run:
        """Run ``cmd`` once; stdout to /dev/null, stderr to a file; measure it."""
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        request = {"cmd": list(cmd), "env": self.env, "stderr": str(stderr_path)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        started = json.loads(self.proc.stdout.readline())
        sampler = TreeSampler(int(started["pid"]))
        sampler.start()
        result = json.loads(self.proc.stdout.readline())
        sampler.stop()
        return Run(
            seconds=float(result["seconds"]),
            max_rss_kb=int(result["maxrss"]),
            tree_peak_kb=max(sampler.peak_kb, int(result["maxrss"])),
            cpu_seconds=float(result["cpu"]),
            exit_code=int(result["exit"]),
        )

    def close(self) -> None:
        """Stop the launcher."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def run_once(cmd: Sequence[str], stderr_path: Path, python: str = sys.executable) -> Run:
    """Run ``cmd`` once in a fresh launcher (for tests; the benchmark keeps one)."""
    launcher = Launcher(python)
    try:
        return launcher.run(cmd, stderr_path)
    finally:
        launcher.close()


@dataclass
class Measurement:
    """A command measured several times, with what it ran on."""

    key: str
    label: str
    cmd: list[str]
    shown: str  # the command line as printed in RESULTS.md
    expected_exit: tuple[int, ...]
    repeat: int
    files: int = 0
    nbytes: int = 0
    runs: list[Run] = field(default_factory=list)
    stderr_tail: str = ""

    @property
    def warm_up(self) -> bool:
        """Cheap commands, and the floors (they read every file: page cache), warm up."""
        return self.files <= 1 or self.key.startswith("floor-")

    @property
    def done(self) -> bool:
        return bool(self.runs)

    @property
    def ok(self) -> bool:
        return self.done and all(r.exit_code in self.expected_exit for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return statistics.median(r.max_rss_kb for r in self.runs) / 1024

    @property
    def tree_mb(self) -> float:
        return statistics.median(r.tree_peak_kb for r in self.runs) / 1024

    @property
    def cpu(self) -> float:
        return min(r.cpu_seconds for r in self.runs)

    @property
    def exits(self) -> str:
        return ",".join(sorted({str(r.exit_code) for r in self.runs}))


def measure_all(measurements: list[Measurement], log: Path, launcher: Launcher) -> None:
    """Warm up (caches, page cache), then run every measurement in interleaved rounds."""
    for m in measurements:
        if m.warm_up:
            run = launcher.run(m.cmd, log / f"{m.key}.warm-up.stderr")
            print(f"  warm-up   {m.label:<48} {run.seconds:8.3f} s", flush=True)
    rounds = max(m.repeat for m in measurements)
    for r in range(rounds):
        for m in measurements:
            if r >= m.repeat:
                continue
            err = log / f"{m.key}.stderr"
            run = launcher.run(m.cmd, err)
            m.runs.append(run)
            if run.exit_code not in m.expected_exit:
                text = err.read_text(encoding="utf-8", errors="replace")
                m.stderr_tail = text[-2000:]
            print(
                f"  round {r + 1}/{m.repeat} {m.label:<48} {run.seconds:8.3f} s "
                f"{run.max_rss_kb / 1024:7.1f} MB tree {run.tree_peak_kb / 1024:7.1f} MB "
                f"exit {run.exit_code}",
                flush=True,
            )


# -- corpora ---------------------------------------------------------------------------------


@dataclass
class Corpus:
    """A generated corpus on disk."""

    folder: Path
    files: int
    scale: int
    json_files: list[Path]
    yaml_files: list[Path]
    json_bytes: int
    yaml_bytes: int
    manifest: dict[str, object]


def ensure_corpus(root: Path, files: int, scale: int, seed: int) -> Corpus:
    """The corpus with this size, generated if missing or made with another seed/writer."""
    folder = root / generate_corpus.size_label(files, scale)
    manifest_path = folder / "manifest.json"
    manifest: dict[str, object] = {}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if (
        manifest.get("seed") != seed
        or manifest.get("files") != files
        or manifest.get("writer") != generate_corpus.writers()[2]
    ):
        print(f"generating {folder} ...", flush=True)
        began = time.perf_counter()
        generate_corpus.generate(root, files, scale, seed)
        print(f"  done in {time.perf_counter() - began:.0f} s", flush=True)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    json_files = sorted((folder / "json").glob("*.json"))
    yaml_files = sorted((folder / "yaml").glob("*.yaml"))
    return Corpus(
        folder,
        files,
        scale,
        json_files,
        yaml_files,
        sum(p.stat().st_size for p in json_files),
        sum(p.stat().st_size for p in yaml_files),
        manifest,
    )


def one_valid_file(corpus: Corpus, fmt: str) -> Path:
    """A valid file of typical size (the median of the valid ones)."""
    entries = [e for e in corpus.manifest["entries"] if e["valid"]]  # type: ignore[attr-defined]
    entries.sort(key=lambda e: e[f"{fmt}_bytes"])
    name = entries[len(entries) // 2]["name"]
    return corpus.folder / fmt / f"{name}.{fmt}"


# -- the plan ----------------------------------------------------------------------------------


@dataclass
class Tools:
    """The executables measured."""

    venv: Path

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    @property
    def citydiplomacy(self) -> str:
        return str(self.venv / "bin" / "citydiplomacy")

    @property
    def check_jsonschema(self) -> str:
        return str(self.venv / "bin" / "check-jsonschema")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def validate_cmd(tools: Tools, target: Path) -> tuple[list[str], str]:
    # The targets measure checking each file, as check-jsonschema does. On a folder,
    # validate also runs the rules across files (portfolio.*) by default, which keep an
    # outline of every file: benchmarks/portfolio.py measures that run beside this one.
    cmd = [tools.citydiplomacy, "validate", "--no-portfolio-rules", str(target)]
    return cmd, f"{tools.citydiplomacy} validate --no-portfolio-rules {_rel(target)} > /dev/null"


def cjs_cmd(tools: Tools, files: list[Path], shown_files: str) -> tuple[list[str], str]:
    exe = tools.check_jsonschema
    cmd = [exe, "--schemafile", str(SCHEMA), *map(str, files)]
    return cmd, f"{exe} --schemafile {_rel(SCHEMA)} {shown_files} > /dev/null"


def floor_cmd(tools: Tools, fmt: str, target: Path, *extra: str) -> tuple[list[str], str]:
    cmd = [tools.python, str(HERE / "floor.py"), fmt, str(target), "--quiet", *extra]
    return cmd, " ".join(
        [tools.python, "benchmarks/floor.py", fmt, _rel(target), "--quiet", *extra]
    )


@dataclass
class Plan:
    """All measurements of one benchmark run, by key."""

    items: dict[str, Measurement] = field(default_factory=dict)

    def add(
        self,
        key: str,
        label: str,
        cmd_shown: tuple[list[str], str],
        expected: tuple[int, ...],
        repeat: int,
        *,
        files: int = 0,
        nbytes: int = 0,
    ) -> None:
        cmd, shown = cmd_shown
        self.items[key] = Measurement(key, label, cmd, shown, expected, repeat, files, nbytes)

    def __getitem__(self, key: str) -> Measurement:
        return self.items[key]

    def get(self, key: str) -> Measurement | None:
        return self.items.get(key)


FINDINGS = (1,)  # the corpora hold invalid files: exit 1 is the expected outcome
CLEAN = (0,)


def build_plan(args: argparse.Namespace, tools: Tools) -> tuple[Plan, dict[str, Corpus], list[str]]:
    quick = args.quick
    seed = args.seed
    notes: list[str] = []
    corpora: dict[str, Corpus] = {}
    main_n = args.files
    file_sizes = [50, main_n] if quick else [200, main_n, 20000]
    if args.skip_20000 and not quick:
        file_sizes = [200, main_n]
        notes.append("The 20,000-file corpus was skipped (--skip-20000).")
    file_sizes = sorted(set(file_sizes))
    for n in file_sizes:
        corpora[f"files-{n}"] = ensure_corpus(args.corpus_root, n, 1, seed)
    main = corpora[f"files-{main_n}"]
    # Document size: the same volume at every scale (main_n files at 1x, a tenth as many
    # ten times larger, a hundredth a hundred times larger), so that fixed costs of a run
    # (start-up, the worker pool) weigh the same and only the size of documents changes.
    size_scales = (
        [(1, main_n), (10, max(1, main_n // 10))]
        if quick
        else [(1, main_n), (10, max(1, main_n // 10)), (100, max(1, main_n // 100))]
    )
    for scale, n in size_scales:
        key = f"files-{n}" if scale == 1 else f"scale-{scale}"
        if key not in corpora:
            corpora[key] = ensure_corpus(args.corpus_root, n, scale, seed)
        corpora[f"scale-{scale}"] = corpora[key]

    rep, rep_one = (1, 3) if quick else (args.repeat, args.one_file_repeat)
    plan = Plan()
    # Fixed costs: the interpreter, and the command's imports.
    plan.add(
        "python",
        "python -c pass (interpreter start-up)",
        ([tools.python, "-c", "pass"], f"{tools.python} -c pass"),
        CLEAN,
        rep_one,
    )
    plan.add(
        "cd-version",
        "citydiplomacy --version (start-up, imports)",
        ([tools.citydiplomacy, "--version"], f"{tools.citydiplomacy} --version"),
        CLEAN,
        rep_one,
    )
    # (a)-(c): the main corpus.
    for fmt in ("json", "yaml"):
        files = main.json_files if fmt == "json" else main.yaml_files
        nbytes = main.json_bytes if fmt == "json" else main.yaml_bytes
        folder = main.folder / fmt
        plan.add(
            f"cd-{fmt}",
            f"citydiplomacy validate {main.files} {fmt}",
            validate_cmd(tools, folder),
            FINDINGS,
            rep,
            files=len(files),
            nbytes=nbytes,
        )
        if not args.skip_check_jsonschema:
            plan.add(
                f"cjs-{fmt}",
                f"check-jsonschema {main.files} {fmt}",
                cjs_cmd(tools, files, f"{_rel(folder)}/*.{fmt}  # {len(files)} paths"),
                FINDINGS,
                (args.cjs_repeat if fmt == "json" else args.cjs_yaml_repeat) if not quick else 1,
                files=len(files),
                nbytes=nbytes,
            )
        plan.add(
            f"floor-{fmt}",
            f"floor {fmt} {main.files} ({'orjson' if fmt == 'json' else 'libyaml'})",
            floor_cmd(tools, fmt, folder),
            CLEAN,
            rep,
            files=len(files),
            nbytes=nbytes,
        )
    plan.add(
        "floor-yaml-nogc",
        f"floor yaml {main.files}, GC paused",
        floor_cmd(tools, "yaml", main.folder / "yaml", "--no-gc"),
        CLEAN,
        rep,
        files=len(main.yaml_files),
        nbytes=main.yaml_bytes,
    )
    # (d): one file, the pre-commit case.
    for fmt in ("json", "yaml"):
        one = one_valid_file(main, fmt)
        plan.add(
            f"cd-one-{fmt}",
            f"citydiplomacy validate 1 {fmt} file",
            validate_cmd(tools, one),
            CLEAN,
            rep_one,
            files=1,
            nbytes=one.stat().st_size,
        )
        if not args.skip_check_jsonschema:
            plan.add(
                f"cjs-one-{fmt}",
                f"check-jsonschema 1 {fmt} file",
                cjs_cmd(tools, [one], _rel(one)),
                CLEAN,
                rep_one,
                files=1,
                nbytes=one.stat().st_size,
            )
        if args.cjs_own_venv is not None:
            plan.add(
                f"cjs-own-one-{fmt}",
                f"check-jsonschema (own venv) 1 {fmt} file",
                cjs_cmd(Tools(args.cjs_own_venv), [one], _rel(one)),
                CLEAN,
                rep_one,
                files=1,
                nbytes=one.stat().st_size,
            )
    if args.cjs_own_venv is not None:
        plan.add(
            "cjs-own-json",
            f"check-jsonschema (own venv) {main.files} json",
            cjs_cmd(
                Tools(args.cjs_own_venv),
                main.json_files,
                f"{_rel(main.folder / 'json')}/*.json  # {len(main.json_files)} paths",
            ),
            FINDINGS,
            args.cjs_repeat if not quick else 1,
            files=len(main.json_files),
            nbytes=main.json_bytes,
        )
    # (e): scaling in files (time and memory) and in document size.
    for n in file_sizes:
        if n == main_n:
            continue
        c = corpora[f"files-{n}"]
        for fmt in ("json", "yaml"):
            folder = c.folder / fmt
            files = c.json_files if fmt == "json" else c.yaml_files
            plan.add(
                f"cd-{fmt}-files-{n}",
                f"citydiplomacy validate {n} {fmt}",
                validate_cmd(tools, folder),
                FINDINGS,
                rep,
                files=len(files),
                nbytes=c.json_bytes if fmt == "json" else c.yaml_bytes,
            )
    for scale, _n in size_scales:
        if scale == 1:
            continue
        c = corpora[f"scale-{scale}"]
        for fmt in ("json", "yaml"):
            folder = c.folder / fmt
            files = c.json_files if fmt == "json" else c.yaml_files
            plan.add(
                f"cd-{fmt}-scale-{scale}",
                f"citydiplomacy validate {len(files)} {fmt} at {scale}x",
                validate_cmd(tools, folder),
                FINDINGS + CLEAN,
                rep,
                files=len(files),
                nbytes=c.json_bytes if fmt == "json" else c.yaml_bytes,
            )
            plan.add(
                f"floor-{fmt}-scale-{scale}",
                f"floor {fmt} {len(files)} at {scale}x",
                floor_cmd(tools, fmt, folder),
                CLEAN,
                rep,
                files=len(files),
                nbytes=c.json_bytes if fmt == "json" else c.yaml_bytes,
            )
    if 20000 in file_sizes:
        notes.append(
            "check-jsonschema is not run on the 20,000-file corpus (too slow to repeat, and "
            "its argument list would be the only one of that length); the targets against it "
            f"use the {main_n}-file corpus."
        )
    notes.append(
        "Linearity (in files and in document size) is judged on the time per extra file, "
        "or per extra KB of document, between successive sizes: a fixed cost plus a cost "
        "per unit is linear. The spread of the per-unit time after the start-up of one "
        "process is shown as a diagnosis: it also counts, spread over the smallest run, "
        "the fixed costs that a larger run has and a one-file run has not (starting the "
        "worker pool; in the size series, 2,000 small files against 20 large ones)."
    )
    notes.append(
        "validate runs with --no-portfolio-rules: the targets measure checking each file, "
        "as check-jsonschema does. The rules across files (portfolio.*, on by default for a "
        "folder) keep an outline of every file; their cost in time and memory is measured "
        "beside load_portfolio in the Portfolios section below (benchmarks/portfolio.py)."
    )
    return plan, corpora, notes


# -- results -----------------------------------------------------------------------------------


@dataclass
class Target:
    """One acceptance target and its verdict."""

    name: str
    measured: str
    limit: str
    passed: bool | None  # None: could not be measured, or a diagnosis
    cpu: str = ""  # the same ratio on CPU time (user + system, all processes of the tree)
    diagnosis: bool = False  # shown to explain a verdict, not a target itself

    @property
    def verdict(self) -> str:
        if self.diagnosis:
            return "diagnosis"
        return "n/a" if self.passed is None else ("PASS" if self.passed else "FAIL")


def _ratio(a: Measurement | None, b: Measurement | None) -> float | None:
    if a is None or b is None or not a.ok or not b.ok:
        return None
    return a.best / b.best


def _fmt(x: float | None, spec: str = ".2f", suffix: str = "x") -> str:
    return "n/a" if x is None else f"{x:{spec}}{suffix}"


@dataclass
class ScalingRow:
    """One ``validate`` run of a scaling series, with its costs per unit (file or KB)."""

    fmt: str
    label: str  # "200" files, or "10x"
    files: int
    units: float  # files, or KB
    m: Measurement
    start: Measurement | None  # the one-file run of the same format: the fixed cost

    @property
    def per_unit(self) -> float:
        """Wall time per unit, start-up included (seconds)."""
        return self.m.best / self.units

    @property
    def marginal(self) -> float:
        """Wall time per unit after the start-up of one process (seconds)."""
        start = self.start.best if self.start is not None else 0.0
        return max(self.m.best - start, 0.0) / self.units

    @property
    def cpu_marginal(self) -> float:
        """CPU time (whole tree) per unit after the CPU time of one one-file run (seconds)."""
        start = self.start.cpu if self.start is not None else 0.0
        return max(self.m.cpu - start, 0.0) / self.units


def _slopes(rows: list[ScalingRow], *, cpu: bool = False) -> list[float | None]:
    """Time per extra file between successive rows of the files series.

    Time is linear in the number of files (a fixed cost plus a cost per file) exactly
    when these agree. None where the second row has no more files than the first.
    """
    return [
        ((b.m.cpu - a.m.cpu) if cpu else (b.m.best - a.m.best)) / (b.files - a.files)
        if b.files > a.files * 1.1
        else None
        for a, b in itertools.pairwise(rows)
    ]


def _size_slopes(rows: list[ScalingRow], *, cpu: bool = False) -> list[float | None]:
    """Time per extra KB of document between successive rows of the size series.

    Each row's time per document is its time after start-up divided by its files;
    time is linear in document size (a cost per document plus a cost per KB) exactly
    when these slopes agree.
    """

    def per_document(row: ScalingRow) -> float:
        return (row.cpu_marginal if cpu else row.marginal) * row.units / row.files

    return [
        (per_document(b) - per_document(a)) / (b.units / b.files - a.units / a.files)
        if b.units / b.files > 1.1 * a.units / a.files
        else None
        for a, b in itertools.pairwise(rows)
    ]


def scaling_rows(
    plan: Plan, corpora: dict[str, Corpus], main_n: int
) -> tuple[list[ScalingRow], list[ScalingRow]]:
    """Rows of the files series (units: files) and of the size series (units: KB)."""
    files_rows: list[ScalingRow] = []
    size_rows: list[ScalingRow] = []
    for fmt in ("json", "yaml"):
        start = plan.get(f"cd-one-{fmt}")
        start = start if start is not None and start.ok else None
        for key, c in sorted(corpora.items(), key=lambda kv: kv[1].files):
            if not key.startswith("files-"):
                continue
            m = plan.get(f"cd-{fmt}" if c.files == main_n else f"cd-{fmt}-files-{c.files}")
            if m is not None and m.ok:
                files_rows.append(ScalingRow(fmt, str(c.files), c.files, c.files, m, start))
        for scale in (1, 10, 100):
            sc = corpora.get(f"scale-{scale}")
            if sc is None:
                continue
            key = (
                (f"cd-{fmt}" if sc.files == main_n else f"cd-{fmt}-files-{sc.files}")
                if scale == 1
                else f"cd-{fmt}-scale-{scale}"
            )
            m = plan.get(key)
            if m is not None and m.ok:
                size_rows.append(ScalingRow(fmt, f"{scale}x", m.files, m.nbytes / 1024, m, start))
    return files_rows, size_rows


def _spread(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    return max(values) / min(values) if len(values) >= 2 else None


def _spread_target(
    name: str, values: list[float], cpu: list[float] | None = None, *, diagnosis: bool = False
) -> Target:
    """Target on max/min of values that should be about equal (second column: ``cpu``)."""
    spread = _spread(values)
    cpu_spread = _spread(cpu) if cpu is not None else None
    return Target(
        name,
        _fmt(spread),
        "" if diagnosis else f"<= {TARGET_SPREAD:g}x",
        None if spread is None or diagnosis else spread <= TARGET_SPREAD,
        _fmt(cpu_spread) if cpu is not None else "",
        diagnosis=diagnosis,
    )


def _ratio_target(
    plan: Plan, name: str, keys: tuple[str, str], limit: float, *, at_least: bool = False
) -> Target:
    """Target on the ratio of two measurements' best wall times (CPU ratio shown too)."""
    a, b = plan.get(keys[0]), plan.get(keys[1])
    r = _ratio(a, b)
    cpu = None if r is None or a is None or b is None or not b.cpu else a.cpu / b.cpu
    passed = None if r is None else (r >= limit if at_least else r <= limit)
    spec = ".1f" if at_least else ".2f"
    return Target(
        name, _fmt(r, spec), f"{'>=' if at_least else '<='} {limit:g}x", passed, _fmt(cpu, spec)
    )


def evaluate(plan: Plan, corpora: dict[str, Corpus], main_n: int) -> list[Target]:
    """Every target of the brief, with its verdict."""
    targets = [
        _ratio_target(
            plan,
            f"JSON corpus ({main_n} files): check-jsonschema time / citydiplomacy time",
            ("cjs-json", "cd-json"),
            TARGET_VS_CHECK_JSONSCHEMA,
            at_least=True,
        ),
        _ratio_target(
            plan,
            "JSON corpus: citydiplomacy time / orjson parse floor",
            ("cd-json", "floor-json"),
            TARGET_JSON_FLOOR,
        ),
        _ratio_target(
            plan,
            "YAML corpus: citydiplomacy time / libyaml parse floor",
            ("cd-yaml", "floor-yaml"),
            TARGET_YAML_FLOOR,
        ),
    ]
    for fmt in ("json", "yaml"):
        targets.append(
            _ratio_target(
                plan,
                f"One {fmt.upper()} file: citydiplomacy time / check-jsonschema time",
                (f"cd-one-{fmt}", f"cjs-one-{fmt}"),
                TARGET_ONE_FILE,
            )
        )
    if plan.get("cjs-own-json") is not None:
        targets.append(
            _ratio_target(
                plan,
                "JSON corpus: check-jsonschema (own venv) time / citydiplomacy time",
                ("cjs-own-json", "cd-json"),
                TARGET_VS_CHECK_JSONSCHEMA,
                at_least=True,
            )
        )
        for fmt in ("json", "yaml"):
            targets.append(
                _ratio_target(
                    plan,
                    f"One {fmt.upper()} file: citydiplomacy time / "
                    "check-jsonschema (own venv) time",
                    (f"cd-one-{fmt}", f"cjs-own-one-{fmt}"),
                    TARGET_ONE_FILE,
                )
            )
    files_rows, size_rows = scaling_rows(plan, corpora, main_n)
    # "Linear" is read as a fixed cost plus a cost per unit: the verdict is on the cost
    # per extra unit (the slope between successive sizes), which a fixed cost does not
    # change. The cost per unit after the start-up of one process is shown as a
    # diagnosis: it also carries the fixed costs a larger run has and a one-file run
    # has not (starting the worker pool), which weigh most on the smallest run.
    for fmt in ("json", "yaml"):
        rows = [row for row in files_rows if row.fmt == fmt]
        sizes = "/".join(row.label for row in rows)
        targets.append(
            _spread_target(
                f"{fmt.upper()}: time linear in files ({sizes}): "
                "spread of the time per extra file between successive sizes",
                [x for x in _slopes(rows) if x is not None],
                cpu=[x for x in _slopes(rows, cpu=True) if x is not None],
            )
        )
        targets.append(
            _spread_target(
                f"{fmt.upper()}: (diagnosis) spread of per-file time after start-up",
                [row.marginal for row in rows],
                cpu=[row.cpu_marginal for row in rows],
                diagnosis=True,
            )
        )
        mb = ", ".join(f"{row.m.rss_mb:.0f}" for row in rows)
        tree = ", ".join(f"{row.m.tree_mb:.0f}" for row in rows)
        targets.append(
            _spread_target(
                f"{fmt.upper()}: peak memory flat as files grow ({sizes}): max/min peak RSS "
                f"({mb} MB; whole tree {tree} MB)",
                [row.m.rss_mb for row in rows],
            )
        )
        rows = [row for row in size_rows if row.fmt == fmt]
        scales = "/".join(row.label for row in rows)
        targets.append(
            _spread_target(
                f"{fmt.upper()}: time linear in document size ({scales}): "
                "spread of the time per extra KB of document between successive scales",
                [x for x in _size_slopes(rows) if x is not None],
                cpu=[x for x in _size_slopes(rows, cpu=True) if x is not None],
            )
        )
        targets.append(
            _spread_target(
                f"{fmt.upper()}: (diagnosis) spread of per-KB time after start-up",
                [row.marginal for row in rows],
                cpu=[row.cpu_marginal for row in rows],
                diagnosis=True,
            )
        )
    return targets


def _version(tools: Tools, code: str) -> str:
    try:
        out = subprocess.run(
            [tools.python, "-c", code], capture_output=True, text=True, check=True, env=_child_env()
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"unknown ({exc})"
    return out.stdout.strip()


def machine_info(tools: Tools) -> list[tuple[str, str]]:
    meta = "import importlib.metadata as m; print(m.version({!r}))"
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        ("date", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPUs", f"{os.cpu_count()} ({cpu})"),
        ("OS", platform.platform()),
        ("Python (venv)", _version(tools, "import sys; print(sys.version.split()[0])")),
        ("venv", str(tools.venv)),
        ("citydiplomacy", _version(tools, meta.format("citydiplomacy"))),
        ("check-jsonschema", _version(tools, meta.format("check-jsonschema"))),
        ("jsonschema", _version(tools, meta.format("jsonschema"))),
        ("jsonschema-rs", _version(tools, meta.format("jsonschema-rs"))),
        ("orjson", _version(tools, meta.format("orjson"))),
        (
            "PyYAML / libyaml",
            _version(
                tools,
                "import yaml; from yaml import _yaml; "
                "print(yaml.__version__, '/ libyaml', _yaml.get_version_string(), "
                "'(with libyaml)' if yaml.__with_libyaml__ else '(NO libyaml)')",
            ),
        ),
    ]


def render(
    args: argparse.Namespace,
    tools: Tools,
    plan: Plan,
    *,
    corpora: dict[str, Corpus],
    targets: list[Target],
    notes: list[str],
    wall: float,
) -> str:
    main_n = args.files
    main = corpora[f"files-{main_n}"]
    out: list[str] = []
    w = out.append
    w("# Benchmark results: `citydiplomacy validate`\n")
    w(
        f"Generated by `benchmarks/run.py{' --quick' if args.quick else ''}` in one run of "
        f"{wall / 60:.1f} min. The machine is shared and noisy: read the **ratios** (taken side "
        "by side, rounds interleaved), not the absolute times. Times are wall-clock seconds of "
        "whole processes (start-up included): best of the runs, median in brackets. Memory is "
        "the peak resident set of the child from `os.wait4` (its largest process), and the "
        "sampled peak of the sum over the whole process tree.\n"
    )
    w("## Machine and versions\n")
    w("| | |\n| --- | --- |")
    for k, v in machine_info(tools):
        w(f"| {k} | {v} |")
    w("")
    w("## Targets\n")
    w(
        "Ratios are of best wall times. The CPU column gives the same ratio on CPU time "
        "(user + system of the whole process tree): less sensitive to the load of the "
        "machine, and it shows work, whereas `validate` spreads its work over the CPUs.\n"
    )
    w("| target | measured | CPU ratio | required | verdict |\n| --- | --- | --- | --- | --- |")
    for t in targets:
        w(f"| {t.name} | {t.measured} | {t.cpu} | {t.limit} | **{t.verdict}** |")
    w("")
    w(
        f"## Measurements\n\nMain corpus: `{_rel(main.folder)}` ({main.files} files, "
        f"{main.manifest.get('invalid')} invalid; JSON {main.json_bytes / 1e6:.1f} MB, "
        f"YAML {main.yaml_bytes / 1e6:.1f} MB; writer: {main.manifest.get('writer')}; "
        f"seed {main.manifest.get('seed')}).\n"
    )
    w(
        "| measurement | files | MB | best s | median s | CPU s | peak RSS MB "
        "| tree peak MB | runs | exit |"
    )
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for m in plan.items.values():
        if not m.done:
            continue
        flag = "" if m.ok else " **unexpected**"
        w(
            f"| {m.label} | {m.files or ''} | {m.nbytes / 1e6:.2f} | {m.best:.3f} "
            f"| {m.median:.3f} | "
            f"{m.cpu:.2f} | {m.rss_mb:.0f} | {m.tree_mb:.0f} | {len(m.runs)} | {m.exits}{flag} |"
        )
    w("")
    files_rows, size_rows = scaling_rows(plan, corpora, main_n)
    w("## Scaling in the number of files (1x documents)\n")
    w(
        '"After start-up" subtracts the one-file run of the same format (wall, or CPU). '
        '"Per extra file" is the slope between this size and the previous one: when it '
        "stays the same, time is linear in files plus a fixed cost. CPU is user + system "
        "time of the whole process tree (the workers of the pool included); the tree peak "
        "is the sampled sum of the resident memory of all its processes.\n"
    )
    w(
        "| format | files | best s | CPU s | ms per file | ms per file after start-up "
        "| CPU ms per file after start-up | ms per extra file | peak RSS MB | tree peak MB |"
    )
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for rows in ([r for r in files_rows if r.fmt == f] for f in ("json", "yaml")):
        slopes = ["", *("" if x is None else f"{x * 1000:.2f}" for x in _slopes(rows))]
        for row, slope in zip(rows, slopes, strict=False):
            w(
                f"| {row.fmt} | {row.files} | {row.m.best:.3f} | {row.m.cpu:.2f} "
                f"| {row.per_unit * 1000:.2f} | {row.marginal * 1000:.2f} "
                f"| {row.cpu_marginal * 1000:.2f} | {slope} | {row.m.rss_mb:.0f} "
                f"| {row.m.tree_mb:.0f} |"
            )
    w("")
    w("## Scaling in document size\n")
    w(
        "Every scale checks about the same volume (the main corpus at 1x, a tenth as many "
        "files ten times larger at 10x, a hundredth at 100x), so a run's fixed costs weigh "
        'alike and only the size of the documents changes. "Per extra KB" is the slope, '
        "between this scale and the previous one, of the time per document (after "
        "start-up) against its size: when it stays the same, time is linear in size.\n"
    )
    w(
        "| format | scale | files | KB per file | best s | CPU s | µs per KB after start-up "
        "| CPU µs per KB after start-up | µs per extra KB | peak RSS MB |"
    )
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for rows in ([r for r in size_rows if r.fmt == f] for f in ("json", "yaml")):
        slopes = ["", *("" if x is None else f"{x * 1e6:.1f}" for x in _size_slopes(rows))]
        for row, slope in zip(rows, slopes, strict=False):
            w(
                f"| {row.fmt} | {row.label} | {row.files} | {row.units / row.files:.0f} "
                f"| {row.m.best:.3f} | {row.m.cpu:.2f} | {row.marginal * 1e6:.1f} "
                f"| {row.cpu_marginal * 1e6:.1f} | {slope} | {row.m.rss_mb:.0f} |"
            )
    w("")
    failed = [m for m in plan.items.values() if m.done and not m.ok]
    if failed:
        w("## Unexpected exit codes\n")
        for m in failed:
            w(f"- {m.label}: exit {m.exits} (expected {m.expected_exit}); stderr tail:\n")
            w("```\n" + m.stderr_tail.strip()[-1500:] + "\n```\n")
    w("## Commands\n")
    w("Corpora (seeded; regenerate with):\n")
    w("```sh")
    seen: set[str] = set()
    for c in corpora.values():
        if c.folder.name in seen:
            continue
        seen.add(c.folder.name)
        w(
            f"python benchmarks/generate_corpus.py --files {c.files} --actions-scale {c.scale} "
            f"--seed {args.seed}  # -> {_rel(c.folder)}"
        )
    w("```\n")
    w("Measured command lines (run from the repository root):\n")
    w("```sh")
    for m in plan.items.values():
        w(m.shown)
    w("```\n")
    if notes:
        w("## Notes\n")
        for note in notes:
            w(f"- {note}")
        w("")
    return "\n".join(out)


def print_table(plan: Plan, targets: list[Target]) -> None:
    print()
    print(
        f"{'measurement':<50} {'files':>6} {'best s':>8} {'median':>8} "
        f"{'RSS MB':>7} {'tree MB':>7} exit"
    )
    for m in plan.items.values():
        if m.done:
            print(
                f"{m.label:<50} {m.files:>6} {m.best:8.3f} {m.median:8.3f} {m.rss_mb:7.0f} "
                f"{m.tree_mb:7.0f} {m.exits}{'' if m.ok else ' UNEXPECTED'}"
            )
    print()
    for t in targets:
        cpu = f"; CPU {t.cpu}" if t.cpu else ""
        required = f" (required {t.limit})" if t.limit else ""
        print(f"{t.verdict:<5} {t.name}: {t.measured}{cpu}{required}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: small corpora, one repeat")
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path("/tmp/benchvenv"),
        help="venv with citydiplomacy and check-jsonschema installed (default /tmp/benchvenv)",
    )
    parser.add_argument(
        "--files", type=int, default=None, help="main corpus size (default 2000; quick 100)"
    )
    parser.add_argument("--seed", type=int, default=generate_corpus.DEFAULT_SEED)
    parser.add_argument("--corpus-root", type=Path, default=generate_corpus.DEFAULT_OUT)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per corpus measurement (default 3)"
    )
    parser.add_argument(
        "--cjs-repeat", type=int, default=3, help="runs of check-jsonschema on the JSON corpus"
    )
    parser.add_argument(
        "--cjs-yaml-repeat",
        type=int,
        default=1,
        help="runs of check-jsonschema on the YAML corpus (no target uses it; it is slow)",
    )
    parser.add_argument(
        "--one-file-repeat", type=int, default=7, help="runs per one-file measurement"
    )
    parser.add_argument(
        "--skip-20000", action="store_true", help="leave out the 20,000-file corpus"
    )
    parser.add_argument("--skip-check-jsonschema", action="store_true")
    parser.add_argument(
        "--cjs-own-venv",
        type=Path,
        default=None,
        help="also time check-jsonschema from this venv holding only it (one file, JSON corpus)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="where to write the report (default benchmarks/RESULTS.md; quick: none)",
    )
    args = parser.parse_args(argv)
    if args.files is None:
        args.files = 100 if args.quick else 2000
    tools = Tools(args.venv)
    for exe in (tools.python, tools.citydiplomacy) + (
        () if args.skip_check_jsonschema else (tools.check_jsonschema,)
    ):
        if not Path(exe).exists():
            parser.error(
                f"{exe} is missing: python3 -m venv {args.venv} && "
                f"{args.venv}/bin/pip install {ROOT} check-jsonschema"
            )
    began = time.perf_counter()
    plan, corpora, notes = build_plan(args, tools)
    print(f"{len(plan.items)} measurements", flush=True)
    launcher = Launcher(tools.python)
    try:
        with tempfile.TemporaryDirectory(prefix="citydiplomacy-bench-") as log:
            measure_all(list(plan.items.values()), Path(log), launcher)
    finally:
        launcher.close()
    targets = evaluate(plan, corpora, args.files)
    print_table(plan, targets)
    results = (
        args.results if args.results is not None else (None if args.quick else HERE / "RESULTS.md")
    )
    if results is not None:
        results.write_text(
            render(
                args,
                tools,
                plan,
                corpora=corpora,
                targets=targets,
                notes=notes,
                wall=time.perf_counter() - began,
            ),
            encoding="utf-8",
        )
        print(f"\nwrote {results}")
    return 0 if all(m.ok for m in plan.items.values() if m.done) else 1


if __name__ == "__main__":
    sys.exit(main())
