"""The read-only URL policy: which requests any browser or client of ours may send, which links the crawl follows.

A URL is judged in a normalised form, so that a disguise cannot hide an action:

- percent-decoded until stable (``/log%6Fut``, ``/d%25C3%25A9connexion``), invalid UTF-8 read as Latin-1 (``%E9``
  is "é" to a Java or IIS server), IIS ``%u006F`` escapes decoded;
- Unicode NFKC (NFC, plus fullwidth ``ｌｏｇｏｕｔ`` read as ``logout``), accents folded (déconnexion → deconnexion),
  case folded;
- ``;params`` stripped from each path segment (``/logout;.png`` is ``/logout``, as Tomcat and Spring read it);
- path segments, parameter names and values split into words on ``/ - _ . ; , + space``, on camelCase
  (``markAsRead`` → mark as read) and between letters and digits. Opaque chunks (numbers, UUIDs, hex ids,
  session-shaped tokens, random names such as font files) are not split, so a random id never "spells" a verb;
  the stems that count inside a word still count inside them (``DeLeTeThIsMeSsAgE``), hex and numbers aside.

A URL is an ACTION (never fetched, never crawled) when:

1. it carries a CSRF/nonce parameter (``_wpnonce``, ``sesskey``, ``csrf*``, ``xsrf*``, ``*nonce*``, ``_token``,
   ``token`` (MediaWiki action links), ``sectok`` (DokuWiki), ``authenticity_token``, ``csrfmiddlewaretoken``,
   ``__RequestVerificationToken``, ``form_key``, ``requesttoken``, Joomla's 32-hex parameter name set to 1,
   phpBB's ``hash=<hex>``…): such a parameter exists only to authorise a state change;
2. an ``action``/``do``/``op``/``cmd``/``task``/``_eventId`` parameter names something other than a read
   (view, show, read, list, search, print, history, info, raw, render, diff, export views…), or ``_method`` asks
   for a write. An unknown verb is an action (a false deny is reported; a false allow harms). ``mode`` is mostly a
   display mode (``mode=list``): it marks an action only when its value names one;
3. ``action=edit``/``do=edit`` IS an action: opening an editor is a GET, but WordPress takes an edit lock
   (``_edit_lock`` post meta) and DokuWiki writes a lock file; an edit form is no page a visitor sees anyway;
4. a word of its path (or, for links, of its query and SPA route) names an action, French or English:
   - inside any word (unambiguous stems): logout, logoff, signout, deconnexion, deconnect(er), disconnect, delete,
     supprim(er), suppression, effac(er), destroy, trash, corbeille, purge, markasread, toggleunread, unsubscribe,
     desabonn(er), desinscri(re), unenrol, rollback, so ``/resetpassword``-like compounds are caught too;
   - at the start of a word: reset, reinitialis(er), remove (not "removal"), clear, vider, revert, uninstall,
     deactivat(e), desactiv(er), unpublish, unapprove, marquer (``/flux/marquer-lu``; the old list had it too);
   - as a whole word, the word IS the verb (a noun or a plural is not: ``/blog/updates`` and ``/archives`` are
     pages, ``/update`` and ``/archive`` are not): archive(r), approve/approuver, spam, activate/activer, enable,
     disable, dismiss, ignore(r), hide, cacher, masquer, discard, retirer, send, envoyer, update, upgrade,
     install, reload, restart, cancel, annuler, valider (not the English "validate": CAS's
     ``serviceValidate`` and mail or MFA checks are login steps), publish/publier, accept(er), reject, refuser,
     decline, block, bloquer, ban, kick, unfollow, subscribe, abonner, cron, flush, wipe, erase, truncate,
     restore, restaurer, revoke, exit, save, submit, export;
   - as a phrase of consecutive words: log out, sign out, mark (all) as read, marquer (tout) comme lu, mettre à
     jour, quitter la session;
   - after an API segment (``api``, ``rest``, ``ajax``, ``rpc``, ``graphql``, ``webservice``): edit, save, set,
     create, add, write, modify, move, rename, copy, upload, share, lock, pin, star, like, vote, follow, join,
     leave, toggle, mark, flag, bookmark, assign, attach, duplicate, sync, refresh, commit, apply, confirm,
     register, enrol, invite, notify; and ``read``/``unread``/``seen`` as the last word
     (``/api/messages/2/read`` marks a message read);
   - ``slo`` (SAML/OIDC single logout) as a whole word;
   - ``/help/logout-faq`` is refused too: "logout" in a path is too strong a sign to bet on a FAQ;
5. it is one of the ENT endpoints of reference/domain.md §5 (``/timeline/performDailyMailing``,
   ``/cas/configuration/reload``, ``/auth/reset/…``, ``/directory/api/export``, ``/archive/…``,
   ``/workspace/document/archive/…``, ``/api/internal``), an admin console (a path word ``admin``), or a calendar
   export (``.ics``, ``format=ics``);
6. it matches a user deny pattern (``[crawl] deny``, ``[safety] deny``: regular expressions searched in the raw
   and in the decoded URL).

``deny_defaults=False`` turns off the built-in word and endpoint lists (4, 5) only: CSRF/nonce and action
parameters, methods and login pages are the policy itself, not a list.

A static-looking suffix never overrides a deny for navigations, documents, XHR and links. SUB-RESOURCES
(stylesheet, script, image, font, media, text track, manifest) are judged on their path and their action
parameters (1, 2, 3) only, not on other query words: ``load.php?modules=reset-editor-styles&only=styles`` loads.
A static file (a path ending in .css .js .png .svg .woff2…, ``;params`` stripped) in an asset directory
(``assets``, ``static``, ``img``, ``icons``, ``css``, ``js``, ``fonts``, ``themes``, ``public``, ``dist``…) and not
under an API segment is fetched whatever its name says: icons named ``corbeille.svg`` or ``logout.svg`` are common,
a static handler serves them, and blocking them would change the page being measured. Outside asset directories the
path words count (``/logout.png``, ``/portail/Logout.png``: Spring's and Rails' suffix matching route those to the
logout handler), and so does an API segment (``/api/delete/x.js``). User deny patterns do not apply to static files
(as before: a ``/blog/`` deny must not strip a page of its images).

LINKS are also judged on their own words (visible text, ``title``, ``aria-label``, ``rel``; give them as one string,
parts separated by a new line or " | "). A part of up to three words ("Corbeille", "Message supprimé", the rel list
"nofollow logout") is an action when any of its words is. A longer part is a command only if it starts with its verb,
as labels do in French and English ("Supprimer le message", "Se déconnecter", "Mark all as read"), so its first word
(after se/me/vous/nous/tout/all) must be a deny word or start a deny phrase; a sentence that merely mentions one
("Page dont le script supprime…", "Raccourci (redirige vers la déconnexion)") is not.

Login, SSO and identity-provider pages (``/cas/…``, ``/auth/login``, ``/login``, ``/signin``, ``/connexion``,
``Special:UserLogin``, ``do=login``, ``/idp/``, ``/saml``, ``/oauth2/authorize``, ``/auth/openid/login``, the
configured login URLs) are never crawled ("login page"); they are no action for a request (the login browser and a
session renewal go through them). The SSO flows under ``/auth/(saml|openid|oauth2|canope)/`` are login pages, not
actions: their logout endpoints (``slo``, ``logout``) are actions by their words.

An allow entry (``"PUT /api/session/current/"``, ``"GET /admin/stats*"``,
``"POST https://ent.example/api/heartbeat"``) overrides the policy for that method and URL only; it is the only way
a write leaves. ``*`` matches anything; a pattern without a scheme matches the path (plus the query when the
pattern has a ``?``); a full URL pattern matches the whole URL (host case ignored), fragment excluded. A path that
hides dot segments (``%2e%2e``) is never matched. An OPTIONS preflight to an allowed URL is allowed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import unquote, urlsplit

from ent_audit.crawler.urls import SPA_ROUTE, secret_name, secret_shaped

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
SUBRESOURCE_TYPES = frozenset({"stylesheet", "script", "image", "font", "media", "texttrack", "manifest"})
MAX_DECODES = 10  # %25 nesting deeper than this is refused ("unparsable URL") rather than half-decoded
SHORT_LABEL_WORDS = 3  # a link label part this short is judged on all its words, a longer one on its start

# -- words --------------------------------------------------------------------------------------------------------

_INSIDE = {  # stem found anywhere inside a word -> label
    "logout": "logout",
    "logoff": "logout",
    "signout": "logout",
    "signoff": "logout",
    "deconnexion": "logout",
    "deconnect": "logout",
    "disconnect": "logout",
    "delete": "delete",
    "supprim": "delete",
    "suppression": "delete",
    "effac": "delete",
    "destroy": "delete",
    "trash": "trash",
    "corbeille": "trash",
    "purge": "purge",
    "markasread": "mark as read",
    "markread": "mark as read",
    "markallread": "mark as read",
    "markallasread": "mark as read",
    "markasunread": "mark as unread",
    "markunread": "mark as unread",
    "toggleunread": "mark as read",
    "toggleread": "mark as read",
    "unsubscribe": "unsubscribe",
    "desabonn": "unsubscribe",
    "desinscri": "unsubscribe",
    "unenrol": "unsubscribe",
    "rollback": "rollback",
}
_PREFIX = {  # a word starting with it
    "reset": "reset",
    "reinitialis": "reset",
    "remove": "remove",
    "clear": "clear",
    "vider": "empty",
    "revert": "revert",
    "uninstall": "uninstall",
    "desinstall": "uninstall",
    "deactivat": "deactivate",
    "desactiv": "deactivate",
    "unpublish": "unpublish",
    "depubli": "unpublish",
    "unapprov": "unapprove",
    "desapprouv": "unapprove",
    "marquer": "mark as read",
}
_EXACT = {
    word: word
    for word in (
        "archive",
        "archiver",
        "approve",
        "approuver",
        "spam",
        "unspam",
        "activate",
        "activer",
        "enable",
        "disable",
        "dismiss",
        "ignore",
        "ignorer",
        "hide",
        "unhide",
        "cacher",
        "masquer",
        "discard",
        "retirer",
        "send",
        "envoyer",
        "update",
        "upgrade",
        "install",
        "reload",
        "reboot",
        "restart",
        "shutdown",
        "cancel",
        "annuler",
        "valider",
        "publish",
        "publier",
        "accept",
        "accepter",
        "reject",
        "refuser",
        "decline",
        "block",
        "unblock",
        "bloquer",
        "ban",
        "unban",
        "kick",
        "unfollow",
        "subscribe",
        "abonner",
        "sabonner",
        "cron",
        "flush",
        "wipe",
        "erase",
        "truncate",
        "restore",
        "restaurer",
        "revoke",
        "revoquer",
        "exit",
        "save",
        "submit",
        "export",
    )
} | {"slo": "logout"}  # SAML/OIDC single logout: /auth/saml/slo, /auth/openid/slo
_PHRASES = {  # consecutive words joined -> label
    "logout": "logout",
    "logoff": "logout",
    "signout": "logout",
    "signoff": "logout",
    "quitterlasession": "logout",
    "sedeconnecter": "logout",
    "markasread": "mark as read",
    "markread": "mark as read",
    "markallread": "mark as read",
    "markallasread": "mark as read",
    "markasunread": "mark as unread",
    "markunread": "mark as unread",
    "toggleunread": "mark as read",
    "toggleread": "mark as read",
    "marquercommelu": "mark as read",
    "marquercommelus": "mark as read",
    "marquercommelue": "mark as read",
    "marquertoutcommelu": "mark as read",
    "toutmarquercommelu": "mark as read",
    "marquercommenonlu": "mark as unread",
    "emptytrash": "trash",
    "mettreajour": "update",
    "marquerlu": "mark as read",
    "marquerlus": "mark as read",
    "marquerlue": "mark as read",
}
_API_SEGMENTS = frozenset({"api", "apis", "rest", "ajax", "rpc", "jsonrpc", "graphql", "webservice", "webservices"})
_API_WORDS = frozenset(
    {
        "edit",
        "save",
        "set",
        "create",
        "add",
        "write",
        "modify",
        "move",
        "rename",
        "copy",
        "upload",
        "share",
        "lock",
        "unlock",
        "pin",
        "unpin",
        "star",
        "unstar",
        "like",
        "unlike",
        "vote",
        "follow",
        "join",
        "leave",
        "toggle",
        "mark",
        "flag",
        "favorite",
        "favourite",
        "bookmark",
        "assign",
        "unassign",
        "attach",
        "detach",
        "duplicate",
        "sync",
        "refresh",
        "commit",
        "apply",
        "confirm",
        "register",
        "enrol",
        "enroll",
        "invite",
        "notify",
    }
)
_API_LAST_WORDS = frozenset({"read", "unread", "seen", "lu", "vu"})
# Link labels: words before the verb of a command ("Se déconnecter", "Tout supprimer", "Mark all as read").
_LEADING = frozenset({"se", "s", "me", "m", "vous", "nous", "te", "tout", "tous", "toutes", "all", "please"})

# -- parameters ---------------------------------------------------------------------------------------------------

_CSRF_NAMES = frozenset(
    {
        "_wpnonce",
        "wpnonce",
        "sesskey",
        "_token",
        "token",
        "authenticity_token",
        "sectok",
        "_sectok",
        "nonce",
        "__requestverificationtoken",
        "csrfmiddlewaretoken",
        "form_key",
        "formkey",
        "_formkey",
        "requesttoken",
        "securitytoken",
        "smtoken",
        "ccm_token",
        "_authenticator",
        "_sectoken",
        "form_token",
        "formtoken",
        "__viewstate",
        "__eventvalidation",
        "__eventtarget",
    }
)
_CSRF_INSIDE = ("csrf", "xsrf", "nonce")
_JOOMLA_TOKEN = re.compile(r"^[0-9a-f]{32}$")  # Joomla: the token is the parameter NAME, set to 1
_HEX_VALUE = re.compile(r"^[0-9a-f]{8,}$")  # phpBB's link hash
_ACTION_PARAMS = frozenset(
    {"action", "actions", "act", "do", "op", "operation", "cmd", "command", "task", "_action", "_eventid", "eventid"}
)
_MODE_PARAMS = frozenset({"mode"})  # a display mode, unless its value names an action
_METHOD_PARAMS = frozenset({"_method", "x-http-method-override", "x-http-method"})
_READ_VALUES = frozenset(
    {
        "view",
        "show",
        "read",
        "display",
        "list",
        "index",
        "search",
        "find",
        "query",
        "print",
        "printable",
        "history",
        "info",
        "raw",
        "render",
        "diff",
        "source",
        "preview",
        "get",
        "browse",
        "lookup",
        "recent",
        "recentchanges",
        "changes",
        "backlink",
        "backlinks",
        "revisions",
        "revision",
        "media",
        "sitemap",
        "feed",
        "rss",
        "atom",
        "detail",
        "details",
        "open",
        "download",
        "credits",
        "help",
        "about",
        "home",
        "default",
        "page",
        "pages",
        "overview",
        "month",
        "week",
        "day",
        "year",
        "agenda",
        "calendar",
        "export",
        "xhtml",
        "xml",
        "json",
        "html",
        "pdf",
        "csv",
        "txt",
        "text",
        "plain",
        "permalink",
        "go",
        "goto",
        "next",
        "prev",
        "previous",
        "first",
        "last",
        "zoom",
        "thumb",
        "thumbnail",
        "image",
        "file",
        "files",
        "folder",
        "folders",
        "inbox",
        "message",
        "messages",
        "tree",
        "grid",
        "table",
        "summary",
        "stats",
        "profile",
        "selection",
    }
)
_ICS_VALUES = frozenset({"ics", "ical", "icalendar", "vcs"})
_ICS_PARAMS = frozenset({"format", "type", "export", "output", "fmt"})
_ICS_SUFFIXES = (".ics", ".ical", ".ifb", ".vcs")

# -- login pages, endpoints, static files --------------------------------------------------------------------------

_LOGIN_WORDS = frozenset(
    {
        "login",
        "signin",
        "logon",
        "connexion",
        "authenticate",
        "authorize",
        "authorise",
        "sso",
        "wayf",
        "idp",
        "saml",
        "saml2",
        "shibboleth",
        "openid",
        "oauth",
        "oauth2",
    }
)
_LOGIN_FIRST_SEGMENTS = frozenset({"cas"})  # an Apereo CAS server: /cas/login, /cas/serviceValidate…
_LOGIN_PARAMS = frozenset({"title", "page"})  # MediaWiki ?title=Special:UserLogin
_ENDPOINTS = (  # reference/domain.md §5, on the folded path
    (re.compile(r"/timeline/perform\w*mailing"), "sends mail"),
    (re.compile(r"/cas/configuration(/mappings)?/reload"), "reload"),
    (re.compile(r"/auth/reset(/|$)"), "reset"),
    (re.compile(r"/directory/api/export"), "export"),
    (re.compile(r"/workspace/document/archive(/|$)"), "archive"),
    (re.compile(r"/archive/(export|import)(/|$)"), "archive"),
    (re.compile(r"/api/internal(/|$)"), "internal API"),
    # OpenENT NG marks a message as read when it is read (GET /conversation/message/:id, /conversation/api/messages/
    # :id): the one way to read it, and a write. The inbox is audited; the messages stay unread.
    (re.compile(r"/conversation/(api/messages|message)/[^/]+/?$"), "marks as read"),
)
_STATIC_SUFFIXES = (
    ".css",
    ".js",
    ".mjs",
    ".map",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".ico",
    ".bmp",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".mp4",
    ".webm",
    ".mp3",
    ".ogg",
    ".wav",
    ".m4a",
    ".vtt",
)
_ASSET_DIRS = frozenset(
    {
        "assets",
        "asset",
        "static",
        "img",
        "imgs",
        "image",
        "images",
        "icon",
        "icons",
        "pictures",
        "pix",
        "sprites",
        "css",
        "styles",
        "style",
        "stylesheets",
        "js",
        "javascript",
        "javascripts",
        "scripts",
        "font",
        "fonts",
        "media",
        "theme",
        "themes",
        "skin",
        "skins",
        "public",
        "dist",
        "build",
        "vendor",
        "vendors",
        "lib",
        "libs",
        "node_modules",
        "bower_components",
        "webjars",
        "bundles",
        "bundle",
        "_next",
        "emoji",
        "svg",
        "resources",
    }
)

# -- normalisation -------------------------------------------------------------------------------------------------

_IIS_ESCAPE = re.compile(r"%u([0-9a-fA-F]{4})")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_CHUNKS = re.compile(r"[^\W_]+(?:[-_][^\W_]+)*")  # runs of letters and digits, with inner - and _
_SPLIT = re.compile(r"[^a-z0-9]+")
_HEXISH = re.compile(
    r"^(?=\D*\d)([0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.IGNORECASE
)  # hex ids and UUIDs (with a digit)
_BLOB = re.compile(r"^[A-Za-z0-9+/=_-]{24,}$")  # base64 data (a SAMLRequest, a signature)
_BLOB_PUNCTUATION = re.compile(r"[+/=]")
_LABEL_PARTS = re.compile(r"\n|\|")
_PIECES = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")  # camelCase words, capitals, digit groups
RANDOM_NAME_MIN = 12


def decode(text: str) -> str:
    """Percent-decoded until stable, invalid UTF-8 read as Latin-1, IIS %uXXXX escapes decoded. ValueError when
    still encoded after MAX_DECODES rounds: no honest URL nests that deep."""
    for _ in range(MAX_DECODES):
        decoded = _IIS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        try:
            decoded = unquote(decoded, errors="strict")
        except UnicodeDecodeError:
            decoded = unquote(decoded, encoding="latin-1")
        if decoded == text:
            return text
        text = decoded
    raise ValueError("percent-encoding nested too deep")


def fold(text: str) -> str:
    """NFKC (fullwidth letters become ASCII), accents removed, case folded."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _opaque(chunk: str) -> bool:
    """A chunk that names an item or a session, not a word: numbers, hex ids, UUIDs, tokens, and shorter random
    names (a font file ``KFOmCnqEu92Fr1Mu4mxK.woff2``: camelCase pieces under 2.5 characters on average)."""
    if chunk.isdigit() or _HEXISH.match(chunk) or secret_shaped(chunk):
        return True
    pieces = _PIECES.findall(chunk)
    return len(chunk) >= RANDOM_NAME_MIN and sum(map(len, pieces)) < 2.5 * len(pieces)


