"""The design holds in the code: dependencies point one way (import-linter contracts in pyproject.toml), no import
cycles, and one name per module (ent_audit.crawler…, never the bare folder name)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "audits", "reports", "demo_ent")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    """ent_audit/ with real folders instead of links, so a test can add a module without touching the tree."""
    target = tmp_path / "ent_audit"
    target.mkdir()
    for real in ("__init__.py", "i18n.py"):
        shutil.copy(ROOT / "ent_audit" / real, target)
    for name in PACKAGES:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "static"))
    return tmp_path


def test_the_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "BROKEN" not in done.stdout and "9 kept, 0 broken" in done.stdout


def test_a_forbidden_import_breaks_a_contract(tmp_path: Path) -> None:
    root = copy_of_the_code(tmp_path)
    (root / "ent_audit" / "audits" / "leak.py").write_text("import scrapy\nfrom ent_audit.reports import store\n")
    done = lint_imports(root)
    assert done.returncode != 0
    assert "ent_audit.audits is not allowed to import scrapy" in done.stdout
    assert "ent_audit.audits.leak -> scrapy (l.1)" in done.stdout
    assert "ent_audit.audits.leak -> ent_audit.reports.store (l.2)" in done.stdout


def test_a_cycle_breaks_a_contract(tmp_path: Path) -> None:
    root = copy_of_the_code(tmp_path)
    rules = root / "ent_audit" / "audits" / "rules.py"
    rules.write_text(rules.read_text() + "\nfrom ent_audit.audits import judge  # noqa: E402\n")
    done = lint_imports(root)
    assert done.returncode != 0 and "No cycles are allowed in ent_audit.audits" in done.stdout


def test_modules_are_imported_by_one_name() -> None:
    """The folders are importable from a checkout under their bare names too: importing both names would make
    two copies of a module (two registries of rules, two guards)."""
    bare = re.compile(rf"^\s*(from|import) ({'|'.join(PACKAGES)})\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in (*PACKAGES, "tests", "bench", "ent_audit")
        for path in (ROOT / folder).rglob("*.py")
        if not path.is_symlink() and bare.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
