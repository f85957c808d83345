"""The draft déclaration d'écoconception (reports/declarations/ecodesign.py), from the committed demo store (no
browser): the filled official spreadsheet read back with openpyxl, the text model as HTML and Markdown."""

from __future__ import annotations

import gzip
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from ent_audit.audits.rgesn import ALWAYS_APPLICABLE, CRITERIA, STATUSES
from ent_audit.crawler.config import load_config
from ent_audit.reports.declarations.ecodesign import SPREADSHEET, previous_scores, write_ecodesign_declaration
from ent_audit.reports.results import build_results
from ent_audit.reports.store import Store
from tests.reports.test_judge_once import capture

GOLDEN = Path(__file__).parents[2] / "golden"
RUN_ID = "20261206T204117Z-ac3a00"
CONFIG = """
[declaration.rgesn]
service = "ENT du collège Exemple"
entity = "Académie d'Exemple"
responsible = "Camille Martin"
target_score = 40
target_date = "2028-12-01"
actions = ["Servir les images en WebP", "Compresser les scripts"]
review_frequency = "six mois"
[declaration.rgesn.criteria]
"1.1" = {status = "Validé", date = "2026-11-01", text = "Utilité évaluée."}
"6.1" = {status = "Validé", date = "2026-11-02", text = "Budget de 1 Mo et 30 requêtes."}
"6.3" = {status = "Validé", date = "2026-11-03"}
"6.2" = {status = "Non validé", date = "2026-11-04"}
"4.2" = {status = "En cours", date = "2026-11-05"}
"9.2" = {status = "Non applicable", date = "2026-11-06", text = "Aucun modèle entraîné."}
"9.3" = {status = "Non applicable", date = "2026-11-06"}
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("decl") / "store.db"
    with sqlite3.connect(db) as connection:
        connection.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    with Store(db) as store:
        return {"results": build_results(store, RUN_ID), "history": previous_scores(store, RUN_ID)}


@pytest.fixture(scope="module")
def default_files(demo: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The draft with no [declaration.rgesn]: written once for the tests that read it."""
    return written(demo, tmp_path_factory.mktemp("default"))


def written(demo: dict, out: Path, config_text: str = "") -> dict:
    path = out / "ent-audit.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text, encoding="utf-8")
    files = write_ecodesign_declaration(demo["results"], load_config(path).declaration, demo["history"], out)
    return {p.suffix: p for p in files}


def rows(workbook: openpyxl.Workbook) -> dict[str, tuple]:
    """Criterion id -> (sheet, row) in the filled spreadsheet."""
    found = {}
    for sheet in workbook.worksheets[1:]:
        for row in range(1, sheet.max_row + 1):
            value = sheet.cell(row, 2).value
            if isinstance(value, str) and re.fullmatch(r"\d\.\d+", value):
                found[value] = (sheet, row)
    return found


def official_formula(sheet, row: int, column: int) -> float:
    """The value the official =IFS(D="Prioritaire",IFS(E="Validé",1.5,…),…) formula of a cell gives for its row's
    priority (D) and status (E), read from the written file's own formula."""
    formula = sheet.cell(row, column).value
    priority, status = sheet.cell(row, 4).value, sheet.cell(row, 5).value
    part = re.search(rf'D{row}="{priority}",_xlfn\.IFS\(([^)]*)\)', formula).group(1)
    return float(dict(re.findall(rf'E{row}="([^"]+)",([\d.]+)', part))[status])


