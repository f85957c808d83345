"""Comparing runs (reports/compare.py), the run references of `ent-audit compare` and the `ent-audit runs` listing
(reports/history.py); end to end: two audits of the demo, the second with one page made heavier."""

from __future__ import annotations

import json
import re

import pytest

from ent_audit.audits.metrics import ecoindex
from ent_audit.crawler.commands import main as cli_main
from ent_audit.reports.compare import MIN_WEIGHT_BYTES, compare_runs, format_comparison
from ent_audit.reports.history import HistoryError, resolve_pair
from ent_audit.reports.store import Store
from tests.conftest import CREDENTIALS, login_config, run_cli
from tests.reports.test_store import make_capture

BASE = "https://ent.example.fr"


def page(
    path: str,
    weight: int = 100_000,
    requests: int = 10,
    score: float | None = 70.0,
    *,
    violations=(),
    findings=(),
    status: int = 200,
    error: str = "",
    profile: str = "élève",
    template: str = "",
) -> dict:
    """A results.json page: ``violations`` as (rule, impact), ``findings`` as (ref, verdict)."""
    return {
        "url": BASE + path,
        "profile": profile,
        "template": template or path,
        "status": status,
        "error": error,
        "loaded": 200 <= status < 400 and not error,
        "transfer_bytes": weight,
        "requests": requests,
        "ecoindex": None if score is None else {"score": score, "grade": ecoindex.grade(score)},
        "accessibility": {}
        if error
        else {
            "engine": "axe-core 4.11.4",
            "violations": [
                {"rule": rule, "impact": impact, "nodes": 2, "rgaa": ["1.1"]} for rule, impact in violations
            ],
        },
        "findings": [{"ref": ref, "verdict": verdict, "evidence": [f"{ref} on {path}"]} for ref, verdict in findings],
    }


def results(run_id: str, pages: list[dict], site_findings=(), site: str = "Collège Exemple") -> dict:
    scores = [p["ecoindex"]["score"] for p in pages if p["ecoindex"]]
    return {
        "run": {
            "id": run_id,
            "started_at": "2026-11-29T19:22:33Z",
            "finished_at": "2026-11-29T19:30:00Z",
            "site": site,
            "profile": "élève",
            "status": "finished",
        },
        "pages": pages,
        "summary": {
            "pages": len(pages),
            "total_transfer_bytes": sum(p["transfer_bytes"] for p in pages),
            "total_requests": sum(p["requests"] for p in pages),
            "mean_ecoindex": round(sum(scores) / len(scores), 1) if scores else None,
        },
        "site": {"findings": [{"ref": ref, "verdict": verdict, "evidence": []} for ref, verdict in site_findings]},
    }


def kinds(comparison: dict) -> list[tuple[str, str]]:
    return [(r["kind"], r.get("url", "").removeprefix(BASE) or r.get("ref")) for r in comparison["regressions"]]


# -- pages, added and removed --------------------------------------------------------------------------------


def test_pages_matched_added_removed() -> None:
    a = results("A", [page("/a"), page("/b", 80_000)])
    b = results(
        "B",
        [
            page("/b", 90_000, 12, 65.0),
            page("/c", violations=[("image-alt", "critical")], findings=[("RGESN-6.3", "fail")]),
        ],
    )
    c = compare_runs(a, b)
    assert c["added"] == [BASE + "/c"] and c["removed"] == [BASE + "/a"]
    states = {p["url"].removeprefix(BASE): p["state"] for p in c["pages"]}
    assert states == {"/a": "removed", "/b": "matched", "/c": "added"}
    matched = next(p for p in c["pages"] if p["state"] == "matched")
    assert matched["transfer_bytes"] == {"before": 80_000, "after": 90_000, "delta": 10_000, "delta_pct": 12.5}
    assert matched["requests"]["delta"] == 2 and matched["ecoindex"]["delta"] == -5.0
    added = next(p for p in c["pages"] if p["state"] == "added")
    assert added["transfer_bytes"] == {"before": None, "after": 100_000, "delta": None, "delta_pct": None}
    # a page reached only by the newer crawl brings no "new" violation or finding, hence no regression
    assert c["violations"]["new"] == [] and c["findings"]["new"] == []
    assert kinds(c) == [("weight", "/b")]  # +10 kB and +12.5 %
    assert c["summary"]["pages_added"] == c["summary"]["pages_removed"] == c["summary"]["pages_matched"] == 1
    assert c["summary"]["total_transfer_bytes"]["delta"] == 190_000 - 180_000
    assert c["base"]["id"] == "A" and c["head"]["id"] == "B" and c["same_site"]


