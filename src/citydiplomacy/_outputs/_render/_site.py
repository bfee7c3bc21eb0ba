"""A static registry site of many conventions.

``build_site(paths, out)`` writes, for any static host:

- ``index.html``: a table of every convention (sorted by title; the column headings
  link to the same table sorted otherwise, so sorting works without JavaScript; a
  small script, ``sort.js``, sorts and filters in place);
- ``conventions/<id>.html``: each convention's factsheet, ``data/<id>.json`` its
  canonical document (compact JSON);
- ``partners/index.html`` and ``partners/<key>.html``: each partner and its conventions;
- ``deadlines.html``: every upcoming term deadline and overdue meeting;
- ``data/conventions.json`` and ``data/conventions.csv``: the table, for download;
- ``style.css`` and ``sort.js``: the one stylesheet every page links and the index's
  script. Each page's Content-Security-Policy allows styles and scripts from the
  site's own files only (``style-src 'self'``, ``script-src 'self'``), nothing inline.

Many files are read and rendered by worker processes, forked (where the platform
allows) before the files are even listed; each worker writes its pages itself and
sends back one small row per convention, and only a few chunks of files are in flight
at once, so memory stays flat however many files there are. An invalid file is
skipped and reported. The site is built in a fresh folder beside ``out`` and moved
into place at the end: readers see the old site or the new one. ``out`` must be
absent, empty, or a site this function built before (it holds a
``.citydiplomacy-site`` marker); anything else is replaced only with ``force``.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import datetime as _dt
import gc
import io
import itertools
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from citydiplomacy._base._report import ConventionError
from citydiplomacy._base._times import as_optional_date, today_utc
from citydiplomacy._checking._api import load, to_document
from citydiplomacy._outputs._render import (
    _timeline_markup,
    chrome_words,
    factsheet_context,
    html_environment,
    stylesheet,
)
from citydiplomacy._outputs._render._i18n import Messages, chrome_language, day_text
from citydiplomacy._outputs._render._view import Text

#: The marker that says a folder holds a site built here (and may be replaced).
MARKER = ".citydiplomacy-site"
_SUFFIXES = (".yaml", ".yml", ".json")
_SLUG = re.compile(r"[^a-z0-9]+")
#: Sort orders of the index, each its own page so that sorting needs no script.
SORTS = ("title", "signed", "status", "deadline")
#: The files every page shares, at the root of the site.
STYLESHEET = "style.css"
SCRIPT = "sort.js"
#: The policy of a site page: styles from the site's own stylesheet, nothing inline.
SITE_CSP = (
    "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"
)
#: The index also runs the site's own script (and nothing inline).
INDEX_CSP = f"{SITE_CSP}; script-src 'self'"
#: Where workers write pages before the main process names them (inside the new site).
_STAGE = ".stage"


@attrs.frozen
class SiteResult:
    """What :func:`build_site` wrote: counts, the files skipped and why.

    >>> import citydiplomacy as cd, datetime as dt, pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "site"
    >>> result = cd.build_site(["examples/grenoble-tiznit.yaml"], out, on=dt.date(2026, 1, 1),
    ...                        workers=1)
    >>> result.conventions, result.partners, result.skipped, (out / "index.html").is_file()
    (1, 2, (), True)
    """

    out: Path
    conventions: int
    partners: int
    pages: int
    #: (path, reason) for each file that could not be read as a valid convention.
    skipped: tuple[tuple[str, str], ...]


class SiteError(Exception):
    """The site cannot be written where asked (``out`` is not ours, or not writable).

    >>> import citydiplomacy as cd, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "notes.txt").write_text("not a site")
    >>> try:
    ...     cd.build_site(["examples/grenoble-tiznit.yaml"], folder, workers=1)
    ... except cd.SiteError as error:
    ...     print(str(error).split(";")[0].replace(str(folder), "FOLDER"))
    FOLDER is not empty and holds no site built by citydiplomacy
    """


def site_script() -> str:
    """The index's script (sorting and filtering the table in place)."""
    env = html_environment()
    loader = env.loader
    assert loader is not None
    return loader.get_source(env, SCRIPT)[0]


