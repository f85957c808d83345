"""``ent-audit demo``: start the demo ENT on loopback and audit it as the demo pupil (``--hostile``: its attack
pages too)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ent_audit.crawler.commands.audit import tell
from ent_audit.crawler.commands.options import (
    add_crawl_options,
    check_fail_on,
    exit_codes_help,
    load_budget_option,
    log_level,
    one_line_errors,
)
from ent_audit.crawler.config import AuthConfig, Config
from ent_audit.i18n import tr

if TYPE_CHECKING:
    from ent_audit.crawler.runner import AuditOutcome


def add_parser(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help=tr("start the demo ENT on loopback and audit it as the demo pupil"), **exit_codes_help()
    )
    demo.add_argument(
        "--out", type=Path, default=Path("demo-report"), help=tr("output directory (default demo-report)")
    )
    demo.add_argument(
        "--hostile",
        action="store_true",
        help=tr(
            "the hostile demo: attack pages under /hostile/ that try to change data or log out "
            "(the report shows what was not followed for safety)"
        ),
    )
    add_crawl_options(demo)
    demo.set_defaults(handler=run)


def demo_config(base_url: str, hostile: bool = False) -> Config:
    os.environ["ENT_DEMO_USERNAME"], os.environ["ENT_DEMO_PASSWORD"] = _demo_credentials()
    site = "ENT de démonstration (hostile)" if hostile else "ENT de démonstration"
    config = Config(site=site, profile="élève", start_urls=[f"{base_url}/"])
    config.auth = AuthConfig(
        strategy="cas",
        login_url=f"{base_url}/cas/login?service={quote(base_url + '/', safe='')}",
        username_env="ENT_DEMO_USERNAME",
        password_env="ENT_DEMO_PASSWORD",
    )
    config.crawl.max_pages = 120 if hostile else 60  # the hostile hub adds about 40 pages two links from home
    return config


def _demo_credentials() -> tuple[str, str]:
    from ent_audit.demo_ent.server import DemoENT

    return DemoENT.USERNAME, DemoENT.PASSWORD


def _demo(args: argparse.Namespace) -> AuditOutcome:
    from ent_audit.crawler.runner import config_from_flags, run_audit
    from ent_audit.demo_ent.server import DemoENT

    budget = load_budget_option(args.budget, args.keep)  # before any crawl
    # the class pages (an album, a homework table, a heavy feed) make the report span EcoIndex grades A to F
    with DemoENT(hostile=args.hostile, class_pages=True).start() as ent:
        where = tr("hostile demo ENT: {url}") if args.hostile else tr("demo ENT: {url}")
        print(where.format(url=f"{ent.base_url}/"), file=sys.stderr)
        config = config_from_flags(
            demo_config(ent.base_url, args.hostile),
            [],
            args.max_pages,
            args.max_depth,
            args.concurrency,
            args.sample_pages,
            args.lighthouse,
            args.no_axe,
        )
        check_fail_on(args, config)
        return run_audit(
            config,
            args.out,
            args.db,
            progress=not args.quiet,
            log_level=log_level(args),
            lang=args.lang,
            budget=budget,
            keep=args.keep,
            wait=args.wait,
        )


def run(args: argparse.Namespace) -> int:
    outcome = one_line_errors(lambda: _demo(args))
    return outcome if isinstance(outcome, int) else tell(outcome, args)
