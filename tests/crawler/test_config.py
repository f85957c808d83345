"""Config file validation: every bad input is one line that says what, where and how to fix it."""

import pytest

from ent_audit.crawler.config import ConfigError, load_config, validate


def write(tmp_path, text):
    path = tmp_path / "ent.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config_loads(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
site = "Collège Exemple"
profile = "élève"
start_urls = ["https://ent.example.fr/"]
[auth]
strategy = "form"
login_url = "https://ent.example.fr/cas/login"
username_env = "ENT_USER"
password_env = "ENT_PASSWORD"
username_selector = "#username"
[crawl]
max_pages = 20
max_depth = 2
deny = ["/blog/"]
[capture]
quiet_ms = 700
""",
        )
    )
    validate(config)
    assert config.crawl.max_pages == 20 and config.auth.username_selector == "#username"
    assert config.capture.quiet_ms == 700 and config.crawl.deny == ["/blog/"]
    assert "ENT_PASSWORD" in str(config.to_dict())  # the variable's name, never its value


@pytest.mark.parametrize(
    "text, message",
    [
        ("[crawl]\nmax_pagez = 3\n", "unknown key 'max_pagez'"),
        ("colour = 'blue'\n", "unknown key 'colour'"),
        ("[crawl]\nmax_pages = 'ten'\n", "'max_pages' must be int"),
        ("[crawl\n", "not valid TOML"),
        ("crawl = 3\n", "must be a table"),
    ],
)
def test_bad_files(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(write(tmp_path, text))
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "text, message",
    [
        ("start_urls = ['ftp://x/']", "not an http"),
        ("start_urls = ['https://x/']\n[auth]\nstrategy = 'form'\n", "needs 'login_url'"),
        ("start_urls = ['https://x/']\n[auth]\nstrategy = 'magic'\n", "not supported"),
        ("start_urls = ['https://x/']\n[crawl]\ndeny = ['(']\n", "not a valid regular expression"),
        ("start_urls = []", "no start URL"),
    ],
)
def test_invalid_values(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        validate(load_config(write(tmp_path, text)))


def test_safety_table_loads_and_is_recorded(tmp_path):
    config = validate(
        load_config(
            write(
                tmp_path,
                """
start_urls = ["https://ent.example.fr/"]
[safety]
allow = ["PUT /api/session/current/", "GET /admin/stats*", "POST https://ent.example.fr/api/heartbeat"]
deny = ["/mon-ent/danger"]
service_workers = true
""",
            )
        )
    )
    assert config.safety.allow[0] == "PUT /api/session/current/" and config.safety.deny == ["/mon-ent/danger"]
    assert config.safety.service_workers and not config.safety.websockets
    assert config.to_dict()["safety"]["allow"] == config.safety.allow


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '[safety]\nallow = ["PUTT /x"]\n',
            '[safety] allow entry "PUTT /x": method must be one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE',
        ),
        ('[safety]\nallow = ["GET x"]\n', '[safety] allow entry "GET x": the URL pattern must start with /'),
        ('[safety]\nallow = ["POST /*"]\n', "not only *"),
        ('[safety]\nallow = ["/api/x"]\n', 'must be "METHOD URL-pattern"'),
        ('[safety]\ndeny = ["("]\n', "[safety] deny pattern '(' is not a valid regular expression"),
        ('[safety]\nallow = "PUT /x"\n', "'allow' must be a list of strings"),
        ("[safety]\nwebsocket = true\n", "unknown key 'websocket'"),
    ],
)
def test_bad_safety_values(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        validate(load_config(write(tmp_path, "start_urls = ['https://x/']\n" + text)))
    assert message in str(caught.value) and "\n" not in str(caught.value)
