"""HTTP plumbing for the demo ENT: two stdlib servers (three with http_redirect) sharing one exact
byte-counting response log, over plain HTTP or TLS.

Every response is written through a counting wrapper around the handler's wfile, then flushed,
then logged: ResponseLog.bytes_sent is the exact number of bytes (status line, headers, blank
line, body) handed to the socket for that response.
"""

from __future__ import annotations

import io
import socket
import socketserver
import ssl
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import assets, lab_assets
from .auth import AuthStore
from .ent_app import EntApp
from .hostile import Attack, Hostile, websocket_accept, websocket_session
from .options import DEFAULT_BLOG_POSTS, EntOptions
from .third_party import ThirdPartyApp, tag_js
from .tls import server_context
from .web import Request, Response, chunked, html, redirect

App = Callable[[Request], Response]
MAX_BODY = 1024 * 1024


@dataclass
class ResponseLog:
    seq: int
    host: str  # "127.0.0.1:PORT" of the server that answered
    method: str
    path: str  # path + query as requested
    status: int
    bytes_sent: int
    sec_fetch_dest: str
    user_agent: str
    client_port: int
    time: float


class ResponseRecorder:
    """Thread-safe log shared by both servers; knows how many responses are being written."""

    def __init__(self) -> None:
        self.log: list[ResponseLog] = []
        self._cond = threading.Condition()
        self._seq = 0
        self._writing = 0

    def begin(self) -> int:
        """A response starts (its status line): its place in the log. Numbered now, not when its last byte is
        written, so a client that sends its next request as soon as it has read an answer sees them in order."""
        with self._cond:
            self._writing += 1
            self._seq += 1
            return self._seq

    def record(self, seq: int, **fields: Any) -> None:
        with self._cond:
            self.log.append(ResponseLog(seq=seq, time=time.time(), **fields))
            self._writing -= 1
            self._cond.notify_all()

    def snapshot(self, settle: float) -> list[ResponseLog]:
        """A copy of the log in the order responses started, after waiting (up to settle s) for responses still
        being written."""
        with self._cond:
            self._cond.wait_for(lambda: self._writing == 0, timeout=settle)
            return sorted(self.log, key=lambda entry: entry.seq)

    def clear(self, settle: float) -> None:
        """Empty the log once the responses still being written are in it (up to settle s), so that an answer
        the client has already read cannot be logged after the clear."""
        with self._cond:
            self._cond.wait_for(lambda: self._writing == 0, timeout=settle)
            self.log.clear()


