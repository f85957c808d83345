"""The engines a run needs are found before the crawl, or the run stops with one line (crawler/engines.py); axe-core
ships inside the package, in step with package.json's pin."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ent_audit.crawler import engines
from ent_audit.crawler.config import Config
from ent_audit.crawler.engines import EngineMissing

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "crawler" / "capture" / "vendor" / "axe-core"


def test_shipped_axe_matches_the_pin_of_package_json():
    pin = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == pin
    assert engines.axe_version(VENDOR / "axe.min.js") == pin
    assert json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))["version"] == pin
    assert json.loads((VENDOR / "locales" / "fr.json").read_text(encoding="utf-8"))["lang"] == "fr"
    assert "Mozilla Public License, version 2.0" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    installed = ROOT / "node_modules" / "axe-core"
    if installed.is_dir():  # after `npm ci`: the shipped copy is the installed package's, byte for byte
        for name in ("axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt", "package.json", "locales/fr.json"):
            assert (VENDOR / name).read_bytes() == (installed / name).read_bytes(), f"make vendor-axe ({name})"


def test_axe_is_found_in_the_package_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv("ENT_AUDIT_AXE_PATH", raising=False)
    path, version = engines.check_axe()
    assert path == VENDOR / "axe.min.js" and version
    monkeypatch.setenv("ENT_AUDIT_AXE_PATH", str(tmp_path / "nowhere.js"))
    with pytest.raises(EngineMissing) as missing:
        engines.check_axe()
    message = str(missing.value)
    assert "nowhere.js" in message and "ENT_AUDIT_AXE_PATH" in message and "--no-axe" in message
    assert "\n" not in message
    fake = tmp_path / "fake.js"
    fake.write_text("console.log(1)", encoding="utf-8")
    monkeypatch.setenv("ENT_AUDIT_AXE_PATH", str(fake))
    with pytest.raises(EngineMissing, match="not axe-core"):
        engines.check_axe()


def _lighthouse(folder: Path) -> Path:
    package = folder / "node_modules" / "lighthouse"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "lighthouse", "version": "9.9.9"}', encoding="utf-8")
    (package / "cli.js").write_text("", encoding="utf-8")
    (folder / "node_modules" / ".bin").mkdir()
    (folder / "node_modules" / ".bin" / "lighthouse").symlink_to(package / "cli.js")
    return folder / "node_modules" / ".bin" / "lighthouse"


def test_lighthouse_lookup_order(monkeypatch, tmp_path):
    """Config key, then ENT_AUDIT_LIGHTHOUSE, then ./node_modules, then the checkout's, then PATH."""
    monkeypatch.delenv("ENT_AUDIT_LIGHTHOUSE", raising=False)
    here = _lighthouse(tmp_path / "here")
    monkeypatch.chdir(tmp_path / "here")
    assert engines.lighthouse_path().path == here and engines.lighthouse_version(here) == "9.9.9"
    elsewhere = _lighthouse(tmp_path / "env")
    monkeypatch.setenv("ENT_AUDIT_LIGHTHOUSE", str(elsewhere))
    assert engines.lighthouse_path().source == "ENT_AUDIT_LIGHTHOUSE"
    config = Config()
    config.lighthouse.path = str(_lighthouse(tmp_path / "config"))
    assert engines.lighthouse_path(config).source == "[lighthouse] path"
    config.lighthouse.path = str(tmp_path / "missing")  # given but wrong: no fall back to another Lighthouse
    assert engines.lighthouse_path(config).path is None
    monkeypatch.delenv("ENT_AUDIT_LIGHTHOUSE")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(engines, "ROOT", tmp_path / "no-checkout")
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / "lighthouse").write_text("#!/bin/sh\n", encoding="utf-8")
    (on_path / "lighthouse").chmod(0o755)
    monkeypatch.setenv("PATH", f"{on_path}{os.pathsep}{os.environ['PATH']}")
    assert engines.lighthouse_path() == engines.Found(
        on_path / "lighthouse",
        "PATH",
        (
            str(tmp_path / "node_modules/.bin/lighthouse"),
            str(tmp_path / "no-checkout/node_modules/.bin/lighthouse"),
            "PATH",
        ),
    )


def test_require_engines_asks_only_for_what_is_on(monkeypatch, tmp_path):
    monkeypatch.setenv("ENT_AUDIT_AXE_PATH", str(tmp_path / "nowhere.js"))
    monkeypatch.setenv("ENT_AUDIT_LIGHTHOUSE", str(tmp_path / "nowhere"))
    monkeypatch.setattr(engines, "check_chromium", lambda *a: Path("/usr/bin/chromium"))
    config = Config()
    with pytest.raises(EngineMissing, match="axe-core"):
        engines.require_engines(config)
    config.capture.accessibility = False
    with pytest.raises(EngineMissing, match="Lighthouse not found at .*--lighthouse 0"):
        engines.require_engines(config)
    config.lighthouse.pages = 0
    engines.require_engines(config)  # both off: nothing asked for
