"""Throughput of ent-audit against a bare Playwright load of the same pages, side by side in one run.

    .venv/bin/python bench/throughput.py [--pages 45] [--out bench/results/throughput.json]

The demo ENT runs in its own process on loopback. The page list comes from a first (warm-up) crawl. Then, one
after the other on the same machine: the bare baseline (one Chromium, a fresh logged-in context per page,
``goto(wait_until="load")``, close; at 1, 2 and 4 pages in flight) and ent-audit auditing the same URLs with
``--max-depth 0`` (default politeness, without the second-load sample, then AutoThrottle off). Ratios are ours / best
bare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ent_audit.crawler.auth import login  # noqa: E402
from ent_audit.crawler.browser import browser_user_agent, chromium_version  # noqa: E402
from ent_audit.crawler.config import AuthConfig, Config  # noqa: E402
from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS  # noqa: E402
from ent_audit.demo_ent.server import DemoENT  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_USER": DemoENT.USERNAME, "BENCH_PASSWORD": DemoENT.PASSWORD}


def start_demo() -> tuple[subprocess.Popen, str]:
    demo = subprocess.Popen(
        [sys.executable, "-u", "-m", "demo_ent", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        cwd=ROOT,
    )
    for line in demo.stdout:
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if match:
            return demo, match.group(1)
    raise RuntimeError("the demo ENT did not start")


def write_config(base: str, path: Path, autothrottle: bool) -> Path:
    service = quote(base + "/", safe="")
    path.write_text(
        f"""[auth]
strategy = "cas"
login_url = "{base}/cas/login?service={service}"
username_env = "BENCH_USER"
password_env = "BENCH_PASSWORD"
[crawl]
autothrottle = {str(autothrottle).lower()}
max_per_template = 0
""",
        encoding="utf-8",
    )
    return path


def run_ours(
    urls: list[str],
    config: Path,
    work: Path,
    concurrency: int,
    max_depth: int = 0,
    max_pages: int | None = None,
    extra: tuple[str, ...] = (),
) -> dict:
    out, db = Path(tempfile.mkdtemp(dir=work)), work / "bench.sqlite"
    args = [
        sys.executable,
        "-m",
        "ent_audit",
        "audit",
        *urls,
        "--config",
        str(config),
        "--out",
        str(out),
        "--db",
        str(db),
        "--max-depth",
        str(max_depth),
        "--concurrency",
        str(concurrency),
        "--quiet",
        "--max-pages",
        str(max_pages or len(urls)),
        "--lighthouse",
        "0",
        *extra,
    ]  # Lighthouse is not the audit
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=ROOT)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    run = results["run"]  # from the store: opened before the login, finished when the spider closed
    crawl_s = (datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])).total_seconds()
    pages = len(results["pages"])
    axe_ms = [p["accessibility"].get("duration_ms", 0) for p in results["pages"] if p.get("accessibility")]
    page_ms = sum(p["duration_ms"] for p in results["pages"]) or 1
    return {
        "pages": pages,
        "axe_ms_per_page": round(sum(axe_ms) / max(len(axe_ms), 1)),
        "axe_share_of_page_time": round(sum(axe_ms) / page_ms, 3),
        "wall_s": round(wall, 2),
        "crawl_s": round(crawl_s, 2),
        "pages_per_min_wall": round(pages * 60 / wall, 1),
        "pages_per_min_crawl": round(pages * 60 / crawl_s, 1),
        "urls": [p["url"] for p in results["pages"]],
    }


async def run_bare(urls: list[str], base: str, concurrency: int) -> dict:
    """The baseline: what Chromium alone needs to load these pages, logged in, each in a fresh context."""
    from playwright.async_api import async_playwright

    config = Config(start_urls=[base + "/"])
    config.auth = AuthConfig(
        strategy="cas",
        login_url=f"{base}/cas/login?service={quote(base + '/', safe='')}",
        username_env="BENCH_USER",
        password_env="BENCH_PASSWORD",
    )
    os.environ.update(BENCH_USER=DemoENT.USERNAME, BENCH_PASSWORD=DemoENT.PASSWORD)
    session = await login(config, config.profiles_to_run()[0], browser_user_agent())
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)

        async def worker() -> None:
            while not queue.empty():
                url = queue.get_nowait()
                context = await browser.new_context(
                    **session.context_kwargs(), viewport={"width": 1920, "height": 1080}
                )
                page = await context.new_page()
                await page.goto(url, wait_until="load")
                await context.close()

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started
        await browser.close()
    return {
        "pages": len(urls),
        "concurrency": concurrency,
        "elapsed_s": round(elapsed, 2),
        "pages_per_min": round(len(urls) * 60 / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=45)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "throughput.json")
    args = parser.parse_args()
    demo, base = start_demo()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            polite = write_config(base, work / "polite.toml", autothrottle=True)
            fast = write_config(base, work / "fast.toml", autothrottle=False)
            discovery = run_ours([base + "/"], polite, work, 2, max_depth=3, max_pages=args.pages)
            urls = discovery.pop("urls")
            bare = [asyncio.run(run_bare(urls, base, c)) for c in (1, 2, 4)]
            ours = {}
            no_sample = ("--sample-pages", "0")  # without the second loads (warm cache, 512 kbit/s) of 5 templates
            for name, config, concurrency, extra in (
                ("default_c2", polite, 2, ()),
                ("no_sample_c2", polite, 2, no_sample),
                ("no_autothrottle_c2", fast, 2, ()),
                ("no_autothrottle_c4", fast, 4, ()),
                ("no_autothrottle_no_sample_c4", fast, 4, no_sample),
            ):
                ours[name] = run_ours(urls, config, work, concurrency, extra=extra)
                ours[name].pop("urls")
            best = max(b["pages_per_min"] for b in bare)
            report = {
                "machine": {
                    "cores": os.cpu_count(),
                    "python": platform.python_version(),
                    "chromium": chromium_version(),
                },
                "pages": len(urls),
                "discovery_crawl": discovery,
                "bare_playwright": bare,
                "ent_audit": ours,
                "ratio_to_best_bare": {
                    name: {
                        "crawl": round(o["pages_per_min_crawl"] / best, 2),
                        "wall": round(o["pages_per_min_wall"] / best, 2),
                    }
                    for name, o in ours.items()
                },
            }
    finally:
        demo.terminate()
        demo.wait(timeout=10)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
