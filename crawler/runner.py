"""Runs one audit: checks, crawl (Scrapy + scrapy-playwright), then results.json and report.html from the store."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ent_audit import __version__
from ent_audit.audits.budget import Budget, Check, evaluate, unused_templates
from ent_audit.audits.judge import judge_run
from ent_audit.crawler.auth import login, strategy
from ent_audit.crawler.auth.base import LoginError
from ent_audit.crawler.auth.storage_state import save_state_file
from ent_audit.crawler.browser import (
    POLICY_DIR,
    PRELOADING_POLICY,
    browser_user_agent,
    chromium_version,
    preloading_disabled,
)
from ent_audit.crawler.capture.lighthouse_sample import run_sample as run_lighthouse_sample
from ent_audit.crawler.capture.site_checks import site_facts
from ent_audit.crawler.config import Config, validate
from ent_audit.crawler.engines import require_engines
from ent_audit.crawler.launch import (
    AuditError,
    CannotRun,
    check_reachable,
    crawler_process,
    db_location,
    login_all,
    login_failed,
    open_store,
    scrapy_settings,
)
from ent_audit.crawler.lock import LockedError, run_lock
from ent_audit.crawler.paths import default_db_path
from ent_audit.crawler.safety.ledger import SafetyLedger
from ent_audit.crawler.spiders.ent import EntSpider
from ent_audit.crawler.urls import redact_url, site_of
from ent_audit.i18n import N_, tr
from ent_audit.installation import in_checkout
from ent_audit.reports import formats
from ent_audit.reports.files import temporary_of
from ent_audit.reports.history import trend
from ent_audit.reports.results import build_results, validate_results
from ent_audit.reports.store import Store, redact_db_url


class OutputError(RuntimeError):
    """An output could not be written (exit 4): the --out directory not writable (found before the crawl), or a
    write that failed once the crawl ran (its pages are then in the store); one line."""


@dataclass
class BudgetOutcome:
    """A budget file judged on one run (``--budget``, ``ent-audit check``)."""

    source: str
    checks: list[Check]
    unused: list[str]  # template overrides that matched no page


@dataclass
class AuditOutcome:
    run_id: str
    results_path: Path
    report_path: Path
    pages: int
    errors: int
    budget: BudgetOutcome | None = None
    pruned: list[str] = field(default_factory=list)  # runs whose page details --keep removed
    # safety.session_lost: a blocked write cost the session
    session_lost: list[dict[str, Any]] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)  # results.json as written: --fail-on judges it


def prepare_output(out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".ent-audit-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            tr("output directory {out_dir} is not writable ({strerror}): choose another --out").format(
                out_dir=out_dir, strerror=exc.strerror
            )
        ) from None
    return out_dir


OUTPUT_NAMES = (*formats.file_names(), "lighthouserc.json")


@contextmanager
def writing_outputs(out_dir: Path, db_path: Path | str | None, run_id: str) -> Iterator[None]:
    """A write into ``out_dir`` that fails (a full disk, the directory removed or made read-only during the crawl)
    becomes a one-line OutputError (exit 4) naming the command that writes the outputs again from the store; the
    half-written temporary files of the atomic writes are removed."""
    try:
        yield
    except OSError as exc:
        for name in OUTPUT_NAMES:
            try:
                temporary_of(out_dir / name).unlink(missing_ok=True)
            except OSError:
                pass
        db = redact_db_url(db_location(db_path))
        raise OutputError(
            tr(
                "cannot write the results in {out_dir} ({strerror}): the pages are kept "
                "in {db}; `ent-audit report --run {run_id} --db {db} --out DIR` writes "
                "them again"
            ).format(out_dir=out_dir, strerror=exc.strerror or type(exc).__name__, db=db, run_id=run_id)
        ) from None


def merged_safety(store: Store, run_id: str, safety: SafetyLedger) -> dict[str, Any]:
    """This process's ledger added to what the run already holds (the part crawled before a resume)."""
    earlier = (store.run(run_id).get("facts") or {}).get("safety") or {}
    if earlier:
        safety.merge(earlier)
    return safety.to_dict()


def judge_stored_run(store: Store, run_id: str) -> None:
    """The run's facts are complete (pages, login, probes, Lighthouse): judge them once and store the findings."""
    captures = store.captures_by_id(run_id)
    store.save_judgement(run_id, judge_run(list(captures.values()), store.run(run_id)), list(captures))


