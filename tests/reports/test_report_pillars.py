"""The Responsable (Doctrine technique, droit à la déconnexion) and Durable (RGESN, EcoIndex, carbon) sections of
the HTML report, from a hand-made store: two pages, login and plain-HTTP observations, a sampled page."""

import copy
import re
from pathlib import Path

import pytest

from ent_audit.audits.judge import rule_by_ref
from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.rgesn import CRITERIA
from ent_audit.reports import render
from ent_audit.reports.render import NBSP, NNBSP, render_report
from ent_audit.reports.results import build_results, validate_results
from ent_audit.reports.store import Store
from tests.audits.test_doctrine import EVERY_LOAD

SITE = "https://ent.example.fr"
HOME = f"{SITE}/eleve/accueil"
TIMELINE = f"{SITE}/eleve/fil"
TRACKER = "https://cdn.tiers.example/tag.js"
SECURE_HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=()",
    "strict-transport-security": "max-age=31536000",
}


def req(url, rtype, size, **kw):
    kw.setdefault("status", 200)
    kw.setdefault("protocol", "h2")
    return RequestRecord(url=url, resource_type=rtype, transfer_bytes=size, decoded_bytes=size * 2, **kw)


def pages():
    """The home page (sampled: 512 kbit/s and repeat visit; an uncached banner, a third-party script) and a news
    feed with one item published inside the quiet window (22:47) and one outside (14:00)."""
    home = PageCapture(
        url=HOME,
        final_url=HOME,
        status=200,
        mime="text/html",
        title="Accueil",
        template="/eleve/accueil",
        profile="élève",
        depth=0,
        dom_elements=300,
        requests=[
            req(HOME, "document", 20_000, headers=SECURE_HEADERS, mime="text/html", content_encoding="br"),
            req(TRACKER, "script", 150_000, third_party=True, headers={"cache-control": "max-age=3600"}),
            req(f"{SITE}/img/banniere.jpg", "image", 300_000, mime="image/jpeg"),
        ],
        facts={
            "low_bandwidth": {
                "kbit_s": 512,
                "load_ms": 9_400,
                "requests": 3,
                "timed_out": False,
                "timeout_s": 30.0,
                "transfer_bytes": 470_000,
            },
            "repeat_visit": {
                "requests": 2,
                "transfer_bytes": 320_000,
                "from_cache": 1,
                "revalidated": 0,
                "redownloaded": [{"url": f"{SITE}/img/banniere.jpg", "transfer_bytes": 300_000, "third_party": False}],
                "timed_out": False,
            },
            "legal": {"mentions": f"{SITE}/mentions-legales"},
        },
    )
    timeline = PageCapture(
        url=TIMELINE,
        final_url=TIMELINE,
        status=200,
        mime="text/html",
        title="Fil d’actualité",
        template="/eleve/fil",
        profile="élève",
        depth=1,
        dom_elements=500,
        requests=[req(TIMELINE, "document", 30_000, headers=SECURE_HEADERS, mime="text/html", content_encoding="br")],
        facts={
            **EVERY_LOAD,
            "times": [
                {"datetime": "2026-11-27T22:47:00+01:00", "text": "Note publiée"},
                {"datetime": "2026-11-27T14:00:00+01:00", "text": "Devoir ajouté"},
            ],
        },
    )
    return [home, timeline]


