"""The documentation builds without a warning, and every example in it works.

* ``mkdocs build --strict`` passes (broken links and anchors are warnings, hence
  failures), and every link of the built site points at a page and an anchor that
  exist;
* the ```` ```python ```` blocks of each Markdown page run, in order, in one namespace
  per page, from the repository root;
* the ```` ```console ```` blocks run their ``$ citydiplomacy ...`` commands (only
  those) in a scratch copy of ``examples/`` and ``docs/snippets/``, and print what the
  page shows (``...`` matches anything, as in doctest); the exit status must be 0,
  unless the command ends with ``; echo $?`` and the page shows the status;
* the doctests of every module of the package, and of the documentation hooks, pass;
* every public name has a docstring.
"""

from __future__ import annotations

import contextlib
import csv
import doctest
import enum
import html.parser
import importlib
import importlib.util
import inspect
import io
import itertools
import json
import os
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest
import yaml

import citydiplomacy as cd
from citydiplomacy._checking._rules import RULES
from citydiplomacy._cli import COMMANDS, run

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
HOOKS = sorted((DOCS / "hooks").glob("*.py"))

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)


def _blocks(page: Path, language: str) -> list[tuple[int, str]]:
    """The fenced blocks of a page in one language: (line number, code)."""
    text = page.read_text("utf-8")
    out = []
    for match in _FENCE.finditer(text):
        info = match.group("info").strip().split()
        if info and info[0] == language:
            indent = match.group("indent")
            body = "".join(
                line[len(indent) :] if line.startswith(indent) else line
                for line in match.group("body").splitlines(keepends=True)
            )
            out.append((text.count("\n", 0, match.start()) + 2, body))
    return out


def _pages_with(language: str) -> list[Path]:
    return [page for page in PAGES if _blocks(page, language)]


def _id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


# ---------------------------------------------------------------- the site


def _mkdocs_missing() -> str | None:
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        try:
            if importlib.util.find_spec(module) is None:
                return module
        except ModuleNotFoundError:
            return module
    return None


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.ids.add(str(values[name]))
        for name in ("href", "src"):
            if values.get(name) and tag in {"a", "img", "script", "link"}:
                self.links.append(str(values[name]))


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser


_SITE_URL = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
_SITE_PATH = urlsplit(_SITE_URL.group(1) if _SITE_URL else "/").path or "/"


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    # The language switcher links to each language's home with an absolute path under
    # the site's own (site_url's path, where the site is published).
    if path.startswith(_SITE_PATH):
        path = "/" + path.removeprefix(_SITE_PATH)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = _mkdocs_missing()
    if missing:
        pytest.skip(f"{missing} is not installed: pip install -e '.[docs]' to build the docs")
    out = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "NO_MKDOCS_2_WARNING": "1",  # a banner about the theme's future, not about our pages
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert not re.search(r"^(?:\x1b\[[0-9;]*m)*WARNING\b", log, re.M), log
    return out


def test_docs_build_strict(site: Path) -> None:
    for page in [
        "index.html", "tutorial/index.html", "example/index.html", "faq/index.html",
        "reference/schema/index.html", "reference/codelists/index.html",
        "reference/cli/index.html", "reference/rules/index.html", "reference/api/index.html",
        "changelog/index.html", "ci/index.html", "other-tools/index.html",
    ]:  # fmt: skip
        assert (site / page).is_file(), page


