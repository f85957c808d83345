"""The golden demo run (tests/golden/demo-store.sql.gz, see tests/reports/test_golden.py), loaded once: its store and
its results document, as ``ent-audit declare`` reads them. No browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ent_audit.reports.results import build_results
from ent_audit.reports.store import open_store
from tests.reports.test_golden import restore_golden_store

RUN_ID = "20261206T204117Z-ac3a00"


@pytest.fixture(scope="session")
def golden_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return restore_golden_store(tmp_path_factory.mktemp("declarations") / "store.db")


@pytest.fixture(scope="session")
def golden_results(golden_store: Path) -> dict[str, Any]:
    store = open_store(golden_store)
    try:
        return build_results(store, RUN_ID)
    finally:
        store.close()
