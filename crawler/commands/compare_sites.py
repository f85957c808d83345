"""``ent-audit compare-sites``: audit several ENTs (``--config``, one audit each) and/or take the latest finished
run of others from the history store (``--site``), then write them side by side by page kind
(``reports/sites.py``): ``compare-sites.html`` and ``compare-sites.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ent_audit.audits.tomlfile import read_toml
from ent_audit.crawler.commands.options import EXIT_OK, db_argument, db_help, log_level, one_line_errors
from ent_audit.crawler.config import ConfigError, load_config, parse_kinds, validate
from ent_audit.i18n import tr
from ent_audit.reports.files import atomic_write

if TYPE_CHECKING:
    from ent_audit.reports.store import Store


def add_parser(commands: Any) -> None:
    sites = commands.add_parser("compare-sites", help=tr("several ENTs side by side by page kind (vendor benchmark)"))
    sites.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="NAME",
        help=tr("the latest finished run of this site in the history store (repeatable)"),
    )
    sites.add_argument(
        "--config",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help=tr("audit this ENT first, then compare its run (repeatable)"),
    )
    sites.add_argument(
        "--kinds",
        type=Path,
        metavar="FILE",
        help=tr("TOML file with a [kinds] table (default: the first config's, else usual ENT addresses)"),
    )
    sites.add_argument("--db", type=db_argument, help=db_help())
    sites.add_argument("--out", type=Path, required=True, help=tr("directory for compare-sites.html and .json"))
    sites.add_argument("--quiet", action="store_true", help=tr("no progress line"))
    sites.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    def compare() -> int:
        for path in compare_sites_command(
            args.site,
            args.config,
            args.kinds,
            args.out,
            args.db,
            lang=args.lang,
            progress=not args.quiet,
            log_level=log_level(args),
        ):
            print(path)
        return EXIT_OK

    return one_line_errors(compare)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "site"


def load_kinds(path: Path) -> dict[str, list[str]]:
    """A TOML file's ``[kinds]`` table (a config file works: its other tables are ignored here)."""
    data = read_toml(path, "kinds", "--kinds", ConfigError)
    if "kinds" not in data:
        raise ConfigError(
            tr('kinds file {path} has no [kinds] table: add one, e.g. messagerie = ["/messagerie/*"]').format(path=path)
        )
    return parse_kinds(data["kinds"], str(path))


def _latest_finished(store: Store, site: str) -> str:
    from ent_audit.crawler.launch import AuditError

    runs = [
        r
        for r in store.runs()
        if r["site"].casefold() == site.casefold() and r["status"] == "finished" and not r.get("pruned_at")
    ]
    if not runs:
        raise AuditError(
            tr(
                "no finished run of site '{site}' with its pages in the history store: "
                "audit it first (or give its config with --config)"
            ).format(site=site)
        )
    latest: str = runs[-1]["id"]
    return latest


def compare_sites_command(
    sites: list[str],
    configs: list[Path],
    kinds_path: Path | None,
    out_dir: Path,
    db_path: Path | str | None = None,
    *,
    lang: str = "fr",
    progress: bool = True,
    log_level: str = "WARNING",
) -> list[Path]:
    """Audit each config, then compare its run with the latest runs of ``sites``; returns the files written."""
    from ent_audit.crawler.launch import AuditError, db_location, open_store
    from ent_audit.crawler.runner import prepare_output, run_audit
    from ent_audit.reports.render import render_sites
    from ent_audit.reports.results import build_results
    from ent_audit.reports.sites import DEFAULT_KINDS, compare_sites

    if len(sites) + len(configs) < 2:
        raise AuditError(
            tr("compare-sites needs at least two ENTs: give --site NAME and/or --config FILE, twice or more")
        )
    loaded = [validate(load_config(path)) for path in configs]  # every config checked before any crawl
    kinds = load_kinds(kinds_path) if kinds_path else next((c.kinds for c in loaded if c.kinds), DEFAULT_KINDS)
    out_dir = prepare_output(Path(out_dir))
    location = db_location(db_path)  # a SQLite path or a postgresql:// URL
    run_ids = [
        run_audit(
            config,
            out_dir / _slug(config.site or path.stem),
            location,
            progress=progress,
            log_level=log_level,
            lang=lang,
        ).run_id
        for config, path in zip(loaded, configs, strict=True)
    ]
    store = open_store(location)
    try:
        run_ids += [_latest_finished(store, site) for site in sites]
        comparison = compare_sites([build_results(store, run_id) for run_id in run_ids], kinds)
    finally:
        store.close()
    written = []
    for name, text in (
        (
            "compare-sites.json",
            json.dumps({"kinds_patterns": kinds, **comparison}, ensure_ascii=False, indent=2) + "\n",
        ),
        ("compare-sites.html", render_sites(comparison, lang)),
    ):
        written.append(atomic_write(out_dir / name, text))
    return written
