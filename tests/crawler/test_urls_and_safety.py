"""Scope, deny list, canonical URLs, templates and redaction: the rules that keep the crawl safe and readable."""

import pytest

from ent_audit.crawler.safety import Scope
from ent_audit.crawler.urls import canonical_url, redact_text, redact_url, same_site, template_of

BASE = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "path",
    [
        "/auth/logout",
        "/auth/logout?callback=/",
        "/cas/logout?service=x",
        "/portail/Logout",
        "/deconnexion",
        "/workspace/document/1/delete",
        "/conversation/trash/empty",
        "/conversation/api/messages/3/markasread",
        "/supprimer?id=3",
        "/auth/saml/slo",
        "/calendar/export.ics",
        "/admin",
        "/timeline/performDailyMailing",
    ],
)
def test_logout_and_destructive_links_are_never_followed(path):
    assert Scope.for_start_urls([BASE + "/"]).follow(BASE + path) is None


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.2:8000/tag.js", "out of scope"),
        ("http://127.0.0.1:9999/", "out of scope"),  # same host, other port: another origin
        ("mailto:vie.scolaire@example.fr", "not http"),
        (BASE + "/workspace/document/2/devoir-2.pdf", "document"),
    ],
)
def test_scope_reasons(url, reason):
    assert Scope.for_start_urls([BASE + "/"]).reason_to_skip(url) == reason


def test_a_remembered_verdict_is_the_one_judged_anew_and_words_keep_their_own(monkeypatch):
    """Scope keeps its verdicts (a page's links are judged several times, the menu's on every page): the answer
    remembered must be the one the policy gives, for each link and words, and the memory stays bounded."""
    import ent_audit.crawler.safety as safety

    links = [
        (BASE + "/agenda", ""),
        (BASE + "/agenda", "Supprimer l'événement"),  # same URL, refused by its words alone
        (BASE + "/auth/logout", ""),
        (BASE + "/cours/devoir.pdf", ""),
        ("http://127.0.0.2:8000/", ""),
    ]
    monkeypatch.setattr(safety, "VERDICTS_KEPT", 3)
    scope = Scope.for_start_urls([BASE + "/"])
    fresh = [Scope.for_start_urls([BASE + "/"])._judge(url, words) for url, words in links]
    assert fresh[0] == "" and fresh[1].startswith("link words") and fresh[2] and fresh[3] == "document"
    for _ in range(3):
        assert [scope.reason_to_skip(url, words) for url, words in links] == fresh
        assert len(scope._verdicts) <= 3


def test_extra_deny_patterns_from_config():
    scope = Scope.for_start_urls([BASE + "/"], [r"/blog/post/\d+$"])
    assert scope.follow(BASE + "/blog/post/3") is None
    assert scope.follow(BASE + "/blog") == BASE + "/blog"


def test_canonical_url_keeps_spa_routes_and_drops_anchors():
    assert (
        canonical_url(BASE + "/conversation/conversation#/message/3") == BASE + "/conversation/conversation#/message/3"
    )
    assert canonical_url(BASE + "/app#!/inbox") == BASE + "/app#!/inbox"
    assert canonical_url(BASE + "/blog#contenu") == BASE + "/blog"
    assert canonical_url("HTTP://127.0.0.1:8000") == BASE + "/"


@pytest.mark.parametrize(
    "url, template",
    [
        (BASE + "/blog/post/12", "/blog/post/{id}"),
        (BASE + "/conversation/conversation#/message/3", "/conversation/conversation#/message/{id}"),
        (BASE + "/calendar/calendar?month=2026-12", "/calendar/calendar?month={date}"),
        (BASE + "/workspace/f/6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c", "/workspace/f/{id}"),
        (BASE + "/", "/"),
    ],
)
def test_templates(url, template):
    assert template_of(url) == template


def test_first_and_third_party():
    assert same_site("https://ent.monlycee.net/a", "https://cdn.monlycee.net/b")
    assert not same_site("https://ent.monlycee.net/a", "https://cdn.jsdelivr.net/b")
    assert not same_site("http://127.0.0.1:8000/", "http://127.0.0.2:8000/")


def test_redaction_of_tickets_and_sessions():
    assert redact_url(BASE + "/?ticket=ST-1-abc") == BASE + "/?ticket=REDACTED"
    assert redact_url(BASE + "/a;jsessionid=1A2B?x=1") == BASE + "/a;jsessionid=REDACTED?x=1"
    assert redact_url(BASE + "/blog/post/2?page=3") == BASE + "/blog/post/2?page=3"
    assert "ST-9" not in redact_text(f"timeout loading {BASE}/?ticket=ST-9&x=1 after 30 s")


def test_canonical_url_drops_sessions_and_tracking_and_sorts_the_query():
    assert canonical_url(BASE + "/blog;jsessionid=AB12?b=2&utm_source=mail&a=1&ticket=ST-1") == BASE + "/blog?a=1&b=2"
    assert canonical_url(BASE + "/cal?month=2026-12&view=mois") == canonical_url(BASE + "/cal?view=mois&month=2026-12")


@pytest.mark.parametrize(
    "url, fetched",
    [
        (BASE + "/espace?session_id=0123&x=1", BASE + "/espace?session_id=0123&x=1"),  # as given: the site needs it
        (BASE + "/carnet?jeton=aBcD", BASE + "/carnet?jeton=aBcD"),
        (BASE + "/aide;jsessionid=ABC?b=2&a=1", BASE + "/aide;jsessionid=ABC?b=2&a=1"),
        (BASE + "/s/aB3dE5gH7jK9mN1pQ3rS5tU7vW9xY1zA/cahier", BASE + "/s/aB3dE5gH7jK9mN1pQ3rS5tU7vW9xY1zA/cahier"),
        (BASE + "/actualites?ticket=ST-1-abc&page=2", BASE + "/actualites?page=2"),  # a login artefact: never replayed
        (BASE + "/?SAMLart=AAQ&code=x", BASE + "/?code=x"),
        (BASE + "/blog#/post/3", BASE + "/blog#/post/3"),  # an SPA route is the page
        (BASE + "/blog#commentaires", BASE + "/blog"),
        (BASE + "/#access_token=eyJabc&state=1", BASE + "/"),
    ],
)
def test_a_page_is_asked_for_at_its_address_with_its_session_id_and_without_login_artefacts(url, fetched):
    from ent_audit.crawler.urls import fetch_url

    assert fetch_url(url) == fetched
    assert canonical_url(fetch_url(url)) == canonical_url(url)  # counted as the same page
