"""``ent-audit worker``: one worker of a distributed crawl (crawler/distributed/worker.py): it audits pages of a
coordinator's run from the shared Redis queue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ent_audit.crawler.commands.options import (
    EXIT_CANNOT_RUN,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    db_argument,
    error,
    interrupted_line,
    log_level,
    positive,
    seconds,
)
from ent_audit.crawler.config import ConfigError, load_config
from ent_audit.i18n import ntr, tr
from ent_audit.installation import install_extra
from ent_audit.reports.formatting import format_count


def add_parser(commands: Any) -> None:
    worker = commands.add_parser("worker", help=tr("distributed crawl: audit pages of a coordinator's run (--redis)"))
    worker.add_argument(
        "--run",
        required=True,
        metavar="ID",
        help=tr("run id printed by `ent-audit audit ... --redis`, or latest (the last one opened)"),
    )
    worker.add_argument("--config", type=Path, help=tr("TOML configuration file (credentials' variable names)"))
    worker.add_argument("--db", type=db_argument, required=True, help=tr("the coordinator's store (postgresql:// URL)"))
    worker.add_argument(
        "--redis", required=True, metavar="URL", help=tr("the coordinator's Redis (redis://host:port/0)")
    )
    worker.add_argument("--concurrency", type=positive, help=tr("pages loaded at once on this machine (default 2)"))
    worker.add_argument(
        "--idle",
        type=seconds,
        default=None,
        metavar="S",
        help=tr("stop once the shared queue stayed empty with nothing in flight S seconds (default 10)"),
    )
    worker.add_argument("--quiet", action="store_true", help=tr("no progress line"))
    worker.add_argument("--verbose", action="store_true", help=tr("Scrapy's log on stderr"))
    worker.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ent_audit.crawler.engines import EngineMissing
    from ent_audit.crawler.launch import AuditError, CannotRun

    try:
        from ent_audit.crawler.distributed.tracking import DEFAULT_IDLE_S
        from ent_audit.crawler.distributed.worker import run_worker
    except ImportError as exc:
        error(
            tr("the distributed crawl needs the optional [distributed] extra ({name} is missing): {fix}").format(
                name=exc.name, fix=install_extra("distributed")
            )
        )
        return EXIT_USAGE
    try:
        config = load_config(args.config)
        if args.concurrency is not None:
            config.crawl.concurrency = args.concurrency
        run_id, pages = run_worker(
            config,
            args.db,
            args.redis,
            args.run,
            idle_s=DEFAULT_IDLE_S if args.idle is None else args.idle,
            progress=not args.quiet,
            log_level=log_level(args),
        )
    except (CannotRun, EngineMissing) as exc:  # the site unreachable, the login failed, an engine missing
        error(exc)
        return EXIT_CANNOT_RUN
    except (ConfigError, AuditError) as exc:
        error(exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(interrupted_line(), file=sys.stderr)
        return EXIT_INTERRUPTED
    print(
        ntr(
            "{n} page audited by this worker, run {run_id}", "{n} pages audited by this worker, run {run_id}", pages
        ).format(n=format_count(pages), run_id=run_id),
        file=sys.stderr,
    )
    return EXIT_OK
