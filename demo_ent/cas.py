"""CAS-style login flow: /cas/login form, service tickets, ENT session creation, logout."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .logins import SESSION_COOKIE, LoginFlow, Session, local_return, set_session_cookie
from .pages import render
from .routing import Route, route
from .web import Request, Response, html, redirect

TGC_COOKIE = "CASTGC"
BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect."
EXPIRED_FLOW = "Le formulaire de connexion a expiré. Veuillez vous reconnecter."


def login_url(service: str) -> str:
    return "/cas/login?service=" + quote(service, safe="")


def strip_ticket(target: str) -> str:
    """The request target without its ticket=... parameter(s), other parameters untouched."""
    path, sep, query = target.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith("ticket=")]
    return path + ("?" + "&".join(kept) if kept else "")


def _service_target(service: str) -> str:
    parts = urlsplit(service)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


class CasFlow(LoginFlow):
    kind = "cas"
    login_href = "/cas/login"

    def routes(self) -> list[Route]:
        return [route(r"/cas/login", lambda req, user: self.login(req), public=True, methods=("GET", "HEAD", "POST"))]

    def intercept(self, request: Request) -> Response | None:
        if request.arg("ticket").startswith("ST-") and not request.path.startswith("/cas/"):
            return self.validate_ticket(request)
        return None

    def login_location(self, request: Request) -> str:
        return login_url(request.url)

    def expire(self, session: Session) -> None:
        super().expire(session)
        self.auth.drop_user_tgcs(session.username)  # the SSO session timed out too: the form comes back

    # -- helpers --------------------------------------------------------------
    def _service(self, request: Request) -> str:
        """The requested service if it points at this ENT, else the portal home."""
        service = request.arg("service")
        absolute = service.startswith(("http://", "https://"))
        return local_return(request, service if absolute else "", request.origin + "/")

    def _with_ticket(self, service: str, username: str) -> str:
        ticket = self.auth.new_ticket(username, service)
        return service + ("&" if "?" in service else "?") + "ticket=" + ticket

    def _form(self, request: Request, error: str = "", username: str = "", status: int = 200) -> Response:
        action = "/cas/login"
        if request.arg("service"):
            action += "?service=" + quote(request.arg("service"), safe="")
        page = render(
            "login.html",
            title="Connexion",
            action=action,
            error=error,
            username=username,
            execution=self.auth.new_execution(),
        )
        return html(page, status=status)

    # -- views -------------------------------------------------------------------
    def login(self, request: Request) -> Response:
        if request.method == "POST":
            return self._submit(request)
        service = self._service(request)
        sso_user = self.auth.tgc_user(request.cookies.get(TGC_COOKIE, ""))
        if sso_user and request.arg("renew") != "true":
            return redirect(self._with_ticket(service, sso_user))
        return self._form(request)

    def _submit(self, request: Request) -> Response:
        username = request.form_value("username").strip()
        flow_ok = self.auth.consume_execution(request.form_value("execution"))
        if not flow_ok or request.form_value("_eventId") != "submit":
            return self._form(request, EXPIRED_FLOW, username, status=403)
        if not self.accounts.check(username, request.form_value("password")):
            return self._form(request, BAD_CREDENTIALS, username)
        response = redirect(self._with_ticket(self._service(request), username))
        return response.set_cookie(TGC_COOKIE, self.auth.new_tgc(username), path="/cas")

    def validate_ticket(self, request: Request) -> Response:
        """A request carrying ?ticket=ST-...: open an ENT session and drop the ticket from the URL."""
        clean = strip_ticket(request.target)
        ticket = self.auth.consume_ticket(request.arg("ticket"))
        if ticket is None or _service_target(ticket.service) != clean:
            return redirect(login_url(request.origin + clean))
        self.auth.drop_session(request.cookies.get(SESSION_COOKIE, ""))
        response = redirect(clean)
        return set_session_cookie(response, self.auth.new_session(ticket.username))

    def logout(self, request: Request) -> Response:
        self.auth.drop_session(request.cookies.get(SESSION_COOKIE, ""))
        self.auth.drop_tgc(request.cookies.get(TGC_COOKIE, ""))
        response = redirect("/cas/login")
        response.delete_cookie(SESSION_COOKIE)
        return response.delete_cookie(TGC_COOKIE, path="/cas")
