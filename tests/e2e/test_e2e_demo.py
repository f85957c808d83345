"""End to end, in real Chromium: ent-audit's numbers against the demo ENT's own count of what it served."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from collections import Counter

import lxml.html
import pytest

from ent_audit.reports.results import validate_results

pytestmark = pytest.mark.browser


def network_resources(page: dict) -> list[dict]:
    """The page's responses that came over the network (what the server sent)."""
    return [r for r in page["resources"] if r["status"] > 0 and not r["from_cache"]]


def browser_entries(log: list) -> list:
    """Responses the server sent to the browser for pages. The login (an HTTP client) and robots.txt (Scrapy) send
    no Sec-Fetch-Dest header; every request Chromium makes to these loopback origins does. The demo has no
    /favicon.ico: Chromium asks for it once per browser session, for the first page naming no icon, and the
    measure sets that failed request aside (no page references /favicon.ico itself)."""
    return [e for e in log if e.sec_fetch_dest and e.path != "/favicon.ico"]


def test_chromiums_own_favicon_request_is_counted_on_no_page(demo_audit):
    asked = [e for e in demo_audit.log if e.path == "/favicon.ico"]
    assert len(asked) <= 1  # remembered as missing after the first ask
    assert not [
        r for page in demo_audit.results["pages"] for r in page["resources"] if r["url"].endswith("/favicon.ico")
    ]


def test_every_page_matches_the_servers_bytes_and_responses_exactly(demo_audit):
    """Pages were loaded one at a time, so the server's log splits into consecutive blocks, one per page."""
    entries = browser_entries(demo_audit.log)
    position = 0
    pages = demo_audit.results["pages"]
    assert len(pages) >= 15
    for page in pages:
        block = entries[position : position + page["requests"]]
        position += page["requests"]
        served = Counter(f"http://{e.host}{e.path}" for e in block)
        measured = Counter(r["url"] for r in network_resources(page))
        assert measured == served, page["url"]
        assert page["transfer_bytes"] == sum(e.bytes_sent for e in block), page["url"]
        assert page["requests"] == len(block)
    assert position == len(entries), "the server sent responses that no page accounts for"


def test_redirects_and_third_party_are_counted(demo_audit):
    pages = {p["url"]: p for p in demo_audit.results["pages"]}
    base = demo_audit.ent.base_url
    redirected = pages[base + "/redirect-to-blog"]
    assert redirected["resources"][0]["redirect"] and redirected["resources"][0]["status"] == 301
    assert redirected["final_url"] == base + "/blog"
    home = pages[base + "/"]
    third = [r for r in home["resources"] if r["third_party"]]
    assert {urllib.parse.urlsplit(r["url"]).netloc for r in third} == {demo_audit.ent.third_party_netloc}
    assert {r["type"] for r in third} >= {"script", "font"}


def test_the_favicon_shared_with_an_img_is_downloaded_once(demo_audit):
    """A real first visit serves the favicon from the cache when the same file was already loaded as <img>."""
    home = next(p for p in demo_audit.results["pages"] if p["url"] == demo_audit.ent.base_url + "/")
    logo = [r for r in home["resources"] if r["url"].endswith("/assets/img/logo.svg")]
    assert sum(1 for r in logo if not r["from_cache"]) == 1


def test_logged_in_pages_and_spa_routes_with_their_xhr(demo_audit):
    pages = {p["url"]: p for p in demo_audit.results["pages"]}
    base = demo_audit.ent.base_url
    assert all(p["status"] == 200 and not p["error"] for p in pages.values())
    assert not any("/cas/login" in p["final_url"] for p in pages.values()), "a page fell back to the login form"
    inbox = pages.get(base + "/conversation/conversation#/inbox") or pages[base + "/conversation/conversation"]
    xhr = [r for r in inbox["resources"] if r["type"] in ("xhr", "fetch")]
    assert any(r["url"].endswith("/conversation/api/folders/inbox/messages") for r in xhr)
    # a message's route is audited, but reading the message would mark it as read (as OpenENT NG does): blocked
    message = pages[base + "/conversation/conversation#/message/1"]
    assert message["template"] == "/conversation/conversation#/message/{id}"
    assert {(b["method"], b["url"], b["reason"]) for b in message["blocked"]} >= {
        ("GET", base + "/conversation/api/messages/1", "action: marks as read")
    }
    assert demo_audit.ent.messages_marked_read == set()
    assert base + "/conversation/conversation#/inbox" in pages or base + "/conversation/conversation" in pages
    assert base + "/actualites" in pages, "a link added by JavaScript after the load was not discovered"


