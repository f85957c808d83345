"""The hostile demo ENT (demo_ent/hostile.py) and its heartbeat variant, without a browser: every attack page is
served and carries its attack, every target counts what reaches it with its method (and the logout ones really
end the session), the WebSocket counts the messages it receives, session ids are put in URLs, the false-positive
resources are served and counted; heartbeat=True ends a session whose pages stop sending heartbeats.
The crawls against it are in tests/crawler/safety/test_hostile_e2e.py."""

from __future__ import annotations

import base64
import html as html_lib
import json
import os
import re
import socket
import string

import pytest

from ent_audit.crawler.commands import build_parser
from ent_audit.demo_ent import DemoENT
from ent_audit.demo_ent.hostile import (
    ATTACKS,
    FALSE_POSITIVES,
    HEARTBEAT_PATH,
    HUB,
    WEBSOCKET_PATH,
    Heartbeat,
    websocket_accept,
    websocket_frame,
)
from tests.demo_ent.test_demo_variants import PUPIL, Client, Forms, cas_login, twostep_login

# Words that mark an action (FR/EN): the hub's link texts and the attack pages' own paths must carry none, or a
# careful crawler would rightly skip the attack page itself and the e2e tests would prove nothing.
ACTION_WORDS = re.compile(
    r"logout|log-out|logoff|signout|d[ée]connex|deconnecter|delete|supprim|suppression|remove|trash|corbeille|"
    r"vider|effacer|purge|reset|markread|markasread|marquer|masquer|archiver|publier|valider|rollback|revert|"
    r"annuler|quitter|fermer|unsubscribe|d[ée]sinscri|approve|approuver|envoyer|modifier|enregistrer",
    re.IGNORECASE,
)

# Method an unguarded browser uses on each target, when it is not GET: (attack, target path) -> method.
METHODS = {
    ("fetch-post", "/hostile/api/notes"): "POST",
    ("fetch-put", "/hostile/api/preferences"): "PUT",
    ("fetch-delete", "/hostile/api/pieces-jointes/4"): "DELETE",
    ("xhr-post", "/hostile/api/xhr"): "POST",
    ("formulaire-auto", "/hostile/api/absences/justifier"): "POST",
    ("beacon", "/hostile/api/balise"): "POST",
    ("keepalive", "/hostile/api/keepalive"): "POST",
    ("narrow-window", "/hostile/api/ecran-etroit"): "POST",
    ("iframe-same-origin", "/hostile/api/cadre"): "POST",
    ("iframe-cross-site", "/hostile/api/tiers"): "POST",
    ("iframe-cross-site", "/hostile/api/cadre-tiers"): "POST",
    ("worker", "/hostile/api/worker"): "POST",
    ("shared-worker", "/hostile/api/shared-worker"): "POST",
    ("service-worker", "/hostile/api/service-worker"): "POST",
}
# What each non-link attack page must contain for its attack to exist (besides its targets' paths).
LOADERS = {
    "worker": "/hostile/js/worker.js",
    "shared-worker": "/hostile/js/shared-worker.js",
    "iframe-same-origin": "/hostile/cadre/contenu",
    "iframe-cross-site": "/hostile/cadre-tiers?ent=",
    "meta-refresh": 'http-equiv="refresh" content="0;url=/auth/logout"',
    "speculation-prefetch": '<script type="speculationrules">',
    "speculation-prerender": '<script type="speculationrules">',
    "link-prefetch": '<link rel="prefetch" href="/hostile/prefetch/logout">',
    "link-prerender": '<link rel="prerender" href="/hostile/prerender/logout">',
    "beacon": "navigator.sendBeacon",
    "keepalive": "keepalive: true",
    "popup": "window.open(",
    "new-tab": 'target="_blank"',
    "websocket": "new WebSocket(",
    "eventsource": "new EventSource(",
    "formulaire-auto": ".submit()",
    "document-redirect": '<a href="/hostile/rapport.pdf">',
}


@pytest.fixture(scope="module")
def ent():
    with DemoENT(hostile=True).start() as server:
        yield server


