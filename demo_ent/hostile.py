"""hostile=True: the hostile demo ENT, one attack page per channel and disguise by which a crawler that merely
reads pages could still change data or end its own session; and heartbeat=True, an ENT whose pages keep their
session alive with a script (``PUT /api/session/current/``).

Every attack aims at TARGETS: endpoints that count what reaches the server, with its method (a target hit is
harm), and that really do what they say (the logout ones end the session, so a leak also shows as a lost
session and a new login). ``DemoENT.hostile_hits()`` reads the ledger, ``DemoENT.attacks()`` the table below.

The hub, /hostile/, is linked from the home page (the "Pièges" block of the portal). Its link texts and the
attack pages' own paths carry no action word, so that a careful crawler still visits every attack page; what it
must not do is follow, load or send what those pages hold.

The hub itself carries one attack: a write sent at load by narrow windows only (less than 1600 px wide). The
crawl's 1920 px window never sends it; Lighthouse's desktop preset (1350 px) does, unless Lighthouse's Chrome
is guarded too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import string
import struct
import threading
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import BinaryIO
from urllib.parse import quote, unquote

from .pages import Pages
from .routing import Route, route
from .web import STATIC_CACHE, Request, Response, binary, html, json_response, redirect, text

User = dict[str, str]
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
HUB = "/hostile/"
HUB_LINKS = [(HUB, "Scénarios de la démo hostile")]  # shown in the portal's "Pièges" block
WEBSOCKET_PATH = "/hostile/ws"
NARROW_WIDTH = 1600  # the hub's write is sent by windows narrower than this (Lighthouse desktop: 1350)


def decoded_path(path: str) -> str:
    """The path as the server's router sees it: percent-decoded, NFC (so /log%6Fut is /logout)."""
    return unicodedata.normalize("NFC", unquote(path))


