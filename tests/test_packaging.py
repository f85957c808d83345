"""The package as a user gets it: `python -m build` writes the sdist, then the wheel built from that sdist (what pip
does with an sdist from PyPI). The sdist holds what a rebuild needs; the wheel installs one namespace, ent_audit (no
clash with PyPI's `crawler`, `reports`…), with every file the code reads at run time (templates, the JSON Schema, the
message catalogue and its .mo, axe-core with its licence and French locale, the demo). Installed into a virtualenv
of its own and run from a directory outside the repository, with no source tree on `sys.path`: `ent-audit doctor`
finds its engines, `python -m ent_audit` is the command, error hints name `pip install 'ent-audit[…]'`, and (browser
test) `ent-audit demo` writes a report that names axe-core's version and lists the demo's seeded defects.

One build and one installation serve every test of the module."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
AXE_VERSION = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
AXE_DIR = "crawler/capture/vendor/axe-core"
AXE_FILES = ("axe.min.js", "locales/fr.json", "LICENSE", "LICENSE-3RD-PARTY.txt", "package.json")
# the top-level folders of the repository, installed as ent_audit.<folder> (ent_audit/<folder> links to them)
FOLDERS = ("crawler", "audits", "reports", "demo_ent")
# one worker builds for the whole module: two builds of one tree at once collide in its egg-info
pytestmark = pytest.mark.xdist_group("wheel")


def package_files() -> set[str]:
    """Every file the installed package needs, as its path inside the wheel: the code, and the data it reads (the
    report's templates and schema, the catalogue, the vendored axe-core, the demo's templates and static files)."""
    files = {f"ent_audit/{p.name}" for p in (ROOT / "ent_audit").glob("*.py")}
    files |= {f"ent_audit/{p.relative_to(ROOT / 'ent_audit')}" for p in (ROOT / "ent_audit" / "locales").rglob("*.*")}
    data = ("reports/templates", "reports/schema", AXE_DIR, "demo_ent/templates", "demo_ent/static")
    for folder in FOLDERS:
        files |= {f"ent_audit/{p.relative_to(ROOT)}" for p in (ROOT / folder).rglob("*.py")}
    for folder in data:
        files |= {f"ent_audit/{p.relative_to(ROOT)}" for p in (ROOT / folder).rglob("*") if p.is_file()}
    return {name for name in files if "__pycache__" not in name}


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path
    log: str  # build's steps

    def sdist_names(self) -> set[str]:
        with tarfile.open(self.sdist) as archive:
            top = f"ent_audit-{VERSION}/"
            return {m.name.removeprefix(top) for m in archive.getmembers() if m.isfile()}

    def wheel_names(self) -> set[str]:
        return set(zipfile.ZipFile(self.wheel).namelist())


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """`python -m build`: the sdist from the checkout, then the wheel from that sdist (unpacked elsewhere), with the
    build backend installed in this virtualenv (the [test] extra), so no download."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    # build's own steps ("* Building wheel from sdist") go to stderr, the backend's output to stdout
    return Dist(out / f"ent_audit-{VERSION}.tar.gz", out / f"ent_audit-{VERSION}-py3-none-any.whl", done.stderr)


def test_build_writes_the_sdist_then_the_wheel_from_it(dist: Dist) -> None:
    assert "Building wheel from sdist" in dist.log, dist.log[-2000:]
    assert dist.sdist.is_file() and dist.wheel.is_file()
    assert sorted(p.name for p in dist.sdist.parent.iterdir()) == sorted([dist.sdist.name, dist.wheel.name])


def test_the_sdist_holds_what_a_rebuild_needs(dist: Dist) -> None:
    """The build's inputs (pyproject.toml, its readme, the licence files it names) and every file of the package,
    data included; not the tests, which need the whole repository."""
    names = dist.sdist_names()
    needed = {"pyproject.toml", "PKG-INFO", "README.md", "LICENSE", "THIRD_PARTY_NOTICES", "MANIFEST.in"}
    needed |= {f"{AXE_DIR}/LICENSE", f"{AXE_DIR}/LICENSE-3RD-PARTY.txt"}  # license-files, matched again on rebuild
    assert needed <= names, sorted(needed - names)
    missing = package_files() - names
    assert not missing, sorted(missing)
    for name in (
        "ent_audit/locales/fr/LC_MESSAGES/ent_audit.po",
        "ent_audit/locales/fr/LC_MESSAGES/ent_audit.mo",
        f"ent_audit/{AXE_DIR}/axe.min.js",
        f"ent_audit/{AXE_DIR}/locales/fr.json",
        "ent_audit/reports/templates/report.html.j2",
        "ent_audit/reports/schema/results.schema.json",
    ):
        assert name in names, name  # a few by name, should the checkout itself lose them
    assert not [n for n in names if n.startswith(("tests/", "node_modules/", ".venv/"))]


