"""hardened=True: what a reverse proxy configured by the book adds to every ENT response.

Security headers (CSP with frame-ancestors, nosniff, Referrer-Policy, Permissions-Policy, and HSTS over
TLS) and the cookie flags the default ENT leaves out (HttpOnly, SameSite=Lax, Secure over TLS). The
default ENT sends none of the headers and sets its session cookie without SameSite.
"""

from __future__ import annotations

from .web import Request, Response

HSTS = "max-age=31536000; includeSubDomains"
STATIC_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]


def content_security_policy(third_party_url: str) -> str:
    """Self only, plus the third-party host the portal and the lab load scripts, styles and fonts from.
    Inline styles stay allowed: the accessibility statement and a seeded defect use them."""
    third = third_party_url
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {third}",
            f"style-src 'self' 'unsafe-inline' {third}",
            f"font-src 'self' {third}",
            "img-src 'self' data:",
            "media-src 'self'",
            "connect-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def cookie_with_flags(cookie: str, tls: bool) -> str:
    """A Set-Cookie value with HttpOnly, SameSite (Lax unless already set) and, over TLS, Secure."""
    names = {part.strip().split("=", 1)[0].lower() for part in cookie.split(";")[1:]}
    if "httponly" not in names:
        cookie += "; HttpOnly"
    if "samesite" not in names:
        cookie += "; SameSite=Lax"
    if tls and "secure" not in names:
        cookie += "; Secure"
    return cookie


def harden(response: Response, request: Request, third_party_url: str) -> Response:
    tls = request.scheme == "https"
    response.headers = [
        (name, cookie_with_flags(value, tls) if name.lower() == "set-cookie" else value)
        for name, value in response.headers
    ]
    response.headers.append(("Content-Security-Policy", content_security_policy(third_party_url)))
    response.headers.extend(STATIC_HEADERS)
    if tls:  # browsers ignore HSTS received over plain HTTP
        response.headers.append(("Strict-Transport-Security", HSTS))
    return response
