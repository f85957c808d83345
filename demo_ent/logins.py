"""What every login kind provides (CAS, OpenENT form, two-step JS sign-in, HTTP Basic), and the
cookie-session behaviour the form-based kinds share."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .accounts import Accounts
from .auth import AuthStore
from .routing import Route
from .web import Request, Response, json_response, redirect

SESSION_COOKIE = "ENTSESSION"


@dataclass(frozen=True)
class Session:
    key: str
    username: str


def set_session_cookie(response: Response, key: str) -> Response:
    """The ENT session cookie as many ENTs still set it: HttpOnly but no SameSite (and never Secure);
    hardened=True adds the missing flags on the way out (hardening.py)."""
    return response.set_cookie(SESSION_COOKIE, key, same_site=None)


def is_local(request: Request, url: str) -> bool:
    """url points at this ENT: an absolute http(s) URL on this host, or a path (not //host)."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return True
    if not url.startswith(("http://", "https://")):
        return False
    try:
        netloc = urlsplit(url).netloc
    except ValueError:  # e.g. a broken IPv6 literal
        return False
    port = request.server_netloc.rpartition(":")[2]
    allowed = {request.headers.get("host", ""), request.server_netloc, f"localhost:{port}"}
    return bool(netloc) and netloc in allowed


def local_return(request: Request, url: str, fallback: str = "/") -> str:
    return url if url and is_local(request, url) else fallback


class LoginFlow:
    """Base: sessions carried by the ENTSESSION cookie; subclasses add their login pages."""

    kind = ""
    login_href = "/"  # the "Se connecter" link shown to anonymous visitors of public pages

    def __init__(self, auth: AuthStore, accounts: Accounts) -> None:
        self.auth = auth
        self.accounts = accounts

    def routes(self) -> list[Route]:
        """The public routes of the login pages."""
        return []

    def intercept(self, request: Request) -> Response | None:
        """A response to give before routing (CAS service tickets), else None."""
        return None

    def session(self, request: Request) -> Session | None:
        key = request.cookies.get(SESSION_COOKIE, "")
        username = self.auth.session_user(key)
        return Session(key, username) if username else None

    def login_location(self, request: Request) -> str:
        raise NotImplementedError

    def challenge(self, request: Request, api: bool) -> Response:
        """The answer to an unauthenticated (or timed-out) request for a protected route."""
        if api:
            return json_response({"error": "non authentifié"}, status=401)
        return redirect(self.login_location(request))

    def expire(self, session: Session) -> None:
        """The session timed out (session_requests reached)."""
        self.auth.expire_session(session.key)

    def logout(self, request: Request) -> Response:
        self.auth.drop_session(request.cookies.get(SESSION_COOKIE, ""))
        response = redirect(self.login_href)
        return response.delete_cookie(SESSION_COOKIE)
