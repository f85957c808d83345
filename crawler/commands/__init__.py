"""The ``ent-audit`` command: one module per subcommand in this package, each adding its parser (``add_parser``) and
the function that runs it; ``build_parser`` assembles them in the order of SUBCOMMANDS (the order of ``--help``).

Exit codes (options.EXIT_CODES, shown by ``ent-audit --help``): 0 done; 1 a --budget exceeded or a --fail-on
threshold failed (audits/thresholds.py; the outputs are written); 2 bad input (a flag, URL, config, budget file,
--fail-on condition: launch.AuditError, config.ConfigError); 3 the run could not be done although its input was right
(site unreachable, login failed, an engine missing, the same origin and profile already being audited:
launch.CannotRun, engines.EngineMissing); 4 an output could not be written (runner.OutputError; the pages stay in the
store); 130 interrupted. Errors are always one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from ent_audit import __version__
from ent_audit.crawler import log_redaction
from ent_audit.crawler.commands import (
    audit,
    check,
    compare,
    compare_sites,
    completion,
    demo,
    doctor,
    init,
    login,
    report,
    runs,
    schedule,
    worker,
)
from ent_audit.crawler.commands.options import EXIT_USAGE, exit_codes_help

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

SUBCOMMANDS = (
    audit,
    worker,
    login,
    report,
    runs,
    compare,
    compare_sites,
    demo,
    check,
    schedule,
    doctor,
    init,
    completion,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line and exit 2, as for every other bad input
        self.exit(EXIT_USAGE, f"ent-audit: error: {message} (see ent-audit {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ent-audit",
        description="Audit de sobriété et d'accessibilité d'un ENT.",
        **exit_codes_help(),  # type: ignore[arg-type]
    )
    parser.add_argument("--version", action="version", version=f"ent-audit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for subcommand in SUBCOMMANDS:
        subcommand.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_redaction.install()  # before Scrapy logs a URL with a session id in it
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
