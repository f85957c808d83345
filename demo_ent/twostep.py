"""Two-step JavaScript sign-in: /auth/signin shows a username field and "Suivant"; the script
(/auth/signin.js) then fetches a CSRF token from /auth/csrf and reveals the password field, so
only a browser running the page's JavaScript can post username + password + csrf."""

from __future__ import annotations

from urllib.parse import quote

from . import assets
from .logins import SESSION_COOKIE, LoginFlow, local_return, set_session_cookie
from .pages import render
from .routing import Route, route
from .web import Request, Response, html, json_response, redirect, text

BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect."
BAD_CSRF = "La page de connexion a expiré ou le jeton de sécurité est absent. Veuillez recommencer."


class TwoStepLogin(LoginFlow):
    kind = "twostep"
    login_href = "/auth/signin"

    def routes(self) -> list[Route]:
        return [
            route(r"/auth/signin", lambda req, user: self.signin(req), public=True, methods=("GET", "HEAD", "POST")),
            route(r"/auth/csrf", lambda req, user: self.csrf(req), public=True),
            route(r"/auth/signin\.js", lambda req, user: text(assets.static_file("auth/signin.js"), "js"), public=True),
        ]

    def login_location(self, request: Request) -> str:
        return "/auth/signin?next=" + quote(request.url, safe="")

    def _page(self, request: Request, username: str = "", error: str = "", status: int = 200) -> Response:
        action = "/auth/signin"
        if request.arg("next"):
            action += "?next=" + quote(request.arg("next"), safe="")
        page = render("signin.html", title="Connexion", action=action, username=username, error=error)
        return html(page, status=status)

    def csrf(self, request: Request) -> Response:
        return json_response({"csrf": self.auth.new_execution()})

    def signin(self, request: Request) -> Response:
        if request.method != "POST":
            return self._page(request)
        username = request.form_value("username").strip()
        if not self.auth.consume_execution(request.form_value("csrf")):
            return self._page(request, username, BAD_CSRF, status=403)
        if not self.accounts.check(username, request.form_value("password")):
            return self._page(request, username, BAD_CREDENTIALS)
        self.auth.drop_session(request.cookies.get(SESSION_COOKIE, ""))
        response = redirect(local_return(request, request.arg("next")))
        return set_session_cookie(response, self.auth.new_session(username))