def test_the_wheel_holds_only_the_ent_audit_namespace_and_every_package_file(dist: Dist) -> None:
    names = dist.wheel_names()
    assert {name.split("/")[0] for name in names} == {"ent_audit", f"ent_audit-{VERSION}.dist-info"}
    missing = package_files() - names
    assert not missing, sorted(missing)
    package_in_sdist = {n for n in dist.sdist_names() if n.startswith("ent_audit/")}
    assert package_in_sdist <= names, sorted(package_in_sdist - names)
    archive = zipfile.ZipFile(dist.wheel)
    entry_points = archive.read(f"ent_audit-{VERSION}.dist-info/entry_points.txt").decode()
    assert "ent-audit = ent_audit.crawler.commands:main" in entry_points


def test_the_wheel_carries_axe_core_and_the_licences(dist: Dist) -> None:
    """axe-core ships inside the package (not looked up in a source tree), with its licence and French locale; the
    project is Apache-2.0 (SPDX expression in the metadata), its LICENSE and the third-party notices in the
    .dist-info."""
    archive = zipfile.ZipFile(dist.wheel)
    names = archive.namelist()
    for name in AXE_FILES:
        assert f"ent_audit/{AXE_DIR}/{name}" in names, name
    vendored = json.loads(archive.read(f"ent_audit/{AXE_DIR}/package.json"))
    assert vendored["version"] == AXE_VERSION
    assert "Mozilla Public License" in archive.read(f"ent_audit/{AXE_DIR}/LICENSE").decode()
    assert len(json.loads(archive.read(f"ent_audit/{AXE_DIR}/locales/fr.json"))["rules"]) > 50
    dist_info = f"ent_audit-{VERSION}.dist-info"
    metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    licences = {n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n}
    assert {"LICENSE", "THIRD_PARTY_NOTICES", f"{AXE_DIR}/LICENSE"} <= licences
    for name in ("entities.json", "package.json", "LICENSE"):  # third-party-web's dataset, its version, its licence
        assert f"ent_audit/audits/vendor/third-party-web/{name}" in names, name
    assert "Apache License" in archive.read(f"{dist_info}/licenses/LICENSE").decode()
    notices = archive.read(f"{dist_info}/licenses/THIRD_PARTY_NOTICES").decode()
    assert f"axe-core {AXE_VERSION}" in notices and "Mozilla Public License, version 2.0" in notices
    assert "third-party-web 0.26.7" in notices and "The MIT License (MIT)" in notices


def test_one_licence_everywhere() -> None:
    """pyproject.toml, package.json and package-lock.json's root say Apache-2.0; LICENSE is its full text; the
    notices name the axe-core version package.json pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert project["license"] == package["license"] == lock["packages"][""]["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "END OF TERMS AND CONDITIONS" in text and "APPENDIX" in text
    assert f"axe-core {AXE_VERSION} " in (ROOT / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Installed:
    bin: Path  # the virtualenv's bin/: ent-audit, python
    site_packages: Path
    work: Path  # a working directory outside the repository
    env: dict[str, str]

    def run(self, *argv: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / argv[0]), *argv[1:]],
            cwd=self.work,
            capture_output=True,
            text=True,
            env={**self.env, **env},
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel in a virtualenv of its own, a working directory outside the repository, and a plain environment.
    The dependencies come from this virtualenv's site-packages through a .pth line, which adds that one folder:
    the .pth files in it (the checkout's editable install among them) are not read."""
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-deps"]
        + [str(dist.wheel)],
        check=True,
        capture_output=True,
    )
    own = next((venv / "lib").glob("python3*/site-packages"))
    (own / "zz_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    work = base / "elsewhere"
    work.mkdir()
    assert not work.is_relative_to(ROOT)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(base), "XDG_DATA_HOME": str(base / "data")}
    return Installed(venv / "bin", own, work, env)


def test_the_installed_package_is_the_wheels_with_no_source_tree_on_sys_path(installed: Installed) -> None:
    """Everything importable comes from the wheel's virtualenv or the dependencies' folder, which holds no
    ent-audit code: no entry of sys.path is the checkout or one of its source folders, the bare folder names do not
    import, and the current directory is outside the repository."""
    probe = (
        "import importlib.util, json, os, sys, ent_audit, ent_audit.audits.metrics.ecoindex as e; "
        "print(json.dumps({'path': sys.path, 'cwd': os.getcwd(), 'package': ent_audit.__path__[0], "
        "'module': e.__file__, 'version': ent_audit.__version__, "
        "'bare': [n for n in ('crawler', 'audits', 'reports', 'demo_ent') if importlib.util.find_spec(n)]}))"
    )
    done = installed.run("python", "-c", probe)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)
    assert seen["package"] == str(installed.site_packages / "ent_audit") and seen["version"] == VERSION
    assert seen["module"].startswith(seen["package"]) and seen["bare"] == []
    assert not Path(seen["cwd"]).is_relative_to(ROOT)
    dependencies = {str(Path(p).resolve()) for p in site.getsitepackages()}
    for entry in seen["path"]:
        where = Path(entry or seen["cwd"]).resolve()
        if where.is_relative_to(ROOT):  # only the dependencies' folder (this virtualenv may live in the checkout)
            assert str(where) in dependencies and not (where / "ent_audit").exists(), entry
        assert not (where / "pyproject.toml").exists(), entry  # no source tree, this checkout's or another's
    assert str(ROOT) not in seen["path"]


