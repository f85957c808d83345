"""``ent-audit check``: a stored run judged against a budget file, without crawling (exit 1 if exceeded)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ent_audit.audits.budget import BudgetError, load_budget
from ent_audit.crawler.commands.options import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    db_argument,
    db_help,
    error,
    print_budget,
)
from ent_audit.i18n import tr


def add_parser(commands: Any) -> None:
    check = commands.add_parser("check", help=tr("judge a stored run against a budget file (exit 1 if exceeded)"))
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", metavar="ID", help=tr("run id (printed by `ent-audit audit`)"))
    which.add_argument("--latest", action="store_true", help=tr("the latest run of the history store"))
    check.add_argument("--budget", type=Path, required=True, metavar="FILE", help=tr("budget file (TOML [budget])"))
    check.add_argument("--db", type=db_argument, help=db_help())
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ent_audit.crawler.launch import AuditError
    from ent_audit.crawler.runner import check_stored_run

    try:
        run_id, judged = check_stored_run(args.db, args.run, load_budget(args.budget))
    except (BudgetError, AuditError) as exc:
        error(exc)
        return EXIT_USAGE
    print(tr("run {run_id}").format(run_id=run_id))
    return EXIT_FAILURE if print_budget(judged) else EXIT_OK
