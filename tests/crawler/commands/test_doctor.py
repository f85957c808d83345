"""``ent-audit doctor``: one line per need, exit 0 when everything a run needs is here, 3 when something is missing;
``python -m ent_audit`` is the ``ent-audit`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli

NEEDS = ("ent-audit", "Chromium", "Node.js", "axe-core", "Lighthouse", "store", "output")


def _lines(stdout: str) -> dict[str, tuple[str, str]]:
    lines = {}
    for line in stdout.strip().splitlines():
        status, what, detail = line.split(maxsplit=2)
        lines[what] = (status, detail)
    return lines


def test_doctor_all_there(tmp_path):
    done = run_cli("doctor", "--lang", "en", "--db", str(tmp_path / "h.sqlite"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = _lines(done.stdout)
    assert tuple(lines) == NEEDS and all(status == "ok" for status, _ in lines.values()), done.stdout
    pin = __import__("json").loads((Path(__file__).parents[3] / "package.json").read_text())["dependencies"]
    assert (
        lines["axe-core"][1].startswith(pin["axe-core"] + " (") and "vendor/axe-core/axe.min.js" in lines["axe-core"][1]
    )
    assert lines["Lighthouse"][1].startswith(pin["lighthouse"] + " (")
    assert str(tmp_path / "h.sqlite") in lines["store"][1] and done.stderr == ""


def test_doctor_says_what_is_missing_and_exits_3(tmp_path):
    locked = tmp_path / "a-file"  # no directory can be made under a file, even by root
    locked.write_text("", encoding="utf-8")
    done = run_cli(
        "doctor",
        "--lang",
        "en",
        "--db",
        str(tmp_path / "h.sqlite"),
        "--out",
        str(locked / "out"),
        env={"ENT_AUDIT_AXE_PATH": str(tmp_path / "axe.min.js"), "ENT_AUDIT_LIGHTHOUSE": str(tmp_path / "lh")},
    )
    assert done.returncode == 3, done.stdout + done.stderr
    lines = _lines(done.stdout)
    assert lines["axe-core"][0] == "missing" and str(tmp_path / "axe.min.js") in lines["axe-core"][1]
    assert lines["Lighthouse"][0] == "missing" and "--lighthouse 0" in lines["Lighthouse"][1]
    assert lines["Chromium"][0] == "ok" and lines["store"][0] == "ok"
    assert lines["output"][0] == "missing" and str(locked) in lines["output"][1]
    assert done.stderr.count("\n") == 1 and "axe-core" in done.stderr and "Lighthouse" in done.stderr
    # turned off explicitly, as for audit: not needed, exit 0
    off = run_cli(
        "doctor",
        "--lang",
        "en",
        "--db",
        str(tmp_path / "h.sqlite"),
        "--out",
        str(tmp_path),
        "--no-axe",
        "--lighthouse",
        "0",
        env={"ENT_AUDIT_AXE_PATH": str(tmp_path / "axe.min.js"), "ENT_AUDIT_LIGHTHOUSE": str(tmp_path / "lh")},
    )
    assert off.returncode == 0, off.stdout + off.stderr
    assert _lines(off.stdout)["axe-core"][0] == "off" and _lines(off.stdout)["Lighthouse"][0] == "off"


def test_python_m_ent_audit_is_the_command():
    script = Path(sys.executable).parent / "ent-audit"
    by_module = subprocess.run([sys.executable, "-m", "ent_audit", "--help"], capture_output=True, text=True)
    by_script = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert by_module.returncode == by_script.returncode == 0
    assert by_module.stdout == by_script.stdout and "doctor" in by_module.stdout and "  3 " in by_module.stdout
