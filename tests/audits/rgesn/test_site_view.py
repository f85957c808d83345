"""The site's RGESN criteria (audits/judge.py rgesn_view): a criterion that applies to every service is never "not
applicable" in the site's view, whatever its pages say."""

from __future__ import annotations

from ent_audit.audits.judge import rgesn_view


def test_an_always_applicable_criterion_not_measured_is_not_measured_not_na():
    # RGESN 2024 2.3, cible "Applicable à tous les services" (the spreadsheet's list for its row has no "Non
    # applicable"): no page reloaded at 512 kbit/s leaves every page "na", the site's criterion "not_measured"
    findings = [[{"ref": "RGESN-2.3", "verdict": "na"}, {"ref": "RGESN-6.7", "verdict": "na"}]]
    _, rgesn = rgesn_view(findings, ["https://ent.example.fr/"])
    verdicts = {c["id"]: c["verdict"] for c in rgesn["criteria"]}
    assert verdicts["2.3"] == "not_measured"
    assert verdicts["6.7"] == "na"  # "N/A si le service numérique n'utilise pas le protocole HTTP": may be
    assert verdicts["4.1"] == "not_measured"  # no finding at all for 4.1: also applies to every service
    # the 15 ruled criteria less 2.3 and 4.1: 13 "na" (no page judged them), none of them always applicable
    assert rgesn["score"]["non_applicables"] == 13 and rgesn["score"]["score"] is None