class _CountingWriter:
    """Wraps the handler's wfile; counts every byte accepted for writing."""

    def __init__(self, raw: io.BufferedIOBase) -> None:
        self._raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        written = self._raw.write(data)
        self.count += len(memoryview(data)) if written is None else written
        return len(memoryview(data)) if written is None else written

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        self._raw.close()

    @property
    def closed(self) -> bool:
        return self._raw.closed

    def writable(self) -> bool:
        return True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DemoENT/1.0"
    sys_version = ""
    timeout = 120  # idle keep-alive connections are closed after this
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            # the TLS handshake runs here, in the connection's own thread, not in the accept loop
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()
        self.wfile = _CountingWriter(self.wfile)  # type: ignore[assignment]
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def handle_one_request(self) -> None:
        self.command, self.path, self.headers = "", "", None  # type: ignore[assignment]
        self._status = 0
        start = self.wfile.count  # type: ignore[attr-defined]
        try:
            super().handle_one_request()
        finally:
            if self._status:
                try:
                    self.wfile.flush()
                except OSError:
                    pass
                self._record(start)

    def send_response_only(self, code: int, message: str | None = None) -> None:
        if not self._status:
            self._response_seq = self.server.recorder.begin()
        self._status = code
        super().send_response_only(code, message)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.server.netloc} {format % args}\n")

    def _record(self, start: int) -> None:
        headers = self.headers
        self.server.recorder.record(
            self._response_seq,
            host=self.server.netloc,
            method=self.command or "",
            path=self.path or "",
            status=self._status,
            bytes_sent=self.wfile.count - start,  # type: ignore[attr-defined]
            sec_fetch_dest=headers.get("Sec-Fetch-Dest", "") if headers else "",
            user_agent=headers.get("User-Agent", "") if headers else "",
            client_port=self.client_address[1],
        )

    def _websocket(self) -> bool:
        """An RFC 6455 upgrade the app accepts (app.websocket(request) gives a message handler): the handshake,
        logged at once as a 101 response, then the client's frames until it closes. False: not a WebSocket."""
        accept = getattr(self.server.app, "websocket", None)
        if accept is None or self.headers.get("Upgrade", "").lower() != "websocket":
            return False
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(
            method=self.command,
            target=self.path,
            headers=headers,
            scheme=self.server.scheme,
            server_netloc=self.server.netloc,
        )
        key = self.headers.get("Sec-WebSocket-Key", "")
        on_message = accept(request) if key else None
        if on_message is None:
            return False
        start = self.wfile.count  # type: ignore[attr-defined]
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", websocket_accept(key))
        self.end_headers()
        self.wfile.flush()
        self._record(start)
        self._status = 0  # logged: handle_one_request must not log it again
        self.close_connection = True
        try:
            websocket_session(self.rfile, self.wfile, on_message)  # type: ignore[arg-type]
        except (OSError, ValueError):
            pass  # the page went away, or the server is stopping
        return True

    def _dispatch(self) -> None:
        if self._websocket():
            return
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._write(html("<h1>411 Length Required</h1>", status=411), None)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._write(html("<h1>400 Bad Request</h1>", status=400), None)
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.headers.get_all("Cookie"):
            headers["cookie"] = "; ".join(self.headers.get_all("Cookie") or [])
        request = Request(
            method=self.command,
            target=self.path,
            headers=headers,
            body=body,
            scheme=self.server.scheme,
            server_netloc=self.server.netloc,
        )
        try:
            response = self.server.app(request)
        except Exception:  # a bug in a view must not kill the connection silently
            traceback.print_exc()
            response = html("<h1>500 Erreur interne</h1>", status=500)
        self._write(response, request)

    def _write(self, response: Response, request: Request | None) -> None:
        request = request or Request(method=self.command, target=self.path, headers={}, scheme=self.server.scheme)
        body, headers = response.encoded(request)
        framed = response.stream and self.request_version == "HTTP/1.1"
        self.send_response(response.status)
        for name, value in headers:
            self.send_header(name, value)
        if framed:
            self.send_header("Transfer-Encoding", "chunked")
        elif response.stream:
            self.send_header("Connection", "close")  # HTTP/1.0: the body ends with the connection
        self.end_headers()
        if self.command != "HEAD" and response.drop_after >= 0:  # a connection that breaks mid-response
            self.wfile.write(body[: response.drop_after])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.command != "HEAD" and (body or framed):
            self.wfile.write(chunked(body) if framed else body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        app: App | None,
        recorder: ResponseRecorder,
        verbose: bool = False,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.app: App = app or (lambda request: html("", status=503))
        self.recorder = recorder
        self.verbose = verbose
        self.tls = tls
        self.scheme = "https" if tls else "http"
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # skip HTTPServer's reverse DNS lookup
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def netloc(self) -> str:
        return f"{self.server_name}:{self.server_port}"

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        if self.tls is not None:  # bytes are counted in plain text, above TLS (_CountingWriter)
            connection = self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def track(self, connection: socket.socket, alive: bool) -> None:
        with self._conn_lock:
            (self._connections.add if alive else self._connections.discard)(connection)

    def close_connections(self) -> None:
        with self._conn_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, ssl.SSLError)):
            return  # client went away or refused the certificate: not worth a traceback
        super().handle_error(request, client_address)