def words(text: str) -> list[str]:
    """The words of an (already decoded) text: camelCase and letter/digit changes split, opaque chunks dropped
    (and a whole base64 blob: split on + and /, its random letters would spell verbs now and then)."""
    if _BLOB.match(text) and secret_shaped(_BLOB_PUNCTUATION.sub("", text)):
        return []
    out: list[str] = []
    for chunk in _CHUNKS.findall(unicodedata.normalize("NFKC", text)):
        if _opaque(chunk):
            if not chunk.isdigit() and not _HEXISH.match(chunk):
                out.append(fold(chunk))  # unsplit: a stem inside still counts (DeLeTeThIsMeSsAgE is random-looking)
            continue
        folded = fold(_CAMEL.sub(" ", chunk))
        out += [w for w in _SPLIT.split(_LETTER_DIGIT.sub(" ", folded)) if w]
    return out


def _verb(ws: list[str]) -> str:
    """The action a list of consecutive words names ("" for none)."""
    for w in ws:
        for stem, label in _INSIDE.items():
            if stem in w:
                return label
        for stem, label in _PREFIX.items():
            if w.startswith(stem):
                return label
        if w in _EXACT:
            return _EXACT[w]
    return _phrase(ws)


def _phrase(ws: list[str], start_only: bool = False) -> str:
    for i in range(1 if start_only else len(ws)):
        for n in (2, 3, 4):
            if i + n <= len(ws) and (joined := "".join(ws[i : i + n])) in _PHRASES:
                return _PHRASES[joined]
    return ""


