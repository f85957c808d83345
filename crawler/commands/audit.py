"""``ent-audit audit URL... --out DIR``: crawl the site logged in, judge every page, write the report and the exports;
with ``--redis``, coordinate the workers of a distributed crawl instead of crawling here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ent_audit.crawler.commands.options import (
    EXIT_FAILURE,
    EXIT_OK,
    add_crawl_options,
    check_fail_on,
    exit_codes_help,
    load_budget_option,
    log_level,
    one_line_errors,
    positive,
    print_budget,
    print_fail_on,
    seconds,
)
from ent_audit.crawler.config import load_config
from ent_audit.i18n import language, ntr, tr
from ent_audit.installation import install_extra
from ent_audit.reports.formatting import format_count, format_number

if TYPE_CHECKING:
    from ent_audit.crawler.runner import AuditOutcome


def add_parser(commands: Any) -> None:
    audit = commands.add_parser("audit", help=tr("audit an ENT from one or more URLs"), **exit_codes_help())
    audit.add_argument("urls", nargs="*", metavar="URL", help=tr("start URLs (or start_urls in the config)"))
    audit.add_argument("--out", type=Path, required=True, help=tr("directory for report.html and results.json"))
    audit.add_argument("--config", type=Path, help=tr("TOML configuration file"))
    audit.add_argument(
        "--resume",
        action="store_true",
        help=tr("continue the last interrupted run of these URLs without re-auditing stored pages"),
    )
    audit.add_argument("--ignore-robots", action="store_true", help=tr("do not obey robots.txt (logged)"))
    audit.add_argument(
        "--redis",
        metavar="URL",
        help=tr(
            "distributed crawl: coordinate `ent-audit worker` processes sharing this Redis frontier "
            "(redis://host:port/0); use a postgresql:// --db shared by the workers"
        ),
    )
    audit.add_argument(
        "--workers",
        type=positive,
        default=0,
        metavar="N",
        help=tr("with --redis: workers to start on this machine too (default 0: started elsewhere)"),
    )
    audit.add_argument(
        "--idle",
        type=seconds,
        default=None,
        metavar="S",
        help=tr("with --redis: the crawl is over once the queue stayed empty, nothing in flight, S s"),
    )
    audit.add_argument(
        "--sitemap",
        metavar="URL",
        help=tr(
            "audit exactly the pages of this sitemap (or sitemap index, .xml.gz too); 'robots': those of the "
            "Sitemap: lines of the start URL's robots.txt. No link followed unless --max-depth; other sites' URLs "
            "refused"
        ),
    )
    audit.add_argument(
        "--urls-file",
        type=Path,
        metavar="FILE",
        help=tr("audit exactly the URLs of this file, one a line (# comments); with --sitemap, both lists"),
    )
    add_crawl_options(audit)
    audit.set_defaults(handler=run)


def _audit(args: argparse.Namespace) -> AuditOutcome:
    from ent_audit.crawler.launch import AuditError
    from ent_audit.crawler.runner import config_from_flags, run_audit

    budget = load_budget_option(args.budget, args.keep)  # before any crawl
    config = load_config(args.config)
    max_depth = args.max_depth
    if args.sitemap or args.urls_file:  # a list of pages: exactly those, unless --max-depth says otherwise
        config.crawl.sitemap = args.sitemap or config.crawl.sitemap
        config.crawl.urls_file = str(args.urls_file or "") or config.crawl.urls_file
        max_depth = 0 if max_depth is None else max_depth
    config = config_from_flags(
        config,
        args.urls,
        args.max_pages,
        max_depth,
        args.concurrency,
        args.sample_pages,
        args.lighthouse,
        args.no_axe,
    )
    check_fail_on(args, config)
    if args.ignore_robots:
        config.crawl.obey_robots = False
    distributed = None
    if args.redis and (config.crawl.sitemap or config.crawl.urls_file):
        raise AuditError(tr("--sitemap and --urls-file do not go with --redis yet: audit the list in one process"))
    if args.redis:
        try:
            from ent_audit.crawler.distributed.coordinator import Distributed
            from ent_audit.crawler.distributed.tracking import DEFAULT_IDLE_S
        except ImportError as exc:
            raise AuditError(
                tr("--redis needs the optional [distributed] extra ({name} is missing): {fix}").format(
                    name=exc.name, fix=install_extra("distributed")
                )
            ) from None
        distributed = Distributed(
            args.redis, args.workers, DEFAULT_IDLE_S if args.idle is None else args.idle, args.config
        )
        from ent_audit.crawler.distributed.connection import connect

        connect(args.redis).close()  # an unreachable Redis: one line before any login or run is opened
    elif args.workers or args.idle is not None:
        raise AuditError(tr("--workers and --idle go with --redis (a distributed crawl)"))
    return run_audit(
        config,
        args.out,
        args.db,
        progress=not args.quiet,
        log_level=log_level(args),
        resume=args.resume,
        lang=args.lang,
        budget=budget,
        keep=args.keep,
        wait=args.wait,
        distributed=distributed,
    )


def run(args: argparse.Namespace) -> int:
    outcome = one_line_errors(lambda: _audit(args))
    return outcome if isinstance(outcome, int) else tell(outcome, args)


def tell(outcome: AuditOutcome, args: argparse.Namespace) -> int:
    """What an audit (or the demo's) says once done: pages, pruned runs, the budget, --fail-on, the report's path;
    exit 1 when a budget or a --fail-on threshold failed (audits/thresholds.py)."""
    pages = ntr("{n} page audited", "{n} pages audited", outcome.pages).format(n=format_count(outcome.pages))
    errors = ntr("{n} in error", "{n} in error", outcome.errors).format(n=format_count(outcome.errors))
    print(
        tr("{pages} ({errors}), run {run_id}").format(pages=pages, errors=errors, run_id=outcome.run_id),
        file=sys.stderr,
    )
    cost = ((outcome.results or {}).get("run") or {}).get("stats")
    if cost:  # what a page costs, to size nightly runs (results.json run.stats)
        rate = format_number(cost["pages_per_min"], language(), 1)
        line = tr("{rate} pages/min").format(rate=rate)
        if cost.get("cpu_s_per_page") is not None:
            cpu = format_number(cost["cpu_s_per_page"], language(), 2)
            line += tr(", {cpu} CPU seconds a page (ent-audit and Chromium)").format(cpu=cpu)
        print(line, file=sys.stderr)
    if outcome.pruned:
        count = len(outcome.pruned)
        print(
            ntr(
                "{n} older run pruned (--keep {keep}): page details removed, summaries kept",
                "{n} older runs pruned (--keep {keep}): page details removed, summaries kept",
                count,
            ).format(n=format_count(count), keep=args.keep),
            file=sys.stderr,
        )
    broken = outcome.budget is not None and print_budget(outcome.budget, sys.stderr)
    broken = print_fail_on(args, outcome.results) or broken
    print(outcome.report_path)
    return EXIT_FAILURE if broken else EXIT_OK
