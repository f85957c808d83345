"""The Synthèse's priorities: ranked by impact across pillars, one per criterion, each linked to it."""

from __future__ import annotations

import re

from ent_audit.reports.priorities import rank_priorities
from ent_audit.reports.render import NBSP, render_report


def doc(*, issues=(), pages=(), findings=(), total=1_000_000, tested=10):
    """A minimal results document: accessibility issues, pages with their violations, site findings."""
    return {
        "run": {
            "id": "r1",
            "start_urls": ["https://ent.example.fr/"],
            "site": "ENT",
            "profile": "élève",
            "status": "finished",
            "settings": {},
        },
        "pages": list(pages),
        "summary": {
            "pages": tested,
            "pages_ok": tested,
            "pages_error": 0,
            "total_transfer_bytes": total,
            "total_requests": 100,
            "mean_ecoindex": 50.0,
            "mean_grade": "D",
            "templates": 3,
            "third_party_bytes": 0,
            "grade_distribution": {"D": tested},
            "heaviest_resources": [],
            "accessibility": {
                "pages_tested": tested,
                "issues": list(issues),
                "counts": {},
                "criteria": [
                    {
                        "id": "3.2",
                        "theme": 3,
                        "status": "fail",
                        "pages": 1,
                        "title": {"fr": "Le contraste est suffisant", "en": "Contrast is enough"},
                    }
                ],
            },
        },
        "site": {"findings": list(findings)},
    }


def issue(rule, impact, pages, rgaa=("3.2",), target="p"):
    return {
        "rule": rule,
        "impact": impact,
        "pages": pages,
        "templates": 1,
        "nodes": pages,
        "target": target,
        "help": f"{rule} help",
        "help_fr": f"aide {rule}",
        "rgaa": list(rgaa),
        "examples": [],
    }


def rgesn(ref, failing, saving=None, judged=10):
    finding = {
        "ref": ref,
        "verdict": "fail",
        "evidence": [],
        "pages": {"fail": failing, "pass": judged - failing, "na": 0, "manual": 0},
    }
    if saving is not None:
        finding["saving_bytes"] = saving
    return finding


def doctrine(ref, verdict="fail"):
    return {"ref": ref, "verdict": verdict, "evidence": []}


def test_ranked_by_impact_with_every_pillar_represented():
    ranked = rank_priorities(
        doc(
            issues=[
                issue("color-contrast", "serious", 10),
                issue("image-alt", "critical", 1),
                issue("region", "moderate", 10),
            ],
            findings=[
                rgesn("RGESN-6.4", 3, saving=400_000),
                rgesn("RGESN-6.3", 5, saving=20_000),
                rgesn("RGESN-6.7", 10),
                doctrine("DOCTRINE-legal"),
                doctrine("DOCTRINE-sso", "pass"),
            ],
        )
    )
    # contrast 0.75 (serious, all pages) > 6.4 0.4 (40 % of the bytes) = region 0.4 > legal 0.3 > 6.7 0.25; the
    # critical image-alt on one page (0.37) gives way: two accessibility priorities are already chosen
    assert [p.ref for p in ranked] == ["color-contrast", "RGESN-6.4", "region", "DOCTRINE-legal", "RGESN-6.7"]
    scores = [p.score for p in ranked]
    assert scores == sorted(scores, reverse=True) and len(ranked) == 5
    assert {p.pillar for p in ranked} == {"inclusif", "responsable", "durable"}
    assert ranked[0].ref == "color-contrast"  # serious on every page: 0.75
    assert "DOCTRINE-sso" not in [p.ref for p in ranked]  # passing checks are never priorities
    six_four = next(p for p in ranked if p.ref == "RGESN-6.4")
    assert six_four.saving_bytes == 400_000 and six_four.pages == 3 and abs(six_four.score - 0.4) < 1e-9


def test_at_most_two_per_pillar_unless_fewer_than_three():
    many_a11y = [issue(f"rule-{i}", "critical", 10) for i in range(6)]
    ranked = rank_priorities(doc(issues=many_a11y, findings=[rgesn("RGESN-6.3", 1, saving=1_000)]))
    assert [p.pillar for p in ranked].count("inclusif") == 2 and len(ranked) == 3
    only_a11y = rank_priorities(doc(issues=many_a11y))
    assert len(only_a11y) == 3 and {p.pillar for p in only_a11y} == {"inclusif"}
    assert rank_priorities(doc()) == []


def test_a_rule_grouped_under_two_targets_is_one_priority_counted_over_the_pages():
    pages = [
        {
            "url": f"https://ent.example.fr/p{i}",
            "template": f"/t{i % 2}",
            "accessibility": {"violations": [{"rule": "color-contrast", "nodes": 2}]},
        }
        for i in range(4)
    ]
    ranked = rank_priorities(
        doc(
            issues=[
                issue("color-contrast", "serious", 3, target=".a"),
                issue("color-contrast", "serious", 2, target=".b"),
            ],
            pages=pages,
        )
    )
    assert [p.ref for p in ranked] == ["color-contrast"]
    assert ranked[0].pages == 4 and ranked[0].issue["nodes"] == 8 and ranked[0].issue["templates"] == 2


def test_synthese_shows_pillars_and_linked_priorities_in_both_languages():
    results = doc(
        issues=[issue("color-contrast", "serious", 4)],
        findings=[
            rgesn("RGESN-6.4", 3, saving=1_200_000),
            doctrine("DOCTRINE-hsts"),
            doctrine("DOCTRINE-https", "pass"),
        ],
        total=3_000_000,
    )
    html = render_report(results)
    synthese = html[html.index('id="synthese"') : html.index('id="inclusif"')]
    priorities = synthese[synthese.index('id="priorites"') : synthese.index("</ol>")]
    items = re.findall(r"<li>(.*?)</li>", priorities, re.S)
    assert len(items) == 3
    assert f"Gain estimé{NBSP}: −1,2{NBSP}Mo sur 3 pages (40{NBSP}% du poids total mesuré)." in priorities
    assert '<a href="#c-rgesn-6-4">RGESN 6.4</a>' in priorities
    assert '<a href="#c-doctrine-hsts">Doctrine technique</a>' in priorities
    assert '<a href="#c-axe-color-contrast">RGAA 3.2</a>' in priorities and "Le contraste est suffisant" in priorities
    for target in ("c-rgesn-6-4", "c-doctrine-hsts", "c-axe-color-contrast"):  # every link lands on its row
        assert html.count(f'id="{target}"') == 1
    assert "1 point non conforme sur 2 vérifiés" in synthese and ">Inclusif</a>" in synthese
    english = render_report(results, "en")
    assert "Estimated gain: −1.2" in english and ">Priorities</h3>" in english and "Meet RGAA criterion 3.2" in english


def test_no_failure_no_priority():
    html = render_report(doc(findings=[doctrine("DOCTRINE-https", "pass")]))
    assert "Aucune non-conformité détectée par les tests automatiques" in html and '<ol class="prio">' not in html