@dataclass(frozen=True)
class _Url:
    """A URL split for judging: raw parts, decoded path segments (``;params`` stripped) and parameters."""

    raw: str
    path: str  # decoded, folded, ;params stripped: "/portail/logout"
    segments: tuple[str, ...]  # decoded segments, ;params stripped, not folded (word splitting needs the case)
    params: tuple[tuple[str, str], ...]  # decoded (name, value) of the query
    route_segments: tuple[str, ...]  # SPA route of the fragment (#/message/3), decoded
    route_params: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, url: str) -> _Url:
        parts = urlsplit(url.strip())
        segments = tuple(decode(s).replace("\\", "/").split(";", 1)[0] for s in parts.path.split("/") if s)
        fragment = parts.fragment
        route, _, route_query = fragment.partition("?")
        route_segments: tuple[str, ...] = ()
        if SPA_ROUTE.match(route):
            route_segments = tuple(decode(s).split(";", 1)[0] for s in route.split("/") if s not in ("", "!"))
        elif not route_query and "=" in fragment:
            route_query = fragment  # #action=delete&id=3: a hash-parameter app
        return cls(
            url,
            fold("/" + "/".join(segments)),
            segments,
            _params(parts.query),
            route_segments,
            _params(route_query) if route_query else (),
        )


