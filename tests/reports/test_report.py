"""results.json (build, schema, write) and the French HTML report, from a hand-made 3-page store."""

import copy
import json
import re
from html.parser import HTMLParser

import pytest

from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.reports import render
from ent_audit.reports.render import NBSP, NNBSP, format_bytes, format_number, render_report, short_url, write_report
from ent_audit.reports.results import build_results, validate_results, write_results_json
from ent_audit.reports.store import Store

SITE = "https://ent.example.fr"
LIB = "https://cdn.tiers.example/lib.js"


def req(url, rtype, size, **kw):
    kw.setdefault("status", 200)
    return RequestRecord(url=url, resource_type=rtype, transfer_bytes=size, decoded_bytes=size * 2, **kw)


def three_pages():
    """1 234 567 bytes in all; one page in error (HTTP 500, not scored); the same third-party script on two pages."""
    home = PageCapture(
        url=f"{SITE}/eleve/accueil",
        final_url=f"{SITE}/eleve/accueil",
        status=200,
        mime="text/html",
        title="Accueil",
        template="/eleve/accueil",
        profile="élève",
        depth=0,
        dom_elements=300,
        requests=[
            req(f"{SITE}/eleve/accueil", "document", 200_000),
            req(LIB, "script", 500_000, third_party=True),
            req(f"{SITE}/img/banniere.jpg", "image", 300_000),
        ],
    )
    cahier = PageCapture(
        url=f"{SITE}/eleve/cahier/12",
        final_url=f"{SITE}/eleve/cahier/12",
        status=200,
        mime="text/html",
        title="Cahier de textes",
        template="/eleve/cahier/{id}",
        profile="élève",
        depth=1,
        dom_elements=1500,
        requests=[
            req(f"{SITE}/eleve/cahier/12", "document", 100_000),
            req(LIB, "script", 100_000, third_party=True),
            req(f"{SITE}/css/app.css", "stylesheet", 30_000),
            req(f"{SITE}/favicon.ico", "image", 0, from_cache=True),
        ],
    )
    broken = PageCapture(
        url=f"{SITE}/eleve/notes",
        final_url=f"{SITE}/eleve/notes",
        status=500,
        mime="text/html",
        title="Erreur",
        template="/eleve/notes",
        profile="élève",
        depth=1,
        dom_elements=12,
        requests=[req(f"{SITE}/eleve/notes", "document", 4_567, status=500)],
    )
    return [home, cahier, broken]


def scored(capture):
    return ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes)


@pytest.fixture
def results(tmp_path):
    with Store(tmp_path / "history.sqlite") as store:
        run_id = store.start_run(
            start_urls=[f"{SITE}/"],
            tool_version="0.1.0",
            site="ENT démo du collège",
            profile="élève",
            settings={"max_pages": 10},
        )
        for capture in three_pages():
            eco = scored(capture).to_dict() if capture.status == 200 else None
            store.save_page(run_id, capture, eco)
        store.finish_run(run_id, status="finished", stats={"pages": 3})
        return build_results(store, run_id)


PARENT_HOME = f"{SITE}/parent/suivi"
CIRCULAIRE = f"{SITE}/docs/circulaire-rentree.pdf"
ENVOYER = f"{SITE}/eleve/messagerie/envoyer"
CRAWL_STATS = {  # what the crawler leaves in the run's statistics (crawler/pipelines.py, crawler/frontier.py)
    "ent_audit/blocked": 2,
    "ent_audit/skipped/denied": 4,
    "ent_audit/skipped/template_cap": 37,
    "ent_audit/skipped/document": 2,
    "ent_audit/skipped/out_of_scope": 1,
    "ent_audit/templates": [
        {
            "template": "élève · /eleve/cahier/{id}",
            "seen": 40,
            "audited": 3,
            "examples": [f"{SITE}/eleve/cahier/12", f"{SITE}/eleve/cahier/13", f"{SITE}/eleve/cahier/14"],
        },
        {"template": "élève · /eleve/accueil", "seen": 1, "audited": 1, "examples": [f"{SITE}/eleve/accueil"]},
        {"template": "parent · /parent/suivi", "seen": 1, "audited": 1, "examples": [PARENT_HOME]},
    ],
}


