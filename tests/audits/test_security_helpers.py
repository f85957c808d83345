"""Pure helpers of the "Doctrine technique" checks (audits/security.py): cookies, headers, trackers, SSO, legal
pages and the droit à la déconnexion window."""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ent_audit.audits.security import (
    FRAME_PROTECTION,
    HSTS_MIN_AGE,
    LEGAL_KINDS,
    LEGAL_PATTERNS,
    TRACKER_KINDS,
    WINDOW_SOURCE,
    QuietWindow,
    csp_frame_ancestors,
    evidence_url,
    hsts,
    legal_kind,
    missing_security_headers,
    parse_set_cookie,
    parse_set_cookie_header,
    parse_timestamp,
    parse_window,
    sso_protocols,
    tracker_kind,
)

PARIS = ZoneInfo("Europe/Paris")
SECRET = "s3cr3tSessionV4lue.HMACsig"


# --- Cookies --------------------------------------------------------------------------------------------------


def test_cookie_with_every_flag():
    cookie = parse_set_cookie(
        f"oneSessionId={SECRET}; Path=/; Domain=.ENT.example.fr; Secure; HttpOnly; SameSite=strict; Max-Age=3600"
    )
    assert cookie == {
        "name": "oneSessionId",
        "secure": True,
        "httponly": True,
        "samesite": "Strict",
        "domain": ".ent.example.fr",
        "path": "/",
        "persistent": True,
    }
    assert SECRET not in repr(cookie)


def test_cookie_without_flags_is_session_cookie():
    cookie = parse_set_cookie(f"oneSessionId={SECRET}")
    assert cookie == {
        "name": "oneSessionId",
        "secure": False,
        "httponly": False,
        "samesite": "",
        "domain": "",
        "path": "",
        "persistent": False,
    }
    assert SECRET not in repr(cookie)


def test_cookie_samesite_values_and_expires():
    assert parse_set_cookie("a=1; SameSite=LAX")["samesite"] == "Lax"
    assert parse_set_cookie("a=1; samesite=None; secure")["samesite"] == "None"
    assert parse_set_cookie("a=1; SameSite=bogus")["samesite"] == ""
    assert parse_set_cookie("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT")["persistent"] is True
    assert parse_set_cookie("Set-Cookie: XSRF-TOKEN=abc; Path=/")["name"] == "XSRF-TOKEN"


def test_cookie_value_with_equals_and_empty_value():
    value = "dGhpcyBpcyBzZWNyZXQ=="
    cookie = parse_set_cookie(f"token={value}; HttpOnly")
    assert cookie["name"] == "token" and cookie["httponly"]
    assert value not in repr(cookie)
    assert parse_set_cookie("authenticated=; Path=/")["name"] == "authenticated"


@pytest.mark.parametrize("line", ["", "   ", "novalue", "=value", "bad name=1", "; Secure"])
def test_unparsable_cookie(line):
    assert parse_set_cookie(line) is None


def test_cdp_joined_header():
    header = (
        f"oneSessionId={SECRET}; Path=/; HttpOnly\nauthenticated=true; Path=/\n\n"
        "XSRF-TOKEN=0f8fad5b-d9cb-469f-a165-70867728950e; Path=/; SameSite=Lax\ngarbage"
    )
    cookies = parse_set_cookie_header(header)
    assert [c["name"] for c in cookies] == ["oneSessionId", "authenticated", "XSRF-TOKEN"]
    assert cookies[0]["httponly"] and not cookies[1]["httponly"]
    assert cookies[2]["samesite"] == "Lax"
    assert SECRET not in repr(cookies) and "0f8fad5b" not in repr(cookies)
    assert parse_set_cookie_header("") == []


# --- HSTS, CSP, headers ---------------------------------------------------------------------------------------


def test_hsts_good_and_edge_cases():
    assert HSTS_MIN_AGE == 15_768_000
    assert hsts("max-age=31536000; includeSubDomains; preload") == {
        "max_age": 31536000,
        "include_subdomains": True,
        "preload": True,
    }
    assert hsts("MAX-AGE=63072000; INCLUDESUBDOMAINS") == {
        "max_age": 63072000,
        "include_subdomains": True,
        "preload": False,
    }
    assert hsts('max-age="15768000"')["max_age"] == 15768000
    assert hsts("max-age=0") == {"max_age": 0, "include_subdomains": False, "preload": False}


