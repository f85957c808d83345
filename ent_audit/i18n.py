"""The report's two languages from one gettext catalogue, handled with Babel.

English is the source language: a message's id is its English text, written where the message is used. French
comes from ``ent_audit/locales/fr/LC_MESSAGES/ent_audit.po``, compiled to the ``.mo`` next to it (both committed;
``make i18n`` extracts, updates and compiles them). README, "Add or change a translation".

The markers, which ``babel.cfg`` tells ``pybabel extract`` to collect:

- ``msg("English")``: a message now, as the ``{"fr": …, "en": …}`` pair rules, findings and results.json carry;
- ``N_("English")``: a message in a table translated later with :func:`translate_tree` (the report's catalogue);
- ``pN_(context, "English")``: the same, when one English text needs two French translations (gettext msgctxt);
- ``Plural("{n} page", "{n} pages")``: a singular/plural pair (gettext ngettext), drawn as a ``(one, many)`` pair.

A message without a (non-fuzzy) French translation raises :class:`MissingTranslation` as soon as it is looked up, at
import for the rules and the catalogue: a forgotten translation fails the tests, it never reaches a report.
This module imports nothing of ent-audit (audits and reports both use it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import Translations

DOMAIN = "ent_audit"
LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("fr", "en")  # the report languages; English is the source, French the one catalogue
_CONTEXT_GLUE = "\x04"  # how gettext keys a message with a context in a compiled catalogue

Message = dict[str, str]  # {"fr": ..., "en": ...}


class MissingTranslation(LookupError):
    """A message of the code has no French translation in the compiled catalogue (missing or fuzzy)."""

    def __init__(self, msgid: str, context: str | None = None, plural: str | None = None) -> None:
        where = f" (context {context!r})" if context else ""
        kind = f" / {plural!r} (plural)" if plural else ""
        super().__init__(
            f"no French translation for {msgid!r}{kind}{where} in {DOMAIN}.po: run `make i18n`, translate it in "
            f"ent_audit/locales/fr/LC_MESSAGES/{DOMAIN}.po (not fuzzy), and run `make i18n` again"
        )
        self.msgid = msgid
        self.context = context


@cache
def translations() -> Translations:
    """The compiled French catalogue, loaded once."""
    path = LOCALES / "fr" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fileobj:
        return Translations(fileobj, domain=DOMAIN)


def _catalog() -> dict[Any, str]:
    catalog: dict[Any, str] = translations()._catalog
    return catalog


def french(msgid: str, context: str | None = None) -> str:
    """The French translation of ``msgid`` (with its ``context``); :class:`MissingTranslation` when there is none.

    The compiled catalogue holds no fuzzy entry (``pybabel compile`` leaves them out), so a fuzzy one is missing."""
    key = f"{context}{_CONTEXT_GLUE}{msgid}" if context else msgid
    text = _catalog().get(key)
    if not text:
        raise MissingTranslation(msgid, context)
    return text


def french_plural(singular: str, plural: str, context: str | None = None) -> tuple[str, str]:
    """The French ``(one, many)`` forms of a plural message (French: one for 0 and 1, many from 2)."""
    key = f"{context}{_CONTEXT_GLUE}{singular}" if context else singular
    catalog = _catalog()
    one, many = catalog.get((key, 0)), catalog.get((key, 1))
    if not one or not many:
        raise MissingTranslation(singular, context, plural)
    return one, many


def msg(text: str) -> Message:
    """A user-facing text of ours, in both report languages: ``text`` is its English, French comes from the
    catalogue."""
    return {"fr": french(text), "en": text}


def pmsg(context: str, text: str) -> Message:
    """:func:`msg` for an English text that needs another French translation here than elsewhere."""
    return {"fr": french(text, context), "en": text}


@dataclass(frozen=True)
class Text:
    """A message of a table (:func:`N_`, :func:`pN_`), translated by :func:`translate_tree`."""

    msgid: str
    context: str | None = None

    def translate(self, lang: str) -> str:
        return self.msgid if lang == "en" else french(self.msgid, self.context)


@dataclass(frozen=True)
class Plural:
    """A singular/plural pair (``{n}`` in it is the count), drawn as a ``(one, many)`` pair in each language."""

    singular: str
    plural: str
    context: str | None = None

    def translate(self, lang: str) -> tuple[str, str]:
        if lang == "en":
            return self.singular, self.plural
        return french_plural(self.singular, self.plural, self.context)


def N_(text: str) -> Text:  # noqa: N802 (gettext's name for "mark for translation")
    return Text(text)


def pN_(context: str, text: str) -> Text:  # noqa: N802
    return Text(text, context)


def translate_tree(tree: Any) -> dict[str, Any]:
    """``{"fr": …, "en": …}``: ``tree`` with every marker replaced by its text in that language (dicts, tuples and
    lists keep their shape; anything else, data such as "—", is the same in both)."""
    return {lang: _translate(tree, lang) for lang in LANGUAGES}


def _translate(node: Any, lang: str) -> Any:
    if isinstance(node, Text | Plural):
        return node.translate(lang)
    if isinstance(node, dict):
        return {key: _translate(value, lang) for key, value in node.items()}
    if isinstance(node, tuple | list):
        return type(node)(_translate(value, lang) for value in node)
    return node


# The run's language: what the terminal says (help texts, progress, summaries, errors), chosen once by the
# ``ent-audit`` command (crawler/commands/language.py) before it builds its parser. The report's language is the
# same, passed to it as ``lang``.
DEFAULT_LANGUAGE = "fr"  # the command's, when neither --lang nor the locale says
SOURCE_LANGUAGE = "en"  # until a command chooses (ent-audit used as a library, unit tests): the messages as written
_run: dict[str, str] = {"lang": SOURCE_LANGUAGE}


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (available: {', '.join(LANGUAGES)})")
    _run["lang"] = lang


def language() -> str:
    """The run's language (English, the source language, until the command chooses)."""
    return _run["lang"]


def tr(text: str) -> str:
    """A terminal message of ours (its English ``text``) in the run's language."""
    return text if language() == "en" else french(text)


def ptr(context: str, text: str) -> str:
    """:func:`tr` for an English text that needs another French translation here than elsewhere."""
    return text if language() == "en" else french(text, context)


def ntr(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a terminal message for ``n``, in the run's language (French: singular for 0
    and 1, English: for 1 only)."""
    if language() == "en":
        return singular if n == 1 else plural
    one, many = french_plural(singular, plural)
    return one if abs(n) < 2 else many
