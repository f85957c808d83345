"""extras=True: trap pages for crawler tests (writing JavaScript, redirect to logout, slow page,
503 + Retry-After, robots.txt-disallowed page, heavy downloads) and the endpoints they aim at."""

from __future__ import annotations

import threading
from collections import OrderedDict

from . import content, media
from .logins import SESSION_COOKIE
from .pages import Pages
from .routing import Route, route
from .web import Request, Response, binary, html, json_response, redirect, text

User = dict[str, str]

LINKS = [
    ("/pieges/js-ecrit", "Page dont le script supprime et marque comme lu"),
    ("/pieges/raccourci", "Raccourci (redirige vers la déconnexion)"),
    ("/pieges/lent", "Page très lente"),
    ("/pieges/indisponible", "Page momentanément indisponible"),
    ("/pieges/interdit", "Page interdite aux robots"),
    ("/pieges/documents", "Documents à télécharger"),
]
ROBOTS_RULE = "Disallow: /pieges/interdit\n"
FILES = [
    ("/workspace/document/1/devoir-1.pdf", "Devoir 1 (PDF)"),
    ("/docs/reglement.docx", "Règlement intérieur (Word, 40 Ko)"),
    ("/docs/photos-sortie.zip", "Photos de la sortie (archive ZIP, 200 Ko)"),
    ("/docs/presentation.mp4", "Présentation du collège (vidéo MP4, 300 Ko)"),
]
MESSAGE_IDS = {m["id"] for m in content.MESSAGES}


class FirstAsk:
    """Whether a session asks for the first time (the once-per-session 503 pages): thread-safe, bounded, cleared
    by ``DemoENT.reset``. A request without a session (HTTP Basic) is first once per reset."""

    LIMIT = 5000  # sessions remembered; the oldest are forgotten first

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, bool] = OrderedDict()

    def first(self, request: Request) -> bool:
        key = request.cookies.get(SESSION_COOKIE, "")
        with self._lock:
            first = key not in self._seen
            self._seen[key] = True
            while len(self._seen) > self.LIMIT:
                self._seen.popitem(last=False)
        return first

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


class TrapPages:
    def __init__(self, pages: Pages, slow_seconds: float, stopping: threading.Event) -> None:
        self.pages = pages
        self.slow_seconds = slow_seconds
        self.stopping = stopping  # set when the server stops: the slow page stops waiting
        self._asked = FirstAsk()  # sessions that already got their 503

    def reset(self) -> None:
        self._asked.reset()

    def routes(self) -> list[Route]:
        return [
            route(r"/pieges/js-ecrit", self.js_writes),
            route(r"/pieges/raccourci", lambda req, user: redirect("/auth/logout"), page=False),
            route(r"/pieges/lent", self.slow),
            route(r"/pieges/indisponible", self.unavailable),
            route(r"/pieges/interdit", self.forbidden_to_robots),
            route(r"/pieges/documents", self.documents),
            route(r"/docs/reglement\.docx", self.docx, page=False),
            route(r"/docs/photos-sortie\.zip", self.zip, page=False),
            route(r"/docs/presentation\.mp4", self.mp4, page=False),
            # the endpoints /pieges/js-ecrit writes to
            route(r"/conversation/api/messages/([1-9]\d*)", self.delete_message, api=True, methods=("DELETE",)),
            route(r"/conversation/api/messages/([1-9]\d*)/read", self.mark_read, api=True, methods=("PUT",)),
            route(r"/conversation/api/messages/([1-9]\d*)/markasread", self.mark_read, api=True),
            route(r"/stats/beacon", lambda req, user: text("", "txt", status=204), public=True, methods=("POST",)),
        ]

    # -- pages ------------------------------------------------------------------------
    def js_writes(self, request: Request, user: User) -> Response:
        return html(self.pages.render("pieges_js.html", title="Lecture du message", user=user))

    def slow(self, request: Request, user: User) -> Response:
        self.stopping.wait(self.slow_seconds)
        return html(self.pages.message("Page lente", f"Cette page a mis {self.slow_seconds:g} s à répondre.", user))

    def unavailable(self, request: Request, user: User) -> Response:
        if self._asked.first(request):
            page = self.pages.message(
                "Service momentanément indisponible",
                "Le service est en maintenance, réessayez dans un instant.",
                user,
                css_class="error",
            )
            return html(page, status=503).add_header("Retry-After", "1")
        return html(self.pages.message("Service rétabli", "Le service est de nouveau disponible.", user))

    def forbidden_to_robots(self, request: Request, user: User) -> Response:
        return html(
            self.pages.message(
                "Page interdite aux robots", "robots.txt interdit cette page : un robot poli ne la visite pas.", user
            )
        )

    def documents(self, request: Request, user: User) -> Response:
        page = self.pages.render("pieges_documents.html", title="Documents à télécharger", user=user, files=FILES)
        return html(page)

    # -- downloads ------------------------------------------------------------------------
    @staticmethod
    def _attachment(data: bytes, content_type: str, name: str, stream: bool = False) -> Response:
        response = binary(data, content_type, cache_control="no-store", stream=stream)
        return response.add_header("Content-Disposition", f'attachment; filename="{name}"')

    def docx(self, request: Request, user: User) -> Response:
        return self._attachment(media.reglement_docx(), media.DOCX_TYPE, "reglement.docx")

    def zip(self, request: Request, user: User) -> Response:
        """No Content-Length, not even on HEAD: sent chunked, like a generated archive."""
        return self._attachment(media.photos_zip(), "application/zip", "photos-sortie.zip", stream=True)

    def mp4(self, request: Request, user: User) -> Response:
        return binary(media.presentation_mp4(), "video/mp4")

    # -- write endpoints ----------------------------------------------------------------
    def delete_message(self, request: Request, user: User, n: str) -> Response:
        if int(n) not in MESSAGE_IDS:
            return json_response({"error": "message introuvable"}, status=404)
        return json_response({"id": int(n), "deleted": True})

    def mark_read(self, request: Request, user: User, n: str) -> Response:
        if int(n) not in MESSAGE_IDS:
            return json_response({"error": "message introuvable"}, status=404)
        return json_response({"id": int(n), "unread": False})
