"""``ent-audit runs``: the runs of the history store, newest first (no crawl, no browser)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ent_audit.crawler.commands.options import DB_HELP, EXIT_OK, EXIT_USAGE, db_argument, error


def add_parser(commands: Any) -> None:
    runs = commands.add_parser("runs", help="list the runs of the history store, newest first")
    runs.add_argument("--db", type=db_argument, help=DB_HELP)
    runs.add_argument("--site", help="only the runs of this site (its name in the config, case ignored)")
    runs.add_argument("--json", action="store_true", help="JSON instead of a table")
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
            print(format_runs(rows), end="")
        if not rows:
            print(f"ent-audit: no run{' of ' + args.site if args.site else ''} in {store} yet", file=sys.stderr)
    except HistoryError as exc:
        error(exc)
        return EXIT_USAGE
    return EXIT_OK
