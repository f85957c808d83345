"""``ent-audit runs``: the runs of the history store, newest first (no crawl, no browser)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, EXIT_USAGE, db_argument, db_help, error
from ent_audit.i18n import tr


def add_parser(commands: Any) -> None:
    runs = commands.add_parser("runs", help=tr("list the runs of the history store, newest first"))
    runs.add_argument("--db", type=db_argument, help=db_help())
    runs.add_argument("--site", help=tr("only the runs of this site (its name in the config, case ignored)"))
    runs.add_argument("--json", action="store_true", help=tr("JSON instead of a table"))
    runs.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ent_audit.crawler.paths import default_db_path
    from ent_audit.reports.history import HistoryError, format_runs, list_runs

    store = args.db or default_db_path()
    try:
        rows = list_runs(store, args.site)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        elif rows:
            print(format_runs(rows, args.lang), end="")
        if not rows:
            empty = (
                tr("ent-audit: no run of {site} in {store} yet")
                if args.site
                else tr("ent-audit: no run in {store} yet")
            )
            print(empty.format(site=args.site, store=store), file=sys.stderr)
    except HistoryError as exc:
        error(exc)
        return EXIT_USAGE
    return EXIT_OK
