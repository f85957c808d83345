"""reports/formats/: one module per output, found by the package, written in a declared order."""

from __future__ import annotations

import gzip
import sqlite3
import sys

import pytest

from ent_audit.reports import formats
from ent_audit.reports.results import build_results
from ent_audit.reports.store import Store
from tests.reports.test_golden import GOLDEN, RUN_ID


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The golden demo run's results document (tests/test_golden.py)."""
    path = tmp_path_factory.mktemp("store") / "store.db"
    with sqlite3.connect(path) as db:
        db.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    store = Store(path)
    try:
        return build_results(store, RUN_ID)
    finally:
        store.close()


def test_every_module_registers_its_format_in_the_declared_order():
    assert formats.names() == list(formats.ORDER)
    assert set(formats.DEFAULT) <= set(formats.names())
    assert "results.json" in formats.file_names() and "gl-code-quality.json" in formats.file_names()


def test_a_new_format_is_one_registration(results, tmp_path):
    @formats.output_format("txt", ("pages.txt",), requires=("csv",))
    def write_txt(results, out_dir, drawing):
        path = out_dir / "pages.txt"
        path.write_text("\n".join(p["url"] for p in results["pages"]) + "\n", encoding="utf-8")
        return [path]

    try:
        assert formats.names()[-1] == "txt"  # after the declared ones
        written = formats.write_outputs(results, tmp_path, ["txt"])
        # what it requires is written first
        assert [p.name for p in written] == ["pages.csv", "resources.csv", "findings.csv", "pages.txt"]
        assert (tmp_path / "pages.txt").read_text(encoding="utf-8").count("\n") == len(results["pages"])
    finally:
        del formats._FORMATS["txt"]


def test_unknown_format_names_the_known_ones(results, tmp_path):
    with pytest.raises(ValueError, match=r"unknown format docx: use a comma-separated list of json, html, pdf"):
        formats.write_outputs(results, tmp_path, ["html", "docx"])
    assert not list(tmp_path.iterdir())  # nothing written before the check


def test_pdf_without_its_extra_says_how_to_install_it(results, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when the [pdf] extra is missing
    with pytest.raises(formats.OutputUnavailable, match=r"\[pdf\] extra"):
        formats.write_outputs(results, tmp_path, ["pdf"])
    assert (tmp_path / "report.html").exists()  # report.pdf is printed from it, so it comes first
