"""The RGESN 2024 weighted scores (audits/rgesn/__init__.py): the official score d'avancement of a declaration and the
score of the criteria the audit assessed, computed by hand here and checked against the official spreadsheet's own
weights, priorities and status lists (read with openpyxl from the copy the package ships)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from ent_audit.audits.rgesn import (
    ALWAYS_APPLICABLE,
    CRITERIA,
    PRIORITY,
    STATUSES,
    WEIGHTS,
    advancement_score,
    site_score,
)

SPREADSHEET = (
    Path(__file__).parents[3]
    / "reports"
    / "templates"
    / "declarations"
    / "rgesn_2024_outil_declaration_ecoconception.xlsx"
)


def test_advancement_score_of_a_hand_made_status_set():
    statuses = {
        "1.1": "Validé",  # Prioritaire 1.5
        "6.3": "Validé",  # Modéré 1
        "6.1": "Validé",  # Recommandé 1.25
        "6.2": "Non validé",  # Recommandé: 1.25 in the denominator only
        "4.2": "En cours",  # Prioritaire: 1.5 in the denominator only
        "9.2": "Non applicable",  # Prioritaire: out of both
        "9.3": "Non applicable",  # Prioritaire: out of both
        "6.6": "Non applicable",  # Modéré: out of both
    }
    result = advancement_score(statuses)
    # all 78: 30 × 1.5 + 29 × 1.25 + 19 × 1 = 45 + 36.25 + 19 = 100.25; minus the three N/A: 1.5 + 1.5 + 1 = 4
    assert result["denominator"] == pytest.approx(96.25)
    assert result["points"] == pytest.approx(3.75)  # 1.5 + 1 + 1.25
    assert result["score"] == pytest.approx(3.75 / 96.25)  # 3.9 %
    assert round(result["score"] * 100, 1) == 3.9
    # family 6 (7 criteria: 6.1 R, 6.2 R, 6.3 M, 6.4 R, 6.5 R, 6.6 M, 6.7 M): 6.6 N/A → 4 × 1.25 + 2 × 1 = 7
    assert result["families"][6] == pytest.approx(2.25 / 7)
    # family 9: 9.1 P, 9.2–9.5 P, 9.6 R, 9.7 P; 9.2 and 9.3 N/A → 4 × 1.5 + 1.25 = 7.25, nothing validated
    assert result["families"][9] == 0
    assert result["counts"] == {"Validé": 3, "En cours": 1, "Non validé": 1, "Non applicable": 3, "À évaluer": 70}


def test_advancement_score_defaults_and_refusals():
    assert advancement_score({})["score"] == 0  # all "À évaluer": every weight in the denominator, nothing validated
    assert advancement_score({})["denominator"] == pytest.approx(100.25)
    everything = advancement_score({c.id: "Validé" for c in CRITERIA})
    assert everything["score"] == 1
    with pytest.raises(ValueError, match="applies to every service"):
        advancement_score({"2.3": "Non applicable"})
    with pytest.raises(ValueError, match="unknown RGESN status"):
        advancement_score({"6.3": "Conforme"})
    with pytest.raises(KeyError):
        advancement_score({"6.9": "Validé"})


def test_score_of_the_criteria_assessed_is_weighted():
    verdicts = {"4.1": "pass", "6.3": "pass", "6.1": "fail", "5.1": "na", "1.1": "todo", "2.3": "manual"}
    # pass: 4.1 Prioritaire 1.5 + 6.3 Modéré 1 = 2.5; assessed: + 6.1 Recommandé 1.25 = 3.75; 2.5 / 3.75 = 0.667
    assert site_score(verdicts) == {
        "formula": "rgesn-2024-weighted",
        "conformes": 2,
        "non_conformes": 1,
        "non_applicables": 1,
        "evaluated": 3,
        "points": 2.5,
        "points_possible": 3.75,
        "score": 0.667,
    }
    # the 2022 formula would give 2 / 3 too here; with the pass on the Modéré criterion it differs: 1 / 2.5 = 0.4
    assert site_score({"6.3": "pass", "4.1": "fail"})["score"] == 0.4
    assert site_score({"6.1": "na", "1.1": "manual"})["score"] is None


def _rows(workbook):
    """(sheet, row, id) of every criterion row of the official spreadsheet (ids in column B)."""
    for sheet in workbook.worksheets[1:]:
        for row in range(1, sheet.max_row + 1):
            value = sheet.cell(row, 2).value
            if isinstance(value, str) and re.fullmatch(r"\d\.\d+", value):
                yield sheet, row, value


def test_weights_priorities_and_always_applicable_are_the_official_spreadsheets():
    workbook = openpyxl.load_workbook(SPREADSHEET)
    rows = list(_rows(workbook))
    assert sorted(id_ for _, _, id_ in rows) == sorted(c.id for c in CRITERIA)
    for sheet, row, id_ in rows:
        assert sheet.cell(row, 4).value == PRIORITY[id_], id_
        numerator, denominator = sheet.cell(row, 12).value, sheet.cell(row, 13).value  # "Score par ID", "Dénominateur"
        for priority, weight in WEIGHTS.items():
            # =IFS(D3="Prioritaire",IFS(E3="Validé",1.5,E3="En cours",0,…),…): the value of each status
            part = re.search(rf'D{row}="{priority}",_xlfn\.IFS\(([^)]*)\)', numerator).group(1)
            given = dict(re.findall(rf'E{row}="([^"]+)",([\d.]+)', part))
            assert {s: float(v) for s, v in given.items()} == {s: (weight if s == "Validé" else 0) for s in STATUSES}
            part = re.search(rf'D{row}="{priority}",_xlfn\.IFS\(([^)]*)\)', denominator).group(1)
            given = dict(re.findall(rf'E{row}="([^"]+)",([\d.]+)', part))
            expected = {s: (0 if s == "Non applicable" else weight) for s in STATUSES}
            assert {s: float(v) for s, v in given.items()} == expected
        applicable_to_all = sheet.cell(row, 14).value == "Applicable à tous les services"
        assert applicable_to_all == (id_ in ALWAYS_APPLICABLE), id_
        (allowed,) = [dv.formula1 for dv in sheet.data_validations.dataValidation if f"E{row}" in dv.sqref]
        assert ("Non applicable" in allowed) == (id_ not in ALWAYS_APPLICABLE), id_
        assert set(allowed.strip('"').split(",")) | {"Non applicable"} == set(STATUSES)
    assert len(ALWAYS_APPLICABLE) == 18
    summary = workbook["Score d'avancement"]
    assert summary["C10"].value == "=E11/F11"  # score global = Σ scores / Σ dénominateurs
