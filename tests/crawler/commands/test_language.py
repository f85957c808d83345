"""One language per run (crawler/commands/language.py): --lang or the locale chooses it; the help of every command,
argparse's own words, the errors, the runs table, the summary and the progress line, then the report, are in that
language only. The scans read the catalogue's words (tests/words.py): in English no French-only word, in French no
English-only one. No crawl: the stored run is the golden demo run (tests/golden)."""

from __future__ import annotations

import argparse
import errno
import gzip
import json
import os
import re
import sqlite3
from dataclasses import fields
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from ent_audit.audits import thresholds
from ent_audit.crawler.commands import SUBCOMMANDS, build_parser, main
from ent_audit.crawler.commands.audit import tell
from ent_audit.crawler.commands.language import (
    ARGPARSE_INTERNAL,
    ARGPARSE_MESSAGES,
    METAVARS,
    NEUTRAL_METAVARS,
    choose,
    from_locale,
    speak,
)
from ent_audit.crawler.config import Config
from ent_audit.crawler.extensions import ProgressLine
from ent_audit.crawler.runner import AuditOutcome
from ent_audit.i18n import MissingTranslation, Plural, french, language
from tests.words import foreign_words, only_in

GOLDEN = Path(__file__).parents[2] / "golden"
RUN_ID = "20261206T204117Z-ac3a00"  # the golden demo run (tests/reports/test_golden.py)
COMMANDS = [module.__name__.rsplit(".", 1)[-1].replace("_", "-") for module in SUBCOMMANDS]
OTHER = {"fr": "en", "en": "fr"}
CONFIG_KEYS = tuple(f.name for f in fields(Config))  # names, said as they are (durable, responsable: French ones)


@pytest.fixture(scope="module")
def golden_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "store.db"
    with sqlite3.connect(path) as db:
        db.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    return path


def said(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``ent-audit argv`` in this process: its exit code and all it printed (stdout then stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_only(lang: str, text: str, data: tuple[str, ...] = ()) -> None:
    assert text.strip(), "nothing was said"
    found = foreign_words(text, lang, data)
    assert not found, f"words of the other language in a {lang} output:\n" + "\n".join(found)


# -- the choice -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LANG": "POSIX"}, "fr"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),  # neither: the product's default
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL before LANG
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),
        ({"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "en"),  # gettext's order: LANGUAGE first
        ({"LANG": "not a locale"}, "fr"),
    ],
)
def test_the_locale_chooses_when_lang_is_not_given(environ: dict[str, str], expected: str) -> None:
    assert from_locale(environ) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "en", "runs"], "en"),  # before the subcommand
        (["runs", "--lang", "en"], "en"),  # after it
        (["runs", "--lang=en"], "en"),
        (["--lang", "en", "runs", "--lang", "fr"], "fr"),  # the last one, as argparse
        (["runs", "--lang", "de"], "en"),  # not a language of ours: the locale's (the parser then refuses it)
        (["runs", "--", "--lang", "fr"], "en"),
    ],
)
def test_lang_wins_over_the_locale(argv: list[str], expected: str) -> None:
    assert choose(argv, {"LANG": "en_US.UTF-8"}) == expected


def test_lang_after_the_subcommand_sets_the_run_language(
    capsys: pytest.CaptureFixture[str], golden_store: Path
) -> None:
    for argv in (
        ["--lang", "en", "runs", "--db", str(golden_store)],
        ["runs", "--db", str(golden_store), "--lang", "en"],
    ):
        code, out = said(capsys, *argv)
        assert code == 0 and language() == "en" and out.startswith("run "), out
    code, out = said(capsys, "runs", "--db", str(golden_store))
    assert code == 0 and language() == "fr" and out.startswith("audit "), out  # this process's locale: C.UTF-8


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = said(capsys, "runs", "--lang", "de")
    assert code == 2 and "choix invalide : 'de'" in out and out.count("\n") == 1, out


