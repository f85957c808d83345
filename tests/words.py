"""The words only one language uses, read from the gettext catalogue, and a scan of a text for the other language's.

Every English message id and its French translation are split into words: a word of the French side that no English
message uses is French-only (``auditées``, ``règle``, ``erreur``), and the reverse English-only (``pruned``, ``error``).
A text said in English must hold no French-only word and the reverse, once data (URLs, paths, options, placeholders,
the site's own names, which the report and the terminal show as they are) is set aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "ent_audit" / "locales" / "fr" / "LC_MESSAGES" / "ent_audit.po"
_NOT_WORDS = re.compile(
    r"\{[^{}]*\}"  # our placeholders
    r"|%\([^)]*\)[a-z]|%[a-z]"  # argparse's
    r"|\w+://\S+"  # URLs
    r"|\S*[/\\]\S*"  # paths
    r"|\S+\.(?:html|json|csv|xml|toml|txt|sqlite|js|pdf)\b"  # file names
    r"|(?<!\w)--?[\w-]+"  # options (--max-pages, -h)
    r"|`[^`]*`"  # commands quoted in a text
    r"|\[[^\]]*\]"  # TOML tables and extras ([budget], [distributed])
    r"|&\w+;"  # HTML entities
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(_NOT_WORDS.sub(" ", text))}


@cache
def vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """(English words, French words) of the catalogue."""
    with PO.open("rb") as fileobj:
        catalog = read_po(fileobj)
    english: set[str] = set()
    french: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= words(text)
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            french |= words(text)
    return frozenset(english), frozenset(french)


def only_in(lang: str) -> frozenset[str]:
    """The words of the catalogue that only ``lang`` uses."""
    english, french = vocabularies()
    return french - english if lang == "fr" else english - french


def foreign_words(text: str, lang: str, data: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` (said in ``lang``) that belong to the other language only, with the line they are on;
    ``data``: texts shown as they are (site names, page titles), whose words are set aside."""
    other = only_in("en" if lang == "fr" else "fr")
    allowed: set[str] = set()
    for datum in data:
        allowed |= words(datum)
    found = []
    for line in text.splitlines():
        bad = sorted((words(line) & other) - allowed)
        if bad:
            found.append(f"{bad}: {line.strip()[:160]}")
    return found