def parent_page():
    """A second profile's page with two blocked requests and three linked documents (one of unknown size)."""
    return PageCapture(
        url=PARENT_HOME,
        final_url=PARENT_HOME,
        status=200,
        mime="text/html",
        title="Suivi",
        template="/parent/suivi",
        profile="parent",
        depth=0,
        dom_elements=400,
        requests=[req(PARENT_HOME, "document", 50_000)],
        blocked=[
            {"method": "POST", "url": ENVOYER, "reason": "method POST"},
            {"method": "GET", "url": f"{SITE}/cas/logout?service=x", "reason": "denied URL"},
        ],
        documents=[
            {"url": CIRCULAIRE, "status": 200, "mime": "application/pdf", "bytes": 1_234_567, "method": "HEAD"},
            {
                "url": f"{SITE}/docs/menus.docx",
                "status": 206,
                "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "bytes": 45_000,
                "method": "GET",
                "capped": True,
            },
            {
                "url": f"{SITE}/docs/sortie.zip",
                "status": 0,
                "mime": "",
                "bytes": None,
                "method": "HEAD",
                "error": "Timeout 15000ms exceeded",
            },
        ],
    )


@pytest.fixture
def crawled(tmp_path):
    """Two profiles, crawl statistics (templates, skipped links, safety blocks), documents and blocked requests."""
    with Store(tmp_path / "history.sqlite") as store:
        run_id = store.start_run(
            start_urls=[f"{SITE}/"],
            tool_version="0.1.0",
            site="ENT démo du collège",
            profile="élève, parent",
            settings={"crawl": {"max_per_template": 3, "obey_robots": True}},
        )
        for capture in [*three_pages(), parent_page()]:
            eco = scored(capture).to_dict() if capture.status == 200 else None
            store.save_page(run_id, capture, eco)
        store.finish_run(run_id, status="finished", stats=CRAWL_STATS)
        return build_results(store, run_id)


