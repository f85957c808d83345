"""OpenENT NG style login: GET/POST /auth/login (email + password + URL-encoded callBack, no CSRF)."""

from __future__ import annotations

from urllib.parse import quote, unquote

from .logins import SESSION_COOKIE, LoginFlow, local_return, set_session_cookie
from .pages import render
from .routing import Route, route
from .web import Request, Response, html, redirect

AUTH_COOKIE = "authenticated"
BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect."


class OpenEntLogin(LoginFlow):
    kind = "openent"
    login_href = "/auth/login"

    def routes(self) -> list[Route]:
        return [route(r"/auth/login", lambda req, user: self.login(req), public=True, methods=("GET", "HEAD", "POST"))]

    def login_location(self, request: Request) -> str:
        return "/auth/login?callBack=" + quote(request.url, safe="")

    def _form(self, callback: str, email: str = "", error: str = "") -> Response:
        page = render(
            "openent_login.html", title="Connexion", error=error, email=email, callback=quote(callback, safe="")
        )
        return html(page)

    def login(self, request: Request) -> Response:
        if request.method != "POST":
            return self._form(request.arg("callBack"))
        email = request.form_value("email").strip()
        callback = unquote(request.form_value("callBack"))
        if not self.accounts.check(email, request.form_value("password")):
            return self._form(callback, email, BAD_CREDENTIALS)
        self.auth.drop_session(request.cookies.get(SESSION_COOKIE, ""))
        response = redirect(local_return(request, callback))
        set_session_cookie(response, self.auth.new_session(email))
        return response.set_cookie(AUTH_COOKIE, "true", http_only=False)

    def logout(self, request: Request) -> Response:
        return super().logout(request).delete_cookie(AUTH_COOKIE)
