"""What the subcommands share: exit codes, argument types, the crawl options, the budget file, --fail-on, and the
one-line errors of the commands that crawl or write outputs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from ent_audit.audits import thresholds
from ent_audit.audits.budget import Budget, BudgetError, load_budget, skipped_notes, summary_line
from ent_audit.crawler.commands.language import HelpFormatter
from ent_audit.crawler.config import Config, ConfigError
from ent_audit.i18n import N_, language, tr

if TYPE_CHECKING:
    from ent_audit.crawler.runner import BudgetOutcome

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_CANNOT_RUN = 3  # the input was right but the run could not be done (launch.CannotRun, engines.EngineMissing)
EXIT_OUTPUT = 4  # an output could not be written (runner.OutputError)
EXIT_INTERRUPTED = 130
EXIT_CODES = (  # ent-audit --help's epilog and the README's table
    (EXIT_OK, N_("done")),
    (EXIT_FAILURE, N_("a --budget or --fail-on threshold failed (the outputs are written)")),
    (EXIT_USAGE, N_("usage or config error (bad flag, URL, config, budget file, --fail-on condition)")),
    (
        EXIT_CANNOT_RUN,
        N_("the run could not be done: site unreachable, login failed, engine missing, site being audited"),
    ),
    (
        EXIT_OUTPUT,
        N_("an output could not be written (--out not writable, disk full); measured pages stay in the store"),
    ),
    (EXIT_INTERRUPTED, N_("interrupted (Ctrl-C)")),
)


def db_help() -> str:
    return tr("history store: SQLite file or postgresql:// URL; default ~/.local/share/ent-audit/history.sqlite")


def exit_codes_help() -> dict[str, object]:
    """The keywords that end a parser's --help with the exit codes."""
    return {
        "epilog": tr("exit codes:")
        + "\n"
        + "\n".join(f"  {code:<4} {meaning.translate(language())}" for code, meaning in EXIT_CODES),
        "formatter_class": HelpFormatter,
    }


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("'{text}' is not a whole number").format(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(tr("'{text}' must be 0 or more").format(text=text))
    return value


def at_least_one(text: str) -> int:
    value = positive(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            tr("'{text}' must be 1 or more (the run just made is always kept)").format(text=text)
        )
    return value


def percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("'{text}' is not a number").format(text=text)) from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(tr("'{text}' must be 0 or more").format(text=text))
    return value


def db_argument(text: str) -> Path | str:
    """--db: a SQLite file, or a PostgreSQL URL (postgresql://user@host:port/db) kept as text."""
    from ent_audit.reports.store import is_db_url

    return text if is_db_url(text) else Path(text)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("'{text}' is not a number of seconds").format(text=text)) from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(tr("'{text}' must be 0 or more").format(text=text))
    return value


def add_crawl_options(sub: argparse.ArgumentParser) -> None:
    """The options of the commands that crawl (audit, demo)."""
    sub.add_argument("--db", type=db_argument, help=db_help())
    sub.add_argument("--max-pages", type=positive, help=tr("pages to audit at most"))
    sub.add_argument("--max-depth", type=positive, help=tr("link depth from the start URLs (0: only them)"))
    sub.add_argument("--concurrency", type=positive, help=tr("pages loaded at once (default 2)"))
    sub.add_argument(
        "--lighthouse",
        type=positive,
        metavar="N",
        help=tr(
            "run Lighthouse after the crawl on the first page of N templates (default 5; 0: off). Not found: "
            "exit 3 before the crawl"
        ),
    )
    sub.add_argument(
        "--no-axe",
        action="store_true",
        help=tr(
            "do not test accessibility (axe-core and the RGAA checks); the report says it was not tested. "
            "Without it, axe-core not found: exit 3 before the crawl"
        ),
    )
    sub.add_argument(
        "--sample-pages",
        type=positive,
        help=tr("templates whose first page is loaded again: warm cache and 512 kbit/s (default 5)"),
    )
    sub.add_argument("--quiet", action="store_true", help=tr("no progress line"))
    sub.add_argument("--verbose", action="store_true", help=tr("Scrapy's log on stderr"))
    sub.add_argument(
        "--budget",
        type=Path,
        metavar="FILE",
        help=tr("budget file (TOML [budget]): checked before the crawl, judged after; exit 1 if exceeded"),
    )
    sub.add_argument(
        "--keep",
        type=at_least_one,
        metavar="N",
        help=tr("after the run, keep the page details of the N latest runs of this site and profile"),
    )
    sub.add_argument(
        "--wait",
        action="store_true",
        help=tr("when an audit of the same origin and profile is running, wait for it instead of stopping"),
    )
    add_fail_on(sub)