def section(html, anchor, next_anchor=None):
    """From a section's heading to the next section (``next_anchor`` only documents which one it is)."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start : end if end >= 0 else len(html)]


def details_of(html, short):
    start = html.index(f"<summary>{short}")
    return html[start : html.index("</details>", start)]


# -- results.json ---------------------------------------------------------------------------------------------


def test_results_follow_the_contract_and_validate(results):
    validate_results(results)  # raises on failure
    assert results["schema_version"] == "2.0"
    assert set(results["run"]) == {
        "id",
        "started_at",
        "finished_at",
        "start_urls",
        "tool_version",
        "site",
        "profile",
        "status",
        "settings",
        "crawl",
        "stats",
        "lighthouse",
        "browser",
    }
    assert results["run"]["crawl"] == {"blocked_by_safety": 0, "skipped": {}, "templates": []}
    assert results["run"]["stats"] is None  # a run stored without the crawl's cost: not measured, not 0
    assert results["run"]["status"] == "finished" and results["run"]["settings"] == {"max_pages": 10}
    home, cahier, broken = results["pages"]  # save order
    assert home["url"] == f"{SITE}/eleve/accueil"
    assert cahier["requests"] == 3  # the favicon served from the browser cache is not counted
    assert len(cahier["resources"]) == 4 and cahier["resources"][3]["from_cache"] is True
    assert home["ecoindex"] == scored(three_pages()[0]).to_dict()
    assert broken["ecoindex"] is None
    assert home["accessibility"] == {"violations": []}
    assert [f for f in home["findings"] if not f["ref"].startswith("RGESN-")] == []  # no a11y data: no RGAA finding
    assert [f["ref"] for f in broken["findings"]] == []  # a page that did not load is not judged
    assert set(home["resources"][0]) == {
        "url",
        "type",
        "status",
        "mime",
        "transfer_bytes",
        "decoded_bytes",
        "third_party",
        "from_cache",
        "redirect",
        "content_encoding",
        "protocol",
        "failed",
    }


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
    assert heaviest[0] == {
        "url": LIB,
        "page_url": f"{SITE}/eleve/accueil",
        "type": "script",
        "transfer_bytes": 500_000,
        "loads": 2,
    }


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
    assert text.startswith('{\n  "schema_version": "2.0"')  # indent 2
    assert json.loads(text) == results


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda r: r["pages"][0]["ecoindex"].__setitem__("grade", "H"), "pages[0].ecoindex.grade"),
        (
            lambda r: r["pages"][1]["findings"].insert(
                0, {"ref": "RGESN-6.3", "verdict": "ok", "evidence": {"headings": [], "items": []}}
            ),
            "pages[1].findings[0].verdict",
        ),
        (lambda r: r["pages"][2].pop("transfer_bytes"), "pages[2]"),
        (lambda r: r["pages"][0].__setitem__("cookie", "secret"), "pages[0]"),
        (lambda r: r.pop("summary"), "(document)"),
        (lambda r: r["summary"].__setitem__("total_requests", "7"), "summary.total_requests"),
    ],
)
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
        {
            "ref": "RGESN-6.3",
            "verdict": "fail",
            "saving_bytes": 1200,
            "evidence": {
                "headings": [{"key": "url", "label": {"fr": "Adresse", "en": "Address"}, "type": "url"}],
                "items": [{"url": "/css/app.css"}],
                "summary": [{"label": {"fr": "Note", "en": "Note"}}],
            },
        },
        {"ref": "DOCTRINE-hsts", "verdict": "manual", "evidence": {"headings": [], "items": []}},
    ]
    doc["pages"][0]["accessibility"]["violations"] = [
        {"rule": "image-alt", "impact": "critical", "rgaa": ["1.1"], "wcag": ["1.1.1"], "nodes": 2, "targets": ["img"]}
    ]
    validate_results(doc)
    doc["pages"][0]["accessibility"]["violations"][0]["nodes"] = -1
    with pytest.raises(ValueError, match="violations"):
        validate_results(doc)
    doc = copy.deepcopy(results)
    doc["pages"][0]["findings"][0]["evidence"] = ["3/9 static resources without caching"]  # a sentence: refused
    with pytest.raises(ValueError, match=r"findings\[0\]\.evidence"):
        validate_results(doc)
    doc = copy.deepcopy(results)
    doc["pages"][0]["findings"][0]["evidence"] = {
        "headings": [{"key": "u", "label": {"fr": "U", "en": "U"}, "type": "sentence"}],
        "items": [],
    }
    with pytest.raises(ValueError, match="evidence"):
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
                assert attrs[name].startswith("#") or attrs[name] in page_urls or attrs[name] == "data:,", attrs[name]
    style = html[html.index("<style>") : html.index("</style>")]
    assert "url(" not in style and "@import" not in style
    # the only <link>: an empty icon, so that browsers do not fetch /favicon.ico for the report
    assert re.findall(r"<link\b[^>]*>", html) == ['<link rel="icon" href="data:,">']
    assert not re.search(r"<(img|iframe|object|embed)\b", html)
    # skip link to the main content
    assert tags[names.index("a")][1]["href"] == "#contenu" and ("main", {"id": "contenu", "tabindex": "-1"}) in tags
    # every table has a caption, every header cell a scope
    assert names.count("table") == names.count("caption") >= 3
    assert all("scope" in attrs for tag, attrs in tags if tag == "th")
    for title in ("Synthèse", "Par modèle de page", "Méthodologie"):
        assert f">{title}</h2>" in html
    for title in ("Priorités", "Pages", "Ressources les plus lourdes"):
        assert f">{title}</h3>" in html
    assert f"1,2{NBSP}Mo" in html and f"1{NNBSP}234{NNBSP}567{NBSP}octets" in html
    assert "ENT démo du collège" in html and "élève" in html
    assert "<details>" in html and "@media print" in html and "<svg" in html


def test_pages_worst_ecoindex_first_and_badges(results):
    html = render_report(results)
    home, cahier, broken = results["pages"]
    worst, best = sorted((home, cahier), key=lambda p: p["ecoindex"]["score"])
    table = html[html.index('id="pages"') : html.index('id="par-page"')]
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
    doc = sixty_pages(results)
    validate_results(doc)
    path = write_report(doc, tmp_path / "report.html")
    size = path.stat().st_size
    assert size < 300_000, size
    assert path.read_text(encoding="utf-8").count("<details>\n<summary>/eleve/messagerie/") == 60  # all unfold


def test_report_size_grows_slower_than_the_pages(results):
    """2,000 pages (in 20 templates, then in 667): the report stays within 15 % of the 60-page one; the worst pages
    unfold, the others are counted and left to pages.csv."""
    small = len(render_report(sixty_pages(results)).encode())
    for per_template in (100, 3):
        html = render_report(sixty_pages(results, 2000, per_template))
        assert len(html.encode()) < 1.15 * small, (per_template, len(html.encode()), small)
        assert html.count("<details>\n<summary>/eleve/messagerie/") == 60
        assert "1 900 autres pages, mieux notées, sont dans pages.csv et results.json.".replace(" ", NNBSP, 1) in html
    assert "Les 647 modèles suivants (1 940 pages) ne sont pas détaillés ici".replace("1 940", f"1{NNBSP}940") in html


def test_crawled_results_validate(crawled):
    validate_results(crawled)
    assert crawled["run"]["crawl"]["blocked_by_safety"] == 2
    assert crawled["run"]["crawl"]["skipped"]["template_cap"] == 37
    assert [p["profile"] for p in crawled["pages"]] == ["élève", "élève", "élève", "parent"]


def test_crawled_report_stays_self_contained_and_accessible(crawled):
    html = render_report(crawled)
    tags = parse(html)
    names = [t for t, _ in tags]
    assert "script" not in names and "<script" not in html.lower()
    assert names.count("table") == names.count("caption")
    assert all("scope" in attrs for tag, attrs in tags if tag == "th")
    assert [a["href"] for t, a in tags if t == "a" and a["href"] == "#modeles"] == ["#modeles"]  # in the contents
    audited = {p["url"] for p in crawled["pages"]} | {
        u for row in CRAWL_STATS["ent_audit/templates"] for u in row["examples"]
    }
    links = {a["href"] for t, a in tags if t == "a" and not a["href"].startswith("#")}
    assert links <= audited  # documents and blocked requests are shown, never linked (a logout link stays dead)
    assert 'href="https://ent.example.fr/cas/logout' not in html and f'href="{ENVOYER}"' not in html


def test_templates_section_lists_seen_and_audited_urls(crawled):
    html = render_report(crawled)
    assert ">Par modèle de page</h2>" in html
    order = [
        "synthese",
        "priorites",
        "inclusif",
        "durable",
        "ressources",
        "modeles",
        "pages",
        "par-page",
        "methodologie",
    ]
    assert [html.index(f'id="{anchor}"') for anchor in order] == sorted(html.index(f'id="{a}"') for a in order)
    part = html[html.index('id="modeles"') : html.index('id="pages"')]
    assert "Au plus 3 pages sont auditées par modèle d’URL" in part and "calendriers sans fin" in part
    for header in ("Modèle", "URL découvertes", "Pages auditées", "Exemples"):
        assert f">{header}</th>" in part
    assert (
        '<th scope="row"><code>élève · /eleve/cahier/{id}</code></th><td class="n">40</td><td class="n">3</td>'
    ) in part
    assert ('<th scope="row"><code>parent · /parent/suivi</code></th><td class="n">1</td><td class="n">1</td>') in part
    assert f'<a href="{SITE}/eleve/cahier/13">/eleve/cahier/13</a>' in part  # shortened example links


def test_templates_section_without_cap_or_rows(crawled, results):
    doc = copy.deepcopy(crawled)
    doc["run"]["settings"]["crawl"]["max_per_template"] = 0
    assert "Aucune limite de pages par modèle" in render_report(doc)
    doc["run"]["settings"]["crawl"]["max_per_template"] = 1
    assert "Au plus 1 page est auditée par modèle" in render_report(doc)
    html = render_report(results)  # no crawl statistics, no cap in the settings
    part = html[html.index('id="modeles"') : html.index('id="pages"')]
    assert "Aucun modèle d’URL relevé" in part and "<table>" not in part
    assert "nombre limité de pages est audité par modèle" in part


def test_profile_column_only_with_several_profiles(crawled, results):
    table = section(render_report(crawled), "pages", "modeles")
    assert '<th scope="col">Profil</th>' in table
    row = table[table.index(f'href="{PARENT_HOME}"') :]
    assert row[: row.index("</tr>")].count("<td>parent</td>") == 1
    assert "<td>élève</td>" in table
    single = render_report(results)
    assert ">Profil</th>" not in section(single, "pages", "modeles")
    assert ">Profil connecté</dt><dd>élève</dd>" in single
    assert ">Profils connectés</dt><dd>élève, parent</dd>" in render_report(crawled)


def test_page_details_list_documents_and_blocked_requests(crawled):
    html = render_report(crawled)
    parent = details_of(html, "/parent/suivi (parent)")
    assert "3 documents liés, 2 requêtes bloquées</summary>" in parent
    documents = parent[parent.index("<caption>Documents liés depuis /parent/suivi") :]
    documents = documents[: documents.index("</table>")]
    assert f'<code>/docs/circulaire-rentree.pdf</code></th><td>PDF</td><td class="n">1,2{NBSP}Mo</td>' in documents
    assert "<td>HEAD</td>" in documents
    assert f'<td>Word</td><td class="n">45{NBSP}ko</td><td>GET d’un octet</td>' in documents
    assert '<td>ZIP</td><td class="n na">taille inconnue</td>' in documents
    assert 'class="err">HEAD — échec' in documents and "Timeout 15000ms exceeded" in documents
    blocked = parent[parent.index("<caption>Requêtes bloquées par sécurité sur /parent/suivi") :]
    assert ("<code>/eleve/messagerie/envoyer</code></th><td>POST</td><td>méthode interdite</td>") in blocked
    assert "<code>/cas/logout?service=x</code></th><td>GET</td><td>adresse interdite</td>" in blocked
    home = details_of(html, "/eleve/accueil (élève)")  # a page without any: no empty table
    assert "Documents liés" not in home and "bloquées" not in home


def test_documents_total_in_summary_cards_only_when_there_are_documents(crawled, results):
    doc = copy.deepcopy(crawled)
    doc["pages"][0]["documents"] = [dict(doc["pages"][3]["documents"][0])]  # the same PDF linked twice: once
    cards = section(render_report(doc), "synthese", "pages")
    card = cards[cards.index("<dt>Documents liés</dt>") :]
    assert card.startswith(
        f"<dt>Documents liés</dt><dd>3<small>1,3{NBSP}Mo en tout, dont 1 de taille inconnue</small></dd>"
    )
    assert "Documents liés" not in section(render_report(results), "synthese", "pages")


def test_methodology_explains_crawl_safety(crawled, results):
    part = render_report(crawled)[render_report(crawled).index('id="methodologie"') :]
    assert "<h3>Sécurité du crawl</h3>" in part
    assert "Seules les requêtes GET, HEAD et OPTIONS quittent les navigateurs de l’audit" in part
    assert "2 requêtes ont été bloquées par sécurité pendant cet audit." in part
    assert "Le fichier robots.txt du site a été respecté." in part
    lines = re.findall(r"<li>(.*?)</li>", part)
    assert lines == [
        f"limite de pages par modèle atteinte{NBSP}: 37",
        f"adresse interdite (déconnexion, suppression…){NBSP}: 4",
        f"document lié (mesuré sans être ouvert){NBSP}: 2",
        f"hors du site audité{NBSP}: 1",
    ]
    assert "RGESN 5.7" in part
    plain = render_report(results)
    assert "Aucune requête n’a été bloquée" in plain and "Aucun lien n’a été écarté." in plain
    assert "robots.txt du site" not in plain  # not recorded in these settings: nothing claimed
    doc = copy.deepcopy(crawled)
    doc["run"]["settings"]["crawl"]["obey_robots"] = False
    doc["run"]["crawl"]["skipped"] = {"robots": 1, "not_http": 2, "new_reason": 1}
    part = render_report(doc)
    assert "robots.txt du site n’a pas été appliqué" in part
    assert f"refusé par robots.txt{NBSP}: 1" in part and f"adresse non web (mailto:, javascript:…){NBSP}: 2" in part
    assert f"new reason{NBSP}: 1" in part  # an unknown reason is still shown
    assert "motif" not in render_report(crawled) and "remplacée" not in render_report(crawled)
    doc["run"]["settings"]["crawl"]["deny"] = [r"/agenda/export"]
    assert "La configuration de l’audit y ajoutait 1 motif d’adresses interdites." in render_report(doc)
    doc["run"]["settings"]["crawl"]["deny_defaults"] = False
    assert "liste d’adresses interdites intégrée à l’outil était remplacée" in render_report(doc)


def test_english_report(crawled):
    assert set(render.CATALOGUE["en"]) == set(render.CATALOGUE["fr"])
    for key, value in render.CATALOGUE["fr"].items():
        if isinstance(value, dict):
            assert set(render.CATALOGUE["en"][key]) == set(value), key
    html = render_report(crawled, lang="en")
    assert ("html", {"lang": "en"}) in parse(html)
    for text in (
        ">By page template</h2>",
        "At most 3 pages are audited per URL template",
        '<th scope="col">Profile</th>',
        "<h3>Crawl safety</h3>",
        "2 requests were blocked for safety",
        "per-template page limit reached: 37",
        "method not allowed",
        f"1.2{NBSP}MB",
        "unknown size",
        "Weight of /eleve/accueil by resource type",
    ):
        assert text in html, text
    assert "Modèles" not in html and "octets" not in html


def sixty_pages(results, pages=60, per_template=3):
    """60 pages of 80 resources each, 3 per URL template as the crawler's default cap: all unfold (the lightness
    budget)."""
    doc = copy.deepcopy(results)
    template = doc["pages"][0]
    doc["pages"] = []
    for i in range(pages):
        page = copy.deepcopy(template)
        page["url"] = f"{SITE}/eleve/messagerie/conversation/{i:04d}?dossier=reception&page=2"
        page["template"] = f"/eleve/rubrique-{i // per_template:03d}/{{id}}"
        page["resources"] = [
            {
                **template["resources"][1],
                "url": f"{SITE}/static/build/chunk-{i:03d}-{j:03d}.abcdef0123456789.js",
                "transfer_bytes": 1000 * j,
            }
            for j in range(80)
        ]
        doc["pages"].append(page)
    return doc


def test_report_size_with_documents_blocked_requests_and_templates(results):
    """The new per-page lists stay bounded: at most 10 documents and 5 distinct blocked requests per page."""
    doc = sixty_pages(results)
    for i, page in enumerate(doc["pages"]):
        page["documents"] = [  # the crawler sizes up to 20 per page
            {
                "url": f"{SITE}/docs/espace-documentaire/classe-{i:03d}/piece-jointe-{j:02d}.pdf",
                "status": 200,
                "mime": "application/pdf",
                "bytes": 123_456 * j or None,
                "method": "HEAD",
            }
            for j in range(20)
        ]
        page["blocked"] = [
            {"method": "POST", "url": f"{SITE}/eleve/messagerie/api/marquer-lu/{j % 15}", "reason": "method POST"}
            for j in range(30)
        ]  # a beacon fired twice per URL
    doc["run"]["crawl"]["templates"] = [
        {
            "template": f"élève · /eleve/rubrique-{k:02d}/{{id}}",
            "seen": 100 + k,
            "audited": 3,
            "examples": [f"{SITE}/eleve/rubrique-{k:02d}/{n}" for n in range(3)],
        }
        for k in range(40)
    ]
    validate_results(doc)
    baseline = len(render_report(sixty_pages(results)).encode())
    html = render_report(doc)
    assert len(html.encode()) - baseline < 200_000, len(html.encode()) - baseline  # about 3 kB per page at most
    assert html.count("piece-jointe-") == 60 * 10  # the 10 heaviest; the size-less one is among the others
    assert f"10 autres documents{NBSP}: 5,6{NBSP}Mo en tout, dont 1 de taille inconnue" in html
    assert html.count("marquer-lu/") == 60 * 5 and f"(2{NBSP}fois)" in html
    assert "20 autres requêtes bloquées." in html


def test_unknown_language_is_refused(results):
    with pytest.raises(ValueError, match="unsupported report language"):
        render_report(results, lang="xx")


def test_grade_badges_have_sufficient_contrast():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
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


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (2, "2 octets"),
        (999, "999 octets"),
        (1000, "1 ko"),
        (1500, "1,5 ko"),
        (9_960, "10 ko"),
        (345_000, "345 ko"),
        (345_499, "345 ko"),
        (999_499, "999 ko"),
        (999_999, "1 Mo"),
        (1_234_567, "1,2 Mo"),
        (12_345_678, "12 Mo"),
        (1_234_567_890, "1,2 Go"),
        (123_456_789_012, "123 Go"),
    ],
)
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


# -- Inclusif (accessibility) -------------------------------------------------------------------------------------

A11Y_FACTS = {
    "doctype": "html",
    "lang": "fr",
    "title": "Accueil - ENT",
    "headings": [1, 2],
    "presentational": {},
    "skip_link": True,
    "new_window_links": [],
    "statement": "partiellement conforme",
    "reflow_overflow_px": 0,
    "media": [],
}


def axe_result(targets, nodes):
    return {
        "rule": "image-alt",
        "impact": "critical",
        "help": "Images must have alternative text",
        "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "RGAAv4", "RGAA-1.1.1"],
        "nodes": nodes,
        "targets": targets,
        "snippets": ["<img src=a.png>"] * len(targets),
    }


@pytest.fixture
def audited(tmp_path):
    """The three pages with axe results: image-alt on both pages of one template, the error page untested."""
    accessibility = [
        {
            "engine": "axe-core 4.11.4",
            "duration_ms": 700,
            "incomplete": False,
            "violations": [],
            "needs_review": [],
            "facts": A11Y_FACTS,
        },
        {
            "engine": "axe-core 4.11.4",
            "duration_ms": 900,
            "incomplete": False,
            "violations": [axe_result(["ul > li:nth-child(2) > img"], 3)],
            "needs_review": [],
            "facts": {**A11Y_FACTS, "title": "Cahier de textes", "skip_link": False},
        },
        None,
    ]
    with Store(tmp_path / "history.sqlite") as store:
        run_id = store.start_run(
            start_urls=[f"{SITE}/"], tool_version="0.1.0", site="ENT démo du collège", profile="élève", settings={}
        )
        captures = three_pages()
        captures.append(
            PageCapture(
                url=f"{SITE}/eleve/cahier/13",
                final_url=f"{SITE}/eleve/cahier/13",
                status=200,
                mime="text/html",
                title="Cahier de textes 13",
                template="/eleve/cahier/{id}",
                profile="élève",
                depth=1,
                dom_elements=900,
                requests=[req(f"{SITE}/eleve/cahier/13", "document", 90_000)],
            )
        )
        accessibility.append(
            {
                "engine": "axe-core 4.11.4",
                "duration_ms": 800,
                "incomplete": False,
                "violations": [axe_result(["ul > li:nth-child(5) > img"], 1)],
                "needs_review": [],
                "facts": {**A11Y_FACTS, "title": "Cahier de textes 13"},
            }
        )
        for capture, acc in zip(captures, accessibility, strict=True):
            eco = scored(capture).to_dict() if capture.status == 200 else None
            capture.accessibility = acc or {}
            store.save_page(
                run_id,
                capture,
                eco,
                [{"ref": "RGESN-6.3", "verdict": "pass", "evidence": {"headings": [], "items": []}}],
            )
        store.finish_run(run_id, status="finished", stats={})
        return build_results(store, run_id)


def test_accessibility_in_results_json_validates(audited):
    validate_results(audited)
    cahier = audited["pages"][1]
    [violation] = cahier["accessibility"]["violations"]
    assert violation["rgaa"] == ["1.1"] and violation["wcag"] == ["1.1.1"] and violation["nodes"] == 3
    assert violation["tags"] and violation["help"] and violation["snippets"]  # kept
    refs = {f["ref"]: f["verdict"] for f in cahier["findings"]}
    assert refs["RGESN-6.3"] == "pass"  # existing findings kept
    assert refs["RGAA-12.7"] == "fail" and refs["RGAA-8.1"] == "pass"
    assert audited["pages"][2]["findings"] == [
        {"ref": "RGESN-6.3", "verdict": "pass", "evidence": {"headings": [], "items": []}}
    ]  # untested
    view = audited["summary"]["accessibility"]
    assert view["pages_tested"] == 3 and len(view["criteria"]) == 106
    [issue] = view["issues"]
    assert (issue["pages"], issue["templates"], issue["nodes"]) == (2, 1, 4)
    bad = copy.deepcopy(audited)
    bad["summary"]["accessibility"]["criteria"][0]["status"] = "conforme"
    with pytest.raises(ValueError, match="summary.accessibility.criteria"):
        validate_results(bad)
    bad = copy.deepcopy(audited)
    bad["pages"][1]["accessibility"]["violations"][0]["rgaa"] = ["un.un"]
    with pytest.raises(ValueError, match="violations"):
        validate_results(bad)


STATUS_LABELS_FR = (
    "non-conformité détectée",
    "aucune anomalie détectée par les tests automatiques",
    "à vérifier manuellement",
)


def test_inclusif_section_in_french(audited):
    html = render_report(audited)
    part = section(html, "inclusif")
    assert ">Inclusif — accessibilité (RGAA 4.1)</h2>" in part and 'href="#inclusif"' in html
    assert "environ un cinquième des critères du RGAA" in part and "aucun taux de conformité" in part
    assert "La page d’accueil affiche la mention d’accessibilité" in part and "partiellement conforme" in part
    for label in STATUS_LABELS_FR:
        assert f'">{label}</span>' in part, label
    # the issue: on 2 pages of 1 template, criterion 1.1, example pages linked
    assert "sur 2 pages (1 modèle), 4 éléments" in part and "<td>1.1</td>" in part
    assert f'href="{SITE}/eleve/cahier/12"' in part and "ul &gt; li &gt; img" in part
    # criterion 1.1 fails, 12.7 too (no skip link on one page); each theme folds in a <details>
    assert part.count("<details>") == 13 and part.count("<caption>Thème ") == 13
    row = part[part.index('<th scope="row">1.1</th>') :]
    assert row[: row.index("</tr>")].count("non-conformité détectée") == 1 and "sur 2 pages, 4 éléments" in row
    # never "conforme" as a status: only inside the site's own quoted notice
    statuses = re.findall(r'<span class="st st-[a-z_]+">([^<]*)</span>', part)
    assert len(statuses) == 3 + 106 and set(statuses) == set(STATUS_LABELS_FR)
    assert not re.search(
        r"\bconforme\b", part.replace("«\u00a0Accessibilité\u00a0: partiellement conforme", ""), re.IGNORECASE
    )
    tags = parse(html)
    assert [t for t, _ in tags].count("table") == [t for t, _ in tags].count("caption")
    assert all("scope" in attrs for tag, attrs in tags if tag == "th")


def test_inclusif_section_in_english(audited):
    html = render_report(audited, lang="en")
    part = section(html, "inclusif", "methodologie")
    assert ">Inclusive — accessibility (RGAA 4.1)</h2>" in part and "about a fifth of the criteria" in part
    for label in ("non-conformity detected", "no issue found by automated tests", "to check manually"):
        assert f'">{label}</span>' in part, label
    assert "on 2 pages (1 template), 4 elements" in part and "Theme 1: Images" in part
    assert "non-conformité" not in part and "Conforme" not in part


def test_inclusif_without_statement_or_tested_pages(audited, results):
    doc = copy.deepcopy(audited)
    doc["summary"]["accessibility"]["statement"].update(shown=False, value="")
    part = section(render_report(doc), "inclusif", "methodologie")
    assert "La page d’accueil n’affiche pas la mention" in part
    part = section(render_report(results), "inclusif", "methodologie")  # no axe data at all
    assert "Aucune page n’a pu être testée pour l’accessibilité." in part and "Problèmes détectés" not in part
    assert part.count(">à vérifier manuellement</span>") == 1 + 106


def history_rows(run_id):
    """Three runs as reports.history.trend gives them, oldest first; the last one is the report's."""

    def row(i, eco, total, issues):
        return {
            "id": f"run-{i}" if i < 2 else run_id,
            "started_at": f"2026-11-{20 + i}T01:00:00Z",
            "pages": 10,
            "mean_ecoindex": eco,
            "mean_grade": "B" if eco and eco >= 55 else "C",
            "total_transfer_bytes": total,
            "accessibility_violations": issues,
        }

    return [row(0, 70.0, 5_000_000, 12), row(1, None, 6_000_000, 10), row(2, 50.5, 10_000_000, 4)]