# -- the attack table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """An endpoint an attack aims at. effect: what a hit does — "logout" (ends the session), "write" (changes
    data), "relogin" (the login page: a new session), "pass" (the ENT's own route answers: /auth/logout),
    "register" (a service worker script), "stream" (an event stream), "socket" (the WebSocket)."""

    path: str  # decoded path
    effect: str = "write"
    host: str = "ent"  # "ent" or "third" (the cross-site host)
    query: tuple[tuple[str, str], ...] = ()  # (name, value) pairs the request must carry to count

    def matches(self, request: Request) -> bool:
        if not self.query:
            return True
        return all(value in request.query.get(name, []) for name, value in self.query)


@dataclass(frozen=True)
class Attack:
    name: str
    page: str  # path of the page carrying the attack
    channel: str  # how it tries to harm
    disguise: str  # what hides it
    targets: tuple[Target, ...]
    title: str  # neutral label on the hub (no action word)
    link: str = ""  # the href a crawler must NOT follow (link attacks), as written in the page
    # where ent-audit must report what it spared: "link" (results.safety.links_not_followed), "request"
    # (results.safety.requests_blocked), "either", or "none" (a browser feature turned off makes no request)
    report: str = "request"
    # how an unguarded browser sets it off (tests/crawler/safety/test_hostile_e2e.py, control test): "load" (at
    # load), "leave" (when the page is left), "follow" (a link followed / a document fetched), "narrow" (a window
    # < 1600 px)
    trigger: str = "load"
    head: str = ""
    body: str = ""
    scripts: str = ""
    evidence: tuple[str, ...] = ()  # paths any of which, reported, accounts for the attack (default: link/targets)

    def report_paths(self) -> tuple[str, ...]:
        if self.evidence:
            return self.evidence
        paths = tuple(t.path for t in self.targets)
        return ((decoded_path(self.link.split("?")[0]),) + paths) if self.link else paths


def _js(code: str) -> str:
    return '<script>\n(function () {\n  "use strict";\n  var ignore = function () {};\n' + code + "})();\n</script>"


_JSON_POST = (
    '{ method: "%s", credentials: "same-origin", headers: { "Content-Type": "application/json" }, '
    "body: JSON.stringify(%s) }"
)


def _fetch(path: str, method: str, body: str, extra: str = "") -> str:
    options = _JSON_POST % (method, body)
    if extra:
        options = options[:-2] + ", " + extra + " }"
    return f'  fetch("{path}", {options}).catch(ignore);\n'


ATTACKS: tuple[Attack, ...] = (
    # -- links a crawler could follow: state changed by a GET ------------------------------------------------
    Attack(
        "nonce-wordpress",
        "/hostile/commentaires",
        "GET link changing a comment's state",
        "a CSRF nonce (?_wpnonce=) is the only sign of an action",
        (Target("/hostile/commentaires/7/statut"),),
        "commentaires du blog",
        link="/hostile/commentaires/7/statut?valeur=publie&_wpnonce=8c1d2e3f4a",
        report="link",
        trigger="follow",
        body="<p>Paul : « Très bonne sortie, merci ! » "
        '<a href="/hostile/commentaires/7/statut?valeur=publie&amp;_wpnonce=8c1d2e3f4a">Commentaire n° 7</a>'
        "</p>",
    ),
    Attack(
        "rollback-mediawiki",
        "/hostile/wiki",
        "GET link reverting a wiki page",
        "MediaWiki-like ?action=rollback&token=",
        (Target("/hostile/wiki/index.php"),),
        "wiki de la classe",
        link="/hostile/wiki/index.php?title=R%C3%A8glement&action=rollback&from=Eleve&token=5e1f0a9b3c7d%2B%5C",
        report="link",
        trigger="follow",
        body='<p>Page « Règlement » modifiée par Eleve. <a href="/hostile/wiki/index.php?title=R%C3%A8glement'
        '&amp;action=rollback&amp;from=Eleve&amp;token=5e1f0a9b3c7d%2B%5C">Historique</a></p>',
    ),
    Attack(
        "bienvenue-masquer",
        "/hostile/panneau-accueil",
        "GET link dismissing the welcome panel for good",
        "an action word (masquer) in the path, link text « OK »",
        (Target("/accueil/bienvenue/masquer"),),
        "panneau d'accueil",
        link="/accueil/bienvenue/masquer",
        report="link",
        trigger="follow",
        body='<div class="welcome-panel"><p>Bienvenue sur le nouvel ENT !</p>'
        '<p><a class="btn" href="/accueil/bienvenue/masquer">OK</a></p></div>',
    ),
    Attack(
        "texte-se-deconnecter",
        "/hostile/lien-texte",
        "GET link that logs out",
        "innocuous URL; only the link text « Se déconnecter » says so",
        (Target("/hostile/compte/k7", "logout"),),
        "lien de texte",
        link="/hostile/compte/k7",
        report="link",
        trigger="follow",
        body='<p><a class="menu-item" href="/hostile/compte/k7">Se déconnecter</a></p>',
    ),
    Attack(
        "aria-supprimer",
        "/hostile/lien-aria",
        "GET link that deletes a document",
        "innocuous URL and an icon; only aria-label « Supprimer » says so",
        (Target("/hostile/document/k8"),),
        "lien à icône",
        link="/hostile/document/k8",
        report="link",
        trigger="follow",
        body='<p>Devoir de mathématiques.pdf <a class="icon" href="/hostile/document/k8" aria-label="Supprimer">'
        '<svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16">'
        '<path d="M3 4h10l-1 11H4z" fill="currentColor"/></svg></a></p>',
    ),
    Attack(
        "title-supprimer",
        "/hostile/lien-title",
        "GET link that deletes a message",
        "innocuous URL and text; only title « Supprimer le message » says so",
        (Target("/hostile/message/k9"),),
        "lien avec infobulle",
        link="/hostile/message/k9",
        report="link",
        trigger="follow",
        body='<p><a href="/hostile/message/k9" title="Supprimer le message">Message de Mme Martin</a></p>',
    ),
    Attack(
        "rel-logout",
        "/hostile/lien-rel",
        "GET link that logs out",
        "innocuous URL and text; only rel says so",
        (Target("/hostile/compte/k10", "logout"),),
        "lien avec relation",
        link="/hostile/compte/k10",
        report="link",
        trigger="follow",
        body='<p><a href="/hostile/compte/k10" rel="nofollow logout">Mon compte</a></p>',
    ),
    Attack(
        "op-markread",
        "/hostile/parametre-op",
        "GET link marking a message read",
        "?op=markread",
        (Target("/hostile/messages/3"),),
        "paramètre op",
        link="/hostile/messages/3?op=markread",
        report="link",
        trigger="follow",
        body='<p><a href="/hostile/messages/3?op=markread">Message n° 3</a></p>',
    ),
    Attack(
        "do-delete",
        "/hostile/parametre-do",
        "GET link deleting a file",
        "?do=delete",
        (Target("/hostile/fichiers/9"),),
        "paramètre do",
        link="/hostile/fichiers/9?do=delete",
        report="link",
        trigger="follow",
        body='<p><a href="/hostile/fichiers/9?do=delete">Fichier n° 9</a></p>',
    ),
    Attack(
        "url-accent-encode",
        "/hostile/url-accent",
        "GET link that logs out",
        "/d%C3%A9connexion: the action word percent-encoded",
        (Target("/déconnexion", "logout"),),
        "adresse accentuée",
        link="/d%C3%A9connexion",
        report="link",
        trigger="follow",
        body='<p><a href="/d%C3%A9connexion">Mon espace</a></p>',
    ),
    Attack(
        "url-ascii-encode",
        "/hostile/url-ascii",
        "GET link that logs out",
        "/log%6Fut: an unreserved letter percent-encoded",
        (Target("/logout", "logout"),),
        "adresse encodée",
        link="/log%6Fut",
        report="link",
        trigger="follow",
        body='<p><a href="/log%6Fut">Mon profil</a></p>',
    ),
    Attack(
        "lien-cache-reconnexion",
        "/hostile/lien-cache",
        "hidden link to the login page",
        "« Se reconnecter », hidden: following it opens a new session",
        (),
        "lien discret",
        link="$login?source=reconnexion",
        report="link",
        trigger="follow",
        body='<p>Votre espace est prêt.</p><p hidden><a href="$login?source=reconnexion">Se reconnecter</a></p>',
    ),
    # -- writes sent by the page's scripts ----------------------------------------------------------------------
    Attack(
        "fetch-post",
        "/hostile/fetch-ecriture",
        "fetch POST at load",
        "a page script",
        (Target("/hostile/api/notes"),),
        "requête fetch (1)",
        scripts=_js(_fetch("/hostile/api/notes", "POST", '{ note: 20, eleve: "lea" }')),
    ),
    Attack(
        "fetch-put",
        "/hostile/fetch-mise-a-jour",
        "fetch PUT at load",
        "a page script",
        (Target("/hostile/api/preferences"),),
        "requête fetch (2)",
        scripts=_js(_fetch("/hostile/api/preferences", "PUT", '{ theme: "sombre" }')),
    ),
    Attack(
        "fetch-delete",
        "/hostile/fetch-retrait",
        "fetch DELETE at load",
        "a page script",
        (Target("/hostile/api/pieces-jointes/4"),),
        "requête fetch (3)",
        scripts=_js(_fetch("/hostile/api/pieces-jointes/4", "DELETE", "{}")),
    ),
    Attack(
        "xhr-post",
        "/hostile/xhr",
        "XMLHttpRequest POST at load",
        "a page script",
        (Target("/hostile/api/xhr"),),
        "requête XHR",
        scripts=_js(
            '  var xhr = new XMLHttpRequest();\n  xhr.open("POST", "/hostile/api/xhr");\n'
            '  xhr.setRequestHeader("Content-Type", "application/json");\n'
            "  xhr.send(JSON.stringify({ lu: true }));\n"
        ),
    ),
    Attack(
        "formulaire-auto",
        "/hostile/formulaire-auto",
        "a POST form submitted by script at load",
        "a hidden form",
        (Target("/hostile/api/absences/justifier"),),
        "formulaire automatique",
        body='<form id="justificatif" method="post" action="/hostile/api/absences/justifier">'
        '<input type="hidden" name="motif" value="maladie"></form>',
        scripts=_js('  document.getElementById("justificatif").submit();\n'),
    ),
    Attack(
        "beacon",
        "/hostile/balise",
        "navigator.sendBeacon when the page is hidden or left",
        "pagehide / visibilitychange",
        (Target("/hostile/api/balise"),),
        "balise de fin de visite",
        trigger="leave",
        scripts=_js(
            "  var sent = false;\n  function send() {\n    if (sent) { return; }\n    sent = true;\n"
            '    navigator.sendBeacon("/hostile/api/balise", JSON.stringify({ page: location.pathname }));\n  }\n'
            '  addEventListener("pagehide", send);\n'
            '  document.addEventListener("visibilitychange", function () {\n'
            '    if (document.visibilityState === "hidden") { send(); }\n  });\n'
        ),
    ),
    Attack(
        "keepalive",
        "/hostile/keepalive",
        "fetch(..., {keepalive: true}) POST when the page is left",
        "pagehide / unload",
        (Target("/hostile/api/keepalive"),),
        "requête de fin de visite",
        trigger="leave",
        scripts=_js(
            "  var sent = false;\n  function send() {\n    if (sent) { return; }\n    sent = true;\n"
            + "  "
            + _fetch("/hostile/api/keepalive", "POST", "{ fin: true }", "keepalive: true")
            + '  }\n  addEventListener("pagehide", send);\n  addEventListener("unload", send);\n'
            '  document.addEventListener("visibilitychange", function () {\n'
            '    if (document.visibilityState === "hidden") { send(); }\n  });\n'
        ),
    ),
    Attack(
        "narrow-window",
        HUB,
        "fetch POST at load, in windows narrower than 1600 px only",
        "the crawl's wide window never sees it; Lighthouse's desktop window (1350 px) does",
        (Target("/hostile/api/ecran-etroit"),),
        "",
        trigger="narrow",
    ),
    # -- other targets: windows, frames, workers ------------------------------------------------------------------
    Attack(
        "popup",
        "/hostile/fenetre",
        "window.open() of a logout URL at load",
        "a popup",
        (Target("/hostile/fenetre/logout", "logout"),),
        "fenêtre surgissante",
        scripts=_js('  window.open("/hostile/fenetre/logout", "_blank");\n'),
    ),
    Attack(
        "new-tab",
        "/hostile/onglet",
        "a target=_blank link to a logout URL clicked by script",
        "a new tab",
        (Target("/hostile/onglet/logout", "logout"),),
        "nouvel onglet",
        report="either",
        body='<p><a id="ouvrir" href="/hostile/onglet/logout" target="_blank">Cahier de textes</a></p>',
        scripts=_js('  document.getElementById("ouvrir").click();\n'),
    ),
    Attack(
        "iframe-same-origin",
        "/hostile/cadre",
        "a same-origin iframe whose script POSTs, then navigates itself to a logout URL",
        "an iframe",
        (Target("/hostile/api/cadre"), Target("/hostile/cadre/logout", "logout")),
        "cadre intégré",
        body='<iframe src="/hostile/cadre/contenu" title="Emploi du temps" width="400" height="120"></iframe>',
    ),
    Attack(
        "iframe-cross-site",
        "/hostile/cadre-tiers",
        "a cross-site (out-of-process) iframe whose script POSTs to "
        "its own host and to the ENT, then navigates itself to the ENT's logout URL",
        "an iframe of another site",
        (
            Target("/hostile/api/tiers", host="third"),
            Target("/hostile/api/cadre-tiers"),
            Target("/hostile/cadre-tiers/logout", "logout"),
        ),
        "cadre d'un partenaire",
        body='<iframe src="$third/hostile/cadre-tiers?ent=$origin_q" title="Ressources du partenaire" width="400"'
        ' height="120"></iframe>',
    ),
    Attack(
        "worker",
        "/hostile/worker",
        "a dedicated Worker that POSTs",
        "a worker",
        (Target("/hostile/api/worker"),),
        "travail en arrière-plan (1)",
        scripts=_js('  new Worker("/hostile/js/worker.js");\n'),
    ),
    Attack(
        "shared-worker",
        "/hostile/shared-worker",
        "a SharedWorker that POSTs",
        "a shared worker",
        (Target("/hostile/api/shared-worker"),),
        "travail en arrière-plan (2)",
        scripts=_js('  if (window.SharedWorker) { new SharedWorker("/hostile/js/shared-worker.js").port.start(); }\n'),
    ),
    Attack(
        "service-worker",
        "/hostile/service-worker",
        "a service worker registered at load, which POSTs when it installs and activates",
        "a service worker (its registration counts: off by default)",
        (Target("/hostile/sw.js", "register"), Target("/hostile/api/service-worker")),
        "travail en arrière-plan (3)",
        scripts=_js(
            "  if (navigator.serviceWorker) {\n"
            '    navigator.serviceWorker.register("/hostile/sw.js", { scope: "/hostile/" }).catch(ignore);\n  }\n'
        ),
    ),
    Attack(
        "websocket",
        "/hostile/websocket",
        "a WebSocket that sends a message to the server at open",
        "a WebSocket (the upgrade counts too: off by default)",
        (Target(WEBSOCKET_PATH, "socket"),),
        "canal temps réel",
        scripts=_js(
            '  var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + '
            f'"{WEBSOCKET_PATH}");\n'
            '  ws.onopen = function () { ws.send(JSON.stringify({ action: "supprimer", id: 5 })); };\n'
            "  ws.onerror = ignore;\n"
        ),
    ),
    Attack(
        "eventsource",
        "/hostile/flux",
        "an EventSource opened on a state-changing URL",
        "an event stream",
        (Target("/hostile/flux/marquer-lu", "stream"),),
        "flux d'événements",
        scripts=_js(
            '  var source = new EventSource("/hostile/flux/marquer-lu");\n'
            "  source.onmessage = function () { source.close(); };\n"
            "  source.onerror = function () { source.close(); };\n"
        ),
    ),
    # -- speculative loads (turned off: no request is made, so there may be nothing to report) ---------------------
    Attack(
        "speculation-prefetch",
        "/hostile/speculation-prefetch",
        "speculation rules: prefetch of a logout URL",
        "<script type=speculationrules>",
        (Target("/hostile/speculation/prefetch/logout", "logout"),),
        "chargement anticipé (1)",
        report="none",
        head='<script type="speculationrules">{"prefetch": [{"source": "list", "urls": '
        '["/hostile/speculation/prefetch/logout"]}]}</script>',
    ),
    Attack(
        "speculation-prerender",
        "/hostile/speculation-prerender",
        "speculation rules: prerender of a logout URL",
        "<script type=speculationrules>",
        (Target("/hostile/speculation/prerender/logout", "logout"),),
        "chargement anticipé (2)",
        report="none",
        head='<script type="speculationrules">{"prerender": [{"source": "list", "urls": '
        '["/hostile/speculation/prerender/logout"]}]}</script>',
    ),
    Attack(
        "link-prefetch",
        "/hostile/link-prefetch",
        "<link rel=prefetch> of a logout URL",
        "a resource hint",
        (Target("/hostile/prefetch/logout", "logout"),),
        "chargement anticipé (3)",
        report="none",
        head='<link rel="prefetch" href="/hostile/prefetch/logout">',
    ),
    Attack(
        "link-prerender",
        "/hostile/link-prerender",
        "<link rel=prerender> of a logout URL",
        "a resource hint",
        (Target("/hostile/prerender/logout", "logout"),),
        "chargement anticipé (4)",
        report="none",
        head='<link rel="prerender" href="/hostile/prerender/logout">',
    ),
    # -- navigations --------------------------------------------------------------------------------------------------
    Attack(
        "redirect-chain",
        "/hostile/raccourci",
        "GET /hostile/raccourci → 302 → 302 → /auth/logout",
        "an innocuous link whose second redirect logs out",
        (Target("/auth/logout", "pass"),),
        "raccourci",
        report="either",
        trigger="follow",
        evidence=("/auth/logout", "/hostile/raccourci", "/hostile/raccourci/suite"),
    ),
    Attack(
        "meta-refresh",
        "/hostile/rafraichissement",
        '<meta http-equiv=refresh content="0;url=/auth/logout">',
        "a refresh",
        (Target("/auth/logout", "pass"),),
        "page d'attente",
        head='<meta http-equiv="refresh" content="0;url=/auth/logout">',
    ),
    # -- sub-resources whose URL ends like a static file -----------------------------------------------------------
    Attack(
        "suffix-image",
        "/hostile/suffixe-image",
        "an <img> whose URL logs out",
        "/logout;.png: a static suffix",
        (Target("/logout;.png", "logout"),),
        "image de suivi",
        body='<p><img src="/logout;.png" alt="" width="1" height="1"></p>',
    ),
    Attack(
        "suffix-script",
        "/hostile/suffixe-script",
        "a <script> whose URL deletes",
        "/api/delete/x.js: a static suffix",
        (Target("/api/delete/x.js"),),
        "script externe",
        scripts='<script src="/api/delete/x.js"></script>',
    ),
    # -- a linked document --------------------------------------------------------------------------------------------
    Attack(
        "document-redirect",
        "/hostile/documents-joints",
        "a linked PDF whose HEAD and GET redirect to a logout URL",
        "a document (sized with HEAD)",
        (Target("/hostile/rapport/logout", "logout"),),
        "documents joints",
        report="either",
        trigger="follow",
        evidence=("/hostile/rapport.pdf", "/hostile/rapport/logout"),
        body='<ul><li><a href="/hostile/rapport.pdf">Rapport du conseil de classe (PDF)</a></li></ul>',
    ),
)
BY_NAME = {a.name: a for a in ATTACKS}

# Pages of the hub that hold no attack: session ids in URLs, and sub-resources that merely mention a deny word.
SESSION_LINKS_PAGE = "/hostile/liens-personnels"
ORDINARY_PAGE = "/hostile/ressources-ordinaires"
FALSE_POSITIVES = {  # path -> (URL as written in the page, kind)
    "/hostile/load.css": ("/hostile/load.css?modules=reset-editor-styles", "css"),
    "/hostile/js/editeur.js": ("/hostile/js/editeur.js?modules=delete-confirm,logout-timer", "js"),
    "/hostile/img/icone.png": ("/hostile/img/icone.png?nom=supprimer", "png"),
}
SECRET_LINKS = 3  # links of each kind on the session-links page, each with a fresh secret
_ALNUM = string.ascii_letters + string.digits
_HEX = set(string.hexdigits)


def _random_alnum(length: int) -> str:
    while True:
        value = "".join(secrets.choice(_ALNUM) for _ in range(length))
        if not set(value) <= _HEX:  # not a hex run: a template placeholder would not recognise it as an id
            return value


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))

    header = struct.pack("!IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xd0\x00\x0f"))
        + chunk(b"IEND", b"")
    )


TINY_PNG = _tiny_png()

_WORKER_JS = (
    'fetch("/hostile/api/worker", { method: "POST", credentials: "same-origin", '
    'headers: { "Content-Type": "application/json" }, body: JSON.stringify({ depuis: "worker" }) })'
    '.catch(function () {});\npostMessage("pret");\n'
)
_SHARED_WORKER_JS = (
    'fetch("/hostile/api/shared-worker", { method: "POST", credentials: "same-origin", '
    'headers: { "Content-Type": "application/json" }, body: JSON.stringify({ depuis: "shared" }) })'
    '.catch(function () {});\nonconnect = function (event) { event.ports[0].postMessage("pret"); };\n'
)
_SERVICE_WORKER_JS = """function send(step) {
  return fetch("/hostile/api/service-worker", { method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ etape: step }) }).catch(function () {});
}
self.addEventListener("install", function (event) { event.waitUntil(send("install")); self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(send("activate")); });
"""
_FRAME_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>%(title)s</title></head>
<body><p>%(title)s</p>
<script>
(function () {
  "use strict";
  var ignore = function () {};
%(code)s})();
</script>
</body></html>
"""


