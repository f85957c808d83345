"""The ``ent-audit`` command.

Exit codes: 0 audit done; 2 bad input (URL, config, unreachable site, login refused); 1 results that could not be
written (the pages stay in the store). Always one line on stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

from crawler import __version__
from crawler.config import AuthConfig, Config, ConfigError, load_config

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, as for every other bad input
        self.exit(EXIT_USAGE, f"ent-audit: error: {message} (see ent-audit {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ent-audit", description="Audit de sobriété et d'accessibilité d'un ENT.")
    parser.add_argument("--version", action="version", version=f"ent-audit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", type=Path, help="history store (SQLite file); default ~/.local/share/ent-audit/")
        sub.add_argument("--max-pages", type=_positive, help="pages to audit at most")
        sub.add_argument("--max-depth", type=_positive, help="link depth from the start URLs (0: only them)")
        sub.add_argument("--concurrency", type=_positive, help="pages loaded at once (default 2)")
        sub.add_argument("--lighthouse", type=_positive, metavar="N",
                         help="run Lighthouse after the crawl on the first page of N templates (default 5; 0: off)")
        sub.add_argument("--sample-pages", type=_positive,
                         help="templates whose first page is loaded again: warm cache and 512 kbit/s (default 5)")
        sub.add_argument("--quiet", action="store_true", help="no progress line")
        sub.add_argument("--verbose", action="store_true", help="Scrapy's log on stderr")
        sub.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")

    audit = commands.add_parser("audit", help="audit an ENT from one or more URLs")
    audit.add_argument("urls", nargs="*", metavar="URL", help="start URLs (or start_urls in the config)")
    audit.add_argument("--out", type=Path, required=True, help="directory for report.html and results.json")
    audit.add_argument("--config", type=Path, help="TOML configuration file")
    audit.add_argument("--resume", action="store_true",
                       help="continue the last interrupted run of these URLs without re-auditing stored pages")
    audit.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt (logged)")
    common(audit)

    login = commands.add_parser("login", help="log in once with the config's strategy and save the session")
    login.add_argument("--config", type=Path, required=True, help="TOML configuration file")
    login.add_argument("--save", type=Path, required=True, metavar="STATE",
                       help="storage-state file to write (mode 0600), for [auth] strategy = \"storage_state\"")
    login.add_argument("--profile", default="", help="which [[profiles]] entry (default: the first)")

    report = commands.add_parser("report", help="write a stored run's report and exports again, without crawling")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", metavar="ID", help="run id (printed by `ent-audit audit`)")
    which.add_argument("--latest", action="store_true", help="the latest run of the history store")
    report.add_argument("--db", type=Path, help="history store (SQLite file); default ~/.local/share/ent-audit/")
    report.add_argument("--format", default="html,json,csv,junit,codequality",
                        help="comma-separated: html, json, csv, junit, codequality, pdf (default: all but pdf)")
    report.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")
    report.add_argument("--out", type=Path, required=True, help="output directory")

    demo = commands.add_parser("demo", help="start the demo ENT on loopback and audit it as the demo pupil")
    demo.add_argument("--out", type=Path, default=Path("demo-report"), help="output directory (default demo-report)")
    common(demo)
    return parser


def demo_config(base_url: str) -> Config:
    os.environ["ENT_DEMO_USERNAME"], os.environ["ENT_DEMO_PASSWORD"] = _demo_credentials()
    config = Config(site="ENT de démonstration", profile="élève", start_urls=[f"{base_url}/"])
    config.auth = AuthConfig(strategy="cas", login_url=f"{base_url}/cas/login?service={quote(base_url + '/', safe='')}",
                             username_env="ENT_DEMO_USERNAME", password_env="ENT_DEMO_PASSWORD")
    config.crawl.max_pages = 60
    return config


def _demo_credentials() -> tuple[str, str]:
    from demo_ent.server import DemoENT
    return DemoENT.USERNAME, DemoENT.PASSWORD


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from crawler.runner import AuditError, OutputError, config_from_flags, run_audit  # Scrapy loads when needed

    log_level = "INFO" if getattr(args, "verbose", False) else "WARNING"
    try:
        if args.command == "demo":
            from demo_ent.server import DemoENT
            with DemoENT().start() as ent:
                print(f"ENT de démonstration : {ent.base_url}/", file=sys.stderr)
                config = config_from_flags(demo_config(ent.base_url), [], args.max_pages, args.max_depth,
                                           args.concurrency, args.sample_pages,
                                           args.lighthouse)
                outcome = run_audit(config, args.out, args.db, progress=not args.quiet, log_level=log_level,
                                    lang=args.lang)
        elif args.command == "report":
            from crawler.runner import render_from_store
            formats = [f.strip() for f in args.format.split(",") if f.strip()]
            for path in render_from_store(args.db, args.run, formats, args.out, args.lang):
                print(path)
            return EXIT_OK
        elif args.command == "login":
            from crawler.runner import save_login
            path = save_login(load_config(args.config), args.profile, args.save)
            print(path)
            return EXIT_OK
        else:
            config = config_from_flags(load_config(args.config), args.urls, args.max_pages, args.max_depth,
                                       args.concurrency, args.sample_pages,
                                           args.lighthouse)
            if args.ignore_robots:
                config.crawl.obey_robots = False
            outcome = run_audit(config, args.out, args.db, progress=not args.quiet, log_level=log_level,
                                resume=args.resume, lang=args.lang)
    except (ConfigError, AuditError) as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"ent-audit: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("ent-audit: interrupted; pages already measured are in the store", file=sys.stderr)
        return 130
    print(f"{outcome.pages} pages auditées ({outcome.errors} en erreur), run {outcome.run_id}", file=sys.stderr)
    print(outcome.report_path)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
