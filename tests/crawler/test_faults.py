"""Reliability: the demo ENT's failing pages (demo_ent/faults.py, under /pannes/) and a browser killed mid-crawl.

One crawl of the fault index (depth 1, one page at a time) is shared by the fault tests; each checks, for its case,
that the crawl went on, what results.json says about the page, that the store holds the same, that report.html
explains it, and the page's numbers against the demo server's own log. RELIABILITY.md tabulates the outcomes.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ent_audit.demo_ent.faults import CUT_BODY_AT, HUGE_DOM_ELEMENTS, LINKS
from ent_audit.demo_ent.server import DemoENT
from ent_audit.reports.store import Store
from tests.conftest import CREDENTIALS, ROOT, login_config, run_cli

pytestmark = pytest.mark.browser

PAGE_TIMEOUT_S = 8
SLOW_S = 10  # /pannes/lente answers after this: slower than the page timeout
FAULT_CONFIG = f"""[crawl]
page_timeout_s = {PAGE_TIMEOUT_S}
max_per_template = 0
[capture]
settle_timeout_s = 2
axe_timeout_s = 6
"""


class FaultAudit:
    def __init__(self, ent: DemoENT, work: Path, process: subprocess.CompletedProcess) -> None:
        self.ent, self.out, self.process = ent, work / "out", process
        self.results = json.loads((self.out / "results.json").read_text(encoding="utf-8"))
        self.report = html.unescape((self.out / "report.html").read_text(encoding="utf-8"))
        self.log = ent.entries()
        with Store(work / "history.sqlite") as store:
            run_id = store.latest_run_id()
            self.run = store.run(run_id)
            self.stored = store.pages(run_id)

    def page(self, path: str) -> dict:
        url = self.ent.base_url + path
        found = [p for p in self.results["pages"] if p["url"] == url]
        assert len(found) == 1, (path, [p["url"] for p in self.results["pages"]])
        return found[0]

    def served(self, *paths: str) -> list:
        return [e for e in self.log if e.host == self.ent.netloc and e.path in paths]

    def check(self, path: str, status: int, error: str = "") -> dict:
        """The crawl went on, results.json and the store agree on the page, the report shows its status and error."""
        assert self.process.returncode == 0, self.process.stderr[-3000:]
        for normal in ("/actualites", "/aide", "/pannes/"):  # the other pages were audited as usual
            other = self.page(normal)
            assert other["status"] == 200 and not other["error"] and other["ecoindex"], normal
        page = self.page(path)
        assert page["status"] == status, (path, page["status"], page["error"])
        if error:
            assert error in page["error"], (path, page["error"])
        else:
            assert page["error"] == "", (path, page["error"])
        row = next(r for r in self.stored if r["url"] == page["url"])
        assert (row["status"], row["error"], row["request_count"], row["transfer_bytes"]) == (
            page["status"],
            page["error"],
            page["requests"],
            page["transfer_bytes"],
        )
        row = self.report[self.report.index(f">{path}</a></th>") :]  # the page's row in the pages table
        cell = row[: row.index("</tr>")].rsplit("<td", 1)[1].split(">", 1)[1]  # its last cell: the status
        if status:
            assert cell.startswith(str(status)), cell
        if error:
            assert page["error"] in cell, cell
        return page


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    work = tmp_path_factory.mktemp("faults")
    with DemoENT(faults=True, slow_seconds=SLOW_S).start() as ent:
        config = login_config(ent, work / "ent.toml", FAULT_CONFIG)
        process = run_cli(
            "audit",
            ent.base_url + "/pannes/",
            "--config",
            str(config),
            "--out",
            str(work / "out"),
            "--db",
            str(work / "history.sqlite"),
            "--max-depth",
            "1",
            "--concurrency",
            "1",
            env=CREDENTIALS,
        )
        assert process.returncode == 0, process.stderr[-3000:]
        yield FaultAudit(ent, work, process)


def test_every_page_of_the_fault_index_is_audited_and_stored(faults):
    """Nothing lost: every link of the index is one page in results.json, the store and the report's counts."""
    urls = [p["url"] for p in faults.results["pages"]]
    expected = {faults.ent.base_url + path for path in ["/pannes/", *(href for href, _ in LINKS)]}
    assert sorted(urls) == sorted(expected)
    assert sorted(r["url"] for r in faults.stored) == sorted(urls)
    assert faults.run["status"] == "finished"
    summary = faults.results["summary"]
    assert summary["pages"] == len(expected)
    # in error: 500, timeout, cut connection, redirect loop, the PDF sent as HTML
    assert summary["pages_error"] == 5, [(p["url"], p["status"], p["error"]) for p in faults.results["pages"]]


