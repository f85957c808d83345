"""URL helpers: site comparison, canonical form (SPA hash routes kept), page templates."""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

# Offline: use the public-suffix snapshot bundled with tldextract, never fetch it.
_extract = tldextract.TLDExtract(suffix_list_urls=())

# A fragment is a route of a single-page app when it looks like a path: "#/inbox", "#!/message/3".
SPA_ROUTE = re.compile(r"^!?/")


@lru_cache(maxsize=4096)
def site_of(url: str) -> str:
    """Registrable domain (eTLD+1) of a URL; an IP address or a single-label host is its own site."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _extract(host)
    return parts.top_domain_under_public_suffix or host


def same_site(url: str, other: str) -> bool:
    return site_of(url) == site_of(other)


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


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


_ID_SEGMENT = re.compile(
    r"^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|\d{4}-\d{2}(-\d{2})?)$",
    re.IGNORECASE,
)


_DATE_VALUE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _placeholder(value: str) -> str | None:
    """{date} or {id} for values that name one item of a series; None for words that name a view."""
    if _DATE_VALUE.match(value):
        return "{date}"
    if _ID_SEGMENT.match(value):
        return "{id}"
    return None


def _template_path(path: str) -> str:
    return "/".join(_placeholder(segment) or segment for segment in path.split("/"))


def template_of(url: str) -> str:
    """Page template, e.g. ``/blog/post/{id}``, ``/conversation/conversation#/message/{id}``,
    ``/calendar/calendar?month={date}``.

    Numeric, UUID, long hex and date segments become placeholders; query values become ``{date}``, ``{id}`` or
    ``{}`` (keys kept, sorted), so ``?page=2`` and ``?page=3`` share a template. ValueError as canonical_url.
    """
    parts = urlsplit(canonical_url(url))
    template = _template_path(parts.path or "/")
    if parts.query:
        pairs = sorted({(key, _placeholder(value) or "{}") for key, value in parse_qsl(parts.query,
                                                                                        keep_blank_values=True)})
        template += "?" + "&".join(f"{key}={value}" for key, value in pairs)
    if parts.fragment:
        template += "#" + _template_path(parts.fragment)
    return template


# Query parameters and path parameters that carry session or login secrets: redacted before anything is stored.
_SECRET_NAMES = (
    r"ticket|token|access_token|id_token|refresh_token|session|sessionid|sid|jsessionid|phpsessid|"
    r"samlresponse|samlrequest|relaystate|authorization|apikey|api_key|password|passwd|pwd|secret|"
    r"onesessionid|xsrf-token|csrf|csrf_token"
)
_SECRET_PARAM = re.compile(rf"^({_SECRET_NAMES})$", re.IGNORECASE)
# The same names as ``name=value`` anywhere in a text: the fallback for a URL that cannot be parsed.
_SECRET_PAIR = re.compile(rf"(^|[?&#;])({_SECRET_NAMES})=[^&#;]*", re.IGNORECASE)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#;]*", re.IGNORECASE)
REDACTED = "REDACTED"


def redact_url(url: str) -> str:
    """The URL with session tickets and tokens replaced by REDACTED (query, fragment query or fragment
    ``#access_token=…``, ;jsessionid=). Never raises: a URL that cannot be parsed (an unclosed IPv6 bracket) has
    every secret-looking ``name=value`` of its text redacted instead."""
    if not url or "?" not in url and ";" not in url and "#" not in url:
        return url
    swapped = _PATH_SESSION.sub(lambda m: f";{m.group(1)}={REDACTED}", url)
    try:
        parts = urlsplit(swapped)
    except ValueError:
        return _SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}", swapped)

    def clean(query: str) -> str:
        if "=" not in query:
            return query
        pairs = parse_qsl(query, keep_blank_values=True)
        if not any(_SECRET_PARAM.match(k) for k, _ in pairs):
            return query
        return urlencode([(k, REDACTED if _SECRET_PARAM.match(k) else v) for k, v in pairs], safe="/:{}")

    fragment = parts.fragment
    if "?" in fragment:
        route, _, fragment_query = fragment.partition("?")
        fragment = f"{route}?{clean(fragment_query)}"
    elif "=" in fragment:  # OAuth / OpenID Connect implicit flow: #access_token=…&state=…
        fragment = clean(fragment)
    query = clean(parts.query)
    if query == parts.query and fragment == parts.fragment:
        return swapped  # nothing (more) to redact: the text as it was, not re-assembled
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>]+", re.IGNORECASE)
# A secret ``name=value`` left in a text after its URLs were redacted: a relative URL (/cas/login?ticket=…), or a
# URL cut short by a space; the value ends at a space or a quote.
_SECRET_IN_TEXT = re.compile(rf"(^|[?&#;])({_SECRET_NAMES})=[^&#;\s'\"<>]*", re.IGNORECASE)


def redact_text(text: str) -> str:
    """Redact every URL found in a free text (error messages quote URLs), and any secret ``name=value`` left."""
    if not text:
        return text
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}", text)


# Query parameters that never make another page: tracking tags (dropped along with session parameters).
_TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_ga|_gl)$", re.IGNORECASE)


def _kept_pairs(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if not _SECRET_PARAM.match(k) and not _TRACKING_PARAM.match(k)]


def canonical_url(url: str) -> str:
    """The URL a page is known by: session, ticket and tracking parameters dropped (from an SPA route's query
    too), query sorted, SPA route fragments kept and in-page anchors dropped.

    For http(s) URLs with a host (the only ones the crawl follows) ``canonical_url(canonical_url(u)) ==
    canonical_url(u)``. ValueError for a URL ``urllib.parse.urlsplit`` cannot parse (an unclosed IPv6 bracket)."""
    parts = urlsplit(_PATH_SESSION.sub("", url))
    fragment = parts.fragment if SPA_ROUTE.match(parts.fragment) else ""
    if "?" in fragment:
        route, _, fragment_query = fragment.partition("?")
        kept = _kept_pairs(fragment_query)
        if len(kept) != len(parse_qsl(fragment_query, keep_blank_values=True)):  # only rewritten to drop one
            fragment = f"{route}?{urlencode(kept)}" if kept else route
    query = parts.query
    if query:
        query = urlencode(sorted(_kept_pairs(query)))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, fragment))
