"""After the crawl: Lighthouse on the first page of each template (up to ``[lighthouse] pages``), logged in as the
page's profile, in a browser of ours under the read-only guard, results stored with the page. No Node or no
Lighthouse stops the run before the crawl (crawler/engines.py); whatever fails here (a run that times out, a run that
ends on the sign-in page twice) is written down as skipped, page by page, and the audit completes without it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ent_audit.audits import lighthouse
from ent_audit.audits.model import same_page
from ent_audit.crawler.auth import login
from ent_audit.crawler.auth.base import LoginError, Session
from ent_audit.crawler.browser import browser_user_agent
from ent_audit.crawler.config import Config
from ent_audit.crawler.engines import EngineMissing, check_lighthouse
from ent_audit.crawler.safety import ReadOnlyGuard
from ent_audit.crawler.safety.guard import BrowserGuard, launch_args
from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from ent_audit.crawler.urls import REDACTED, redact_text, redact_url
from ent_audit.reports.store import Store

LHR_DIR = ".lighthouseci"  # under --out: the Lighthouse reports (LHR JSON), where `lhci assert` reads them


def select_pages(pages: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first page of each template that loaded as HTML, in crawl order, up to ``limit``. A page whose stored
    address had a session id redacted cannot be loaded again (its real address is not kept): never chosen."""
    chosen: list[dict[str, Any]] = []
    templates: set[str] = set()
    if limit <= 0:
        return chosen
    for page in pages:
        if page["error"] or not 200 <= page["status"] < 300 or "html" not in page["mime"] or REDACTED in page["url"]:
            continue
        if page["template"] in templates:
            continue
        templates.add(page["template"])
        chosen.append(page)
        if len(chosen) >= limit:
            break
    return chosen


def _cdp_cookie(cookie: dict[str, Any]) -> dict[str, Any]:
    """A Playwright storage-state cookie as DevTools' Storage.setCookies takes it."""
    kept: dict[str, Any] = {
        k: cookie[k] for k in ("name", "value", "domain", "path", "secure", "httpOnly") if k in cookie
    }
    if cookie.get("sameSite") in ("Strict", "Lax", "None"):
        kept["sameSite"] = cookie["sameSite"]
    if isinstance(cookie.get("expires"), (int, float)) and cookie["expires"] > 0:
        kept["expires"] = cookie["expires"]
    return kept


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _guarded_lighthouse(
    url: str, cookies: list[dict[str, Any]], output: Path, config: Config, guard: BrowserGuard, user_agent: str
) -> dict[str, Any]:
    """Lighthouse on ``url`` against a Chromium of ours: launched with a DevTools port on loopback, the read-only
    guard attached before Lighthouse connects (every request Lighthouse's page, workers and frames make is judged),
    the session's cookies given; a fresh profile, so an empty cache as in the crawl."""
    from playwright.async_api import async_playwright

    port = _free_port()
    args = [
        *PLAYWRIGHT_LAUNCH_OPTIONS["args"],
        *launch_args(user_agent, config.safety.websockets),
        f"--remote-debugging-port={port}",
        "--remote-debugging-address=127.0.0.1",
    ]
    if not config.crawl.verify_tls:
        args.append("--ignore-certificate-errors")
    timeout_s = config.lighthouse.timeout_s
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**{**PLAYWRIGHT_LAUNCH_OPTIONS, "args": args})
        await guard.attach(browser)  # closes the browser and raises when it cannot: Lighthouse never runs unguarded
        try:
            if cookies:
                await guard.session.send("Storage.setCookies", {"cookies": [_cdp_cookie(c) for c in cookies]})
            executable, _ = check_lighthouse(config)
            command = [
                *lighthouse.command(executable, url, port, output, timeout_s),
                f"--emulatedUserAgent={user_agent}",
            ]
            process = await asyncio.create_subprocess_exec(
                *command,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={**os.environ, "CHROME_PATH": lighthouse.CHROME},
                start_new_session=True,
            )
            try:
                stdout, stderr = await asyncio.wait_for(process.communicate(), timeout_s)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
                raise TimeoutError(f"Lighthouse did not finish within {timeout_s:g} s") from None
            if process.returncode != 0 or not output.exists():
                last = (stderr or stdout or b"").decode("utf-8", "replace").strip().splitlines()
                raise RuntimeError(f"Lighthouse failed (exit {process.returncode}): {last[-1][:200] if last else ''}")
            report: dict[str, Any] = _redacted(json.loads(output.read_text(encoding="utf-8")))
            # The LHR lists every URL Lighthouse saw (a CAS ticket, a session id): kept only redacted.
            output.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
            return report
        finally:
            await browser.close()


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value) if ("=" in value or ";" in value) and not value.startswith("data:") else value
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


