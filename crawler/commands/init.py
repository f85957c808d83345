"""``ent-audit init [--strategy S] [--out FILE] [--force]``: write a commented config file to start
from. Every key of the config is in it with its text from the schema (crawler/config_schema.py) as a comment: the
keys a login strategy needs are set to placeholders, the others commented out with their default value. Its first
line, ``#:schema …``, points editors (taplo, Even Better TOML) at the published JSON Schema. An existing file is
left alone unless ``--force``. The comments are in the run's language (``--lang``, else the locale)."""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ent_audit.crawler.commands.options import EXIT_OK, EXIT_USAGE, error, exit_codes_help
from ent_audit.crawler.config import SCHEMA_PATH, STRATEGIES, Config, RgesnDeclarationConfig
from ent_audit.crawler.config_schema import DESCRIPTIONS
from ent_audit.i18n import N_, Text, tr

DEFAULT_OUT = Path("ent-audit.toml")
_WIDTH = 118  # comment lines stay under the project's 120 columns

# The values set for each strategy (what validate() requires of it), placeholders to replace.
_SITE = {"site": "Collège Exemple", "profile": "élève", "start_urls": ["https://ent.example.fr/"]}
_CREDENTIALS = {"username_env": "ENT_USER", "password_env": "ENT_PASSWORD"}
_STRATEGY_KEYS: dict[str, dict[str, Any]] = {
    "none": {},
    "cas": {"login_url": "https://ent.example.fr/cas/login?service=https%3A%2F%2Fent.example.fr%2F", **_CREDENTIALS},
    "openent": {"login_url": "https://ent.example.fr/auth/login", **_CREDENTIALS},
    "form": {"login_url": "https://ent.example.fr/login", **_CREDENTIALS},
    "storage_state": {"state_file": "session.json"},
    "basic": dict(_CREDENTIALS),
}
# Commented-out examples of the two tables whose default is empty.
_PROFILES_EXAMPLE = [
    {"name": "élève", "username_env": "ELEVE_USER", "password_env": "ELEVE_PASSWORD"},
    {"name": "parent", "username_env": "PARENT_USER", "password_env": "PARENT_PASSWORD"},
]
# Keys without a default (TOML has no null): a commented-out example value instead.
_NO_DEFAULT_EXAMPLE: dict[str, Any] = {
    "declaration.rgaa_rate": 72.5,
    "declaration.derogations": [],
    "declaration.exempt_contents": [],
}
_KINDS_EXAMPLE = {"messagerie": ["/conversation/*", "/messagerie/*"], "documents": ["/workspace/*"]}
_CRITERIA_EXAMPLE = {  # statuses of the déclaration d'écoconception: only the team sets them, with their date
    "6.3": {"status": "Validé", "date": "2026-11-02", "text": "Les ressources textuelles sont servies compressées."},
    "9.2": {"status": "Non applicable", "date": "2026-11-02", "text": "Le service n'entraîne aucun modèle d'IA."},
}

_HEADER = (
    N_("Written by `ent-audit init --strategy {strategy}`. Replace the example values, then run:"),
    N_("Credentials: only the names of environment variables go here (export ENT_USER=… ENT_PASSWORD=…)."),
    N_("A line `# key = value` shows a key at its default value: remove the # to change it."),
)
_WROTE = N_("wrote {path}: replace its example values, then run `ent-audit audit --config {path} --out rapport/`")


