"""The ENT application: routing, the session gate, and the page/API/asset views."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from . import assets, content, sitemap
from .accounts import Accounts, User
from .auth import AuthStore
from .basic_auth import BasicLogin
from .cas import CasFlow
from .classroom import LINKS as CLASS_LINKS
from .classroom import ClassPages
from .faults import FaultPages
from .hardening import harden
from .hostile import HEARTBEAT_PATH, HUB_LINKS, Heartbeat, Hostile, add_heartbeat
from .lab import Lab
from .legal import LegalPages
from .logins import LoginFlow
from .openent import OpenEntLogin
from .options import BLOG_PAGE_SIZE, EntOptions
from .pages import Pages
from .routing import Route, lookup, route
from .session_limit import SessionMeter
from .traps import LINKS as TRAP_LINKS
from .traps import ROBOTS_RULE, TrapPages
from .twostep import TwoStepLogin
from .web import NO_STORE, STATIC_CACHE, Request, Response, binary, html, json_response, redirect, text

LOGIN_FLOWS: dict[str, type[LoginFlow]] = {
    "cas": CasFlow,
    "openent": OpenEntLogin,
    "twostep": TwoStepLogin,
    "basic": BasicLogin,
}


HEAVY_FIGURE = (
    '<figure class="photo-sortie"><img src="/assets/img/lourde.png" alt="Photo de la sortie scolaire"'
    ' width="400" height="250" loading="lazy"></figure>\n'
)


def add_heavy_image(response: Response) -> Response:
    """heavy_page variant: the page's HTML gains one ~300 kB image at the end of its main content
    (before </main>, else before </body>); anything but an HTML 200 answer is left as it is."""
    if response.status != 200 or not response.content_type.startswith("text/html"):
        return response
    for marker in (b"</main>", b"</body>"):
        at = response.body.rfind(marker)
        if at >= 0:
            response.body = response.body[:at] + HEAVY_FIGURE.encode() + response.body[at:]
            break
    return response


class EntApp:
    def __init__(
        self,
        auth: AuthStore,
        username: str,
        password: str,
        third_party_url: str,
        options: EntOptions | None = None,
        stopping: threading.Event | None = None,
        http_url: str | None = None,
    ) -> None:
        """http_url: the plain-HTTP companion of a TLS ENT (the lab's mixed-content page points at it)."""
        self.options = options or EntOptions()
        self.accounts = Accounts((username, password), self.options.second_user)
        self.login = LOGIN_FLOWS[self.options.login](auth, self.accounts)
        extra: dict[str, object] = {} if self.options.login == "cas" else {"login_href": self.login.login_href}
        if self.options.lab:
            extra["lab"] = True  # a "Laboratoire" entry in the base navigation
        if self.options.hardened:
            extra["ecodesign"] = True  # the footer links the déclaration d'écoconception
        self.pages = Pages(**extra)
        self.meter = SessionMeter(self.options.session_requests)
        self.traps = TrapPages(self.pages, self.options.slow_seconds, stopping or threading.Event())
        self.faults = FaultPages(self.options.slow_seconds, stopping or threading.Event())
        self.legal = LegalPages(self.pages, ecodesign=self.options.hardened)
        self.lab = Lab(self.pages, third_party_url, http_url) if self.options.lab else None
        self.classroom = ClassPages(self.pages, self.not_found) if self.options.class_pages else None
        self.third_party_url = third_party_url
        self.logouts = 0  # live sessions ended by a logout endpoint (/auth/logout, and the hostile ones)
        self.marked_read: set[int] = set()  # unread messages a GET of /conversation/api/messages/:id marked as read
        self._logout_lock = threading.Lock()
        self.hostile = (
            Hostile(self.pages, self.login.login_href, third_party_url, self.logout) if self.options.hostile else None
        )
        self.heartbeat = Heartbeat() if self.options.heartbeat else None
        self.routes = self._routes()
        assets.annonce_wav()  # generated once at startup

    def _routes(self) -> list[Route]:
        r = route
        routes = self.login.routes() + [
            r(r"/auth/logout", lambda req, user: self.logout(req), public=True),
            r(r"/robots.txt", self.robots, public=True),
            r(re.escape(sitemap.INDEX_PATH), self.sitemap_index, public=True),
            r(re.escape(sitemap.PAGES_PATH), self.sitemap_pages, page=False),
            r(r"/aide", self.help, public=True),
            r(r"/assets/(css|js)/([\w.-]+)", self.static_text, public=True),
            r(r"/assets/img/logo\.svg", self.logo, public=True),
            r(r"/assets/img/rentree\.png", self.hero, public=True),
            r(r"/assets/img/blog/([1-9]\d*)\.png", self.blog_image, public=True),
            r(r"/assets/fonts/([\w.-]+\.woff2)", self.font, public=True),
            r(r"/assets/media/annonce\.wav", self.announcement, public=True),
            r(r"/accessibilite", self.accessibility, public=True),
            r(r"/vie-scolaire/widget", self.school_life_widget, public=True),
            *self.legal.routes(),
            r(r"/", self.portal),
            r(r"/redirect-to-blog", lambda req, user: redirect("/blog", status=301), page=False),
            r(r"/actualites", self.news),
            r(r"/timeline/timeline", self.timeline),
            r(r"/timeline/lastNotifications", self.notifications, api=True),
            r(r"/conversation/conversation", self.conversation),
            r(r"/conversation/api/folders/inbox/messages", self.inbox, api=True),
            r(r"/conversation/api/messages/([1-9]\d*)", self.message, api=True),
            r(r"/conversation/trash/empty", self.empty_trash),
            r(r"/workspace/workspace", self.workspace),
            r(r"/workspace/document/([1-9]\d*)/devoir-([1-9]\d*)\.pdf", self.document, page=False),
            r(r"/workspace/document/([1-9]\d*)/delete", self.delete_document),
            r(r"/blog", self.blog),
            r(r"/blog/post/([1-9]\d*)", self.blog_post),
            r(r"/calendar/calendar", self.calendar),
            r(r"/calendar/export\.ics", self.calendar_ics, page=False),
            r(r"/vie-scolaire", self.school_life),
            r(r"/admin", self.admin),
        ]
        if self.options.second_user:
            routes.append(r(r"/parent/suivi", self.parent_follow_up))
        if self.options.extras:
            routes += self.traps.routes()
        if self.options.faults:
            routes += self.faults.routes()
        if self.lab is not None:
            routes += self.lab.routes()
        if self.classroom is not None:
            routes += self.classroom.routes()
        if self.options.heavy_page:
            routes.append(r(r"/assets/img/lourde\.png", self.heavy_image, public=True))
        if self.hostile is not None:
            routes += self.hostile.routes()
        if self.heartbeat is not None:
            heartbeat = self.heartbeat
            routes.append(
                r(
                    HEARTBEAT_PATH,
                    lambda req, user: heartbeat.view(req, self._session_key(req)),
                    api=True,
                    methods=("PUT",),
                )
            )
        return routes

    # -- dispatch -----------------------------------------------------------------
    def __call__(self, request: Request) -> Response:
        response = self.respond(request)
        if self.heartbeat is not None and self._session_key(request):
            add_heartbeat(response)
        if self.options.heavy_page and request.path == self.options.heavy_page:
            add_heavy_image(response)
        if self.options.hardened:
            harden(response, request, self.third_party_url)
        return response

    def respond(self, request: Request) -> Response:
        if self.hostile is not None:
            self.hostile.ledger.observe(request)
        early = self.login.intercept(request)
        if early is None and self.hostile is not None:
            early = self.hostile.intercept(request)
        if early is not None:
            return early
        session = self.login.session(request)
        user = self.accounts.user(session.username if session else None)
        found, groups, allowed = lookup(self.routes, request.path, request.method)
        if found is None:
            if not allowed:
                return self.not_found(user)
            page = self.pages.message(
                "Méthode non autorisée", f"La méthode {request.method} n'est pas acceptée ici.", user
            )
            return html(page, status=405).add_header("Allow", ", ".join(allowed))
        if not found.public:
            if session is None:
                return self.login.challenge(request, api=found.api)
            if found.page and not found.api and not self.meter.admit(session.key):
                self.login.expire(session)  # session_requests reached: as if the session had timed out
                return self.login.challenge(request, api=False)
            if found.page and not found.api and self.heartbeat is not None and not self.heartbeat.page(session.key):
                self.login.expire(session)  # no heartbeat since the previous pages: the session timed out
                return self.login.challenge(request, api=False)
        return found.view(request, user, *groups)

    def _session_key(self, request: Request) -> str | None:
        session = self.login.session(request)
        return session.key if session else None

    def logout(self, request: Request) -> Response:
        """The login flow's logout, counted when it ends a live session."""
        live = self.login.session(request) is not None
        response = self.login.logout(request)
        if live:
            with self._logout_lock:
                self.logouts += 1
        return response

    def websocket(self, request: Request) -> Callable[[bytes], None] | None:
        """A WebSocket upgrade request: its message handler, or None to refuse it (server.py)."""
        return self.hostile.websocket(request) if self.hostile is not None else None

    def not_found(self, user: User | None) -> Response:
        page = self.pages.message("Page introuvable", "La page demandée n'existe pas ou a été déplacée.", user)
        return html(page, status=404)

    # -- public ---------------------------------------------------------------------
    def robots(self, request: Request, user: User | None) -> Response:
        rules = "User-agent: *\nDisallow: /admin\n" + (ROBOTS_RULE if self.options.extras else "")
        return text(rules + f"Sitemap: {sitemap.INDEX_PATH}\n", "txt", cache_control=STATIC_CACHE)

    def sitemap_index(self, request: Request, user: User | None) -> Response:
        """Public, as sitemaps usually are; only fetched when an audit is asked to (--sitemap)."""
        return Response(body=sitemap.index_xml(_base_url(request)), content_type=sitemap.XML_TYPE, compress=False)

    def sitemap_pages(self, request: Request, user: User) -> Response:
        """The list of private pages: behind the login, so the audit must fetch it with its session."""
        return binary(sitemap.pages_gz(_base_url(request)), sitemap.GZIP_TYPE, cache_control=NO_STORE)

    def help(self, request: Request, user: User | None) -> Response:
        return html(self.pages.render("help.html", title="Aide", user=user))

    def static_text(self, request: Request, user: User | None, kind: str, name: str) -> Response:
        try:
            data = assets.static_file(f"{kind}/{name}")
        except (FileNotFoundError, IsADirectoryError):
            return self.not_found(user)
        # portal.js is deliberately sent uncompressed (sobriety defect).
        return text(data, kind, cache_control=STATIC_CACHE, compress=name != "portal.js")

    def heavy_image(self, request: Request, user: User | None) -> Response:
        return binary(assets.heavy_png(), "image/png")

    def logo(self, request: Request, user: User | None) -> Response:
        return text(assets.static_file("img/logo.svg"), "svg", cache_control=STATIC_CACHE)

    def hero(self, request: Request, user: User | None) -> Response:
        return binary(assets.hero_png(), "image/png")

    def blog_image(self, request: Request, user: User | None, n: str) -> Response:
        if int(n) > self.options.blog_posts:
            return self.not_found(user)
        return binary(assets.blog_png(int(n)), "image/png")

    def font(self, request: Request, user: User | None, name: str) -> Response:
        if name not in assets.FONTS:
            return self.not_found(user)
        return binary(assets.fake_font(name, assets.FONTS[name]), "font/woff2")

    def announcement(self, request: Request, user: User | None) -> Response:
        return binary(assets.annonce_wav(), "audio/wav")

    def accessibility(self, request: Request, user: User | None) -> Response:
        """The one page built clean (the accessibility statement): own layout, no seeded defect."""
        return html(self.pages.render("accessibilite.html", title="Déclaration d'accessibilité", user=user))

    def school_life_widget(self, request: Request, user: User | None) -> Response:
        return html(self.pages.render("vie_scolaire_widget.html", title="Carnet de liaison", user=user))

    # -- pages ----------------------------------------------------------------------
    def portal(self, request: Request, user: User) -> Response:
        parent = self.accounts.is_parent(user)
        child = f"{content.PUPIL['first_name']} {content.PUPIL['last_name']} ({content.PUPIL['classe']})"
        page = self.pages.render(
            "portal.html",
            title="Accueil",
            user=user,
            third_party_url=self.third_party_url,
            parent=child if parent else None,
            class_links=CLASS_LINKS if self.options.class_pages else [],
            traps=[*(TRAP_LINKS if self.options.extras else ()), *(HUB_LINKS if self.options.hostile else ())],
        )
        return html(page)

    def news(self, request: Request, user: User) -> Response:
        return html(self.pages.render("news.html", title="Nouveautés", user=user, news=content.NEWS))

    def timeline(self, request: Request, user: User) -> Response:
        return html(self.pages.render("timeline.html", title="Fil de nouveautés", user=user))

    def notifications(self, request: Request, user: User) -> Response:
        data = {"status": "ok", "number": len(content.NOTIFICATIONS), "results": content.NOTIFICATIONS}
        return json_response(data, compress=False)  # deliberately uncompressed (sobriety defect)

    def conversation(self, request: Request, user: User) -> Response:
        return html(self.pages.render("conversation.html", title="Messagerie", user=user))

    def inbox(self, request: Request, user: User) -> Response:
        summary = [
            {**{k: v for k, v in m.items() if k != "body"}, "unread": m["unread"] and m["id"] not in self.marked_read}
            for m in content.MESSAGES
        ]
        return json_response(summary)

    def message(self, request: Request, user: User, n: str) -> Response:
        """As OpenENT NG's GET /conversation/api/messages/:id: reading a message marks it as read (a write on a
        GET, reference/domain.md §5), so an audit must never load it."""
        for message in content.MESSAGES:
            if message["id"] == int(n):
                if message["unread"]:
                    self.marked_read.add(message["id"])
                return json_response({**message, "unread": False})
        return json_response({"error": "message introuvable"}, status=404)

    def empty_trash(self, request: Request, user: User) -> Response:
        page = self.pages.message(
            "Corbeille vidée",
            "Corbeille vidée : les messages supprimés ont été définitivement effacés.",
            user,
            back_href="/conversation/conversation",
            back_label="Retour à la messagerie",
        )
        return html(page)

    def workspace(self, request: Request, user: User) -> Response:
        query = request.arg("q").strip()
        needle = query.lower()
        docs = [d for d in content.DOCUMENTS if needle in str(d["title"]).lower() or needle in str(d["name"]).lower()]
        return html(self.pages.render("workspace.html", title="Mes documents", user=user, documents=docs, query=query))

    def document(self, request: Request, user: User, n: str, m: str) -> Response:
        if n != m or int(n) > len(content.DOCUMENTS):
            return self.not_found(user)
        response = binary(assets.pdf_document(int(n)), "application/pdf", cache_control="no-store")
        return response.add_header("Content-Disposition", f'inline; filename="devoir-{n}.pdf"')

    def delete_document(self, request: Request, user: User, n: str) -> Response:
        if int(n) > len(content.DOCUMENTS):
            return self.not_found(user)
        page = self.pages.message(
            "Document supprimé",
            f"Le document devoir-{n}.pdf a été placé dans la corbeille.",
            user,
            back_href="/workspace/workspace",
            back_label="Retour à mes documents",
        )
        return html(page)

    def blog(self, request: Request, user: User) -> Response:
        count = self.options.blog_posts
        if not self.options.paginated:
            return html(
                self.pages.render(
                    "blog_list.html", title="Blog", user=user, posts=content.blog_posts(1, count), pagination=None
                )
            )
        pages = -(-count // BLOG_PAGE_SIZE)
        raw = request.arg("page", "1")
        number = int(raw) if raw.isdigit() and len(raw) < 10 else 0
        if not 1 <= number <= pages:
            return self.not_found(user)
        first = (number - 1) * BLOG_PAGE_SIZE + 1
        pagination = {
            "page": number,
            "pages": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
        }
        title = "Blog" if number == 1 else f"Blog - page {number}"
        return html(
            self.pages.render(
                "blog_list.html",
                title=title,
                user=user,
                pagination=pagination,
                posts=content.blog_posts(first, min(count, first + BLOG_PAGE_SIZE - 1)),
            )
        )

    def blog_post(self, request: Request, user: User, n: str) -> Response:
        number = int(n)
        if number > self.options.blog_posts:
            return self.not_found(user)
        post = content.blog_post(number)
        page = self.pages.render(
            "blog_post.html",
            title=post.title,
            user=user,
            lang=None,
            post=post,
            previous=number - 1 if number > 1 else None,
            next=number + 1 if number < self.options.blog_posts else None,
        )
        return html(page)

    def calendar(self, request: Request, user: User) -> Response:
        raw = request.arg("month")
        month = content.parse_month(raw) if raw else content.DEFAULT_MONTH
        if month is None:
            return html(
                self.pages.message(
                    "Mois invalide",
                    "Le mois doit être au format AAAA-MM.",
                    user,
                    back_href="/calendar/calendar",
                    back_label="Retour à l'agenda",
                ),
                status=400,
            )
        year, number = month
        events = content.month_events(year, number)
        name = content.MONTHS_FR[number - 1]
        page = self.pages.render(
            "calendar.html",
            title=f"Agenda {name} {year}",
            user=user,
            month_label=f"{name} {year}",
            month_name=name,
            previous=(content.month_key(*content.shift_month(year, number, -1)) if (year, number) > (1, 1) else None),
            next=content.month_key(*content.shift_month(year, number, 1)),
            days=content.DAYS_FR,
            weeks=content.month_weeks(year, number),
            events=events,
            event_days={e["day"] for e in events},
        )
        return html(page)

    def calendar_ics(self, request: Request, user: User) -> Response:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ENT Demo//Agenda//FR"]
        year, number = content.DEFAULT_MONTH
        for delta in range(-2, 8):  # the school year around the default month
            y, m = content.shift_month(year, number, delta)
            for i, event in enumerate(content.month_events(y, m)):
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{y}{m:02d}-{i}@ent-demo",
                    f"DTSTAMP:{year}1101T000000Z",
                    f"DTSTART;VALUE=DATE:{y}{m:02d}{event['day']:02d}",
                    f"SUMMARY:{event['title']}",
                    "END:VEVENT",
                ]
        lines.append("END:VCALENDAR")
        response = text("\r\n".join(lines) + "\r\n", "ics")
        return response.add_header("Content-Disposition", 'attachment; filename="agenda.ics"')

    def school_life(self, request: Request, user: User) -> Response:
        """Seeded accessibility defects: empty button, duplicate ARIA id, untitled iframe, 900px block,
        autoplaying sound, unannounced new window, presentational markup."""
        return html(
            self.pages.render(
                "vie_scolaire.html",
                title="Vie scolaire",
                user=user,
                absences=content.SCHOOL_LIFE_ABSENCES,
                timetable=content.TIMETABLE,
            )
        )

    def admin(self, request: Request, user: User) -> Response:
        page = self.pages.message(
            "Administration",
            "Accès refusé : cette console est réservée aux administrateurs de l'établissement.",
            user,
            css_class="error",
        )
        return html(page, status=403)

    def parent_follow_up(self, request: Request, user: User) -> Response:
        if not self.accounts.is_parent(user):
            page = self.pages.message(
                "Accès refusé", "Cette page est réservée aux responsables légaux de l'élève.", user, css_class="error"
            )
            return html(page, status=403)
        child = f"{content.PUPIL['first_name']} {content.PUPIL['last_name']}"
        page = self.pages.render(
            "parent_suivi.html",
            title="Suivi de l'élève",
            user=user,
            child=child,
            grades=content.PARENT_GRADES,
            attendance=content.PARENT_ATTENDANCE,
        )
        return html(page)


def _base_url(request: Request) -> str:
    """scheme://host:port the client asked for (sitemaps hold absolute URLs)."""
    return f"{request.scheme}://{request.headers.get('host') or request.server_netloc}"
