"""The parse floor: read and parse files with the fastest parser, and do nothing else.

A validator cannot be faster than reading its input, so ``benchmarks/run.py`` times
this script, as a whole process, on the same files as ``citydiplomacy validate``:

- JSON: ``orjson.loads(path.read_bytes())`` for each file;
- YAML: ``yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)`` (libyaml).

Files that do not parse (the corpus has a few syntax errors on purpose) are counted,
not fatal. ``--no-gc`` pauses Python's cyclic garbage collector during the parses, to
show how much of the YAML floor is collector work (see DESIGN.md, "traps").

    python benchmarks/floor.py json benchmarks/corpus/2000f-1x/json
    python benchmarks/floor.py yaml benchmarks/corpus/2000f-1x/yaml --no-gc
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

SUFFIXES = {"json": (".json",), "yaml": (".yaml", ".yml")}


def iter_files(targets: Sequence[Path], fmt: str) -> Iterator[Path]:
    """The files named, and the files of that format under the folders named, sorted."""
    for target in targets:
        if target.is_dir():
            yield from sorted(
                p for p in target.rglob("*") if p.suffix in SUFFIXES[fmt] and p.is_file()
            )
        else:
            yield target


def parse_json(paths: Iterator[Path]) -> tuple[int, int, int]:
    """Parse every file with orjson; return (files, failures, bytes)."""
    import orjson  # noqa: PLC0415 - only the format asked for is imported

    files = failures = size = 0
    for path in paths:
        data = path.read_bytes()
        files += 1
        size += len(data)
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            failures += 1
    return files, failures, size


def parse_yaml(paths: Iterator[Path]) -> tuple[int, int, int]:
    """Parse every file with libyaml (CSafeLoader); return (files, failures, bytes)."""
    import yaml  # noqa: PLC0415 - only the format asked for is imported

    loader = yaml.CSafeLoader
    files = failures = size = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        files += 1
        size += len(text)
        try:
            yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            failures += 1
    return files, failures, size


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``floor.py {json,yaml} PATH... [--no-gc] [--quiet]``."""
    parser = argparse.ArgumentParser(description="Read and parse files; report how many parsed.")
    parser.add_argument("format", choices=sorted(SUFFIXES))
    parser.add_argument(
        "paths", nargs="+", type=Path, help="files, or folders searched recursively"
    )
    parser.add_argument("--no-gc", action="store_true", help="pause the cyclic GC while parsing")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    began = time.perf_counter()
    parse = parse_json if args.format == "json" else parse_yaml
    files, failures, size = parse(iter_files(args.paths, args.format))
    elapsed = time.perf_counter() - began
    if not args.quiet:
        print(
            f"{args.format}: {files} files, {failures} unparsable, {size / 1e6:.1f} MB "
            f"in {elapsed:.3f} s (in-process, after start-up)",
            file=sys.stderr,
        )
    return 0 if files else 2


if __name__ == "__main__":
    sys.exit(main())