def resumable_run(store: Store, config: Config) -> str:
    """The latest run of these start URLs that did not finish."""
    start_urls = [redact_url(u) for u in config.start_urls]
    for run in reversed(store.runs()):
        if run["start_urls"] == start_urls:
            if run["status"] == "finished":  # e.g. killed after its crawl, while its outputs were being written
                raise AuditError(
                    tr(
                        "the last run {id} of these start URLs finished: `ent-audit report "
                        "--run {id} --db {path} --out DIR` writes its outputs; run without "
                        "--resume for a new audit"
                    ).format(id=run["id"], path=store.path)
                )
            run_id: str = run["id"]
            return run_id
    raise AuditError(tr("no interrupted run of these start URLs to resume in the history store: run without --resume"))


def budget_outcome(store: Store, run_id: str, results: dict[str, Any], budget: Budget) -> BudgetOutcome:
    """The budget judged on a run's results; max_regression_pct compares with the latest finished run of the same
    site and profile before it (built only when the budget asks for it)."""
    previous, note = None, ""
    if any("max_regression_pct" in limits for limits in (budget.limits, *budget.templates.values())):
        previous_id = store.previous_run_id(run_id)
        if previous_id is None:
            note = N_("no earlier finished run of this site and profile in the history store").msgid
        elif store.run(previous_id).get("pruned_at"):
            note = f"the previous run {previous_id} was pruned by --keep: keep 2 runs or more"
        else:
            previous = build_results(store, previous_id)
    return BudgetOutcome(budget.source, evaluate(budget, results, previous, note), unused_templates(budget, results))


def _lock(db_path: Path, config: Config, wait: bool) -> ExitStack:
    """The lock of the start URLs' origins and the profiles (crawler/lock.py), taken now, as a context to release
    it; one-line errors. Keyed on origins, not on the configured name: two sites on two ports of one host run
    together, and one site audited under two names still runs once at a time."""
    site = config.site or site_of(config.start_urls[0])
    profiles = [profile.name for profile in config.profiles_to_run()]

    def waiting(pid: str) -> None:
        print(
            tr("ent-audit: another audit of {site} is running (PID {pid}): waiting for it to end").format(
                site=site, pid=pid
            ),
            file=sys.stderr,
        )

    stack = ExitStack()
    try:
        stack.enter_context(run_lock(db_path, config.start_urls, profiles, wait, waiting, site=site))
    except LockedError as exc:
        raise CannotRun(str(exc)) from None
    except OSError as exc:
        raise AuditError(
            tr(
                "cannot create the run lock beside the history store {db_path} ({strerror}): choose another --db"
            ).format(db_path=db_path, strerror=exc.strerror)
        ) from None
    return stack


def run_audit(
    config: Config,
    out_dir: Path,
    db_path: Path | str | None = None,
    *,
    progress: bool = True,
    log_level: str = "WARNING",
    resume: bool = False,
    lang: str = "fr",
    budget: Budget | None = None,
    keep: int | None = None,
    wait: bool = False,
    distributed: Any = None,
) -> AuditOutcome:
    """One audit, under the lock of its site and profile (before the login, released on any error or interrupt):
    a second run of the same site and profile stops with AuditError, or waits when ``wait``. ``budget``: judged
    after the run, its checks added to junit.xml and gl-code-quality.json. ``keep``: after a finished run, the
    older runs of the site and profile beyond the ``keep`` most recent lose their page details. ``distributed``
    (crawler.distributed.coordinator.Distributed, ``--redis``): this process only coordinates; ``ent-audit worker``
    processes crawl."""
    validate(config)
    require_engines(config)  # axe-core, Lighthouse when asked for, Chromium: EngineMissing before anything runs
    location = db_location(db_path)  # a SQLite file, or a postgresql:// URL (text)
    # A PostgreSQL store has no directory of its own: the lock file goes beside the default SQLite store.
    lock_base = location if isinstance(location, Path) else default_db_path()
    with _lock(lock_base, config, wait):
        return _run_audit(
            config,
            out_dir,
            location,
            progress=progress,
            log_level=log_level,
            resume=resume,
            lang=lang,
            budget=budget,
            keep=keep,
            distributed=distributed,
        )


