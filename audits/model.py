"""Plain data produced by one page load and consumed by audits, the store and reports.

No browser objects here: a PageCapture can be written by hand in a test and audited in milliseconds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class RequestRecord:
    """One HTTP response received during a page load (a redirect hop is a record of its own)."""

    url: str
    resource_type: str  # CDP resource type, lower case: document, stylesheet, script, image, font, xhr, fetch, other…
    method: str = "GET"
    status: int = 0  # 0: no response (failed or cancelled)
    mime: str = ""
    transfer_bytes: int = 0  # on the wire, headers included (CDP encodedDataLength)
    decoded_bytes: int = 0  # body after content decoding
    content_encoding: str = ""
    protocol: str = ""
    from_cache: bool = False
    third_party: bool = False
    is_redirect: bool = False
    failed: str = ""  # CDP error text when the request failed
    headers: dict[str, str] = field(default_factory=dict)  # response headers of interest, lower-case names

    @property
    def received(self) -> bool:
        """True when a response came over the network (EcoIndex counts these, redirects included).

        A response the browser served from its own cache (an icon used as ``<img>`` and as favicon) transferred
        nothing and is not counted, as on a real user's first visit.
        """
        return self.status > 0 and not self.from_cache


@dataclass
class PageCapture:
    """Everything measured in ONE load of ONE page."""

    url: str  # as requested (fragment kept for SPA routes)
    final_url: str = ""
    status: int = 0
    error: str = ""
    mime: str = ""
    title: str = ""
    template: str = ""
    profile: str = ""
    depth: int = 0
    dom_elements: int = 0
    requests: list[RequestRecord] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    started_at: str = ""
    duration_ms: int = 0
    settled: bool = True  # False when the network never went quiet within the bound (polling pages)
    # {method, url, reason}: aborted by the read-only guard
    blocked: list[dict[str, Any]] = field(default_factory=list)
    # linked files sized without rendering: {url, mime, bytes…}
    documents: list[dict[str, Any]] = field(default_factory=list)
    # axe-core results and DOM facts (crawler/a11y_probe.py)
    accessibility: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)  # what the Durable/Responsable rules judge (page_facts.py)
    # link URL -> its own words (text, title, aria-label, rel) for the read-only policy; not stored
    link_words: dict[str, Any] = field(default_factory=dict)

    @property
    def loaded(self) -> bool:
        """The page loaded: HTTP 200–399 and no capture error (the one definition; the judge stores it)."""
        return page_loaded(self.status, self.error)

    @property
    def received(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.received]

    @property
    def request_count(self) -> int:
        """Every response of the load, redirects included (HAR convention used by EcoIndex)."""
        return len(self.received)

    @property
    def transfer_bytes(self) -> int:
        return sum(r.transfer_bytes for r in self.requests)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageCapture:
        data = dict(data)
        data["requests"] = [RequestRecord(**r) for r in data.get("requests", [])]
        return cls(**data)


def page_loaded(status: int | None, error: str | None) -> bool:
    """A load answered HTTP 200–399 without a capture error."""
    return 200 <= (status or 0) < 400 and not error


def same_page(url: str, reached: str) -> bool:
    """A load of ``url`` that ended on ``reached`` stayed on that page (same host and path: not sent to a login
    page by an expired session). Host case, a default port (``:443``) and an empty path (``/``) do not count, as
    the browser reports the URL it reached normalised; False when either URL cannot be parsed."""
    try:
        return _page_key(url) == _page_key(reached)
    except ValueError:
        return False


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _page_key(url: str) -> tuple[str, int | None, str, str]:
    parts = urlsplit(url)
    port = parts.port
    if port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        port = None
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    return (parts.hostname or "", port, userinfo, parts.path or "/")