def test_evolution_section_charts_and_table(results):
    html = render_report(results, history=history_rows(results["run"]["id"]))
    part = section(html, "evolution")
    assert html.index('id="synthese"') < html.index('id="evolution"') < html.index('id="inclusif"')
    assert 'href="#evolution"' in html
    assert part.count("<polyline") == 3 and part.count('aria-hidden="true"') == 3
    assert part.count("<circle") == 2 + 3 + 3  # the unscored run has no EcoIndex point
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', part)
    assert len(rows) == 3 and "(cet audit)" in rows[2][0] and "cet audit" not in rows[0][0]
    assert f"500{NBSP}ko" in rows[0][1] and f"1{NBSP}Mo" in rows[2][1] and " 50,5<" in rows[2][1]
    assert "70,0" in part and "50,5" in part  # first and last values labelled on the EcoIndex chart
    # EcoIndex on a fixed 0–100 scale: 70 sits higher (smaller y) than 50.5
    eco = re.search(r'<polyline points="([^"]+)"', part).group(1).split()
    assert float(eco[0].split(",")[1]) < float(eco[1].split(",")[1])
    english = section(render_report(results, "en", history_rows(results["run"]["id"])), "evolution")
    assert ">Evolution</h2>" in english and "(this audit)" in english
    assert 'id="evolution"' not in render_report(results, history=history_rows(results["run"]["id"])[-1:])
    assert 'id="evolution"' not in render_report(results)