def slug(text: str) -> str:
    """A file-name-safe slug: lower-case ASCII letters, digits and dashes.

    >>> slug("Grenoble\u2013Tiznit 2025!")
    'grenoble-tiznit-2025'
    """
    import unicodedata  # noqa: PLC0415

    # Accents go (é -> e); any other letter or sign outside ASCII separates words.
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    out = _SLUG.sub("-", kept.lower()).strip("-")[:80].strip("-")
    return out or "x"


def _is_site(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, MARKER))


def _walk(folder: Path) -> Iterator[Path]:
    """Convention files under ``folder``, in no order, found lazily; symbolic links to
    folders are not followed, and a site built here (or being built) is not read."""
    for here, subfolders, names in os.walk(folder):
        subfolders[:] = [
            d for d in subfolders if not (d == _STAGE or _is_site(os.path.join(here, d)))
        ]
        for name in names:
            if os.path.splitext(name)[1].lower() in _SUFFIXES:
                path = Path(here, name)
                if path.is_file():
                    yield path


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files in ``paths``: files as given, folders searched for ``.yaml``/``.yml``/``.json``
    (in path order)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(_walk(path), key=lambda p: p.parts)
        else:
            yield path


def _enough_files(paths: Iterable[str | os.PathLike[str]], wanted: int) -> bool:
    """Whether ``paths`` hold at least ``wanted`` files, counted lazily (no list kept)."""
    found = 0
    for raw in paths:
        path = Path(raw)
        files: Iterable[Path] = _walk(path) if path.is_dir() else (path,)
        for _ in files:
            found += 1
            if found >= wanted:
                return True
    return False


@attrs.define
class _Partner:
    key: str
    name: Text
    country: str | None
    conventions: list[int] = attrs.field(factory=list)


@attrs.define
class _State:
    """What the build keeps in memory: one small row per convention, nothing more."""

    language: str
    on: _dt.date
    rows: list[dict[str, Any]] = attrs.field(factory=list)
    partners: dict[str, _Partner] = attrs.field(factory=dict)
    deadlines: list[dict[str, Any]] = attrs.field(factory=list)
    slugs: set[str] = attrs.field(factory=set)
    skipped: list[tuple[str, str]] = attrs.field(factory=list)
    pages: int = 0


def _partner_key(party: Any) -> str:
    for identifier in party.identifiers:
        if identifier.scheme == "wikidata":
            return slug(identifier.value)
    first = next(iter(party.name.values()), party.id)
    return slug(f"{party.country or 'xx'}-{first}")


def _check_out(out: Path, force: bool) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder; choose another -o or remove it")
    if force or (out / MARKER).is_file():
        return
    if any(out.iterdir()):
        raise SiteError(
            f"{out} is not empty and holds no site built by citydiplomacy; choose an "
            "empty or new folder, or pass --force to replace its contents"
        )


def _unique_slug(state: _State, wanted: str) -> str:
    candidate = wanted
    n = 2
    while candidate in state.slugs:
        candidate = f"{wanted}-{n}"
        n += 1
    state.slugs.add(candidate)
    return candidate


def _nav(t: Messages, base: str, current: str) -> list[dict[str, Any]]:
    return [
        {"href": f"{base}index.html", "label": t("site_index"), "current": current == "index"},
        {
            "href": f"{base}partners/index.html",
            "label": t("site_partners"),
            "current": current == "partners",
        },
        {
            "href": f"{base}deadlines.html",
            "label": t("site_deadlines"),
            "current": current == "deadlines",
        },
    ]


def _write(root: Path, relative: str, text: str) -> None:
    """Write a page: one buffered write of its UTF-8 bytes (folders exist already)."""
    with open(root / relative, "wb") as stream:
        stream.write(text.encode("utf-8"))


@attrs.frozen
class _Task:
    """What a worker needs besides the files: the same for every chunk."""

    language: str
    on: _dt.date
    #: The folder the pages are written to, each named by the file's index.
    stage: str


@attrs.frozen
class _Rendered:
    """One convention, rendered and written (in a worker process when there are many):
    its page and data file wait in the stage folder under its index."""

    index: int
    path: str
    wanted_slug: str
    #: partner key -> (name, country), in the parties' order.
    partners: tuple[tuple[str, Text | None, str | None], ...]
    row: dict[str, Any]
    deadlines: tuple[dict[str, Any], ...]


@attrs.frozen
class _Skipped:
    path: str
    reason: str


