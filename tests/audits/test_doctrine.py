"""Doctrine technique site rules (audits/doctrine/) on hand-written captures and run observations, both ways."""

import ast
import re
import sys
from pathlib import Path

from ent_audit.audits import doctrine, third_party_web
from ent_audit.audits.judge import rule_by_ref, run_site_rules, site_rules
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.rules import RuleSettings, SiteView
from tests.evidence import values

HTTPS = "https://ent.example.fr"
HARDENED = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=()",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
}


def document(url, headers=None):
    return RequestRecord(
        url=url,
        resource_type="document",
        status=200,
        mime="text/html",
        transfer_bytes=5_000,
        headers=dict(headers or {}),
    )


# What the capture records on every page load, empty when there was nothing (crawler/capture/recorder.py,
# page_facts.py): a site rule that needs one of them is judged only when the loads carried it
EVERY_LOAD = {"tls": {}, "mixed_content": [], "cookies": [], "legal": {}, "times": []}


def capture(path="/", headers=None, base=HTTPS, requests=(), **facts):
    return PageCapture(
        url=base + path,
        status=200,
        mime="text/html",
        requests=[document(base + path, headers), *requests],
        facts={**EVERY_LOAD, **facts},
    )


def judge(site, ref, settings=None):
    return {f["ref"]: f for f in run_site_rules(site, settings)}[ref]


def login(cookies, sso=None, strategy="cas"):
    return {"élève": {"strategy": strategy, "sso": sso or {}, "cookies": cookies}}


def test_https_redirect_both_ways():
    redirected = SiteView(
        [capture()],
        {"plain_http": {"url": "http://ent.example.fr/", "status": 301, "location": HTTPS + "/"}},
        [HTTPS + "/"],
    )
    assert judge(redirected, "DOCTRINE-https")["verdict"] == "pass"
    served = SiteView(
        [capture()], {"plain_http": {"url": "http://ent.example.fr/", "status": 200, "location": ""}}, [HTTPS + "/"]
    )
    assert judge(served, "DOCTRINE-https")["verdict"] == "fail"
    refused = SiteView(
        [capture()],
        {"plain_http": {"url": "http://ent.example.fr/", "status": 0, "error": "Connection refused"}},
        [HTTPS + "/"],
    )
    assert judge(refused, "DOCTRINE-https")["verdict"] == "pass"
    # what the crawler records for a site audited over HTTP (crawler/capture/site_checks.py)
    plain = SiteView(
        [capture(base="http://ent.example.fr")], {"plain_http": {"scheme": "http"}}, ["http://ent.example.fr/"]
    )
    assert judge(plain, "DOCTRINE-https")["verdict"] == "fail"
    for ref in ("DOCTRINE-hsts", "DOCTRINE-tls", "DOCTRINE-mixed-content"):
        assert judge(plain, ref)["verdict"] == "na"


def test_hsts_tls_and_headers():
    good = SiteView([capture(headers=HARDENED, tls={HTTPS: "TLS 1.3"})], {}, [HTTPS + "/"])
    for ref in ("DOCTRINE-hsts", "DOCTRINE-tls", "DOCTRINE-headers"):
        assert judge(good, ref)["verdict"] == "pass", ref
    weak_hsts = {**HARDENED, "strict-transport-security": "max-age=600"}
    bad = SiteView(
        [capture(headers={k: v for k, v in weak_hsts.items() if k != "permissions-policy"}, tls={HTTPS: "TLS 1.1"})],
        {},
        [HTTPS + "/"],
    )
    assert judge(bad, "DOCTRINE-hsts")["verdict"] == "fail"
    assert judge(bad, "DOCTRINE-tls")["evidence"]["items"] == [{"origin": HTTPS, "protocol": "TLS 1.1"}]
    headers = judge(bad, "DOCTRINE-headers")
    assert headers["evidence"]["items"] == [{"header": "permissions-policy", "pages": 1}]
    assert values(headers) == {"HTML pages": 1}


def test_cookie_flags_never_values():
    entcore = [
        {"name": "oneSessionId", "secure": True, "httponly": False, "samesite": "", "origin": HTTPS},
        {"name": "XSRF-TOKEN", "secure": True, "httponly": False, "samesite": "Lax", "origin": HTTPS},
    ]
    finding = judge(SiteView([capture()], {"login": login(entcore)}, [HTTPS + "/"]), "DOCTRINE-cookies")
    assert finding["verdict"] == "fail"
    missing = {item["name"]: item["missing"] for item in finding["evidence"]["items"]}
    assert missing == {"oneSessionId": "HttpOnly, SameSite", "XSRF-TOKEN": ""}  # XSRF-TOKEN is meant for scripts
    hardened = [{**c, "httponly": True, "samesite": "Lax"} for c in entcore[:1]]
    assert (
        judge(SiteView([capture()], {"login": login(hardened)}, [HTTPS + "/"]), "DOCTRINE-cookies")["verdict"] == "pass"
    )
    during = SiteView(
        [capture(cookies=[{"name": "pref", "secure": False, "httponly": True, "samesite": "Lax", "origin": HTTPS}])],
        {"login": login([])},
        [HTTPS + "/"],
    )
    [pref] = judge(during, "DOCTRINE-cookies")["evidence"]["items"]
    assert pref["missing"] == "Secure" and pref["set"] == HTTPS + "/" and not pref["login"]