def test_the_default_spreadsheet_is_all_a_evaluer_with_the_crawls_evidence(default_files):
    files = default_files
    workbook = openpyxl.load_workbook(files[".xlsx"])
    found = rows(workbook)
    assert sorted(found) == sorted(c.id for c in CRITERIA)
    for id_, (sheet, row) in found.items():
        assert sheet.cell(row, 5).value == "À évaluer", id_  # a crawl never sets a status
        assert sheet.cell(row, 6).value is None, id_
        assert str(sheet.cell(row, 12).value).startswith("=_xlfn.IFS("), id_  # the score formulas are kept
        (allowed,) = [dv.formula1 for dv in sheet.data_validations.dataValidation if f"E{row}" in dv.sqref]
        assert ("Non applicable" in allowed) == (id_ not in ALWAYS_APPLICABLE), id_  # the status lists too
    official = openpyxl.load_workbook(SPREADSHEET)
    assert workbook.sheetnames == official.sheetnames and workbook.calculation.fullCalcOnLoad
    for mine, theirs in zip(workbook.worksheets, official.worksheets, strict=True):
        assert mine.print_area == theirs.print_area, mine.title  # the PDF export's ranges
        assert {str(r) for r in mine.merged_cells.ranges} == {str(r) for r in theirs.merged_cells.ranges}
        formulas = [c for row in theirs.iter_rows() for c in row if str(c.value).startswith("=")]
        assert all(mine[c.coordinate].value == c.value for c in formulas), mine.title  # every formula kept
    summary = workbook["Score d'avancement"]
    assert summary["C10"].value == "=E11/F11" and summary["C5"].value == "ENT de démonstration"
    assert "élève · /classe/album\u00a0: 1 page(s) auditée(s) sur 1 vue(s)" in summary["C6"].value  # the sample
    assert summary["C7"].value == "[à compléter]"

    def text(id_: str) -> str:
        sheet, row = found[id_]
        return str(sheet.cell(row + 1, 3).value or "")

    # the demo's measurements, in the criteria they document
    assert "Poids transféré par écran (page chargée)\u00a0: médiane 78\u00a0ko, maximum 5\u202f356\u00a0ko" in text(
        "6.1"
    )
    assert "requêtes par écran\u00a0: médiane 6, maximum 109 (27 pages)" in text("6.1")
    assert "Ressources textuelles de plus de 1 Ko\u00a0: 60\u00a0; encodage\u00a0: gzip 57, aucune 3." in text("6.3")
    assert "Seconde visite de" in text("6.2")
    assert "Images matricielles reçues\u00a0:" in text("5.1") and "image/jpeg" in text("5.1")
    assert "127.0.0.2" in text("4.4") and "127.0.0.2" in text("2.10")  # third parties
    assert "HTTPS\u00a0: 0 pages sur 27." in text("3.3") and "IPv6\u00a0: non mesuré" in text("3.3")
    assert "http/1.1" in text("6.7")
    assert "Chargement à 512 kbit/s" in text("2.3")
    assert text("1.1") == ""  # nothing measured, nothing said