def test_templates_compare_means_per_loaded_page() -> None:
    a = results("A", [page("/blog/1", 100_000, template="/blog/{id}"), page("/blog/2", 200_000, template="/blog/{id}")])
    b = results(
        "B",
        [
            page("/blog/1", 130_000, template="/blog/{id}"),
            page("/blog/3", 190_000, template="/blog/{id}"),
            page("/blog/4", 0, score=None, status=500, error="HTTP 500", template="/blog/{id}"),
        ],
    )
    (row,) = compare_runs(a, b)["templates"]
    assert row["template"] == "/blog/{id}" and row["state"] == "matched"
    assert row["pages"] == {"before": 2, "after": 3, "delta": 1, "delta_pct": 50.0}
    assert row["mean_transfer_bytes"]["before"] == 150_000 and row["mean_transfer_bytes"]["after"] == 160_000
    assert row["mean_transfer_bytes"]["delta"] == 10_000


# -- thresholds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, after, threshold, regression",
    [
        (100_000, 111_000, 10, True),  # +11 %, +11 kB
        (100_000, 110_000, 10, False),  # exactly +10 %: not more than the threshold
        (100_000, 109_000, 10, False),  # +9 %
        (100_000, 112_000, 15, False),  # +12 % against a 15 % threshold
        (100_000, 112_000, 11.5, True),
        (100_000, 112_000, 0, True),
        (1_000_000, 1_009_000, 0, False),  # any growth at 0 %, but still at least 10 kB
        (10_000, 15_000, 10, False),  # +50 % but 5 kB: below the 10 kB floor
        (50_000, 60_000, 10, True),  # +20 %, exactly 10 kB
        (50_000, 59_999, 10, False),  # +20 %, 1 byte short of 10 kB
        (1_000_000, 1_090_000, 10, False),  # +90 kB is only +9 %
        (200_000, 100_000, 10, False),  # lighter
    ],
)
def test_weight_threshold(before: int, after: int, threshold: float, regression: bool) -> None:
    c = compare_runs(results("A", [page("/p", before)]), results("B", [page("/p", after)]), threshold)
    assert (("weight", "/p") in kinds(c)) is regression
    assert c["thresholds"]["weight_pct"] == threshold and c["thresholds"]["weight_min_bytes"] == MIN_WEIGHT_BYTES


@pytest.mark.parametrize(
    "before, after, regression",
    [
        (70.0, 64.0, True),  # −6 points
        (70.0, 65.0, False),  # −5: not more than 5
        (70.0, 64.9, True),
        (60.0, 80.0, False),
        (70.0, None, False),  # not scored in B (e.g. not HTML): nothing to compare
    ],
)
def test_ecoindex_drop(before: float, after: float | None, regression: bool) -> None:
    c = compare_runs(results("A", [page("/p", score=before)]), results("B", [page("/p", score=after)]))
    assert (("ecoindex", "/p") in kinds(c)) is regression


def test_negative_threshold_is_refused() -> None:
    with pytest.raises(ValueError):
        compare_runs(results("A", []), results("B", []), -1)


# -- violations and findings ----------------------------------------------------------------------------------