def test_mixed_content_trackers_sso_and_legal():
    mixed = SiteView(
        [capture(mixed_content=[{"url": "http://ent.example.fr/a.png", "type": "optionally-blockable"}])],
        {},
        [HTTPS + "/"],
    )
    assert judge(mixed, "DOCTRINE-mixed-content")["verdict"] == "fail"
    assert judge(SiteView([capture()], {}, [HTTPS + "/"]), "DOCTRINE-mixed-content")["verdict"] == "pass"

    tag = RequestRecord(
        url="https://www.googletagmanager.com/gtag/js?id=G-1",
        resource_type="script",
        status=200,
        transfer_bytes=90_000,
        third_party=True,
    )
    font = RequestRecord(
        url="https://fonts.example.net/a.woff2",
        resource_type="font",
        status=200,
        transfer_bytes=20_000,
        third_party=True,
    )
    tracked = judge(SiteView([capture(requests=[tag, font])], {}, [HTTPS + "/"]), "DOCTRINE-third-parties")
    assert tracked["verdict"] == "fail"
    assert [(i["host"], i["tracker"]) for i in tracked["evidence"]["items"]] == [
        ("www.googletagmanager.com", "tag-manager"),
        ("fonts.example.net", ""),
    ]
    # who each host is and what it does, from third-party-web, whose version the evidence names
    assert [(i["service"], i["category"]) for i in tracked["evidence"]["items"]] == [
        ("Google Tag Manager", "tag-manager"),
        ("", ""),
    ]
    source = next(v for v in tracked["evidence"]["summary"] if v.get("key") == "dataset")
    assert source["value"] == third_party_web.dataset().version and source["value"].startswith("third-party-web 0.")
    assert (
        judge(SiteView([capture(requests=[font])], {}, [HTTPS + "/"]), "DOCTRINE-third-parties")["verdict"] == "manual"
    )
    assert judge(SiteView([capture()], {}, [HTTPS + "/"]), "DOCTRINE-third-parties")["verdict"] == "pass"

    cas = {"CAS": "https://cas.example.fr/cas/login?service"}
    assert judge(SiteView([capture()], {"login": login([], cas)}, [HTTPS + "/"]), "DOCTRINE-sso")["verdict"] == "pass"
    form = SiteView([capture()], {"login": login([], {}, "openent")}, [HTTPS + "/"])
    assert judge(form, "DOCTRINE-sso")["verdict"] == "manual"
    assert (
        judge(SiteView([capture()], {"login": login([], {}, "none")}, [HTTPS + "/"]), "DOCTRINE-sso")["verdict"] == "na"
    )

    all_four = {
        "mentions": HTTPS + "/ml",
        "privacy": HTTPS + "/dp",
        "accessibility": HTTPS + "/a11y",
        "ecodesign": HTTPS + "/eco",
    }
    assert judge(SiteView([capture(legal=all_four)], {}, [HTTPS + "/"]), "DOCTRINE-legal")["verdict"] == "pass"
    three = {k: v for k, v in all_four.items() if k != "ecodesign"}
    finding = judge(SiteView([capture(legal=three)], {}, [HTTPS + "/"]), "DOCTRINE-legal")
    assert finding["verdict"] == "fail"
    missing = [item["page"]["fr"] for item in finding["evidence"]["items"] if not item["found"]]
    assert missing == ["Déclaration d'écoconception"]


def test_deconnexion_is_evidence_never_a_verdict():
    times = [
        {"datetime": "2026-11-27T22:47:00+01:00", "text": "Note publiée"},
        {"datetime": "2026-11-27T21:30:00Z", "text": "Devoir ajouté"},  # 22:30 in Paris
        {"datetime": "2026-11-27T12:00:00+01:00", "text": "Menu de la cantine"},
        {"datetime": "2026-11-28T12:00:00+01:00", "text": "Samedi midi"},
    ]
    site = SiteView([capture(times=times)], {}, [HTTPS + "/"])
    finding = judge(site, "DOCTRINE-deconnexion")
    assert finding["verdict"] == "manual"
    found = values(finding)
    assert found["Items timestamped inside the window"] == 2
    assert found["Quiet window"] == {"fr": "20:00–07:00 chaque jour", "en": "20:00–07:00 every day"}
    weekend = RuleSettings(quiet_weekend=True)
    assert values(judge(site, "DOCTRINE-deconnexion", weekend))["Items timestamped inside the window"] == 3
    assert judge(SiteView([capture()], {}, [HTTPS + "/"]), "DOCTRINE-deconnexion")["verdict"] == "na"


