"""Time ``citydiplomacy site`` on N generated conventions, and its peak memory.

Each run is a fresh process that builds the site of the first N files of a corpus
folder (in name order, linked into a scratch folder) with the command line, the way
a user would; this script measures its wall time from outside, and the process's CPU
time and peak resident memory (its own and its largest worker's) with ``getrusage``.
Prints one Markdown table row per N (for ``RESULTS.md``), then the memory ratio
between the largest and the smallest N: flat memory means close to 1.

    python benchmarks/generate_corpus.py --files 2000 --out /tmp/site-corpus
    python benchmarks/site.py /tmp/site-corpus/2000f-1x/json --first 200 --first 2000

``--jobs`` is passed as ``workers`` (default: the library's, one per CPU, at most 8).
The machine is shared: the best of ``--rounds`` runs is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The child: build the site with the command line (``site`` registered if the
#: command line does not list it yet), then report its own usage as JSON on stderr.
CHILD = r"""
import datetime, io, json, resource, sys
from citydiplomacy import _cli
if "site" not in _cli.COMMANDS:
    _cli.COMMANDS = (*_cli.COMMANDS, "site")
argv = ["site", sys.argv[1], "-o", sys.argv[2], "--on", "2026-01-01"]
if sys.argv[3] != "0":
    from citydiplomacy._outputs._render import _site
    _site._workers = lambda wanted, n=int(sys.argv[3]): n
out, err = io.StringIO(), io.StringIO()
code = _cli.run(argv, stdout=out, stderr=err)
me = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "exit": code,
    "summary": out.getvalue().strip(),
    "cpu": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
    "rss_kb": me.ru_maxrss,
    "worker_rss_kb": workers.ru_maxrss,
}), file=sys.stderr)
"""


def _scratch_corpus(source: Path, first: int, scratch: Path) -> tuple[Path, float]:
    """The first ``first`` convention files of ``source``, linked into a new folder."""
    files = sorted(
        p for p in source.iterdir() if p.suffix in (".json", ".yaml", ".yml") and p.is_file()
    )
    if len(files) < first:
        sys.exit(f"{source} holds {len(files)} convention files, fewer than {first}")
    folder = scratch / f"in-{first}"
    folder.mkdir()
    size = 0
    for path in files[:first]:
        (folder / path.name).symlink_to(path.resolve())
        size += path.stat().st_size
    return folder, size / 1e6


def _run(folder: Path, out: Path, jobs: int) -> tuple[float, dict[str, object]]:
    shutil.rmtree(out, ignore_errors=True)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(out), str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - began
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "{}"
    try:
        report: dict[str, object] = json.loads(last)
    except json.JSONDecodeError:
        sys.exit(f"the site build failed:\n{done.stderr}")
    return wall, report


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table rows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of convention files (JSON or YAML)")
    parser.add_argument(
        "--first",
        type=int,
        action="append",
        help="build the site of the first N files (repeat for several sizes; default: all)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument(
        "--jobs", type=int, default=0, help="worker processes (default: the library's choice)"
    )
    args = parser.parse_args(argv)
    sizes = args.first or [
        sum(1 for p in args.corpus.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    ]
    kind = "json" if any(args.corpus.glob("*.json")) else "yaml"
    print(
        "| measurement | files | MB | best s | median s | CPU s | peak RSS MB "
        "| worker peak RSS MB | runs | exit |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="cd-site-bench-") as raw:
        scratch = Path(raw)
        for first in sizes:
            folder, mb = _scratch_corpus(args.corpus, first, scratch)
            walls: list[float] = []
            reports: list[dict[str, object]] = []
            for _ in range(args.rounds):
                wall, report = _run(folder, scratch / "site", args.jobs)
                walls.append(wall)
                reports.append(report)
            best = reports[walls.index(min(walls))]
            rss = max(int(str(r["rss_kb"])) for r in reports) // 1024
            worker = max(int(str(r["worker_rss_kb"])) for r in reports) // 1024
            peaks[first] = max(rss, worker)
            exits = ",".join(sorted({str(r["exit"]) for r in reports}))
            print(
                f"| citydiplomacy site {first} {kind} | {first} | {mb:.2f} | {min(walls):.3f} "
                f"| {statistics.median(walls):.3f} | {float(str(best['cpu'])):.2f} | {rss} "
                f"| {worker} | {len(walls)} | {exits} |",
                flush=True,
            )
            print(f"<!-- {best['summary']} -->", file=sys.stderr)
            shutil.rmtree(folder)
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        print(
            f"\npeak memory {high} files / {low} files: {peaks[high]} / {peaks[low]} MB = "
            f"{peaks[high] / max(peaks[low], 1):.2f}x (cpus: {os.cpu_count()})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