def test_nothing_harmful_was_requested(demo_audit):
    paths = [e.path for e in demo_audit.log]
    assert not [p for p in paths if p.startswith("/auth/logout")]
    assert not [p for p in paths if re.search(r"delete|trash|corbeille|/admin", p)]
    non_get = [(e.method, e.path.split("?")[0]) for e in demo_audit.log if e.method not in ("GET", "HEAD")]
    assert non_get == [("POST", "/cas/login")]


def test_results_validate_and_hold_no_secret(demo_audit):
    validate_results(demo_audit.results)
    password = demo_audit.ent.PASSWORD.encode()
    written = [p for p in demo_audit.out.rglob("*") if p.is_file()] + [
        p for p in demo_audit.db.parent.glob(demo_audit.db.name + "*")
    ]
    assert len(written) >= 3
    for path in written:
        assert password not in path.read_bytes(), path
    for stream in (demo_audit.process.stdout, demo_audit.process.stderr):
        assert demo_audit.ent.PASSWORD not in stream
    assert "ticket=ST-" not in (demo_audit.out / "results.json").read_text(encoding="utf-8")


def test_ecoindex_uses_the_measured_inputs(demo_audit):
    from ent_audit.audits.metrics import ecoindex

    for page in demo_audit.results["pages"]:
        expected = ecoindex.compute(page["dom_elements"], page["requests"], page["transfer_bytes"])
        assert page["ecoindex"]["score"] == expected.score and page["ecoindex"]["grade"] == expected.grade


def _session_opener(ent):
    """An HTTP client logged in through the demo CAS, for reading pages as the server sends them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    service = urllib.parse.quote(ent.base_url + "/", safe="")
    login = opener.open(f"{ent.base_url}/cas/login?service={service}").read().decode()
    execution = re.search(r'name="execution" value="([^"]+)"', login).group(1)
    body = urllib.parse.urlencode(
        {"username": ent.USERNAME, "password": ent.PASSWORD, "execution": execution, "_eventId": "submit"}
    ).encode()
    opener.open(f"{ent.base_url}/cas/login?service={service}", data=body).read()
    return opener


def count_elements(html: str) -> int:
    """EcoIndex DOM count of a static page: all elements minus the descendants of <svg>."""
    doc = lxml.html.document_fromstring(html)
    return len(doc.xpath("//*")) - len(doc.xpath("//*[local-name()='svg']//*"))


@pytest.mark.parametrize("template", ["/aide", "/blog/post/{id}"])
def test_dom_count_equals_the_served_document(demo_audit, template):
    """Static pages (no script changes their DOM): the browser's count equals the served HTML's."""
    pages = [p for p in demo_audit.results["pages"] if p["template"] == template]
    assert pages, f"no page of {template} was audited"
    opener = _session_opener(demo_audit.ent)
    for page in pages:
        html = opener.open(page["url"]).read().decode()
        assert page["dom_elements"] == count_elements(html), page["url"]


def test_a_real_audit_speaks_french_only(demo_audit):
    """The session's audit ran without --lang in a C locale: its progress lines and summary are French, its report
    too (tests/crawler/commands/test_language.py scans both languages without a crawl)."""
    from tests.words import foreign_words

    stderr = demo_audit.process.stderr
    assert "pages mesurées" in stderr and "pages auditées" in stderr, stderr[-2000:]
    assert not foreign_words(stderr, "fr", data=(demo_audit.results["run"]["site"],)), stderr[-3000:]
    assert '<html lang="fr"' in (demo_audit.out / "report.html").read_text(encoding="utf-8")


def test_the_run_says_what_a_page_cost(demo_audit):
    """run.stats and the last lines: pages a minute and CPU seconds a page, of ent-audit and its Chromium. The
    crawl's CPU cannot be below the Python process's own share, nor be nothing for a browser that loaded pages."""
    stats = demo_audit.results["run"]["stats"]
    assert stats["pages"] == len(demo_audit.results["pages"])
    assert 0 < stats["crawl_s"] and stats["pages_per_min"] == round(stats["pages"] * 60 / stats["crawl_s"], 1)
    # a page loaded in Chromium and measured costs well over a tenth of a CPU second, and less than the crawl's time
    # on both cores
    assert 0.1 < stats["cpu_s_per_page"] < 2 * stats["crawl_s"] / stats["pages"], stats
    assert "pages/min" in demo_audit.process.stderr and "secondes de processeur par page" in demo_audit.process.stderr