def test_violations_new_and_fixed_by_rule_and_page() -> None:
    a = results(
        "A",
        [
            page("/p", violations=[("color-contrast", "serious"), ("region", "moderate")]),
            page("/q", violations=[("image-alt", "critical")]),
        ],
    )
    b = results(
        "B",
        [
            page(
                "/p", violations=[("region", "moderate"), ("image-alt", "critical"), ("landmark-one-main", "moderate")]
            ),
            page("/q", violations=[("image-alt", "critical")]),
        ],
    )
    c = compare_runs(a, b)
    assert sorted((v["rule"], v["url"].removeprefix(BASE)) for v in c["violations"]["new"]) == [
        ("image-alt", "/p"),
        ("landmark-one-main", "/p"),
    ]  # image-alt was already on /q, but not on /p
    assert [(v["rule"], v["impact"]) for v in c["violations"]["fixed"]] == [("color-contrast", "serious")]
    # only the new critical/serious one is a regression, the moderate one is listed, not flagged
    assert kinds(c) == [("violation", "/p")] and c["regressions"][0]["rule"] == "image-alt"
    assert c["regressions"][0]["impact"] == "critical"


def test_findings_new_and_fixed() -> None:
    a = results("A", [page("/p", findings=[("RGESN-6.3", "fail"), ("RGESN-6.1", "pass"), ("RGAA-8.3", "manual")])])
    b = results(
        "B",
        [
            page(
                "/p", findings=[("RGESN-6.3", "pass"), ("RGESN-6.1", "fail"), ("RGAA-8.3", "fail"), ("RGESN-4.4", "na")]
            )
        ],
    )
    c = compare_runs(a, b)
    assert [(f["ref"], f["url"]) for f in c["findings"]["new"]] == [
        ("RGESN-6.1", BASE + "/p"),
        ("RGAA-8.3", BASE + "/p"),
    ]
    assert [f["ref"] for f in c["findings"]["fixed"]] == ["RGESN-6.3"]
    assert [r["ref"] for r in c["regressions"]] == ["RGESN-6.1", "RGAA-8.3"]
    assert c["findings"]["new"][0]["evidence"] == ["RGESN-6.1 on /p"]


def test_site_findings_new_and_fixed() -> None:
    a = results(
        "A", [page("/p")], site_findings=[("DOCTRINE-hsts", "fail"), ("DOCTRINE-https", "pass"), ("RGESN-6.1", "fail")]
    )
    b = results(
        "B",
        [page("/p")],
        site_findings=[
            ("DOCTRINE-hsts", "pass"),
            ("DOCTRINE-https", "fail"),
            ("RGESN-6.1", "fail"),
            ("DOCTRINE-cookies", "manual"),
        ],
    )
    c = compare_runs(a, b)
    assert [f["ref"] for f in c["site_findings"]["new"]] == ["DOCTRINE-https"]
    assert [f["ref"] for f in c["site_findings"]["fixed"]] == ["DOCTRINE-hsts"]
    assert kinds(c) == [("site_finding", "DOCTRINE-https")] and "url" not in c["regressions"][0]


def test_page_in_error_fixes_nothing_and_is_a_regression() -> None:
    a = results("A", [page("/p", 300_000, violations=[("image-alt", "critical")], findings=[("RGESN-6.1", "fail")])])
    b = results("B", [page("/p", 2_000, score=None, status=0, error="timeout after 30 s")])
    c = compare_runs(a, b)
    assert c["violations"] == {"new": [], "fixed": []} and c["findings"] == {"new": [], "fixed": []}
    assert kinds(c) == [("error", "/p")] and c["regressions"][0]["detail"] == "timeout after 30 s"
    # and back: a page that loads again is no weight regression even though it is much heavier now
    assert compare_runs(b, a)["regressions"] == []


def test_profiles_are_matched_separately() -> None:
    a = results("A", [page("/p", 100_000, profile="élève"), page("/p", 100_000, profile="parent")])
    b = results("B", [page("/p", 100_000, profile="élève"), page("/p", 200_000, profile="parent")])
    c = compare_runs(a, b)
    assert [(r["kind"], r["profile"]) for r in c["regressions"]] == [("weight", "parent")]
    assert c["added"] == c["removed"] == []