def logged_in(ent: DemoENT) -> Client:
    client = Client(ent)
    assert cas_login(client, *PUPIL).status == 302
    return client


def is_logged_out(client: Client) -> bool:
    reply = client.request("/vie-scolaire")
    return reply.status == 302 and reply.location.startswith("/cas/login")


def new_hits(before: dict, after: dict) -> dict[str, list]:
    return {name: after[name][len(before[name]) :] for name in after if len(after[name]) > len(before[name])}


# -- the table ---------------------------------------------------------------------------------------------------------


def test_at_least_25_attacks_one_page_each_and_every_channel():
    pages = [a.page for a in ATTACKS]
    assert len(ATTACKS) >= 25 and len(set(pages)) == len(pages)
    assert len({a.name for a in ATTACKS}) == len(ATTACKS)
    assert all(a.targets for a in ATTACKS if a.name != "lien-cache-reconnexion")  # its target is the login page
    channels = " ".join(a.channel + " " + a.disguise for a in ATTACKS)
    for needle in (
        "_wpnonce",
        "action=rollback",
        "masquer",
        "Se déconnecter",
        "aria-label",
        "title",
        "rel",
        "op=markread",
        "do=delete",
        "fetch POST",
        "fetch PUT",
        "fetch DELETE",
        "XMLHttpRequest",
        "form",
        "sendBeacon",
        "keepalive",
        "window.open",
        "target=_blank",
        "same-origin iframe",
        "cross-site",
        "dedicated Worker",
        "SharedWorker",
        "service worker",
        "WebSocket",
        "EventSource",
        "speculation rules: prefetch",
        "speculation rules: prerender",
        "rel=prefetch",
        "rel=prerender",
        "302 → 302 → /auth/logout",
        "http-equiv=refresh",
        "/d%C3%A9connexion",
        "/log%6Fut",
        "/logout;.png",
        "/api/delete/x.js",
        "login page",
        "PDF",
        "narrower than 1600",
    ):
        assert needle in channels, needle
    assert {a.report for a in ATTACKS} <= {"link", "request", "either", "none"}
    assert {a.trigger for a in ATTACKS} <= {"load", "leave", "follow", "narrow"}


def test_the_hub_is_linked_from_home_and_links_every_attack_page_with_neutral_words(ent):
    client = logged_in(ent)
    assert HUB in Forms(client.request("/").text).links
    hub = client.request(HUB)
    assert hub.status == 200
    links = Forms(hub.text).links
    for attack in ATTACKS:
        if attack.page != HUB:
            assert attack.page in links, attack.name
            assert not ACTION_WORDS.search(attack.page), attack.page
    texts = re.findall(r'<li><a href="/hostile/[^"]*">([^<]*)</a></li>', hub.text)
    assert len(texts) >= len(ATTACKS) + 1
    assert not [t for t in texts if ACTION_WORDS.search(html_lib.unescape(t))]


def test_hostile_is_off_by_default(make_ent):
    plain = make_ent()
    client = logged_in(plain)
    assert HUB not in Forms(client.request("/").text).links
    assert client.request(HUB).status == 404 and client.request("/log%6Fut").status == 404
    assert "/api/session/current/" not in client.request("/").text
    with pytest.raises(RuntimeError):
        plain.hostile_hits()


# -- every attack page served, carrying its attack ---------------------------------------------------------------------


def test_each_attack_page_is_served_and_carries_its_attack(ent):
    client = logged_in(ent)
    before = ent.hostile_hits()
    for attack in ent.attacks():
        reply = client.request(attack.page)
        if attack.name == "redirect-chain":
            assert reply.status == 302 and reply.location == "/hostile/raccourci/suite"
            assert client.request(reply.location).location == "/auth/logout"  # the second hop, not followed here
            continue
        assert reply.status == 200 and "text/html" in reply.headers["Content-Type"], attack.name
        page = reply.text
        if attack.link:
            assert attack.link in [html_lib.unescape(link) for link in Forms(page).links], attack.name
        else:
            expected = [t.path for t in attack.targets] + [LOADERS.get(attack.name, "\0")]
            assert any(p in page for p in expected), attack.name
    assert not new_hits(before, ent.hostile_hits())  # reading the attack pages harms nothing
    assert not is_logged_out(client)


