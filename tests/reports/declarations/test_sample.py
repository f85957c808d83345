"""The RGAA sample check: the required page types recognised among the audited pages, or listed as missing."""

from __future__ import annotations

from typing import Any

from ent_audit.reports.declarations.sample import REQUIRED_TYPES, sample_check


def page(url: str, title: str = "", depth: int = 1, legal: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "url": url,
        "title": title,
        "depth": depth,
        "error": "",
        "accessibility": {"engine": "axe-core 4.11.4", "violations": []},
        "facts": {"legal": legal or {}},
    }


def found(check: list) -> dict[str, list[str]]:
    return {t.key: [p.url for p in t.pages] for t in check}


def test_the_demo_sample_has_home_mentions_accessibility_and_help_but_not_the_rest(golden_results):
    check = sample_check(golden_results["pages"], golden_results["run"]["start_urls"])
    assert [t.name for t in check] == [name for _, name, _ in REQUIRED_TYPES]
    base = "http://127.0.0.1:41313"
    assert found(check) == {
        "home": [f"{base}/"],
        "contact": [],
        "mentions": [f"{base}/mentions-legales"],
        "accessibility": [f"{base}/accessibilite"],
        "sitemap": [],
        "help": [f"{base}/aide"],
        "login": [],  # the crawl signs in on the CAS page but does not audit it
    }


def test_words_of_the_address_or_the_title_and_the_classified_links():
    pages = [
        page("https://ent.example.fr/portail", "Portail - ENT", depth=0),
        page("https://ent.example.fr/nous-ecrire", "Écrire à l'établissement - ENT"),
        page("https://ent.example.fr/plan-du-site", "Plan - ENT"),
        page("https://ent.example.fr/p/42", "Informations légales - ENT"),
        page("https://ent.example.fr/p/43", "Page 43", legal={"accessibility": "https://ent.example.fr/p/44"}),
        page("https://ent.example.fr/p/44", "Engagement numérique - ENT"),
        page("https://ent.example.fr/cas/login?service=x", "Service d'authentification"),
        page("https://ent.example.fr/faq", "Questions - ENT"),
        page("https://ent.example.fr/blog", "Blog - Accueil des nouveaux élèves"),  # a title suffix never counts
        page("https://ent.example.fr/userbook/contacts", "Mes contacts - ENT"),  # an address book is no contact page
    ]
    check = found(sample_check(pages, ["https://ent.example.fr/portail"]))
    assert check == {
        "home": ["https://ent.example.fr/portail"],
        "contact": ["https://ent.example.fr/nous-ecrire"],
        "mentions": ["https://ent.example.fr/p/42"],
        "accessibility": ["https://ent.example.fr/p/44"],
        "sitemap": ["https://ent.example.fr/plan-du-site"],
        "help": ["https://ent.example.fr/faq"],
        "login": ["https://ent.example.fr/cas/login?service=x"],
    }


def test_pages_not_tested_for_accessibility_do_not_count():
    failed = page("https://ent.example.fr/contact", "Contact")
    failed["error"] = "timeout"
    check = found(sample_check([page("https://ent.example.fr/", "Accueil", depth=0), failed], []))
    assert check["home"] == ["https://ent.example.fr/"] and check["contact"] == []
    assert found(sample_check([], []))["home"] == []