def _run_audit(
    config: Config,
    out_dir: Path,
    db_path: Path | str,
    *,
    progress: bool,
    log_level: str,
    resume: bool,
    lang: str,
    budget: Budget | None,
    keep: int | None,
    distributed: Any = None,
) -> AuditOutcome:
    out_dir = prepare_output(Path(out_dir))
    for url in dict.fromkeys(config.start_urls + ([config.auth.login_url] if config.auth.login_url else [])):
        check_reachable(url)
    user_agent = config.crawl.user_agent or browser_user_agent()
    safety = SafetyLedger()  # what the read-only policy spared, from the login to the last Lighthouse run
    try:  # before the crawl: a refused login is a one-line error, not a crawl of login pages
        sessions = asyncio.run(login_all(config, user_agent, safety))
    except LoginError as exc:
        raise login_failed(exc) from None
    if not config.crawl.obey_robots:
        logging.getLogger("ent-audit").warning("robots.txt is ignored, as the configuration asks")
    if not preloading_disabled():
        logging.getLogger("ent-audit").warning(
            "Chromium's preloading is on: a page's speculation rules or <link rel=prefetch> could load a logout URL "
            "unguarded. Install %s; see docs/SAFETY.md",
            # the log speaks English (as the other log lines), so not with_make_setup, which the run's language has
            f"{POLICY_DIR}/ent-audit.json with {json.dumps(PRELOADING_POLICY)}"
            + (" (make setup does it)" if in_checkout() else ""),
        )
    db_path = db_location(db_path)
    store = open_store(db_path)
    try:
        if resume:
            run_id = resumable_run(store, config)
            resume_pages = [{k: page[k] for k in ("url", "profile", "depth", "links")} for page in store.pages(run_id)]
        else:
            run_id = store.start_run(
                start_urls=[redact_url(u) for u in config.start_urls],
                tool_version=__version__,
                site=config.site or site_of(config.start_urls[0]),
                profile=config.profile_label(),
                settings=config.to_dict(),
            )
            resume_pages = []
        browser = {"browser": f"Chromium {chromium_version()}" if chromium_version() else ""}
        store.set_run_facts(run_id, {**site_facts(config, sessions, user_agent), **browser})
    finally:
        store.close()

    if distributed is not None:  # the workers crawl; this process seeds the frontier, waits and closes the run
        from ent_audit.crawler.distributed.coordinator import coordinate

        coordinate(config, db_path, run_id, distributed, progress=progress)
        spider = None
    else:
        process = crawler_process(scrapy_settings(config, db_path, run_id, progress, log_level))
        crawler = process.create_crawler(EntSpider)
        process.crawl(crawler, config=config, sessions=sessions, resume_pages=resume_pages, safety=safety)
        process.start()
        spider = crawler.spider if isinstance(crawler.spider, EntSpider) else None
        if spider is not None and spider.fatal_error:  # an unusable --sitemap is bad input (exit 2), as README says
            raise (AuditError if spider.fatal_input else CannotRun)(spider.fatal_error)

    store = open_store(db_path)
    try:
        if config.lighthouse.pages:  # the sessions as the crawl left them (renewed if they expired)
            current = {name: slot.session for name, slot in spider.sessions.items()} if spider else sessions
            with writing_outputs(out_dir, db_path, run_id):  # .lighthouseci/ and lighthouserc.json
                sample = run_lighthouse_sample(config, store, run_id, current, out_dir, safety)
            store.set_run_facts(run_id, {"lighthouse": sample})
        store.set_run_facts(run_id, {"safety": merged_safety(store, run_id, safety)})
        judge_stored_run(store, run_id)
        results = build_results(store, run_id)
        history = trend(store, run_id)
        judged = budget_outcome(store, run_id, results, budget) if budget else None
        pruned = []
        if keep and results["run"]["status"] == "finished":  # an interrupted run must not push out a good one
            run = results["run"]
            pruned = store.prune(run["site"], run["profile"], keep)
    finally:
        store.close()
    try:
        validate_results(results)
    except ValueError as exc:
        raise OutputError(
            tr("{exc} (a bug of ent-audit: the pages are kept in {db_path}, run {run_id})").format(
                exc=exc, db_path=redact_db_url(db_path), run_id=run_id
            )
        ) from None
    with writing_outputs(out_dir, db_path, run_id):
        drawing = formats.Drawing(lang=lang, history=history, checks=judged.checks if judged else None)
        formats.write_outputs(results, out_dir, formats.DEFAULT, drawing)
        results_path, report_path = out_dir / "results.json", out_dir / "report.html"
    summary = results["summary"]
    return AuditOutcome(
        run_id,
        results_path,
        report_path,
        summary["pages"],
        summary["pages_error"],
        judged,
        pruned,
        list((results.get("safety") or {}).get("session_lost") or []),
        results,
    )


