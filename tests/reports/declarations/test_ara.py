"""Import of a complete audit made with Ara: its JSON report (``GET /api/reports/<id>``, AuditReportDto of
DISIC/Ara confiture-rest-api) read only when it is a finished FULL audit whose rate matches its results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ent_audit.crawler.config import DeclarationConfig
from ent_audit.reports.declarations.accessibility import DeclarationError, build_statement, render
from ent_audit.reports.declarations.ara import AraReportError, read_ara_report


def ara_report(**changes: Any) -> dict[str, Any]:
    """A hand-made report with the DTO's field names: 3 criteria over two pages and the transverse one.
    1.1 NOT_COMPLIANT on the home page, 3.2 COMPLIANT, 11.1 COMPLIANT on one page and NOT_APPLICABLE on the other,
    8.5 NOT_APPLICABLE everywhere: 2 of 3 applicable criteria met, 67 %."""
    results = [
        {"topic": 1, "criterium": 1, "pageId": 11, "status": "NOT_COMPLIANT", "transverse": False},
        {"topic": 1, "criterium": 1, "pageId": 12, "status": "COMPLIANT", "transverse": False},
        {"topic": 3, "criterium": 2, "pageId": 10, "status": "COMPLIANT", "transverse": True},
        {"topic": 11, "criterium": 1, "pageId": 11, "status": "COMPLIANT", "transverse": False},
        {"topic": 11, "criterium": 1, "pageId": 12, "status": "NOT_APPLICABLE", "transverse": False},
        {"topic": 8, "criterium": 5, "pageId": 11, "status": "NOT_APPLICABLE", "transverse": False},
    ]
    report = {
        "consultUniqueId": "abc123",
        "procedureName": "ENT des collèges",
        "procedureUrl": "https://ent.example.fr/",
        "publishDate": "2026-11-20T10:00:00.000Z",
        "updateDate": "2026-11-25T10:00:00.000Z",
        "notCompliantContent": "Les images du portail n'ont pas d'alternative.",
        "auditType": "FULL",
        "accessibilityRate": 67,
        "context": {
            "referencial": "RGAA Version 4.1",
            "auditorName": "Camille Martin",
            "auditorEmail": None,
            "auditorOrganisation": "Audit & Accès SARL",
            "technologies": ["HTML", "CSS"],
            "samples": [
                {"id": 10, "number": 0, "order": -1, "name": "Éléments transverses", "url": ""},
                {"id": 11, "number": 1, "order": 0, "name": "Accueil", "url": "https://ent.example.fr/"},
                {"id": 12, "number": 2, "order": 1, "name": "Contact", "url": "https://ent.example.fr/contact"},
            ],
            "tools": ["Web Developer Toolbar"],
            "desktopEnvironments": [
                {
                    "operatingSystem": "Windows",
                    "operatingSystemVersion": "11",
                    "assistiveTechnology": "JAWS",
                    "assistiveTechnologyVersion": "14.2",
                    "browser": "Firefox",
                    "browserVersion": "104",
                }
            ],
            "mobileEnvironments": [
                {"operatingSystem": "iOS", "assistiveTechnology": "VoiceOver", "browser": "Safari"},
            ],
        },
        "results": results,
    }
    report.update(changes)
    return report


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "ara.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_complete_ara_audit_gives_rate_auditor_date_and_non_conformities(tmp_path):
    ara = read_ara_report(write(tmp_path, ara_report()))
    assert (ara.audit.rate, ara.audit.auditor, ara.audit.date, ara.audit.source) == (
        67.0,
        "Audit & Accès SARL",
        "2026-11-20",
        "ara",
    )
    assert [(nc.criterion, [p.url for p in nc.pages]) for nc in ara.non_conformities] == [
        ("1.1", ["https://ent.example.fr/"])
    ]
    assert ara.text == "Les images du portail n'ont pas d'alternative."
    assert ara.audit.environments == ("Firefox 104, Windows 11, JAWS 14.2", "Safari, iOS, VoiceOver")
    assert ara.audit.tools == ("Web Developer Toolbar",)


def test_the_draft_takes_the_ara_audit(tmp_path, golden_results):
    path = write(tmp_path, ara_report())
    statement = build_statement(golden_results, DeclarationConfig(ara_report=str(path)))
    assert statement.level == "partiellement" and statement.audit is not None
    md = render(statement, "md")
    assert "est **partiellement conforme**" in md and "révèle que 67\u00a0% des critères" in md
    assert "Audit & Accès SARL" in md and "20 novembre 2026" in md and "Firefox 104, Windows 11, JAWS 14.2" in md
    assert statement.missing == (
        "entity",
        "service",
        "schema_url",
        "plan_url",
        "derogations",
        "exempt_contents",
        "contact_email",
    )  # the audit itself is complete
    assert "L'audit complet a relevé des non-conformités" in md and "Les images du portail" in md
    assert "Les tests automatisés ont relevé les non-conformités suivantes" in md  # the crawl's list stays too
    # what the config says of the auditor and the date wins over the report
    statement = build_statement(
        golden_results, DeclarationConfig(ara_report=str(path), auditor="En interne", audit_date="2026-12-01")
    )
    assert (statement.audit.auditor, statement.audit.date) == ("En interne", "2026-12-01")
    with pytest.raises(DeclarationError, match="not both"):
        build_statement(golden_results, DeclarationConfig(ara_report=str(path), rgaa_rate=90))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"auditType": "FAST"}, "auditType is 'FAST'"),
        ({"auditType": None}, "only a complete audit (FULL"),
        ({"accessibilityRate": 130}, "from 0 to 100"),
        ({"accessibilityRate": "67"}, "from 0 to 100"),
        ({"accessibilityRate": 90}, "does not match its results (2 of 3"),
        ({"results": [{"topic": 1, "criterium": 1, "pageId": 11, "status": "NOT_TESTED"}]}, "1 results are still"),
        ({"results": [{"topic": "1", "criterium": 1, "pageId": 11, "status": "COMPLIANT"}]}, "results must be"),
        ({"results": [{"topic": 1, "criterium": 1, "pageId": 11, "status": "PASSED"}]}, "results must be"),
    ],
)
def test_anything_but_a_finished_full_audit_whose_rate_matches_is_refused(tmp_path, changes, message):
    with pytest.raises(AraReportError, match=message.replace("(", r"\(")) as caught:
        read_ara_report(write(tmp_path, ara_report(**changes)))
    assert str(caught.value).startswith("[declaration] ara_report ") and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [("{not json", "is not JSON"), ("[]", "is not an Ara report"), ({"accessibilityRate": 50}, "is not an Ara")],
)
def test_a_file_that_is_not_an_ara_report_is_refused(tmp_path, data, message):
    with pytest.raises(AraReportError, match=message):
        read_ara_report(write(tmp_path, data))
    with pytest.raises(AraReportError, match="cannot be read"):
        read_ara_report(tmp_path / "missing.json")


def test_a_rate_rounded_as_ara_rounds_it_is_accepted(tmp_path):
    assert read_ara_report(write(tmp_path, ara_report(accessibilityRate=66.67))).audit.rate == 66.67
    with pytest.raises(AraReportError, match="does not match"):
        read_ara_report(write(tmp_path, ara_report(accessibilityRate=68.5)))