def test_5xx_then_ok_is_retried_and_audited_ok(faults):
    page = faults.check("/pannes/503-puis-ok", 200)
    assert [e.status for e in faults.served("/pannes/503-puis-ok")] == [503, 200]  # one reload, after 1 s
    assert page["transfer_bytes"] == faults.served("/pannes/503-puis-ok")[-1].bytes_sent  # the load that counted
    assert page["ecoindex"] is not None
    assert faults.run["stats"]["ent_audit/retried"] == 1


def test_5xx_always_is_recorded_with_its_status_and_not_retried(faults):
    page = faults.check("/pannes/erreur-500", 500)
    served = faults.served("/pannes/erreur-500")
    assert [e.status for e in served] == [500]  # 500 is not retried (only 429 and 503 ask to come back)
    assert page["transfer_bytes"] == served[0].bytes_sent and page["requests"] == 1
    assert page["ecoindex"] is None  # only 2xx HTML pages are scored


def test_a_page_slower_than_the_timeout_is_a_timeout_error(faults):
    page = faults.check("/pannes/lente", 0, f"timeout: the page did not finish loading within {PAGE_TIMEOUT_S} s")
    assert page["ecoindex"] is None and page["requests"] == 0  # no answer came before the timeout
    assert page["duration_ms"] < (PAGE_TIMEOUT_S + 5) * 1000  # the crawl did not wait for the server


def test_a_connection_dropped_mid_response_is_named_and_its_bytes_counted(faults):
    page = faults.check("/pannes/coupee", 200, "connection closed by the server before the page was complete")
    assert "ERR_CONTENT_LENGTH_MISMATCH" in page["error"]
    served = faults.served("/pannes/coupee")
    assert len(served) == 1 and page["requests"] == 1
    assert page["transfer_bytes"] == served[0].bytes_sent  # headers + the CUT_BODY_AT bytes that did arrive
    assert page["resources"][0]["decoded_bytes"] == CUT_BODY_AT


def test_a_redirect_loop_is_named_and_every_hop_counted(faults):
    page = faults.check("/pannes/boucle", 302, "redirect loop")
    hops = faults.served("/pannes/boucle", "/pannes/boucle-bis")
    assert len(hops) == 20  # Chromium follows 19 redirects, gets the 20th and gives up
    assert page["requests"] == len(hops) and page["transfer_bytes"] == sum(e.bytes_sent for e in hops)


def test_a_50000_element_dom_is_counted_exactly(faults):
    page = faults.check("/pannes/dom-geant", 200)
    assert page["dom_elements"] == HUGE_DOM_ELEMENTS
    assert page["transfer_bytes"] == faults.served("/pannes/dom-geant")[0].bytes_sent
    axe = page["accessibility"]
    # axe ends within its bound (axe_timeout_s, 6 s) plus a margin: it finishes on a quiet machine, and is stopped at
    # the bound on a busy one (incomplete) instead of holding the page for minutes, as it did before
    assert axe["duration_ms"] < 9000, (axe["duration_ms"], axe["incomplete"])
    assert axe["incomplete"] or axe["duration_ms"] <= 6500, axe
    assert "reflow_overflow_px" in axe["facts"]  # the page was usable again after axe, stopped or not
    assert page["duration_ms"] < 30_000, page["duration_ms"]


