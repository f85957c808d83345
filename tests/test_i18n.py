"""The gettext catalogue (ent_audit/i18n.py, ent_audit/locales): every message of the code has its French, the
committed template and .mo follow the code and the .po, and the markers behave (plurals, contexts, a missing
translation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ent_audit import i18n
from ent_audit.i18n import N_, MissingTranslation, Plural, msg, pmsg, pN_, translate_tree
from ent_audit.reports.formatting import plural

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "ent_audit" / "locales"
PO = LOCALES / "fr" / "LC_MESSAGES" / "ent_audit.po"
MO = LOCALES / "fr" / "LC_MESSAGES" / "ent_audit.mo"
POT = LOCALES / "ent_audit.pot"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _key(
    message_id: str | tuple[str, ...] | list[str], context: str | None
) -> tuple[str | None, str | tuple[str, ...]]:
    return context, tuple(message_id) if isinstance(message_id, list | tuple) else message_id


def _text(string: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return tuple(string) if isinstance(string, list | tuple) else string


def extracted() -> dict[tuple[str | None, str | tuple[str, ...]], int]:
    """What `make i18n` extracts from the code now, as babel.cfg says: (context, id) → how many times."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str | None, str | tuple[str, ...]], int] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={}
    ):
        key = _key(message, context)
        found[key] = found.get(key, 0) + 1
    return found


def test_the_code_has_messages_to_extract() -> None:
    found = extracted()
    assert len(found) > 300
    assert (None, "Audit report") in found and ("thousands separator", ",") in found
    assert (None, ("{n} page", "{n} pages")) in found


def test_the_template_is_up_to_date_with_the_code() -> None:
    """Re-extracting gives the committed .pot's messages: run `make i18n` after changing an English text."""
    with POT.open("rb") as fileobj:
        template = {_key(m.id, m.context) for m in read_po(fileobj) if m.id}
    found = set(extracted())
    assert not found - template, f"messages of the code missing from the .pot (run `make i18n`): {found - template}"
    assert not template - found, f"messages of the .pot no longer in the code (run `make i18n`): {template - found}"


def test_every_message_has_its_french() -> None:
    with PO.open("rb") as fileobj:
        catalog = read_po(fileobj)
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n > 1)"
    entries = {_key(m.id, m.context): m for m in catalog if m.id}
    for key in extracted():
        message = entries.get(key)
        assert message is not None, f"no French entry for {key} (run `make i18n`, then translate it)"
        assert not message.fuzzy, f"fuzzy French entry for {key}: check it and remove the fuzzy flag"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(strings) and len(strings) == len(ids), f"untranslated French entry for {key}"
        for source, french in zip(ids, strings, strict=True):  # French keeps the English text's placeholders
            assert sorted(PLACEHOLDER.findall(french)) == sorted(PLACEHOLDER.findall(source)), key


def test_the_compiled_catalogue_matches_the_po() -> None:
    """The committed .mo is the .po compiled (`make i18n`): same messages, same French."""
    with PO.open("rb") as fileobj:
        po = {_key(m.id, m.context): _text(m.string) for m in read_po(fileobj) if m.id and not m.fuzzy}
    with MO.open("rb") as fileobj:
        mo = {_key(m.id, m.context): _text(m.string) for m in read_mo(fileobj) if m.id}
    assert mo == po


def test_msg_gives_both_languages_and_refuses_an_unknown_text() -> None:
    assert msg("Audit report") == {"fr": "Rapport d’audit", "en": "Audit report"}
    with pytest.raises(MissingTranslation, match="no French translation for 'A text nobody translated'"):
        msg("A text nobody translated")
    with pytest.raises(MissingTranslation):
        translate_tree({"title": N_("Another text nobody translated")})
    with pytest.raises(MissingTranslation):
        translate_tree(Plural("{n} unknown thing", "{n} unknown things"))
    with pytest.raises(MissingTranslation):  # the text exists, but not in this context
        pN_("no such context", "Template").translate("fr")


def test_plurals_for_zero_one_and_two() -> None:
    pair = translate_tree(Plural("{n} page", "{n} pages"))
    assert pair == {"fr": ("{n} page", "{n} pages"), "en": ("{n} page", "{n} pages")}
    blocked = translate_tree(Plural("{n} blocked request", "{n} blocked requests"))
    expected = {
        "fr": ["0 requête bloquée", "1 requête bloquée", "2 requêtes bloquées"],
        "en": ["0 blocked requests", "1 blocked request", "2 blocked requests"],
    }
    for lang in ("fr", "en"):
        assert [plural(lang, n, *blocked[lang]).format(n=n) for n in (0, 1, 2)] == expected[lang]
    # the report's choice of form agrees with the catalogue's own Plural-Forms (gettext's ngettext)
    translations = i18n.translations()
    for n in (0, 1, 2, 1000):
        assert translations.ngettext("{n} blocked request", "{n} blocked requests", n) == plural(
            "fr", n, *blocked["fr"]
        )


def test_contexts_tell_one_english_text_apart() -> None:
    assert pN_("pages table column", "Template").translate("fr") == "Gabarit"
    assert pN_("URL templates table column", "Template").translate("fr") == "Modèle"
    assert pN_("pages table column", "Template").translate("en") == "Template"
    assert pmsg("documents table column", "Size") == {"fr": "Taille", "en": "Size"}


def test_translate_tree_keeps_the_shape_and_the_data() -> None:
    tree = {"a": (N_("Audit report"), "—"), "b": [N_("Summary")], True: {"c": 3}}
    assert translate_tree(tree) == {
        "fr": {"a": ("Rapport d’audit", "—"), "b": ["Synthèse"], True: {"c": 3}},
        "en": {"a": ("Audit report", "—"), "b": ["Summary"], True: {"c": 3}},
    }