@pytest.mark.parametrize(
    "value", [None, "", "includeSubDomains", "max-age=", "max-age=-5", "max-age=abc", "max-age=10; max-age=20"]
)
def test_hsts_absent_or_invalid(value):
    assert hsts(value) is None


def test_csp_frame_ancestors():
    assert (
        csp_frame_ancestors("default-src 'self'; frame-ancestors 'self' https://ent.example.fr")
        == "'self' https://ent.example.fr"
    )
    assert csp_frame_ancestors("default-src 'self'; FRAME-ANCESTORS 'none'") == "'none'"
    assert csp_frame_ancestors("script-src 'self',frame-ancestors 'none'") == "'none'"  # two policies
    assert csp_frame_ancestors("frame-ancestors") == ""
    assert csp_frame_ancestors("default-src 'self'") is None
    assert csp_frame_ancestors("") is None


GOOD_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=()",
}


def test_no_missing_security_header():
    assert missing_security_headers(GOOD_HEADERS) == []
    with_xfo = {**GOOD_HEADERS, "content-security-policy": "default-src 'self'", "x-frame-options": "SAMEORIGIN"}
    assert missing_security_headers(with_xfo) == []


def test_all_security_headers_missing():
    assert missing_security_headers({"content-type": "text/html"}) == [
        "content-security-policy",
        "x-content-type-options",
        FRAME_PROTECTION,
        "referrer-policy",
        "permissions-policy",
    ]
    assert FRAME_PROTECTION == "frame-ancestors / x-frame-options"


def test_weak_security_headers():
    weak = {
        **GOOD_HEADERS,
        "x-content-type-options": "sniff",
        "content-security-policy": "default-src 'self'",
        "x-frame-options": "ALLOW-FROM https://x.example",
        "referrer-policy": " ",
    }
    assert missing_security_headers(weak) == ["x-content-type-options", FRAME_PROTECTION, "referrer-policy"]


# --- Trackers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://www.google-analytics.com/analytics.js", "analytics"),
        ("https://region1.google-analytics.com/g/collect?v=2&tid=G-XYZ", "analytics"),
        ("https://www.googletagmanager.com/gtm.js?id=GTM-ABC", "tag-manager"),
        ("https://stats.g.doubleclick.net/r/collect", "ad"),
        ("https://pagead2.googlesyndication.com/pagead/show_ads.js", "ad"),
        ("https://static.hotjar.com/c/hotjar-123.js?sv=6", "analytics"),
        ("https://logs1412.xiti.com/hit.xiti?s=1", "analytics"),
        ("https://ent.matomo.cloud/matomo.php?idsite=1", "analytics"),
        ("https://snap.licdn.com/li.lms-analytics/insight.min.js", "ad"),
        ("https://platform.twitter.com/widgets.js", "social"),
        ("https://connect.facebook.net/fr_FR/sdk.js", "social"),
        ("https://connect.facebook.net/en_US/fbevents.js", "ad"),  # the Meta pixel: its path, not its host
        ("https://www.facebook.com/tr?id=1&ev=PageView", "ad"),
        ("https://static.criteo.net/js/ld/publishertag.js", "ad"),
    ],
)
def test_tracker_by_domain(url, kind):
    assert tracker_kind(url) == kind


def test_tracker_by_parent_domain():
    assert tracker_kind("https://deep.sub.smartadserver.com/ac?x=1") == "ad"
    assert tracker_kind("https://BAM.GOOGLE-ANALYTICS.COM./1/abc") == "analytics"
    assert tracker_kind("https://notsmartadserver.com/ac") is None  # suffix matching is on dots only


