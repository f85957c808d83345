"""The ENT application: routing, the session gate, and the page/API/asset views."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import assets, content
from .auth import AuthStore
from .cas import CasFlow, login_url
from .pages import message_page, render
from .web import (STATIC_CACHE, Request, Response, binary, html, json_response, redirect, text)

User = dict[str, str]
View = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    view: View
    public: bool = False
    api: bool = False  # JSON endpoint: 401 instead of a login redirect
    methods: tuple[str, ...] = ("GET", "HEAD")


def _user(username: str | None) -> User | None:
    return dict(content.PUPIL) if username else None


class EntApp:
    def __init__(self, auth: AuthStore, username: str, password: str, third_party_url: str) -> None:
        self.cas = CasFlow(auth, username, password)
        self.third_party_url = third_party_url
        self.routes = self._routes()

    def _routes(self) -> list[Route]:
        def r(pattern: str, view: View, **flags: object) -> Route:
            return Route(re.compile(pattern), view, **flags)  # type: ignore[arg-type]

        return [
            r(r"/cas/login", lambda req, user: self.cas.login(req), public=True, methods=("GET", "HEAD", "POST")),
            r(r"/auth/logout", lambda req, user: self.cas.logout(req), public=True),
            r(r"/robots.txt", self.robots, public=True),
            r(r"/aide", self.help, public=True),
            r(r"/assets/(css|js)/([\w.-]+)", self.static_text, public=True),
            r(r"/assets/img/logo\.svg", self.logo, public=True),
            r(r"/assets/img/rentree\.png", self.hero, public=True),
            r(r"/assets/img/blog/([1-9]\d*)\.png", self.blog_image, public=True),
            r(r"/assets/fonts/([\w.-]+\.woff2)", self.font, public=True),
            r(r"/", self.portal),
            r(r"/redirect-to-blog", lambda req, user: redirect("/blog", status=301)),
            r(r"/actualites", self.news),
            r(r"/timeline/timeline", self.timeline),
            r(r"/timeline/lastNotifications", self.notifications, api=True),
            r(r"/conversation/conversation", self.conversation),
            r(r"/conversation/api/folders/inbox/messages", self.inbox, api=True),
            r(r"/conversation/api/messages/([1-9]\d*)", self.message, api=True),
            r(r"/conversation/trash/empty", self.empty_trash),
            r(r"/workspace/workspace", self.workspace),
            r(r"/workspace/document/([1-9]\d*)/devoir-([1-9]\d*)\.pdf", self.document),
            r(r"/workspace/document/([1-9]\d*)/delete", self.delete_document),
            r(r"/blog", self.blog),
            r(r"/blog/post/([1-9]\d*)", self.blog_post),
            r(r"/calendar/calendar", self.calendar),
            r(r"/calendar/export\.ics", self.calendar_ics),
            r(r"/admin", self.admin),
        ]

    # -- dispatch -----------------------------------------------------------------
    def __call__(self, request: Request) -> Response:
        if request.arg("ticket").startswith("ST-") and not request.path.startswith("/cas/"):
            return self.cas.validate_ticket(request)
        user = _user(self.cas.session_user(request))
        for route in self.routes:
            match = route.pattern.fullmatch(request.path)
            if not match:
                continue
            if request.method not in route.methods:
                page = message_page("Méthode non autorisée", f"La méthode {request.method} n'est pas acceptée ici.", user)
                return html(page, status=405).add_header("Allow", ", ".join(route.methods))
            if not route.public and user is None:
                if route.api:
                    return json_response({"error": "non authentifié"}, status=401)
                return redirect(login_url(request.url))
            return route.view(request, user, *match.groups())
        return self.not_found(user)

    def not_found(self, user: User | None) -> Response:
        page = message_page("Page introuvable", "La page demandée n'existe pas ou a été déplacée.", user)
        return html(page, status=404)

    # -- public ---------------------------------------------------------------------
    def robots(self, request: Request, user: User | None) -> Response:
        return text("User-agent: *\nDisallow: /admin\n", "txt", cache_control=STATIC_CACHE)

    def help(self, request: Request, user: User | None) -> Response:
        return html(render("help.html", title="Aide", user=user))

    def static_text(self, request: Request, user: User | None, kind: str, name: str) -> Response:
        try:
            data = assets.static_file(f"{kind}/{name}")
        except (FileNotFoundError, IsADirectoryError):
            return self.not_found(user)
        # portal.js is deliberately sent uncompressed (sobriety defect).
        return text(data, kind, cache_control=STATIC_CACHE, compress=name != "portal.js")

    def logo(self, request: Request, user: User | None) -> Response:
        return text(assets.static_file("img/logo.svg"), "svg", cache_control=STATIC_CACHE)

    def hero(self, request: Request, user: User | None) -> Response:
        return binary(assets.hero_png(), "image/png")

    def blog_image(self, request: Request, user: User | None, n: str) -> Response:
        if int(n) > content.BLOG_COUNT:
            return self.not_found(user)
        return binary(assets.blog_png(int(n)), "image/png")

    def font(self, request: Request, user: User | None, name: str) -> Response:
        if name not in assets.FONTS:
            return self.not_found(user)
        return binary(assets.fake_font(name, assets.FONTS[name]), "font/woff2")

    # -- pages ----------------------------------------------------------------------
    def portal(self, request: Request, user: User) -> Response:
        return html(render("portal.html", title="Accueil", user=user, third_party_url=self.third_party_url))

    def news(self, request: Request, user: User) -> Response:
        return html(render("news.html", title="Nouveautés", user=user, news=content.NEWS))

    def timeline(self, request: Request, user: User) -> Response:
        return html(render("timeline.html", title="Fil de nouveautés", user=user))

    def notifications(self, request: Request, user: User) -> Response:
        data = {"status": "ok", "number": len(content.NOTIFICATIONS), "results": content.NOTIFICATIONS}
        return json_response(data, compress=False)  # deliberately uncompressed (sobriety defect)

    def conversation(self, request: Request, user: User) -> Response:
        return html(render("conversation.html", title="Messagerie", user=user))

    def inbox(self, request: Request, user: User) -> Response:
        summary = [{k: v for k, v in m.items() if k != "body"} for m in content.MESSAGES]
        return json_response(summary)

    def message(self, request: Request, user: User, n: str) -> Response:
        for message in content.MESSAGES:
            if message["id"] == int(n):
                return json_response(message)
        return json_response({"error": "message introuvable"}, status=404)

    def empty_trash(self, request: Request, user: User) -> Response:
        page = message_page("Corbeille vidée", "Corbeille vidée : les messages supprimés ont été définitivement effacés.",
                            user, back_href="/conversation/conversation", back_label="Retour à la messagerie")
        return html(page)

    def workspace(self, request: Request, user: User) -> Response:
        query = request.arg("q").strip()
        needle = query.lower()
        docs = [d for d in content.DOCUMENTS
                if needle in str(d["title"]).lower() or needle in str(d["name"]).lower()]
        return html(render("workspace.html", title="Mes documents", user=user, documents=docs, query=query))

    def document(self, request: Request, user: User, n: str, m: str) -> Response:
        if n != m or int(n) > len(content.DOCUMENTS):
            return self.not_found(user)
        response = binary(assets.pdf_document(int(n)), "application/pdf", cache_control="no-store")
        return response.add_header("Content-Disposition", f'inline; filename="devoir-{n}.pdf"')

    def delete_document(self, request: Request, user: User, n: str) -> Response:
        if int(n) > len(content.DOCUMENTS):
            return self.not_found(user)
        page = message_page("Document supprimé", f"Le document devoir-{n}.pdf a été placé dans la corbeille.",
                            user, back_href="/workspace/workspace", back_label="Retour à mes documents")
        return html(page)

    def blog(self, request: Request, user: User) -> Response:
        return html(render("blog_list.html", title="Blog", user=user, posts=content.blog_posts()))

    def blog_post(self, request: Request, user: User, n: str) -> Response:
        number = int(n)
        if number > content.BLOG_COUNT:
            return self.not_found(user)
        post = content.blog_post(number)
        page = render("blog_post.html", title=post.title, user=user, lang=None, post=post,
                      previous=number - 1 if number > 1 else None,
                      next=number + 1 if number < content.BLOG_COUNT else None)
        return html(page)

    def calendar(self, request: Request, user: User) -> Response:
        raw = request.arg("month")
        month = content.parse_month(raw) if raw else content.DEFAULT_MONTH
        if month is None:
            return html(message_page("Mois invalide", "Le mois doit être au format AAAA-MM.", user,
                                     back_href="/calendar/calendar", back_label="Retour à l'agenda"), status=400)
        year, number = month
        events = content.month_events(year, number)
        name = content.MONTHS_FR[number - 1]
        page = render("calendar.html", title=f"Agenda {name} {year}", user=user,
                      month_label=f"{name} {year}", month_name=name,
                      previous=content.month_key(*content.shift_month(year, number, -1)) if (year, number) > (1, 1) else None,
                      next=content.month_key(*content.shift_month(year, number, 1)),
                      days=content.DAYS_FR, weeks=content.month_weeks(year, number),
                      events=events, event_days={e["day"] for e in events})
        return html(page)

    def calendar_ics(self, request: Request, user: User) -> Response:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ENT Demo//Agenda//FR"]
        year, number = content.DEFAULT_MONTH
        for delta in range(-2, 8):  # the school year around the default month
            y, m = content.shift_month(year, number, delta)
            for i, event in enumerate(content.month_events(y, m)):
                lines += ["BEGIN:VEVENT", f"UID:{y}{m:02d}-{i}@ent-demo", f"DTSTAMP:{year}1101T000000Z",
                          f"DTSTART;VALUE=DATE:{y}{m:02d}{event['day']:02d}", f"SUMMARY:{event['title']}", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        response = text("\r\n".join(lines) + "\r\n", "ics")
        return response.add_header("Content-Disposition", 'attachment; filename="agenda.ics"')

    def admin(self, request: Request, user: User) -> Response:
        page = message_page("Administration", "Accès refusé : cette console est réservée aux administrateurs de l'établissement.",
                            user, css_class="error")
        return html(page, status=403)
