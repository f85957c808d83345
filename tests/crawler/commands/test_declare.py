"""``ent-audit declare``: the drafts of a stored run written without crawling, one line per file; exit 2 for bad
input (an unknown run, a bad config or Ara report), 4 when --out cannot be written; terminal lines in the run's
language, drafts in French. In process, on the golden demo store; no browser."""

from __future__ import annotations

import json
from pathlib import Path

from ent_audit.reports.declarations.accessibility import HTML_NAME, MARKDOWN_NAME
from tests.crawler.commands.test_init import ent_audit
from tests.reports.declarations.conftest import RUN_ID, golden_store  # noqa: F401  (the fixture)
from tests.reports.declarations.test_ara import ara_report


def test_declare_writes_the_drafts_one_line_per_file(golden_store, tmp_path):  # noqa: F811
    out = tmp_path / "declarations"
    code, stdout, stderr = ent_audit("declare", "--run", RUN_ID, "--db", str(golden_store), "--out", str(out))
    assert (code, stderr) == (0, "")
    eco = ("declaration-ecoconception.xlsx", "declaration-ecoconception.html", "declaration-ecoconception.md")
    assert stdout.splitlines() == [str(out / HTML_NAME), str(out / MARKDOWN_NAME), *(str(out / name) for name in eco)]
    eco_md = (out / eco[2]).read_text(encoding="utf-8")  # the déclaration d'écoconception, every status "À évaluer"
    assert "Score d’avancement le 06/12/2026\u00a0: 0\u00a0% (0 point sur 100,25)" in eco_md
    md = (out / MARKDOWN_NAME).read_text(encoding="utf-8")
    assert "est **non conforme**" in md and "Critère 11.1" in md and "[à compléter]" in md
    assert (out / HTML_NAME).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_latest_and_a_config_with_an_ara_report_next_to_it(golden_store, tmp_path):  # noqa: F811
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "ara.json").write_text(json.dumps(ara_report()), encoding="utf-8")
    config = tmp_path / "conf" / "ent-audit.toml"
    config.write_text('[declaration]\nentity = "Région Exemple"\nara_report = "ara.json"\n', encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = ent_audit(
        "declare", "--run", "latest", "--config", str(config), "--db", str(golden_store), "--out", str(out)
    )
    assert (code, stderr) == (0, ""), stderr
    md = (out / MARKDOWN_NAME).read_text(encoding="utf-8")
    assert "Région Exemple s'engage" in md and "est **partiellement conforme**" in md and "67\u00a0%" in md


def test_bad_input_is_one_line_and_exit_2(golden_store, tmp_path):  # noqa: F811
    out = str(tmp_path / "out")
    bad = tmp_path / "bad.toml"
    bad.write_text("[declaration]\nrgaa_rate = 150\n", encoding="utf-8")
    fast = tmp_path / "fast.toml"
    (tmp_path / "ara.json").write_text(json.dumps(ara_report(auditType="FAST")), encoding="utf-8")
    fast.write_text('[declaration]\nara_report = "ara.json"\n', encoding="utf-8")
    date = tmp_path / "date.toml"
    date.write_text('[declaration]\naudit_date = "12/10/2026"\n', encoding="utf-8")
    db = ("--db", str(golden_store))
    for args, words in (
        (("--run", "20990101T000000Z-000000", *db), "no run 20990101T000000Z-000000"),
        (("--run", "latest", "--db", str(tmp_path / "none.sqlite")), "not found"),
        (("--run", RUN_ID, "--config", str(bad), *db), "rgaa_rate"),
        (("--run", RUN_ID, "--config", str(date), *db), "audit_date"),
        (("--run", RUN_ID, "--config", str(fast), *db), "auditType is 'FAST'"),
        (("--run", RUN_ID, "--config", str(tmp_path / "missing.toml"), *db), "missing.toml"),
        (db, "--run"),
    ):
        code, stdout, stderr = ent_audit("--lang", "en", "declare", *args, "--out", out)
        assert code == 2, (args, stderr)
        assert stdout == "" and stderr.count("\n") == 1 and words in stderr, (args, stderr)
        assert stderr.startswith("ent-audit: error: "), stderr
    assert not (tmp_path / "out" / HTML_NAME).exists()


def test_an_out_that_cannot_be_written_is_exit_4(golden_store, tmp_path):  # noqa: F811
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code, stdout, stderr = ent_audit(
        "--lang", "en", "declare", "--run", RUN_ID, "--db", str(golden_store), "--out", str(blocker / "sub")
    )
    assert (code, stdout) == (4, "") and "not writable" in stderr and stderr.count("\n") == 1


def test_the_terminal_speaks_the_run_language_the_drafts_stay_french(golden_store, tmp_path):  # noqa: F811
    code, _, stderr = ent_audit("declare", "--run", "nope", "--db", str(golden_store), "--out", str(tmp_path))
    assert code == 2 and stderr.startswith("ent-audit : erreur : aucun audit nope")
    code, _, _ = ent_audit(
        "--lang", "en", "declare", "--run", RUN_ID, "--db", str(golden_store), "--out", str(tmp_path)
    )
    assert code == 0 and "Déclaration d'accessibilité" in Path(tmp_path / MARKDOWN_NAME).read_text(encoding="utf-8")
