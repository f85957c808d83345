"""Lighthouse cross-check (the one audit that is not a pure function: ARCHITECTURE.md): the pinned ``lighthouse``
CLI from node_modules, run through ``subprocess`` on a sample of pages after the crawl, logged in.

Logged in without leaking the session: a Chromium started here with a DevTools port gets the session's cookies
(for their own domains only, as a browser keeps them), then Lighthouse connects to that port with
``--disable-storage-reset``. Passing the cookie with ``--extra-headers`` would send it to every third-party host the
page calls, and put it on a command line.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = Path(os.environ.get("ENT_AUDIT_LIGHTHOUSE") or ROOT / "node_modules" / ".bin" / "lighthouse")
CHROME = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift",
           "fcp_ms": "first-contentful-paint", "total_byte_weight": "total-byte-weight"}


class LighthouseUnavailable(RuntimeError):
    """Lighthouse cannot run here; the message says why in one line."""


def check_available() -> None:
    if shutil.which("node") is None:
        raise LighthouseUnavailable("Node.js is not installed")
    if not LIGHTHOUSE.exists():
        raise LighthouseUnavailable(f"lighthouse not found at {LIGHTHOUSE}: run `npm ci` (make does it)")
    if not Path(CHROME).exists():
        raise LighthouseUnavailable(f"Chromium not found at {CHROME}")


def version() -> str:
    try:
        package = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))
        return str(package.get("version", ""))
    except (OSError, ValueError):
        return ""


def parse_report(report: dict) -> dict:
    """The values ent-audit keeps from a Lighthouse result (LHR) JSON."""
    audits = report.get("audits") or {}
    categories = {name: (report.get("categories") or {}).get(name, {}).get("score") for name in CATEGORIES}
    metrics = {key: (audits.get(audit) or {}).get("numericValue") for key, audit in METRICS.items()}
    requests = ((audits.get("network-requests") or {}).get("details") or {}).get("items")
    metrics["requests"] = len(requests) if isinstance(requests, list) else None
    return {"categories": categories, "metrics": metrics,
            "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl") or "",
            "version": report.get("lighthouseVersion", ""),
            "runtime_error": ((report.get("runtimeError") or {}).get("message") or "")[:300]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_devtools(port: int, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise LighthouseUnavailable("Chromium's DevTools port did not open")


async def _add_cookies(port: int, cookies: list[dict]) -> None:
    """Give the browser the session's cookies, then leave it running for Lighthouse."""
    from playwright.async_api import async_playwright
    playwright = await async_playwright().start()
    try:
        browser = await playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        await browser.contexts[0].add_cookies(cookies)
    finally:
        await playwright.stop()  # drops the connection; the browser and its cookies stay


@dataclass
class LighthouseBrowser:
    """One Chromium with a DevTools port, logged in with the session's cookies; Lighthouse runs against it."""

    cookies: list[dict]
    ignore_https_errors: bool = False
    process: Any = None
    port: int = 0
    profile_dir: Any = None

    def __enter__(self) -> "LighthouseBrowser":
        self.port = _free_port()
        self.profile_dir = tempfile.TemporaryDirectory(prefix="ent-audit-lh-", ignore_cleanup_errors=True)
        flags = CHROME_FLAGS + (["--ignore-certificate-errors"] if self.ignore_https_errors else [])
        self.process = subprocess.Popen([CHROME, *flags, f"--remote-debugging-port={self.port}",
                                         f"--user-data-dir={self.profile_dir.name}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)  # its own process group: killed as a whole
        try:
            _wait_for_devtools(self.port)
            if self.cookies:
                asyncio.run(_add_cookies(self.port, self.cookies))
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # Chromium and its helper processes
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)
        if self.profile_dir is not None:
            self.profile_dir.cleanup()

    def run(self, url: str, output: Path, timeout_s: float) -> dict:
        """Lighthouse on ``url`` (desktop preset), its LHR written to ``output``; raises on failure or timeout."""
        command = [str(LIGHTHOUSE), url, f"--port={self.port}", "--disable-storage-reset", "--preset=desktop",
                   "--output=json", f"--output-path={output}", "--quiet",
                   f"--max-wait-for-load={int(timeout_s * 1000)}"]
        env = {**os.environ, "CHROME_PATH": CHROME}
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, env=env)
        except subprocess.TimeoutExpired:
            raise TimeoutError(f"Lighthouse did not finish within {timeout_s:g} s") from None
        if done.returncode != 0 or not output.exists():
            last = (done.stderr or done.stdout or "").strip().splitlines()
            raise RuntimeError(f"Lighthouse failed (exit {done.returncode}): {last[-1][:200] if last else ''}")
        return json.loads(output.read_text(encoding="utf-8"))


def lighthouserc(max_page_bytes: int, max_requests: int) -> dict:
    """A Lighthouse CI configuration whose assertions mirror ent-audit's page budgets (RGESN 6.1), to reuse in a
    team's own pipeline (``lhci assert --config lighthouserc.json``)."""
    return {"ci": {
        "collect": {"settings": {"preset": "desktop", "chromeFlags": " ".join(CHROME_FLAGS)}},
        "assert": {"assertions": {
            "resource-summary:total:size": ["error", {"maxNumericValue": max_page_bytes}],
            "resource-summary:total:count": ["error", {"maxNumericValue": max_requests}],
            "total-byte-weight": ["error", {"maxNumericValue": max_page_bytes}],
            "categories:accessibility": ["warn", {"minScore": 0.9}],
            "categories:performance": ["warn", {"minScore": 0.9}],
        }},
    }}
