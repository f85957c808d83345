"""results.json (build, schema, write) and the French HTML report, from a hand-made 3-page store."""
import copy
import json
import re
from html.parser import HTMLParser

import pytest

from audits import ecoindex
from audits.model import PageCapture, RequestRecord
from reports import render
from reports.exports import build_results, validate_results, write_results_json
from reports.render import NBSP, NNBSP, format_bytes, format_number, render_report, short_url, write_report
from reports.store import Store

SITE = "https://ent.example.fr"
LIB = "https://cdn.tiers.example/lib.js"


def req(url, rtype, size, **kw):
    kw.setdefault("status", 200)
    return RequestRecord(url=url, resource_type=rtype, transfer_bytes=size, decoded_bytes=size * 2, **kw)


def three_pages():
    """1 234 567 bytes in all; one page in error (HTTP 500, not scored); the same third-party script on two pages."""
    home = PageCapture(
        url=f"{SITE}/eleve/accueil", final_url=f"{SITE}/eleve/accueil", status=200, mime="text/html", title="Accueil",
        template="/eleve/accueil", profile="élève", depth=0, dom_elements=300,
        requests=[req(f"{SITE}/eleve/accueil", "document", 200_000), req(LIB, "script", 500_000, third_party=True),
                  req(f"{SITE}/img/banniere.jpg", "image", 300_000)])
    cahier = PageCapture(
        url=f"{SITE}/eleve/cahier/12", final_url=f"{SITE}/eleve/cahier/12", status=200, mime="text/html",
        title="Cahier de textes", template="/eleve/cahier/{id}", profile="élève", depth=1, dom_elements=1500,
        requests=[req(f"{SITE}/eleve/cahier/12", "document", 100_000), req(LIB, "script", 100_000, third_party=True),
                  req(f"{SITE}/css/app.css", "stylesheet", 30_000),
                  req(f"{SITE}/favicon.ico", "image", 0, from_cache=True)])
    broken = PageCapture(
        url=f"{SITE}/eleve/notes", final_url=f"{SITE}/eleve/notes", status=500, mime="text/html", title="Erreur",
        template="/eleve/notes", profile="élève", depth=1, dom_elements=12,
        requests=[req(f"{SITE}/eleve/notes", "document", 4_567, status=500)])
    return [home, cahier, broken]


def scored(capture):
    return ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes)


@pytest.fixture
def results(tmp_path):
    with Store(tmp_path / "history.sqlite") as store:
        run_id = store.start_run(start_urls=[f"{SITE}/"], tool_version="0.1.0", site="ENT démo du collège",
                                 profile="élève", settings={"max_pages": 10})
        for capture in three_pages():
            eco = scored(capture).to_dict() if capture.status == 200 else None
            store.save_page(run_id, capture, eco)
        store.finish_run(run_id, status="finished", stats={"pages": 3})
        return build_results(store, run_id)


# -- results.json ---------------------------------------------------------------------------------------------


def test_results_follow_the_contract_and_validate(results):
    validate_results(results)  # raises on failure
    assert results["schema_version"] == "1.0"
    assert set(results["run"]) == {"id", "started_at", "finished_at", "start_urls", "tool_version", "site", "profile",
                                   "status", "settings", "crawl"}
    assert results["run"]["crawl"] == {"blocked_by_safety": 0, "skipped": {}, "templates": []}
    assert results["run"]["status"] == "finished" and results["run"]["settings"] == {"max_pages": 10}
    home, cahier, broken = results["pages"]  # save order
    assert home["url"] == f"{SITE}/eleve/accueil"
    assert cahier["requests"] == 3  # the favicon served from the browser cache is not counted
    assert len(cahier["resources"]) == 4 and cahier["resources"][3]["from_cache"] is True
    assert home["ecoindex"] == scored(three_pages()[0]).to_dict()
    assert broken["ecoindex"] is None
    assert home["accessibility"] == {"violations": []} and home["findings"] == []
    assert set(home["resources"][0]) == {"url", "type", "status", "mime", "transfer_bytes", "decoded_bytes",
                                         "third_party", "from_cache", "redirect", "content_encoding", "protocol",
                                         "failed"}