def test_a_site_rule_whose_run_fact_was_not_captured_is_not_measured():
    """A site rule declares the run facts it reads (``needs``); without them the judge does not run it on nothing."""
    assert rule_by_ref("DOCTRINE-https").needs == ("facts.plain_http",)
    assert rule_by_ref("DOCTRINE-sso").needs == ("facts.login",)
    assert rule_by_ref("DOCTRINE-cookies").needs == ("facts.login", "pages.facts.cookies")
    bare = SiteView([capture()], {}, [HTTPS + "/"])
    for ref, missing in (
        ("DOCTRINE-https", "facts.plain_http"),
        ("DOCTRINE-cookies", "facts.login"),
        ("DOCTRINE-sso", "facts.login"),
    ):
        finding = judge(bare, ref)
        assert finding["verdict"] == "not_measured" and values(finding) == {"Facts not captured": missing}, finding
    # a fact that was captured, even empty, is judged: no login observed is a verdict, not a gap
    assert judge(SiteView([capture()], {"login": {}}, [HTTPS + "/"]), "DOCTRINE-sso")["verdict"] == "na"
    # the rules that read only the pages and the start URLs need no run fact
    assert judge(bare, "DOCTRINE-mixed-content")["verdict"] == "pass"


def test_a_site_rule_whose_page_facts_no_load_carries_is_not_measured():
    """``pages.facts.<key>``: a fact of the page loads, captured when a loaded page carries it. Pages stored without
    it (an older capture, a probe that failed) must not read as "no mixed content", "no TLS", "no timestamp"."""
    old = PageCapture(url=HTTPS + "/", status=200, mime="text/html", requests=[document(HTTPS + "/")])
    for pages in ([old], []):
        site = SiteView(pages, {"login": {}}, [HTTPS + "/"])
        for ref, missing in (
            ("DOCTRINE-mixed-content", "pages.facts.mixed_content"),
            ("DOCTRINE-tls", "pages.facts.tls"),
            ("DOCTRINE-legal", "pages.facts.legal"),
            ("DOCTRINE-deconnexion", "pages.facts.times"),
            ("DOCTRINE-cookies", "pages.facts.cookies"),
        ):
            finding = judge(site, ref)
            assert finding["verdict"] == "not_measured" and values(finding) == {"Facts not captured": missing}, ref
    # one loaded page that carries them is enough (the others may have failed)
    site = SiteView([old, capture(path="/b")], {"login": {}}, [HTTPS + "/"])
    assert judge(site, "DOCTRINE-tls")["verdict"] == "na"  # captured, and no TLS connection: a verdict
    assert judge(site, "DOCTRINE-mixed-content")["verdict"] == "pass"


def run_facts_read(source: str) -> set[str]:
    """The facts a site rule's source reads: ``facts.<key>`` of the run, ``pages.facts.<key>`` of the loads."""
    return {f"facts.{key}" for key in re.findall(r"site\.facts\.get\([\"'](\w+)[\"']", source)} | {
        f"pages.facts.{key}" for key in re.findall(r"\bpage\.facts\.get\([\"'](\w+)[\"']", source)
    }


def test_every_site_rule_that_reads_the_run_facts_declares_them():
    """``site.facts`` and ``page.facts`` read in a site rule's module, or in a helper of audits/doctrine/__init__.py it
    calls, are declared in its ``needs``."""
    shared = ast.parse(Path(doctrine.__file__).read_text("utf-8"))
    helpers = {
        node.name: run_facts_read(ast.unparse(node)) for node in shared.body if isinstance(node, ast.FunctionDef)
    }
    assert helpers["cookies_seen"] == {"facts.login", "pages.facts.cookies"}  # the parsing sees what it should
    checked = 0
    for rule_ in site_rules():
        source = Path(sys.modules[rule_.check.__module__].__file__).read_text("utf-8")
        read = run_facts_read(source) | {key for name, keys in helpers.items() if f"{name}(" in source for key in keys}
        assert read <= set(rule_.needs), rule_.ref
        checked += bool(read)
    assert checked == 7  # https, cookies, sso, mixed content, tls, legal, deconnexion
