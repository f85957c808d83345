"""RGAA 8.6 across the site: titles shared by templates, or generic (audits/rgaa/titles.py)."""

from ent_audit.audits.rgaa import site_view, title_findings
from tests.audits.rgaa.pages import SITE, page


def test_8_6_duplicate_and_generic_titles():
    pages = [
        page(f"{SITE}/", "/", depth=0, title="ENT du collège"),
        page(f"{SITE}/agenda", "/agenda", title="ENT du collège"),
        page(f"{SITE}/cahier/1", "/cahier/{id}", title="Cahier"),
        page(f"{SITE}/cahier/2", "/cahier/{id}", title="Cahier"),
    ]  # same template: fine
    result = title_findings(pages)
    assert result["verdict"] == "fail" and result["pages"] == [f"{SITE}/", f"{SITE}/agenda"]
    assert result["evidence"]["items"][0] == {
        "title": "ENT du collège",
        "generic": False,
        "pages": 2,
        "templates": 2,
        "page": f"{SITE}/",
    }
    row = {r["id"]: r for r in site_view(pages)["criteria"]}["8.6"]
    assert row["status"] == "fail" and row["pages"] == 2 and row["rules"] == ["ent-audit:titles"]

    generic = [
        page(f"{SITE}/", "/", depth=0, title="Accueil"),
        page(f"{SITE}/b", "/b", title="Sans titre"),
        page(f"{SITE}/c", "/c", title="Vie scolaire"),
    ]
    result = title_findings(generic)
    assert result["verdict"] == "fail" and result["pages"] == [f"{SITE}/", f"{SITE}/b"]

    distinct = [page(f"{SITE}/", "/", depth=0, title="Accueil - ENT"), page(f"{SITE}/c", "/c", title="Vie scolaire")]
    assert title_findings(distinct)["verdict"] == "pass"
    assert {r["id"]: r for r in site_view(distinct)["criteria"]}["8.6"]["status"] == "no_issue_found"