def test_summary_numbers(results):
    captures = three_pages()
    s1, s2 = scored(captures[0]), scored(captures[1])
    summary = results["summary"]
    assert summary["pages"] == 3 and summary["pages_ok"] == 2 and summary["pages_error"] == 1
    assert summary["total_transfer_bytes"] == 1_234_567
    assert summary["total_requests"] == 3 + 3 + 1
    assert summary["mean_ecoindex"] == round((s1.score + s2.score) / 2, 1)
    assert summary["mean_grade"] == ecoindex.grade(summary["mean_ecoindex"])
    expected = {g: 0 for g in "ABCDEFG"}
    expected[s1.grade] += 1
    expected[s2.grade] += 1
    assert summary["grade_distribution"] == expected and sum(expected.values()) == 2
    assert summary["templates"] == 3
    assert summary["third_party_bytes"] == 600_000
    heaviest = summary["heaviest_resources"]
    assert [h["transfer_bytes"] for h in heaviest] == [500_000, 300_000, 200_000, 100_000, 30_000, 4_567]
    assert heaviest[0] == {"url": LIB, "page_url": f"{SITE}/eleve/accueil", "type": "script",
                           "transfer_bytes": 500_000, "loads": 2}


def test_summary_without_scored_pages(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        run_id = store.start_run(start_urls=[], tool_version="0", site="", profile="", settings={})
        store.save_page(run_id, PageCapture(url=f"{SITE}/x", error="net::ERR_NAME_NOT_RESOLVED"), None)
        results = build_results(store, run_id)
    validate_results(results)  # an unfinished run (finished_at null) is valid too
    assert results["summary"]["mean_ecoindex"] is None and results["summary"]["pages_error"] == 1
    assert results["run"]["finished_at"] is None
    assert "Synthèse" in render_report(results)


def test_write_results_json(results, tmp_path):
    path = write_results_json(results, tmp_path / "out" / "results.json")
    text = path.read_text(encoding="utf-8")
    assert "ENT démo du collège" in text  # ensure_ascii=False
    assert text.startswith('{\n  "schema_version": "1.0"')  # indent 2
    assert json.loads(text) == results


@pytest.mark.parametrize("mutate, where", [
    (lambda r: r["pages"][0]["ecoindex"].__setitem__("grade", "H"), "pages[0].ecoindex.grade"),
    (lambda r: r["pages"][1]["findings"].append({"ref": "RGESN-6.3", "verdict": "ok", "evidence": []}),
     "pages[1].findings[0].verdict"),
    (lambda r: r["pages"][2].pop("transfer_bytes"), "pages[2]"),
    (lambda r: r["pages"][0].__setitem__("cookie", "secret"), "pages[0]"),
    (lambda r: r.pop("summary"), "(document)"),
    (lambda r: r["summary"].__setitem__("total_requests", "7"), "summary.total_requests"),
])
def test_bad_document_fails_with_a_clear_message(results, mutate, where):
    bad = copy.deepcopy(results)
    mutate(bad)
    with pytest.raises(ValueError) as info:
        validate_results(bad)
    message = str(info.value)
    assert "\n" not in message and len(message) < 300
    assert message.startswith(f"results.json invalid at {where}: ")


def test_findings_and_violations_validate(results):
    doc = copy.deepcopy(results)
    doc["pages"][0]["findings"] = [
        {"ref": "RGESN-6.3", "verdict": "fail", "evidence": ["/css/app.css"], "saving_bytes": 1200},
        {"ref": "DOCTRINE-hsts", "verdict": "manual", "evidence": ""}]
    doc["pages"][0]["accessibility"]["violations"] = [
        {"rule": "image-alt", "impact": "critical", "rgaa": ["1.1"], "wcag": ["1.1.1"], "nodes": 2, "targets": ["img"]}]
    validate_results(doc)
    doc["pages"][0]["accessibility"]["violations"][0]["nodes"] = -1
    with pytest.raises(ValueError, match="violations"):
        validate_results(doc)


# -- HTML report ----------------------------------------------------------------------------------------------


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs dict)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html):
    collector = Collector()
    collector.feed(html)
    return collector.tags


