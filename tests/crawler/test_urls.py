"""canonical_url and fetch_url on w3lib (canonicalize_url, url_query_cleaner): what the library brings, and the
rules of ours it must not lose (session ids, SPA routes, the address the site gave)."""

from __future__ import annotations

import pytest

from ent_audit.crawler.urls import canonical_url, fetch_url, template_of

BASE = "https://ent.example.fr"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (BASE + "/espace/%C3%A9l%C3%A8ve", BASE + "/espace/élève"),  # percent-encoding or not: one page
        (BASE + "/a%7eb", BASE + "/a~b"),
        ("HTTPS://ENT.Example.FR/blog", BASE + "/blog"),
        (BASE + "/blog/./post/../post/3", BASE + "/blog/post/3"),  # dot segments
        (BASE + "/cal?view=mois&month=2026-12", BASE + "/cal?month=2026-12&view=mois"),
        (BASE + "/search?q=a+b", BASE + "/search?q=a%20b"),
        (BASE + "/blog?utm%5Fsource=mail", BASE + "/blog?utm_source=mail"),  # a tracking tag written encoded
        (BASE + "/blog?utm%5Fsource=mail", BASE + "/blog"),
        ("https://münchen.example/x", "https://xn--mnchen-3ya.example/x"),
    ],
)
def test_one_page_under_several_spellings(one: str, other: str) -> None:
    assert canonical_url(one) == canonical_url(other)
    assert template_of(one) == template_of(other)


def test_our_rules_on_top_of_w3lib() -> None:
    # blank values kept, sorted with the others; sessions, tickets, CSRF tokens and tracking tags dropped
    assert canonical_url(BASE + "/p?b=&a=1&jsessionid=X&_token=Y&fbclid=Z") == BASE + "/p?a=1&b="
    assert canonical_url(BASE + "/p;jsessionid=ABC?x=1") == BASE + "/p?x=1"  # a servlet's path parameter too
    # an SPA route stays (w3lib drops every fragment), its own query cleaned; an in-page anchor goes
    assert canonical_url(BASE + "/app#/inbox?x=1&token=abc") == BASE + "/app#/inbox?x=1"
    assert canonical_url(BASE + "/app#/inbox?token=abc") == BASE + "/app#/inbox"
    assert canonical_url(BASE + "/blog#contenu") == BASE + "/blog"
    assert canonical_url(BASE) == BASE + "/"


def test_fetch_url_keeps_the_session_id_and_the_address_as_written() -> None:
    # the ticket (a login artefact) goes; the session id and the other parameters stay, in their order and spelling
    assert fetch_url(BASE + "/a?z=%C3%A9&session_id=S1&ticket=ST-1&b=1#/r") == BASE + "/a?z=%C3%A9&session_id=S1&b=1#/r"
    assert fetch_url(BASE + "/a?ticket=ST-1#top") == BASE + "/a"
    assert fetch_url(BASE + "/a?Z=1&a=2") == BASE + "/a?Z=1&a=2"