def test_python_m_ent_audit_is_the_installed_command(installed: Installed) -> None:
    by_script = installed.run("ent-audit", "--version")
    by_module = installed.run("python", "-m", "ent_audit", "--version")
    assert by_script.returncode == by_module.returncode == 0
    assert by_script.stdout == by_module.stdout == f"ent-audit {VERSION}\n"
    refused = installed.run("python", "-m", "ent_audit", "completion", "fish")  # the exit code passes through
    # in French (the tests' C locale): the wheel's compiled catalogue speaks argparse's words too
    assert refused.returncode == 2 and "choix invalide" in refused.stderr and "'fish'" in refused.stderr
    completion = installed.run("ent-audit", "completion", "bash")  # shtab, a dependency, comes with it
    assert completion.returncode == 0 and "_shtab_ent_audit_subparsers=(" in completion.stdout


def test_hints_name_pip_install_of_the_extra_for_a_wheel(installed: Installed) -> None:
    probe = (
        "from ent_audit import installation as i; from ent_audit.crawler import engines as e; "
        "print(i.in_checkout(), i.install_extra('distributed'), sep='|'); "
        "e.check_chromium('/nonexistent/chromium')"
    )
    done = installed.run("python", "-c", probe)
    assert done.stdout == "False|pip install 'ent-audit[distributed]'\n", done.stderr[-2000:]
    assert done.stderr.strip().splitlines()[-1].endswith(": apt-get install chromium")  # no make setup outside


def test_doctor_finds_axe_core_inside_the_installed_package(installed: Installed) -> None:
    """`ent-audit doctor` finds axe-core inside the installed package (not in a source tree), and the axe script
    and French locale load. Lighthouse, not installed there, is missing (exit 3) unless turned off."""
    doctor = installed.run("ent-audit", "doctor", "--lighthouse", "0")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    axe = next(line for line in doctor.stdout.splitlines() if line.split()[1] == "axe-core")
    assert f"({installed.site_packages}/ent_audit/{AXE_DIR}/axe.min.js)" in axe and AXE_VERSION in axe
    probe = (
        "from ent_audit.crawler.capture import a11y_probe as a; "
        "print(a.AXE_PATH.is_relative_to(__import__('ent_audit').__path__[0]), len(a.axe_source()) > 100000, "
        "len(a.french_help()) > 50)"
    )
    done = installed.run("python", "-c", probe)
    assert done.stdout.strip() == "True True True", done.stderr[-2000:]
    asked = installed.run("ent-audit", "doctor", "--lang", "en")
    assert asked.returncode == 3 and "Lighthouse not found (looked in" in asked.stdout, asked.stdout


# what the demo's pages are built to break (demo_ent/templates, tests/e2e/test_accessibility_e2e.py), on the home
# page and the first pages it links to (breadth first, in the page's order: timeline, conversation, workspace, blog,
# calendar): images without alt, a form field without a label, a data table's cells without headers
SEEDED = {"/": {"image-alt"}, "/workspace/workspace": {"label"}, "/calendar/calendar": {"td-has-header"}}


@pytest.mark.browser
def test_installed_wheel_runs_doctor_and_audits_the_demo(installed: Installed) -> None:
    """With the checkout's Lighthouse named by ENT_AUDIT_LIGHTHOUSE (the documented override), `ent-audit doctor`
    finds everything; `ent-audit demo` then writes a report naming the shipped axe-core's version and listing the
    demo's seeded accessibility defects; a PDF asked for without the [pdf] extra names the wheel's pip command."""
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    doctor = installed.run("ent-audit", "doctor", "--lang", "en", ENT_AUDIT_LIGHTHOUSE=str(lighthouse))
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    status = {line.split()[1]: line.split()[0] for line in doctor.stdout.splitlines() if len(line.split()) > 1}
    assert status["axe-core"] == status["Lighthouse"] == status["Chromium"] == "ok", doctor.stdout

    done = installed.run(
        "ent-audit",
        *("demo", "--out", "out", "--db", "h.sqlite", "--max-pages", "6", "--max-depth", "1"),
        *("--lighthouse", "0", "--sample-pages", "0", "--quiet"),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((installed.work / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["accessibility"]["engine"] == f"axe-core {AXE_VERSION}"
    found = {
        "/" + p["url"].split("/", 3)[3]: {v["rule"] for v in (p.get("accessibility") or {}).get("violations") or []}
        for p in results["pages"]
    }
    for path, rules in SEEDED.items():
        assert rules <= found.get(path, set()), (path, sorted(found))
    html = (installed.work / "out" / "report.html").read_text(encoding="utf-8")
    assert f"axe-core {AXE_VERSION}" in html
    for rule in set().union(*SEEDED.values()):
        assert f"<code>{rule}</code>" in html, rule

    try:
        import weasyprint  # noqa: F401
    except ImportError:
        pdf = installed.run("ent-audit", "report", "--latest", "--db", "h.sqlite", "--out", "pdf", "--format", "pdf")
        assert pdf.returncode != 0 and pdf.stderr.strip().endswith("pip install 'ent-audit[pdf]'"), pdf.stderr