def test_regressions_sorted_by_kind() -> None:
    a = results(
        "A",
        [page("/a", findings=[("RGESN-6.1", "pass")]), page("/b", score=80.0), page("/c")],
        site_findings=[("DOCTRINE-https", "pass")],
    )
    b = results(
        "B",
        [
            page("/a", findings=[("RGESN-6.1", "fail")]),
            page("/b", score=60.0),
            page("/c", 300_000, violations=[("button-name", "serious")]),
        ],
        site_findings=[("DOCTRINE-https", "fail")],
    )
    assert kinds(compare_runs(a, b)) == [
        ("weight", "/c"),
        ("ecoindex", "/b"),
        ("violation", "/c"),
        ("finding", "/a"),
        ("site_finding", "DOCTRINE-https"),
    ]


# -- text ------------------------------------------------------------------------------------------------------


def test_text_puts_regressions_first() -> None:
    a = results("A", [page("/p", 100_000, violations=[("region", "moderate")]), page("/q", 50_000)])
    b = results("B", [page("/p", 400_000), page("/q", 50_500)])
    text = format_comparison(compare_runs(a, b))
    lines = text.splitlines()
    flagged = [i for i, line in enumerate(lines) if "RÉGRESSION" in line]
    assert len(flagged) == 1 and BASE + "/p" in lines[flagged[0]] and "poids" in lines[flagged[0]]
    assert "100,0 ko → 400,0 ko (+300,0 ko, +300,0 %)" in lines[flagged[0]]
    assert flagged[0] < next(i for i, line in enumerate(lines) if line.startswith("Total"))
    assert "Violations corrigées (1)" in text and "region" in text
    english = format_comparison(compare_runs(a, b), "en")
    assert "REGRESSION weight" in english and "100.0 kB → 400.0 kB" in english
    assert "No regression." in format_comparison(compare_runs(b, a), "en")
    assert "Aucune régression." in format_comparison(compare_runs(b, a))


# -- run references and the CLI on a store ------------------------------------------------------------------


def runs_list(*specs: tuple) -> list[dict]:
    """(id, site, profile[, status]) → run dicts as Store.runs gives them, oldest first."""
    return [
        {"id": spec[0], "site": spec[1], "profile": spec[2], "status": (spec[3:] or ("finished",))[0]} for spec in specs
    ]


def test_latest_and_previous() -> None:
    runs = runs_list(
        ("r1", "Collège", "élève"),
        ("r2", "Lycée", "élève"),
        ("r3", "Collège", "parent"),
        ("r35", "Collège", "élève", "interrupted"),
        ("r4", "Collège", "élève"),
        ("r5", "Lycée", "élève"),
    )
    ids = lambda pair: tuple(r["id"] for r in pair)  # noqa: E731
    assert ids(resolve_pair(runs, "previous", "latest")) == ("r2", "r5")  # same site and profile as r5
    assert ids(resolve_pair(runs, "previous", "r4")) == ("r1", "r4")  # r35 did not finish: no baseline
    assert ids(resolve_pair(runs, "previous", "r35")) == ("r1", "r35")
    assert ids(resolve_pair(runs, "r1", "latest")) == ("r1", "r5")
    assert ids(resolve_pair(runs, "r4", "previous")) == ("r4", "r1")  # previous: the run before the other one
    with pytest.raises(HistoryError, match="ambiguous"):  # every id starts with "r"
        resolve_pair(runs, "r", "r3")
    with pytest.raises(HistoryError, match="no finished run of Collège \\(parent\\) before r3"):
        resolve_pair(runs, "previous", "r3")
    with pytest.raises(HistoryError, match="no run r9"):
        resolve_pair(runs, "r9", "latest")
    with pytest.raises(HistoryError, match="only one"):
        resolve_pair(runs, "previous", "previous")
    with pytest.raises(HistoryError, match="no run yet"):
        resolve_pair([], "previous", "latest")