def add_parser(commands: Any) -> None:
    init = commands.add_parser(
        "init", help=tr("write a commented config file (ent-audit.toml) for a login strategy"), **exit_codes_help()
    )
    init.add_argument(
        "--strategy",
        choices=STRATEGIES,
        default="cas",
        help=tr("login strategy (default cas; README, Login strategies)"),
    )
    init.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="FILE",
        help=tr("file to write (default ./ent-audit.toml)"),
    )
    init.add_argument("--force", action="store_true", help=tr("overwrite FILE if it exists"))
    init.add_argument(
        "--schema",
        metavar="URL",
        help=tr("address or path written on the #:schema line (default: the schema installed with ent-audit)"),
    )
    init.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    schema = args.schema or SCHEMA_PATH.resolve().as_uri()
    text = render(args.strategy, args.lang, schema, args.out)
    try:
        with args.out.open("w" if args.force else "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        error(tr("{path} already exists: give --force to overwrite it, or --out another file").format(path=args.out))
        return EXIT_USAGE
    except OSError as exc:
        error(tr("cannot write {path}: {reason}").format(path=args.out, reason=exc.strerror or exc))
        return EXIT_USAGE
    print(_WROTE.translate(args.lang).format(path=args.out))
    return EXIT_OK


def render(strategy: str, lang: str, schema: str, out: Path = DEFAULT_OUT) -> str:
    """The commented TOML file: valid as written, and still valid with every `# key = value` line uncommented."""
    lines = [f"#:schema {schema}"]
    lines += _comment(DESCRIPTIONS[""], lang)
    lines += _comment(_HEADER[0], lang, strategy=strategy)
    lines.append(f"#     ent-audit audit --config {out} --out rapport/")
    for text in _HEADER[1:]:
        lines += _comment(text, lang)
    config = Config()
    for key in ("site", "profile", "start_urls"):
        lines += ["", *_comment(DESCRIPTIONS[key], lang), _line(key, _SITE[key])]
    for f in fields(config):
        value = getattr(config, f.name)
        if is_dataclass(value):
            chosen = {"strategy": strategy, **_STRATEGY_KEYS[strategy]} if f.name == "auth" else {}
            lines += _table(f.name, value, chosen, lang)
    lines += ["", *_comment(DESCRIPTIONS["profiles"], lang)]
    for profile in _PROFILES_EXAMPLE:
        lines.append("# [[profiles]]")
        lines += [_line(key, value, commented=True) for key, value in profile.items()]
    lines += ["", *_comment(DESCRIPTIONS["kinds"], lang), "# [kinds]"]
    lines += [_line(kind, patterns, commented=True) for kind, patterns in _KINDS_EXAMPLE.items()]
    lines += _declaration_rgesn(lang)
    return "\n".join(lines) + "\n"


def _declaration_rgesn(lang: str) -> list[str]:
    """[declaration.rgesn], commented out: its keys at their defaults, then one criterion as an example."""
    lines = ["", *_comment(DESCRIPTIONS["declaration.rgesn"], lang)]
    lines.append("# [declaration.rgesn]")
    for f in fields(RgesnDeclarationConfig):
        if f.name != "criteria":
            lines += _comment(DESCRIPTIONS[f"declaration.rgesn.{f.name}"], lang)
            lines.append(_line(f.name, getattr(RgesnDeclarationConfig(), f.name), commented=True))
    for key in ("criteria", "criteria.status", "criteria.date", "criteria.text"):
        lines += _comment(DESCRIPTIONS[f"declaration.rgesn.{key}"], lang)
    lines.append("# [declaration.rgesn.criteria]")
    for id_, entry in _CRITERIA_EXAMPLE.items():
        inline = ", ".join(f"{key} = {_toml(value)}" for key, value in entry.items())
        lines.append(f'# "{id_}" = {{{inline}}}')
    return lines


def _table(name: str, table: Any, chosen: dict[str, Any], lang: str) -> list[str]:
    lines = ["", *_comment(DESCRIPTIONS[name], lang), f"[{name}]"]
    for f in fields(table):
        if is_dataclass(getattr(table, f.name)):  # a sub-table ([declaration.rgesn]): written after the others
            continue
        lines += _comment(DESCRIPTIONS[f"{name}.{f.name}"], lang)
        if f.name in chosen:
            lines.append(_line(f.name, chosen[f.name]))
        elif getattr(table, f.name) is None:
            lines.append(_line(f.name, _NO_DEFAULT_EXAMPLE[f"{name}.{f.name}"], commented=True))
        else:
            lines.append(_line(f.name, getattr(table, f.name), commented=True))
    return lines


def _comment(text: Text, lang: str, **values: str) -> list[str]:
    message = text.translate(lang).format(**values) if values else text.translate(lang)
    return [f"# {line}" for line in textwrap.wrap(message, _WIDTH - 2, break_on_hyphens=False)]


def _line(key: str, value: Any, commented: bool = False) -> str:
    return f"{'# ' if commented else ''}{key} = {_toml(value)}"


def _toml(value: Any) -> str:
    """A TOML value: JSON's strings and arrays of strings are TOML's too (basic strings, same escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)
