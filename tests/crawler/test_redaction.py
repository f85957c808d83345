"""Session ids in URLs (crawler/urls.py): redacted in every output by parameter name and by shape (query, SPA route
query, path segments, ;jsessionid=, free text), normalised away before templates are formed, while canonical URLs
keep the path segments the crawl must fetch."""

from __future__ import annotations

import secrets
import string

import pytest

from ent_audit.crawler.urls import REDACTED, canonical_url, redact_text, redact_url, secret_shaped, template_of

E = "https://ent.example.fr"
HEX32 = "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
TOKEN = "Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF"  # 32 random-looking letters and digits


@pytest.mark.parametrize(
    "name",
    [
        "sid",
        "session",
        "sessionid",
        "session_id",
        "SessionKey",
        "jeton",
        "token",
        "ticket",
        "jsessionid",
        "PHPSESSID",
        "ASPSESSIONIDQQGGGQRS",
        "cfid",
        "cftoken",
        "sesskey",
        "_wpnonce",
        "authenticity_token",
        "csrfmiddlewaretoken",
        "__RequestVerificationToken",
        "SAMLart",
        "auth_token",
        "access_token",
        "onesessionid",
        "sectok",
    ],
)
def test_session_parameters_by_name(name):
    url = f"{E}/timeline?{name}=abc&page=2"
    assert redact_url(url) == f"{E}/timeline?{name}={REDACTED}&page=2"
    assert canonical_url(url) == f"{E}/timeline?page=2"


@pytest.mark.parametrize("name", ["auth", "key", "code", "s", "page", "q", "service"])
def test_ambiguous_names_are_kept_when_their_value_is_short(name):
    url = f"{E}/x?{name}=cas"
    assert redact_url(url) == url and canonical_url(url) == url


@pytest.mark.parametrize(
    "value",
    [
        HEX32,
        TOKEN,
        "sess_AB12cd34EF56gh78IJ90kl12",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.sig",
    ],
)
def test_secret_values_by_shape_under_any_name(value):
    assert redact_url(f"{E}/x?ref={value}&page=2") == f"{E}/x?ref={REDACTED}&page=2"


@pytest.mark.parametrize(
    "value",
    [
        "6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c",  # a UUID names an item
        "123456789012345678901234567890",  # a number
        "5f3a8b7c6d5e4f3a2b1c0d9e",  # 24 hex: a MongoDB ObjectId
        "la-rentree-des-classes-2024",
        "ConseilDeClasseDuTroisiemeTrimestre",
        "CompteRenduReunionParents2024",
        "rentree2024septembreinfos",
        "documentsPartagesParLesEnseignants",
        "short1",
    ],
)
def test_ids_and_words_are_not_secrets(value):
    assert not secret_shaped(value)
    url = f"{E}/blog/{value}?v={value}"
    assert redact_url(url) == url


def test_random_tokens_are_secrets_almost_always():
    alphabet = string.ascii_letters + string.digits
    tokens = ["".join(secrets.choice(alphabet) for _ in range(40)) for _ in range(2000)]
    missed = [t for t in tokens if not set(t) <= set(string.hexdigits) and not secret_shaped(t)]
    assert len(missed) <= 5, missed  # measured: about 1 in 10,000 at 40 characters


@pytest.mark.parametrize(
    "url, expected",
    [
        (f"{E}/s/{HEX32}/timeline", f"{E}/s/{REDACTED}/timeline"),
        (f"{E}/sess_AB12cd34EF56gh78IJ90kl12/", f"{E}/{REDACTED}/"),
        (f"{E}/hostile/s/{TOKEN}/cahier-de-textes?x=1", f"{E}/hostile/s/{REDACTED}/cahier-de-textes?x=1"),
        (f"{E}/a;jsessionid=1A2B?x=1", f"{E}/a;jsessionid={REDACTED}?x=1"),
        (f"{E}/a;sessionid=1A2B/b", f"{E}/a;sessionid={REDACTED}/b"),
        (f"{E}/app#/s/{TOKEN}/inbox", f"{E}/app#/s/{REDACTED}/inbox"),  # an SPA route's segment
        (f"{E}/app#/inbox?jeton=abc&tab=2", f"{E}/app#/inbox?jeton={REDACTED}&tab=2"),  # an SPA route's query
        (f"{E}/cb#access_token=abc&state=1", f"{E}/cb#access_token={REDACTED}&state=1"),  # OAuth fragment
        (f"{E}/assets/app-{HEX32}.js", f"{E}/assets/app-{HEX32}.js"),  # a file name: a public content hash
    ],
)
def test_path_segments_and_fragments(url, expected):
    assert redact_url(url) == expected


def test_text_is_redacted_url_by_url_and_relative_paths_too():
    text = (
        f"timeout loading {E}/s/{TOKEN}/timeline after 30 s (then GET /s/{TOKEN}/x?x=1 and "
        f"/cas/login?ticket=ST-9-abc, session_id={HEX32})"
    )
    redacted = redact_text(text)
    assert TOKEN not in redacted and "ST-9-abc" not in redacted and HEX32 not in redacted
    assert redacted.count(REDACTED) == 4 and "after 30 s" in redacted


@pytest.mark.parametrize(
    "url",
    [
        f"{E}/s/{HEX32}/timeline?session_id=x",
        f"{E}/x?ref={TOKEN}",
        f"{E}/a;jsessionid=1?b=2#/s/{TOKEN}/c",
        f"{E}/blog/post/2?page=3",
        "not a url",
        "http://[::1?ticket=ST-1",
    ],
)
def test_redaction_is_idempotent(url):
    once = redact_url(url)
    assert redact_url(once) == once
    assert redact_text(redact_text(url)) == redact_text(url)


def test_two_session_ids_make_one_template():
    first, second = (f"{E}/hostile/s/{t}/cahier-de-textes" for t in (TOKEN, "Zq9xW8vU7tS6rQ5pO4nM3lK2jI1hG0fE"))
    assert template_of(first) == template_of(second) == "/hostile/s/{session}/cahier-de-textes"
    assert template_of(f"{E}/s/{HEX32}/timeline") == "/s/{id}/timeline"  # hex: already one template as {id}
    by_name = [f"{E}/espace?session_id={secrets.token_hex(16)}&tab=1" for _ in range(2)]
    assert template_of(by_name[0]) == template_of(by_name[1]) == "/espace?tab={id}"
    routes = [f"{E}/app#/s/{t}/inbox" for t in (TOKEN, "Zq9xW8vU7tS6rQ5pO4nM3lK2jI1hG0fE")]
    assert template_of(routes[0]) == template_of(routes[1]) == "/app#/s/{session}/inbox"


def test_canonical_url_keeps_path_segments_and_drops_session_parameters():
    url = f"{E}/hostile/s/{TOKEN}/cahier-de-textes;jsessionid=ABC?jeton=x&b=2&a=1#/route?sid=1&tab=3"
    canonical = canonical_url(url)
    assert canonical == f"{E}/hostile/s/{TOKEN}/cahier-de-textes?a=1&b=2#/route?tab=3"
    assert canonical_url(canonical) == canonical