def fill(store: Store, site: str, weights: list[int], finish: bool = True, axe: bool = True) -> str:
    run_id = store.start_run(start_urls=[BASE + "/"], tool_version="0.1.0", site=site, profile="élève", settings={})
    for n, weight in enumerate(weights):
        capture = make_capture(f"{BASE}/p{n}")
        capture.requests[1].transfer_bytes = weight
        capture.accessibility = {
            "engine": "axe-core 4.11.4" if axe else "",
            "violations": [
                {"rule": "image-alt", "impact": "critical", "nodes": 2, "tags": ["RGAAv4", "RGAA-1.1.1"]},
                {"rule": "region", "impact": "moderate", "nodes": 5, "tags": []},
            ][: 1 + n % 2]
            if axe
            else [],
        }
        eco = ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict()
        store.save_page(run_id, capture, eco, [])
    if finish:
        store.finish_run(run_id, status="finished", stats={})
    return run_id


def test_listing_numbers_with_and_without_the_stored_summary(tmp_path) -> None:
    from ent_audit.reports.history import list_runs, run_row

    db = tmp_path / "history.sqlite"
    with Store(db) as store:
        done = fill(store, "Collège", [10_000, 50_000, 20_000])
        going = fill(store, "Collège", [10_000, 50_000, 20_000], finish=False)
    rows = {row["id"]: row for row in list_runs(db)}
    same = (
        "pages",
        "pages_error",
        "mean_ecoindex",
        "mean_grade",
        "total_transfer_bytes",
        "total_requests",
        "accessibility_violations",
        "accessibility_violations_by_impact",
    )
    assert [rows[going][k] for k in same] == [rows[done][k] for k in same]  # computed now == stored at finish
    assert rows[done]["accessibility_violations"] == 4  # image-alt on 3 pages, region on 1
    assert rows[done]["accessibility_violations_by_impact"] == {"critical": 3, "serious": 0, "moderate": 1, "minor": 0}
    assert rows[done]["total_transfer_bytes"] == 3 * (310 + 80_000) + 80_000 and rows[done]["pages"] == 3
    with Store(db) as store:  # and a summary computed now is what the stored one says, run by run
        run = store.run(done)
        assert run_row(store, {**run, "summary": None}) == run_row(store, run)