class _Sessions:
    """The profiles' sessions, renewed when a Lighthouse run ends on a sign-in page (shared by the worker threads)."""

    def __init__(self, config: Config, sessions: dict[str, Session], safety: SafetyLedger, user_agent: str) -> None:
        self.config, self.safety, self.user_agent = config, safety, user_agent
        self._sessions = dict(sessions)
        self._generation: dict[str, int] = {}
        self._lock = threading.Lock()

    def current(self, profile: str) -> tuple[Session, int]:
        with self._lock:
            return self._sessions.get(profile) or Session(), self._generation.get(profile, 0)

    def renew(self, profile: str, seen: int) -> None:
        """Log ``profile`` in again, once for all runs that found its session dead at the same time."""
        with self._lock:
            if self._generation.get(profile, 0) > seen:
                return
            chosen = next((p for p in self.config.profiles_to_run() if p.name == profile), None)
            if chosen is None:
                return
            self._sessions[profile] = asyncio.run(login(self.config, chosen, self.user_agent, self.safety))
            self._generation[profile] = seen + 1


def _run_one(
    page: dict[str, Any], sessions: _Sessions, config: Config, lhr_dir: Path, safety: SafetyLedger
) -> dict[str, Any]:
    """Lighthouse on one page, logged in as its profile. A run that ends elsewhere than the page (an expired session
    leads to the sign-in page) is run again once after logging in again; if it still ends elsewhere, it is reported
    as failed and its scores are never shown as the page's. A result, or {"skipped": reason}."""
    started = time.monotonic()
    reached = ""
    for attempt in range(2):
        session, generation = sessions.current(page["profile"])
        if session.http_credentials:
            return {
                "skipped": "HTTP basic authentication cannot be given to Lighthouse without sending it to every host"
            }
        cookies = list((session.storage_state or {}).get("cookies") or [])
        guard = BrowserGuard(ReadOnlyGuard.for_config(config), safety, client="lighthouse")
        try:
            report = asyncio.run(
                _guarded_lighthouse(
                    page["url"], cookies, lhr_dir / f"lhr-{page['id']}.json", config, guard, sessions.user_agent
                )
            )
        except (TimeoutError, RuntimeError, OSError, ValueError) as exc:
            return {"skipped": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
        result = lighthouse.parse_report(report)
        if same_page(page["url"], result["final_url"]):
            result["seconds"] = round(time.monotonic() - started, 1)
            if attempt:
                result["note"] = "logged in again: the first run ended on the sign-in page"
            return result
        reached = result["final_url"]
        if attempt == 0:
            try:
                sessions.renew(page["profile"], generation)
            except LoginError as exc:
                return {"skipped": f"Lighthouse ended on {redact_url(reached)}, and logging in again failed: {exc}"}
    return {
        "skipped": f"Lighthouse ended on {redact_url(reached)} instead of the page, twice (logged in again "
        "in between): its scores are not the page's"
    }


def run_sample(
    config: Config,
    store: Store,
    run_id: str,
    sessions: dict[str, Session],
    out_dir: Path,
    safety: SafetyLedger | None = None,
) -> dict[str, Any]:
    """Run Lighthouse on the sample and store each result with its page; returns the run's Lighthouse facts."""
    limit = config.lighthouse.pages
    facts: dict[str, Any] = {"pages_asked": limit, "version": "", "ran": 0, "skipped": []}
    if limit <= 0:
        return {**facts, "disabled": True}
    pages = select_pages(store.pages(run_id), limit)
    try:  # checked before the crawl too (crawler/engines.py: the run stops there); gone since, it is said page by page
        facts["version"] = check_lighthouse(config)[1]
    except EngineMissing as exc:
        facts["skipped"] = [{"url": p["url"], "reason": str(exc)} for p in pages]
        return facts
    safety = safety if safety is not None else SafetyLedger()
    shared = _Sessions(config, sessions, safety, config.crawl.user_agent or browser_user_agent())
    lhr_dir = Path(out_dir) / LHR_DIR
    lhr_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, (os.cpu_count() or 2) // 2)  # Lighthouse's timings need a core to themselves
    seconds: list[float] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda page: _run_one(page, shared, config, lhr_dir, safety), pages)
        for page, result in zip(pages, results, strict=True):  # map gives one result per page, in order
            if "skipped" in result:
                facts["skipped"].append({"url": page["url"], "reason": result["skipped"]})
            else:
                store.set_page_lighthouse(page["id"], result)
                seconds.append(result["seconds"])
    facts["ran"] = len(seconds)
    if seconds:
        facts["seconds_per_page"] = round(sum(seconds) / len(seconds), 1)
    rc = lighthouse.lighthouserc(int(config.durable.max_page_kb * 1000), config.durable.max_requests)
    (Path(out_dir) / "lighthouserc.json").write_text(json.dumps(rc, indent=2) + "\n", encoding="utf-8")
    return facts
