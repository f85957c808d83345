"""The SQLite history store: round trip, one commit per page, runs listing."""

import sqlite3

import pytest

from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.reports.store import Store


def make_capture(url="https://ent.example.fr/eleve/accueil", **overrides) -> PageCapture:
    requests = [
        RequestRecord(
            url="https://ent.example.fr/eleve",
            resource_type="document",
            status=302,
            transfer_bytes=310,
            is_redirect=True,
            protocol="http/1.1",
            headers={"location": "/eleve/accueil"},
        ),
        RequestRecord(
            url=url,
            resource_type="document",
            status=200,
            mime="text/html",
            transfer_bytes=12_345,
            decoded_bytes=40_000,
            content_encoding="gzip",
            protocol="h2",
            headers={"content-type": "text/html; charset=utf-8", "cache-control": "no-store"},
        ),
        RequestRecord(
            url="https://cdn.tiers.example/lib.js",
            resource_type="script",
            status=200,
            mime="application/javascript",
            transfer_bytes=80_000,
            decoded_bytes=250_000,
            content_encoding="br",
            third_party=True,
        ),
        RequestRecord(
            url="https://ent.example.fr/favicon.ico",
            resource_type="image",
            status=200,
            mime="image/x-icon",
            from_cache=True,
        ),
        RequestRecord(url="https://ent.example.fr/poll", resource_type="xhr", status=0, failed="net::ERR_ABORTED"),
    ]
    data = dict(
        url=url,
        final_url=url,
        status=200,
        mime="text/html",
        title="Accueil – élève",
        template="/eleve/accueil",
        profile="élève",
        depth=1,
        dom_elements=420,
        requests=requests,
        links=["https://ent.example.fr/eleve/cahier", "https://ent.example.fr/eleve/notes"],
        started_at="2026-11-29T19:22:40Z",
        duration_ms=2345,
        settled=False,
    )
    data.update(overrides)
    return PageCapture(**data)


def start(store: Store) -> str:
    return store.start_run(
        start_urls=["https://ent.example.fr/"],
        tool_version="0.1.0",
        site="ENT démo",
        profile="élève",
        settings={"max_pages": 50, "viewport": [1920, 1080]},
    )


def test_page_round_trip(tmp_path):
    store = Store(tmp_path / "deep" / "dir" / "history.sqlite")  # parent directories are created
    run_id = start(store)
    capture = make_capture()
    assert capture.request_count == 3  # redirect + document + script; cached and failed ones are not counted
    eco = ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes).to_dict()
    findings = [{"ref": "RGESN-6.3", "verdict": "pass", "evidence": []}]
    accessibility = {
        "violations": [
            {
                "rule": "image-alt",
                "impact": "critical",
                "rgaa": ["1.1"],
                "wcag": ["1.1.1"],
                "nodes": 2,
                "targets": ["img.logo", "#photo"],
            }
        ]
    }
    capture.accessibility = accessibility
    page_id = store.save_page(run_id, capture, eco, findings)
    assert isinstance(page_id, int)

    [page] = store.pages(run_id)
    assert page["id"] == page_id and page["run_id"] == run_id
    for key in (
        "url",
        "final_url",
        "status",
        "error",
        "mime",
        "title",
        "template",
        "profile",
        "depth",
        "dom_elements",
        "started_at",
        "duration_ms",
        "settled",
        "links",
    ):
        assert page[key] == getattr(capture, key), key
    assert page["request_count"] == 3
    assert page["transfer_bytes"] == 310 + 12_345 + 80_000
    assert page["ecoindex"] == eco
    assert (page["ecoindex_score"], page["ecoindex_grade"], page["ecoindex_ghg_g"], page["ecoindex_water_cl"]) == (
        eco["score"],
        eco["grade"],
        eco["ghg_g"],
        eco["water_cl"],
    )
    assert page["findings"] == findings
    assert page["accessibility"] == accessibility
    assert [r["url"] for r in page["requests"]] == [r.url for r in capture.requests]  # save order kept
    assert page["requests"][0]["is_redirect"] is True
    assert page["requests"][0]["headers"] == {"location": "/eleve/accueil"}
    assert page["requests"][2]["third_party"] is True and page["requests"][3]["from_cache"] is True
    assert page["requests"][4]["failed"] == "net::ERR_ABORTED"
    # Everything a PageCapture holds comes back identical, to judge it again without re-crawling.
    assert store.captures(run_id) == [capture]
    assert store.page_urls(run_id) == {capture.url}
    store.close()


def test_unscored_page_and_defaults(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = start(store)
        store.save_page(
            run_id, make_capture("https://ent.example.fr/doc.pdf", mime="application/pdf", requests=[]), None
        )
        [page] = store.pages(run_id)
        assert page["ecoindex"] is None and page["ecoindex_score"] is None and page["ecoindex_grade"] is None
        assert page["findings"] == [] and page["accessibility"] is None and page["requests"] == []


def test_each_page_is_committed_before_the_run_finishes(tmp_path):
    path = tmp_path / "h.sqlite"
    writer = Store(path)
    run_id = start(writer)
    writer.save_page(run_id, make_capture("https://ent.example.fr/a"), None)
    writer.save_page(run_id, make_capture("https://ent.example.fr/b"), None)

    # A second store and a raw connection on the same file see both pages while the run is still going.
    reader = Store(path)
    assert reader.page_urls(run_id) == {"https://ent.example.fr/a", "https://ent.example.fr/b"}
    assert reader.run(run_id)["status"] == "running" and reader.run(run_id)["finished_at"] is None
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM pages").fetchone()[0] == 2
    assert raw.execute("SELECT count(*) FROM requests").fetchone()[0] == 10
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()

    writer.finish_run(run_id, status="interrupted", stats={"pages": 2, "skipped": 1})
    run = reader.run(run_id)
    assert run["status"] == "interrupted" and run["finished_at"] and run["stats"] == {"pages": 2, "skipped": 1}
    assert run["settings"] == {"max_pages": 50, "viewport": [1920, 1080]}
    assert run["start_urls"] == ["https://ent.example.fr/"] and run["site"] == "ENT démo"
    writer.close()
    reader.close()


def test_runs_and_latest(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        assert store.latest_run_id() is None and store.runs() == []
        first, second = start(store), start(store)
        assert first != second
        assert [r["id"] for r in store.runs()] == [first, second]
        assert store.latest_run_id() == second
        store.save_page(first, make_capture(), None)
        assert store.pages(second) == [] and len(store.pages(first)) == 1


def test_unknown_run_is_refused(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_page("no-such-run", make_capture(), None)
        with pytest.raises(KeyError):
            store.run("no-such-run")
        with pytest.raises(KeyError):
            store.finish_run("no-such-run", status="finished", stats={})


def _open_store(path: str) -> str:
    try:
        Store(path).close()
        return ""
    except Exception as exc:  # the failure is the test's message
        return f"{type(exc).__name__}: {exc}"


def test_several_processes_open_a_new_store_at_once(tmp_path):
    # Two audits sharing one --db (two ports of one host) create and upgrade the schema at the same moment: each
    # must wait for the other instead of adding the same column twice ("duplicate column name: worker").
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(6) as pool:
        for attempt in range(8):
            path = str(tmp_path / f"history{attempt}.sqlite")
            errors = [error for error in pool.map(_open_store, [path] * 12) if error]
            assert errors == []