def test_config_statuses_land_in_their_rows_with_their_dates_and_the_score_is_the_official_formulas(demo, tmp_path):
    files = written(demo, tmp_path, CONFIG)
    workbook = openpyxl.load_workbook(files[".xlsx"])
    found = rows(workbook)
    statuses = {id_: (sheet.cell(row, 5).value, sheet.cell(row, 6).value) for id_, (sheet, row) in found.items()}
    assert statuses["6.3"] == ("Validé", "03/11/2026") and statuses["6.2"] == ("Non validé", "04/11/2026")
    assert statuses["4.2"] == ("En cours", "05/11/2026") and statuses["9.2"] == ("Non applicable", "06/11/2026")
    assert sum(1 for s, _ in statuses.values() if s == "À évaluer") == 78 - 7
    assert {s for s, _ in statuses.values()} <= set(STATUSES)
    assert all(statuses[id_][0] != "Non applicable" for id_ in ALWAYS_APPLICABLE)
    sheet, row = found["6.1"]
    assert str(sheet.cell(row + 1, 3).value).startswith("Budget de 1 Mo et 30 requêtes.\nMesures du parcours")
    # the spreadsheet's own formulas on the written statuses: Σ "Score par ID" / Σ "Dénominateur"
    points = sum(official_formula(sheet, row, 12) for sheet, row in found.values())
    denominator = sum(official_formula(sheet, row, 13) for sheet, row in found.values())
    # by hand: validated 1.1 (Prioritaire 1.5) + 6.1 (Recommandé 1.25) + 6.3 (Modéré 1) = 3.75; all 78 weigh
    # 30 × 1.5 + 29 × 1.25 + 19 × 1 = 100.25, less 9.2 and 9.3 (Prioritaire, Non applicable) = 97.25
    assert (points, denominator) == (3.75, 97.25)
    html = files[".html"].read_text(encoding="utf-8")
    markdown = files[".md"].read_text(encoding="utf-8")
    score = "Score d’avancement le 06/12/2026\u00a0: 3,9\u00a0% (3,75 points sur 97,25)"  # 3.75 / 97.25 = 3.86 %
    assert score in html and score in markdown
    assert "Numérotation des fiches pratiques des critères validés\u00a0:\n\n1.1, 6.1, 6.3\n" in markdown
    assert "non validés\u00a0: 6.2\u00a0; en cours\u00a0: 4.2\u00a0; à évaluer\u00a0: 71 critères" in markdown
    assert "pour atteindre 40\u00a0% en 01/12/2028" in markdown and "- Servir les images en WebP" in markdown
    assert "**Critère 9.2** — " in markdown and "**Non applicable**, évalué le 06/11/2026." in markdown
    summary = workbook["Score d'avancement"]
    assert (summary["C5"].value, summary["C7"].value, summary["C8"].value) == (
        "ENT du collège Exemple",
        "Académie d'Exemple",
        "Camille Martin",
    )


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")


def test_the_html_is_french_self_contained_without_script_and_its_headings_do_not_skip(default_files):
    files = default_files
    html = files[".html"].read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    assert outline.lang == "fr" and "script" not in outline.tags and "link" not in outline.tags
    levels = [int(t[1]) for t in outline.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert "À ne pas publier tant que des mentions «\u00a0[à compléter]\u00a0»" in html  # the person's parts remain
    assert html.count("<caption>") == 2 and '<th scope="col">Évaluation</th>' in html
    # a skip link, and wide tables scroll inside their box (RGAA 12.7 and 10.11 as ent-audit checks them: an audit of
    # this file served on loopback found no axe-core violation and no RGAA failure, by hand on 6 December 2026)
    assert '<a class="skip" href="#contenu">' in html and '<main id="contenu">' in html
    assert html.count('<div class="scroll"><table>') == 2
    markdown = files[".md"].read_text(encoding="utf-8")
    assert not re.search(r" [:;?!»]|« ", html + markdown)  # French typography: no-break spaces, as the model
    # a rule's result is never called "conforme": the words are the official model's own (3.5's "conformité du
    # service", 8.6's "valeur conforme à la trajectoire SBTi")
    assert re.findall(r"\w*conform\w*", markdown, re.IGNORECASE) == ["conformité", "conforme"]
    assert "Il s’agit d’une valeur conforme à la trajectoire SBTi" in markdown


def test_previous_scores_are_the_earlier_runs_of_the_site_with_the_2024_weights(tmp_path):
    with Store(tmp_path / "h.sqlite") as store:
        ids = []
        for site in ("x", "x", "other"):
            run_id = store.start_run(
                start_urls=["https://ent.example.fr/"], tool_version="0", site=site, profile="p", settings={}
            )
            store.save_page(run_id, capture("/"), None)
            store.finish_run(run_id, status="finished", stats={})
            ids.append(run_id)
        assert previous_scores(store, ids[0]) == []
        (earlier,) = previous_scores(store, ids[1])  # not the other site's run, nor the run itself
        expected = build_results(store, ids[0])["site"]["rgesn"]["score"]
    assert earlier.run_id == ids[0] and earlier.score == expected["score"]
    assert earlier.evaluated == expected["evaluated"] > 0