def _render_one(index: int, path: Path, task: _Task) -> _Rendered | _Skipped:
    """Load, render and write one file; what could not be read is skipped, with the reason."""
    try:
        convention = load(path)
    except ConventionError as exc:
        return _Skipped(str(path), f"{len(exc.findings)} finding(s); run validate")
    except (OSError, ValueError) as exc:
        return _Skipped(str(path), str(getattr(exc, "strerror", None) or exc))
    language, on = task.language, task.on
    t = Messages(language)
    wanted = slug(convention.id)
    context = factsheet_context(convention, language=language, on=on)
    view = context["fs"]
    partners = []
    for party, pview in zip(convention.parties, view["parties"], strict=True):
        key = _partner_key(party)
        pview["partner_href"] = f"../partners/{key}.html"
        partners.append((key, pview["name"], pview["country"]))
    context["nav"] = _nav(t, "../", "convention")
    context["data_href"] = f"../data/{wanted}.json"
    context["csp"] = SITE_CSP
    context["stylesheet"] = f"../{STYLESHEET}"
    context["timeline_svg"] = _timeline_markup(context)
    stage = Path(task.stage)
    _write(
        stage, f"{index}.html", html_environment().get_template("factsheet.html.j2").render(context)
    )
    _write(stage, f"{index}.json", _data(convention))
    signature = convention.signature.date if convention.signature else None
    deadlines = list(view["state"]["deadlines"])
    governance = view["governance"]
    overdue = governance["overdue_slots"] if governance else []
    for slot in overdue:
        deadlines.append(
            {
                "kind": t("overdue_slot"),
                "date": slot["window"],
                "sort": slot["sort"],
                "exact": False,
                "overdue": True,
            }
        )
    state_deadlines = view["state"]["deadlines"]
    row = {
        "id": convention.id,
        "file": path.name,
        "title": view["heading"],
        "kind": view["kind"],
        "partners": [{"key": k, "name": n, "country": c} for k, n, c in partners],
        "countries": sorted({c for _, _, c in partners if c}),
        "signed": (view["signature"] or {}).get("date"),
        "signed_key": signature.earliest().isoformat() if signature is not None else "~",
        "status": view["state"]["status"],
        "status_label": view["state"]["label"],
        "next": state_deadlines[0] if state_deadlines else None,
        "next_key": state_deadlines[0]["sort"] if state_deadlines else "~",
        "overdue": len(overdue),
    }
    return _Rendered(
        index=index,
        path=str(path),
        wanted_slug=wanted,
        partners=tuple(partners),
        row=row,
        deadlines=tuple(deadlines),
    )


def _data(convention: Any) -> str:
    """The canonical document of a convention as compact JSON, for download.

    Not ``dumps``: that checks the document again (the file was just checked) and
    indents it with the pure-Python encoder, three times the cost of the C one.
    """
    return json.dumps(
        to_document(convention), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )


def _render_chunk(chunk: Sequence[tuple[int, Path]], task: _Task) -> list[_Rendered | _Skipped]:
    """Render a chunk of files in a worker process."""
    return [_render_one(index, path, task) for index, path in chunk]


def _accept(state: _State, root: Path, stage: Path, done: _Rendered | _Skipped) -> None:
    """Name one rendered convention's files and keep its small row (in the main process)."""
    if isinstance(done, _Skipped):
        state.skipped.append((done.path, done.reason))
        return
    page_slug = _unique_slug(state, done.wanted_slug)
    page = stage / f"{done.index}.html"
    if page_slug != done.wanted_slug:  # a second file with the same id: rare
        text = page.read_text(encoding="utf-8").replace(
            f'href="../data/{done.wanted_slug}.json"', f'href="../data/{page_slug}.json"'
        )
        _write(stage, page.name, text)
    os.replace(page, root / "conventions" / f"{page_slug}.html")
    os.replace(stage / f"{done.index}.json", root / "data" / f"{page_slug}.json")
    index = len(state.rows)
    for key, name, country in done.partners:
        partner = state.partners.get(key)
        if partner is None:
            partner = _Partner(key, name or Text(key, None, "auto"), country)
            state.partners[key] = partner
        if index not in partner.conventions:
            partner.conventions.append(index)
    state.pages += 1
    state.rows.append({**done.row, "slug": page_slug})
    state.deadlines.extend({**d, "row": index} for d in done.deadlines)


