"""Benchmark ``load_portfolio`` against ``citydiplomacy validate`` on the same files.

Each command runs as a whole process (start-up included), side by side, rounds
interleaved; for each the wall time, the peak resident set of the process itself
(the parent, which holds the portfolio), and the peak of the whole process tree
(the parent plus its worker processes, sampled every 20 ms from ``/proc``) are
reported. Generate a corpus first::

    python benchmarks/generate_corpus.py --files 20000 --out /tmp/corpus
    python benchmarks/portfolio.py /tmp/corpus/20000f-1x/json --first 2000 --first 20000

``--first N`` measures the first N files (in name order) of the folder: they are
hard-linked into a temporary folder, so that both commands read the same files.
Results are printed as a Markdown table (paste it into ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

#: The portfolio command: load, then report how many conventions and the parent's
#: own peak memory (kB) on stderr.
PORTFOLIO = (
    "import resource, sys, citydiplomacy as cd\n"
    "p = cd.load_portfolio(sys.argv[1])\n"
    "print(len(p), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)
#: The same for validate, run through its command line in this process: with the
#: rules across files (the default for a folder), and without them.
VALIDATE = (
    "import io, resource, sys\n"
    "from citydiplomacy._cli import run\n"
    "code = run(['validate', '--quiet', *sys.argv[2:], sys.argv[1]], stdout=io.StringIO(),\n"
    "           stderr=io.StringIO())\n"
    "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)
COMMANDS = {
    "validate": (VALIDATE,),
    "validate --no-portfolio-rules": (VALIDATE, "--no-portfolio-rules"),
    "load_portfolio": (PORTFOLIO,),
}


def _tree_rss(root: int) -> int:
    """The resident memory (kB) of ``root`` and its descendants, from ``/proc``."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def measure(code: str, folder: Path, *options: str) -> tuple[float, int, int, str]:
    """Wall seconds, own peak RSS (MB), sampled tree peak (MB), what the child said."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(folder), *options], stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    said, own = err.split()[-2:]
    return seconds, int(own) // 1024, peak // 1024, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--first", type=int, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    names = sorted(os.listdir(args.folder))
    print("| command | files | best s | median s | own peak RSS MB | tree peak MB | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for count in args.first:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp) / "corpus"
            folder.mkdir()
            for name in names[:count]:
                os.link(args.folder / name, folder / name)
            runs: dict[str, list[tuple[float, int, int, str]]] = {k: [] for k in COMMANDS}
            for _ in range(args.rounds):
                for label, (code, *options) in COMMANDS.items():
                    runs[label].append(measure(code, folder, *options))
            for label, results in runs.items():
                times = [r[0] for r in results]
                print(
                    f"| {label} | {count} | {min(times):.2f} | {statistics.median(times):.2f} "
                    f"| {max(r[1] for r in results)} | {max(r[2] for r in results)} "
                    f"| {'conventions ' if label == 'load_portfolio' else 'exit '}{results[0][3]} |"
                )
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
