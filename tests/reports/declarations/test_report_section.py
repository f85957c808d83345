"""The report's "Brouillons de déclarations" section: the `ent-audit declare` command with the run's id when pages were
tested for accessibility, else why only the eco-design declaration can be drafted; in the report's one language, no
link, no script."""

from __future__ import annotations

import copy
import re

from ent_audit.reports.render import render_report


def section(html: str) -> str:
    return re.search(r'<section aria-labelledby="declarations">.*?</section>', html, re.S).group(0)


def test_the_section_gives_the_command_with_the_run_id(golden_results):
    french, english = section(render_report(golden_results, "fr")), section(render_report(golden_results, "en"))
    command = f"ent-audit declare --run {golden_results['run']['id']} --config ent-audit.toml --out declarations/"
    assert command in french and command in english
    assert "Brouillons de déclarations" in french and "Draft declarations" in english
    assert "Écrire les brouillons" in french and "Write the drafts" not in french
    assert "<a " not in french and "<script" not in french


def test_a_run_without_tested_pages_has_only_its_eco_design_declaration(golden_results):
    results = copy.deepcopy(golden_results)
    results["summary"]["accessibility"]["pages_tested"] = 0
    for page in results["pages"]:
        page["accessibility"] = {}
    html = section(render_report(results, "en"))
    assert "there is no accessibility statement to draft from it, only the eco-design declaration" in html
    assert "ent-audit declare" in html
    assert "RGAA criteri" not in html and "non conforme" not in html  # nothing of what that statement would hold
