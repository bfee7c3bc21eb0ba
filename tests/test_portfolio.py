"""Portfolios: loading many files with the batch engine, lookups, chains, effective terms."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._batch import _engine as _batch
from citydiplomacy._batch._portfolio import fingerprint
from citydiplomacy._cli import run
from citydiplomacy._domain._codes import InstrumentKind, InstrumentRelation
from citydiplomacy._time._terms import TermStatus

from .conftest import EXAMPLES

FRAMEWORK = "fictional-villebelle-tilelli-2025"
AMENDMENT = "fictional-villebelle-tilelli-2025-amendment-1"
PROTOCOL = "fictional-villebelle-tilelli-2024-protocol"


def convention(
    instrument: str,
    *,
    links: str = "",
    term: str = "",
    signed: str | None = None,
    parties: str = "",
) -> str:
    """A small valid convention in YAML, with optional links and term (YAML blocks)."""
    text = f'schema_version: "1.1"\nid: {instrument}\nparties:\n' + (
        parties
        or "  - {id: aville, kind: local_government, name: {fr: Aville}, country: FR}\n"
        "  - {id: bville, kind: local_government, name: {fr: Bville}, country: SN}\n"
    )
    if links:
        text += "related_instruments:\n" + links
    if signed:
        text += f'signature: {{date: "{signed}"}}\n'
    if term:
        text += "term:\n" + term
    return text


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ loading


def test_a_folder_is_loaded_with_every_file_and_its_report() -> None:
    portfolio = cd.load_portfolio(EXAMPLES, jobs=1)
    found = sorted(
        str(p) for p in EXAMPLES.rglob("*") if p.suffix in {".yaml", ".json"} and p.is_file()
    )
    assert sorted(f.path for f in portfolio.files) == found
    assert all(f.report.file == f.path for f in portfolio.files)
    assert portfolio.problems == ()
    assert FRAMEWORK in portfolio
    assert portfolio[FRAMEWORK].path == str(EXAMPLES / "fictional-villebelle-tilelli.yaml")
    framework = portfolio[FRAMEWORK].convention
    assert framework is not None
    assert framework.kind is InstrumentKind.FRAMEWORK_CONVENTION
    # The same convention in JSON and YAML: one id, two files.
    twins = portfolio.find("grenoble-tiznit-framework-convention-2025")
    assert sorted(Path(f.path).name for f in twins) == [
        "grenoble-tiznit.json",
        "grenoble-tiznit.yaml",
    ]
    assert len(portfolio) == len(found)
    assert len(portfolio.ids()) == len(found) - 1
    assert [f.id for f in portfolio] == [f.id for f in portfolio.files if f.id is not None]
    with pytest.raises(KeyError):
        portfolio["no-such-instrument"]
    assert portfolio.get("no-such-instrument") is None


def test_the_outline_leaves_out_what_questions_across_files_do_not_need() -> None:
    portfolio = cd.load_portfolio([EXAMPLES / "fictional-villebelle-tilelli.yaml"])
    file = portfolio[FRAMEWORK]
    assert file.convention is not None
    assert file.convention.actions == ()
    assert file.convention.governance is None
    assert file.convention.parties
    assert file.convention.term is not None
    whole = file.load()
    assert whole.actions
    assert whole.governance is not None
    assert whole == cd.load(EXAMPLES / "fictional-villebelle-tilelli.yaml")
    kept = cd.load_portfolio([EXAMPLES / "fictional-villebelle-tilelli.yaml"], whole=True)
    assert kept[FRAMEWORK].convention == whole
    assert kept[FRAMEWORK].load() is kept[FRAMEWORK].convention
    assert [c for _, c in portfolio.conventions()] == [whole]


def test_bad_files_and_paths_are_reported_not_raised(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", convention("good-2020"))
    write(tmp_path, "broken.yaml", "schema_version: [")
    write(tmp_path, "invalid.yaml", 'schema_version: "1.1"\nid: x\n')
    portfolio = cd.load_portfolio([tmp_path, tmp_path / "missing.yaml", str(tmp_path / "*.txt")])
    by_name = {Path(f.path).name: f for f in portfolio.files}
    assert by_name["good.yaml"].report.valid
    assert by_name["good.yaml"].id == "good-2020"
    for name in ("broken.yaml", "invalid.yaml"):
        assert by_name[name].convention is None
        assert not by_name[name].report.valid
        assert all(f.file == by_name[name].path for f in by_name[name].report.findings)
    assert portfolio.ids() == ["good-2020"]
    assert not portfolio.valid
    problems = dict(portfolio.problems)
    assert "no such file" in problems[str(tmp_path / "missing.yaml")]
    assert "no file matches" in problems[str(tmp_path / "*.txt")]


def test_glob_patterns_are_expanded(tmp_path: Path) -> None:
    write(tmp_path, "one/a.yaml", convention("a-1"))
    write(tmp_path, "two/deep/b.yaml", convention("b-1"))
    write(tmp_path, "two/c.json.txt", "not a convention")
    portfolio = cd.load_portfolio(str(tmp_path / "**" / "*.yaml"))
    assert portfolio.ids() == ["a-1", "b-1"]
    assert portfolio.problems == ()


def test_progress_is_called_after_each_file(tmp_path: Path) -> None:
    for index in range(3):
        write(tmp_path, f"{index}.yaml", convention(f"c-{index}"))
    calls: list[tuple[int, int]] = []
    cd.load_portfolio(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_worker_processes_give_the_same_portfolio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(40):
        write(tmp_path, f"{index:02d}.yaml", convention(f"c-{index:02d}"))
    one = cd.load_portfolio(tmp_path, jobs=1)
    started: list[int] = []

    class Spy(_batch.Pool):
        def __init__(self, workers: int) -> None:
            started.append(workers)
            super().__init__(workers)

    monkeypatch.setattr(_batch, "PARALLEL_MIN_WORK_FORK", 1)
    monkeypatch.setattr(_batch, "PARALLEL_MIN_WORK_SPAWN", 1)
    monkeypatch.setattr(_batch, "WORKER_MIN_WORK", 1)
    monkeypatch.setattr(_batch, "Pool", Spy)
    two = cd.load_portfolio(tmp_path, jobs=2)
    assert started == [2]
    assert [(f.path, f.report, f.convention) for f in one.files] == [
        (f.path, f.report, f.convention) for f in two.files
    ]


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="jobs"):
        cd.load_portfolio(EXAMPLES, jobs=0)
    with pytest.raises(TypeError, match="paths"):
        cd.load_portfolio([3])  # type: ignore[list-item]


# ------------------------------------------------------------------ chains


def test_the_chain_of_the_fictional_convention() -> None:
    portfolio = cd.load_portfolio(EXAMPLES)
    chain = portfolio.chain(FRAMEWORK)
    assert [n.id for n in chain.nodes] == [PROTOCOL, FRAMEWORK, AMENDMENT]
    protocol = chain.node(PROTOCOL)
    assert protocol.known_only
    assert protocol.file is None
    assert protocol.kind is InstrumentKind.PROTOCOL_OF_INTENT
    assert str(protocol.date) == "2024-10~"
    assert not chain.node(AMENDMENT).known_only
    links = {(k.source, k.relation, k.target): k for k in chain.links}
    amends = links[(AMENDMENT, InstrumentRelation.AMENDS, FRAMEWORK)]
    # Stated on both sides: amends in the amendment, amended_by in the framework.
    assert sorted(Path(p).name for p in amends.stated_in) == [
        "fictional-villebelle-tilelli-amendment-1.yaml",
        "fictional-villebelle-tilelli.yaml",
    ]
    assert (FRAMEWORK, InstrumentRelation.FOLLOWS, PROTOCOL) in links
    assert set(chain.related(FRAMEWORK)) == {
        (InstrumentRelation.AMENDED_BY, AMENDMENT),
        (InstrumentRelation.FOLLOWS, PROTOCOL),
    }
    # The same chain from any of its instruments, known-only ones included.
    assert portfolio.chain(AMENDMENT).nodes == chain.nodes
    assert portfolio.chain(PROTOCOL).links == chain.links
    with pytest.raises(KeyError):
        portfolio.chain("no-such-instrument")


def test_a_chain_is_followed_through_files_that_link_one_way(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a"))
    write(tmp_path, "b.yaml", convention("b", links="  - {relation: implements, instrument: a}\n"))
    write(tmp_path, "c.yaml", convention("c", links="  - {relation: renews, instrument: b}\n"))
    write(tmp_path, "d.yaml", convention("d"))
    portfolio = cd.load_portfolio(tmp_path)
    chain = portfolio.chain("a")
    assert {n.id for n in chain.nodes} == {"a", "b", "c"}
    assert {(k.source, k.relation.value, k.target) for k in chain.links} == {
        ("b", "implements", "a"),
        ("c", "renews", "b"),
    }
    assert [n.id for n in portfolio.chain("d").nodes] == ["d"]
    assert portfolio.chain("d").links == ()


# ------------------------------------------------------------------ effective terms

TERM = '  start: "2020-02-01"\n  duration: P3Y\n  renewal: {mode: explicit, period: P2Y}\n'


def test_a_renewal_in_another_file_renews_the_term(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a", term=TERM))
    on = dt.date(2023, 6, 1)
    alone = cd.load_portfolio(tmp_path)
    assert alone.term_status("a", on).status is TermStatus.EXPIRED
    write(tmp_path, "r.yaml", convention("r", links="  - {relation: renews, instrument: a}\n"))
    portfolio = cd.load_portfolio(tmp_path)
    assert portfolio.term_status("a", on).status is TermStatus.RENEWED
    effective = portfolio.effective("a")
    assert [(k.relation, k.instrument) for k in effective.related_instruments] == [
        (InstrumentRelation.RENEWED_BY, "r")
    ]
    # The file itself is not changed, and a renewal stated on both sides counts once.
    assert portfolio["a"].convention is not None
    assert portfolio["a"].convention.related_instruments == ()
    write(
        tmp_path,
        "a.yaml",
        convention("a", term=TERM, links="  - {relation: renewed_by, instrument: r}\n"),
    )
    both = cd.load_portfolio(tmp_path)
    assert len(both.effective("a").related_instruments) == 1
    assert both.term_status("a", dt.date(2025, 3, 1)).status is TermStatus.EXPIRED
    deadlines = both.upcoming_deadlines("a", dt.date(2024, 1, 1))
    assert [(d.kind.value, str(d.date)) for d in deadlines] == [("end", "2025-01-31")]


def test_a_superseding_instrument_ends_the_term_when_it_starts(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a", term='  start: "2020-02-01"\n  duration: P10Y\n'))
    write(
        tmp_path,
        "s.yaml",
        convention(
            "s",
            links="  - {relation: supersedes, instrument: a}\n",
            term='  start: "2022-07"\n',
        ),
    )
    portfolio = cd.load_portfolio(tmp_path)
    assert portfolio.term_status("a", dt.date(2022, 6, 30)).in_force is True
    assert portfolio.term_status("a", dt.date(2022, 7, 15)).status is TermStatus.UNKNOWN
    assert portfolio.term_status("a", dt.date(2022, 8, 1)).status is TermStatus.TERMINATED
    effective = portfolio.effective("a")
    assert effective.term is not None
    assert effective.term.termination is not None
    assert str(effective.term.termination.date) == "2022-07"
    # Without a file, the supersession is not known: the term runs on.
    os.remove(tmp_path / "s.yaml")
    assert cd.load_portfolio(tmp_path).term_status("a", dt.date(2023, 1, 1)).in_force is True


def test_a_recorded_termination_wins_over_a_supersession(tmp_path: Path) -> None:
    term = '  start: "2020-02-01"\n  termination: {date: "2021-01-01"}\n'
    write(tmp_path, "a.yaml", convention("a", term=term))
    write(
        tmp_path,
        "s.yaml",
        convention("s", links="  - {relation: supersedes, instrument: a}\n", signed="2022-07-01"),
    )
    portfolio = cd.load_portfolio(tmp_path)
    assert portfolio.effective("a") == portfolio["a"].convention
    assert portfolio.term_status("a", dt.date(2021, 6, 1)).status is TermStatus.TERMINATED


# ------------------------------------------------------------------ status --portfolio


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_status_with_a_portfolio_uses_the_effective_term_and_shows_the_chain(
    tmp_path: Path,
) -> None:
    own = write(tmp_path, "a.yaml", convention("a", term=TERM))
    write(tmp_path, "r.yaml", convention("r", links="  - {relation: renews, instrument: a}\n"))
    write(tmp_path, "broken.yaml", "schema_version: [")
    code, out, _ = cli("status", own, "--on", "2023-06-01", "--format", "json")
    assert code == 0
    alone = json.loads(out)
    assert alone["term"]["status"] == "expired"
    assert "portfolio" not in alone
    code, out, err = cli(
        "status", own, "--on", "2023-06-01", "--format", "json", "--portfolio", tmp_path
    )
    assert code == 0
    report = json.loads(out)
    assert report["term"]["status"] == "renewed"
    assert report["portfolio"]["files"] == 2
    assert report["portfolio"]["left_out"] == 1
    assert "1 file(s) of the portfolio left out" in err
    assert report["portfolio"]["chain"]["links"] == [
        {
            "source": "r",
            "relation": "renews",
            "target": "a",
            "stated_in": [str(tmp_path / "r.yaml")],
        }
    ]
    assert [n["id"] for n in report["portfolio"]["chain"]["nodes"]] == ["a", "r"]


def test_status_text_shows_known_only_instruments_escaped(tmp_path: Path) -> None:
    own = write(tmp_path, "a.yaml", convention("a"))
    linked = convention("b", links='  - {relation: follows, instrument: older, date: "2019"}\n')
    write(tmp_path, "b\x1b[31m.yaml", linked + 'signature: {date: "2020"}\n')
    write(tmp_path, "c.yaml", convention("c", links="  - {relation: amends, instrument: b}\n"))
    code, out, err = cli("status", own, "--on", "2023-06-01", "--portfolio", tmp_path)
    assert code == 0, err
    assert "no other instrument linked" in out
    code, out, err = cli("status", tmp_path / "c.yaml", "--portfolio", tmp_path)
    assert code == 0, err
    assert "\x1b" not in out
    chain = out[out.index("Chain (portfolio of 3 conventions)") :]
    assert "2019: older, kind not stated, no file: known only from links" in chain
    assert "2020: b, kind not stated" in chain
    assert "follows older" in chain
    assert "c (this one), kind not stated" in chain
    assert "amends b" in chain


def test_status_with_a_missing_portfolio_is_an_error(tmp_path: Path) -> None:
    own = write(tmp_path, "a.yaml", convention("a"))
    code, _, err = cli("status", own, "--portfolio", tmp_path / "nowhere")
    assert code == 2
    assert "--portfolio" in err
    assert "no such file" in err


def test_a_schema_association_does_not_make_a_copy_different() -> None:
    """The reference example as YAML (schema named in a comment) and as JSON (`$schema`
    member) is one convention saved twice, not two instruments with the same id."""
    document = json.loads((EXAMPLES / "grenoble-tiznit.json").read_text("utf-8"))
    without = {k: v for k, v in document.items() if k != "$schema"}
    assert "$schema" in document
    assert fingerprint(document) == fingerprint(without)
    assert fingerprint(without) != fingerprint({**without, "id": "another-id"})
    portfolio = cd.load_portfolio(
        [EXAMPLES / "grenoble-tiznit.json", EXAMPLES / "grenoble-tiznit.yaml"]
    )
    assert not [f for f in portfolio.cross_file_findings() if f.rule == "portfolio.duplicate-id"]