def test_link_attacks_are_listed_with_absolute_urls(ent):
    links = ent.attack_links()
    assert len(links) == len([a for a in ATTACKS if a.report == "link"]) >= 10
    assert all(link.startswith(ent.base_url + "/") for link in links)
    assert ent.base_url + "/cas/login?source=reconnexion" in links  # the hidden "Se reconnecter"
    assert ent.base_url + "/log%6Fut" in links and ent.base_url + "/d%C3%A9connexion" in links


def test_the_hidden_relogin_link_follows_the_login_kind(make_ent):
    twostep = make_ent(login="twostep", hostile=True)
    client = Client(twostep)
    assert twostep_login(client, *PUPIL).status == 302
    page = client.request("/hostile/lien-cache").text
    assert '<p hidden><a href="/auth/signin?source=reconnexion">Se reconnecter</a></p>' in page
    before = twostep.hostile_hits()
    client.request("/auth/signin?source=reconnexion")
    client.request("/auth/signin")  # the login page itself, without the marker, is not the attack
    assert new_hits(before, twostep.hostile_hits()) == {
        "lien-cache-reconnexion": [("GET", "/auth/signin?source=reconnexion")]
    }


# -- every target counts, with its method; logouts are real ------------------------------------------------------------


@pytest.mark.parametrize("name", [a.name for a in ATTACKS if a.name != "websocket"])
def test_each_target_counts_a_hit_with_its_method(ent, name):
    attack = {a.name: a for a in ent.attacks()}[name]
    assert attack.targets
    for target in attack.targets:
        client = logged_in(ent)
        method = METHODS.get((attack.name, target.path), "GET")
        base = ent.third_party_url if target.host == "third" else ent.base_url
        raw = {"/déconnexion": "/d%C3%A9connexion", "/logout": "/log%6Fut"}.get(target.path, target.path)
        query = "?" + "&".join(f"{k}={v}" for k, v in target.query) if target.query else ""
        logouts = ent.logouts
        before = ent.hostile_hits()
        data = {"x": "1"} if method == "POST" else None
        reply = client.request(
            base + raw + query, data=data, method=method, headers={"Accept": "text/html"} if method == "GET" else None
        )
        assert reply.status < 500, (attack.name, target.path, reply.status)
        gained = new_hits(before, ent.hostile_hits())
        assert (method, raw + query) in gained.get(attack.name, []), (attack.name, gained)
        if target.effect in ("logout", "pass"):  # the session really ends
            assert is_logged_out(client), (attack.name, target.path)
            assert ent.logouts == logouts + 1
        if target.effect == "relogin":  # CAS with its SSO cookie: straight back in, with a NEW session
            assert reply.status == 302 and "ticket=ST-" in reply.location


def test_disguised_endpoints_are_real(ent):
    client = logged_in(ent)
    assert client.request("/log%6Fut").status == 302 and is_logged_out(client)
    client = logged_in(ent)
    assert client.request("/d%C3%A9connexion").status == 302 and is_logged_out(client)
    client = logged_in(ent)
    assert client.request("/logout;.png").status == 302 and is_logged_out(client)
    client = logged_in(ent)
    script = client.request("/api/delete/x.js")
    assert script.status == 200 and script.headers["Content-Type"].startswith("application/javascript")
    assert not is_logged_out(client)


def test_the_document_redirects_to_a_logout_on_head_and_get(ent):
    client = logged_in(ent)
    for method in ("HEAD", "GET"):
        reply = client.request("/hostile/rapport.pdf", method=method)
        assert reply.status == 302 and reply.location == "/hostile/rapport/logout"
    assert not is_logged_out(client)  # the document itself harms nothing: its redirect target does
    client.request("/hostile/rapport/logout", method="HEAD")
    assert is_logged_out(client)