@pytest.mark.parametrize(
    "url, kind",
    [
        ("http://127.0.0.2:8080/matomo.js", "analytics"),
        ("https://stats.academie.fr/piwik.php?idsite=3&rec=1", "analytics"),
        ("https://ent.example.fr/gtag/js?id=G-1", "analytics"),
        ("https://ent.example.fr/static/ga.js", "analytics"),
        ("https://ent.example.fr/metrics/collect?v=1&tid=UA-1-1", "analytics"),
        ("https://ent.example.fr/js/gtm.js", "tag-manager"),
        ("http://[::1]:8000/js/container_Ab12Cd.js", "tag-manager"),
    ],
)
def test_tracker_by_path(url, kind):
    assert tracker_kind(url) == kind


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.gstatic.com/s/roboto/v30/KFOmCnqEu92Fr1Mu4mxK.woff2",
        "https://fonts.googleapis.com/css2?family=Roboto",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://cdn.jsdelivr.net/npm/bootstrap@5/dist/js/bootstrap.min.js",
        # third-party-web names these services but not as trackers: New Relic and Microsoft Clarity are "utility"
        # (the rule's evidence still names them and their category, for a person to judge)
        "https://bam.nr-data.net/1/abc",
        "https://www.clarity.ms/tag/abc",
        "https://ent.example.fr/collect?item=3",
        "https://ent.example.fr/timeline/timeline",
        "not a url",
        "",
    ],
)
def test_not_a_tracker(url):
    assert tracker_kind(url) is None


def test_tracker_kinds_are_dataset_categories():
    from ent_audit.audits.third_party_web import dataset

    categories = {entity.category for entity in dataset().by_domain.values()}
    assert set(TRACKER_KINDS) <= categories and {"cdn", "utility", "video"} <= categories - set(TRACKER_KINDS)


# --- SSO ------------------------------------------------------------------------------------------------------


def test_cas_login_and_ticket_not_leaked():
    ticket = "ST-12345-abcdefghijklmnop-cas"
    urls = [
        "https://ent.example.fr/auth/login",
        "https://ent.example.fr/cas/login?service=https%3A%2F%2Fent.example.fr%2F",
        f"https://ent.example.fr/;jsessionid=XYZ?ticket={ticket}",
    ]
    found = sso_protocols(urls)
    assert found == {"CAS": "https://ent.example.fr/cas/login?service"}
    found = sso_protocols(urls[2:])
    assert found == {"CAS": "https://ent.example.fr/?ticket"}
    assert ticket not in repr(found) and "XYZ" not in repr(found)


def test_saml_redirect():
    url = (
        "https://idp.example.fr/idp/profile/SAML2/Redirect/SSO?SAMLRequest=fZJdb9owFIb%2F&RelayState=abc&"
        "SigAlg=x&Signature=y"
    )
    found = sso_protocols([url])
    assert found == {
        "SAML": "https://idp.example.fr/idp/profile/SAML2/Redirect/SSO?SAMLRequest&RelayState&SigAlg&Signature"
    }
    assert "fZJdb9" not in repr(found)
    assert "SAML" in sso_protocols(["https://sp.example.fr/Shibboleth.sso/Login?target=x"])


def test_educonnect_adds_to_its_protocol():
    found = sso_protocols(["https://educonnect.education.gouv.fr/idp/profile/SAML2/Redirect/SSO?SAMLRequest=abc"])
    assert set(found) == {"SAML", "ÉduConnect"}
    assert found["ÉduConnect"] == "https://educonnect.education.gouv.fr/idp/profile/SAML2/Redirect/SSO?SAMLRequest"
    assert sso_protocols(["https://noteduconnect.education.gouv.fr.evil.example/x"]) == {}


def test_oidc_authorize():
    url = (
        "https://auth.agentconnect.gouv.fr/api/v2/authorize?response_type=code&client_id=abc&"
        "redirect_uri=https%3A%2F%2Fent.example.fr%2Fcb&scope=openid%20email&state=s1&nonce=n1"
    )
    found = sso_protocols([url])
    assert found == {
        "OIDC": "https://auth.agentconnect.gouv.fr/api/v2/authorize?response_type&client_id&"
        "redirect_uri&scope&state&nonce"
    }
    assert sso_protocols(["https://idp.example.fr/oauth/other?scope=openid+profile"]) == {
        "OIDC": "https://idp.example.fr/oauth/other?scope"
    }
    assert sso_protocols(["https://ent.example.fr/auth/oauth2/auth?client_id=x"]) == {}  # no response_type


