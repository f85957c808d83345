"""HTTP Basic authentication on every protected ENT route (realm "ENT"); no cookie involved.

The server still keeps a per-user "session" (opened by the first request with valid credentials)
so that logins, session_requests expiry and logout behave as with the form-based kinds.
"""

from __future__ import annotations

import base64
import binascii
import threading

from .accounts import Accounts
from .auth import AuthStore
from .logins import LoginFlow, Session
from .pages import message_page
from .web import Request, Response, html, json_response

CHALLENGE = 'Basic realm="ENT"'
LOGOUT_PATH = "/auth/logout"


class BasicLogin(LoginFlow):
    kind = "basic"
    login_href = "/"

    def __init__(self, auth: AuthStore, accounts: Accounts) -> None:
        super().__init__(auth, accounts)
        self._lock = threading.Lock()
        self._active: dict[str, str] = {}  # username -> session key

    @staticmethod
    def credentials(request: Request) -> tuple[str, str] | None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        username, sep, password = decoded.partition(":")
        return (username, password) if sep else None

    def session(self, request: Request) -> Session | None:
        if request.path == LOGOUT_PATH:
            return None  # logging out must not open a session
        creds = self.credentials(request)
        if creds is None or not self.accounts.check(*creds):
            return None
        username = creds[0]
        with self._lock:
            key = self._active.get(username, "")
            if self.auth.session_user(key) != username:
                key = self.auth.new_session(username)
                self._active[username] = key
        return Session(key, username)

    def challenge(self, request: Request, api: bool) -> Response:
        if api:
            response = json_response({"error": "non authentifié"}, status=401)
        else:
            page = message_page(
                "Authentification requise",
                "Saisissez votre identifiant et votre mot de passe ENT pour accéder à cette page.",
                None,
                css_class="error",
                login_href=self.login_href,
            )
            response = html(page, status=401)
        return response.add_header("WWW-Authenticate", CHALLENGE)

    def _end(self, username: str) -> str:
        with self._lock:
            return self._active.pop(username, "")

    def expire(self, session: Session) -> None:
        self._end(session.username)
        super().expire(session)

    def logout(self, request: Request) -> Response:
        creds = self.credentials(request)
        if creds and self.accounts.check(*creds):
            self.auth.drop_session(self._end(creds[0]))
        page = message_page(
            "Déconnexion",
            "Vous êtes déconnecté. Fermez le navigateur pour oublier vos identifiants.",
            None,
            login_href=self.login_href,
        )
        return html(page)
