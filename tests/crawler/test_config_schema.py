"""The config file's JSON Schema (reports/schema/config.schema.json): in step with the Config dataclasses and with
validate(), valid itself, accepting every TOML example of the README and docs/, naming a misspelt key."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ent_audit.audits.budget import load_budget
from ent_audit.crawler.config import (
    NON_NEGATIVE_TABLES,
    SCHEMA_PATH,
    STRATEGIES,
    Config,
    ConfigError,
    check_schema,
    load_config,
    validate,
)
from ent_audit.crawler.config_schema import DESCRIPTIONS, config_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.S | re.M)


def published() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_the_published_schema_is_generated_from_the_dataclasses() -> None:
    """After changing a key: python -m ent_audit.crawler.config_schema > reports/schema/config.schema.json"""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_the_schema_is_a_valid_draft_2020_12_schema_closed_everywhere() -> None:
    schema = published()
    Draft202012Validator.check_schema(schema)
    tables = [schema, *(p for p in schema["properties"].values() if p.get("type") == "object" and "properties" in p)]
    tables.append(schema["properties"]["profiles"]["items"])
    rgesn = schema["properties"]["declaration"]["properties"]["rgesn"]
    tables += [rgesn, rgesn["properties"]["criteria"]["additionalProperties"]]  # [declaration.rgesn], a criterion
    assert len(tables) == 12
    assert all(table["additionalProperties"] is False for table in tables)


def test_every_key_has_its_text_and_every_text_its_key() -> None:
    keys = {""}

    def walk(prefix: str, properties: dict) -> None:
        for name, prop in properties.items():
            key = f"{prefix}{name}"
            keys.add(key)
            assert prop["description"] == DESCRIPTIONS[key].msgid
            table = prop.get("items") or prop
            if isinstance(table.get("additionalProperties"), dict) and "properties" in table["additionalProperties"]:
                table = table["additionalProperties"]  # [declaration.rgesn.criteria]: criterion id -> its table
            walk(f"{key}.", table.get("properties", {}))

    walk("", config_schema()["properties"])
    assert keys == set(DESCRIPTIONS)


def test_defaults_are_the_dataclass_defaults() -> None:
    config, schema = Config(), published()
    for table in ("crawl", "capture", "durable", "responsable", "lighthouse", "safety", "auth", "declaration"):
        for f in fields(getattr(config, table)):  # a key whose default is None (TOML has no null) has no default
            if f.name == "rgesn":  # a sub-table: its keys carry the defaults, checked below
                continue
            assert schema["properties"][table]["properties"][f.name].get("default") == getattr(
                getattr(config, table), f.name
            )
    rgesn = schema["properties"]["declaration"]["properties"]["rgesn"]["properties"]
    for f in fields(config.declaration.rgesn):
        assert rgesn[f.name]["default"] == getattr(config.declaration.rgesn, f.name), f.name


def test_strategies_are_the_login_modules() -> None:
    """--strategy and the schema's enum list one strategy per crawler/auth/ file (base and http are shared parts)."""
    modules = {p.stem for p in (ROOT / "crawler" / "auth").glob("*.py")} - {"__init__", "base", "http"}
    assert set(STRATEGIES) == modules | {"none"}
    assert published()["properties"]["auth"]["properties"]["strategy"]["enum"] == list(STRATEGIES)


@pytest.mark.parametrize("value", [-1, 0, 1, 16, 17, 0.5])
def test_the_schema_bounds_are_validates_bounds(value: float) -> None:
    """A number the schema refuses in a file, validate() refuses after the flags, and the other way round (nan and
    inf, which TOML has and JSON has not, only validate() refuses: the file is checked by both)."""
    config = Config(start_urls=["https://ent.example.fr/"])
    validator = Draft202012Validator(published())
    for table in NON_NEGATIVE_TABLES:
        for f in fields(getattr(config, table)):
            if isinstance(f.default, bool) or not isinstance(f.default, int | float):
                continue
            number = value if isinstance(f.default, float) else int(value)
            if number != value:
                continue
            schema_ok = validator.is_valid({table: {f.name: number}})
            candidate = Config(start_urls=config.start_urls)
            setattr(getattr(candidate, table), f.name, number)
            try:
                validate(candidate)
                validate_ok = True
            except ConfigError:
                validate_ok = False
            assert schema_ok == validate_ok, (table, f.name, number)


def toml_examples() -> list:
    """Every ```toml block of README.md and docs/*.md: (file, line, text), named file:line."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in TOML_BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(pytest.param(path.name, line, match.group(1), id=f"{path.name}:{line}"))
    return found


def test_the_docs_have_toml_examples() -> None:
    files = {example.values[0] for example in toml_examples()}
    assert {"README.md", "SAFETY.md"} <= files and len(toml_examples()) >= 4


@pytest.mark.parametrize("name, line, text", toml_examples())
def test_every_toml_example_of_the_docs_is_valid(tmp_path: Path, name: str, line: int, text: str) -> None:
    """A budget file (a [budget] table) by the budget loader; any other by the config's schema and loader."""
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    data = tomllib.loads(text)
    if "budget" in data:
        load_budget(path)
        return
    errors = [e.message for e in Draft202012Validator(published()).iter_errors(data)]
    assert not errors, f"{name}:{line}: {errors}"
    config = load_config(path)
    config.start_urls = config.start_urls or ["https://ent.example.fr/"]
    validate(config)


def test_a_misspelt_key_is_named_with_the_key_it_is_closest_to(tmp_path: Path) -> None:
    data = {"crawl": {"max_page": 3}}
    errors = list(Draft202012Validator(published()).iter_errors(data))
    assert len(errors) == 1 and "'max_page'" in errors[0].message  # what an editor shows, from the schema alone
    path = tmp_path / "ent-audit.toml"
    path.write_text("[crawl]\nmax_page = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"config {path}: unknown key [crawl] max_page (did you mean max_pages?)"


def test_an_unknown_key_is_reported_before_the_other_problems() -> None:
    with pytest.raises(
        ConfigError, match=r"^f: unknown key \[capture\] axe_timeout \(did you mean axe_timeout_s\?\)$"
    ) as caught:
        check_schema({"crawl": {"max_pages": "ten"}, "capture": {"axe_timeout": 3}}, "f")
    assert "\n" not in str(caught.value)


def test_a_password_in_the_file_is_refused_for_the_name_of_its_variable(tmp_path: Path) -> None:
    """Secrets never go in the config: there is no key for one, and the error points to the variable's name."""
    path = tmp_path / "ent.toml"
    path.write_text('[auth]\nstrategy = "cas"\npassword = "hunter2"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).endswith("unknown key [auth] password (did you mean password_env?)")
    assert "hunter2" not in str(caught.value)
