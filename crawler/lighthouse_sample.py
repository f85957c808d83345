"""After the crawl: Lighthouse on the first page of each template (up to ``[lighthouse] pages``), logged in as the
page's profile, results stored with the page. Whatever fails here (no Node, no package, a run that times out) is
written down as skipped, page by page, and the audit completes without it."""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from audits import lighthouse
from crawler.auth import Session
from crawler.config import Config
from crawler.urls import same_page
from reports.store import Store

LHR_DIR = ".lighthouseci"  # under --out: the Lighthouse reports (LHR JSON), where `lhci assert` reads them


def select_pages(pages: list[dict], limit: int) -> list[dict]:
    """The first page of each template that loaded as HTML, in crawl order, up to ``limit``."""
    chosen: list[dict] = []
    templates: set[str] = set()
    if limit <= 0:
        return chosen
    for page in pages:
        if page["error"] or not 200 <= page["status"] < 300 or "html" not in page["mime"]:
            continue
        if page["template"] in templates:
            continue
        templates.add(page["template"])
        chosen.append(page)
        if len(chosen) >= limit:
            break
    return chosen


def _run_one(page: dict, session: Session, config: Config, lhr_dir: Path) -> dict:
    """Lighthouse on one page in a Chromium of its own: a fresh profile, so an empty cache as in the crawl (the
    storage reset Lighthouse would do is off, to keep the session's cookies). A result, or {"skipped": reason}."""
    cookies = list((session.storage_state or {}).get("cookies") or [])
    started = time.monotonic()
    try:
        with lighthouse.LighthouseBrowser(cookies, ignore_https_errors=not config.crawl.verify_tls) as browser:
            report = browser.run(page["url"], lhr_dir / f"lhr-{page['id']}.json", config.lighthouse.timeout_s)
    except (TimeoutError, RuntimeError, OSError, ValueError) as exc:
        return {"skipped": str(exc)}
    result = lighthouse.parse_report(report)
    result["seconds"] = round(time.monotonic() - started, 1)
    if not same_page(page["url"], result["final_url"]):
        result["note"] = "Lighthouse ended on another page (an expired session leads to the login page)"
    return result


def run_sample(config: Config, store: Store, run_id: str, sessions: dict[str, Session], out_dir: Path) -> dict:
    """Run Lighthouse on the sample and store each result with its page; returns the run's Lighthouse facts."""
    limit = config.lighthouse.pages
    facts: dict[str, Any] = {"pages_asked": limit, "version": lighthouse.version(), "ran": 0, "skipped": []}
    if limit <= 0:
        return {**facts, "disabled": True}
    pages = select_pages(store.pages(run_id), limit)
    try:
        lighthouse.check_available()
    except lighthouse.LighthouseUnavailable as exc:
        facts["skipped"] = [{"url": p["url"], "reason": str(exc)} for p in pages]
        return facts
    jobs: list[tuple[dict, Session]] = []
    for page in pages:
        session = sessions.get(page["profile"]) or Session()
        if page["blocked"]:
            facts["skipped"].append({"url": page["url"], "reason": "the read-only guard blocked requests of this page "
                                     "during the crawl; Lighthouse would run without the guard"})
        elif session.http_credentials:
            facts["skipped"].append({"url": page["url"], "reason": "HTTP basic authentication cannot be given to "
                                     "Lighthouse without sending it to every host"})
        else:
            jobs.append((page, session))
    lhr_dir = Path(out_dir) / LHR_DIR
    lhr_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, (os.cpu_count() or 2) // 2)  # Lighthouse's timings need a core to themselves
    seconds: list[float] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for (page, _), result in zip(jobs, pool.map(lambda job: _run_one(job[0], job[1], config, lhr_dir), jobs)):
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