def test_a_run_without_axe_counts_no_violations_at_all(tmp_path, capsys) -> None:
    """--no-axe (or axe failing on every page): the history says "not tested", never "0 violations"."""
    from ent_audit.reports.evolution import evolution_view
    from ent_audit.reports.formatting import catalogue_strings
    from ent_audit.reports.history import trend

    db = tmp_path / "history.sqlite"
    with Store(db) as store:
        tested = fill(store, "Collège", [10_000, 20_000])
        untested = fill(store, "Collège", [10_000, 20_000], axe=False)
        rows = trend(store, untested)
    assert [r["accessibility_violations"] for r in rows] == [3, None]
    assert rows[1]["accessibility_violations_by_impact"] is None
    view = evolution_view(rows, untested, "fr", catalogue_strings("fr"))
    assert view is not None and [r["issues"] for r in view["rows"]] == ["3", "—"]
    assert [p["label"] for p in view["charts"][2]["points"]] == ["3"]  # a gap in the chart, not a point at 0
    assert cli_main(["runs", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[0] == untested and lines[1].endswith("—") and lines[2].endswith(" 3")
    assert tested


def test_pruned_runs_are_listed_but_not_compared(tmp_path, capsys) -> None:
    db = tmp_path / "history.sqlite"
    with Store(db) as store:
        old = fill(store, "Collège", [10_000, 20_000])
        fill(store, "Collège", [10_000, 20_000])
        assert store.prune("Collège", "élève", keep=1) == [old]
    assert cli_main(["runs", "--db", str(db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["pruned"], r["pages"]) for r in rows] == [(False, 2), (True, 2)]  # the summary outlives the pages
    assert cli_main(["runs", "--db", str(db)]) == 0
    assert "terminé (élagué)" in capsys.readouterr().out.splitlines()[2]
    assert cli_main(["compare", "previous", "latest", "--db", str(db), "--lang", "en"]) == 2
    assert f"run {old} was pruned" in capsys.readouterr().err


def test_cli_runs_and_compare_on_a_store(tmp_path, capsys) -> None:
    db = tmp_path / "history.sqlite"
    with Store(db) as store:
        first = fill(store, "Collège", [10_000, 10_000])
        second = fill(store, "Collège", [10_000, 210_000])
        other = fill(store, "Lycée", [10_000])
    assert cli_main(["runs", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "violations a11y (règle × page)" in lines[0] and len(lines) == 4
    assert [line.split()[0] for line in lines[1:]] == [other, second, first]  # newest first
    assert cli_main(["runs", "--db", str(db), "--site", "collège", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [second, first] and [r["pages"] for r in rows] == [2, 2]
    assert rows[0]["total_transfer_bytes"] - rows[1]["total_transfer_bytes"] == 200_000

    assert cli_main(["compare", "previous", "latest", "--db", str(db)]) == 2  # latest is Lycée's only run
    assert capsys.readouterr().err.startswith("ent-audit : erreur : aucun audit terminé de Lycée")
    assert cli_main(["compare", "previous", second, "--db", str(db), "--json"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert comparison["base"]["id"] == first and comparison["head"]["id"] == second
    assert [(r["kind"], r["url"]) for r in comparison["regressions"] if r["kind"] == "weight"] == [
        ("weight", BASE + "/p1")
    ]
    assert cli_main(["compare", first, second, "--db", str(db), "--threshold-pct", "5000"]) == 0
    out = capsys.readouterr().out
    assert "RÉGRESSION poids" not in out and "Pages dont le poids ou l'EcoIndex a changé" in out
    assert "Gabarits changés (moyennes par page chargée ; 0 inchangés)" in out


def test_cli_history_errors(tmp_path, capsys) -> None:
    missing = tmp_path / "none.sqlite"
    for argv in (["runs", "--db", str(missing)], ["compare", "previous", "latest", "--db", str(missing)]):
        assert cli_main([*argv, "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not found" in err
    assert not missing.exists()  # never created by a listing
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database " * 100, encoding="utf-8")
    assert cli_main(["runs", "--db", str(not_sqlite)]) == 2
    assert "impossible d'ouvrir l'historique" in capsys.readouterr().err  # French: this process's locale says nothing
    empty = tmp_path / "empty.sqlite"
    Store(empty).close()
    assert cli_main(["runs", "--db", str(empty)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "aucun audit" in captured.err
    assert cli_main(["runs", "--db", str(empty), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli_main(["compare", "previous", "latest", "--db", str(empty), "--lang", "en"]) == 2
    assert "no run yet" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli_main(["compare", "a", "b", "--threshold-pct", "-3"])
    assert exit_.value.code == 2


# -- end to end: two audits of the demo, the second with /vie-scolaire ~300 kB heavier -----------------------


@pytest.mark.browser
def test_compare_two_demo_runs(make_ent, tmp_path) -> None:
    plain = make_ent()
    port, third_party_port = (int(n.rsplit(":", 1)[1]) for n in (plain.netloc, plain.third_party_netloc))
    config, db = login_config(plain, tmp_path / "ent.toml"), tmp_path / "history.sqlite"

    budget = tmp_path / "budget.toml"
    budget.write_text("[budget]\nmax_regression_pct = 50\n", encoding="utf-8")

    def audit(ent, out: str, *extra: str, code: int = 0) -> dict:
        process = run_cli(
            "audit",
            ent.base_url + "/",
            "--config",
            str(config),
            "--out",
            str(tmp_path / out),
            "--db",
            str(db),
            "--max-depth",
            "1",
            *extra,
            env=CREDENTIALS,
        )
        assert process.returncode == code, process.stderr[-3000:]
        return json.loads((tmp_path / out / "results.json").read_text(encoding="utf-8"))

    first = audit(plain, "a", "--budget", str(budget))  # no previous run: nothing to regress from, exit 0
    plain.stop()  # the same addresses again, so that the pages' URLs match
    heavy = make_ent(port=port, third_party_port=third_party_port, heavy_page="/vie-scolaire")
    assert heavy.base_url == plain.base_url
    second = audit(heavy, "b", "--budget", str(budget), code=1)  # the heavier page breaks max_regression_pct
    target = heavy.base_url + "/vie-scolaire"
    urls = [p["url"] for p in first["pages"]]
    assert target in urls and sorted(urls) == sorted(p["url"] for p in second["pages"])

    listing = run_cli("runs", "--db", str(db))
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert len(lines) == 3 and [line.split()[0] for line in lines[1:]] == [second["run"]["id"], first["run"]["id"]]
    listed = json.loads(run_cli("runs", "--db", str(db), "--json").stdout)
    assert [r["pages"] for r in listed] == [len(urls)] * 2
    assert listed[0]["total_transfer_bytes"] == second["summary"]["total_transfer_bytes"]
    assert listed[1]["mean_ecoindex"] == first["summary"]["mean_ecoindex"]

    process = run_cli("compare", "previous", "latest", "--db", str(db), "--json")
    assert process.returncode == 0, process.stderr
    comparison = json.loads(process.stdout)
    assert comparison["base"]["id"] == first["run"]["id"] and comparison["head"]["id"] == second["run"]["id"]
    assert comparison["added"] == comparison["removed"] == []
    weight = [r for r in comparison["regressions"] if r["kind"] == "weight"]
    assert [r["url"] for r in weight] == [target]
    assert 300_000 <= weight[0]["delta"] <= 302_000  # the 300,408-byte image, its headers, a few bytes of HTML
    # nothing else regressed: whatever is flagged is about that page (its image may also break page rules)
    assert {r.get("url") for r in comparison["regressions"]} == {target}, comparison["regressions"]
    others = [p for p in comparison["pages"] if p["url"] != target]
    assert all(abs(p["transfer_bytes"]["delta"]) < MIN_WEIGHT_BYTES for p in others)

    text = run_cli("compare", "previous", "latest", "--db", str(db))
    assert text.returncode == 0, text.stderr
    flagged = [line for line in text.stdout.splitlines() if "RÉGRESSION" in line]
    weight_lines = [line for line in flagged if "RÉGRESSION poids" in line]
    assert len(weight_lines) == 1 and target in weight_lines[0], text.stdout
    assert text.stdout.index("RÉGRESSION") < text.stdout.index("\nTotal")

    # the budget: exactly that page's case fails in JUnit
    import xml.etree.ElementTree as ET

    cases = [
        c
        for c in ET.parse(tmp_path / "b" / "junit.xml").getroot().iter("testcase")
        if c.get("name") == "budget max_regression_pct <= 50"
    ]
    assert len(cases) == len(urls)
    failing = [c.get("classname") for c in cases if c.find("failure") is not None]
    assert len(failing) == 1 and "vie-scolaire" in failing[0], failing

    # the second report's Évolution shows both runs, oldest first, the heavier one last
    html = (tmp_path / "b" / "report.html").read_text(encoding="utf-8")
    evolution = html[html.index('id="evolution"') : html.index('id="inclusif"')]
    assert evolution.count("<polyline") == 3 and evolution.count("<circle") == 3 * 2
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th>.*?<td class="n">([^<]+)</td><td class="n">([^<]+)</td></tr>', evolution
    )
    assert len(rows) == 2 and "(cet audit)" in rows[1][0] and "(cet audit)" not in rows[0][0]
    first_mean = first["summary"]["total_transfer_bytes"] / len(urls)
    second_mean = second["summary"]["total_transfer_bytes"] / len(urls)
    assert second_mean - first_mean > 20_000  # +300 kB on one page of the crawl
    assert 'id="evolution"' not in (tmp_path / "a" / "report.html").read_text(encoding="utf-8")  # one run: none