def test_scripts_workers_and_frames(ent):
    client = logged_in(ent)
    worker = client.request("/hostile/js/worker.js")
    assert worker.status == 200 and "/hostile/api/worker" in worker.text and '"POST"' in worker.text
    shared = client.request("/hostile/js/shared-worker.js")
    assert "/hostile/api/shared-worker" in shared.text and "onconnect" in shared.text
    sw = client.request("/hostile/sw.js")
    assert sw.headers["Content-Type"].startswith("application/javascript")
    assert '"install"' in sw.text and "/hostile/api/service-worker" in sw.text
    frame = client.request("/hostile/cadre/contenu").text
    assert "/hostile/api/cadre" in frame and 'location.href = "/hostile/cadre/logout"' in frame
    page = client.request("/hostile/cadre-tiers").text
    src = re.search(r'<iframe src="([^"]+)"', page).group(1)
    assert src.startswith(ent.third_party_url + "/hostile/cadre-tiers?ent=")
    third = client.request(html_lib.unescape(src)).text
    assert '"/hostile/api/tiers"' in third and f'"{ent.base_url}/hostile/cadre-tiers/logout"' in third
    assert f'"{ent.base_url}/hostile/api/cadre-tiers"' in third
    forged = client.request(ent.third_party_url + "/hostile/cadre-tiers?ent=javascript:alert(1)%22").text
    assert "javascript" not in forged and "cadre-tiers/logout" not in forged
    assert client.request(ent.third_party_url + "/tag.js").status == 200  # the partner host still serves its tags
    stream = client.request("/hostile/flux/marquer-lu")
    assert stream.headers["Content-Type"] == "text/event-stream" and stream.text.startswith("retry: 3600000")
    assert client.request(WEBSOCKET_PATH).status == 426


# -- the WebSocket -----------------------------------------------------------------------------------------------------


def _read_http_head(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    return data


def test_websocket_handshake_and_counted_messages(ent):
    client = logged_in(ent)
    before = ent.hostile_hits()["websocket"]
    host, port = ent.netloc.split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            (
                f"GET {WEBSOCKET_PATH} HTTP/1.1\r\nHost: {ent.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Cookie: ENTSESSION={client.cookie('ENTSESSION')}\r\n\r\n"
            ).encode()
        )
        head = _read_http_head(sock).decode()
        assert head.startswith("HTTP/1.1 101 ")
        assert f"Sec-WebSocket-Accept: {websocket_accept(key)}" in head
        big = b"x" * 70_000  # a 64-bit length
        for payload in (b'{"action": "supprimer", "id": 5}', big):
            sock.sendall(websocket_frame(1 if payload.startswith(b"{") else 2, payload, mask=os.urandom(4)))
        sock.sendall(websocket_frame(9, b"ping", mask=os.urandom(4)))
        assert sock.recv(64) == websocket_frame(10, b"ping")
        sock.sendall(websocket_frame(8, b"\x03\xe8", mask=os.urandom(4)))
        assert sock.recv(64) == websocket_frame(8, b"\x03\xe8")
    assert ent.hostile_hits()["websocket"][len(before) :] == [
        ("GET", WEBSOCKET_PATH),
        ("WS", WEBSOCKET_PATH),
        ("WS", WEBSOCKET_PATH),
    ]
    assert ent.websocket_messages()[-2:] == [b'{"action": "supprimer", "id": 5}', big]
    assert [e.status for e in ent.entries() if e.path == WEBSOCKET_PATH][-1] == 101


def test_websocket_accept_key_of_rfc_6455():
    assert websocket_accept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


# -- session ids in URLs, and the false positives ----------------------------------------------------------------------


