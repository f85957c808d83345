"""``ent-audit report``: a stored run's report and exports written again, without crawling."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, db_argument, db_help, one_line_errors
from ent_audit.i18n import tr


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help=tr("write a stored run's report and exports again, without crawling"))
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", metavar="ID", help=tr("run id (printed by `ent-audit audit`)"))
    which.add_argument("--latest", action="store_true", help=tr("the latest run of the history store"))
    report.add_argument("--db", type=db_argument, help=db_help())
    report.add_argument(
        "--format",
        default="html,json,csv,junit,codequality",
        help=tr("comma-separated: html, json, csv, junit, codequality, pdf (default: all but pdf)"),
    )
    report.add_argument("--out", type=Path, required=True, help=tr("output directory"))
    report.set_defaults(handler=run)


def _report(args: argparse.Namespace) -> int:
    from ent_audit.crawler.runner import render_from_store

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    for path in render_from_store(args.db, args.run, formats, args.out, args.lang):
        print(path)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return one_line_errors(lambda: _report(args))
