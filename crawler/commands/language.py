"""The run's one language, chosen before anything is said: ``--lang fr|en`` (anywhere on the command line, before
or after the subcommand), else the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set,
read with Babel): English when it names English, French otherwise (French locales, ``C``/``POSIX``, none set, any
other language: ent-audit is a French product, French by default). The terminal (help texts, argparse's own words,
progress, summaries, errors) and the report then speak that language only.

argparse translates its own words ("usage:", "options", "the following arguments are required") with gettext, bound
when argparse is imported (``from gettext import gettext as _``): Python's documented hook is the global gettext
domain, whose language comes from the environment and would leak into the browsers and tools we start. So
:func:`speak` points argparse's two gettext functions at our catalogue, where ``ARGPARSE_MESSAGES`` puts argparse's
messages (tests/crawler/commands/test_language.py fails when the running Python's argparse has one we lack).
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Callable, Mapping, Sequence

from babel.core import Locale, UnknownLocaleError

from ent_audit.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    Plural,
    Text,
    french,
    french_plural,
    language,
    pN_,
    set_language,
)

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order

# argparse's messages (Python 3.11 to 3.13), English as argparse writes them: extracted into our catalogue by
# `make i18n`, drawn in French by argparse through speak("fr"). Placeholders stay argparse's %-style ones.
ARGPARSE_MESSAGES: tuple[Text | Plural, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    Plural("expected %s argument", "expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
    N_('argument "-" with mode %r'),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
# argparse's messages that only a programming mistake of ours can show (a parser built wrong): left in English
ARGPARSE_INTERNAL = frozenset(
    {
        ".__call__() not defined",
        "conflicting subparser: %s",
        "conflicting subparser alias: %s",
        "cannot merge actions - two groups are named %r",
        "'required' is an invalid argument for positionals",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "conflicting option string: %s",
        "mutually exclusive arguments must be optional",
        "cannot have multiple subparser arguments",
        "%r is not callable",
    }
)


# The metavars of --help that are words (explicit, or argparse's default: the option's dest in capitals); the others
# (N, S, ID, URL, PCT, A, B, HH:MM, CONDITION) read the same in both languages. tests/crawler/commands/test_language.py
# fails when --help shows a metavar that is in neither set.
METAVARS = {
    "FILE": pN_("metavar", "FILE"),
    "STATE": pN_("metavar", "STATE"),
    "NAME": pN_("metavar", "NAME"),
    "CONCURRENCY": pN_("metavar", "CONCURRENCY"),
    "CONFIG": pN_("metavar", "CONFIG"),
    "DB": pN_("metavar", "DB"),
    "FORMAT": pN_("metavar", "FORMAT"),
    "MAX_DEPTH": pN_("metavar", "MAX_DEPTH"),
    "MAX_PAGES": pN_("metavar", "MAX_PAGES"),
    "OUT": pN_("metavar", "OUT"),
    "PROFILE": pN_("metavar", "PROFILE"),
    "SAMPLE_PAGES": pN_("metavar", "SAMPLE_PAGES"),
    "SITE": pN_("metavar", "SITE"),
}
NEUTRAL_METAVARS = frozenset({"N", "S", "ID", "URL", "PCT", "A", "B", "HH:MM", "CONDITION"})


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter (descriptions and epilogs as written), its metavars in the run's language."""

    def _metavar_formatter(self, action: argparse.Action, default_metavar: str) -> Callable[[int], tuple[str, ...]]:
        formats = super()._metavar_formatter(action, default_metavar)

        def translated(size: int) -> tuple[str, ...]:
            lang = language()
            return tuple(METAVARS[m].translate(lang) if m in METAVARS else m for m in formats(size))

        return translated


def from_locale(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: ``en`` when the first locale variable set names English, else French."""
    value = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    first = value.split(":")[0].split(".")[0].split("@")[0]
    if first in ("", "C", "POSIX"):
        return DEFAULT_LANGUAGE
    try:
        language = Locale.parse(first).language
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LANGUAGE
    return "en" if language == "en" else DEFAULT_LANGUAGE


def from_arguments(argv: Sequence[str]) -> str | None:
    """``--lang`` as given on the command line (the last one wins, as argparse's), None when absent or not a
    language of ours (the parser then says it is an invalid choice)."""
    chosen: str | None = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif word.startswith("--lang="):
            chosen = word.removeprefix("--lang=")
    return chosen if chosen in LANGUAGES else None


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    return from_arguments(argv) or from_locale(environ)


def _argparse_gettext(message: str) -> str:
    try:
        return french(message)
    except LookupError:  # one of ARGPARSE_INTERNAL, or a message of a newer argparse: its English
        return message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    try:
        one, many = french_plural(singular, plural)
    except LookupError:
        one, many = singular, plural
    return one if abs(n) < 2 else many


def speak(lang: str) -> None:
    """Make ``lang`` the run's language, argparse's words included."""
    set_language(lang)
    if lang == "en":
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
    else:
        argparse._ = _argparse_gettext  # type: ignore[attr-defined]
        argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