def test_every_link_of_the_site_resolves(site: Path) -> None:
    # 404.html links with absolute URLs under site_url, for any depth of missing page.
    parsed = {page: _parse(page) for page in site.rglob("*.html") if page.name != "404.html"}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            found = _target(site, page, link)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link} (no such file)")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_generated_references_cover_the_sources(site: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "convention.schema.json").read_text("utf-8"))
    ids = _parse(site / "reference" / "schema" / "index.html").ids
    for name, definition in schema["$defs"].items():
        assert name in ids, f"$defs/{name} is not on the schema page"
        for field in definition.get("properties", {}):
            assert f"{name}.{field}" in ids, f"{name}.{field} is not on the schema page"
    codelist_ids = _parse(site / "reference" / "codelists" / "index.html").ids
    with (ROOT / "schemas" / "codelists" / "index.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["codelist"] in codelist_ids
    rule_ids = _parse(site / "reference" / "rules" / "index.html").ids
    assert set(RULES) <= rule_ids
    cli = (site / "reference" / "cli" / "index.html").read_text("utf-8")
    for command in COMMANDS:
        assert f"citydiplomacy {command}" in cli
    # The API page: every public name documented, every code of every public enum listed.
    api_page = site / "reference" / "api" / "index.html"
    api, api_ids = api_page.read_text("utf-8"), _parse(api_page).ids
    for name in cd.__all__:
        value = getattr(cd, name)
        if name != "__version__":
            assert f"citydiplomacy.{name}" in api_ids, f"{name} is not on the API page"
        if isinstance(value, type) and issubclass(value, enum.Enum):
            for member in value:
                assert f"<code>{name}.{member.name}</code>" in api, f"{name}.{member.name}"
                assert f"<code>{member.value}</code>" in api, f"{name}: {member.value}"


#: The pages a city official reads first, in French too (``docs/<page>.fr.md``).
FRENCH_PAGES = ("index", "getting-started", "tutorial", "concepts", "example")


@pytest.mark.parametrize("page", FRENCH_PAGES)
def test_first_pages_are_in_french_with_the_english_anchors(site: Path, page: str) -> None:
    assert (DOCS / f"{page}.fr.md").is_file()
    folder = "" if page == "index" else f"{page}/"
    english = (site / folder / "index.html").read_text("utf-8")
    french = (site / "fr" / folder / "index.html").read_text("utf-8")
    assert '<html lang="en"' in english
    assert '<html lang="fr"' in french
    # The language switcher links each version to the other.
    assert 'hreflang="fr"' in english
    assert 'hreflang="en"' in french
    # Links into a page work in both languages: its sections keep their ids.
    sections = re.compile(r'<h[23] id="([^"]+)"')
    assert set(sections.findall(english)) <= set(sections.findall(french))
    assert '<div lang="en">' not in french


def test_pages_not_translated_say_they_are_english(site: Path) -> None:
    french = (site / "fr" / "faq" / "index.html").read_text("utf-8")
    assert '<html lang="fr"' in french
    assert '<div lang="en">' in french


class _Directions(html.parser.HTMLParser):
    """Each text of a page with the ``dir`` and ``lang`` in force around it."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.texts: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        outer_dir = self.stack[-1][1] if self.stack else None
        outer_lang = self.stack[-1][2] if self.stack else None
        self.stack.append((tag, found.get("dir", outer_dir), found.get("lang", outer_lang)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack:
            self.texts.append((data, self.stack[-1][1], self.stack[-1][2]))


def test_arabic_codelist_titles_are_marked_right_to_left(site: Path) -> None:
    parser = _Directions()
    parser.feed((site / "reference" / "codelists" / "index.html").read_text("utf-8"))
    arabic = [t for t in parser.texts if re.search(r"[\u0600-\u06ff]", t[0])]
    assert len(arabic) > 300, "the Arabic titles are missing from the codelists page"
    wrong = [text for text, direction, lang in arabic if (direction, lang) != ("rtl", "ar")]
    assert not wrong, wrong[:5]


# ---------------------------------------------------------------- examples in pages


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


_PRINTS = ("It prints:", "Il affiche :")


def _printed(page: Path) -> dict[int, str]:
    """What a page says its Python blocks print: a ``text`` block introduced by a line
    "It prints:" ("Il affiche :" on a French page) right after a ``python`` block, by the
    line of that python block."""
    text = page.read_text("utf-8")
    fences = list(_FENCE.finditer(text))
    out = {}
    for block, following in itertools.pairwise(fences):
        kinds = (block.group("info").strip(), following.group("info").strip())
        introduced = text[block.end() : following.start()].strip() in _PRINTS
        if kinds == ("python", "text") and introduced:
            out[text.count("\n", 0, block.start()) + 2] = following.group("body")
    return out


@pytest.mark.parametrize("page", _pages_with("python"), ids=_id)
def test_python_blocks_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs:{_id(page)}"}
    printed = _printed(page)
    with _cwd(ROOT):
        for line, code in _blocks(page, "python"):
            shown = io.StringIO()
            try:
                with contextlib.redirect_stdout(shown):
                    exec(compile(code, f"{page}:{line}", "exec"), namespace)
            except Exception as exc:
                pytest.fail(f"{_id(page)}, block at line {line}: {type(exc).__name__}: {exc}")
            if line in printed:
                got, want = shown.getvalue(), printed[line]
                assert _CHECKER.check_output(want, got, _FLAGS), (
                    f"{_id(page)}, block at line {line} prints:\n{got}\nthe page shows:\n{want}"
                )


_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _commands(code: str) -> Iterator[tuple[str, str]]:
    """``$ command`` lines of a console block with the output shown after each."""
    command: str | None = None
    output: list[str] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, "\n".join(output)
            command, output = line[2:], []
        elif command is not None:
            output.append(line)
    if command is not None:
        yield command, "\n".join(output)


@pytest.mark.parametrize("page", _pages_with("console"), ids=_id)
def test_console_blocks_print_what_they_show(page: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(DOCS / "snippets", tmp_path / "docs" / "snippets")
    with _cwd(tmp_path):
        for line, code in _blocks(page, "console"):
            for command, expected in _commands(code):
                show_code = command.endswith("; echo $?")
                words = shlex.split(command.removesuffix("; echo $?"))
                if words[0] != "citydiplomacy":
                    continue  # other tools (pip, pre-commit, ...) are not run here
                output = io.StringIO()
                status = run(words[1:], stdin=io.BytesIO(b""), stdout=output, stderr=output)
                actual = output.getvalue() + (f"{status}\n" if show_code else "")
                if not show_code:
                    assert status == 0, (
                        f"{_id(page)}:{line}: `{command}` exited {status}:\n{actual}"
                    )
                assert _CHECKER.check_output(expected.strip() + "\n", actual, _FLAGS), (
                    f"{_id(page)}:{line}: `{command}` printed\n{actual}\n"
                    f"but the page shows\n{expected}"
                )


def test_doctest_examples_in_pages() -> None:
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report = io.StringIO()
    with _cwd(ROOT):
        for page in PAGES:
            text = page.read_text("utf-8")
            if ">>> " in text:
                test = doctest.DocTestParser().get_doctest(text, {}, _id(page), str(page), 0)
                runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


# ---------------------------------------------------------------- docstrings


def _modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(cd.__path__, prefix="citydiplomacy.")]
    return ["citydiplomacy", *sorted(names)]


def _load_hook(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hook_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _doctest(module: ModuleType) -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report = io.StringIO()
    with _cwd(ROOT):
        for test in finder.find(module, module.__name__, globs=dict(vars(module))):
            runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


@pytest.mark.parametrize("name", _modules())
def test_module_doctests(name: str) -> None:
    _doctest(importlib.import_module(name))


@pytest.mark.parametrize("path", HOOKS, ids=lambda p: p.name)
def test_hook_doctests(path: Path) -> None:
    if _mkdocs_missing():
        pytest.skip("the hooks need mkdocs")
    _doctest(_load_hook(path))


def _undocumented(owner: str, value: object) -> Iterator[str]:
    if not inspect.getdoc(value):
        yield owner
    if inspect.isclass(value) and not issubclass(value, BaseException):
        for attr, member in vars(value).items():
            if attr.startswith("_"):
                continue
            function = (
                member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
            )
            if (inspect.isfunction(function) or isinstance(function, property)) and not (
                function.__doc__ or ""
            ).strip():
                yield f"{owner}.{attr}"


def test_the_api_page_lists_every_public_name() -> None:
    page = (DOCS / "reference" / "api.md").read_text("utf-8")
    missing = [n for n in cd.__all__ if n != "__version__" and f"[citydiplomacy.{n}]" not in page]
    assert not missing, f"add these names to the overview of docs/reference/api.md: {missing}"


def test_every_public_name_has_a_docstring() -> None:
    missing = [
        found
        for name in cd.__all__
        if name != "__version__"
        for found in _undocumented(name, getattr(cd, name))
    ]
    assert not missing, f"no docstring: {missing}"


# ---------------------------------------------------------------- what the site publishes


def _site_url() -> str:
    # mkdocs.yml here uses no custom tags, so PyYAML reads it.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    url = str(config["site_url"])
    return url if url.endswith("/") else url + "/"


def test_every_schema_is_published_at_its_id(site: Path) -> None:
    site_url = _site_url()
    schemas = sorted((ROOT / "schemas").rglob("*.schema.json"))
    assert len(schemas) >= 2  # 1.0 stays published beside the current version
    for path in schemas:
        schema_id = json.loads(path.read_text("utf-8"))["$id"]
        assert schema_id.startswith(site_url), (path, schema_id)
        published = site / schema_id.removeprefix(site_url)
        assert published.read_bytes() == path.read_bytes(), schema_id


def test_codelists_are_published_as_csv_and_json(site: Path) -> None:
    current = json.loads((ROOT / "schemas" / "convention.schema.json").read_text("utf-8"))
    folder = site / current["$id"].removeprefix(_site_url()).rsplit("/", 1)[0] / "codelists"
    sources = sorted((ROOT / "schemas" / "codelists").glob("*.csv"))
    with (ROOT / "schemas" / "codelists" / "index.csv").open(encoding="utf-8") as f:
        index = {row["codelist"]: row for row in csv.DictReader(f)}
    assert len(sources) == len(index) + 1  # the lists and index.csv
    for source in sources:
        assert (folder / source.name).read_bytes() == source.read_bytes(), source.name
        if source.stem == "index":
            continue
        rendering = json.loads((folder / f"{source.stem}.json").read_text("utf-8"))
        with source.open(encoding="utf-8", newline="") as f:
            assert rendering["data"] == list(csv.DictReader(f)), source.name
        assert rendering["metadata"]["name"] == source.stem
        assert rendering["metadata"]["schema_def"] == index[source.stem]["schema_def"]
    # The reference pages link to them.
    codelists_page = (site / "reference" / "codelists" / "index.html").read_text("utf-8")
    assert 'href="../../schema/1.1/codelists/sectors.csv"' in codelists_page
    assert 'href="../../schema/1.1/codelists/sectors.json"' in codelists_page
    schema_page = (site / "reference" / "schema" / "index.html").read_text("utf-8")
    for version in ("1.0", "1.1"):
        assert f'href="../../schema/{version}/convention.schema.json"' in schema_page


#: ``<link rel>`` values that make a browser fetch the ``href``.
_LOADING_RELS = {
    "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
    "icon", "shortcut", "apple-touch-icon", "manifest",
}  # fmt: skip
_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


class _Loads(html.parser.HTMLParser):
    """The addresses a page makes the browser fetch, and its inline CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.css: list[str] = []
        self.fetches_repository_facts = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed", "track"}:
            self.loads += [values[k] for k in ("src", "srcset", "poster") if k in values]
        if tag == "object" and "data" in values:
            self.loads.append(values["data"])
        if tag == "link" and _LOADING_RELS & set(values.get("rel", "").lower().split()):
            self.loads.append(values.get("href", ""))
        if "style" in values:
            self.css.append(values["style"])
        # Material's script asks api.github.com for stars and forks of this element.
        if values.get("data-md-component") == "source":
            self.fetches_repository_facts = True
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def test_the_site_loads_nothing_from_other_hosts(site: Path) -> None:
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text("utf-8"))
        where = page.relative_to(site)
        found += [f"{where}: {url}" for url in parser.loads if _EXTERNAL.match(url)]
        found += [f"{where}: {m}" for css in parser.css for m in _CSS_URL.findall(css)]
        if parser.fetches_repository_facts:
            found.append(f"{where}: the repository link fetches api.github.com")
    for sheet in sorted(site.rglob("*.css")):
        css = sheet.read_text("utf-8")
        found += [f"{sheet.relative_to(site)}: {m}" for m in _CSS_URL.findall(css)]
    assert not found, "\n".join(found)
    # The check itself sees a Google Fonts stylesheet and a CDN script.
    probe = _Loads()
    probe.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.org/x.js"></script><div style="background:url(https://x.org/a.png)">'
    )
    assert len(probe.loads) == 2
    assert _CSS_URL.findall(probe.css[0]) == ["https://x.org/a.png"]
