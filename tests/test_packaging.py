"""The wheel installs one namespace, ent_audit, with the brief's folders inside it (no clash with PyPI's
`crawler`, `reports`…), and carries the files the code reads at run time (templates, the JSON Schema, the message
catalogue and its compiled .mo, the demo)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# one worker builds the wheel for both tests: two `pip wheel` of one tree at once collide in its build/ folder
pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("ent_audit-*.whl"))


def test_the_wheel_holds_only_the_ent_audit_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"ent_audit", "ent_audit-0.1.0.dist-info"}
    for needed in (
        "ent_audit/__main__.py",
        "ent_audit/crawler/commands/__init__.py",
        "ent_audit/crawler/safety/guard.py",
        "ent_audit/audits/judge.py",
        "ent_audit/reports/templates/report.html.j2",
        "ent_audit/reports/templates/sections/durable.html.j2",
        "ent_audit/reports/formats/junit_xml.py",
        "ent_audit/reports/schema/results.schema.json",
        "ent_audit/demo_ent/templates/base.html",
        "ent_audit/i18n.py",
        "ent_audit/locales/ent_audit.pot",
        "ent_audit/locales/fr/LC_MESSAGES/ent_audit.po",
        "ent_audit/locales/fr/LC_MESSAGES/ent_audit.mo",
    ):
        assert needed in names, needed
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "ent-audit = ent_audit.crawler.commands:main" in entry_points


def test_installed_ent_audit_imports_and_crawler_does_not(wheel: Path, tmp_path: Path) -> None:
    """Installed into a virtualenv of its own, run from outside the repository: `ent_audit` is there, the bare
    folder names are not (the dependencies are left out: only the namespace is checked here)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import importlib.util, ent_audit, ent_audit.audits.metrics.ecoindex as e; "
        "print(ent_audit.__version__, e.__file__.startswith(ent_audit.__path__[0]), "
        "[n for n in ('crawler', 'audits', 'reports', 'demo_ent') if importlib.util.find_spec(n)])"
    )
    done = subprocess.run([str(python), "-I", "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0.1.0 True []"