def test_status_phrase_and_final_address_are_spelled_out(results):
    doc = copy.deepcopy(results)
    doc["pages"][0]["final_url"] = f"{SITE}/eleve/arrivee"  # a page that navigated itself away
    html = render_report(doc)
    assert 'class="err">500 Internal Server Error' in html  # the code alone says nothing to a head of school
    assert f"La page s’est terminée sur une autre adresse{NBSP}: /eleve/arrivee." in html
    assert html.count("terminée sur une autre adresse") == 1  # the others ended where they started
    assert "The page ended on another address: /eleve/arrivee." in render_report(doc, "en")


def test_the_report_lists_what_the_read_only_policy_spared(crawled):
    doc = copy.deepcopy(crawled)
    doc["safety"] = {
        "links_not_followed": [
            {"reason": "action: logout", "count": 3, "examples": [f"{SITE}/auth/logout", f"{SITE}/d%C3%A9connexion"]},
            {"reason": "csrf parameter _wpnonce", "count": 1, "examples": [f"{SITE}/c/7?_wpnonce=REDACTED"]},
        ],
        "requests_blocked": [
            {"reason": "method PUT", "method": "PUT", "count": 9, "examples": [f"{SITE}/api/session/current/"]}
        ],
        "allowed_writes": [],
        "session_lost": [
            {
                "profile": "élève",
                "blocked": {"method": "PUT", "url": f"{SITE}/api/session/current/"},
                "allow_line": 'allow = ["PUT /api/session/current/"]',
            }
        ],
    }
    html = render_report(doc)
    part = html[html.index('id="methodologie"') :]
    assert "<caption>Liens non suivis par sécurité</caption>" in part
    assert "action (logout)" in part and "jeton anti-CSRF (_wpnonce)" in part and "méthode d’écriture (PUT)" in part
    assert "/c/7?_wpnonce=REDACTED" in part
    head = html[: html.index("<nav")]
    assert "Session perdue pour le profil" in head and "allow = [&#34;PUT /api/session/current/&#34;]" in head
    english = render_report(doc, lang="en")
    assert "Links not followed for safety" in english and "anti-CSRF token (_wpnonce)" in english
    assert "Liens non suivis" not in english
    doc["safety"] = {"links_not_followed": [], "requests_blocked": [], "allowed_writes": [], "session_lost": []}
    assert "Aucun lien n’a été écarté par sécurité." in render_report(doc)