#: Below this many files the site is built in this process: a pool costs its start
#: (about 10 ms a forked worker, 1.5 to 3 s a spawned one) and a file about 10 ms.
PARALLEL_FROM = 40
#: Files per task sent to a worker, and tasks in flight per worker: enough to keep
#: every worker busy, few enough that results never pile up.
CHUNK = 8
IN_FLIGHT = 3


def _forks() -> bool:
    # fork is fast and safe on Linux in a process without threads (workers inherit the
    # warmed-up caches); elsewhere workers are spawned and import the library again.
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _warm_up() -> None:
    """Build the caches once in this process, so that forked workers inherit them."""
    from citydiplomacy._checking import _rules, _schema  # noqa: PLC0415
    from citydiplomacy._checking._check import check_document  # noqa: PLC0415

    _rules.warm_up()
    check_document({"schema_version": _schema.schema_version()})
    env = html_environment()
    for name in ("factsheet.html.j2", "timeline.svg.j2", "style.css", "timeline.css"):
        env.get_template(name)


def _worker_started() -> None:
    # A page makes thousands of small objects that live until it is written: the
    # young generation is collected less often (measured on 600 files: the collector
    # took 8% of a worker's time with the default threshold of 700, 3% with this).
    gc.set_threshold(10_000, 20, 20)


class _Pool:
    """Worker processes, started at once (forked where possible) and fed in order."""

    def __init__(self, workers: int) -> None:
        import concurrent.futures  # noqa: PLC0415
        import multiprocessing  # noqa: PLC0415

        _warm_up()
        self.workers = workers
        self.executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork" if _forks() else "spawn"),
            initializer=_worker_started,
        )
        # With fork, the first task starts every worker, each a copy of this process
        # as it is now: start them before anything grows with the number of files.
        # Frozen, the objects they inherit are never scanned by their collector (nor
        # copied by it, page by page); this process unfreezes its own at once.
        gc.freeze()
        try:
            self.executor.submit(int).result()
        finally:
            gc.unfreeze()

    def map(
        self, chunks: Iterator[list[tuple[int, Path]]], task: _Task
    ) -> Iterator[_Rendered | _Skipped]:
        """The results of every chunk, in order, with a bounded window in flight."""
        import concurrent.futures  # noqa: PLC0415

        pending: collections.deque[concurrent.futures.Future[list[_Rendered | _Skipped]]]
        pending = collections.deque()
        for chunk in itertools.islice(chunks, self.workers * IN_FLIGHT):
            pending.append(self.executor.submit(_render_chunk, chunk, task))
        while pending:
            results = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(self.executor.submit(_render_chunk, following, task))
            yield from results

    def run(self, function: Callable[[str, Any], int], root: str, parts: Iterator[Any]) -> None:
        """``function(root, part)`` for every part, by the workers, a few parts in flight."""
        import concurrent.futures  # noqa: PLC0415

        pending: collections.deque[concurrent.futures.Future[int]] = collections.deque()
        for part in parts:
            if len(pending) >= self.workers * IN_FLIGHT:
                pending.popleft().result()
            pending.append(self.executor.submit(function, root, part))
        for future in pending:
            future.result()

    def close(self) -> None:
        """Stop the workers (tasks not started are cancelled)."""
        self.executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _early_pool(paths: Sequence[str | os.PathLike[str]], workers: int) -> Iterator[_Pool | None]:
    """A pool for the files ``paths`` name, started before they are listed (None when
    one process is enough)."""
    if workers < 2 or not _enough_files(paths, PARALLEL_FROM):
        yield None
        return
    pool = _Pool(workers)
    try:
        yield pool
    finally:
        pool.close()


def _rendered(
    files: Sequence[Path], task: _Task, pool: _Pool | None
) -> Iterator[_Rendered | _Skipped]:
    """Each file rendered and written, in order; by the pool's workers when there is one."""
    numbered = list(enumerate(files))
    if pool is None:
        for index, path in numbered:
            yield _render_one(index, path, task)
        return
    chunks = (numbered[i : i + CHUNK] for i in range(0, len(numbered), CHUNK))
    yield from pool.map(chunks, task)


