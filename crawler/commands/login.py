"""``ent-audit login --save STATE``: log in once with the config's strategy and keep the session's cookies, for
``[auth] strategy = "storage_state"``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, one_line_errors
from ent_audit.crawler.config import load_config
from ent_audit.i18n import tr


def add_parser(commands: Any) -> None:
    login = commands.add_parser("login", help=tr("log in once with the config's strategy and save the session"))
    login.add_argument("--config", type=Path, required=True, help=tr("TOML configuration file"))
    login.add_argument(
        "--save",
        type=Path,
        required=True,
        metavar="STATE",
        help=tr('storage-state file to write (mode 0600), for [auth] strategy = "storage_state"'),
    )
    login.add_argument("--profile", default="", help=tr("which [[profiles]] entry (default: the first)"))
    login.set_defaults(handler=run)


def _login(args: argparse.Namespace) -> int:
    from ent_audit.crawler.runner import save_login

    path = save_login(load_config(args.config), args.profile, args.save)
    print(path)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return one_line_errors(lambda: _login(args))
