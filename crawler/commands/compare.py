"""``ent-audit compare A B``: two stored runs compared (weight, EcoIndex, violations, rules), from the history store
only (no crawl, no browser)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, EXIT_USAGE, db_argument, db_help, error, percent
from ent_audit.i18n import tr


def add_parser(commands: Any) -> None:
    compare = commands.add_parser("compare", help=tr("compare two stored runs: weight, EcoIndex, violations, rules"))
    compare.add_argument("a", metavar="A", help=tr("base run (older): a run id, latest or previous"))
    compare.add_argument(
        "b", metavar="B", help=tr("newer run: a run id, latest or previous (the run before the other)")
    )
    compare.add_argument("--db", type=db_argument, help=db_help())
    compare.add_argument(
        "--threshold-pct",
        type=percent,
        default=10.0,
        metavar="PCT",
        help=tr("a page heavier by more than PCT %% (and 10 kB) is a regression (default 10)"),
    )
    compare.add_argument("--json", action="store_true", help=tr("the comparison as JSON"))
    compare.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ent_audit.crawler.paths import default_db_path
    from ent_audit.reports.compare import format_comparison
    from ent_audit.reports.history import HistoryError, compare_stored

    try:
        comparison = compare_stored(args.db or default_db_path(), args.a, args.b, args.threshold_pct)
        if args.json:
            print(json.dumps(comparison, ensure_ascii=False, indent=2))
        else:
            print(format_comparison(comparison, args.lang), end="")
    except HistoryError as exc:
        error(exc)
        return EXIT_USAGE
    return EXIT_OK
