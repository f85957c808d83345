"""Large-site benchmark: ent-audit against a bare Playwright load of the same pages of a generated static site.

    .venv/bin/python bench/large.py [--pages 2000] [--out bench/results-large.json]
                                    [--bare-concurrency 1,2,4] [--concurrency 2,4] [--profile]

The site (bench/make_site.py: ``--pages`` HTML pages of 20–80 kB, shared CSS and JS, 100 generated images, every
page within depth 3 of the home) is served by nginx on 127.0.0.1 with gzip (bench/nginx.py; ``apt-get install -y
nginx`` first, or let the bench install it as root). Nothing leaves the loopback. Then, one after the other, on the
same pages:

(a) bare Playwright (a child process): one Chromium with ent-audit's launch options, a fresh context per page
    (viewport 1920×1080), ``goto(wait_until="load")``, then the same settle as crawler/capture/settle.py (network
    quiet for ``quiet_ms`` = 500 ms, bounded by 10 s; scroll to the bottom; two animation frames + 50 ms; quiet
    again), close the context; at each of ``--bare-concurrency`` pages in flight;
(a') the same bare loop, then axe-core with the full audit's script and options (``--bare-axe-concurrency``, 4 by
    default): Chromium and axe-core with nothing else of ours, the floor a full audit is measured against;
(b) ent-audit, capture only: the real CLI, ``[capture] accessibility = false``, ``sample_pages = 0``, Lighthouse 0;
(c) ent-audit, full audit: the same with axe-core and the RGAA checks (``accessibility = true``); RGESN rules and
    the report are always computed. Both crawl the site from its home (``--max-depth 4``, ``--max-pages`` = the
    page count, ``max_per_template = 0`` so the thousands of ``/articles/{id}/`` are all audited, AutoThrottle off,
    robots.txt obeyed) at each of ``--concurrency``; the audited URLs are checked to be exactly the site's pages.

For each run: pages/min (ent-audit: on the crawl, from the run's start to its end in the store, and on the wall
clock, report writing included), the ratio to the best bare run, and the process tree of the run sampled every
0.5 s from /proc (the ent-audit process and all its descendants: Playwright's driver, Chromium and its renderers):
peak of the sum of RSS (and of PSS, which counts shared pages once), mean RSS of the first and last quarter of the
run (growth), CPU seconds per page by process kind, and what the rest of the machine used meanwhile (other
processes on the same cores skew throughput: the report says how much), and ``cpu_s_per_page_over_floor``: the
CPU a page the capture adds to the bare load, and the full audit to the bare load + axe-core (our own cost). Variants
``capture-no-PART`` (``--variants capture,capture-no-coverage,capture-no-minify,...``) are the ablation: the capture
with one part off (bench/ablate.py; coverage through ``[capture] coverage = false``). ``--profile`` adds one
full-audit run under py-spy (``pip install --target /tmp/tools/pyspy py-spy``) and lists where ent-audit's Python
spends its time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import make_site  # noqa: E402
from nginx import Nginx  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
for _name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    ENV.pop(_name, None)  # loopback only, never through a proxy
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_S = 0.5
NOT_MEASURED: set[int] = set()  # our own children that are not part of a run (nginx)
# parts bench/ablate.py (or, for coverage, the config) switches off
ABLATABLE = ("coverage", "minify", "overflow", "documents", "leave")
PY_SPY = os.environ.get("PY_SPY") or shutil.which("py-spy") or "/tmp/tools/pyspy/bin/py-spy"


# -- process tree sampling (/proc, no psutil) --------------------------------------------------------------------
def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks user+system) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _kind(pid: int) -> str:
    try:
        argv = [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
    except OSError:
        return ""
    if not argv[0]:
        return ""  # a zombie, or not yet exec'd: asked again at the next sample
    line, program = " ".join(argv), Path(argv[0]).name
    if "crashpad" in program:
        return "chromium crashpad"
    if "chrom" in argv[0] or "--type=" in line or argv[0] == "/proc/self/exe":
        match = re.search(r"--type=([\w-]+)", line)
        kind = match.group(1) if match else "browser"
        if kind == "utility":
            service = re.search(r"--utility-sub-type=([\w.]+)", line)
            kind = f"utility:{service.group(1).split('.')[-1]}" if service else kind
        return f"chromium {kind}"
    if program == "node" or "run-driver" in line:
        return "playwright driver (node)"
    if "-m ent_audit" in line:
        return "ent-audit (python)"
    if "--bare-worker" in line:
        return "bare worker (python)"
    return f"other: {program}"


def _system_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(values[:8])
    return total - values[3] - values[4], total


def become_subreaper() -> None:
    """Orphans of the measured run (Chromium's zygote, left when the browser exits without waiting for it, and the
    renderers under it) are re-parented to this process instead of init: they stay in the sampled tree, and their
    CPU time reaches RUSAGE_CHILDREN when they are reaped here."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        print(
            "bench: cannot become a child subreaper: CPU of orphaned Chromium processes is not counted", file=sys.stderr
        )


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat:
                children[stat[0]].append(int(entry.name))
    return children