# -- the ledger -----------------------------------------------------------------------------------------------------


class Ledger:
    """What reached the targets (thread-safe): per attack, (method, path as requested); every WebSocket message;
    the false-positive resources fetched; the secrets put in URLs. Bounded."""

    LIMIT = 5000

    def __init__(self, attacks: tuple[Attack, ...]) -> None:
        self._lock = threading.Lock()
        self.attacks = attacks
        self._hits: dict[str, deque[tuple[str, str]]] = {a.name: deque(maxlen=self.LIMIT) for a in attacks}
        self._targets: dict[tuple[str, str], list[tuple[str, Target]]] = {}
        for attack in attacks:
            for target in attack.targets:
                self._targets.setdefault((target.host, target.path), []).append((attack.name, target))
        self.messages: deque[bytes] = deque(maxlen=self.LIMIT)
        self.false_positives: dict[str, int] = {path: 0 for path in FALSE_POSITIVES}
        self.url_secrets: deque[str] = deque(maxlen=self.LIMIT)

    def target(self, host: str, path: str) -> Target | None:
        found = self._targets.get((host, decoded_path(path)))
        return found[0][1] if found else None

    def observe(self, request: Request, host: str = "ent") -> None:
        """Record a request if it reaches a target (OPTIONS, a preflight, never changes anything: not counted).
        A target shared by several attacks (/auth/logout) records the hit under each of them."""
        if request.method == "OPTIONS":
            return
        path = decoded_path(request.path)
        with self._lock:
            for name, target in self._targets.get((host, path), []):
                if target.matches(request):
                    self._hits[name].append((request.method, request.target))
            if host == "ent" and path in self.false_positives:
                self.false_positives[path] += 1

    def record(self, name: str, method: str, target: str) -> None:
        with self._lock:
            self._hits[name].append((method, target))

    def message(self, payload: bytes) -> None:
        with self._lock:
            self.messages.append(payload)
            self._hits["websocket"].append(("WS", WEBSOCKET_PATH))

    def secret(self, value: str) -> str:
        with self._lock:
            self.url_secrets.append(value)
        return value

    def issued(self, value: str) -> bool:
        with self._lock:
            return bool(value) and value in self.url_secrets

    def hits(self) -> dict[str, list[tuple[str, str]]]:
        with self._lock:
            return {name: list(hits) for name, hits in self._hits.items()}

    def fetched(self) -> dict[str, int]:
        with self._lock:
            return dict(self.false_positives)

    def secrets(self) -> list[str]:
        with self._lock:
            return list(self.url_secrets)

    def websocket_messages(self) -> list[bytes]:
        with self._lock:
            return list(self.messages)