def test_plain_form_login_is_no_sso():
    assert (
        sso_protocols(
            [
                "https://ent.example.fr/auth/login",
                "https://ent.example.fr/auth/login?callback=%2F",
                "https://ent.example.fr/timeline/timeline",
                "http://[bad",
            ]
        )
        == {}
    )


def test_evidence_url_drops_credentials_and_fragment():
    assert (
        evidence_url("https://user:pw@ent.example.fr:8443/a;sid=1/b?x=1&y=2&x=3#frag")
        == "https://ent.example.fr:8443/a/b?x&y"
    )


# --- Legal pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, href, kind",
    [
        ("Mentions légales", "/page/12", "mentions"),
        ("Legal notice", "/en/legal", "mentions"),
        ("", "https://ent.example.fr/mentions-legales", "mentions"),
        ("", "/mentions-l%C3%A9gales", "mentions"),
        ("Données personnelles", "/p", "privacy"),
        ("Politique de confidentialité", "/p", "privacy"),
        ("Vie privée", "/p", "privacy"),
        ("RGPD", "/p", "privacy"),
        ("Privacy policy", "/p", "privacy"),
        ("Déclaration d’accessibilité", "/p", "accessibility"),
        ("Accessibilité\u00a0: partiellement conforme", "/p", "accessibility"),
        ("Accessibilité : non conforme", "/p", "accessibility"),
        ("Accessibility statement", "/p", "accessibility"),
        ("Accessibilité", "/p", "accessibility"),
        ("En savoir plus", "/accessibilite", "accessibility"),
        ("Déclaration d'écoconception", "/p", "ecodesign"),
        ("Écoconception", "/p", "ecodesign"),
        ("Eco-design statement", "/p", "ecodesign"),
        ("", "/declaration-ecoconception.html", "ecodesign"),
    ],
)
def test_legal_kind(text, href, kind):
    assert legal_kind(text, href) == kind


@pytest.mark.parametrize(
    "text, href",
    [
        ("Accueil", "/"),
        ("Messagerie", "/conversation"),
        ("Paramètres d'accessibilité", "/userbook/prefs"),
        ("", ""),
        ("Mentions", "/m"),
    ],
)
def test_not_a_legal_link(text, href):
    assert legal_kind(text, href) is None


def test_legal_patterns_are_portable():
    assert tuple(LEGAL_PATTERNS) == LEGAL_KINDS
    for pattern in LEGAL_PATTERNS.values():
        re.compile(pattern)
        # Python-only or JS-only constructs: inline flags, named groups, lookbehind, \A \Z, possessive quantifiers
        assert not re.search(r"\(\?[a-zA-Z]|\(\?P|\(\?<|\\[AZ]|[+*?]\+", pattern), pattern


# --- Droit à la déconnexion -----------------------------------------------------------------------------------


def paris(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=PARIS)


@pytest.mark.parametrize(
    "hh, mm, inside", [(22, 47, True), (6, 15, True), (20, 0, True), (12, 0, False), (19, 59, False), (7, 0, False)]
)
def test_default_window(hh, mm, inside):
    window = QuietWindow()
    assert window.contains(paris(2026, 11, 25, hh, mm)) is inside  # a Wednesday
    assert window.contains(datetime(2026, 11, 25, hh, mm)) is inside  # naive: local to Paris