# -- the catalogue covers the command line ----------------------------------------------------------------------------


def test_every_argparse_message_is_translated_or_known_internal() -> None:
    """Python's argparse, as installed, says nothing our catalogue does not know (a new Python's new message: add it
    to ARGPARSE_MESSAGES, `make i18n`, translate it)."""
    ours = set()
    for message in ARGPARSE_MESSAGES:
        ours.add((message.singular, message.plural) if isinstance(message, Plural) else message.msgid)
    found = set()
    for _line, text, _comments, _context in extract_from_file(
        "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}
    ):
        if text:
            found.add(text if isinstance(text, str) else tuple(text))
    missing = {text for text in found - ours if (text if isinstance(text, str) else text[0]) not in ARGPARSE_INTERNAL}
    assert not missing, f"argparse messages not in ARGPARSE_MESSAGES: {missing}"
    assert not ours - found, f"ARGPARSE_MESSAGES no longer in this Python's argparse: {ours - found}"


def _actions(parser: argparse.ArgumentParser, where: str = "ent-audit"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{where} {choice.dest}", choice
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{where} {name}")
        else:
            yield where, action


def test_every_help_text_and_metavar_is_in_the_catalogue() -> None:
    """A help text written without tr() (or not translated yet) fails here, named: wrap it in tr(...), `make i18n`,
    translate it."""
    speak("en")
    english = build_parser()
    untranslated, unknown_metavars = [], []
    for where, action in _actions(english):
        texts = [action.help] if action.help and action.help is not argparse.SUPPRESS else []
        for text in texts:
            try:
                french(text)
            except MissingTranslation:
                untranslated.append(f"{where} {'/'.join(action.option_strings) or action.dest}: {text!r}")
        if action.option_strings and action.nargs != 0:
            metavar = action.metavar or (None if action.choices else action.dest.upper())
            if isinstance(metavar, str) and metavar not in METAVARS and metavar not in NEUTRAL_METAVARS:
                unknown_metavars.append(f"{where} {action.option_strings[0]}: {metavar}")
    for sub in (english, *english._subparsers._group_actions[0].choices.values()):  # type: ignore[union-attr]
        for text in (sub.description, sub.epilog):
            if text:
                for line in text.splitlines():
                    if line.strip() and not line.strip()[0].isdigit():
                        try:
                            french(line.strip())
                        except MissingTranslation:
                            untranslated.append(f"{sub.prog}: {line.strip()!r}")
    assert not untranslated, "help texts missing from the catalogue:\n" + "\n".join(untranslated)
    assert not unknown_metavars, "metavars neither in METAVARS nor NEUTRAL_METAVARS:\n" + "\n".join(unknown_metavars)


# -- what the terminal says, in each language -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_help_of_every_command_in_one_language(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    outputs = {"ent-audit": said(capsys, "--lang", lang, "--help")}
    for command in COMMANDS:
        outputs[command] = said(capsys, command, "--help", "--lang", lang)
    for command, (code, text) in outputs.items():
        assert code == 0, (command, text)
        # the system's own words ("Connection refused") stay as the C library says them
        assert_only(lang, text, data=(*COMMANDS, *CONFIG_KEYS, "unknown_thing", os.strerror(errno.ECONNREFUSED)))
        assert text.startswith("usage: " if lang == "en" else "utilisation : "), text
    top = outputs["ent-audit"][1]
    assert ("exit codes:" if lang == "en" else "codes de sortie :") in top
    assert ("options:" if lang == "en" else "options\u00a0:") in outputs["audit"][1]
    assert ("--out OUT" if lang == "en" else "--out DOSSIER") in outputs["audit"][1]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_errors_in_one_language(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    bad_config = tmp_path / "ent.toml"
    bad_config.write_text('start_urls = ["http://127.0.0.1:1/"]\nunknown_thing = 1\n', encoding="utf-8")
    cases = [
        ("audit", "http://127.0.0.1:1/"),  # --out missing: argparse's "required"
        ("audit", "--out", str(tmp_path), "--max-pages", "12x"),  # our type's message
        ("runs", "--site"),  # argparse's "expected one argument"
        ("compare", "a", "b", "c"),  # argparse's "unrecognized arguments"
        ("nosuchcommand",),  # argparse's "invalid choice"
        ("runs", "--db", str(tmp_path / "empty.sqlite"), "--json", "--site", "x", "--keep", "2"),
        ("audit", "--config", str(bad_config), "--out", str(tmp_path)),  # a config error (crawler/config.py)
        ("audit", "ftp://127.0.0.1/", "--out", str(tmp_path)),  # not an http(s) URL
        ("audit", "http://127.0.0.1:1/", "--out", str(tmp_path), "--db", str(tmp_path / "h.sqlite")),  # unreachable: 3
        ("audit", "http://127.0.0.1:1/", "--out", str(tmp_path), "--fail-on", "ecoindex<Z"),  # a --fail-on condition
        ("audit", "--urls-file", str(tmp_path / "absent.txt"), "--out", str(tmp_path)),  # an unusable --urls-file
        ("init", "--out", str(bad_config)),  # init onto an existing file
        ("runs", "--db", str(tmp_path / "absent.sqlite")),  # a history error (reports/history.py)
        ("report", "--latest", "--db", str(tmp_path / "absent.sqlite"), "--out", str(tmp_path)),  # the runner's
    ]
    for argv in cases:
        code, text = said(capsys, *argv, "--lang", lang)
        assert code == (3 if "h.sqlite" in argv[-1] else 2) and text.count("\n") == 1, (argv, text)
        assert text.startswith("ent-audit: error: " if lang == "en" else "ent-audit : erreur : "), text
        # the system's own words ("Connection refused") stay as the C library says them
        assert_only(lang, text, data=(*COMMANDS, *CONFIG_KEYS, "unknown_thing", os.strerror(errno.ECONNREFUSED)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_runs_table_in_one_language(capsys: pytest.CaptureFixture[str], golden_store: Path, lang: str) -> None:
    code, text = said(capsys, "runs", "--db", str(golden_store), "--lang", lang)
    assert code == 0, text
    row = json.loads(said(capsys, "runs", "--db", str(golden_store), "--json")[1])[0]
    assert_only(lang, text, data=(row["site"], row["profile"]))
    header, line = text.splitlines()[:2]
    assert header.split()[:3] == (["run", "site", "profile"] if lang == "en" else ["audit", "site", "profil"])
    if lang == "fr":  # Babel's French: 06/12/2026 01:08, sizes in ko/Mo with a comma
        assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", line) and "terminé" in line and re.search(r"\d,\d", line)
    else:  # 12/6/26, 1:08 AM
        assert re.search(r"\b\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2}\s?[AP]M\b", line) and "finished" in line


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_and_progress_in_one_language(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    speak(lang)
    # --fail-on as argparse reads it, a threshold that fails (with one that passes) and one of weight: their lines
    args = argparse.Namespace(
        keep=1, fail_on=[thresholds.parse("session-lost,errors>5"), thresholds.parse("weight>1kB")]
    )
    outcome = AuditOutcome(
        run_id=RUN_ID,
        results_path=tmp_path / "results.json",
        report_path=tmp_path / "report.html",
        pages=1234,
        errors=1,
        pruned=["older"],
        session_lost=[{"profile": "élève"}],
        results={
            "pages": [{"url": "/", "loaded": True, "transfer_bytes": 2_500_000}, {"url": "/x", "loaded": False}],
            "safety": {"session_lost": [{"profile": "élève"}]},
        },
    )
    assert tell(outcome, args) == 1
    captured = capsys.readouterr()
    assert_only(lang, captured.err, data=("élève", "session-lost", "weight>1kB"))
    assert captured.err.count("--fail-on") == 2, captured.err  # the two that failed, one line each
    assert ("1,234 pages audited" if lang == "en" else "1\u202f234 pages auditées") in captured.err

    class Crawler:
        stats = type(
            "Stats", (), {"get_value": staticmethod(lambda key, default=0: {"ent_audit/pages": 1}.get(key, 0))}
        )
        spider = type("Spider", (), {"scheduled": 5})

    line = ProgressLine(Crawler()).line()
    assert_only(lang, line)
    assert line == (
        "ent-audit: 1 page measured, 4 queued, 0 in error"
        if lang == "en"
        else "ent-audit : 1 page mesurée, 4 en attente, 0 en erreur"
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_command_and_report_in_one_language(
    capsys: pytest.CaptureFixture[str], golden_store: Path, tmp_path: Path, lang: str
) -> None:
    """`ent-audit report` in each language: what it prints and the report it writes; the site's own texts (page
    titles, link texts, everything results.json holds that is not a {fr, en} message) are data, set aside."""
    code, text = said(
        capsys,
        "report",
        "--run",
        RUN_ID,
        "--db",
        str(golden_store),
        "--out",
        str(tmp_path),
        "--format",
        "html,json",
        "--lang",
        lang,
    )
    assert code == 0, text
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<[^>]*\blang="(?:fr|en)"[^>]*>.*?</[^>]+>', " ", body.split("<body", 1)[1], flags=re.S)
    visible = re.sub(r"<[^>]+>", "\n", body)
    data = (*_data(results), *COMMANDS)  # the site's texts, and command names (the report gives `ent-audit declare`)
    assert_only(lang, visible, data=data)
    other = (GOLDEN / "demo" / f"report.{OTHER[lang]}.html").read_text(encoding="utf-8")
    other_visible = re.sub(r"<[^>]+>", "\n", re.sub(r"<(script|style)\b.*?</\1>", " ", other, flags=re.S))
    assert len(foreign_words(other_visible, lang, data)) > 100  # the scan sees the other report's language


def _data(node: object) -> list[str]:
    """The texts of results.json that are the site's (not a message in both languages)."""
    if isinstance(node, dict):
        if set(node) == {"fr", "en"}:
            return []
        return [text for value in node.values() for text in _data(value)]
    if isinstance(node, list):
        return [text for value in node for text in _data(value)]
    return [node] if isinstance(node, str) else []


def test_the_scan_finds_the_other_language() -> None:
    """The scanner is no test that cannot fail: each language's own words are caught in the other."""
    assert foreign_words("3 pages auditées (1 en erreur)", "en")
    assert foreign_words("3 pages audited (1 in error), 2 older runs pruned", "fr")
    assert not foreign_words("3 pages auditées (1 en erreur)", "fr")
    assert not foreign_words("ENT de démonstration", "en", data=("ENT de démonstration",))
    assert {"auditées", "erreur"} <= only_in("fr") and {"pruned", "error"} <= only_in("en")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_budget_lines_in_one_language(
    capsys: pytest.CaptureFixture[str], golden_store: Path, tmp_path: Path, lang: str
) -> None:
    """`ent-audit check`: broken checks, checks not judged and the summary, in the run's language (JUnit keeps
    English: tests/audits/test_budget.py)."""
    budget = tmp_path / "budget.toml"
    budget.write_text("[budget]\nmax_page_kb = 1\nmin_ecoindex = 10\nmax_regression_pct = 10\n", encoding="utf-8")
    code, text = said(
        capsys, "check", "--run", RUN_ID, "--db", str(golden_store), "--budget", str(budget), "--lang", lang
    )
    assert code == 1, text
    assert_only(lang, text)
    assert ("checks broken on" if lang == "en" else "contrôles sur") in text.splitlines()[-1]
    assert ("not judged" if lang == "en" else "non jugés") in text
