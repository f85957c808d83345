"""The déclaration d'accessibilité drafted from the golden demo run: the état de conformité is "non conforme" with
its reason unless a person gives the rate of a complete audit, the demo's known defects are listed by RGAA
criterion with their pages, every "[à compléter]" goes once the config gives the human fields, and no config ever
makes a draft claim a conformity level without a human rate. No browser."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ent_audit.crawler.config import DeclarationConfig
from ent_audit.reports.declarations.accessibility import (
    TODO,
    DeclarationError,
    build_statement,
    french_date,
    level_of,
    render,
)

FULL = DeclarationConfig(
    entity="Région Exemple",
    service="ENT des collèges",
    scope_url="https://ent.example.fr/",
    contact_email="accessibilite@example.fr",
    contact_form_url="https://ent.example.fr/contact",
    schema_url="https://example.fr/schema-pluriannuel",
    plan_url="https://example.fr/plan-2026",
    derogations=[],
    exempt_contents=["Archives des cahiers de textes antérieures à 2020"],
)
HUMAN_AUDIT = {
    "audit_date": "2026-10-15",
    "auditor": "Société Audit",
    "audit_environments": ["Firefox 128, Windows 11, NVDA 2024.2"],
    "audit_tools": ["Colour Contrast Analyser"],
}
HUMAN_FIELDS = ("entity", "service", "schema_url", "plan_url", "derogations", "exempt_contents", "contact_email")
CLAIM = re.compile(r"(totalement|partiellement)(\s|\*|<[^>]*>)*conforme", re.IGNORECASE)


def drafts(results: dict[str, Any], declaration: DeclarationConfig) -> tuple[str, str]:
    statement = build_statement(results, declaration, today=date(2026, 12, 7))
    return render(statement, "html"), render(statement, "md")


def test_the_demo_draft_says_non_conforme_with_its_reason(golden_results):
    statement = build_statement(golden_results, DeclarationConfig())
    assert statement.level == "non" and statement.audit is None
    for text in drafts(golden_results, DeclarationConfig()):
        assert "non conforme" in text and not CLAIM.search(text)
        assert "Aucun audit de conformité RGAA complet n'a été réalisé" in text
        assert "ne peuvent jamais établir la conformité" in text
        assert "n'est pas exhaustive" in text  # the automated list is said to be partial
        assert text.count(TODO) >= len(HUMAN_FIELDS) and "Ce brouillon n'est pas prêt à être publié" in text


def test_the_demo_defects_are_listed_by_rgaa_criterion_with_their_pages(golden_results):
    statement = build_statement(golden_results, DeclarationConfig())
    by_id = {nc.criterion: nc for nc in statement.non_conformities}
    # the demo's planted defects (demo_ent/README): a missing alt, an unlabelled field, data cells without headers
    assert {"1.1", "11.1", "5.7"} <= set(by_id)
    assert [p.url.rsplit("/", 1)[1] for p in by_id["1.1"].pages] == [""]  # the home page
    assert all("/calendar/calendar" in p.url for p in by_id["5.7"].pages) and len(by_id["5.7"].pages) == 4
    assert by_id["1.1"].title == "Une image qui informe a une alternative textuelle"
    rows = {c["id"]: c for c in golden_results["summary"]["accessibility"]["criteria"]}
    for cid, nc in by_id.items():  # every failing page named, the site-wide titles' (8.6) too
        assert (len(nc.pages), nc.more) == (rows[cid]["pages"], 0), cid
    failed = [c["id"] for c in golden_results["summary"]["accessibility"]["criteria"] if c["status"] == "fail"]
    assert [nc.criterion for nc in statement.non_conformities] == failed  # the judge's list, in the RGAA's order
    html, md = drafts(golden_results, DeclarationConfig())
    for text in (html, md):
        for cid in ("1.1", "11.1", "5.7"):
            assert f"Critère {cid}" in text
    assert "Chaque champ a une étiquette" in md and "Chaque cellule est reliée à ses en-têtes" in md


def test_failing_pages_the_stored_judgement_does_not_name_are_counted(golden_results):
    results = copy.deepcopy(golden_results)
    for row in results["summary"]["accessibility"]["criteria"]:
        if row["id"] == "8.6":
            row["evidence"] = []
    nc = next(n for n in build_statement(results, FULL).non_conformities if n.criterion == "8.6")
    assert (nc.pages, nc.more) == ((), 4)
    html, md = drafts(results, FULL)
    assert "Pages concernées" in md and "4 pages (voir le rapport d'audit)" in md
    assert "4 pages (voir le rapport d&#39;audit)" in html or "4 pages (voir le rapport d'audit)" in html


def test_the_demo_draft_fills_what_the_crawl_measured(golden_results):
    statement = build_statement(golden_results, DeclarationConfig())
    assert statement.environment == "Chromium 156 sans interface (headless), Linux, sans technologie d'assistance"
    assert statement.tools == ("ent-audit 0.1.0", "axe-core 4.11.4", "Chromium 156.0.8078.129")
    assert statement.technologies == ("HTML", "CSS", "JavaScript", "SVG", "PDF") and statement.technologies_observed
    assert len(statement.pages) == golden_results["summary"]["accessibility"]["pages_tested"] == 27
    assert statement.run_date == "6 décembre 2026" and statement.scope_url == "http://127.0.0.1:41313/"
    html, md = drafts(golden_results, DeclarationConfig())
    sections = [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Établissement de cette déclaration d'accessibilité",
        "Technologies utilisées pour la réalisation du site",
        "Environnement de test",
        "Outils pour évaluer l'accessibilité",
        "Pages du site ayant fait l'objet de la vérification de conformité",
        "Retour d'information et contact",
        "Voies de recours",
    ]
    headings = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html.replace("&#39;", "'"))
    assert [h for h in headings if h in sections] == sections  # the official model's order
    assert [line.lstrip("# ") for line in md.splitlines() if line.startswith("#")][1:] == sections
    assert "article 47 de la loi n° 2005-102" in md and "Libre réponse 71120, 75342 Paris CEDEX 07" in md
    assert '<html lang="fr">' in html and "<script" not in html and "<main" in html and "<header" in html


def test_headings_never_skip_a_level(golden_results):
    html, _ = drafts(golden_results, FULL)
    levels = [int(n) for n in re.findall(r"<h(\d)", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize(
    ("rate", "level"),
    [
        (72, "partiellement"),
        (100, "totalement"),
        (100.0, "totalement"),
        (50, "partiellement"),
        (49.9, "non"),
        (0, "non"),
    ],
)
def test_a_human_rate_sets_the_level_by_the_legal_thresholds(golden_results, rate, level):
    declaration = replace(FULL, rgaa_rate=rate, **HUMAN_AUDIT)
    html, md = drafts(golden_results, declaration)
    for text in (html, md):
        assert "NVDA 2024.2" in text and "Colour Contrast Analyser" in text and "axe-core 4.11.4" in text
        assert re.search(rf"\b{level}(\*\*|</strong>)? conforme|est (<strong>|\*\*){level} conforme", text), level
        assert "15 octobre 2026" in text and "Société Audit" in text
        assert "Aucun audit de conformité RGAA complet" not in text
        assert TODO not in text
    assert level_of(rate) == level


def test_the_thresholds():
    assert [level_of(r) for r in (None, float("nan"), 0, 49.99, 50, 99.9, 100)] == [
        "non",
        "non",
        "non",
        "non",
        "partiellement",
        "partiellement",
        "totalement",
    ]


def test_every_placeholder_goes_once_the_config_gives_the_fields(golden_results):
    statement = build_statement(golden_results, FULL)
    assert statement.missing == () and statement.ready
    for text in drafts(golden_results, FULL):
        assert TODO not in text and "pas prêt à être publié" not in text and "Tous les champs" in text
        assert "Région Exemple" in text and "accessibilite@example.fr" in text
        assert "Archives des cahiers de textes" in text and "Aucune." in text  # derogations = []: none
    for key in HUMAN_FIELDS:
        empty = None if key in ("derogations", "exempt_contents") else ""
        if key == "contact_email":  # one contact is enough: the form alone, or the e-mail alone
            assert build_statement(golden_results, replace(FULL, contact_email="")).ready
            assert build_statement(golden_results, replace(FULL, contact_form_url="")).ready
            partial = replace(FULL, contact_email="", contact_form_url="")
        else:
            partial = replace(FULL, **{key: empty})
        statement = build_statement(golden_results, partial)
        assert statement.missing == (key,), key
        for text in drafts(golden_results, partial):
            assert TODO in text and "Ce brouillon n'est pas prêt à être publié" in text


def test_a_rate_without_its_auditor_and_date_leaves_them_to_complete(golden_results):
    statement = build_statement(golden_results, replace(FULL, rgaa_rate=80))
    assert statement.level == "partiellement"
    assert statement.missing == ("auditor", "audit_date", "audit_environments", "audit_tools")
    html, md = drafts(golden_results, replace(FULL, rgaa_rate=80))
    assert md.count(TODO) >= 4 and "L'audit complet a été mené avec" in md and "outils de l'audit complet" in html


def test_a_run_without_accessibility_tests_has_no_declaration(golden_results):
    results = copy.deepcopy(golden_results)
    results["run"]["accessibility"] = {"tested": False, "reason": "turned off"}
    with pytest.raises(DeclarationError, match="--no-axe"):
        build_statement(results, FULL)
    results = copy.deepcopy(golden_results)
    for page in results["pages"]:
        page["error"] = "timeout"
    with pytest.raises(DeclarationError, match="no page tested for accessibility"):
        build_statement(results, FULL)


def test_values_cannot_inject_markup(golden_results):
    declaration = replace(FULL, entity="<script>alert(1)</script> [lien](javascript:x) *gras*")
    html, md = drafts(golden_results, declaration)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in md and r"\[lien\](javascript:x) \*gras\*" in md


def test_french_dates():
    assert french_date("2026-12-01T08:00:00Z") == "1er décembre 2026"
    assert french_date(date(2027, 8, 15)) == "15 août 2027"
    assert french_date("") == french_date("not a date") == ""


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
_configs = st.builds(
    DeclarationConfig,
    entity=st.one_of(st.just(""), _text, st.sampled_from(["Totalement conforme SA", "partiellement"])),
    service=st.one_of(st.just(""), _text),
    scope_url=st.one_of(st.just(""), st.just("https://ent.example.fr/")),
    contact_email=st.one_of(st.just(""), st.just("a11y@example.fr")),
    contact_form_url=st.one_of(st.just(""), st.just("https://ent.example.fr/contact")),
    audit_date=st.one_of(st.just(""), st.just("2026-11-02")),
    auditor=st.one_of(st.just(""), _text),
    schema_url=st.one_of(st.just(""), st.just("https://example.fr/schema")),
    plan_url=st.one_of(st.just(""), st.just("https://example.fr/plan")),
    non_conformities_text=st.one_of(st.just(""), _text),
    derogations=st.one_of(st.none(), st.lists(_text, max_size=2)),
    exempt_contents=st.one_of(st.none(), st.lists(_text, max_size=2)),
    technologies=st.lists(_text, max_size=2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declaration=_configs)
def test_no_config_without_a_human_rate_makes_a_draft_claim_conformity(golden_results, declaration):
    """Whatever a person leaves out or writes in the other fields (even "conforme" words in a name), without
    rgaa_rate the état is "non conforme": the template never prints a level the crawl did not establish."""
    statement = build_statement(golden_results, declaration)
    assert statement.level == "non" and statement.audit is None
    for text in drafts(golden_results, declaration):
        template_text = text
        for value in (
            declaration.entity,
            declaration.service,
            declaration.auditor,
            declaration.non_conformities_text,
            *(declaration.derogations or []),
            *(declaration.exempt_contents or []),
            *declaration.technologies,
        ):
            for shown in (value, value.replace("<", "&lt;")):
                if shown.strip():
                    template_text = template_text.replace(shown, "")
        assert "est <strong>non conforme</strong>" in text or "est **non conforme**" in text
        assert not re.search(r"Accessibilité : (totalement|partiellement) conforme", text)
        assert not CLAIM.search(template_text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declaration=_configs, rate=st.floats(min_value=0, max_value=100))
def test_with_a_human_rate_the_level_printed_is_the_rates(golden_results, declaration, rate):
    statement = build_statement(golden_results, replace(declaration, rgaa_rate=rate))
    html, md = render(statement, "html"), render(statement, "md")
    assert f"est <strong>{level_of(rate)} conforme</strong>" in html and f"est **{level_of(rate)} conforme**" in md


def test_the_home_page_mention_is_compared_with_the_draft_level(golden_results):
    """The demo's home page says "Accessibilité : partiellement conforme" (audits/rgaa/statement.py read it): without
    a human rate the draft asks to bring it in line, never repeating the level it cannot support."""
    assert golden_results["summary"]["accessibility"]["statement"]["value"] == "partiellement conforme"
    assert build_statement(golden_results, FULL).home_mention == "other"
    html, md = drafts(golden_results, FULL)
    assert "affiche une autre mention d'accessibilité" in md and "affiche une autre mention d" in html
    assert build_statement(golden_results, replace(FULL, rgaa_rate=60, **HUMAN_AUDIT)).home_mention == "same"
    assert build_statement(golden_results, replace(FULL, rgaa_rate=30, **HUMAN_AUDIT)).home_mention == "other"
    results = copy.deepcopy(golden_results)
    results["summary"]["accessibility"]["statement"] = {"page": None, "known": True, "shown": False, "value": ""}
    assert build_statement(results, FULL).home_mention == "absent"
    assert "elle est obligatoire" in drafts(results, FULL)[1]
    results["summary"]["accessibility"]["statement"] = {"page": None, "known": False, "shown": False, "value": ""}
    assert build_statement(results, FULL).home_mention == ""
    assert "mention d'accessibilité" not in drafts(results, FULL)[1]