@contextmanager
def stored_run(db_path: Path | str | None, run_id: str | None) -> Iterator[tuple[Store, str]]:
    """The history store, open, and a run of it that still has its pages (``run_id`` None: the latest run);
    one-line AuditError otherwise. For the commands that work from the store without crawling."""
    location = db_location(db_path)
    if isinstance(location, Path) and not location.exists():  # a SQLite file (a postgresql:// URL is text)
        raise AuditError(
            tr("history store {location} not found: give the --db used by the audit").format(location=location)
        )
    store = open_store(location)
    try:
        run_id = run_id or store.latest_run_id()
        if run_id is None:
            raise AuditError(
                tr("history store {location} holds no run yet: run `ent-audit audit` first").format(
                    location=redact_db_url(location)
                )
            )
        try:
            run = store.run(run_id)
        except KeyError:
            raise AuditError(
                tr("no run {run_id} in {location}: give a run id printed by `ent-audit audit`").format(
                    run_id=run_id, location=redact_db_url(location)
                )
            ) from None
        if run.get("pruned_at"):
            raise AuditError(
                tr(
                    "run {run_id} was pruned by --keep on {pruned_at}: only its summary is left in the history store"
                ).format(run_id=run_id, pruned_at=run["pruned_at"])
            )
        yield store, run_id
    finally:
        store.close()


def check_stored_run(db_path: Path | str | None, run_id: str | None, budget: Budget) -> tuple[str, BudgetOutcome]:
    """``ent-audit check``: a stored run's results, built as ``ent-audit report`` builds them, judged on a budget."""
    with stored_run(db_path, run_id) as (store, run_id):
        results = build_results(store, run_id)
        return run_id, budget_outcome(store, run_id, results, budget)


def render_from_store(
    db_path: Path | str | None, run_id: str | None, wanted: list[str], out_dir: Path, lang: str = "fr"
) -> list[Path]:
    """``ent-audit report``: the outputs of a stored run written again, without crawling (``run_id`` None: the
    latest run)."""
    return render_stored(db_path, run_id, wanted, out_dir, lang)[0]


def render_stored(
    db_path: Path | str | None, run_id: str | None, wanted: list[str], out_dir: Path, lang: str = "fr"
) -> tuple[list[Path], dict[str, Any]]:
    """:func:`render_from_store`'s files, and the results they were drawn from (``--fail-on`` judges them)."""
    unknown = [f for f in wanted if f not in formats.names()]
    if unknown or not wanted:
        raise AuditError(
            tr("unknown --format {items}: use a comma-separated list of {items2}").format(
                items=", ".join(unknown) or "(empty)", items2=", ".join(formats.names())
            )
        )
    with stored_run(db_path, run_id) as (store, run_id):
        out_dir = prepare_output(Path(out_dir))
        results = build_results(store, run_id)
        history = trend(store, run_id)
    with writing_outputs(out_dir, db_path, run_id):
        try:
            return formats.write_outputs(results, out_dir, wanted, formats.Drawing(lang=lang, history=history)), results
        except formats.OutputUnavailable as exc:
            raise AuditError(str(exc)) from None


def save_login(config: Config, profile_name: str, path: Path) -> Path:
    """``ent-audit login``: run the scripted login once and keep its cookies for strategy storage_state."""
    if not strategy(config.auth.strategy).savable:
        raise AuditError(
            tr("[auth] strategy '{strategy}' has no scripted login to save: use cas, openent or form").format(
                strategy=config.auth.strategy
            )
        )
    profiles = config.profiles_to_run()
    profile = next((p for p in profiles if p.name == profile_name), None) if profile_name else profiles[0]
    if profile is None:
        raise AuditError(tr("no [[profiles]] entry named '{profile_name}'").format(profile_name=profile_name))
    if config.auth.login_url:
        check_reachable(config.auth.login_url)
    try:
        session = asyncio.run(login(config, profile, config.crawl.user_agent or browser_user_agent()))
    except LoginError as exc:
        raise login_failed(exc) from None
    return save_state_file(session.storage_state or {"cookies": [], "origins": []}, str(path))


def config_from_flags(
    config: Config,
    urls: list[str],
    max_pages: int | None,
    max_depth: int | None,
    concurrency: int | None = None,
    sample_pages: int | None = None,
    lighthouse_pages: int | None = None,
    no_axe: bool = False,
) -> Config:
    if urls:
        config.start_urls = list(urls)
    if max_pages is not None:
        config.crawl.max_pages = max_pages
    if max_depth is not None:
        config.crawl.max_depth = max_depth
    if concurrency is not None:
        config.crawl.concurrency = concurrency
    if sample_pages is not None:
        config.capture.sample_pages = sample_pages
    if lighthouse_pages is not None:
        config.lighthouse.pages = lighthouse_pages
    if no_axe:
        config.capture.accessibility = False
    return validate(config)