class DemoENT:
    """The demo ENT (first-party host) plus a third-party host, both logging into one list."""

    USERNAME = "eleve.demo"
    PASSWORD = "Demo-Eleve-2026!"
    PARENT_USERNAME = "parent.demo"  # pass second_user=(PARENT_USERNAME, PARENT_PASSWORD) to enable it
    PARENT_PASSWORD = "Demo-Parent-2026!"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        third_party_host: str = "127.0.0.2",
        third_party_port: int = 0,
        *,
        settle: float = 1.0,
        verbose: bool = False,
        login: str = "cas",
        session_requests: int = 0,
        blog_posts: int = DEFAULT_BLOG_POSTS,
        extras: bool = False,
        second_user: tuple[str, str] | None = None,
        slow_seconds: float = 8.0,
        lab: bool = False,
        hardened: bool = False,
        tls: tuple[str, str] | None = None,
        http_redirect: bool = False,
        http_port: int = 0,
        heavy_page: str = "",
        faults: bool = False,
        hostile: bool = False,
        heartbeat: bool = False,
        class_pages: bool = False,
    ) -> None:
        """login: "cas" | "openent" | "twostep" | "basic"; session_requests > 0: a session ends after that
        many protected HTML pages; blog_posts > 30 paginates /blog; extras: trap pages under /pieges/;
        second_user: (username, password) of a parent account; slow_seconds: delay of /pieges/lent;
        lab: twin pages under /labo/; hardened: security headers and cookie flags, /ecoconception;
        tls: (certfile, keyfile) serves both hosts over HTTPS (see tls.make_test_certificates);
        http_redirect (with tls): a plain-HTTP server on host:http_port answering 301 to the HTTPS ENT;
        heavy_page: a page path (e.g. "/vie-scolaire") that also shows a ~300 kB image, /assets/img/lourde.png
        (two runs, one with it, make a page heavier and nothing else); faults: the failing pages under /pannes/
        (faults.py; slow_seconds is also the delay of /pannes/lente); hostile: the attack pages under /hostile/ and
        their counting targets (hostile.py: hostile_hits(), attacks(), attack_links()…); heartbeat: every page
        sends PUT /api/session/current/ after load, and a session that stops sending it dies (hostile.Heartbeat);
        class_pages: the portal links three class pages under /classe/ whose weights span the EcoIndex grades
        (classroom.py; `ent-audit demo` turns them on)."""
        if http_redirect and not tls:
            raise ValueError("http_redirect needs tls")
        self.options = EntOptions(
            login=login,
            session_requests=session_requests,
            blog_posts=blog_posts,
            extras=extras,
            second_user=(*second_user,) if second_user else None,
            slow_seconds=slow_seconds,
            lab=lab,
            hardened=hardened,
            heavy_page=heavy_page,
            faults=faults,
            hostile=hostile,
            heartbeat=heartbeat,
            class_pages=class_pages,
        )
        self.tls = tuple(tls) if tls else None
        self.http_redirect, self.http_port = http_redirect, http_port
        self.host, self.port = host, port
        self.third_party_host, self.third_party_port = third_party_host, third_party_port
        self.settle = settle  # max seconds entries() waits for responses still being written
        self.verbose = verbose
        self._recorder = ResponseRecorder()
        self.log: list[ResponseLog] = self._recorder.log
        self._auth = AuthStore()
        self._app: EntApp | None = None
        self._stopping = threading.Event()
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._netlocs: tuple[str, ...] | None = None  # kept after stop() so the log stays queryable

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> DemoENT:
        if self._servers:
            return self
        assets.hero_png(), tag_js()  # generate the heavy assets before the first request
        if self.options.lab:
            lab_assets.resized_png(False)
        if self.options.heavy_page:
            assets.heavy_png()
        context = server_context(*self.tls) if self.tls else None
        servers: list[_Server] = []
        try:
            ent = _Server((self.host, self.port), None, self._recorder, self.verbose, context)
            servers.append(ent)
            servers.append(
                _Server(
                    (self.third_party_host, self.third_party_port),
                    ThirdPartyApp(),
                    self._recorder,
                    self.verbose,
                    context,
                )
            )
            if self.http_redirect:
                tls_netloc = ent.netloc
                servers.append(
                    _Server(
                        (self.host, self.http_port),
                        lambda request: redirect(f"https://{tls_netloc}{request.target}", 301),
                        self._recorder,
                        self.verbose,
                    )
                )
        except OSError:
            for server in servers:
                server.server_close()
            raise
        self._servers = servers
        self._netlocs = tuple(server.netloc for server in servers)
        self._stopping = threading.Event()
        self._app = ent.app = EntApp(
            self._auth,
            self.USERNAME,
            self.PASSWORD,
            self.third_party_url,
            self.options,
            self._stopping,
            http_url=self.http_url,
        )
        if self._app.hostile is not None:  # the cross-site host serves the hostile iframe and counts its target
            servers[1].app = self._app.hostile.third_party(servers[1].app)
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-ent {server.netloc}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes /pieges/lent
        for server in self._servers:
            server.shutdown()
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> DemoENT:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses ------------------------------------------------------------------
    def _netloc(self, index: int) -> str:
        if self._netlocs is None:
            raise RuntimeError("DemoENT has not been started")
        return self._netlocs[index]

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self._netloc(0)}"

    @property
    def third_party_url(self) -> str:
        return f"{self.scheme}://{self._netloc(1)}"

    @property
    def http_url(self) -> str | None:
        """http://127.0.0.1:PORT of the plain-HTTP redirect server (http_redirect=True), else None."""
        return f"http://{self._netloc(2)}" if self.http_redirect else None

    @property
    def netloc(self) -> str:
        """ "127.0.0.1:PORT" of the ENT host, as in ResponseLog.host."""
        return self._netloc(0)

    @property
    def third_party_netloc(self) -> str:
        return self._netloc(1)

    # -- log queries ------------------------------------------------------------------
    def entries(self) -> list[ResponseLog]:
        """Thread-safe snapshot of the log (waits up to `settle` s for responses being written)."""
        return self._recorder.snapshot(self.settle)

    def reset(self) -> None:
        """Clear the log (and re-arm the once-per-session 503 of /pieges/indisponible and /pannes/503-puis-ok)."""
        self._recorder.clear(self.settle)
        if self._app is not None:
            self._app.traps.reset()
            self._app.faults.reset()

    # -- authentication counters ------------------------------------------------------
    @property
    def logins(self) -> int:
        """Successful logins (sessions opened), all login kinds."""
        return self._auth.logins

    @property
    def expired_sessions(self) -> int:
        """Sessions ended by the session_requests limit."""
        return self._auth.expired_sessions

    def issued_secrets(self) -> list[tuple[str, str]]:
        """(kind, value) of every secret handed out: "ticket" (CAS ST-…), "tgc" (CASTGC), "session" (ENTSESSION)."""
        with self._auth._lock:
            return list(self._auth.issued)

    # -- hostile=True / heartbeat=True ----------------------------------------------------------
    def _hostile(self) -> Hostile:
        if self._app is None or self._app.hostile is None:
            raise RuntimeError("DemoENT was not started with hostile=True")
        return self._app.hostile

    def attacks(self) -> list[Attack]:
        """The attack table (hostile.Attack: name, page, channel, disguise, targets, link, report, trigger)."""
        return list(self._hostile().attacks)

    def hostile_hits(self) -> dict[str, list[tuple[str, str]]]:
        """{attack name: [(method, path as requested), ...]} of every request that reached an attack's target
        (a hit is harm; every attack is a key, most with an empty list). A target shared by several attacks
        (/auth/logout: redirect-chain and meta-refresh) records its hits under each. WebSocket: the upgrade is a
        ("GET", "/hostile/ws") hit, each message received a ("WS", "/hostile/ws") hit."""
        return self._hostile().ledger.hits()

    def attack_links(self) -> list[str]:
        """Absolute URLs of the attack links (as written in their pages) a crawler must report as not followed."""
        return self._hostile().attack_links(self.base_url)

    def false_positive_hits(self) -> dict[str, int]:
        """{path: times fetched} of the harmless resources whose query merely mentions a deny word."""
        return self._hostile().ledger.fetched()

    def url_secrets(self) -> list[str]:
        """Every session id the hostile pages put in URLs (?session_id=, ?jeton=, /hostile/s/<id>/)."""
        return self._hostile().ledger.secrets()

    def websocket_messages(self) -> list[bytes]:
        return self._hostile().ledger.websocket_messages()

    @property
    def logouts(self) -> int:
        """Live sessions ended by a logout endpoint (/auth/logout and the hostile logout targets)."""
        return self._app.logouts if self._app is not None else 0

    @property
    def messages_marked_read(self) -> set[int]:
        """Unread messages that were opened (OpenENT NG marks a message as read on GET): an audit must leave none."""
        return set(self._app.marked_read) if self._app is not None else set()

    @property
    def heartbeats(self) -> int:
        """heartbeat=True: PUT /api/session/current/ received."""
        return self._app.heartbeat.count if self._app is not None and self._app.heartbeat is not None else 0

    @property
    def heartbeat_logouts(self) -> int:
        """heartbeat=True: sessions ended because their pages stopped sending heartbeats."""
        return self._app.heartbeat.kills if self._app is not None and self._app.heartbeat is not None else 0

    def hits(self, path_prefix: str) -> int:
        netloc = self.netloc
        return sum(1 for e in self.entries() if e.host == netloc and e.path.startswith(path_prefix))

    def non_get(self) -> list[ResponseLog]:
        return [e for e in self.entries() if e.method not in ("GET", "HEAD")]

    def bytes_sent(self, entries: Iterable[ResponseLog] | None = None) -> int:
        return sum(e.bytes_sent for e in (self.entries() if entries is None else entries))
