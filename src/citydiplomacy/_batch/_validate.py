"""Validating many paths: the run behind ``citydiplomacy validate`` and :func:`validate_paths`.

A run collects the files under the paths given (see ``_engine.collect``), checks them
in worker processes when there is work enough to pay for them, and gives one outcome
per file in a stable order as it comes, so that memory stays flat however many files
there are. The rules across files (an amendment's parties, a renewal's dates, ...)
run after every file's own, on an outline of each valid file (see ``_portfolio``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from citydiplomacy._base._report import Finding, Report, sort_findings
from citydiplomacy._batch import _engine
from citydiplomacy._batch._engine import DEFAULT_MAX_BYTES, STDIN, Outcome, Problem
from citydiplomacy._checking._config import Config

if TYPE_CHECKING:
    from citydiplomacy._batch._portfolio import PortfolioFile
    from citydiplomacy._checking._extensions import Extension

#: Called with (files done, files in all) after each file.
ProgressCallback = Callable[[int, int], None]


def check_paths(
    paths: Sequence[str],
    config: Config,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    stdin: Any = None,
    cross_file: CrossFile | None = None,
    extensions: Sequence[Extension] = (),
    problems: Callable[[Problem], None] | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[Outcome]:
    """One outcome per file under ``paths``, in a stable order, as each is checked.

    ``problems`` is called first with each path that cannot be checked (or, as a note,
    was skipped on purpose); ``progress`` with (0, files in all) once the files are
    known, then with (files done, files in all) after each outcome has been taken;
    ``cross_file`` keeps an outline of each valid file for the rules across files;
    the keys of each of ``extensions`` are checked in every file (``extension.*``).
    """
    jobs = jobs or _engine.default_jobs()
    include = tuple(p.rsplit("/", 1)[-1] for p in config.include)
    # Rules need applying only when the configuration changes what is reported.
    rules = None if config.is_default else config
    digest = cross_file.digest if cross_file is not None else None
    # Through the module, so that a test can watch the pool and the collection.
    # The workers, if the files are worth them, are started before the list of files
    # exists: forked later, each would carry a copy of it.
    with _engine.early_pool(paths, include, jobs) as pool:
        targets, found = _engine.collect(paths, include, config)
        if problems is not None:
            for problem in found:
                problems(problem)
        total = len(targets)
        if progress is not None:
            progress(0, total)
        outcomes = _engine.run_checks(
            targets,
            max_bytes=max_bytes,
            jobs=jobs,
            stdin=stdin,
            pool=pool,
            config=rules,
            digest=digest,
        )
        for done, checked in enumerate(outcomes, 1):
            outcome = with_extensions(checked, extensions, rules, max_bytes)
            if cross_file is not None:
                cross_file.keep(outcome)
            yield outcome
            if progress is not None:
                progress(done, total)


def with_extensions(
    outcome: Outcome, extensions: Sequence[Extension], config: Config | None, max_bytes: int
) -> Outcome:
    """The outcome with the extension.* findings of its file added (configured)."""
    if not extensions or outcome.problem is not None:
        return outcome
    from citydiplomacy._checking._extensions import path_extension_findings  # noqa: PLC0415

    report = path_extension_findings(outcome.name, list(extensions), max_bytes=max_bytes)
    if not report.findings and not report.suppressed:
        return outcome
    if config is not None:
        report = config.apply(report, outcome.name)
    return attrs.evolve(
        outcome,
        findings=sort_findings([*outcome.findings, *report.findings]),
        suppressed=outcome.suppressed + len(report.suppressed),
    )


def worth_crossing(paths: Sequence[str]) -> bool:
    """Whether the rules across files can find anything: several files, or a folder."""
    named = [p for p in paths if p != STDIN]
    return len(named) > 1 or any(os.path.isdir(p) for p in named)


class CrossFile:
    """The outlines of the valid files of a run, for the rules across files."""

    def __init__(self) -> None:
        # Deferred: only runs over several files need the model and the portfolio.
        from citydiplomacy._batch._portfolio import outline_of  # noqa: PLC0415

        self.digest = outline_of
        self.kept: list[PortfolioFile] = []

    def keep(self, outcome: Outcome) -> None:
        """Keep the outline of one outcome, when its file was valid."""
        from citydiplomacy._batch._portfolio import PortfolioFile  # noqa: PLC0415

        if outcome.value is not None:
            instrument, print_, data = outcome.value
            report = Report(file=outcome.name, findings=outcome.findings)
            self.kept.append(
                PortfolioFile(outcome.name, report, instrument, None, print_, data=data)
            )

    def findings(self, config: Config | None) -> Iterator[tuple[Report, Report]]:
        """(the file's own report, the report of the rules across files) for each file
        they find something in, with ``config`` applied; nothing for fewer than two."""
        if len(self.kept) < 2:
            return
        from citydiplomacy._batch._portfolio import Portfolio  # noqa: PLC0415
        from citydiplomacy._batch._portfolio_rules import portfolio_findings  # noqa: PLC0415

        found = portfolio_findings(Portfolio(self.kept))
        before = {f.path: f.report for f in self.kept}
        by_file: dict[str, list[Finding]] = {}
        for finding in found:
            by_file.setdefault(finding.file or "", []).append(finding)
        for name, each in by_file.items():
            report = Report(file=name, findings=tuple(each))
            if config is not None:
                report = config.apply(report, name)
            yield before[name], report


@attrs.frozen
class BatchReport:
    """What :func:`validate_paths` found: one report per file checked, and the paths
    that could not be checked at all, each with why (``(path, message)``).

    >>> result = validate_paths(["examples/grenoble-tiznit.yaml", "missing.yaml"], jobs=1)
    >>> result.valid, result.problems
    (False, (('missing.yaml', 'no such file; check the path'),))
    """

    reports: tuple[Report, ...]
    problems: tuple[tuple[str, str], ...] = ()
    #: How many findings the configuration or inline comments left out.
    suppressed: int = 0

    @property
    def valid(self) -> bool:
        """Every path could be checked and every file is valid."""
        return not self.problems and all(r.valid for r in self.reports)


def validate_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cross_file: bool = True,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Validate every convention file under ``paths``, as ``citydiplomacy validate`` does.

    ``paths`` are files and folders (searched recursively for the ``include``
    patterns of ``config``, hidden entries skipped). Files are checked in worker
    processes when there are files enough to pay for them (at most ``jobs``;
    default: the CPUs available; 1: in this process). ``progress`` is called with
    (0, files in all) once the files are known, then (files done, files in all) after
    each file. With ``cross_file`` the rules across
    files run too, and their findings join the reports of the files they concern.
    Never raises on bad content.

    >>> result = validate_paths(["examples/grenoble-tiznit.yaml"], jobs=1)
    >>> [(r.file, r.valid) for r in result.reports]
    [('examples/grenoble-tiznit.yaml', True)]
    """
    from citydiplomacy._base._args import check_type  # noqa: PLC0415

    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    for value in given:
        check_type("validate_paths", "paths", value, str, os.PathLike)
    names = [os.fspath(p) for p in given]
    config = config if config is not None else Config()
    crossing = CrossFile() if cross_file and worth_crossing(names) else None
    found: list[Problem] = []
    reports: dict[str, Report] = {}
    suppressed = 0
    for outcome in check_paths(
        names,
        config,
        max_bytes=max_bytes,
        jobs=jobs,
        cross_file=crossing,
        problems=found.append,
        progress=progress,
    ):
        if outcome.problem is not None:
            found.append(Problem(outcome.name, outcome.problem))
            continue
        suppressed += outcome.suppressed
        reports[outcome.name] = Report(file=outcome.name, findings=outcome.findings)
    if crossing is not None:
        rules = None if config.is_default else config
        for _, more in crossing.findings(rules):
            suppressed += len(more.suppressed)
            own = reports[more.file or ""]
            reports[more.file or ""] = attrs.evolve(own, findings=own.findings + more.findings)
    return BatchReport(
        tuple(reports.values()),
        tuple((p.name, p.message) for p in found if not p.note),
        suppressed,
    )
