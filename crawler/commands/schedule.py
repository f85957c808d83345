"""``ent-audit schedule``: the files that run an audit every night, written for the user to read and install.

A systemd user service and timer (and, with --install, written to ~/.config/systemd/user/), the equivalent
crontab line, and a GitLab CI scheduled-pipeline job. Passwords never appear in any of them: the service reads
an EnvironmentFile (mode 0600) that the user fills in, cron sources the same file, GitLab CI uses its masked
variables. Paths are absolute, since timers and cron do not start where the user typed the command.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_audit.audits.budget import BudgetError
from ent_audit.crawler.commands.options import (
    EXIT_OK,
    EXIT_USAGE,
    at_least_one,
    db_argument,
    db_help,
    error,
    load_budget_option,
)
from ent_audit.crawler.config import Config, ConfigError, load_config
from ent_audit.crawler.paths import default_db_path
from ent_audit.crawler.urls import site_of
from ent_audit.i18n import tr

_AT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
RANDOM_DELAY = "5min"  # spreads many sites scheduled at the same minute a little; small enough to stay "at HH:MM"
START_TIMEOUT = "6h"  # a hung run would otherwise block every following night (the timer skips an active service)


def parse_at(text: str) -> tuple[int, int]:
    """ "02:30" → (2, 30); ValueError with the fix otherwise."""
    match = _AT.match(text.strip())
    if not match:
        raise ValueError(
            tr("--at '{text}' is not a time of day: give HH:MM between 00:00 and 23:59, e.g. --at 02:30").format(
                text=text
            )
        )
    return int(match.group(1)), int(match.group(2))


def unit_name(site: str, profile: str) -> str:
    """``ent-audit-college-exemple-eleve``: ASCII, so the name is safe for systemd, cron and shells."""
    text = unicodedata.normalize("NFKD", f"{site} {profile}").encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return f"ent-audit-{slug}" if slug else "ent-audit-nightly"


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def ent_audit_command() -> list[str]:
    """This installation's ``ent-audit``, absolute (not resolved: a venv's python is a symlink out of it)."""
    beside = Path(os.path.abspath(sys.executable)).with_name("ent-audit")
    if beside.exists():
        return [str(beside)]
    return [os.path.abspath(sys.executable), "-m", "ent_audit"]


def env_names(config: Config) -> list[str]:
    """The environment variables the config reads credentials from (names only, from [auth] and [[profiles]])."""
    names = [config.auth.username_env, config.auth.password_env]
    for profile in config.profiles:
        names += [profile.username_env, profile.password_env]
    return [name for name in dict.fromkeys(names) if name]


def _systemd_arg(arg: str) -> str:
    """One ExecStart argument: % and $ are specifiers and variables to systemd; quote only when needed."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not re.search(r"[\s\"'\\;]", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _systemd_path(path: Path) -> str:
    """A path setting (WorkingDirectory=, EnvironmentFile=) takes the rest of the line as is, spaces included,
    and no quotes; only specifiers need escaping."""
    return str(path).replace("%", "%%")


def _cron_arg(arg: str) -> str:
    return shlex.quote(arg).replace("%", "\\%")  # an unescaped % ends the command in a crontab line


@dataclass
class Schedule:
    name: str
    service: str
    timer: str
    env_file: Path
    env_names: list[str]
    crontab: str
    gitlab_ci: str

    def env_template(self) -> str:
        return (
            "# ent-audit credentials (mode 0600). Values in single quotes if they hold spaces or symbols.\n"
            + "".join(f"{name}=\n" for name in self.env_names)
        )


def _relative(path: Path, base: Path) -> str:
    """A path as a CI job inside the repository sees it (relative), or its name when it lies outside."""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return path.name


_YAML_PLAIN = re.compile(r"^[A-Za-z0-9._/-]+$")
CI_OUT = "ent-audit-report"
CI_DB = ".ent-audit/history.sqlite"


def _yaml_path(path: str) -> str:
    """A path as a YAML scalar: plain when it is only letters, digits and ``._/-``, else double-quoted (JSON's
    quoting is YAML's)."""
    return path if _YAML_PLAIN.match(path) else json.dumps(path)


def _ci_place(option: str, given: Path | None, default: str, base: Path) -> tuple[str, list[str]]:
    """Where the CI job writes what ``--out`` or ``--db`` names: the given path relative to the repository (the
    job's directory), the default when none was given. A path outside the repository cannot be used there (GitLab
    keeps artifacts and caches inside the project only): the default, and a comment line that says so."""
    if given is None:
        return default, []
    try:
        return str(given.relative_to(base)), []
    except ValueError:
        return default, [f"# {option} {given} lies outside the repository: in CI the job uses {default} instead."]


def build(
    config: Config,
    config_path: Path,
    at: tuple[int, int],
    *,
    out: Path | None = None,
    db: Path | None = None,
    keep: int | None = None,
    budget: Path | None = None,
    workdir: Path | None = None,
    command: list[str] | None = None,
) -> Schedule:
    """Every file, as text, for one site and profile audited every day at ``at`` (local time)."""
    if not config.start_urls:
        raise ConfigError(
            tr("{config_path}: a scheduled audit needs start_urls in the config file").format(config_path=config_path)
        )
    site = config.site or site_of(config.start_urls[0])
    profile = config.profile_label()
    name = unit_name(site, profile)
    workdir = Path(os.path.abspath(workdir or Path.cwd()))
    config_path = Path(os.path.abspath(config_path))
    given_out = Path(os.path.abspath(out)) if out else None
    given_db = Path(os.path.abspath(db)) if db else None
    db = given_db or Path(os.path.abspath(default_db_path()))
    out = given_out or db.parent / "reports" / name
    budget = Path(os.path.abspath(budget)) if budget else None
    command = command or ent_audit_command()
    options = ["--config", str(config_path), "--out", str(out), "--db", str(db)]
    options += ["--keep", str(keep)] if keep else []
    options += ["--budget", str(budget)] if budget else []
    argv = [*command, "audit", *options, "--quiet"]
    names = env_names(config)
    env_file = config_home() / "ent-audit" / f"{name}.env"
    hour, minute = at
    who = f"{site} ({profile})" if profile else site
    who_unit = who.replace("%", "%%")

    service = "\n".join(
        [
            f"# {name}.service: one audit of {who}, started by {name}.timer",
            "# Exit status (unit failed): 1 the budget exceeded, 2 bad input, 3 the run could not be done, 4 "
            "results not written.",
            "[Unit]",
            f"Description=ent-audit: audit of {who_unit}",
            "",
            "[Service]",
            "Type=oneshot",
            f"WorkingDirectory={_systemd_path(workdir)}",
            *([f"EnvironmentFile={_systemd_path(env_file)}"] if names else []),
            f"ExecStart={' '.join(_systemd_arg(a) for a in argv)}",
            f"TimeoutStartSec={START_TIMEOUT}",
            "Nice=10",
            "",
        ]
    )
    timer = "\n".join(
        [
            f"# {name}.timer: every day at {hour:02d}:{minute:02d} (local time), caught up after a shutdown",
            "[Unit]",
            f"Description=ent-audit: nightly audit of {who_unit}",
            "",
            "[Timer]",
            f"OnCalendar=*-*-* {hour:02d}:{minute:02d}:00",
            "Persistent=true",
            f"RandomizedDelaySec={RANDOM_DELAY}",
            f"Unit={name}.service",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    log = db.parent / f"{name}.log"
    source = f"set -a && . {_cron_arg(str(env_file))} && set +a && " if names else ""
    crontab = (
        f"{minute} {hour} * * * cd {_cron_arg(str(workdir))} && {source}"
        f"{' '.join(_cron_arg(a) for a in argv)} >> {_cron_arg(str(log))} 2>&1\n"
    )

    report_dir, out_note = _ci_place("--out", given_out, CI_OUT, workdir)
    ci_db, db_note = _ci_place("--db", given_db, CI_DB, workdir)
    ci_cache = f"{Path(ci_db).parent}/" if Path(ci_db).parent != Path(".") else ci_db  # the lock file lies beside
    ci_options = ["--config", _relative(config_path, workdir), "--out", report_dir, "--db", ci_db]
    ci_options += ["--keep", str(keep)] if keep else []
    ci_options += ["--budget", _relative(budget, workdir)] if budget else []
    variables = ", ".join(names) if names else "(none: this config logs in without credentials)"
    gitlab_ci = "\n".join(
        [
            f"# .gitlab-ci.yml: nightly audit of {who} in a scheduled pipeline.",
            f'# Build > Pipeline schedules > New schedule: interval pattern "{minute} {hour} * * *" '
            "and your time zone.",
            f"# Settings > CI/CD > Variables, masked and protected: {variables}. Never in this file.",
            "# The job's image needs ent-audit and Chromium (make setup of ent-audit on Debian). "
            "The history store lives",
            "# in the job cache: best effort, so the budget's max_regression_pct may find no previous run.",
            *out_note,
            *db_note,
            "ent-audit-nightly:",
            "  rules:",
            '    - if: $CI_PIPELINE_SOURCE == "schedule"',
            "  script:",
            f"    - ent-audit audit {' '.join(shlex.quote(a) for a in ci_options)} --quiet",
            "  cache:",
            "    key: ent-audit-history",
            "    paths:",
            f"      - {_yaml_path(ci_cache)}",
            "  artifacts:",
            "    when: always",
            "    expire_in: 30 days",
            "    paths:",
            f"      - {_yaml_path(report_dir + '/')}",
            "    reports:",
            f"      junit: {_yaml_path(report_dir + '/junit.xml')}",
            f"      codequality: {_yaml_path(report_dir + '/gl-code-quality.json')}",
            "",
        ]
    )
    return Schedule(name, service, timer, env_file, names, crontab, gitlab_ci)


def unit_dir() -> Path:
    return config_home() / "systemd" / "user"


def install(schedule: Schedule) -> list[Path]:
    """Write the service and timer into the user's systemd directory, and an empty credentials file (mode 0600)
    when there is none yet (never overwritten: it may hold the passwords)."""
    directory = unit_dir()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in ((".service", schedule.service), (".timer", schedule.timer)):
        path = directory / f"{schedule.name}{suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if schedule.env_names and not schedule.env_file.exists():
        schedule.env_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(schedule.env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(schedule.env_template())
        written.append(schedule.env_file)
    return written


def describe(schedule: Schedule, installed: list[Path] | None = None) -> str:
    """What ``ent-audit schedule`` prints: each file under a header, then the commands to enable the timer."""
    directory = unit_dir()
    parts = [
        f"### {directory / (schedule.name + '.service')}\n{schedule.service}",
        f"### {directory / (schedule.name + '.timer')}\n{schedule.timer}",
    ]
    if schedule.env_names:
        parts.append(
            "### "
            + tr("{file} (mode 0600: chmod 600; the passwords go here, nowhere else)").format(file=schedule.env_file)
            + f"\n{schedule.env_template()}"
        )
    parts.append("### " + tr("crontab -e (instead of the timer; same credentials file)") + f"\n{schedule.crontab}")
    parts.append("### " + tr(".gitlab-ci.yml (GitLab scheduled pipeline)") + f"\n{schedule.gitlab_ci}")
    if installed is not None:
        steps = ["# " + tr("written: {files}").format(files=", ".join(str(p) for p in installed))]
        if schedule.env_names:
            steps.append(
                "# "
                + tr("fill in {file} ({names}), then:").format(
                    file=schedule.env_file, names=", ".join(schedule.env_names)
                )
            )
    else:
        steps = ["# " + tr("to install: ent-audit schedule ... --install (or copy the two units above), then:")]
    steps += [
        "systemctl --user daemon-reload",
        f"systemctl --user enable --now {schedule.name}.timer",
        'loginctl enable-linger "$USER"   # ' + tr("so the timer also fires while you are logged out"),
    ]
    parts.append("### " + tr("enable") + "\n" + "\n".join(steps) + "\n")
    return "\n".join(parts)


def add_parser(commands: Any) -> None:
    schedule = commands.add_parser(
        "schedule", help=tr("print a systemd timer, a crontab line and a GitLab CI job that audit the site every night")
    )
    schedule.add_argument("--config", type=Path, required=True, help=tr("TOML configuration file (with start_urls)"))
    schedule.add_argument("--at", required=True, metavar="HH:MM", help=tr("time of day, local time (e.g. 02:30)"))
    schedule.add_argument(
        "--out", type=Path, help=tr("output directory of each run (default beside the history store)")
    )
    schedule.add_argument("--db", type=db_argument, help=db_help())
    schedule.add_argument("--keep", type=at_least_one, metavar="N", help=tr("page details of the N latest runs kept"))
    schedule.add_argument("--budget", type=Path, metavar="FILE", help=tr("budget file judged after each run"))
    schedule.add_argument(
        "--install",
        action="store_true",
        help=tr("write the service and timer to ~/.config/systemd/user/ (systemctl is left to you)"),
    )
    schedule.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The nightly-run files printed (and with --install, the units written)."""
    try:
        at = parse_at(args.at)
        if isinstance(args.db, str):  # a URL: the units would carry it (and its password) in clear
            raise ValueError(
                tr(
                    "schedule --db takes a SQLite file; a PostgreSQL store is deployed with "
                    'the units of README "Distributed crawl"'
                )
            )
        load_budget_option(args.budget, args.keep)
        config_path = args.config
        plan = build(
            load_config(config_path), config_path, at, out=args.out, db=args.db, keep=args.keep, budget=args.budget
        )
        installed = install(plan) if args.install else None
    except (ValueError, ConfigError, BudgetError) as exc:
        error(exc)
        return EXIT_USAGE
    except OSError as exc:
        error(tr("cannot write the units ({exc}): check {folder}").format(exc=exc, folder=unit_dir()))
        return EXIT_USAGE
    print(describe(plan, installed), end="")
    return EXIT_OK