def test_report_is_french_self_contained_and_accessible(results):
    html = render_report(results)
    tags = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "fr"}) in tags
    names = [t for t, _ in tags]
    assert "script" not in names and "<script" not in html.lower()
    assert not any(a.startswith("on") for _, attrs in tags for a in attrs)  # no inline event handlers
    assert names.count("h1") == 1
    page_urls = {p["url"] for p in results["pages"]}
    for _, attrs in tags:
        for name in ("src", "href"):
            if name in attrs:
                assert attrs[name].startswith("#") or attrs[name] in page_urls, attrs[name]
    style = html[html.index("<style>"):html.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    # skip link to the main content
    assert tags[names.index("a")][1]["href"] == "#contenu" and ("main", {"id": "contenu", "tabindex": "-1"}) in tags
    # every table has a caption, every header cell a scope
    assert names.count("table") == names.count("caption") >= 3
    assert all("scope" in attrs for tag, attrs in tags if tag == "th")
    for title in ("Synthèse", "Pages", "Ressources les plus lourdes", "Méthodologie"):
        assert f">{title}</h2>" in html
    assert f"1,2{NBSP}Mo" in html and f"1{NNBSP}234{NNBSP}567{NBSP}octets" in html
    assert "ENT démo du collège" in html and "élève" in html
    assert "<details>" in html and "@media print" in html and "<svg" in html


def test_pages_worst_ecoindex_first_and_badges(results):
    html = render_report(results)
    home, cahier, broken = results["pages"]
    worst, best = sorted((home, cahier), key=lambda p: p["ecoindex"]["score"])
    table = html[html.index('id="pages"'):html.index('id="ressources"')]
    positions = [table.index(f'href="{p["url"]}"') for p in (worst, best, broken)]
    assert positions == sorted(positions)  # unscored page last
    assert f'class="g g-{worst["ecoindex"]["grade"]}">{worst["ecoindex"]["grade"]}</span>' in table
    assert "non notée" in table and 'class="err">500' in table


def test_report_escapes_and_never_links_other_schemes(results):
    doc = copy.deepcopy(results)
    doc["pages"][0]["template"] = "<b>gabarit</b>"
    doc["pages"][1]["url"] = "javascript:alert(1)"
    html = render_report(doc)
    assert "&lt;b&gt;gabarit&lt;/b&gt;" in html and "<b>gabarit" not in html
    assert 'href="javascript' not in html


def test_report_size_for_60_pages(results, tmp_path):
    doc = copy.deepcopy(results)
    template = doc["pages"][0]
    doc["pages"] = []
    for i in range(60):
        page = copy.deepcopy(template)
        page["url"] = f"{SITE}/eleve/messagerie/conversation/{i:04d}?dossier=reception&page=2"
        page["resources"] = [
            {**template["resources"][1], "url": f"{SITE}/static/build/chunk-{i:03d}-{j:03d}.abcdef0123456789.js",
             "transfer_bytes": 1000 * j}
            for j in range(80)]
        doc["pages"].append(page)
    validate_results(doc)
    path = write_report(doc, tmp_path / "report.html")
    size = path.stat().st_size
    assert size < 300_000, size


def test_unknown_language_is_refused(results):
    with pytest.raises(ValueError, match="unsupported report language"):
        render_report(results, lang="xx")


def test_grade_badges_have_sufficient_contrast():
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    text = luminance(render.GRADE_TEXT_COLOUR)
    for letter, colour in render.GRADE_COLOURS.items():
        high, low = sorted((luminance(colour), text), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 4.5, letter


# -- formatting helpers ---------------------------------------------------------------------------------------


def test_format_number():
    assert format_number(1_234_567) == f"1{NNBSP}234{NNBSP}567"
    assert format_number(999) == "999"
    assert format_number(62.25, decimals=1) == "62,2"
    assert format_number(12345.5, decimals=1) == f"12{NNBSP}345,5"
    assert format_number(-1500) == f"-1{NNBSP}500"
    assert format_number(1_234_567, lang="fr") != "1,234,567"


@pytest.mark.parametrize("n, text", [
    (0, "0 octet"), (1, "1 octet"), (2, "2 octets"), (999, "999 octets"),
    (1000, "1 ko"), (1500, "1,5 ko"), (9_960, "10 ko"), (345_000, "345 ko"), (345_499, "345 ko"),
    (999_499, "999 ko"), (999_999, "1 Mo"), (1_234_567, "1,2 Mo"), (12_345_678, "12 Mo"),
    (1_234_567_890, "1,2 Go"), (123_456_789_012, "123 Go"),
])
def test_format_bytes(n, text):
    assert format_bytes(n) == text.replace(" ", NBSP)


def test_format_bytes_exact():
    assert format_bytes(1_234_567, exact=True) == f"1{NNBSP}234{NNBSP}567{NBSP}octets"
    assert format_bytes(1, exact=True) == f"1{NBSP}octet"


def test_short_url():
    assert short_url(f"{SITE}/eleve/accueil", "ent.example.fr") == "/eleve/accueil"
    assert short_url("https://cas.example.fr/login?service=x", "ent.example.fr") == "cas.example.fr/login?service=x"
    assert short_url(f"{SITE}/#/messagerie", "ent.example.fr") == "/#/messagerie"
    long = short_url(f"{SITE}/" + "a" * 200 + "/fin", "ent.example.fr", max_len=40)
    assert len(long) == 40 and "…" in long and long.endswith("/fin")