def test_session_ids_are_put_in_urls_fresh_each_visit(ent):
    client = logged_in(ent)
    first = Forms(client.request("/hostile/liens-personnels").text).links
    second = Forms(client.request("/hostile/liens-personnels").text).links
    personal = [link for link in first if "session_id=" in link or "jeton=" in link or "/hostile/s/" in link]
    assert len(personal) == 9 and not set(personal) & set(second)
    ids = re.findall(r"session_id=([0-9a-f]+)", " ".join(first))
    jetons = re.findall(r"jeton=(\w+)", " ".join(first))
    segments = re.findall(r"/hostile/s/(\w+)/", " ".join(first))
    assert [len(v) for v in ids] == [32] * 3 and [len(v) for v in jetons] == [40] * 3
    assert [len(v) for v in segments] == [32] * 3
    assert all(not set(v) <= set(string.hexdigits) for v in segments)  # not mistaken for a hex id
    assert set(ids + jetons + segments) <= set(ent.url_secrets())
    for link in personal:
        reply = client.request(link)
        assert reply.status == 200 and "<h1>" in reply.text, link
    for forged in (
        "/hostile/liens-personnels/espace?session_id=REDACTED",
        "/hostile/liens-personnels/carnet",
        "/hostile/s/" + "A" * 32 + "/cahier-de-textes",
    ):  # unknown ids: not found, as on a real ENT
        assert client.request(forged).status == 404, forged


def test_false_positive_resources_are_served_and_counted(ent):
    client = logged_in(ent)
    page = client.request("/hostile/ressources-ordinaires").text
    before = ent.false_positive_hits()
    for url, kind in FALSE_POSITIVES.values():
        assert url in page
        reply = client.request(url)
        assert reply.status == 200, url
        assert {"css": "text/css", "js": "application/javascript", "png": "image/png"}[kind] in reply.headers[
            "Content-Type"
        ]
    after = ent.false_positive_hits()
    assert all(after[path] == before[path] + 1 for path in FALSE_POSITIVES)


def test_demo_command_has_hostile():
    assert build_parser().parse_args(["demo", "--hostile"]).hostile is True
    assert build_parser().parse_args(["demo"]).hostile is False


# -- heartbeat=True ----------------------------------------------------------------------------------------------------


def test_heartbeat_rule():
    beat = Heartbeat()
    assert beat.page("a")  # first page after the login: exempt
    assert beat.page("a")  # one page without a heartbeat since the previous one: tolerated
    assert not beat.page("a")  # the second in a row: the session dies
    assert beat.kills == 1
    for _ in range(5):  # a heartbeat after each page: never
        assert beat.page("b")
        beat.beat("b")
    # two pages of one session loading at once: B is requested before A's heartbeat, then both beat
    assert beat.page("c") and beat.page("c")
    beat.beat("c")
    beat.beat("c")
    assert beat.page("c") and beat.page("c")
    beat.beat("c")
    assert beat.page("c")
    assert beat.count == 8 and beat.kills == 1


def test_heartbeat_sessions_die_without_heartbeats_and_live_with_them(make_ent):
    ent = make_ent(login="twostep", heartbeat=True)
    client = Client(ent)
    assert twostep_login(client, *PUPIL).status == 302
    page = client.request("/")
    assert 'fetch("/api/session/current/", { method: "PUT"' in page.text
    assert client.request("/blog").status == 200  # one page without a heartbeat: tolerated
    dead = client.request("/aide")  # public: not a page load of the session
    assert dead.status == 200
    dead = client.request("/calendar/calendar")
    assert dead.status == 302 and dead.location.startswith("/auth/signin?next=")
    assert ent.heartbeat_logouts == 1 and ent.expired_sessions == 1
    assert client.request("/blog").status == 302  # really logged out
    login_page = client.request("/auth/signin")
    assert "/api/session/current/" not in login_page.text  # only a logged-in page beats

    alive = Client(ent)
    assert twostep_login(alive, *PUPIL).status == 302
    for path in ("/", "/blog", "/timeline/timeline", "/calendar/calendar", "/vie-scolaire", "/blog/post/3"):
        reply = alive.request(path)
        assert reply.status == 200, path
        beat = alive.request(HEARTBEAT_PATH, method="PUT", headers={"Content-Type": "application/json"})
        assert beat.status == 200 and json.loads(beat.body) == {"status": "ok"}
    assert ent.heartbeats == 6 and ent.heartbeat_logouts == 1
    assert Client(ent).request(HEARTBEAT_PATH, method="PUT").status == 401  # no session: nothing to keep alive
    assert [e.method for e in ent.non_get() if e.path == HEARTBEAT_PATH] == ["PUT"] * 7