RUN_FACTS = {
    "plain_http": {"scheme": "https", "url": "http://ent.example.fr/", "status": 200, "location": "", "error": ""},
    "login": {
        "élève": {
            "strategy": "cas",
            "sso": {"CAS": f"{SITE}/cas/login?service"},
            "cookies": [
                {
                    "name": "JSESSIONID",
                    "secure": True,
                    "httponly": False,
                    "samesite": "",
                    "origin": SITE,
                    "domain": "",
                    "path": "/",
                    "persistent": False,
                }
            ],
        }
    },
    "verify_tls": True,
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("pillars") / "history.sqlite"
    with Store(path) as store:
        run_id = store.start_run(
            start_urls=[f"{SITE}/"],
            tool_version="0.1.0",
            site="ENT démo du collège",
            profile="élève",
            settings={"capture": {"sample_pages": 5}},
        )
        for capture in pages():
            eco = ecoindex.compute(capture.dom_elements, capture.request_count, capture.transfer_bytes)
            store.save_page(run_id, capture, eco.to_dict())
        store.set_run_facts(run_id, RUN_FACTS)
        store.finish_run(run_id, status="finished", stats={})
        return build_results(store, run_id)


@pytest.fixture(scope="module")
def french(results):
    return render_report(results)


@pytest.fixture(scope="module")
def english(results):
    return render_report(results, lang="en")


def part(html, anchor, end=None):
    start = html.index(f'id="{anchor}"')
    return html[start : html.index(end, start) if end else len(html)]


def details_of(html, short):
    start = html.index(f"<summary>{short}")
    return html[start : html.index("</details>", start)]


def finding(results, ref):
    return next(f for f in results["site"]["findings"] if f["ref"] == ref)


def test_fixture_gives_the_findings_the_report_shows(results):
    validate_results(results)
    assert finding(results, "DOCTRINE-https")["verdict"] == "fail"  # plain HTTP answers 200, no redirect
    assert finding(results, "DOCTRINE-cookies")["verdict"] == "fail"  # JSESSIONID without HttpOnly
    assert finding(results, "DOCTRINE-sso")["verdict"] == "pass"
    assert finding(results, "RGESN-6.2")["verdict"] == "fail"  # the banner is downloaded again
    assert finding(results, "RGESN-2.3")["verdict"] == "pass"  # 9.4 s at 512 kbit/s
    [item] = results["site"]["deconnexion"]["items"]
    assert item["text"] == "Note publiée" and item["page"] == TIMELINE


def test_sections_and_headings_in_french(french):
    assert ">Responsable\u00a0: sécurité, données personnelles, déconnexion</h2>" in french
    assert ">Durable\u00a0: sobriété (RGESN, EcoIndex, carbone)</h2>" in french
    assert '<section aria-labelledby="responsable">' in french and '<section aria-labelledby="durable">' in french
    assert french.index('id="inclusif"') < french.index('id="responsable"') < french.index('id="durable"')
    assert 'href="#responsable">Responsable</a>' in french and 'href="#durable">Durable</a>' in french
    responsable = part(french, "responsable", "</section>")
    assert "Doctrine technique du numérique pour l’éducation" in responsable
    assert "avec un seul compte" in responsable and "RGS, du RGPD et de la CNIL" in responsable
    assert "pas une certification" in responsable
    assert "<h3>Droit à la déconnexion</h3>" in responsable
    durable = part(french, "durable", "</section>")
    for title in ("<h3>Carbone</h3>", "<h3>RGESN — critères mesurés</h3>", "<h3>Les 78 critères du RGESN</h3>"):
        assert title in durable, title
    assert "cache vide" in durable and "note relative" in durable and "ordres de grandeur" in durable


def test_doctrine_table_with_verdicts_and_fix_texts(results, french):
    responsable = part(french, "responsable", "<h3>")
    assert "<caption>Critères de la Doctrine technique vérifiés sur le site</caption>" in responsable
    for ref in (f["ref"] for f in results["site"]["findings"] if f["ref"].startswith("DOCTRINE-")):
        assert f"<code>{ref}</code>" in responsable, ref
    assert "RGESN-" not in responsable  # the RGESN findings belong to Durable
    https = responsable[responsable.index("HTTPS partout") :]
    https = https[: https.index("</tr>")]
    assert '<span class="v v-fail">Non conforme</span>' in https
    assert "Réponse sans redirection vers HTTPS" in https  # the evidence, in its <details>, in French
    assert f"Statut HTTP{NBSP}: <code>200</code>" in https or f"Statut HTTP{NBSP}: 200" in https
    assert "<details>" in https and rule_by_ref("DOCTRINE-https").why["fr"].replace("'", "&#39;") in https
    cookies = rule_by_ref("DOCTRINE-cookies").fix["fr"]
    assert f"<strong>Comment corriger\u00a0:</strong> {cookies}" in responsable
    assert '<span class="v v-pass">Conforme</span>' in responsable  # single sign-on
    assert '<span class="v v-na">Non applicable</span>' in responsable  # TLS: no TLS connection recorded
    assert '<span class="v v-manual">À vérifier</span>' in responsable  # third parties, déconnexion
    assert 'lang="en"' not in responsable  # the rules' evidence is drawn in the report's language


def test_deconnexion_lists_items_inside_the_window(results, french):
    deconnexion = part(french, "responsable", "</section>")
    deconnexion = deconnexion[deconnexion.index("<h3>Droit à la déconnexion</h3>") :]
    assert f"Plage calme retenue{NBSP}: 20:00–07:00 chaque jour (Europe/Paris)." in deconnexion
    source = results["site"]["deconnexion"]["source"]["fr"]
    assert source.replace("'", "&#39;") in deconnexion
    assert "1 page auditée affichait des éléments horodatés." in deconnexion
    assert "<caption>Éléments horodatés dans la plage calme</caption>" in deconnexion
    row = deconnexion[deconnexion.index('<tr><th scope="row">vendredi') :]
    row = row[: row.index("</tr>")]
    assert "vendredi 27 novembre 2026 à 22 h 47" in row and "<td>Note publiée</td>" in row
    assert f'<a href="{TIMELINE}">/eleve/fil</a>' in row
    assert "Devoir ajouté" not in deconnexion  # 14:00 is outside the window
    assert "jamais un verdict de conformité" in deconnexion


def test_deconnexion_caps_the_list(results):
    doc = copy.deepcopy(results)
    item = doc["site"]["deconnexion"]["items"][0]
    doc["site"]["deconnexion"]["items"] = [dict(item, text=f"Message {i:02d}") for i in range(25)]
    html = render_report(doc)
    assert html.count(">Message ") == render.DECONNEXION_ITEMS
    assert "15 autres éléments dans la plage ne sont pas listés ici (voir results.json)." in html
    doc["site"]["deconnexion"].update(items=[], pages_with_timestamps=0)
    html = render_report(doc)
    assert "Aucun élément horodaté dans la plage calme." in html
    assert "Aucune page auditée n’affichait d’élément horodaté." in html


def test_carbon_models_shown_apart_with_the_grid(results, french):
    carbon = part(french, "durable", "<h3>RGESN")
    assert "<dt>EcoIndex (gaz à effet de serre et eau par visite, modèle EcoIndex)</dt>" in carbon
    assert (
        f"<dt>Sustainable Web Design v4 (g CO₂e par visite, intensité du réseau électrique{NBSP}: 494{NBSP}g/kWh)</dt>"
    ) in carbon
    eco = results["summary"]["carbon"]["ecoindex"]["ghg_g_per_1000_visits"]
    assert eco is not None and f"{NBSP}g{NBSP}CO₂e pour 1{NNBSP}000 visites" in carbon
    assert carbon.count("pour 1\u202f000 visites") == 2  # one figure per model, never a total
    assert "d’eau" in carbon
    assert "ne doivent jamais être additionnés" in carbon and "moyenne mondiale" in carbon
    doc = copy.deepcopy(results)
    doc["summary"]["carbon"]["swd_v4"]["grid_g_per_kwh"] = 44.18
    carbon = part(render_report(doc), "durable", "<h3>RGESN")
    assert f"intensité du réseau électrique{NBSP}: 44,2{NBSP}g/kWh" in carbon and "moyenne mondiale" not in carbon
    doc["summary"]["carbon"]["swd_v4"]["g_per_1000_visits"] = None
    assert "non calculé (aucune page notée)" in render_report(doc)


def test_rgesn_measured_table_sorted_with_verdicts(results, french):
    table = part(french, "durable", "<h3>Les 78")
    ids = re.findall(r'<tr><th scope="row" id="c-rgesn-[0-9-]+">(\d+\.\d+) ', table)
    expected = sorted(
        (f["ref"][6:] for f in results["site"]["findings"] if f["ref"].startswith("RGESN-")),
        key=lambda i: tuple(map(int, i.split("."))),
    )
    assert ids == expected and len(ids) == 15 and ids[:2] == ["2.3", "2.5"] and ids[-1] == "6.7"
    row = table[table.index('<th scope="row" id="c-rgesn-6-2">6.2 ') :]
    row = row[: row.index("</details>")]  # the row and its details (whose evidence table has rows of its own)
    assert rule_by_ref("RGESN-6.2").title["fr"] in row
    assert '<span class="v v-fail">Non conforme</span>' in row
    assert '<td class="n">1 / 1</td>' in row  # the feed has no static resource: not judged
    assert f'<td class="n">300{NBSP}ko</td>' in row  # the banner downloaded again
    assert "Pages par résultat" in row and "<tr><td>/eleve/accueil</td></tr>" in row
    assert rule_by_ref("RGESN-6.2").fix["fr"] in row
    score = results["site"]["rgesn"]["score"]
    conformes = f"{score['conformes']} conforme{'s' if score['conformes'] > 1 else ''}"
    # the RGESN 2024 weighted score of the criteria assessed (audits/rgesn site_score; README, Durable)
    assert score["formula"] == "rgesn-2024-weighted" and score["score"] == round(
        score["points"] / score["points_possible"], 3
    )
    assert f"Score RGESN 2024 des critères évalués (partie automatisée){NBSP}: " in table
    assert f"({conformes} sur {score['evaluated']} critères évalués), chaque critère pondéré selon sa priorité" in table
    assert "ne sont pas comptés" in table


def test_the_78_criteria_by_family(results, french):
    catalogue = part(french, "durable", "</section>")
    catalogue = catalogue[catalogue.index("<h3>Les 78 critères du RGESN</h3>") :]
    assert len(CRITERIA) == 78
    for criterion in CRITERIA:
        assert f'<tr><th scope="row">{criterion.id}</th>' in catalogue, criterion.id
    assert catalogue.count("<details>") == 9 and catalogue.count("<caption>Famille ") == 9
    todo = sum(1 for c in results["site"]["rgesn"]["criteria"] if c["verdict"] == "todo")
    assert catalogue.count('<span class="v v-todo">À évaluer par l’équipe</span>') == todo >= 60
    assert f"<summary>1. Stratégie (10 critères){NBSP}: 10 à évaluer</summary>" in catalogue
    family_6 = re.search(r"<summary>6\. Frontend \(7 critères\)\u00a0: ([^<]*)</summary>", catalogue).group(1)
    assert "1 non conforme" in family_6 and "à évaluer" in family_6
    assert "Le parcours en juge 15 automatiquement" in catalogue


def test_page_details_list_failing_rgesn_and_samples(results, french):
    home = details_of(french, "/eleve/accueil")
    assert "critères RGESN en échec</summary>" in home
    failing = sorted(
        f["ref"][6:]
        for f in results["pages"][0]["findings"]
        if f["ref"].startswith("RGESN-") and f["verdict"] == "fail"
    )
    assert "6.2" in failing
    for ref in failing:
        assert f"<strong>{ref} {rule_by_ref('RGESN-' + ref).title['fr']}</strong>" in home.replace("&#39;", "'")
    assert f"(gain estimé 300{NBSP}ko)" in home and "Seconde visite : ressources statiques retéléchargées" in home
    assert f"À 512{NBSP}kbit/s, cache vide{NBSP}: page chargée en 9,4{NBSP}s (470{NBSP}ko, 3 requêtes)." in home
    assert (
        "Seconde visite, cache du navigateur rempli\u00a0: 2 requêtes, 320\u00a0ko\u00a0; 1 ressource lue "
        "dans le cache, 1 ressource téléchargée de nouveau (300\u00a0ko)."
    ) in home
    timeline = details_of(french, "/eleve/fil")
    assert "RGESN en échec" not in timeline and "512" not in timeline  # not sampled, nothing failing


def test_methodology_mentions_the_sample_and_the_quiet_window(french):
    method = part(french, "methodologie", "</section>")
    assert "la première page de chaque modèle d’URL, pour 5 modèles au plus" in method
    assert f"512{NBSP}kbit/s" in method and "1 page a été rechargée pour cet audit." in method
    assert "plage calme 20:00–07:00 chaque jour (Europe/Paris)" in method


def test_english_report(results, english):
    assert ">Responsible: security, personal data, right to disconnect</h2>" in english
    assert ">Sustainable: eco-design (RGESN, EcoIndex, carbon)</h2>" in english
    for text in (
        "<h3>Right to disconnect</h3>",
        "<h3>Carbon</h3>",
        "<h3>RGESN — measured criteria</h3>",
        "<h3>The 78 RGESN criteria</h3>",
        "To be assessed by the team",
        '">Non-compliant</span>',
        '">Compliant</span>',
        "Quiet window used: 20:00–07:00 every day (Europe/Paris).",
        "Friday, November 27, 2026 at 22:47",
        "must never be added together",
        f"electricity grid intensity: 494{NBSP}g/kWh",
        "RGESN criteria failing on this page:",
        "evidence, never a verdict of compliance",
        "for 5 templates at most",
        rule_by_ref("DOCTRINE-cookies").fix["en"],
    ):
        assert text in english, text
    assert 'lang="en"' not in english.replace('<html lang="en">', "")
    new_sections = part(english, "responsable", "</main>")
    for french_label in (
        "Conforme",
        "Non conforme",
        "Non applicable",
        "À vérifier",
        "À évaluer",
        "Détail",
        "Pourquoi",
        "Comment corriger",
        "Droit à la déconnexion",
        "Plage calme",
        "Carbone",
        "pour 1",
        "critères",
        "Famille",
        "Pages en échec",
        "gain estimé",
        "Résultat",
    ):
        assert french_label not in new_sections, french_label
    for french_label in ("Critères RGESN en échec", "gain estimé", "Seconde visite", "cache vide", "rechargée"):
        assert french_label not in english, french_label


def test_catalogues_match():
    assert set(render.CATALOGUE["en"]) == set(render.CATALOGUE["fr"])
    for key, value in render.CATALOGUE["fr"].items():
        if isinstance(value, dict):
            assert set(render.CATALOGUE["en"][key]) == set(value), key
        if isinstance(value, tuple):
            assert len(render.CATALOGUE["en"][key]) == len(value), key


def test_documents_without_a_site_section_still_render(results):
    doc = copy.deepcopy(results)
    del doc["site"]
    del doc["summary"]["carbon"]
    html = render_report(doc)
    assert 'id="responsable"' not in html and 'href="#responsable"' not in html and "Les 78 critères" not in html
    assert 'id="ressources"' in html  # the heaviest resources stay, in Durable
    assert "Synthèse" in html


def test_report_structure_stays_accessible(french, english):
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    for html in (french, english):
        collector = Collector()
        collector.feed(html)
        names = [t for t, _ in collector.tags]
        assert names.count("table") == names.count("caption")
        assert all("scope" in attrs for tag, attrs in collector.tags if tag == "th")
        assert "script" not in names and names.count("h1") == 1
        ids = [attrs["id"] for _, attrs in collector.tags if "id" in attrs]
        assert len(ids) == len(set(ids))
        links = {attrs["href"] for tag, attrs in collector.tags if tag == "a"}
        assert {link[1:] for link in links if link.startswith("#")} <= set(ids)  # no dangling anchor
        assert {link for link in links if not link.startswith("#")} <= {HOME, TIMELINE}
        for prefix in ("#c-doctrine-", "#c-rgesn-"):  # priorities link to their criterion
            assert any(link.startswith(prefix) for link in links), prefix


def _axe_violations(html: str) -> list[dict]:
    """axe-core (the pinned npm package the crawler uses) on the report, every <details> opened."""
    from ent_audit.crawler.capture.a11y_probe import AXE_PATH, AXE_TAGS, RUN_AXE_JS, axe_source  # reporter included
    from ent_audit.crawler.settings import CHROMIUM_PATH, PLAYWRIGHT_LAUNCH_OPTIONS

    if not Path(CHROMIUM_PATH).exists() or not AXE_PATH.exists():
        pytest.skip("Chromium or axe-core not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # self-contained: nothing may be fetched
            page.set_content(html)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.evaluate(axe_source())
            found = page.evaluate(RUN_AXE_JS, {"tags": AXE_TAGS, "maxNodes": 5, "snippetChars": 200})
        finally:
            browser.close()
    return found["violations"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_has_no_axe_violation_and_validates(results, lang):
    validate_results(results)
    from tests.reports.test_report import history_rows

    html = render_report(results, lang=lang, history=history_rows(results["run"]["id"]))  # Évolution included
    assert 'id="evolution"' in html and 'id="priorites"' in html
    assert _axe_violations(html) == []


@pytest.mark.browser
def test_print_stylesheet_hides_navigation_and_prints(french, tmp_path):
    """Printed (or saved as PDF) the report drops the skip link and the table of contents, and keeps the bars."""
    from ent_audit.crawler.settings import CHROMIUM_PATH, PLAYWRIGHT_LAUNCH_OPTIONS

    if not Path(CHROMIUM_PATH).exists():
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(french)
            shown = "() => getComputedStyle(document.querySelector('nav')).display"
            assert page.evaluate(shown) != "none"
            page.emulate_media(media="print")
            assert page.evaluate(shown) == "none"
            assert page.evaluate("() => getComputedStyle(document.querySelector('.g')).printColorAdjust") == "exact"
            pdf = page.pdf(path=str(tmp_path / "report.pdf"))
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
