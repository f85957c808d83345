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
import os
import sys
from typing import Any, NoReturn

from ent_audit import __version__
from ent_audit.crawler import log_redaction
from ent_audit.crawler.commands import (
    audit,
    check,
    compare,
    compare_sites,
    completion,
    declare,
    demo,
    doctor,
    init,
    login,
    report,
    runs,
    schedule,
    worker,
)
from ent_audit.crawler.commands.language import HelpFormatter, choose, speak
from ent_audit.crawler.commands.options import EXIT_USAGE, exit_codes_help
from ent_audit.i18n import LANGUAGES, language, ptr, tr

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

SUBCOMMANDS = (
    audit,
    worker,
    login,
    report,
    declare,
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
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)  # metavars in the run's language
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # one line and exit 2, as for every other bad input
        self.exit(
            EXIT_USAGE,
            tr("ent-audit: error: {message} (see {prog} --help)").format(message=message, prog=self.prog) + "\n",
        )


def _add_lang(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=tr("language of the terminal and the report (default: the locale's, else fr)"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line, its help in the run's language (:func:`language.speak` first)."""
    parser = _Parser(
        prog="ent-audit",
        description=tr("Sobriety and accessibility audit of an ENT."),
        **exit_codes_help(),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ent-audit {__version__}",
        help=tr("show the version of ent-audit and exit"),
    )
    _add_lang(parser, language())
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, title=tr("commands"), metavar=ptr("metavar", "COMMAND")
    )
    for subcommand in SUBCOMMANDS:
        subcommand.add_parser(commands)
    for sub in commands.choices.values():  # --lang after the subcommand too; the one chosen is main's (args.lang)
        if "--lang" not in sub._option_string_actions:  # a subcommand that declares its own keeps it
            _add_lang(sub, argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    speak(choose(argv, os.environ))  # before the parser: its help is in that language
    args = build_parser().parse_args(argv)
    args.lang = language()
    log_redaction.install()  # before Scrapy logs a URL with a session id in it
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
