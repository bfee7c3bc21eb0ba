"""Where does ``citydiplomacy validate`` spend its time? Three views, one command each.

1. ``imports``: ``python -X importtime`` of the command's start-up path (the CLI, the
   ``validate`` command and what they import), summed per top-level package;
2. ``cprofile``: cProfile of ``citydiplomacy._cli.run(["validate", "--jobs", "1", ...])``
   in this process (one process, so the workers of the pool do not hide the work),
   with self time summed per module and the top functions;
3. ``gc``: the time spent in Python's cyclic garbage collector during the same run,
   per generation (``gc.callbacks``).

Run it with the interpreter of the venv being measured::

    /tmp/benchvenv/bin/python benchmarks/profile_validate.py imports
    /tmp/benchvenv/bin/python benchmarks/profile_validate.py cprofile \
        benchmarks/corpus/2000f-1x/yaml
    /tmp/benchvenv/bin/python benchmarks/profile_validate.py gc benchmarks/corpus/2000f-1x/json
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

START_UP = (
    "import sys; from citydiplomacy._cli import build_parser, run; build_parser(); "
    "import citydiplomacy._cli._commands.validate"
)


def imports(top: int) -> None:
    """Print the import cost of the start-up path, per package and the largest modules."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", START_UP],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    per_package: dict[str, int] = defaultdict(int)
    rows = []
    for line in proc.stderr.splitlines():
        match = pattern.match(line)
        if not match:
            continue
        self_us, cumulative_us, indent, name = int(match[1]), int(match[2]), len(match[3]), match[4]
        per_package[name.split(".")[0]] += self_us
        rows.append((cumulative_us, self_us, indent, name))
    total = sum(per_package.values())
    print(f"start-up imports: {total / 1000:.1f} ms in all (self times summed)\n")
    print("per top-level package (self time):")
    for package, us in sorted(per_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {us / 1000:8.1f} ms  {100 * us / total:5.1f} %  {package}")
    print("\nlargest imports (cumulative, as first imported):")
    for cumulative_us, self_us, indent, name in sorted(rows, reverse=True)[:top]:
        print(
            f"  {cumulative_us / 1000:8.1f} ms cumulative {self_us / 1000:7.1f} ms self  "
            f"{'.' * ((indent - 1) // 2)}{name}"
        )


def _module_of(filename: str) -> str:
    if filename.startswith(("~", "<")):
        return "builtins/C" if filename.startswith("~") else filename
    path = Path(filename)
    parts = path.parts
    for anchor in ("site-packages", "src"):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1 :]
            return "/".join(rest[:2]) if rest and rest[0] == "citydiplomacy" else rest[0]
    return f"stdlib:{path.stem}"


def _run_validate(paths: Sequence[str], extra: Sequence[str]) -> int:
    from citydiplomacy._cli import run  # noqa: PLC0415 - imported inside the measured run

    sink = io.StringIO()
    code: int = run(["validate", "--jobs", "1", *extra, *paths], stdout=sink, stderr=sink)
    return code


def profile(paths: Sequence[str], top: int, extra: Sequence[str]) -> None:
    """cProfile one in-process validate run; print self time per module and top functions."""
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    code = _run_validate(paths, extra)
    profiler.disable()
    wall = time.perf_counter() - began
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]
    per_module: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, tottime, _cumtime, _callers) in raw.items():
        per_module[_module_of(filename)] += tottime
        total += tottime
    print(
        f"validate (in-process, --jobs 1, exit {code}): {wall:.2f} s wall under cProfile "
        f"(profiling inflates Python-heavy code more than C calls)\n"
    )
    print("self time per module:")
    for module, seconds in sorted(per_module.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {seconds:8.3f} s  {100 * seconds / total:5.1f} %  {module}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print("\ntop functions by self time:")
    print("\n".join(out.getvalue().splitlines()[6:]))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("citydiplomacy", top)
    print("\ncitydiplomacy functions by cumulative time:")
    print("\n".join(out.getvalue().splitlines()[6:]))


def gc_time(paths: Sequence[str], extra: Sequence[str]) -> None:
    """Time the cyclic collector during one in-process validate run."""
    spent: dict[int, float] = defaultdict(float)
    counts: dict[int, int] = defaultdict(int)
    began: list[float] = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            spent[info["generation"]] += time.perf_counter() - began[0]
            counts[info["generation"]] += 1

    gc.callbacks.append(callback)
    start = time.perf_counter()
    code = _run_validate(paths, extra)
    wall = time.perf_counter() - start
    gc.callbacks.remove(callback)
    total = sum(spent.values())
    print(
        f"validate (in-process, --jobs 1, exit {code}): {wall:.2f} s wall; "
        f"cyclic GC {total:.3f} s ({100 * total / wall:.1f} %)"
    )
    for generation in sorted(spent):
        print(
            f"  generation {generation}: {counts[generation]:6d} collections, "
            f"{spent[generation]:.3f} s"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``imports``, ``cprofile PATH...`` or ``gc PATH...``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("view", choices=("imports", "cprofile", "gc"))
    parser.add_argument("paths", nargs="*", help="what to validate (cprofile, gc)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--validate-args", default="", help="extra arguments for validate, e.g. '--format json'"
    )
    args = parser.parse_args(argv)
    extra = args.validate_args.split()
    if args.view == "imports":
        imports(args.top)
    elif not args.paths:
        parser.error(f"{args.view} needs at least one PATH to validate")
    elif args.view == "cprofile":
        profile(args.paths, args.top, extra)
    else:
        gc_time(args.paths, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