def test_aware_utc_is_converted():
    window = QuietWindow()
    assert window.contains(datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # 22:30 in Paris
    assert not window.contains(datetime(2026, 11, 27, 18, 30, tzinfo=UTC))  # 19:30 in Paris
    assert window.contains(datetime(2026, 7, 1, 18, 30, tzinfo=UTC))  # 20:30 in Paris (summer time)


def test_weekend_block():
    saturday_noon = paris(2026, 11, 28, 12, 0)
    assert not QuietWindow().contains(saturday_noon)
    weekend = QuietWindow(weekend=True)
    assert weekend.contains(saturday_noon)
    assert weekend.contains(paris(2026, 11, 29, 15, 0))  # Sunday
    assert not weekend.contains(paris(2026, 11, 27, 19, 0))  # Friday before the start
    assert not weekend.contains(paris(2026, 11, 30, 7, 0))  # Monday at the end
    assert not weekend.contains(paris(2026, 11, 25, 12, 0))  # Wednesday noon


def test_daytime_window_with_weekend():
    window = QuietWindow(start=time(12, 0), end=time(14, 0), weekend=True)
    assert window.contains(paris(2026, 11, 25, 13, 0))
    assert not window.contains(paris(2026, 11, 25, 15, 0))
    assert window.contains(paris(2026, 11, 27, 18, 0))  # Friday after 12:00
    assert window.contains(paris(2026, 11, 30, 9, 0))  # Monday before 14:00
    assert not window.contains(paris(2026, 11, 30, 14, 30))


def test_describe():
    assert QuietWindow().describe() == "20:00–07:00 chaque jour"
    assert QuietWindow(weekend=True).describe("fr") == "20:00–07:00 chaque jour et du vendredi 20:00 au lundi 07:00"
    assert QuietWindow(weekend=True).describe("en") == "20:00–07:00 every day and from Friday 20:00 to Monday 07:00"


def test_parse_window():
    window = parse_window("19:00", "7:30", True, "Europe/Paris")
    assert window == QuietWindow(time(19, 0), time(7, 30), True, "Europe/Paris")
    assert parse_window("20:00", "07:00", False, "America/Cayenne").contains(
        datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    )  # 20:30 in Cayenne


@pytest.mark.parametrize(
    "start, end, tz, message",
    [
        ("24:00", "07:00", "Europe/Paris", "start"),
        ("20h", "07:00", "Europe/Paris", "start"),
        ("20:00", "7:60", "Europe/Paris", "end"),
        ("20:00", "", "Europe/Paris", "end"),
        ("20:00", "20:00", "Europe/Paris", "differ"),
        ("20:00", "07:00", "Europe/Pariss", "timezone"),
        ("20:00", "07:00", "", "timezone"),
        ("20:00", "07:00", "../etc/passwd", "timezone"),
    ],
)
def test_parse_window_errors(start, end, tz, message):
    with pytest.raises(ValueError, match=message) as info:
        parse_window(start, end, False, tz)
    assert "\n" not in str(info.value)


def test_parse_timestamp():
    assert parse_timestamp("2026-11-27T21:30:00Z") == paris(2026, 11, 27, 22, 30)
    assert parse_timestamp("2026-11-27T21:30:00Z").utcoffset().total_seconds() == 3600
    assert parse_timestamp("2026-11-27T22:30:00+01:00") == paris(2026, 11, 27, 22, 30)
    assert parse_timestamp("2026-11-27T22:30:00.123") == datetime(2026, 11, 27, 22, 30, 0, 123000, tzinfo=PARIS)
    assert parse_timestamp("2026-11-27 22:30") == paris(2026, 11, 27, 22, 30)
    millis = str(int(datetime(2026, 11, 27, 21, 30, tzinfo=UTC).timestamp() * 1000))
    assert parse_timestamp(millis) == paris(2026, 11, 27, 22, 30)
    assert parse_timestamp("2026-11-27T21:30:00Z", "UTC").hour == 21


@pytest.mark.parametrize(
    "value", ["2026-11-27", "20261127", "", "   ", "hier soir", "27/11/2026 22:30", "12345", "2026-13-01T10:00"]
)
def test_parse_timestamp_unparsable(value):
    assert parse_timestamp(value) is None


def test_parse_timestamp_bad_timezone():
    with pytest.raises(ValueError, match="timezone"):
        parse_timestamp("2026-11-27T21:30:00Z", "Mars/Olympus")


def test_window_source():
    assert set(WINDOW_SOURCE) == {"fr", "en"}
    assert "10 juillet 2025" in WINDOW_SOURCE["fr"] and "10 July 2025" in WINDOW_SOURCE["en"]
    assert "décembre 2025" in WINDOW_SOURCE["fr"] and "configurable" in WINDOW_SOURCE["en"]
