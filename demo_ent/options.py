"""Constructor options of the demo ENT (all defaults reproduce the original behaviour)."""

from __future__ import annotations

from dataclasses import dataclass

LOGIN_KINDS = ("cas", "openent", "twostep", "basic")
DEFAULT_BLOG_POSTS = 30  # up to this many posts the blog list is a single page (the original one)
BLOG_PAGE_SIZE = 20


@dataclass(frozen=True)
class EntOptions:
    login: str = "cas"  # one of LOGIN_KINDS
    session_requests: int = 0  # >0: a session expires after this many protected HTML pages
    blog_posts: int = DEFAULT_BLOG_POSTS
    extras: bool = False  # trap pages (/pieges/...), /docs/ files, extra robots.txt rule
    second_user: tuple[str, str] | None = None  # (username, password) of the parent account
    slow_seconds: float = 8.0  # delay of /pieges/lent and /pannes/lente
    lab: bool = False  # the laboratoire: twin pages /labo/<sujet>/mauvais and /bon (lab.py)
    hardened: bool = False  # security headers, full cookie flags, /ecoconception statement (hardening.py)
    heavy_page: str = ""  # a page path (e.g. "/vie-scolaire") that also shows /assets/img/lourde.png (~300 kB)
    faults: bool = False  # failing pages under /pannes/ (faults.py): 5xx, timeout, cut connection, loops…
    hostile: bool = False  # attack pages under /hostile/ and the targets that count them (hostile.py)
    class_pages: bool = False  # /classe/: an album, a homework table, a heavy feed (classroom.py; `ent-audit demo`)
    heartbeat: bool = False  # pages PUT /api/session/current/; sessions without heartbeats die (hostile.py)

    def __post_init__(self) -> None:
        if self.login not in LOGIN_KINDS:
            raise ValueError(f"login must be one of {', '.join(LOGIN_KINDS)}, not {self.login!r}")
        if self.session_requests < 0:
            raise ValueError("session_requests must be >= 0")
        if self.blog_posts < 0:
            raise ValueError("blog_posts must be >= 0")
        if self.heavy_page and not self.heavy_page.startswith("/"):
            raise ValueError(f"heavy_page must be a path starting with '/', not {self.heavy_page!r}")
        if self.slow_seconds < 0:
            raise ValueError("slow_seconds must be >= 0")
        if self.second_user is not None:
            if len(self.second_user) != 2 or not all(isinstance(v, str) and v for v in self.second_user):
                raise ValueError("second_user must be a (username, password) pair of non-empty strings")

    @property
    def paginated(self) -> bool:
        return self.blog_posts > DEFAULT_BLOG_POSTS