def _params(query: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in re.split(r"[&;]", query):
        if item:
            name, _, value = item.partition("=")
            pairs.append((decode(name.replace("+", " ")).strip(), decode(value.replace("+", " "))))
    return tuple(pairs)


def _short(value: str) -> str:
    """A parameter value quoted in a reason: never a secret, never long."""
    value = "REDACTED" if any(secret_shaped(c) for c in re.findall(r"[A-Za-z0-9_-]{24,}", value)) else value
    return value if len(value) <= 40 else value[:39] + "…"


# -- allow entries -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllowEntry:
    """One ``"METHOD URL-pattern"`` of ``[safety] allow``."""

    method: str
    pattern: str
    regex: re.Pattern[str]
    full_url: bool  # the pattern starts with http(s)://
    with_query: bool  # the pattern has a "?": matched against path?query

    def matches_url(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            path = decode(parts.path) + "/"
        except ValueError:
            return False
        if "/../" in path or "/./" in path:
            return False  # a pattern's * must not reach another path through hidden dot segments
        target = parts.path or "/"
        if self.with_query and parts.query:
            target += "?" + parts.query
        if self.full_url:
            target = f"{parts.scheme.lower()}://{parts.netloc.lower()}{target}"
        return bool(self.regex.fullmatch(target) or self.regex.fullmatch(unquote(target)))


def parse_allow_entry(entry: str) -> AllowEntry:
    """An allow entry, or ValueError saying what is wrong and how to write it."""
    fields = entry.split()
    if len(fields) != 2:
        raise ValueError('must be "METHOD URL-pattern" (one space between), such as "PUT /api/session/current/"')
    method, pattern = fields[0].upper(), fields[1]
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    full_url = pattern.lower().startswith(("http://", "https://"))
    if not full_url and not pattern.startswith("/"):
        raise ValueError("the URL pattern must start with / (a path) or http(s):// (a full URL)")
    path = urlsplit(pattern).path if full_url else pattern
    if not path.replace("*", "").replace("/", "").split("?", 1)[0]:
        raise ValueError("the URL pattern must name a path, not only * (keep an allow entry narrow)")
    if full_url:  # scheme and host compared in lower case
        scheme, _, rest = pattern.partition("://")
        host, slash, tail = rest.partition("/")
        pattern = f"{scheme.lower()}://{host.lower()}{slash}{tail}"
    regex = re.compile(".*".join(re.escape(piece) for piece in pattern.split("*")), re.DOTALL)
    return AllowEntry(method, fields[1], regex, full_url, "?" in pattern)


# -- the policy ----------------------------------------------------------------------------------------------------


class UrlPolicy:
    """Whether a URL is an action; the guard's single question for every request, the crawl's for every link."""

    def __init__(
        self,
        deny: Iterable[str] = (),
        deny_defaults: bool = True,
        allow: Iterable[str] = (),
        login_paths: Iterable[str] = (),
        allow_service_workers: bool = False,
    ) -> None:
        patterns = [p for p in deny if p]
        self._deny = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
        self.deny_defaults = deny_defaults
        self.allow_entries = [parse_allow_entry(e) for e in allow]
        self.allow_service_workers = allow_service_workers
        self._login_paths = {p for p in (_login_path(u) for u in login_paths) if p[0] not in ("", "/")}

    # -- the public questions ------------------------------------------------------------------------------------
    def allowed(self, method: str, url: str) -> bool:
        """Matched by an allow entry of this method."""
        method = method.upper()
        return any(e.method == method and e.matches_url(url) for e in self.allow_entries)

    def allow_line(self, method: str, url: str) -> str:
        """The exact config line that would let this request through (path without its query, ids kept)."""
        try:
            path = urlsplit(url).path or "/"
        except ValueError:
            path = "/"
        return f"allow = [{json.dumps(f'{method.upper()} {path}', ensure_ascii=False)}]"

    def link_reason(self, url: str, words: str = "") -> str:
        """Why a discovered link must not be crawled ("" = it may be): an action, a login page, a user deny."""
        if self.allowed("GET", url):
            return ""
        try:
            parsed = _Url.parse(url)
        except ValueError:
            return "unparsable URL"
        reason = (
            self._user_denied(url)
            or self._parameter_reason(parsed.params + parsed.route_params)
            or self._word_reason(parsed, query_words=True)
        )
        if reason:
            return reason
        if self._login_page(parsed):
            return "login page"
        return self._builtin_reason(parsed) or self._label_reason(words)

    def subresource_reason(self, url: str) -> str:
        """Why a stylesheet, script, image, font or media file must not be fetched: path words and action
        parameters only; a static file in an asset directory is judged on its action parameters alone."""
        try:
            parsed = _Url.parse(url)
        except ValueError:
            return "unparsable URL"
        reason = self._parameter_reason(parsed.params)
        if reason or self._static_asset(parsed):
            return reason
        static = bool(parsed.segments) and fold(parsed.segments[-1]).endswith(_STATIC_SUFFIXES)
        return (
            (self._user_denied(url) if not static else "")
            or self._word_reason(parsed, query_words=False)
            or self._builtin_reason(parsed)
        )

    def request_reason(
        self, method: str, url: str, resource_type: str = "document", headers: Mapping[str, str] | None = None
    ) -> str:
        """Why a request a browser or client of ours is about to send must not leave ("" = it may)."""
        method = method.upper()
        header = {k.lower(): str(v).lower() for k, v in (headers or {}).items()}
        if header.get("service-worker") == "script" and not self.allow_service_workers:
            return "service worker registration"
        purpose = header.get("sec-purpose", "") + " " + header.get("purpose", "")
        if "prefetch" in purpose or "prerender" in purpose:
            return "speculative load (prefetch/prerender)"
        if self.allowed(method, url):
            return ""
        if method not in SAFE_METHODS:
            return f"method {method}"
        if method == "OPTIONS" and any(e.matches_url(url) for e in self.allow_entries):
            return ""  # the CORS preflight of an allowed write
        if url.lower().startswith(("ws:", "wss:")):
            url = "http" + url[2:]  # the handshake is an HTTP GET of the same path
        if (resource_type or "document").lower() in SUBRESOURCE_TYPES:
            return self.subresource_reason(url)
        return self._action_reason(url)

    # -- the rules --------------------------------------------------------------------------------------------
    def _action_reason(self, url: str) -> str:
        """A link's rules without its words and without the login-page rule (requests may go through login)."""
        try:
            parsed = _Url.parse(url)
        except ValueError:
            return "unparsable URL"
        return (
            self._user_denied(url)
            or self._parameter_reason(parsed.params)
            or self._word_reason(parsed, query_words=True)
            or self._builtin_reason(parsed)
        )

    def _user_denied(self, url: str) -> str:
        if not self._deny:
            return ""
        try:
            decoded = decode(url)
        except ValueError:
            return "unparsable URL"
        return "denied by [crawl] deny" if self._deny.search(url) or self._deny.search(decoded) else ""

    @staticmethod
    def _parameter_reason(params: tuple[tuple[str, str], ...]) -> str:
        # An OpenID Connect authorization request (a login step on the identity provider) carries a replay nonce,
        # not a CSRF token.
        oidc = {"response_type", "client_id"} <= {fold(name) for name, _ in params}
        for name, value in params:  # a token first: it is the surest sign, whatever the order of the query
            key = fold(name)
            if key == "nonce" and oidc:
                continue
            if key in _CSRF_NAMES or any(s in key for s in _CSRF_INSIDE):
                return f"csrf parameter {key}"
            if _JOOMLA_TOKEN.match(key) and value.strip() == "1":
                return "csrf parameter (Joomla token)"
            if key == "hash" and _HEX_VALUE.match(fold(value)):
                return "csrf parameter hash"
        for name, value in params:
            key = fold(name)
            if key in _METHOD_PARAMS and fold(value).strip() not in ("", "get", "head"):
                return f"action parameter {key}={_short(value)}"
            if key in _ACTION_PARAMS and _action_value(value):
                return f"action parameter {key}={_short(value)}"
            if key in _MODE_PARAMS and _verb(words(value)):
                return f"action parameter {key}={_short(value)}"
        return ""

    def _word_reason(self, parsed: _Url, query_words: bool) -> str:
        if not self.deny_defaults:
            return ""
        api = False
        for index, segment in enumerate(parsed.segments):
            ws = words(segment)
            label = _verb(ws)
            if label:
                return f"action: {label}"
            if api:
                hit = next((w for w in ws if w in _API_WORDS), "")
                if not hit and index == len(parsed.segments) - 1 and ws and ws[-1] in _API_LAST_WORDS:
                    hit = "mark as read"
                if hit:
                    return f"action: {hit} (API)"
            api = api or fold(segment) in _API_SEGMENTS
        if query_words:
            for segment in parsed.route_segments:
                if label := _verb(words(segment)):
                    return f"action: {label}"
            for name, value in parsed.params + parsed.route_params:
                if secret_name(name) or fold(name) in _ACTION_PARAMS:
                    continue  # a ticket, a SAML message (opaque data), or a verb already judged as a parameter
                if label := (_verb(words(name)) or _verb(words(value))):
                    return f"action: {label}"
        return ""

    def _builtin_reason(self, parsed: _Url) -> str:
        if not self.deny_defaults:
            return ""
        for pattern, label in _ENDPOINTS:
            if pattern.search(parsed.path):
                return f"action: {label}"
        if any("admin" in words(segment) for segment in parsed.segments):
            return "action: admin console"
        if parsed.path.endswith(_ICS_SUFFIXES) or any(
            fold(n) in _ICS_PARAMS and fold(v) in _ICS_VALUES for n, v in parsed.params
        ):
            return "action: calendar export (.ics)"
        return ""

    def _label_reason(self, text: str) -> str:
        """A link's own words: each part (text, title, aria-label, rel) judged as a command label."""
        if not self.deny_defaults or not text:
            return ""
        for part in _LABEL_PARTS.split(text):
            ws = words(part)  # a label is text, not a URL: not percent-decoded
            while ws and ws[0] in _LEADING:
                ws = ws[1:]
            if not ws:
                continue
            # a short part (a rel list "nofollow logout", "Message supprimé") is judged whole; a sentence by its start
            label = _verb(ws) if len(ws) <= SHORT_LABEL_WORDS else (_verb(ws[:1]) or _phrase(ws, start_only=True))
            if label:
                return f"link words: {label}"
        return ""

    def login_page(self, url: str) -> bool:
        """The configured login URL (with its own parameters, when it has some) or any sign-in or identity-provider
        page: where an expired session leads."""
        try:
            return self._login_page(_Url.parse(url))
        except ValueError:
            return False

    def _login_page(self, parsed: _Url) -> bool:
        path = parsed.path.rstrip("/") or "/"
        params = {(fold(k), fold(v)) for k, v in parsed.params}
        for login, required in self._login_paths:
            # A login URL behind a front controller (index.php?title=Special:UserLogin) is the login page only
            # with its own parameters: every page of the site shares that path.
            if required:
                if path == login and required <= params:
                    return True
            elif path == login or path.startswith(login + "/"):
                return True
        if parsed.segments and fold(parsed.segments[0]) in _LOGIN_FIRST_SEGMENTS:
            return True
        for segment in parsed.segments:
            ws = words(segment)
            if any(w in _LOGIN_WORDS for w in ws) or "signin" in _joined_pairs(ws) or "login" in _joined_pairs(ws):
                return True
        for name, value in parsed.params:
            key = fold(name)
            if (key in _ACTION_PARAMS or key in _LOGIN_PARAMS) and any(w in _LOGIN_WORDS for w in words(value)):
                return True
        return False

    def _static_asset(self, parsed: _Url) -> bool:
        if not parsed.segments or not fold(parsed.segments[-1]).endswith(_STATIC_SUFFIXES):
            return False
        folded = [fold(s) for s in parsed.segments[:-1]]
        return not any(s in _API_SEGMENTS for s in folded) and any(s in _ASSET_DIRS for s in folded)


def _action_value(value: str) -> bool:
    """An action parameter's value names something other than a read."""
    ws = words(value)
    if not ws:
        return False  # ?action= (empty): nothing asked
    if _verb([w for w in ws if w != "export"]) or any(w in _API_WORDS for w in ws):
        return True
    if any(w in _LOGIN_WORDS for w in ws):
        return False  # do=login: a login page, judged as such
    return not any(w in _READ_VALUES for w in ws)


def _joined_pairs(ws: list[str]) -> set[str]:
    return {a + b for a, b in pairwise(ws)}


# Parameters of a login URL that say where to go afterwards: not part of what makes it the login page.
_RETURN_PARAMS = frozenset(
    {
        "service",
        "callback",
        "returnto",
        "return",
        "returnurl",
        "return_to",
        "redirect",
        "redirect_uri",
        "next",
        "url",
        "target",
        "goto",
        "continue",
        "from",
        "source",
    }
)


def _login_path(url: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """The folded path of a configured login URL (or path), and the parameters that make it the login page."""
    try:
        parsed = _Url.parse(url)
    except ValueError:
        return "", frozenset()
    required = frozenset((fold(k), fold(v)) for k, v in parsed.params if fold(k) not in _RETURN_PARAMS)
    return parsed.path.rstrip("/") or "/", required
