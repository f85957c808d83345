"""URL helpers: site comparison, canonical form (SPA hash routes kept), page templates."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from urllib.parse import parse_qsl, unquote, unquote_plus, urlencode, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, url_query_cleaner

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


def _template_segment(segment: str) -> str:
    # A session id carried in the path (/s/<id>/timeline) is not part of the page: one template for every session.
    # Hex ids (checked first) stay {id}: a 40-hex segment is as likely a document's hash as a session.
    return _placeholder(segment) or ("{session}" if secret_segment(segment) else segment)


def _template_path(path: str) -> str:
    return "/".join(_template_segment(segment) for segment in path.split("/"))


def template_of(url: str) -> str:
    """Page template, e.g. ``/blog/post/{id}``, ``/conversation/conversation#/message/{id}``,
    ``/calendar/calendar?month={date}``.

    Numeric, UUID, long hex and date segments become placeholders; query values become ``{date}``, ``{id}`` or
    ``{}`` (keys kept, sorted), so ``?page=2`` and ``?page=3`` share a template. ValueError as canonical_url.
    """
    parts = urlsplit(canonical_url(url))
    template = _template_path(parts.path or "/")
    if parts.query:
        pairs = sorted(
            {(key, _placeholder(value) or "{}") for key, value in parse_qsl(parts.query, keep_blank_values=True)}
        )
        template += "?" + "&".join(f"{key}={value}" for key, value in pairs)
    if parts.fragment:
        template += "#" + _template_path(parts.fragment)
    return template


# Parameters that carry session or login secrets, by name: redacted before anything is stored, and dropped from
# canonical URLs. Session ids of every stack (Java, PHP, ASP, ColdFusion, "jeton" in French apps), SSO tickets and
# assertions, and the CSRF/nonce tokens of the major frameworks (tied to a session, and the mark of an action link).
# Not by name: "auth", "key", "code", "s" (a search box, a sort key, a subject code); long random values under
# those names are caught by their shape below.
# Of them, the session ids proper, which a site may need in the URL to know the session (servlet URL rewriting,
# PHP's trans_sid, French apps' "jeton"): kept in the address a page is asked for (fetch_url). The others are
# single-use login artefacts (a CAS ticket, a SAML message, an OAuth code or token) or CSRF tokens.
_SESSION_ID_NAMES = r"session\w*|sessid|sid|jsessionid|phpsessid|aspsessionid\w*|cfid|cftoken|onesessionid|jeton"
_SECRET_NAMES = (
    rf"ticket|token|access_token|id_token|refresh_token|auth_?token|token_?auth|{_SESSION_ID_NAMES}|sesskey|"
    r"samlresponse|samlrequest|samlart|relaystate|authorization|apikey|api_key|password|passwd|pwd|secret|"
    r"client_secret|xsrf-token|_?xsrf\w*|_?csrf\w*|csrfmiddlewaretoken|__requestverificationtoken|"
    r"authenticity_token|_token|_?wpnonce|nonce|sectok|form_?key|requesttoken|securitytoken"
)
_SECRET_PARAM = re.compile(rf"^({_SECRET_NAMES})$", re.IGNORECASE)
# The same names as ``name=value`` anywhere in a text: the fallback for a URL that cannot be parsed.
_SECRET_PAIR = re.compile(rf"(^|[?&#;])({_SECRET_NAMES})=[^&#;]*", re.IGNORECASE)
_PATH_SESSION = re.compile(rf";({_SECRET_NAMES})=[^/?#;]*", re.IGNORECASE)
REDACTED = "REDACTED"

# Secrets by shape: a session id or token is a long run of letters and digits that does not read as words.
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_HEX = re.compile(r"^[0-9a-f]+$", re.IGNORECASE)
_TOKEN_RUN = re.compile(r"^[A-Za-z0-9_-]{24,}$")
_TOKEN_CHUNKS = re.compile(r"[A-Za-z0-9_-]{24,}")
MIN_HEX_SECRET = 32  # shorter hex strings are ids (a MongoDB ObjectId is 24 hex digits)


def secret_name(name: str) -> bool:
    """A parameter name that carries a session id, a ticket, a token or a credential."""
    return bool(_SECRET_PARAM.match(name))


# Pieces of a run as a reader splits it: camelCase words, digit groups, letter groups.
_PIECES = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_VOWELS = frozenset("aeiouy")
# An uppercase letter inside a lowercase run that is not the start of a camelCase word (aBC, xY7): random.
_ODD_CAPITAL = re.compile(r"(?<=[a-z])[A-Z](?![a-z])")


def _wordy_share(value: str) -> float:
    """Share of the characters that belong to word-like pieces: 4+ letters, a fifth of them vowels at least. Near 1
    for ``MyLongFolderName`` or ``rentree2024septembre``; near 0.1 for a random token, whose camelCase pieces are
    short and seldom pronounceable."""
    wordy = 0
    for piece in _PIECES.findall(value):
        if piece.isalpha() and len(piece) >= 4 and _pronounceable(piece.lower()):
            wordy += len(piece)
    return wordy / len(value)


def _pronounceable(piece: str) -> bool:
    """A fifth of vowels at least (random letters have fewer, often)."""
    return 5 * sum(c in _VOWELS for c in piece) >= len(piece)


def secret_shaped(value: str) -> bool:
    """True for a value that looks like a session id or a token: 32+ hex digits, or a run of 24+ characters of
    ``[A-Za-z0-9_-]`` with few separators (a slug such as ``la-rentree-des-classes-2024`` has one every few
    letters) that does not read as words: under half of it in word-like pieces, or camelCase/digit pieces of 3.5
    characters or less on average (random base 62: about 1.9; ``MyLongFolderName``: 4), or 3+ capitals inside
    lowercase runs (``aBC``), or under 60 % word-like when letters and digits alternate (4+ changes, 2+ digits:
    base-36 tokens). A UUID, a number and shorter hex strings name items and are not secrets.

    Measured on random values: a base-62 token of 32 characters passes unnoticed about 2 times in 10,000, a
    base-36 one of 26 characters 4 times in 100 (session ids are caught by their parameter NAME first); on
    words glued together (camelCase with numbers), about 2 in 100 are taken for a token."""
    if not _TOKEN_RUN.match(value) or value.isdigit() or _UUID.match(value):
        return False
    if _HEX.match(value):
        return len(value) >= MIN_HEX_SECRET
    if (value.count("-") + value.count("_")) * 8 > len(value):  # a slug: a separator every few letters
        return False
    pieces = _PIECES.findall(value)
    wordy = _wordy_share(value)
    if (
        wordy < 0.5
        or sum(map(len, pieces)) < 3.5 * len(pieces)  # short pieces: aBc9Xy…, not words
        or len(_ODD_CAPITAL.findall(value)) >= 3
    ):
        return True
    digits = sum(c.isdigit() for c in value)
    changes = sum(1 for a, b in pairwise(value) if a.isdigit() != b.isdigit() and a.isalnum() and b.isalnum())
    return digits >= 2 and changes >= 4 and wordy < 0.6


def _secret_value(value: str) -> bool:
    """A query value that is, or holds (a callback URL carrying a token), a secret-shaped run."""
    return any(secret_shaped(chunk) for chunk in _TOKEN_CHUNKS.findall(value))


def secret_segment(segment: str) -> bool:
    """A path segment that is a session id as a whole (``/s/<id>/``, ``/sess_<id>/``); file names are not
    (``app-<hash>.js``: content hashes are public)."""
    return secret_shaped(unquote(segment.split(";", 1)[0]))


def _redact_path(path: str) -> str:
    if not _TOKEN_CHUNKS.search(path):
        return path
    return "/".join(REDACTED if secret_segment(segment) else segment for segment in path.split("/"))


def _redact_query(query: str) -> str:
    if "=" not in query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    secret = [bool(_SECRET_PARAM.match(k)) or _secret_value(v) for k, v in pairs]
    if not any(secret):
        return query
    return urlencode([(k, REDACTED if hide else v) for (k, v), hide in zip(pairs, secret, strict=True)], safe="/:{}")


def redact_url(url: str) -> str:
    """The URL with session ids, tickets and tokens replaced by REDACTED: by parameter name or by shape, in the
    query, the fragment's query or an OAuth fragment (``#access_token=…``), ``;jsessionid=`` path parameters and
    whole path segments (``/s/<id>/timeline``, SPA routes included). Never raises: a URL that cannot be parsed (an
    unclosed IPv6 bracket) has every secret-looking ``name=value`` of its text redacted instead."""
    if not url or ("?" not in url and ";" not in url and "#" not in url and not _TOKEN_CHUNKS.search(url)):
        return url
    swapped = _PATH_SESSION.sub(lambda m: f";{m.group(1)}={REDACTED}", url)
    try:
        parts = urlsplit(swapped)
    except ValueError:
        return _SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}", swapped)
    fragment = parts.fragment
    if "?" in fragment:
        route, _, fragment_query = fragment.partition("?")
        fragment = f"{_redact_path(route)}?{_redact_query(fragment_query)}"
    elif "=" in fragment:  # OAuth / OpenID Connect implicit flow: #access_token=…&state=…
        fragment = _redact_query(fragment)
    else:
        fragment = _redact_path(fragment)
    path = _redact_path(parts.path)
    query = _redact_query(parts.query)
    if (path, query, fragment) == (parts.path, parts.query, parts.fragment):
        return swapped  # nothing (more) to redact: the text as it was, not re-assembled
    return urlunsplit((parts.scheme, parts.netloc, path, query, fragment))


_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>]+", re.IGNORECASE)
# A secret ``name=value`` left in a text after its URLs were redacted: a relative URL (/cas/login?ticket=…), a URL
# cut short by a space, or a pair quoted alone ("session_id=…"); the value ends at a space or a quote.
_SECRET_IN_TEXT = re.compile(rf"(^|[?&#;\s(,'\"])({_SECRET_NAMES})=[^&#;\s'\"<>]*", re.IGNORECASE)
# A session id as a whole segment of a relative path in a text ("GET /s/<id>/timeline failed").
_SEGMENT_IN_TEXT = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}(?=[/?#;\s'\"<>]|$)")


def redact_text(text: str) -> str:
    """Redact every URL found in a free text (error messages quote URLs), any secret ``name=value`` left, and
    session-id segments of relative paths."""
    if not text:
        return text
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    text = _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}={REDACTED}", text)
    return _SEGMENT_IN_TEXT.sub(lambda m: REDACTED if secret_shaped(m.group(0)) else m.group(0), text)


# Query parameters that never make another page: tracking tags (dropped along with session parameters).
_TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_ga|_gl)$", re.IGNORECASE)


def _dropped(name: str) -> bool:
    """A query parameter that never makes another page: a session, ticket or CSRF parameter, a tracking tag."""
    return bool(_SECRET_PARAM.match(name) or _TRACKING_PARAM.match(name))


def _without_params(url: str, query: str, drop: Callable[[str], bool], keep_fragments: bool) -> str:
    """``url`` without the parameters of its ``query`` that ``drop`` names (w3lib's url_query_cleaner; a name is
    judged decoded, ``utm%5Fsource`` as ``utm_source``, and removed as written); the others stay as written."""
    names = [
        name for name in dict.fromkeys(pair.partition("=")[0] for pair in query.split("&")) if drop(unquote_plus(name))
    ]
    if not names:
        return url
    return str(url_query_cleaner(url, names, remove=True, unique=False, keep_fragments=keep_fragments))


_SESSION_ID_PARAM = re.compile(rf"^({_SESSION_ID_NAMES})$", re.IGNORECASE)


def _login_artefact(name: str) -> bool:
    """A secret parameter that is not a session id: a ticket, a token, a CSRF value (replaying one is a login)."""
    return bool(_SECRET_PARAM.match(name)) and not _SESSION_ID_PARAM.match(name)


def fetch_url(url: str) -> str:
    """The address a page is asked for: the link's own, session ids included, without the login artefacts of
    its query (replaying one is a login attempt; see _SESSION_ID_NAMES) nor a fragment that is not an SPA route
    (an in-page anchor, an OAuth ``#access_token=``). Pages are counted by canonical_url; this is only what is
    sent."""
    parts = urlsplit(url)
    if parts.fragment and not SPA_ROUTE.match(parts.fragment):
        parts = parts._replace(fragment="")
    fetched = urlunsplit(parts)
    return _without_params(fetched, parts.query, _login_artefact, keep_fragments=True) if parts.query else fetched


def canonical_url(url: str) -> str:
    """The URL a page is known by: session, ticket and tracking parameters dropped (from an SPA route's query
    too), query sorted, SPA route fragments kept and in-page anchors dropped.

    w3lib's canonicalize_url (Scrapy's own) does the canonical form: scheme and host lowercased (IDNA), path
    percent-encoding normalised (``%7e`` and ``~``, ``é`` and ``%C3%A9`` are one page) and dot segments resolved,
    query sorted with blank values kept, ``/`` for an empty path. Ours on top: the parameters dropped (names above),
    ``;jsessionid=``-like path parameters dropped, and an SPA route (``#/message/3``) kept, which canonicalize_url
    would drop with the in-page anchors.

    For http(s) URLs with a host (the only ones the crawl follows) ``canonical_url(canonical_url(u)) ==
    canonical_url(u)``. ValueError for a URL ``urllib.parse.urlsplit`` cannot parse (an unclosed IPv6 bracket)."""
    parts = urlsplit(_PATH_SESSION.sub("", url))
    fragment = parts.fragment if SPA_ROUTE.match(parts.fragment) else ""
    if "?" in fragment:  # an SPA route's own query: only rewritten to drop a parameter
        route, _, fragment_query = fragment.partition("?")
        cleaned = _without_params(f"?{fragment_query}", fragment_query, _dropped, keep_fragments=False)
        fragment = route + cleaned if cleaned not in ("", "?") else route
    page = urlunsplit(parts._replace(fragment=""))
    if parts.query:
        page = _without_params(page, parts.query, _dropped, keep_fragments=False)
    canonical = canonicalize_url(page, keep_blank_values=True)
    return f"{canonical}#{fragment}" if fragment else canonical
