"""faults=True: pages that fail in the ways real ENTs fail, for the reliability tests (RELIABILITY.md).

All are reached from one index, /pannes/, and need the session like the rest of the ENT. They are bare pages
(no site layout: their numbers are known exactly, and a crawl of depth 1 from the index stays small) with a
``data:`` favicon, so the browser makes no favicon request.
"""

from __future__ import annotations

import threading
from html import escape

from . import assets
from .routing import Route, route
from .traps import FirstAsk
from .web import Request, Response, html, json_response, redirect

User = dict[str, str]

HUGE_DOM_ELEMENTS = 50_000  # /pannes/dom-geant: elements of the document, <svg> descendants excluded (EcoIndex)
POLL_MS = 100  # /pannes/occupee asks /pannes/ping this often, for ever
CUT_BODY_AT = 600  # /pannes/coupee: body bytes sent before the connection is closed
# windows-1252 text: é è à ç ô (also in Latin-1) and œ ’ € « » (0x80–0x9F or beyond ASCII: only in windows-1252)
CP1252_TITLE = "Bulletin du 1er trimestre : élèves, cœur d’étude, 12 € « à régler »"

LINKS = [
    ("/pannes/503-puis-ok", "Indisponible une fois (503), puis disponible"),
    ("/pannes/erreur-500", "Erreur interne (500) à chaque fois"),
    ("/pannes/lente", "Plus lente que le délai d'attente"),
    ("/pannes/coupee", "Connexion coupée au milieu de la réponse"),
    ("/pannes/boucle", "Boucle de redirections"),
    ("/pannes/dom-geant", "Page de 50 000 éléments"),
    ("/pannes/html-invalide", "HTML invalide"),
    ("/pannes/cp1252-declare", "Page en windows-1252, encodage déclaré"),
    ("/pannes/cp1252-non-declare", "Page en windows-1252, encodage non déclaré"),
    ("/pannes/occupee", "Page dont les scripts interrogent le serveur sans fin"),
    ("/pannes/navigue", "Page qui part d'elle-même vers une autre"),
    ("/pannes/pdf-en-html", "PDF envoyé comme du HTML"),
    ("/pannes/ressources-404", "Image, feuille de style et script introuvables (404)"),
    ("/actualites", "Nouveautés (page normale)"),
    ("/aide", "Aide (page normale)"),
]


def bare_page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f'<link rel="icon" href="data:,">\n{head}</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n{body}'
        "</main>\n</body>\n</html>\n"
    )


def huge_dom_page() -> str:
    """html head meta title link body main h1 svg div = 10 elements, empty <i>s make up the rest (light to parse
    and lay out); the <svg>'s two children are not counted (EcoIndex method)."""
    body = (
        '<svg width="10" height="10" aria-hidden="true"><rect width="5" height="5"/><circle r="2"/></svg>\n'
        f"<div>{'<i></i>' * (HUGE_DOM_ELEMENTS - 10)}</div>\n"
    )
    return bare_page("Page au DOM géant", body)


INVALID_HTML = """<html><head><title>HTML invalide</title><link rel="icon" href="data:,"></head>
<body><h1>HTML invalide<h1>
<p>Un paragraphe <b>gras <i>et italique</b> mal imbriqués</i>
<div><p>Un bloc dans un paragraphe</div></p></span>
<table><tr><td>cellule<td>sans fin</table>
<ul><li>un<li>deux</ul>
<img src="data:," alt="vide" alt="en double">
<a href="/pannes/" title="index" title="doublon">retour à l'index
</body>
"""

PING_SCRIPT = f"""<script>
setInterval(function () {{
  fetch("/pannes/ping", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).catch(function () {{}});
}}, {POLL_MS});
</script>
"""

LEAVE_SCRIPT = """<script>
addEventListener("load", function () { location.replace("/pannes/arrivee"); });
</script>
"""