def fail_on_help() -> str:
    return tr(
        "exit 1 when a threshold fails, one line each (comma-separated, repeatable): a11y-critical=N (also "
        "a11y-serious, a11y-moderate, a11y-minor, a11y: more than N axe violations, a rule failed on a page), "
        "requests>N, weight>SIZE (a page over it, e.g. 2MB), errors>N (pages in error), ecoindex<GRADE (a page graded "
        "worse, e.g. ecoindex<C fails on D to G), session-lost (a blocked write cost a session). Never passes on what "
        "was not measured: an a11y threshold fails when accessibility was not tested"
    )


def fail_on_argument(text: str) -> list[thresholds.Threshold]:
    try:
        return thresholds.parse(text)
    except thresholds.ThresholdError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_fail_on(sub: argparse.ArgumentParser) -> None:
    """--fail-on CONDITION[,CONDITION…], repeatable: read (a bad one: exit 2) before any crawl."""
    sub.add_argument(
        "--fail-on", action="append", type=fail_on_argument, default=[], metavar="CONDITION", help=fail_on_help()
    )


def interrupted_line() -> str:
    return tr("ent-audit: interrupted; pages already measured are in the store")


def fail_on(args: argparse.Namespace) -> list[thresholds.Threshold]:
    """The --fail-on conditions of every use of the flag, in order."""
    return [threshold for given in getattr(args, "fail_on", []) for threshold in given]


def check_fail_on(args: argparse.Namespace, config: Config) -> None:
    """Before the crawl: an accessibility threshold with accessibility turned off would fail whatever the site does
    (a usage error, exit 2, rather than a whole crawl that can only fail)."""
    from ent_audit.crawler.launch import AuditError

    if not config.capture.accessibility:
        for threshold in fail_on(args):
            if threshold.needs_accessibility:
                raise AuditError(
                    tr(
                        "--fail-on {spec} needs the accessibility test, which --no-axe (or [capture] "
                        "accessibility = false) turns off: drop one of the two"
                    ).format(spec=threshold.spec)
                )


def print_fail_on(args: argparse.Namespace, results: dict[str, Any], stream: TextIO | None = None) -> bool:
    """The --fail-on thresholds judged on a run's results: one line per failed one (stderr unless ``stream``);
    True when one failed."""
    failed = [v for v in thresholds.judge(fail_on(args), results) if v.failed]
    for verdict in failed:
        print(tr("ent-audit: {line}").format(line=verdict.line()), file=stream or sys.stderr)
    return bool(failed)


def log_level(args: argparse.Namespace) -> str:
    return "INFO" if getattr(args, "verbose", False) else "WARNING"


def error(message: object) -> None:
    print(tr("ent-audit: error: {message}").format(message=message), file=sys.stderr)


def load_budget_option(path: Path | None, keep: int | None = None) -> Budget | None:
    """--budget read and checked before anything runs (a bad file: BudgetError, one line, exit 2)."""
    if path is None:
        return None
    budget = load_budget(path)
    if keep == 1 and any("max_regression_pct" in limits for limits in (budget.limits, *budget.templates.values())):
        raise BudgetError(
            tr(
                "{path}: max_regression_pct compares with the previous run, whose pages "
                "--keep 1 removes: use --keep 2 or more"
            ).format(path=path)
        )
    return budget


def print_budget(judged: BudgetOutcome, stream: TextIO | None = None) -> bool:
    """One line per broken budget, notes, then a summary (stdout unless ``stream``); True when one is exceeded."""
    stream = stream or sys.stdout
    for check in judged.checks:
        if check.broken:
            print(f"{check.page}: {check.describe(language())}", file=stream)
    for template in judged.unused:
        print(
            tr('note: template "{template}" of {source} matches no page of the run').format(
                template=template, source=judged.source
            ),
            file=stream,
        )
    for note in skipped_notes(judged.checks):
        print(tr("note: {note}").format(note=note), file=stream)
    print(summary_line(judged.checks, judged.source), file=stream)
    return any(check.broken for check in judged.checks)


Result = TypeVar("Result")


def one_line_errors(step: Callable[[], Result]) -> Result | int:
    """``step()``, or the exit code of its one-line error: bad input (config, budget) 2; the run impossible (site
    unreachable, login failed, an engine missing, the site already being audited) 3; an output not written 4;
    interrupted 130. For the commands that may crawl or write outputs; Scrapy loads here, when needed.
    """
    from ent_audit.crawler.engines import EngineMissing
    from ent_audit.crawler.launch import AuditError, CannotRun
    from ent_audit.crawler.runner import OutputError

    try:
        return step()
    except (CannotRun, EngineMissing) as exc:
        error(exc)
        return EXIT_CANNOT_RUN
    except (ConfigError, AuditError, BudgetError) as exc:
        error(exc)
        return EXIT_USAGE
    except OutputError as exc:
        error(exc)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print(interrupted_line(), file=sys.stderr)
        return EXIT_INTERRUPTED