# -- the pages and endpoints --------------------------------------------------------------------------------------


class Hostile:
    """Routes, targets and ledger of the hostile variant. ``logout`` ends the request's session (and counts it)."""

    def __init__(
        self, pages: Pages, login_href: str, third_party_url: str, logout: Callable[[Request], Response]
    ) -> None:
        self.pages = pages
        self.login_href = login_href
        self.login_path = login_href.split("?")[0]
        self.third_party_url = third_party_url
        self.logout = logout
        self.attacks = tuple(self._with_login(a) for a in ATTACKS)
        self.ledger = Ledger(self.attacks)

    def _with_login(self, attack: Attack) -> Attack:
        if attack.name != "lien-cache-reconnexion":
            return attack
        return replace(
            attack,
            link=attack.link.replace("$login", self.login_href),
            targets=(Target(self.login_path, "relogin", query=(("source", "reconnexion"),)),),
        )

    # -- what the tests read ------------------------------------------------------------------------------------
    def attack_links(self, base_url: str) -> list[str]:
        """Absolute URLs of the links a crawler must report as not followed (report == "link")."""
        return [base_url + a.link for a in self.attacks if a.report == "link"]

    # -- routing ------------------------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        r = route
        routes = [r(r"/hostile/", self.hub)]
        for attack in self.attacks:
            if attack.page == HUB or attack.name == "redirect-chain":
                continue
            routes.append(r(attack.page.replace(".", r"\."), self._attack_view(attack)))
        routes += [
            r(r"/hostile/raccourci", lambda req, user: redirect("/hostile/raccourci/suite"), page=False),
            r(r"/hostile/raccourci/suite", lambda req, user: redirect("/auth/logout"), page=False),
            r(r"/hostile/rapport\.pdf", lambda req, user: redirect("/hostile/rapport/logout"), page=False, public=True),
            r(r"/hostile/cadre/contenu", self.frame, page=False),
            r(r"/hostile/js/worker\.js", lambda req, user: text(_WORKER_JS, "js"), public=True),
            r(r"/hostile/js/shared-worker\.js", lambda req, user: text(_SHARED_WORKER_JS, "js"), public=True),
            r(SESSION_LINKS_PAGE, self.session_links),
            r(SESSION_LINKS_PAGE + r"/espace", self.secret_page),
            r(SESSION_LINKS_PAGE + r"/carnet", self.secret_page),
            r(r"/hostile/s/([A-Za-z0-9]{32})/cahier-de-textes", self.secret_page),
            r(ORDINARY_PAGE, self.ordinary),
            r(
                r"/hostile/load\.css",
                lambda req, user: text("body.hostile { margin: 0; }\n", "css", cache_control=STATIC_CACHE),
                public=True,
            ),
            r(
                r"/hostile/js/editeur\.js",
                lambda req, user: text("window.editeurPret = true;\n", "js", cache_control=STATIC_CACHE),
                public=True,
            ),
            r(r"/hostile/img/icone\.png", lambda req, user: binary(TINY_PNG, "image/png"), public=True),
        ]
        return routes

    def intercept(self, request: Request) -> Response | None:
        """The target endpoints, answered before routing (their paths are matched decoded: /log%6Fut is /logout)."""
        target = self.ledger.target("ent", request.path)
        if target is None or target.effect in ("pass", "relogin"):
            return None
        if target.effect == "logout":
            return self.logout(request)
        if target.effect == "register":
            return text(_SERVICE_WORKER_JS, "js")
        if target.effect == "stream":
            response = Response(body=b"retry: 3600000\ndata: lu\n\n", content_type="text/event-stream", compress=False)
            return response
        if target.effect == "socket":
            return html("<h1>426 Upgrade Required</h1>", status=426).add_header("Upgrade", "websocket")
        return self.write(request)

    def write(self, request: Request) -> Response:
        """A write endpoint: it acts on any method (a GET link that changes data is the point)."""
        if request.path.endswith(".js"):
            return text("/* élément supprimé */\n", "js")
        if request.method in ("GET", "HEAD") and "html" in request.headers.get("accept", ""):
            return html(self.pages.message("Action effectuée", "La modification a été enregistrée.", None))
        return json_response({"ok": True, "cible": decoded_path(request.path)})

    # -- pages ----------------------------------------------------------------------------------------------------
    def _render(
        self, user: User, heading: str, intro: str, body: str = "", head: str = "", scripts: str = "", back: bool = True
    ) -> Response:
        return html(
            self.pages.render(
                "hostile.html",
                title=heading,
                user=user,
                heading=heading,
                intro=intro,
                body=body,
                head=head,
                scripts=scripts,
                back=back,
            )
        )

    def _substitute(self, request: Request, snippet: str) -> str:
        return string.Template(snippet).safe_substitute(
            login=self.login_href, third=self.third_party_url, origin_q=quote(request.origin, safe="")
        )

    def _attack_view(self, attack: Attack) -> Callable[[Request, User], Response]:
        def view(request: Request, user: User) -> Response:
            intro = f"Canal : {attack.channel}. Déguisement : {attack.disguise}."
            return self._render(
                user,
                f"Scénario : {attack.title}",
                intro,
                body=self._substitute(request, attack.body),
                head=self._substitute(request, attack.head),
                scripts=self._substitute(request, attack.scripts),
            )

        return view

    def hub(self, request: Request, user: User) -> Response:
        items = [(a.page, a.title) for a in self.attacks if a.page != HUB]
        items += [(SESSION_LINKS_PAGE, "liens personnels"), (ORDINARY_PAGE, "ressources ordinaires")]
        body = (
            '<ol class="scenarios">\n'
            + "".join(
                f'  <li><a href="{page}">Scénario {n:02d} : {title}</a></li>\n'
                for n, (page, title) in enumerate(items, 1)
            )
            + "</ol>"
        )
        narrow = _js(
            f"  if (window.innerWidth < {NARROW_WIDTH}) {{\n  "
            + _fetch("/hostile/api/ecran-etroit", "POST", "{ largeur: window.innerWidth }")
            + "  }\n"
        )
        return self._render(
            user,
            "Scénarios de la démo hostile",
            "Chaque page ci-dessous tente, d'une façon différente, de modifier des données ou de "
            "fermer la session de qui la visite.",
            body=body,
            scripts=narrow,
            back=False,
        )

    def frame(self, request: Request, user: User) -> Response:
        code = (
            _fetch("/hostile/api/cadre", "POST", '{ depuis: "cadre" }')
            + '  setTimeout(function () { location.href = "/hostile/cadre/logout"; }, 300);\n'
        )
        return html(_FRAME_PAGE % {"title": "Emploi du temps", "code": code})

    def session_links(self, request: Request, user: User) -> Response:
        """Links carrying session ids, a fresh one per link and per visit: ?session_id=<32 hex>, ?jeton=<40 random
        characters> and a path segment /s/<32 random characters>/."""
        items = []
        for n in range(1, SECRET_LINKS + 1):
            sid = self.ledger.secret(secrets.token_hex(16))
            items.append(f'<li><a href="{SESSION_LINKS_PAGE}/espace?session_id={sid}">Espace personnel ({n})</a></li>')
        for n in range(1, SECRET_LINKS + 1):
            jeton = self.ledger.secret(_random_alnum(40))
            items.append(f'<li><a href="{SESSION_LINKS_PAGE}/carnet?jeton={jeton}">Carnet de liaison ({n})</a></li>')
        for n in range(1, SECRET_LINKS + 1):
            segment = self.ledger.secret(_random_alnum(32))
            items.append(f'<li><a href="/hostile/s/{segment}/cahier-de-textes">Cahier de textes ({n})</a></li>')
        return self._render(
            user,
            "Liens personnels",
            "Ces liens portent un identifiant de session.",
            body="<ul>\n" + "\n".join(items) + "\n</ul>",
        )

    def secret_page(self, request: Request, user: User, *groups: str) -> Response:
        """A normal page, served only with a session id this ENT handed out (else 404, as a real one would)."""
        value = groups[0] if groups else request.arg("session_id" if request.path.endswith("/espace") else "jeton")
        if not self.ledger.issued(value):
            return html(self.pages.message("Page introuvable", "Identifiant de session inconnu.", user), status=404)
        heading = (
            "Cahier de textes"
            if groups
            else ("Espace personnel" if request.path.endswith("/espace") else "Carnet de liaison")
        )
        return self._render(user, heading, "Une page ordinaire, dont l'adresse porte un identifiant de session.")

    def ordinary(self, request: Request, user: User) -> Response:
        css, js, png = (FALSE_POSITIVES[p][0] for p in FALSE_POSITIVES)
        return self._render(
            user,
            "Ressources ordinaires",
            "Une feuille de style, un script et une image dont l'adresse mentionne seulement un mot "
            "interdit : ils doivent être chargés.",
            head=f'<link rel="stylesheet" href="{css}">',
            body=f'<p><img src="{png}" alt="Icône" width="16" height="16"></p>',
            scripts=f'<script src="{js}"></script>',
        )

    # -- the cross-site host -------------------------------------------------------------------------------------
    def third_party(self, app: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def serve(request: Request) -> Response:
            self.ledger.observe(request, "third")
            target = self.ledger.target("third", request.path)
            if target is not None:
                return json_response({"ok": True})
            if request.path == "/hostile/cadre-tiers" and request.method in ("GET", "HEAD"):
                ent = request.arg("ent")
                if not ent.startswith(("http://", "https://")) or not all(c.isalnum() or c in ":/.-[]" for c in ent):
                    ent = ""
                code = _fetch("/hostile/api/tiers", "POST", '{ depuis: "tiers" }') + (
                    f'  fetch({json.dumps(ent + "/hostile/api/cadre-tiers")}, {{ method: "POST", mode: '
                    '"no-cors", credentials: "include", body: "depuis=tiers" }).catch(ignore);\n'
                    "  setTimeout(function () { location.href = "
                    f"{json.dumps(ent + '/hostile/cadre-tiers/logout')}; }}, 300);\n"
                    if ent
                    else ""
                )
                return html(_FRAME_PAGE % {"title": "Ressources du partenaire", "code": code})
            return app(request)

        return serve

    # -- the WebSocket ---------------------------------------------------------------------------------------------
    def websocket(self, request: Request) -> Callable[[bytes], None] | None:
        """The message handler of a WebSocket upgrade to /hostile/ws (the upgrade is a hit), else None."""
        if decoded_path(request.path) != WEBSOCKET_PATH:
            return None
        self.ledger.record("websocket", request.method, request.target)
        return self.ledger.message


# -- RFC 6455, the minimum: handshake and frames ---------------------------------------------------------------------

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
WS_MAX_PAYLOAD = 1024 * 1024


def websocket_accept(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key.strip() + WS_GUID).encode("ascii")).digest()).decode("ascii")