def test_invalid_and_non_utf8_html_are_audited(faults):
    invalid = faults.check("/pannes/html-invalide", 200)
    assert invalid["dom_elements"] > 10 and invalid["title"] == "HTML invalide"
    assert invalid["transfer_bytes"] == faults.served("/pannes/html-invalide")[0].bytes_sent
    assert any(f["ref"] == "RGAA-8.1" and f["verdict"] == "fail" for f in invalid["findings"])  # no doctype
    from ent_audit.demo_ent.faults import CP1252_TITLE

    for path in ("/pannes/cp1252-declare", "/pannes/cp1252-non-declare"):
        page = faults.check(path, 200)
        assert page["title"] == CP1252_TITLE, (path, page["title"])  # décodé, œ ’ € « » included
        assert page["transfer_bytes"] == faults.served(path)[0].bytes_sent
    stored = {r["url"]: r["title"] for r in faults.stored}
    assert stored[faults.ent.base_url + "/pannes/cp1252-non-declare"] == CP1252_TITLE


def test_a_page_that_never_goes_quiet_is_marked_unsettled(faults):
    page = faults.check("/pannes/occupee", 200)
    assert page["settled"] is False
    assert "réseau jamais calme" in faults.report
    pings = [r for r in page["resources"] if r["url"].endswith("/pannes/ping")]
    served = faults.served("/pannes/ping")
    assert len(pings) >= 10  # polled every 100 ms while the capture waited (bounded: 2 s twice)
    complete = [r for r in pings if not r["failed"]]
    # Every ping the browser saw answered was served; the last one may have been cut when the page closed, before
    # the server read it (CI saw 47 recorded against 46 served), so only the answered ones are bounded by the log.
    assert len(complete) <= len(served)
    assert {r["transfer_bytes"] for r in complete} == {served[0].bytes_sent}  # each one byte-exact


def test_a_page_that_navigates_itself_away_records_where_it_ended(faults):
    page = faults.check("/pannes/navigue", 200)
    assert page["final_url"] == faults.ent.base_url + "/pannes/arrivee"
    served = faults.served("/pannes/navigue", "/pannes/arrivee")
    assert page["requests"] == 2 and page["transfer_bytes"] == sum(e.bytes_sent for e in served)
    assert page["title"] == "Page d'arrivée"
    assert ">/pannes/arrivee</code>" in faults.report  # listed among the page's resources


def test_a_pdf_served_as_html_is_not_scored_as_a_page(faults):
    page = faults.check("/pannes/pdf-en-html", 200, "not an HTML page: the server sent a PDF document as text/html")
    assert page["ecoindex"] is None
    served = faults.served("/pannes/pdf-en-html")  # the browser's own /favicon.ico, if asked, is set aside
    assert page["transfer_bytes"] == sum(e.bytes_sent for e in served) and page["requests"] == len(served)


def test_404_sub_resources_are_counted_with_their_status(faults):
    page = faults.check("/pannes/ressources-404", 200)
    missing = {"/pannes/absente.css": "stylesheet", "/pannes/absent.js": "script", "/pannes/absente.png": "image"}
    resources = {r["url"].split("/", 3)[3]: r for r in page["resources"]}
    for path, kind in missing.items():
        assert resources[path.lstrip("/")]["status"] == 404 and resources[path.lstrip("/")]["type"] == kind
        assert re.search(re.escape(path) + r"</code></th><td>[^<]*</td><td>404</td>", faults.report), path
    served = faults.served("/pannes/ressources-404", *missing)
    assert page["requests"] == len(served) == 4
    assert page["transfer_bytes"] == sum(e.bytes_sent for e in served)  # the 404 bodies the server sent included
    assert page["ecoindex"] is not None  # the page itself loaded fine


# -- the recorder's rules for broken responses, fed with the CDP events Chromium sent for them (no browser) -------


