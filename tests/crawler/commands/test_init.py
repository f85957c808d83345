"""``ent-audit init``: a commented config file per login strategy that the schema, validate() and ``audit --config``
accept; an existing file kept unless --force; one-line errors with exit 2."""

from __future__ import annotations

import io
import json
import re
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft202012Validator

from ent_audit.crawler import commands as cli
from ent_audit.crawler import runner
from ent_audit.crawler.config import SCHEMA_PATH, STRATEGIES, load_config, validate
from ent_audit.crawler.config_schema import DESCRIPTIONS

# a commented-out key, table ([declaration.rgesn] too) or criterion ("6.3" = {…}), not a comment
CODE_LINE = re.compile(r'^# (\[\[?[a-z_.]+\]\]?$|[a-z_]+ = |"[0-9.]+" = )')


def ent_audit(*args: str) -> tuple[int, str, str]:
    """The command in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def uncommented(text: str) -> str:
    return "\n".join(line[2:] if CODE_LINE.match(line) else line for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_init_writes_a_valid_commented_config(tmp_path: Path, strategy: str) -> None:
    path = tmp_path / "ent-audit.toml"
    code, out, err = ent_audit("init", "--strategy", strategy, "--out", str(path), "--lang", "en")
    assert (code, err) == (0, "") and str(path) in out
    text = path.read_text(encoding="utf-8")
    config = validate(load_config(path))  # the schema, then the checks of the whole config
    assert config.auth.strategy == strategy and config.start_urls == ["https://ent.example.fr/"]
    if strategy in ("cas", "openent", "form", "basic"):  # the password: the name of a variable, never its value
        assert (config.auth.username_env, config.auth.password_env) == ("ENT_USER", "ENT_PASSWORD")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    assert not list(validator.iter_errors(tomllib.loads(text)))
    # every key is in the file, set or commented out at its default: uncommented, the file is still valid
    every_key = tomllib.loads(uncommented(text))
    assert not list(validator.iter_errors(every_key))
    for name, prop in schema["properties"].items():
        assert name in every_key, name
        if name == "profiles":
            assert set(every_key[name][0]) < set(prop["items"]["properties"])
        elif "properties" in prop:  # a table: all its keys
            assert set(every_key[name]) == set(prop["properties"]), name
    full = tmp_path / "full.toml"
    full.write_text(uncommented(text), encoding="utf-8")
    loaded = validate(load_config(full))
    assert loaded.profile_label() == "élève, parent"
    assert loaded.declaration.rgesn.criteria["6.3"].status == "Validé"  # the declaration's example, uncommented


def test_the_schema_line_comes_first_and_names_the_published_schema(tmp_path: Path) -> None:
    """taplo / Even Better TOML read `#:schema` on the first line; the default is the file installed with ent-audit."""
    path = tmp_path / "ent-audit.toml"
    assert ent_audit("init", "--out", str(path))[0] == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#:schema file://")
    schema_file = Path(unquote(urlsplit(first.removeprefix("#:schema ")).path))
    assert schema_file.read_bytes() == SCHEMA_PATH.read_bytes()
    other = tmp_path / "other.toml"
    assert ent_audit("init", "--out", str(other), "--schema", "./config.schema.json")[0] == 0
    assert other.read_text(encoding="utf-8").startswith("#:schema ./config.schema.json\n")


def test_comments_are_in_the_language_asked_french_by_default(tmp_path: Path) -> None:
    french, english = tmp_path / "fr.toml", tmp_path / "en.toml"
    assert ent_audit("init", "--out", str(french))[0] == 0
    assert ent_audit("init", "--out", str(english), "--lang", "en")[0] == 0
    assert f"# {DESCRIPTIONS['crawl.max_pages'].msgid}\n" in english.read_text(encoding="utf-8")
    assert f"# {DESCRIPTIONS['crawl.max_pages'].translate('fr')}\n" in french.read_text(encoding="utf-8")
    assert tomllib.loads(french.read_text(encoding="utf-8")) == tomllib.loads(english.read_text(encoding="utf-8"))


def test_an_existing_file_is_kept_unless_force(tmp_path: Path) -> None:
    path = tmp_path / "ent-audit.toml"
    path.write_text("site = 'mine'\n", encoding="utf-8")
    code, out, err = ent_audit("init", "--out", str(path), "--lang", "en")
    assert code == 2 and out == ""
    assert err == f"ent-audit: error: {path} already exists: give --force to overwrite it, or --out another file\n"
    assert path.read_text(encoding="utf-8") == "site = 'mine'\n"
    assert ent_audit("init", "--out", str(path), "--force")[0] == 0
    assert load_config(path).site == "Collège Exemple"


def test_an_unwritable_place_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _out, err = ent_audit("init", "--out", str(tmp_path / "missing" / "ent-audit.toml"))  # French by default
    assert code == 2 and err.startswith("ent-audit : erreur : impossible d'écrire ") and err.count("\n") == 1


def test_the_default_file_is_ent_audit_toml_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ent_audit("init")[0] == 0
    assert load_config(tmp_path / "ent-audit.toml").auth.strategy == "cas"


class _Accepted(runner.AuditError):
    """Raised by the stand-in reachability check: the config got through `audit --config` up to the network."""


def _accepted(url: str, timeout_s: float = 5.0) -> None:
    raise _Accepted(f"accepted, next: reach {url}")


def test_audit_accepts_the_config_init_writes(tmp_path: Path) -> None:
    """init → `ent-audit audit --config FILE --out DIR`: the config loads, validates, the run takes its lock and
    output directory, and stops at the first network step (a stand-in here: no crawl, no engine lookup)."""
    path = tmp_path / "ent-audit.toml"
    assert ent_audit("init", "--strategy", "form", "--out", str(path))[0] == 0
    with (
        mock.patch.object(runner, "check_reachable", _accepted),
        mock.patch.object(runner, "require_engines", lambda config: None),
    ):
        code, _out, err = ent_audit(
            *("audit", "--config", str(path), "--out", str(tmp_path / "out")),
            *("--db", str(tmp_path / "h.sqlite"), "--lang", "en"),
        )
    assert code == 2 and err == "ent-audit: error: accepted, next: reach https://ent.example.fr/\n"
    bad = tmp_path / "bad.toml"
    bad.write_text(path.read_text(encoding="utf-8").replace("# max_pages = 100", "max_page = 100"), encoding="utf-8")
    code, _out, err = ent_audit("audit", "--config", str(bad), "--out", str(tmp_path / "out"), "--lang", "en")
    assert (
        code == 2 and err == f"ent-audit: error: config {bad}: unknown key [crawl] max_page (did you mean max_pages?)\n"
    )


def test_a_declaration_saying_non_applicable_for_a_criterion_of_every_service_is_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ent-audit.toml"
    assert ent_audit("init", "--out", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[declaration.rgesn.criteria]\n"4.1" = {status = "Non applicable", date = "2026-11-02"}\n')
    code, out, err = ent_audit("audit", "--config", str(path), "--out", str(tmp_path / "out"), "--lang", "en")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert 'criteria] 4.1 cannot be "Non applicable": RGESN 2024 applies it to every service' in err
