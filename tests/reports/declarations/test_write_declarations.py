"""reports/declarations/__init__.py: both drafts from one run; a run without accessibility tests still gets its
eco-design declaration, and says why it has no accessibility statement."""

from __future__ import annotations

import copy

from ent_audit.crawler.config import Config
from ent_audit.reports.declarations import write_declarations


def test_both_drafts_of_a_tested_run(golden_results, tmp_path):
    paths, left_out = write_declarations(golden_results, Config().declaration, [], tmp_path)
    assert [p.name for p in paths][:2] == ["declaration-accessibilite.html", "declaration-accessibilite.md"]
    assert any(p.name.startswith("declaration-ecoconception") for p in paths) and left_out == []


def test_a_run_without_accessibility_tests_gets_its_eco_design_declaration_only(golden_results, tmp_path):
    results = copy.deepcopy(golden_results)
    results["run"]["accessibility"] = {"tested": False, "reason": "turned off"}
    paths, left_out = write_declarations(results, Config().declaration, [], tmp_path)
    assert paths and all(p.name.startswith("declaration-ecoconception") for p in paths), paths
    assert not (tmp_path / "declaration-accessibilite.html").exists()
    assert len(left_out) == 1 and "--no-axe" in left_out[0]