def _state(pid: int) -> str:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return text[text.rindex(")") + 2]


class TreeMonitor(threading.Thread):
    """Samples the measured run every SAMPLE_S: every process below this one (the run, and its orphans re-parented
    here) except ``exclude`` (nginx); sums of RSS and PSS, CPU ticks per process. Reaps the orphans that exit."""

    def __init__(self, root_pid: int, exclude: set[int], pss: bool = True) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.exclude = set(exclude)
        self.pss = pss
        self.samples: list[tuple[float, int, int, int]] = []  # (t, rss sum, pss sum, processes)
        self.root_rss: list[int] = []  # the run's own process (ent-audit's Python, or the bare worker)
        self.ticks: dict[int, int] = {}
        self.kinds: dict[int, str] = {}
        self.peak_processes = 0
        self._halt = threading.Event()
        self.started = time.monotonic()
        self.system_start = _system_ticks()
        self.system_end = self.system_start
        self.load_start = Path("/proc/loadavg").read_text().split()[:3]
        self.load_end = self.load_start

    def tree(self) -> list[int]:
        children = _children_map()
        found, todo = [], [pid for pid in children.get(os.getpid(), ()) if pid not in self.exclude]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, ()))
        return found

    def reap_orphans(self) -> list[int]:
        """Reap our exited children other than the run itself (os.wait4 waits for it); the ones still alive."""
        alive = []
        for pid in _children_map().get(os.getpid(), ()):
            if pid in self.exclude or pid == self.root_pid:
                continue
            if _state(pid) == "Z":
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
            else:
                alive.append(pid)
        return alive

    def run(self) -> None:
        while not self._halt.is_set():
            now = time.monotonic() - self.started
            rss = pss = 0
            pids = self.tree()
            for pid in pids:
                stat = _stat(pid)
                if stat is None:
                    continue
                self.ticks[pid] = stat[1]
                if self.kinds.get(pid, "other").startswith("other"):  # /usr/bin/chromium is a script at first
                    self.kinds[pid] = _kind(pid) or self.kinds.get(pid, "")
                rss += _rss(pid)
                if self.pss:
                    pss += _pss(pid)
            self.samples.append((now, rss, pss, len(pids)))
            if self.root_pid in pids:
                self.root_rss.append(_rss(self.root_pid))
            self.peak_processes = max(self.peak_processes, len(pids))
            self.reap_orphans()
            self._halt.wait(SAMPLE_S)

    def stop(self) -> list[int]:
        """Stop sampling once the run exited; wait (10 s at most) for its orphans, end those left by PID."""
        self._halt.set()
        self.join()
        deadline = time.monotonic() + 10
        while (left := self.reap_orphans()) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in left:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.system_end = _system_ticks()
        self.load_end = Path("/proc/loadavg").read_text().split()[:3]
        return left

    def summary(self, wall_s: float, cpu_s_total: float, pages: int) -> dict:
        mb = 1024 * 1024
        rss = [s[1] for s in self.samples if s[1]]
        quarter = max(1, len(rss) // 4)
        first, last = rss[:quarter], rss[-quarter:]
        by_kind: Counter = Counter()
        for pid, ticks in self.ticks.items():
            by_kind[self.kinds.get(pid) or "other"] += ticks / CLOCK_TICKS
        sampled = sum(by_kind.values())
        busy = (self.system_end[0] - self.system_start[0]) / CLOCK_TICKS
        return {
            "samples": len(self.samples),
            "peak_rss_mb": round(max(rss, default=0) / mb, 1),
            "peak_pss_mb": round(max((s[2] for s in self.samples), default=0) / mb, 1) if self.pss else None,
            "mean_rss_first_quarter_mb": round(sum(first) / len(first) / mb, 1) if rss else 0,
            "mean_rss_last_quarter_mb": round(sum(last) / len(last) / mb, 1) if rss else 0,
            "rss_growth_pct": round((sum(last) / len(last)) / (sum(first) / len(first)) * 100 - 100, 1) if rss else 0,
            "root_process_rss_mb": _quarters(self.root_rss),
            "peak_processes": self.peak_processes,
            "cpu_s_total": round(cpu_s_total, 1),
            "cpu_s_per_page": round(cpu_s_total / max(pages, 1), 3),
            "cpu_cores_used": round(cpu_s_total / wall_s, 2),
            # as last seen by the 0.5 s sampling: a process's last half second, and renderers that lived less
            # than a sample, are in "not sampled" (the total is exact: rusage of the reaped tree)
            "cpu_s_by_kind": {
                **{k: round(v, 1) for k, v in by_kind.most_common()},
                "not sampled": round(max(cpu_s_total - sampled, 0), 1),
            },
            "machine_cpu_busy_cores": round(busy / wall_s, 2),
            "other_processes_cpu_cores": round(max(busy - cpu_s_total, 0) / wall_s, 2),
            "loadavg_start_end": [self.load_start, self.load_end],
        }


def _quarters(values: list[int]) -> dict:
    """Peak and mean of the first and last quarter of a series of byte counts, in MB."""
    if not values:
        return {}
    mb, quarter = 1024 * 1024, max(1, len(values) // 4)
    first, last = values[:quarter], values[-quarter:]
    return {
        "peak": round(max(values) / mb, 1),
        "first_quarter": round(sum(first) / len(first) / mb, 1),
        "last_quarter": round(sum(last) / len(last) / mb, 1),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(args: list[str], timeout_s: float, pss: bool = True) -> tuple[int, float, float, TreeMonitor, str]:
    """Run a command, sampling its process tree: (exit code, wall s, CPU s of the whole tree, monitor, stderr)."""
    with tempfile.TemporaryFile() as err:
        cpu_before = _children_cpu()
        started = time.monotonic()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=ENV, cwd=ROOT)
        monitor = TreeMonitor(process.pid, NOT_MEASURED, pss)
        monitor.start()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        wall = time.monotonic() - started
        left = monitor.stop()
        if left:
            print(f"bench: {len(left)} processes of the run were still alive 10 s after it: ended", file=sys.stderr)
        err.seek(0)
        return process.returncode, wall, _children_cpu() - cpu_before, monitor, err.read().decode(errors="replace")


# -- (a) bare Playwright ------------------------------------------------------------------------------------------
async def bare_load(
    urls: list[str], concurrency: int, quiet_ms: int, settle_timeout_s: float, with_axe: bool = False
) -> dict:
    """Chromium alone: fresh context per page, load, settle as crawler/capture/settle.py does, close. ``with_axe``:
    then axe-core, the same script and options as the full audit's (crawler/capture/a11y_probe.py), and nothing
    else of ours: the engines' own cost, the floor of a full audit."""
    from playwright.async_api import async_playwright

    from ent_audit.crawler.browser import browser_user_agent
    from ent_audit.crawler.capture.a11y_probe import AXE_TAGS, MAX_NODES, RUN_AXE_JS, SNIPPET_CHARS, axe_source
    from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS

    user_agent = browser_user_agent()
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    per_page: list[dict] = []
    violations = 0

    async def settle(page, state: dict) -> bool:
        deadline = time.monotonic() + settle_timeout_s
        while True:
            now = time.monotonic()
            if not state["in_flight"] and now - state["last"] >= quiet_ms / 1000:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(min(0.05, quiet_ms / 4000))

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)

        async def worker() -> None:
            nonlocal violations
            while not queue.empty():
                url = queue.get_nowait()
                opened = time.monotonic()
                context = await browser.new_context(
                    viewport={"width": 1920, "height": 1080}, user_agent=user_agent, locale="fr-FR"
                )
                page = await context.new_page()
                state = {"in_flight": set(), "last": time.monotonic()}

                def started(request, state=state) -> None:
                    state["in_flight"].add(request)
                    state["last"] = time.monotonic()

                def ended(request, state=state) -> None:
                    state["in_flight"].discard(request)
                    state["last"] = time.monotonic()

                page.on("request", started)
                page.on("requestfinished", ended)
                page.on("requestfailed", ended)
                began = time.monotonic()
                error, quiet = "", False
                try:
                    response = await page.goto(url, wait_until="load", timeout=30_000)
                    loaded = time.monotonic()
                    quiet = await settle(page, state)
                    await page.evaluate(
                        "() => window.scrollTo(0, Math.max(document.body ? document.body.scrollHeight"
                        " : 0, document.documentElement.scrollHeight))"
                    )
                    await page.evaluate(
                        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(()"
                        " => setTimeout(r, 50))))"
                    )
                    quiet = await settle(page, state) and quiet
                    status = response.status if response else 0
                    if with_axe:
                        await page.evaluate(axe_source())
                        found = await page.evaluate(
                            RUN_AXE_JS, {"tags": AXE_TAGS, "maxNodes": MAX_NODES, "snippetChars": SNIPPET_CHARS}
                        )
                        violations += len(found["violations"])
                except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                    error, status, loaded = str(exc).splitlines()[0][:200], 0, time.monotonic()
                await context.close()
                done = time.monotonic()
                per_page.append(
                    {
                        "url": url,
                        "status": status,
                        "error": error,
                        "settled": quiet,
                        "open_ms": int((began - opened) * 1000),
                        "load_ms": int((loaded - began) * 1000),
                        "duration_ms": int((done - began) * 1000),
                    }
                )

        started_at = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started_at
        await browser.close()
    durations = sorted(p["duration_ms"] for p in per_page)
    return {
        "pages": len(per_page),
        "concurrency": concurrency,
        "axe": with_axe,
        "axe_violations": violations if with_axe else None,  # rules failed, summed over the pages
        "elapsed_s": round(elapsed, 2),
        "errors": sum(1 for p in per_page if p["error"] or p["status"] != 200),
        "not_settled": sum(1 for p in per_page if not p["settled"]),
        "mean_open_ms": round(sum(p["open_ms"] for p in per_page) / len(per_page)),
        "mean_load_ms": round(sum(p["load_ms"] for p in per_page) / len(per_page)),
        "median_page_ms": durations[len(durations) // 2],
        "p95_page_ms": durations[int(len(durations) * 0.95)],
        "in_flight_mean": round(sum(durations) / 1000 / elapsed, 2),
    }


def run_bare(urls_file: Path, concurrency: int, work: Path, timeout_s: float, with_axe: bool = False) -> dict:
    result = work / f"bare{'-axe' if with_axe else ''}-c{concurrency}.json"
    code, wall, cpu, monitor, err = run_measured(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--bare-worker",
            str(urls_file),
            "--concurrency",
            str(concurrency),
            "--worker-out",
            str(result),
            *(["--bare-axe"] if with_axe else []),
        ],
        timeout_s,
    )
    if code != 0:
        raise RuntimeError(f"bare run c={concurrency}{' with axe' if with_axe else ''} failed ({code}): {err[-2000:]}")
    bare = json.loads(result.read_text(encoding="utf-8"))
    bare["pages_per_min"] = round(bare["pages"] * 60 / bare["elapsed_s"], 1)
    bare["wall_s"] = round(wall, 2)
    bare["process_tree"] = monitor.summary(wall, cpu, bare["pages"])
    return bare


# -- (b), (c) ent-audit through its CLI -----------------------------------------------------------------------
def parse_variant(variant: str) -> tuple[str, str]:
    """("capture" or "full", the part switched off or ""): "capture-no-coverage" is the capture without coverage."""
    kind, _, off = variant.partition("-no-")
    if kind not in ("capture", "full") or off not in ("", *ABLATABLE):
        raise SystemExit(f"large.py: unknown variant {variant!r} (capture, full, capture-no-PART: {ABLATABLE})")
    return kind, off


def write_config(path: Path, pages: int, accessibility: bool, coverage: bool = True) -> Path:
    path.write_text(
        f"""site = "Bench large"
profile = ""
[crawl]
max_pages = {pages}
max_depth = 4
max_per_template = 0    # no per-template cap: all /articles/{{id}}/ pages are audited
autothrottle = false    # throughput, not politeness (loopback, our own nginx)
obey_robots = true
[capture]
accessibility = {str(accessibility).lower()}
coverage = {str(coverage).lower()}
sample_pages = 0        # no second loads (repeat visit, 512 kbit/s)
[lighthouse]
pages = 0
""",
        encoding="utf-8",
    )
    return path


def run_ours(
    name: str,
    base: str,
    config: Path,
    work: Path,
    urls_file: Path,
    concurrency: int,
    expected: set[str],
    timeout_s: float,
    wrap: list[str] | None = None,
    ablate: list[str] | None = None,
) -> dict:
    out, db = work / f"out-{name}", work / f"{name}.sqlite"
    args = [
        sys.executable,
        "-m",
        "ent_audit",
        "audit",
        base,
        "--config",
        str(config),
        "--out",
        str(out),
        "--db",
        str(db),
        "--urls-file",
        str(urls_file),
        "--max-pages",
        str(len(expected)),
        "--concurrency",
        str(concurrency),
        "--quiet",
        "--lighthouse",
        "0",
        "--sample-pages",
        "0",
    ]
    code, wall, cpu, monitor, err = run_measured([*(wrap or []), *(ablate or []), *args], timeout_s, pss=not wrap)
    if code != 0:
        raise RuntimeError(f"ent-audit {name} failed ({code}): {err[-2000:]}")
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    run = results["run"]
    crawl_s = (datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])).total_seconds()
    audited = [p for p in results["pages"]]
    urls = {p["url"] for p in audited}
    starts = sorted(datetime.fromisoformat(p["started_at"]) for p in audited if p.get("started_at"))
    durations = sorted(p.get("duration_ms") or 0 for p in audited)
    axe = [p["accessibility"]["duration_ms"] for p in audited if (p.get("accessibility") or {}).get("engine")]
    # first page started → run finished: the crawl without the login and store set-up before it
    pages_s = (datetime.fromisoformat(run["finished_at"]) - starts[0]).total_seconds() if starts else None
    report = {
        "pages": len(audited),
        "concurrency": concurrency,
        "same_pages_as_site": urls == expected,
        "missing": len(expected - urls),
        "extra": len(urls - expected),
        "errors": sum(1 for p in audited if p.get("error")),
        "not_settled": sum(1 for p in audited if not p.get("settled")),
        "wall_s": round(wall, 2),
        "crawl_s": round(crawl_s, 2),
        "pages_s": round(pages_s, 2) if pages_s else None,
        "after_crawl_s": round(wall - crawl_s, 2),  # Python start-up, results.json, report.html, exports
        "pages_per_min_crawl": round(len(audited) * 60 / crawl_s, 1),
        "pages_per_min_wall": round(len(audited) * 60 / wall, 1),
        "median_page_ms": durations[len(durations) // 2],
        "p95_page_ms": durations[int(len(durations) * 0.95)],
        "in_flight_mean": round(sum(durations) / 1000 / (pages_s or crawl_s), 2),
        "axe_ms_mean": round(sum(axe) / len(axe)) if axe else None,
        "store_mb": round(db.stat().st_size / 1e6, 1),
        "outputs_mb": {p.name: round(p.stat().st_size / 1e6, 2) for p in sorted(out.iterdir()) if p.is_file()},
        "process_tree": monitor.summary(wall, cpu, len(audited)),
    }
    if report["errors"]:
        report["error_examples"] = sorted({p["error"][:120] for p in audited if p.get("error")})[:5]
    return report


def profile_run(
    base: str, config: Path, work: Path, urls_file: Path, concurrency: int, expected: set[str], timeout_s: float
) -> dict:
    """One more full audit under py-spy: where ent-audit's own Python time goes (not a measured run)."""
    if not Path(PY_SPY).exists():
        return {"skipped": f"py-spy not found at {PY_SPY} (pip install --target /tmp/tools/pyspy py-spy)"}
    raw = work / "profile.txt"
    wrap = [PY_SPY, "record", "--rate", "50", "--format", "raw", "--output", str(raw), "--nonblocking", "--"]
    run = run_ours("profile", base, config, work, urls_file, concurrency, expected, timeout_s, wrap=wrap)
    stacks = []
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    total = sum(c for _, c in stacks)
    own: Counter = Counter()
    inclusive: Counter = Counter()
    for frames, count in stacks:
        own[_frame(frames[-1])] += count
        for frame in {
            _frame(f) for f in frames if "/work/main/" in f or "crawler" in f or "audits" in f or "reports" in f
        }:
            inclusive[frame] += count
    seconds = run["wall_s"]
    shutil.copy(raw, BENCH / "results" / "large-profile.txt")
    return {
        "pages": run["pages"],
        "concurrency": concurrency,
        "wall_s": seconds,
        "samples": total,
        "python_busy_share_of_wall": round(total / 50 / seconds, 2),
        "top_self": [{"frame": f, "share": round(c / total, 3)} for f, c in own.most_common(25)],
        "top_inclusive_project": [{"frame": f, "share": round(c / total, 3)} for f, c in inclusive.most_common(30)],
        "raw": "bench/results/large-profile.txt",
    }


def _frame(frame: str) -> str:
    """'func (path/to/file.py:12)' → 'func (file.py)': lines merged."""
    match = re.match(r"(.*) \((.*?):\d+\)$", frame.strip())
    if not match:
        return frame.strip()
    path = match.group(2)
    for marker in ("/site-packages/", "/work/main/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match.group(1)} ({path})"


# -- the machine ----------------------------------------------------------------------------------------------
def machine() -> dict:
    from ent_audit import __version__
    from ent_audit.crawler.browser import chromium_version

    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines() if ":" in line)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return ""

    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "crawler", "audits", "reports"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(int(meminfo["MemTotal"].split()[0]) / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "ent_audit": __version__,
        "git_commit": commit.strip(),
        "git_dirty_code": bool(dirty.strip()),  # others were editing crawler/, audits/, reports/ meanwhile
        "chromium": chromium_version(),
        "playwright": version("playwright"),
        "scrapy": version("scrapy"),
        "scrapy_playwright": version("scrapy-playwright"),
        "nginx": nginx,
    }


def run_group(
    group: str, urls: list[str], base: str, work: Path, args: argparse.Namespace, timeout_s: float, report: dict
) -> dict:
    """The bare loop and ent-audit on one group of pages (small or large), each given exactly the group's URLs; the
    group's results go into ``report["groups"][group]`` as they come, saved after every run."""
    urls_file = work / f"urls-{group}.txt"
    urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
    expected = set(urls)
    result: dict = {"pages": len(urls)}
    report["groups"][group] = result
    bare = []
    for concurrency in [int(c) for c in args.bare_concurrency.split(",") if c]:
        print(f"bench: {group}: bare Playwright, {concurrency} in flight", file=sys.stderr)
        bare.append(run_bare(urls_file, concurrency, work, timeout_s))
        result["bare_playwright"] = bare
        save(args.out, report, partial=True)
        print(f"bench:   {bare[-1]['pages_per_min']} pages/min", file=sys.stderr)
    # --bare-concurrency "" (a memory run of ent-audit alone): no baseline, no ratios
    best_bare = max(bare, key=lambda b: b["pages_per_min"]) if bare else None
    result["bare_playwright"] = bare
    result["best_bare"] = (
        {
            "concurrency": best_bare["concurrency"],
            "pages_per_min": best_bare["pages_per_min"],
            "cpu_s_per_page": best_bare["process_tree"].get("cpu_s_per_page"),
        }
        if best_bare
        else None
    )
    bare_axe = []
    for concurrency in [int(c) for c in args.bare_axe_concurrency.split(",") if c]:
        print(f"bench: {group}: bare Playwright + axe-core, {concurrency} in flight", file=sys.stderr)
        bare_axe.append(run_bare(urls_file, concurrency, work, timeout_s, with_axe=True))
        result["bare_axe"] = bare_axe
        save(args.out, report, partial=True)
        print(f"bench:   {bare_axe[-1]['pages_per_min']} pages/min", file=sys.stderr)
    best_bare_axe = max(bare_axe, key=lambda b: b["pages_per_min"]) if bare_axe else None
    if best_bare_axe:  # the engines alone (Chromium + axe-core): the best a full audit could do
        result["best_bare_axe"] = {
            "concurrency": best_bare_axe["concurrency"],
            "pages_per_min": best_bare_axe["pages_per_min"],
            "cpu_s_per_page": best_bare_axe["process_tree"].get("cpu_s_per_page"),
            "ratio_to_best_bare": round(best_bare_axe["pages_per_min"] / best_bare["pages_per_min"], 2)
            if best_bare
            else None,
        }
    ours: dict[str, dict] = {}
    for variant in [v for v in args.variants.split(",") if v]:
        kind, off = parse_variant(variant)
        config = write_config(
            work / f"{variant}.toml", len(urls), accessibility=kind == "full", coverage=off != "coverage"
        )
        ablate = [sys.executable, str(BENCH / "ablate.py"), "--off", off, "--"] if off not in ("", "coverage") else []
        for concurrency in [int(c) for c in args.concurrency.split(",") if c]:
            name = f"{variant}_c{concurrency}"
            print(f"bench: {group}: ent-audit {name}", file=sys.stderr)
            ours[name] = run_ours(
                f"{group}-{name}", base, config, work, urls_file, concurrency, expected, timeout_s, ablate=ablate
            )
            if args.keep_results:
                args.keep_results.mkdir(parents=True, exist_ok=True)
                shutil.copy(work / f"out-{group}-{name}" / "results.json", args.keep_results / f"{group}-{name}.json")
            ours[name]["ratio_to_best_bare"] = (
                {}
                if not best_bare
                else {
                    "crawl": round(ours[name]["pages_per_min_crawl"] / best_bare["pages_per_min"], 2),
                    "wall": round(ours[name]["pages_per_min_wall"] / best_bare["pages_per_min"], 2),
                }
            )
            result["ent_audit"] = ours
            save(args.out, report, partial=True)
            print(
                f"bench:   {ours[name]['pages_per_min_crawl']} pages/min (crawl), "
                f"{ours[name]['pages_per_min_wall']} (wall)",
                file=sys.stderr,
            )
    result["ent_audit"] = ours
    # CPU seconds a page each run adds over its baseline: the capture over the bare load, the full audit over the
    # bare load + axe-core (the issue's "our own overhead")
    floor = {"capture": result["best_bare"], "full": result.get("best_bare_axe")}
    for name, run in ours.items():
        base_run = floor.get(parse_variant(name.rsplit("_c", 1)[0])[0])
        cpu = run["process_tree"].get("cpu_s_per_page")
        if base_run and cpu is not None and base_run.get("cpu_s_per_page") is not None:
            run["cpu_s_per_page_over_floor"] = round(cpu - base_run["cpu_s_per_page"], 3)
    result["best"] = {}
    for variant in {name.rsplit("_c", 1)[0] for name in ours}:
        name = max((n for n in ours if n.rsplit("_c", 1)[0] == variant), key=lambda n: ours[n]["pages_per_min_crawl"])
        result["best"][variant] = {
            "run": name,
            "pages_per_min_crawl": ours[name]["pages_per_min_crawl"],
            "ratio_to_best_bare": ours[name]["ratio_to_best_bare"].get("crawl"),
            "cpu_s_per_page": ours[name]["process_tree"].get("cpu_s_per_page"),
        }
    return result


def save(path: Path, report: dict, partial: bool) -> None:
    """Written after every run, so an interrupted bench keeps what it measured (``"partial": true``)."""
    path.write_text(json.dumps({**report, "partial": partial}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument(
        "--site",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ent-audit-bench-site",
        help="where the generated site is kept between runs (regenerated when --pages changes)",
    )
    parser.add_argument("--bare-concurrency", default="1,2,4")
    parser.add_argument("--concurrency", default="2,4", help="ent-audit concurrencies to try")
    parser.add_argument(
        "--bare-axe-concurrency", default="4", help="the bare loop + axe-core (the full audit's floor); '' for none"
    )
    parser.add_argument(
        "--variants",
        default="capture,full",
        help=f"capture, full, and capture-no-PART (ablation, PART in {', '.join(ABLATABLE)})",
    )
    parser.add_argument("--groups", default="small,large", help="page groups to run: small, large or both")
    parser.add_argument("--large-share", type=float, default=make_site.LARGE_SHARE)
    parser.add_argument(
        "--keep-results", type=Path, help="copy each ent-audit run's results.json here (for bench/same_results.py)"
    )
    parser.add_argument("--profile", action="store_true", help="one more full audit under py-spy")
    parser.add_argument("--profile-pages", type=int, default=300)
    parser.add_argument("--out", type=Path, default=BENCH / "results-large.json")
    parser.add_argument("--timeout-min", type=float, default=60, help="bound on each run")
    parser.add_argument("--bare-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare-axe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    for variant in filter(None, args.variants.split(",")):
        parse_variant(variant)  # a misspelt variant stops the bench now, not after the bare runs

    if args.bare_worker:  # the child process of a bare run
        urls = args.bare_worker.read_text(encoding="utf-8").split()
        concurrency = int(args.concurrency)
        result = asyncio.run(bare_load(urls, concurrency, quiet_ms=500, settle_timeout_s=10.0, with_axe=args.bare_axe))
        args.worker_out.write_text(json.dumps(result), encoding="utf-8")
        return

    timeout_s = args.timeout_min * 60
    began = time.monotonic()
    become_subreaper()
    manifest = make_site.generate(args.site, args.pages, args.seed, args.large_share)
    site = make_site.summary(manifest)
    print(f"bench: site of {site['pages']} pages in {args.site}", file=sys.stderr)
    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "site": site,
        "settings": {
            "quiet_ms": 500,
            "settle_timeout_s": 10,
            "autothrottle": False,
            "max_per_template": 0,
            "sample_pages": 0,
            "lighthouse": 0,
            "sampling_s": SAMPLE_S,
        },
    }
    with tempfile.TemporaryDirectory(prefix="ent-bench-large-") as tmp, Nginx(args.site) as server:
        work = Path(tmp)
        NOT_MEASURED.add(server.process.pid)
        base = server.url.rstrip("/")
        urls = [base + page["path"] for page in manifest["pages"]]
        report["site"]["url"] = server.url

        groups = {
            "small": [base + page["path"] for page in manifest["pages"] if not make_site.is_large(page)],
            "large": [base + page["path"] for page in manifest["pages"] if make_site.is_large(page)],
        }
        report["groups"] = {}
        for group, group_urls in groups.items():
            if not group_urls or group not in args.groups.split(","):
                continue
            print(f"bench: {group} pages ({len(group_urls)})", file=sys.stderr)
            run_group(group, group_urls, base, work, args, timeout_s, report)  # fills report["groups"][group]
        if args.profile:
            best_full = next(iter(report["groups"].values()), {}).get("best", {}).get("full", {}).get("run", "full_c4")
            concurrency = int(best_full.rsplit("_c", 1)[1])
            pages = min(args.profile_pages, args.pages)
            config = write_config(work / "profile.toml", pages, accessibility=True)
            print(f"bench: py-spy profile of a full audit, {pages} pages at {concurrency}", file=sys.stderr)
            (BENCH / "results").mkdir(exist_ok=True)
            profiled = work / "urls-profile.txt"
            profiled.write_text("\n".join(urls[:pages]) + "\n", encoding="utf-8")
            try:
                report["profile"] = profile_run(base, config, work, profiled, concurrency, set(urls[:pages]), timeout_s)
            except (OSError, RuntimeError) as exc:  # the measured runs are kept whatever happens here
                report["profile"] = {"error": str(exc)[-500:]}
    report["bench_wall_s"] = round(time.monotonic() - began, 1)
    save(args.out, report, partial=False)
    print(
        json.dumps(
            {
                g: {"best_bare": r["best_bare"], "best_bare_axe": r.get("best_bare_axe"), "best": r["best"]}
                for g, r in report["groups"].items()
            }
        ),
        file=sys.stderr,
    )
    print(f"bench: written {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