class FaultPages:
    def __init__(self, slow_seconds: float, stopping: threading.Event) -> None:
        self.slow_seconds = slow_seconds
        self.stopping = stopping  # set when the server stops: the slow page stops waiting
        self.slow_started = threading.Event()  # set when /pannes/lente starts answering (tests act while it waits)
        self._asked = FirstAsk()  # sessions that already got their 503

    def reset(self) -> None:
        self._asked.reset()

    def routes(self) -> list[Route]:
        return [
            route(r"/pannes/", self.index),
            route(r"/pannes/503-puis-ok", self.unavailable_once),
            route(r"/pannes/erreur-500", self.internal_error),
            route(r"/pannes/lente", self.slow),
            route(r"/pannes/coupee", self.cut),
            route(r"/pannes/boucle", lambda req, user: redirect("/pannes/boucle-bis"), page=False),
            route(r"/pannes/boucle-bis", lambda req, user: redirect("/pannes/boucle"), page=False),
            route(r"/pannes/dom-geant", lambda req, user: html(huge_dom_page())),
            route(r"/pannes/html-invalide", lambda req, user: html(INVALID_HTML)),
            route(r"/pannes/cp1252-declare", self.cp1252_declared),
            route(r"/pannes/cp1252-non-declare", self.cp1252_undeclared),
            route(r"/pannes/occupee", self.busy),
            route(r"/pannes/ping", lambda req, user: json_response({"ok": True}), api=True),
            route(r"/pannes/navigue", self.leaves),
            route(r"/pannes/arrivee", self.arrival),
            route(r"/pannes/pdf-en-html", self.pdf_as_html),
            route(r"/pannes/ressources-404", self.missing_resources),
        ]

    def index(self, request: Request, user: User) -> Response:
        items = "".join(f'<li><a href="{href}">{escape(label)}</a></li>\n' for href, label in LINKS)
        return html(bare_page("Pannes", f"<ul>\n{items}</ul>\n"))

    def unavailable_once(self, request: Request, user: User) -> Response:
        """503 without Retry-After the first time a session asks, 200 afterwards."""
        if self._asked.first(request):
            return html(bare_page("Service indisponible", "<p>En maintenance.</p>\n"), status=503)
        return html(bare_page("Service rétabli", "<p>Le service est de nouveau disponible.</p>\n"))

    def internal_error(self, request: Request, user: User) -> Response:
        return html(bare_page("Erreur interne", "<p>Le serveur a rencontré une erreur.</p>\n"), status=500)

    def slow(self, request: Request, user: User) -> Response:
        self.slow_started.set()
        self.stopping.wait(self.slow_seconds)
        return html(bare_page("Page lente", f"<p>Cette page a mis {self.slow_seconds:g} s à répondre.</p>\n"))

    def cut(self, request: Request, user: User) -> Response:
        """Headers with the full Content-Length, CUT_BODY_AT bytes of the body, then the connection closes."""
        filler = "".join(f"<p>Paragraphe {n} d'une page qui ne finira pas d'arriver.</p>\n" for n in range(60))
        response = html(bare_page("Connexion coupée", filler))
        response.compress = False  # so the cut falls at a known byte of the body
        response.drop_after = CUT_BODY_AT
        return response

    def cp1252_declared(self, request: Request, user: User) -> Response:
        response = html(self._cp1252_page())
        response.body = response.body.decode("utf-8").encode("cp1252")
        response.content_type = "text/html; charset=windows-1252"
        return response

    def cp1252_undeclared(self, request: Request, user: User) -> Response:
        """No charset in Content-Type nor in a <meta>: the browser has to guess."""
        page = self._cp1252_page().replace('<meta charset="utf-8">\n', "")
        response = html(page)
        response.body = response.body.decode("utf-8").encode("cp1252")
        response.content_type = "text/html"
        return response

    @staticmethod
    def _cp1252_page() -> str:
        return bare_page(CP1252_TITLE, "<p>Moyenne générale : 14,5. Appréciation : « très bon trimestre ».</p>\n")

    def busy(self, request: Request, user: User) -> Response:
        return html(
            bare_page(
                "Page occupée", f"<p>Cette page interroge le serveur toutes les {POLL_MS} ms.</p>\n", head=PING_SCRIPT
            )
        )

    def leaves(self, request: Request, user: User) -> Response:
        return html(
            bare_page("Page de départ", "<p>Cette page part d'elle-même après son chargement.</p>\n", head=LEAVE_SCRIPT)
        )

    def arrival(self, request: Request, user: User) -> Response:
        return html(bare_page("Page d'arrivée", "<p>La page de départ a mené ici.</p>\n"))

    def pdf_as_html(self, request: Request, user: User) -> Response:
        response = html("")
        response.body, response.content_type = assets.pdf_document(1), "text/html"
        return response

    def missing_resources(self, request: Request, user: User) -> Response:
        head = '<link rel="stylesheet" href="/pannes/absente.css">\n<script src="/pannes/absent.js"></script>\n'
        body = '<p><img src="/pannes/absente.png" alt="Image introuvable" width="40" height="40"></p>\n'
        return html(bare_page("Ressources introuvables", body, head=head))