def _sorted_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    if key == "signed":
        return sorted(rows, key=lambda r: (r["signed_key"], r["title"].value.casefold()))
    if key == "status":
        return sorted(rows, key=lambda r: (r["status_label"], r["title"].value.casefold()))
    if key == "deadline":
        return sorted(rows, key=lambda r: (r["next_key"], r["title"].value.casefold()))
    return sorted(rows, key=lambda r: (r["title"].value.casefold(), r["id"]))


def _page_context(
    t: Messages, language: str, on: _dt.date, title: str, base: str
) -> dict[str, Any]:
    from citydiplomacy._outputs._render import _version  # noqa: PLC0415

    return {
        "t": t,
        "T": chrome_words(language),
        "lang": language,
        "version": _version(),
        "generated_on": on.isoformat(),
        "page_title": title,
        "csp": SITE_CSP,
        "stylesheet": f"{base}{STYLESHEET}",
        "script": None,
        "wide": True,
    }


def _data_files(root: Path, state: _State) -> None:
    summaries = []
    for row in state.rows:
        summaries.append(
            {
                "id": row["id"],
                "title": row["title"].value,
                "title_language": row["title"].lang,
                "kind": row["kind"],
                "partners": [p["name"].value if p["name"] else None for p in row["partners"]],
                "countries": row["countries"],
                "signed": row["signed"]["edtf"] if row["signed"] else None,
                "status": row["status"],
                "status_on": state.on.isoformat(),
                "next_deadline": row["next"]["iso"] if row["next"] else None,
                "next_deadline_kind": row["next"]["kind_code"] if row["next"] else None,
                "page": f"conventions/{row['slug']}.html",
                "data": f"data/{row['slug']}.json",
                "file": row["file"],
            }
        )
    _write(
        root,
        "data/conventions.json",
        json.dumps(
            {"status_on": state.on.isoformat(), "conventions": summaries},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    buffer = io.StringIO()
    columns = [
        "id",
        "title",
        "kind",
        "partners",
        "countries",
        "signed",
        "status",
        "next_deadline",
        "next_deadline_kind",
        "page",
    ]
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for s in summaries:
        writer.writerow(
            {
                **s,
                "partners": " | ".join(p or "" for p in s["partners"]),
                "countries": " | ".join(s["countries"]),
            }
        )
    _write(root, "data/conventions.csv", buffer.getvalue())


#: A page of the site besides the factsheets: its template, its path in the site and
#: the values it shows.
_Page = tuple[str, str, dict[str, Any]]
#: Partner pages per task sent to a worker.
PAGES_CHUNK = 64


def _write_pages(root: str, pages: Sequence[_Page]) -> int:
    """Render and write pages (in a worker process when there are many)."""
    env = html_environment()
    for template, relative, context in pages:
        _write(Path(root), relative, env.get_template(template).render(context))
    return len(pages)


def _site_pages(state: _State) -> Iterator[list[_Page]]:
    """The index (one page per sort order), the partners, each partner and the
    deadlines, in chunks of pages."""
    t = Messages(state.language)
    language, on = state.language, state.on
    sorts = {s: ("index.html" if s == "title" else f"index-{s}.html") for s in SORTS}
    for sort in SORTS:
        ctx = _page_context(t, language, on, t("index_title"), "")
        ctx.update(
            {
                "nav": _nav(t, "", "index"),
                "rows": _sorted_rows(state.rows, sort),
                "sort": sort,
                "sorts": sorts,
                "on": day_text(on, language),
                "count": len(state.rows),
                "script": SCRIPT,
                "csp": INDEX_CSP,
            }
        )
        yield [("site_index.html.j2", sorts[sort], ctx)]
    partners = sorted(
        state.partners.values(), key=lambda p: ((p.country or "~"), p.name.value.casefold())
    )
    ctx = _page_context(t, language, on, t("site_deadlines"), "")
    ctx.update(
        {
            "nav": _nav(t, "", "deadlines"),
            "deadlines": sorted(state.deadlines, key=lambda d: (d["sort"], d["row"])),
            "rows": state.rows,
            "on": day_text(on, language),
        }
    )
    yield [("site_deadlines.html.j2", "deadlines.html", ctx)]
    ctx = _page_context(t, language, on, t("site_partners"), "../")
    ctx.update({"nav": _nav(t, "../", "partners"), "partners": partners})
    yield [("site_partners.html.j2", "partners/index.html", ctx)]
    chunk: list[_Page] = []
    for partner in partners:
        ctx = _page_context(t, language, on, partner.name.value, "../")
        ctx.update(
            {
                "nav": _nav(t, "../", "partners"),
                "partner": partner,
                "rows": [state.rows[i] for i in partner.conventions],
            }
        )
        chunk.append(("site_partner.html.j2", f"partners/{partner.key}.html", ctx))
        if len(chunk) >= PAGES_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _render_pages(root: Path, state: _State, pool: _Pool | None = None) -> None:
    """The site's own files and every page but the factsheets; by the pool's workers
    when there is one."""
    _write(root, STYLESHEET, stylesheet())
    _write(root, SCRIPT, site_script())
    if pool is None:
        for pages in _site_pages(state):
            _write_pages(str(root), pages)
        return
    pool.run(_write_pages, str(root), _site_pages(state))


def build_site(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    language: str = "en",
    on: _dt.date | None = None,
    force: bool = False,
    progress: Callable[[int, Path], None] | None = None,
    workers: int | None = None,
) -> SiteResult:
    """Build a static site of the conventions in ``paths`` (files or folders) into ``out``.

    ``language`` is the chrome's (``"en"``/``"fr"``), ``on`` the day statuses and
    deadlines are computed for (default: today, UTC). ``out`` must be absent, empty, or
    a site built here before; else :class:`SiteError` (unless ``force``). Invalid
    files are skipped and listed in ``SiteResult.skipped``. ``progress`` is called
    with the count done and the path after each file. Many files are rendered by
    ``workers`` processes (default: one per CPU, at most 8; ``1``: in this process).

    >>> import datetime as dt, pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "registry"
    >>> paths = ["examples/grenoble-tiznit.yaml", "examples/fictional-villebelle-tilelli.yaml"]
    >>> result = build_site(paths, out, language="fr", on=dt.date(2026, 1, 1), workers=1)
    >>> result.conventions, (out / "index.html").is_file()
    (2, True)
    """
    language = chrome_language(language)
    day = as_optional_date(on, "on") or today_utc()
    target = Path(out)
    jobs = _workers(workers)
    if not _enough_files(paths, 1):
        raise SiteError(
            "no convention file found in the paths given (folders are searched for "
            ".yaml, .yml and .json files)"
        )
    _check_out(target, force)
    parent = target.parent if str(target.parent) else Path()
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        stage = work / _STAGE
        for folder in (stage, work / "conventions", work / "data", work / "partners"):
            folder.mkdir()
        state = _State(language=language, on=day)
        task = _Task(language=language, on=day, stage=str(stage))
        # The workers, if the files are worth them, start before the list of files
        # exists: forked later, each would carry a copy of it.
        with _early_pool(paths, jobs) as pool:
            files = list(expand(paths))
            for count, done in enumerate(_rendered(files, task, pool), 1):
                _accept(state, work, stage, done)
                if progress is not None:
                    progress(count, Path(done.path))
            del files
            stage.rmdir()
            _data_files(work, state)
            _render_pages(work, state, pool)
        (work / MARKER).write_text(
            json.dumps({"generator": "citydiplomacy", "status_on": day.isoformat()}) + "\n",
            encoding="utf-8",
        )
        os.chmod(work, 0o777 & ~_umask())
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    pages = state.pages + len(SORTS) + len(state.partners) + 2
    return SiteResult(
        out=target,
        conventions=len(state.rows),
        partners=len(state.partners),
        pages=pages,
        skipped=tuple(state.skipped),
    )


def _workers(wanted: int | None) -> int:
    if wanted is not None:
        if wanted < 1:
            raise ValueError(f"workers must be at least 1, not {wanted}")
        return wanted
    return max(1, min(8, os.cpu_count() or 1))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap(work: Path, target: Path) -> None:
    """Move the new site into place: a rename when ``target`` is absent or empty, else
    the old folder is renamed aside first and removed after."""
    if target.exists():
        with contextlib.suppress(OSError):
            target.rmdir()  # empty: nothing to keep aside
    if not target.exists():
        os.replace(work, target)
        return
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, aside)
    try:
        os.replace(work, target)
    except OSError:
        os.replace(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