def test_recorder_counts_what_the_server_sent_for_broken_responses():
    from ent_audit.crawler.capture.recorder import NetworkRecorder
    from tests.crawler.capture.test_recorder import PAGE, feed, request, response

    recorder = NetworkRecorder(PAGE)
    recorder._on_extra_info({"requestId": "0", "statusCode": 200, "headers": {}})  # unknown request: ignored
    feed(
        recorder,
        [
            # the 20th answer of a redirect loop: no responseReceived, only its raw headers
            request("1", PAGE + "boucle"),
            request("1", PAGE + "boucle-bis", redirect=response(302, 210, Location="/boucle-bis")),
        ],
    )
    recorder._on_extra_info({"requestId": "1", "statusCode": 302, "headers": {}, "headersText": "x" * 206})
    feed(
        recorder,
        [
            ("loadingFailed", {"requestId": "1", "errorText": "net::ERR_TOO_MANY_REDIRECTS"}),
            # a body cut short: Chromium's dataReceived carries no wire bytes
            request("2", PAGE + "coupee"),
            ("responseReceived", {"requestId": "2", "response": response(200, 164, **{"Content-Length": "3851"})}),
            ("dataReceived", {"requestId": "2", "dataLength": 600, "encodedDataLength": 0}),
            ("loadingFailed", {"requestId": "2", "errorText": "net::ERR_CONTENT_LENGTH_MISMATCH"}),
            # a 404 stylesheet cancelled after its headers, a 404 image reported with its decoded length
            request("3", PAGE + "absente.css", "Stylesheet"),
            ("responseReceived", {"requestId": "3", "response": response(404, 216, **{"Content-Length": "77"})}),
            ("loadingFailed", {"requestId": "3", "errorText": "net::ERR_ABORTED", "canceled": True}),
            request("4", PAGE + "absente.png", "Image"),
            ("responseReceived", {"requestId": "4", "response": response(404, 216, **{"Content-Length": "77"})}),
            ("dataReceived", {"requestId": "4", "dataLength": 1841, "encodedDataLength": 0}),
            ("loadingFinished", {"requestId": "4", "encodedDataLength": 1841}),
        ],
    )
    hop, last, cut, css, png = recorder.finalize()
    assert (hop.status, hop.transfer_bytes) == (302, 210)
    assert (last.status, last.is_redirect, last.transfer_bytes, last.failed) == (
        302,
        True,
        206,
        "net::ERR_TOO_MANY_REDIRECTS",
    )
    assert (cut.status, cut.transfer_bytes) == (200, 764)
    assert (css.status, css.transfer_bytes) == (404, 293) and (png.status, png.transfer_bytes) == (404, 293)


def test_recorder_books_do_not_change_once_handed_over():
    """A slow answer arriving while the page closes (after a timeout) is not part of the visit."""
    from ent_audit.audits.model import PageCapture
    from ent_audit.crawler.capture.recorder import NetworkRecorder
    from tests.crawler.capture.test_recorder import PAGE, feed, request, response

    recorder = NetworkRecorder(PAGE)
    feed(recorder, [request("1", PAGE + "lente")])
    capture = recorder.finish(PageCapture(url=PAGE + "lente"))
    feed(
        recorder,
        [
            ("responseReceived", {"requestId": "1", "response": response(200, 180)}),
            ("loadingFinished", {"requestId": "1", "encodedDataLength": 395}),
        ],
    )
    (record,) = capture.requests
    assert (record.status, record.transfer_bytes, record.failed) == (0, 0, "unfinished when the capture ended")
    assert capture.request_count == 0 and not recorder._in_flight


class _NavigatingPage:
    """A stand-in for a Playwright page whose document is replaced once, in the middle of the measure (as
    /pannes/navigue does in a real browser, where the moment depends on timing)."""

    def __init__(self, break_at: int) -> None:
        self.url, self.calls, self.break_at, self.waited = "http://ent.test/depart", 0, break_at, 0

    async def evaluate(self, script: str, arg: object = None) -> object:
        self.calls += 1
        if self.calls == self.break_at:
            self.url = "http://ent.test/arrivee"
            raise RuntimeError("Page.evaluate: Execution context was destroyed, most likely because of a navigation")
        from ent_audit.crawler.capture.page_facts import SCROLL_DOWN_JS
        from ent_audit.crawler.capture.settle import DOM_COUNT_JS, SETTLED_STATE_JS

        if script == DOM_COUNT_JS:
            return 42 if self.url.endswith("arrivee") else 7
        if script == SCROLL_DOWN_JS:
            return {"height": 100, "elements": 42}
        if script == SETTLED_STATE_JS:
            return {
                "height": 100,
                "elements": 42,
                "links": [],
                "leading": "",
                "title": "Arrivée" if self.url.endswith("arrivee") else "Départ",
            }
        return {} if arg is not None else ""

    async def wait_for_load_state(self, state: str, timeout: float) -> None:
        self.waited += 1


