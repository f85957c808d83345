"""The ``ent-audit`` command.

Exit codes: 0 audit done; 2 bad input (URL, config, budget file, unreachable site, login refused, the same origin
and profile already being audited); 1 results that could not be written (the pages stay in the store), a --budget
exceeded or a --fail-on condition met (the outputs are written). Errors are always one line on stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from ent_audit import __version__
from ent_audit.audits.budget import Budget, BudgetError, load_budget, skipped_notes, summary_line
from ent_audit.crawler import log_redaction
from ent_audit.crawler.config import AuthConfig, Config, ConfigError, load_config

if TYPE_CHECKING:
    from ent_audit.crawler.runner import BudgetOutcome

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
FAIL_ON = ("session-lost",)  # conditions --fail-on turns into exit 1


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


def _at_least_one(text: str) -> int:
    value = _positive(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more (the run just made is always kept)")
    return value


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


def _db(text: str) -> Path | str:
    """--db: a SQLite file, or a PostgreSQL URL (postgresql://user@host:port/db) kept as text."""
    from ent_audit.reports.store import is_db_url
    return text if is_db_url(text) else Path(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


_DB_HELP = "history store: SQLite file or postgresql:// URL; default ~/.local/share/ent-audit/history.sqlite"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, as for every other bad input
        self.exit(EXIT_USAGE, f"ent-audit: error: {message} (see ent-audit {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ent-audit", description="Audit de sobriété et d'accessibilité d'un ENT.")
    parser.add_argument("--version", action="version", version=f"ent-audit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", type=_db, help=_DB_HELP)
        sub.add_argument("--max-pages", type=_positive, help="pages to audit at most")
        sub.add_argument("--max-depth", type=_positive, help="link depth from the start URLs (0: only them)")
        sub.add_argument("--concurrency", type=_positive, help="pages loaded at once (default 2)")
        sub.add_argument("--lighthouse", type=_positive, metavar="N",
                         help="run Lighthouse after the crawl on the first page of N templates (default 5; 0: off)")
        sub.add_argument("--sample-pages", type=_positive,
                         help="templates whose first page is loaded again: warm cache and 512 kbit/s (default 5)")
        sub.add_argument("--quiet", action="store_true", help="no progress line")
        sub.add_argument("--verbose", action="store_true", help="Scrapy's log on stderr")
        sub.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")
        sub.add_argument("--budget", type=Path, metavar="FILE",
                         help="budget file (TOML [budget]): checked before the crawl, judged after; exit 1 if exceeded")
        sub.add_argument("--keep", type=_at_least_one, metavar="N",
                         help="after the run, keep the page details of the N latest runs of this site and profile")
        sub.add_argument("--wait", action="store_true",
                         help="when an audit of the same origin and profile is running, wait for it instead of "
                              "stopping")
        sub.add_argument("--fail-on", action="append", choices=FAIL_ON, default=[], metavar="CONDITION",
                         help="exit 1 when this happened; session-lost: a write the read-only guard blocked (a "
                              "session heartbeat) cost the session, pages were reached logged out")

    audit = commands.add_parser("audit", help="audit an ENT from one or more URLs")
    audit.add_argument("urls", nargs="*", metavar="URL", help="start URLs (or start_urls in the config)")
    audit.add_argument("--out", type=Path, required=True, help="directory for report.html and results.json")
    audit.add_argument("--config", type=Path, help="TOML configuration file")
    audit.add_argument("--resume", action="store_true",
                       help="continue the last interrupted run of these URLs without re-auditing stored pages")
    audit.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt (logged)")
    audit.add_argument("--redis", metavar="URL",
                       help="distributed crawl: coordinate `ent-audit worker` processes sharing this Redis frontier "
                            "(redis://host:port/0); use a postgresql:// --db shared by the workers")
    audit.add_argument("--workers", type=_positive, default=0, metavar="N",
                       help="with --redis: workers to start on this machine too (default 0: started elsewhere)")
    audit.add_argument("--idle", type=_seconds, default=None, metavar="S",
                       help="with --redis: the crawl is over once the queue stayed empty, nothing in flight, S s")
    common(audit)

    worker = commands.add_parser("worker", help="distributed crawl: audit pages of a coordinator's run (--redis)")
    worker.add_argument("--run", required=True, metavar="ID",
                        help="run id printed by `ent-audit audit ... --redis`, or latest (the last one opened)")
    worker.add_argument("--config", type=Path, help="TOML configuration file (credentials' variable names)")
    worker.add_argument("--db", type=_db, required=True, help="the coordinator's store (postgresql:// URL)")
    worker.add_argument("--redis", required=True, metavar="URL", help="the coordinator's Redis (redis://host:port/0)")
    worker.add_argument("--concurrency", type=_positive, help="pages loaded at once on this machine (default 2)")
    worker.add_argument("--idle", type=_seconds, default=None, metavar="S",
                        help="stop once the shared queue stayed empty with nothing in flight S seconds (default 10)")
    worker.add_argument("--quiet", action="store_true", help="no progress line")
    worker.add_argument("--verbose", action="store_true", help="Scrapy's log on stderr")

    login = commands.add_parser("login", help="log in once with the config's strategy and save the session")
    login.add_argument("--config", type=Path, required=True, help="TOML configuration file")
    login.add_argument("--save", type=Path, required=True, metavar="STATE",
                       help="storage-state file to write (mode 0600), for [auth] strategy = \"storage_state\"")
    login.add_argument("--profile", default="", help="which [[profiles]] entry (default: the first)")

    report = commands.add_parser("report", help="write a stored run's report and exports again, without crawling")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", metavar="ID", help="run id (printed by `ent-audit audit`)")
    which.add_argument("--latest", action="store_true", help="the latest run of the history store")
    report.add_argument("--db", type=_db, help=_DB_HELP)
    report.add_argument("--format", default="html,json,csv,junit,codequality",
                        help="comma-separated: html, json, csv, junit, codequality, pdf (default: all but pdf)")
    report.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")
    report.add_argument("--out", type=Path, required=True, help="output directory")

    runs = commands.add_parser("runs", help="list the runs of the history store, newest first")
    runs.add_argument("--db", type=_db, help=_DB_HELP)
    runs.add_argument("--site", help="only the runs of this site (its name in the config, case ignored)")
    runs.add_argument("--json", action="store_true", help="JSON instead of a table")

    compare = commands.add_parser("compare", help="compare two stored runs: weight, EcoIndex, violations, rules")
    compare.add_argument("a", metavar="A", help="base run (older): a run id, latest or previous")
    compare.add_argument("b", metavar="B", help="newer run: a run id, latest or previous (the run before the other)")
    compare.add_argument("--db", type=_db, help=_DB_HELP)
    compare.add_argument("--threshold-pct", type=_percent, default=10.0, metavar="PCT",
                         help="a page heavier by more than PCT %% (and 10 kB) is a regression (default 10)")
    compare.add_argument("--json", action="store_true", help="the comparison as JSON")
    compare.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text (default fr)")

    sites = commands.add_parser("compare-sites", help="several ENTs side by side by page kind (vendor benchmark)")
    sites.add_argument("--site", action="append", default=[], metavar="NAME",
                       help="the latest finished run of this site in the history store (repeatable)")
    sites.add_argument("--config", action="append", default=[], type=Path, metavar="FILE",
                       help="audit this ENT first, then compare its run (repeatable)")
    sites.add_argument("--kinds", type=Path, metavar="FILE",
                       help="TOML file with a [kinds] table (default: the first config's, else usual ENT addresses)")
    sites.add_argument("--db", type=_db, help=_DB_HELP)
    sites.add_argument("--out", type=Path, required=True, help="directory for compare-sites.html and .json")
    sites.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the page (default fr)")
    sites.add_argument("--quiet", action="store_true", help="no progress line")

    demo = commands.add_parser("demo", help="start the demo ENT on loopback and audit it as the demo pupil")
    demo.add_argument("--out", type=Path, default=Path("demo-report"), help="output directory (default demo-report)")
    demo.add_argument("--hostile", action="store_true",
                      help="the hostile demo: attack pages under /hostile/ that try to change data or log out "
                           "(the report shows what was not followed for safety)")
    common(demo)

    check = commands.add_parser("check", help="judge a stored run against a budget file (exit 1 if exceeded)")
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", metavar="ID", help="run id (printed by `ent-audit audit`)")
    which.add_argument("--latest", action="store_true", help="the latest run of the history store")
    check.add_argument("--budget", type=Path, required=True, metavar="FILE", help="budget file (TOML [budget])")
    check.add_argument("--db", type=_db, help=_DB_HELP)

    schedule = commands.add_parser("schedule", help="print a systemd timer, a crontab line and a GitLab CI job "
                                                    "that audit the site every night")
    schedule.add_argument("--config", type=Path, required=True, help="TOML configuration file (with start_urls)")
    schedule.add_argument("--at", required=True, metavar="HH:MM", help="time of day, local time (e.g. 02:30)")
    schedule.add_argument("--out", type=Path, help="output directory of each run (default beside the history store)")
    schedule.add_argument("--db", type=_db, help=_DB_HELP)
    schedule.add_argument("--keep", type=_at_least_one, metavar="N", help="page details of the N latest runs kept")
    schedule.add_argument("--budget", type=Path, metavar="FILE", help="budget file judged after each run")
    schedule.add_argument("--install", action="store_true",
                          help="write the service and timer to ~/.config/systemd/user/ (systemctl is left to you)")
    return parser


def demo_config(base_url: str, hostile: bool = False) -> Config:
    os.environ["ENT_DEMO_USERNAME"], os.environ["ENT_DEMO_PASSWORD"] = _demo_credentials()
    site = "ENT de démonstration (hostile)" if hostile else "ENT de démonstration"
    config = Config(site=site, profile="élève", start_urls=[f"{base_url}/"])
    config.auth = AuthConfig(strategy="cas", login_url=f"{base_url}/cas/login?service={quote(base_url + '/', safe='')}",
                             username_env="ENT_DEMO_USERNAME", password_env="ENT_DEMO_PASSWORD")
    config.crawl.max_pages = 120 if hostile else 60  # the hostile hub adds about 40 pages two links from home
    return config


def _demo_credentials() -> tuple[str, str]:
    from ent_audit.demo_ent.server import DemoENT
    return DemoENT.USERNAME, DemoENT.PASSWORD


def history_command(args: argparse.Namespace) -> int:
    """``ent-audit runs`` and ``ent-audit compare``: read the history store only (no crawl, no browser)."""
    import json

    from ent_audit.crawler.paths import default_db_path
    from ent_audit.reports.compare import format_comparison
    from ent_audit.reports.history import HistoryError, compare_stored, format_runs, list_runs

    db = args.db or default_db_path()
    try:
        if args.command == "runs":
            rows = list_runs(db, args.site)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            elif rows:
                print(format_runs(rows), end="")
            if not rows:
                print(f"ent-audit: no run{' of ' + args.site if args.site else ''} in {db} yet", file=sys.stderr)
        else:
            comparison = compare_stored(db, args.a, args.b, args.threshold_pct)
            if args.json:
                print(json.dumps(comparison, ensure_ascii=False, indent=2))
            else:
                print(format_comparison(comparison, args.lang), end="")
    except HistoryError as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def load_budget_option(path: Path | None, keep: int | None = None) -> Budget | None:
    """--budget read and checked before anything runs (a bad file: BudgetError, one line, exit 2)."""
    if path is None:
        return None
    budget = load_budget(path)
    if keep == 1 and any("max_regression_pct" in limits for limits in (budget.limits, *budget.templates.values())):
        raise BudgetError(f"{path}: max_regression_pct compares with the previous run, whose pages --keep 1 "
                          "removes: use --keep 2 or more")
    return budget


def print_budget(judged: BudgetOutcome, stream: TextIO | None = None) -> bool:
    """One line per broken budget, notes, then a summary (stdout unless ``stream``); True when one is exceeded."""
    stream = stream or sys.stdout
    for check in judged.checks:
        if check.broken:
            print(f"{check.page}: {check.describe()}", file=stream)
    for template in judged.unused:
        print(f"note: template \"{template}\" of {judged.source} matches no page of the run", file=stream)
    for note in skipped_notes(judged.checks):
        print(f"note: {note}", file=stream)
    print(summary_line(judged.checks, judged.source), file=stream)
    return any(check.broken for check in judged.checks)


def check_command(args: argparse.Namespace) -> int:
    """``ent-audit check``: a stored run judged against a budget file, without crawling."""
    from ent_audit.crawler.runner import AuditError, check_stored_run
    try:
        run_id, judged = check_stored_run(args.db, args.run, load_budget_option(args.budget))
    except (BudgetError, AuditError) as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"run {run_id}")
    return EXIT_FAILURE if print_budget(judged) else EXIT_OK


def worker_command(args: argparse.Namespace) -> int:
    """``ent-audit worker``: one worker of a distributed crawl (crawler/cluster.py)."""
    from ent_audit.crawler.runner import AuditError
    try:
        from ent_audit.crawler.cluster import run_worker
        from ent_audit.crawler.distributed import DEFAULT_IDLE_S
    except ImportError as exc:
        print(f"ent-audit: error: the distributed crawl needs the optional [distributed] extra ({exc.name} is "
              "missing): .venv/bin/pip install -e '.[distributed]'", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = load_config(args.config)
        if args.concurrency is not None:
            config.crawl.concurrency = args.concurrency
        run_id, pages = run_worker(config, args.db, args.redis, args.run,
                                   idle_s=DEFAULT_IDLE_S if args.idle is None else args.idle,
                                   progress=not args.quiet, log_level="INFO" if args.verbose else "WARNING")
    except (ConfigError, AuditError) as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("ent-audit: interrupted; pages already measured are in the store", file=sys.stderr)
        return 130
    print(f"{pages} pages auditées par ce worker, run {run_id}", file=sys.stderr)
    return EXIT_OK


def schedule_command(args: argparse.Namespace) -> int:
    """``ent-audit schedule``: the nightly-run files printed (and with --install, the units written)."""
    from ent_audit.crawler import schedule
    try:
        at = schedule.parse_at(args.at)
        if isinstance(args.db, str):  # a URL: the units would carry it (and its password) in clear
            raise ValueError("schedule --db takes a SQLite file; a PostgreSQL store is deployed with the units of "
                             "README \"Distributed crawl\"")
        load_budget_option(args.budget, args.keep)
        config_path = args.config
        plan = schedule.build(load_config(config_path), config_path, at, out=args.out, db=args.db, keep=args.keep,
                              budget=args.budget)
        installed = schedule.install(plan) if args.install else None
    except (ValueError, ConfigError, BudgetError) as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"ent-audit: error: cannot write the units ({exc}): check {schedule.unit_dir()}", file=sys.stderr)
        return EXIT_USAGE
    print(schedule.describe(plan, installed), end="")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_redaction.install()  # before Scrapy logs a URL with a session id in it
    if args.command in ("runs", "compare"):
        return history_command(args)
    if args.command == "check":
        return check_command(args)
    if args.command == "schedule":
        return schedule_command(args)
    if args.command == "worker":
        return worker_command(args)
    from ent_audit.crawler.runner import (  # Scrapy loads when needed
        AuditError,
        OutputError,
        config_from_flags,
        run_audit,
    )

    log_level = "INFO" if getattr(args, "verbose", False) else "WARNING"
    try:
        budget = load_budget_option(getattr(args, "budget", None), getattr(args, "keep", None))  # before any crawl
        if args.command == "demo":
            from ent_audit.demo_ent.server import DemoENT
            with DemoENT(hostile=args.hostile).start() as ent:
                print(f"ENT de démonstration{' (hostile)' if args.hostile else ''} : {ent.base_url}/", file=sys.stderr)
                config = config_from_flags(demo_config(ent.base_url, args.hostile), [], args.max_pages, args.max_depth,
                                           args.concurrency, args.sample_pages,
                                           args.lighthouse)
                outcome = run_audit(config, args.out, args.db, progress=not args.quiet, log_level=log_level,
                                    lang=args.lang, budget=budget, keep=args.keep, wait=args.wait)
        elif args.command == "report":
            from ent_audit.crawler.runner import render_from_store
            formats = [f.strip() for f in args.format.split(",") if f.strip()]
            for path in render_from_store(args.db, args.run, formats, args.out, args.lang):
                print(path)
            return EXIT_OK
        elif args.command == "compare-sites":
            from ent_audit.crawler.compare_sites import compare_sites_command
            for path in compare_sites_command(args.site, args.config, args.kinds, args.out, args.db, lang=args.lang,
                                              progress=not args.quiet, log_level=log_level):
                print(path)
            return EXIT_OK
        elif args.command == "login":
            from ent_audit.crawler.runner import save_login
            path = save_login(load_config(args.config), args.profile, args.save)
            print(path)
            return EXIT_OK
        else:
            config = config_from_flags(load_config(args.config), args.urls, args.max_pages, args.max_depth,
                                       args.concurrency, args.sample_pages,
                                           args.lighthouse)
            if args.ignore_robots:
                config.crawl.obey_robots = False
            distributed = None
            if args.redis:
                try:
                    from ent_audit.crawler.cluster import Distributed
                    from ent_audit.crawler.distributed import DEFAULT_IDLE_S
                except ImportError as exc:
                    raise AuditError(f"--redis needs the optional [distributed] extra ({exc.name} is missing): "
                                     ".venv/bin/pip install -e '.[distributed]'") from None
                distributed = Distributed(args.redis, args.workers, DEFAULT_IDLE_S if args.idle is None else args.idle,
                                          args.config)
                from ent_audit.crawler.cluster import connect
                connect(args.redis).close()  # an unreachable Redis: one line before any login or run is opened
            elif args.workers or args.idle is not None:
                raise AuditError("--workers and --idle go with --redis (a distributed crawl)")
            outcome = run_audit(config, args.out, args.db, progress=not args.quiet, log_level=log_level,
                                resume=args.resume, lang=args.lang, budget=budget, keep=args.keep, wait=args.wait,
                                distributed=distributed)
    except (ConfigError, AuditError, BudgetError) as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("ent-audit: interrupted; pages already measured are in the store", file=sys.stderr)
        return 130
    print(f"{outcome.pages} pages auditées ({outcome.errors} en erreur), run {outcome.run_id}", file=sys.stderr)
    if outcome.pruned:
        count = len(outcome.pruned)
        print(f"{count} older run{'s' if count > 1 else ''} pruned (--keep {args.keep}): page details removed, "
              "summaries kept", file=sys.stderr)
    broken = outcome.budget is not None and print_budget(outcome.budget, sys.stderr)
    if "session-lost" in args.fail_on and outcome.session_lost:
        profiles = ", ".join(sorted({e.get("profile") or "default" for e in outcome.session_lost}))
        print(f"ent-audit: --fail-on session-lost: the session of {profiles} was lost after a blocked write "
              "(see the report's safety section for the allow line)", file=sys.stderr)
        broken = True
    print(outcome.report_path)
    return EXIT_FAILURE if broken else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
