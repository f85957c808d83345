"""The one chokepoint: every request of every target of a browser ent-audit starts is judged before it leaves.

Mechanism (docs/SAFETY.md has the channel table): a *browser-level* DevTools session with the Fetch domain enabled
for every URL at the Request stage. Chromium then pauses every request of every target of that browser, in every
context, until this session answers: pages, popups and new tabs, same- and cross-origin (out-of-process) iframes,
dedicated, shared and service workers (their scripts and their own requests), beacons and ``keepalive`` fetches,
EventSource, ``<link rel=prefetch>``, prerendered pages, navigations and each redirect hop. A request nobody
answers is never sent, so the guard fails closed: an error while judging blocks the request, and a browser whose
guard cannot be enabled is closed before it opens a page (``attach``).

WebSockets do not go through Fetch. They are refused at launch instead (``launch_args``): ws:// and wss:// are sent
to a SOCKS proxy that does not exist, while http:// and https:// go direct; loopback included. So no WebSocket
opens, and no message can reach the server, unless ``[safety] websockets = true``.

The guard lives as long as the browser: it is never detached while a page, a popup or an unload beacon may run.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote, quote_plus

from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.crawler.safety.url import SAFE_METHODS

logger = logging.getLogger(__name__)

# ws:// and wss:// use the SOCKS entry when no ws rule exists (Chromium's ProxyRules); http(s) stay direct.
# 127.0.0.1:1 is a closed port: the connection is refused at once. "<-loopback>" removes Chromium's implicit
# bypass of loopback hosts, so a WebSocket to 127.0.0.1 is refused too.
BLOCK_WEBSOCKETS = [
    "--proxy-server=http=direct://;https=direct://;socks=127.0.0.1:1",
    "--proxy-bypass-list=<-loopback>",
]
LEAVE_TIMEOUT_S = 2.0  # leaving a page for about:blank: no network, only the page's own unload handlers
VERDICTS_KEPT = 10_000  # blocked request ids remembered for the page recorders (bounded for long crawls)


class RequestPolicy(Protocol):
    """What the guard asks of the URL policy (crawler.safety.ReadOnlyGuard)."""

    def reason_to_block(
        self, method: str, url: str, resource_type: str = ..., headers: Mapping[str, str] | None = ...
    ) -> str: ...


def launch_args(user_agent: str, websockets: bool = False) -> list[str]:
    """Chromium flags every browser of ours starts with: our User-Agent for every target (workers and service
    workers do not inherit a page's override), WebSockets refused unless allowed."""
    args = [f"--user-agent={user_agent}"] if user_agent else []
    return args + ([] if websockets else list(BLOCK_WEBSOCKETS))


async def leave_page(page: Any) -> None:
    """Leave the page for ``about:blank`` before its context is closed, so its ``pagehide``/``unload`` handlers run
    now, in a live tab, and whatever they send (beacons, ``keepalive`` fetches) is judged and reported like any
    request. Disposing of a context instead may or may not run them: the report would vary from run to run."""
    if page is None or page.is_closed():
        return
    try:
        await asyncio.wait_for(page.goto("about:blank"), LEAVE_TIMEOUT_S)
    except Exception:  # noqa: BLE001 - a page that refuses to be left (beforeunload) or is gone is closed next anyway
        pass


async def close_context(context: Any) -> None:
    """Close a browser context once each of its pages (popups included) has been left (``leave_page``)."""
    for page in list(context.pages):
        await leave_page(page)
    await context.close()


def _encodings(secret: str) -> tuple[str, ...]:
    """How a login form or a sign-in script may carry a credential in a request body."""
    return (secret, quote_plus(secret), quote(secret, safe=""), json.dumps(secret)[1:-1])


class BrowserGuard:
    """Judges every paused request of one browser with the policy; blocks, continues, and keeps the ledger."""

    def __init__(self, policy: RequestPolicy, ledger: SafetyLedger | None = None, client: str = "crawl") -> None:
        self.policy = policy
        self.ledger = ledger if ledger is not None else SafetyLedger()
        self.client = client  # "crawl", "login", "lighthouse": named in the log
        self.refuse_websockets = True  # launched with launch_args(websockets=False): said by the page recorders
        self.session: Any = None
        self._verdicts: OrderedDict[str, str] = OrderedDict()  # network request id -> reason it was blocked
        self._replies: set[asyncio.Future[Any]] = set()
        self._login_secrets: tuple[str, ...] = ()
        self.allowed_logins = 0
        self.blocked = 0

    async def attach(self, browser: Any) -> None:
        """Enable interception for the whole browser before any page exists; on failure the browser is closed
        (fail closed) and the error raised."""
        try:
            self.session = await browser.new_browser_cdp_session()
            self.session.on("Fetch.requestPaused", self._on_paused)
            await self.session.send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]})
        except Exception:
            try:
                await browser.close()
            finally:
                raise

    # -- login: the one write allowed -------------------------------------------------------------------------
    def allow_login_submission(self, username: str, password: str) -> None:
        """Until ``login_done``: a write whose body carries the username or the password is the login submission
        (a form POST, a sign-in script's fetch, each step of a two-step form) and may leave."""
        self._login_secrets = tuple(e for secret in (username, password) if secret for e in _encodings(secret))

    def login_done(self) -> None:
        self._login_secrets = ()

    def _is_login_submission(self, request: dict[str, Any]) -> bool:
        body = request.get("postData") or ""
        if not body:
            entries = request.get("postDataEntries") or []
            body = "".join(str(e.get("bytes") or "") for e in entries)  # base64: only checked raw below
        return bool(self._login_secrets and body and any(secret in body for secret in self._login_secrets))

    # -- the chokepoint ----------------------------------------------------------------------------------------
    def _on_paused(self, params: dict[str, Any]) -> None:
        request = params.get("request") or {}
        method = str(request.get("method") or "GET").upper()
        url = str(request.get("url") or "")
        try:
            reason = self.judge(
                method, url, str(params.get("resourceType") or "Other").lower(), request.get("headers") or {}, request
            )
        except Exception as exc:  # noqa: BLE001 - fail closed: a request we cannot judge is not sent
            reason = f"guard error: {type(exc).__name__}"
        if reason:
            self.blocked += 1
            network_id = params.get("networkId")
            if network_id:
                self._verdicts[network_id] = reason
                while len(self._verdicts) > VERDICTS_KEPT:
                    self._verdicts.popitem(last=False)
            self.ledger.request_blocked(reason, method, url)
            logger.debug("%s guard blocked %s %s: %s", self.client, method, url, reason)
            reply = self.session.send(
                "Fetch.failRequest", {"requestId": params["requestId"], "errorReason": "BlockedByClient"}
            )
        else:
            reply = self.session.send("Fetch.continueRequest", {"requestId": params["requestId"]})
        task = asyncio.ensure_future(reply)
        self._replies.add(task)
        task.add_done_callback(self._reply_done)

    def judge(
        self,
        method: str,
        url: str,
        resource_type: str,
        headers: Mapping[str, str],
        request: dict[str, Any] | None = None,
    ) -> str:
        """Why the request must not leave, or "" to let it go. Writes leave only as the login submission or as
        named by the user's allow-list (then listed in the report)."""
        if method not in SAFE_METHODS and request is not None and self._is_login_submission(request):
            self.allowed_logins += 1
            return ""
        if not url.startswith(("http:", "https:")):
            return ""  # data:, blob:, about: never reach a server
        reason = self.policy.reason_to_block(method, url, resource_type, headers)
        if not reason and method not in SAFE_METHODS:
            self.ledger.write_allowed(method, url)
        return reason

    def _reply_done(self, task: asyncio.Future[Any]) -> None:
        self._replies.discard(task)
        if not task.cancelled():
            task.exception()  # the target may have closed meanwhile: nothing to continue then

    def verdict(self, network_id: str) -> str:
        """Why the guard blocked the request of this Network request id ("" when it did not)."""
        return self._verdicts.get(network_id, "")
