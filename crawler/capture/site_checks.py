"""Site-wide observations made outside the page loads, for the Responsable (Doctrine technique) checks:

- the plain-HTTP address of an https site, asked once with GET and no redirect followed: does it send users to
  HTTPS? (only the audited host, or the ``[responsable] http_url`` the operator gave);
- what the login showed: SSO protocol, flags of the cookies set (values never kept).
"""

from __future__ import annotations

import http.client
from typing import Any
from urllib.parse import urlsplit

from ent_audit.crawler.auth.base import Session
from ent_audit.crawler.config import Config
from ent_audit.crawler.urls import redact_url

PROBE_TIMEOUT_S = 10.0


def plain_http_url(config: Config) -> str:
    """Where plain HTTP is tried: the configured address, else port 80 of the first start URL's host."""
    if config.responsable.http_url:
        return config.responsable.http_url
    host = urlsplit(config.start_urls[0]).hostname or ""
    return f"http://{host}/"


def probe_plain_http(config: Config, user_agent: str) -> dict[str, Any]:
    """{"url", "status", "location", "error"} for an https site; {"scheme": "http"} when the site itself is http."""
    if urlsplit(config.start_urls[0]).scheme != "https":
        return {"scheme": "http"}
    url = plain_http_url(config)
    parts = urlsplit(url)
    result: dict[str, Any] = {"scheme": "https", "url": url, "status": 0, "location": "", "error": ""}
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=PROBE_TIMEOUT_S)
    try:
        connection.request("GET", parts.path or "/", headers={"User-Agent": user_agent, "Accept": "text/html"})
        response = connection.getresponse()
        result["status"] = response.status
        result["location"] = redact_url(response.getheader("Location") or "")
        response.read(65536)
    except (OSError, http.client.HTTPException) as exc:
        result["error"] = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    finally:
        connection.close()
    return result


def login_facts(sessions: dict[str, Session]) -> dict[str, Any]:
    """What each profile's login showed (strategy, SSO protocols with value-free evidence, cookie flags)."""
    return {
        name: session.observed or {"strategy": "none", "sso": {}, "cookies": []} for name, session in sessions.items()
    }


def site_facts(config: Config, sessions: dict[str, Session], user_agent: str) -> dict[str, Any]:
    return {
        "plain_http": probe_plain_http(config, user_agent),
        "login": login_facts(sessions),
        "verify_tls": config.crawl.verify_tls,
    }