@pytest.mark.parametrize("break_at", [1, 2, 3, 4])  # each evaluate of the settle
def test_the_measure_starts_again_on_the_document_a_page_navigates_to(break_at):
    import asyncio

    from ent_audit.audits.model import PageCapture
    from ent_audit.crawler.capture.recorder import CaptureSettings, NetworkRecorder
    from ent_audit.crawler.capture.settle import settle_and_measure

    page = _NavigatingPage(break_at)
    capture = PageCapture(url=page.url)
    recorder = NetworkRecorder(first_party_url=page.url)
    asyncio.run(settle_and_measure(page, recorder, capture, CaptureSettings(quiet_ms=20, settle_timeout_s=1)))
    assert (capture.final_url, capture.title, capture.dom_elements) == ("http://ent.test/arrivee", "Arrivée", 42)
    assert capture.facts["self_navigations"] == 1 and page.waited == 1 and not capture.error


# -- the browser killed mid-crawl ------------------------------------------------------------------------------


def _process_tree(root: int) -> list[tuple[int, str]]:
    """(pid, name) of every descendant of ``root``, from /proc."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append((int(entry), name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child[0])
    return found


def _kill_browser(root: int) -> set[int]:
    killed = {pid for pid, name in _process_tree(root) if "chrom" in name.lower()}
    assert killed, _process_tree(root)
    for pid in killed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return killed


def test_browser_killed_mid_crawl_is_restarted_and_the_crawl_completes(make_ent, tmp_path):
    """Chromium is killed twice: while a page load waits for the server (/pannes/lente), then while a page is
    being measured (/pannes/occupee polls the server). Each time a new browser starts and the page is loaded again:
    every page is audited once, none in error, the store is complete and the run finished."""
    ent = make_ent(faults=True, slow_seconds=3)
    config = login_config(ent, tmp_path / "ent.toml", "[crawl]\npage_timeout_s = 10\n[capture]\nsettle_timeout_s = 3\n")
    db, out = tmp_path / "history.sqlite", tmp_path / "out"
    base = ent.base_url
    args = [
        sys.executable,
        "-m",
        "ent_audit",
        "audit",
        base + "/",
        base + "/pannes/lente",
        base + "/pannes/occupee",
        "--config",
        str(config),
        "--out",
        str(out),
        "--db",
        str(db),
        "--max-pages",
        "12",
        "--max-depth",
        "1",
        "--concurrency",
        "1",
        "--sample-pages",
        "0",
        "--lighthouse",
        "0",
        "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **CREDENTIALS}
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        faults = ent._app.faults
        assert faults.slow_started.wait(120), "the crawl never reached /pannes/lente"
        time.sleep(0.5)
        first = _kill_browser(process.pid)  # the load of /pannes/lente is waiting for the server
        deadline = time.monotonic() + 120
        while sum(1 for e in ent.entries() if e.path == "/pannes/ping") < 5:  # /pannes/occupee is being measured
            assert time.monotonic() < deadline and process.poll() is None, "the crawl never reached /pannes/occupee"
            time.sleep(0.1)
        second = _kill_browser(process.pid)
        assert not first & second  # a new browser had been started after the first kill
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr[-3000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    pages = {p["url"]: p for p in results["pages"]}
    assert len(pages) == len(results["pages"]) == 12
    assert [(url, p["error"]) for url, p in pages.items() if p["error"] or p["status"] != 200] == []
    assert pages[base + "/pannes/lente"]["requests"] == 1
    assert pages[base + "/pannes/occupee"]["settled"] is False  # measured again in full, in the new browser
    served = [e.path for e in ent.entries()]
    assert served.count("/pannes/lente") == 2 and served.count("/pannes/occupee") == 2  # each loaded once more
    with Store(db) as store:
        run_id = store.latest_run_id()
        stored = store.pages(run_id)
        assert sorted(p["url"] for p in stored) == sorted(pages)
        run = store.run(run_id)
        assert run["status"] == "finished"
        assert run["stats"].get("ent_audit/browser_retries", 0) >= 1
