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


AXE_FILES = ("axe.min.js", "locales/fr.json", "LICENSE", "LICENSE-3RD-PARTY.txt", "package.json")


def test_the_wheel_carries_axe_core_and_the_licences(wheel: Path) -> None:
    """axe-core ships inside the package (not looked up in a source tree), with its licence; the project is
    Apache-2.0 (SPDX expression in the metadata), its LICENSE and the third-party notices in the .dist-info."""
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    for name in AXE_FILES:
        assert f"ent_audit/crawler/capture/vendor/axe-core/{name}" in names, name
    for name in ("entities.json", "package.json", "LICENSE"):  # third-party-web's dataset, its version, its licence
        assert f"ent_audit/audits/vendor/third-party-web/{name}" in names, name
    metadata = archive.read("ent_audit-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    licences = {n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n}
    assert {"LICENSE", "THIRD_PARTY_NOTICES"} <= licences
    assert "Apache License" in archive.read("ent_audit-0.1.0.dist-info/licenses/LICENSE").decode()
    notices = archive.read("ent_audit-0.1.0.dist-info/licenses/THIRD_PARTY_NOTICES").decode()
    assert "axe-core 4.11.4" in notices and "Mozilla Public License, version 2.0" in notices
    assert "third-party-web 0.26.7" in notices and "The MIT License (MIT)" in notices


def test_one_licence_everywhere() -> None:
    """pyproject.toml, package.json and package-lock.json's root say Apache-2.0; LICENSE is its full text; the
    notices name the axe-core version package.json pins."""
    import json
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert project["license"] == package["license"] == lock["packages"][""]["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "END OF TERMS AND CONDITIONS" in text and "APPENDIX" in text
    assert f"axe-core {package['dependencies']['axe-core']} " in (ROOT / "THIRD_PARTY_NOTICES").read_text(
        encoding="utf-8"
    )


def _installed(wheel: Path, tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """The wheel in a virtualenv of its own (its bin/, its site-packages), a working directory outside the
    repository, and a plain environment. The dependencies come from this virtualenv's site-packages through a .pth
    line, which activates no editable install of the checkout."""
    import site

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    own = next((venv / "lib").glob("python3*/site-packages"))
    (own / "zz_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    return venv / "bin", own, work, env


@pytest.mark.browser
def test_installed_wheel_audits_the_demo_with_its_own_axe(wheel: Path, tmp_path: Path) -> None:
    """`ent-audit demo` from the installed wheel, outside the repository: the report names the shipped axe-core's
    version and lists the demo's known accessibility defects."""
    import json

    bin_dir, _, work, env = _installed(wheel, tmp_path)
    done = subprocess.run(
        [
            str(bin_dir / "ent-audit"),
            "demo",
            "--out",
            "out",
            "--db",
            "h.sqlite",
            "--max-pages",
            "4",
            "--lighthouse",
            "0",
            "--sample-pages",
            "0",
            "--quiet",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((work / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["accessibility"]["engine"] == "axe-core 4.11.4"
    rules = {v["rule"] for p in results["pages"] for v in (p.get("accessibility") or {}).get("violations") or []}
    assert rules, "the demo's accessibility defects were not found"
    html = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "axe-core 4.11.4" in html and all(f"<code>{rule}</code>" in html for rule in sorted(rules)[:3])


def test_installed_wheel_finds_its_engines_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """From the installed wheel, outside the repository: `ent-audit doctor` finds axe-core inside the installed
    package (not in a source tree), and the axe script and French locale load. Lighthouse, not installed there, is
    missing (exit 3) unless turned off."""
    bin_dir, own, work, env = _installed(wheel, tmp_path)
    python = bin_dir / "python"
    doctor = subprocess.run(
        [str(bin_dir / "ent-audit"), "doctor", "--lighthouse", "0"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    axe = next(line for line in doctor.stdout.splitlines() if line.split()[1] == "axe-core")
    assert f"({own}/ent_audit/crawler/capture/vendor/axe-core/axe.min.js)" in axe and "4.11.4" in axe
    probe = (
        "from ent_audit.crawler.capture import a11y_probe as a; "
        "print(a.AXE_PATH.is_relative_to(__import__('ent_audit').__path__[0]), len(a.axe_source()) > 100000, "
        "len(a.french_help()) > 50)"
    )
    done = subprocess.run([str(python), "-c", probe], cwd=work, capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "True True True", done.stderr[-2000:]
    asked = subprocess.run([str(bin_dir / "ent-audit"), "doctor"], cwd=work, capture_output=True, text=True, env=env)
    assert asked.returncode == 3 and "Lighthouse not found (looked in" in asked.stdout, asked.stdout
