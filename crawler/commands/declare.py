"""``ent-audit declare --run ID|latest [--config FILE] [--db STORE] --out DIR``: the draft declarations of a stored
run (reports/declarations/), without crawling: the déclaration d'accessibilité in HTML and Markdown (and the
déclaration d'écoconception where its writer is installed). What only a person can state comes from the config's
``[declaration]`` table; the drafts are in French, the terminal lines in the run's language. One line per file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, db_argument, db_help, exit_codes_help, one_line_errors
from ent_audit.i18n import tr

LATEST = "latest"


def add_parser(commands: Any) -> None:
    declare = commands.add_parser(
        "declare",
        help=tr("write the draft accessibility statement (HTML, Markdown) of a stored run, without crawling"),
        **exit_codes_help(),
    )
    declare.add_argument(
        "--run", metavar="ID", required=True, help=tr("run id (printed by `ent-audit audit`), or latest")
    )
    declare.add_argument(
        "--config", type=Path, metavar="FILE", help=tr("config file whose [declaration] table fills the drafts")
    )
    declare.add_argument("--db", type=db_argument, help=db_help())
    declare.add_argument("--out", type=Path, required=True, help=tr("output directory"))
    declare.set_defaults(handler=run)


def _declare(args: argparse.Namespace) -> int:
    from ent_audit.crawler.config import load_config
    from ent_audit.crawler.launch import AuditError
    from ent_audit.crawler.runner import OutputError, prepare_output, stored_run
    from ent_audit.reports.declarations import write_declarations
    from ent_audit.reports.declarations.accessibility import DeclarationError
    from ent_audit.reports.declarations.ara import AraReportError
    from ent_audit.reports.declarations.ecodesign import previous_scores
    from ent_audit.reports.results import build_results

    declaration = load_config(args.config).declaration  # a bad file: ConfigError, exit 2, before the store is read
    if declaration.ara_report and args.config is not None:  # relative to the config file, as a person writes it
        declaration = replace(declaration, ara_report=str(args.config.parent / Path(declaration.ara_report)))
    run_id = None if args.run == LATEST else args.run
    with stored_run(args.db, run_id) as (store, run_id):
        results = build_results(store, run_id)
        history = previous_scores(store, run_id)  # the eco-design draft's earlier scores
    out_dir = prepare_output(args.out)
    try:
        paths, left_out = write_declarations(results, declaration, history, out_dir)
    except (DeclarationError, AraReportError) as exc:
        raise AuditError(str(exc)) from None
    except OSError as exc:
        raise OutputError(
            tr("cannot write the declarations in {out_dir} ({strerror})").format(
                out_dir=out_dir, strerror=exc.strerror or type(exc).__name__
            )
        ) from None
    if not paths:  # nothing could be drafted: bad input
        raise AuditError("; ".join(left_out))
    for reason in left_out:  # e.g. a --no-axe run: its eco-design declaration, no accessibility statement
        print(tr("no accessibility statement: {reason}").format(reason=reason), file=sys.stderr)
    for path in paths:
        print(path)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return one_line_errors(lambda: _declare(args))
