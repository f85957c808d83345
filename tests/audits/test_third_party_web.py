"""audits/third_party_web.py: the packaged third-party-web dataset and its lookup by host."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ent_audit.audits import third_party_web
from ent_audit.audits.third_party_web import VENDOR, Entity, dataset, entity, root_domain

ROOT = Path(__file__).resolve().parents[2]


def test_the_copy_is_the_version_package_lock_installs() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/third-party-web"]["version"]
    assert dataset().version == f"third-party-web {locked}"
    assert f"third-party-web {locked} " in (ROOT / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT / "node_modules" / "third-party-web").is_dir(), reason="npm ci has not run")
def test_the_copy_is_node_modules_dataset_trimmed() -> None:
    source = ROOT / "node_modules" / "third-party-web"
    full = json.loads((source / "dist" / "entities-nostats.json").read_text(encoding="utf-8"))
    ours = json.loads((VENDOR / "entities.json").read_text(encoding="utf-8"))
    assert [(e["name"], e["category"], e["domains"]) for e in ours] == [
        (e["name"], e["category"], e["domains"]) for e in full
    ]
    assert json.loads((source / "package.json").read_text(encoding="utf-8"))["version"] in dataset().version


@pytest.mark.parametrize(
    "url, name, category",
    [
        ("https://www.google-analytics.com/analytics.js", "Google Analytics", "analytics"),  # *.root
        ("https://region1.google-analytics.com/g/collect?v=2", "Google Analytics", "analytics"),
        ("https://analytics.google.com/g/collect", "Google Analytics", "analytics"),  # exact host
        ("https://adservice.google.fr/adsid/integrator.js", "Google/Doubleclick Ads", "ad"),
        ("https://stats.g.doubleclick.net/r/collect", "Google/Doubleclick Ads", "ad"),
        ("https://www.googletagmanager.com/gtm.js?id=GTM-1", "Google Tag Manager", "tag-manager"),
        ("https://fonts.gstatic.com/s/roboto/a.woff2", "Google Fonts", "cdn"),
        ("https://cdn.jsdelivr.net/npm/x.js", "JSDelivr CDN", "cdn"),
        ("https://logs1412.xiti.com/hit.xiti", "XiTi", "analytics"),
        ("https://STATIC.HOTJAR.COM./c/hotjar.js", "Hotjar", "analytics"),  # case and the root's dot
        ("static.hotjar.com", "Hotjar", "analytics"),  # a bare host
    ],
)
def test_entity_by_host(url: str, name: str, category: str) -> None:
    found = entity(url)
    assert found is not None and (found.name, found.category) == (name, category)


def test_company_defaults_to_the_name() -> None:
    assert entity("https://www.google-analytics.com/") == Entity("Google Analytics", "Google", "analytics")
    hotjar = entity("https://static.hotjar.com/")
    assert hotjar is not None and hotjar.company == "Hotjar"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2:8080/tag.js",  # the demo's third party: an IP address
        "http://[::1]/x",
        "https://ent.monlycee.net/timeline/timeline",
        "https://notgoogle-analytics.com/a.js",  # domains match on dots
        "not a url",
        "",
        "http://[invalid/",
    ],
)
def test_unknown_hosts(url: str) -> None:
    assert entity(url) is None


def test_root_domain_as_the_dataset_reads_it() -> None:
    assert root_domain("a.b.example.com") == "example.com"
    assert root_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert root_domain("localhost") == "localhost"


def test_read_once() -> None:
    assert third_party_web.dataset() is third_party_web.dataset()
    assert len(dataset().by_domain) > 3000