def websocket_frame(opcode: int, payload: bytes = b"", mask: bytes = b"") -> bytes:
    """One final frame; masked when ``mask`` (4 bytes) is given, as a client sends it."""
    length = len(payload)
    head = bytes([0x80 | opcode])
    bit = 0x80 if mask else 0
    if length < 126:
        head += bytes([bit | length])
    elif length < 1 << 16:
        head += bytes([bit | 126]) + struct.pack("!H", length)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", length)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + mask + payload


def _read_exact(rfile: BinaryIO, size: int) -> bytes | None:
    data = rfile.read(size) if size else b""
    return data if data is not None and len(data) == size else None


def websocket_session(rfile: BinaryIO, wfile: BinaryIO, on_message: Callable[[bytes], None]) -> None:
    """Read client frames until a close frame or the end of the connection: text and binary messages (fragments
    joined) go to on_message, pings are answered, a close is echoed."""
    fragments: list[bytes] = []
    while True:
        head = _read_exact(rfile, 2)
        if head is None:
            return
        fin, opcode = head[0] & 0x80, head[0] & 0x0F
        masked, length = head[1] & 0x80, head[1] & 0x7F
        if length == 126:
            raw = _read_exact(rfile, 2)
            if raw is None:
                return
            length = struct.unpack("!H", raw)[0]
        elif length == 127:
            raw = _read_exact(rfile, 8)
            if raw is None:
                return
            length = struct.unpack("!Q", raw)[0]
        if length > WS_MAX_PAYLOAD:
            wfile.write(websocket_frame(8, struct.pack("!H", 1009)))
            wfile.flush()
            return
        mask = _read_exact(rfile, 4) if masked else b""
        payload = _read_exact(rfile, length)
        if mask is None or payload is None:
            return
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if opcode == 8:  # close: echo the status code, then end
            wfile.write(websocket_frame(8, payload[:2]))
            wfile.flush()
            return
        if opcode == 9:
            wfile.write(websocket_frame(10, payload))
            wfile.flush()
            continue
        if opcode == 10:
            continue
        if opcode in (0, 1, 2):
            fragments.append(payload)
            if fin:
                on_message(b"".join(fragments))
                fragments = []


