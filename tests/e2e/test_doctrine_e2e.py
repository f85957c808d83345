"""Doctrine technique checks end to end: the demo ENT over HTTPS (a self-signed certificate made by the test, with
trustme) and over plain HTTP, default and hardened, audited in real Chromium."""

from __future__ import annotations

import json

import pytest

from ent_audit.demo_ent.server import DemoENT
from ent_audit.demo_ent.tls import make_test_certificates
from tests.conftest import CREDENTIALS, login_config, run_cli
from tests.evidence import column, text, values

pytestmark = pytest.mark.browser


def audit(ent: DemoENT, work, paths: list[str]) -> dict:
    extra = (
        f'[crawl]\nverify_tls = false\n[capture]\naccessibility = false\n[responsable]\nhttp_url = "{ent.http_url}/"\n'
    )
    config = login_config(ent, work / "ent.toml", extra)
    process = run_cli(
        "audit",
        *[ent.base_url + p for p in paths],
        "--config",
        str(config),
        "--out",
        str(work / "out"),
        "--db",
        str(work / "h.sqlite"),
        "--max-depth",
        "0",
        "--quiet",
        env=CREDENTIALS,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    results = json.loads((work / "out" / "results.json").read_text(encoding="utf-8"))
    return {f["ref"]: f for f in results["site"]["findings"]} | {"_results": results}


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_test_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_default(tmp_path_factory, certificates):
    with DemoENT(tls=certificates, http_redirect=True, lab=True).start() as ent:
        yield (
            ent,
            audit(
                ent,
                tmp_path_factory.mktemp("https-default"),
                ["/", "/timeline/timeline", "/labo/contenu-mixte/mauvais"],
            ),
        )


@pytest.fixture(scope="module")
def https_hardened(tmp_path_factory, certificates):
    with DemoENT(tls=certificates, http_redirect=True, hardened=True).start() as ent:
        yield ent, audit(ent, tmp_path_factory.mktemp("https-hardened"), ["/", "/timeline/timeline"])


def test_https_site_redirects_plain_http_and_uses_modern_tls(https_default):
    ent, found = https_default
    assert ent.base_url.startswith("https://")
    assert found["DOCTRINE-https"]["verdict"] == "pass"
    assert values(found["DOCTRINE-https"]) == {
        "Address tried over HTTP": f"{ent.http_url}/",
        "HTTP status": "301",
        "Redirected to": f"{ent.base_url}/",
    }
    assert found["DOCTRINE-tls"]["verdict"] == "pass"
    assert {"origin": ent.base_url, "protocol": "TLS 1.3"} in found["DOCTRINE-tls"]["evidence"]["items"]
    assert found["DOCTRINE-sso"]["verdict"] == "pass" and column(found["DOCTRINE-sso"], "protocol")[0] == "CAS"


def test_default_https_ent_lacks_hsts_headers_cookie_flags_and_ecodesign_statement(https_default):
    _, found = https_default
    assert found["DOCTRINE-hsts"]["verdict"] == "fail"
    assert found["DOCTRINE-headers"]["verdict"] == "fail"
    assert len(found["DOCTRINE-headers"]["evidence"]["items"]) == 5  # all five protections missing
    cookies = found["DOCTRINE-cookies"]
    assert cookies["verdict"] == "fail"
    assert {"ENTSESSION": "Secure, SameSite"}.items() <= {
        i["name"]: i["missing"] for i in cookies["evidence"]["items"]
    }.items()
    legal = found["DOCTRINE-legal"]["evidence"]["items"]
    assert [i["page"]["en"] for i in legal if not i["found"]] == ["Eco-design statement"]


def test_mixed_content_is_found(https_default):
    ent, found = https_default
    mixed = found["DOCTRINE-mixed-content"]
    assert mixed["verdict"] == "fail"
    assert f"{ent.http_url}/labo/img/mixte.png" in column(mixed, "url")


def test_quiet_hours_items_listed_as_evidence(https_default):
    _, found = https_default
    quiet = found["DOCTRINE-deconnexion"]
    assert quiet["verdict"] == "manual"  # evidence, never a verdict of compliance
    assert values(quiet)["Items timestamped inside the window"] == 3
    assert "Quiet window: 20:00–07:00 every day" in text(quiet)
    items = found["_results"]["site"]["deconnexion"]["items"]
    assert sorted(i["local"][-5:] for i in items) == ["06:15", "22:47", "23:05"]


def test_hardened_https_ent_passes(https_hardened):
    _, found = https_hardened
    for ref in (
        "DOCTRINE-https",
        "DOCTRINE-hsts",
        "DOCTRINE-tls",
        "DOCTRINE-headers",
        "DOCTRINE-cookies",
        "DOCTRINE-mixed-content",
        "DOCTRINE-legal",
        "DOCTRINE-sso",
    ):
        assert found[ref]["verdict"] == "pass", (ref, found[ref]["evidence"])


def test_cookie_values_never_stored(https_hardened, tmp_path):
    _, found = https_hardened
    results = found["_results"]
    cookies = [c for login in results["site"]["observations"]["login"].values() for c in login["cookies"]]
    cookies += [c for page in results["pages"] for c in page["facts"].get("cookies", [])]
    assert {c["name"] for c in cookies} >= {"ENTSESSION", "CASTGC"}  # names are evidence…
    assert all(
        set(c) <= {"name", "secure", "httponly", "samesite", "domain", "path", "persistent", "origin"} for c in cookies
    )  # …values never are


def test_plain_http_site(demo_audit):
    found = {f["ref"]: f for f in demo_audit.results["site"]["findings"]}
    assert found["DOCTRINE-https"]["verdict"] == "fail"
    for ref in ("DOCTRINE-hsts", "DOCTRINE-tls", "DOCTRINE-mixed-content"):
        assert found[ref]["verdict"] == "na"