# -- heartbeat=True ----------------------------------------------------------------------------------------------------

HEARTBEAT_PATH = "/api/session/current/"
HEARTBEAT_SCRIPT = (
    '<script>addEventListener("load", function () { fetch("/api/session/current/", { method: "PUT", '
    'credentials: "same-origin", headers: { "Content-Type": "application/json" }, '
    "body: JSON.stringify({ active: true, at: Date.now() }) }).catch(function () {}); });</script>\n"
)


@dataclass
class _Beat:
    pages: int = 0
    beat: bool = False  # a heartbeat arrived since the session's previous page load
    misses: int = 0  # consecutive page loads that came without a heartbeat since the one before


class Heartbeat:
    """A session dies at the second consecutive page load that came without any heartbeat since the page load
    before it (the first page after the login is exempt); a few pages loading at once for one session are thus
    tolerated. Thread-safe, bounded."""

    KEEP = 5000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, _Beat] = {}
        self.count = 0  # heartbeats received
        self.kills = 0  # sessions ended for want of heartbeats

    def _state(self, key: str) -> _Beat:
        state = self._sessions.get(key)
        if state is None:
            state = self._sessions[key] = _Beat()
            while len(self._sessions) > self.KEEP:
                self._sessions.pop(next(iter(self._sessions)))
        return state

    def beat(self, key: str) -> None:
        with self._lock:
            self._state(key).beat = True
            self.count += 1

    def page(self, key: str) -> bool:
        """A page load of this session: False when the session must die now."""
        with self._lock:
            state = self._state(key)
            if state.pages:
                state.misses = 0 if state.beat else state.misses + 1
            state.pages += 1
            state.beat = False
            if state.misses >= 2:
                self._sessions.pop(key, None)
                self.kills += 1
                return False
            return True

    def view(self, request: Request, key: str | None) -> Response:
        if key:
            self.beat(key)
        return json_response({"status": "ok"})


def add_heartbeat(response: Response) -> Response:
    """The heartbeat script, before </body> of an HTML page (anything else is left as it is)."""
    if response.status != 200 or not response.content_type.startswith("text/html"):
        return response
    at = response.body.rfind(b"</body>")
    if at >= 0:
        response.body = response.body[:at] + HEARTBEAT_SCRIPT.encode() + response.body[at:]
    return response


__all__ = [
    "ATTACKS",
    "Attack",
    "Heartbeat",
    "Hostile",
    "Ledger",
    "Target",
    "add_heartbeat",
    "websocket_accept",
    "websocket_frame",
    "websocket_session",
    "HUB_LINKS",
    "HEARTBEAT_PATH",
    "FALSE_POSITIVES",
]
