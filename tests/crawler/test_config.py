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
        ("[crawl]\nmax_pagez = 3\n", "ent.toml: unknown key [crawl] max_pagez (did you mean max_pages?)"),
        (
            "colour = 'blue'\n",
            "unknown key colour (known keys: auth, capture, crawl, declaration, durable, kinds, lighthouse,",
        ),
        ("[crawl]\nmax_pages = 'ten'\n", "[crawl] max_pages must be int, got str 'ten'"),
        ("[crawl]\nmax_pages = 3.0\n", "[crawl] max_pages must be int, got float 3.0"),
        ("[capture]\ncoverage = 1\n", "[capture] coverage must be bool, got int 1"),
        ("[crawl]\nconcurrency = 17\n", "[crawl] concurrency must be at most 16, got 17"),
        ("[crawl]\npage_timeout_s = 0\n", "[crawl] page_timeout_s must be above 0, got 0"),
        ("[auth]\nstrategy = 'CAS'\n", "[auth] strategy 'CAS' is not supported (use one of: none, cas, openent,"),
        ("[[profiles]]\nnmae = 'parent'\n", "unknown key [[profiles]] #1 nmae (did you mean name?)"),
        ("profiles = ['parent']\n", "profiles must be [[profiles]] tables"),
        ("[kinds]\nblog = ['blog/*']\n", "[kinds] blog needs URL path patterns starting with / or *"),
        ("[crawl]\ndelay = 1" + "0" * 400 + "\n", "[crawl] delay is too large"),
        ("[crawl\n", "not valid TOML"),
        ("crawl = 3\n", "'crawl' must be a table [crawl]"),
        # the déclaration d'écoconception: 2.3 applies to every service (the official spreadsheet's list for its row
        # has no "Non applicable"), a status is dated, the ids are RGESN 2024's, the statuses the official ones
        (
            "[declaration.rgesn.criteria]\n'2.3' = {status = 'Non applicable', date = '2026-11-02'}\n",
            '[declaration.rgesn.criteria] 2.3 cannot be "Non applicable": RGESN 2024 applies it to every service',
        ),
        (
            "[declaration.rgesn.criteria]\n'6.3' = {status = 'Validé'}\n",
            '[declaration.rgesn.criteria] 6.3 is "Validé" without its date: add date = "YYYY-MM-DD"',
        ),
        (
            "[declaration.rgesn.criteria]\n'6.9' = {status = 'Validé', date = '2026-11-02'}\n",
            "[declaration.rgesn.criteria] 6.9 is not an RGESN 2024 criterion",
        ),
        ("[declaration.rgesn.criteria]\n'6.3' = {status = 'Conforme', date = '2026-11-02'}\n", "'Conforme'"),
        ("[declaration.rgesn.criteria]\n'6.3' = {status = 'Validé', date = '2 nov.'}\n", "'2 nov.'"),
    ],
)
def test_bad_files(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_declaration_statuses_and_their_dates(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """[declaration.rgesn]
service = "ENT du collège"
target_score = 60
[declaration.rgesn.criteria]
"6.3" = {status = "Validé", date = "2026-11-02", text = "Compression gzip."}
"9.2" = {status = "Non applicable", date = "2026-11-03"}
"1.1" = {status = "À évaluer"}
""",
        )
    )
    rgesn = config.declaration.rgesn
    assert rgesn.service == "ENT du collège" and rgesn.target_score == 60.0
    assert {id_: (c.status, c.date) for id_, c in rgesn.criteria.items()} == {
        "6.3": ("Validé", "2026-11-02"),
        "9.2": ("Non applicable", "2026-11-03"),
        "1.1": ("À évaluer", ""),
    }
    assert rgesn.criteria["6.3"].text == "Compression gzip."
    assert load_config(None).declaration.rgesn.criteria == {}


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
        ('[safety]\nallow = "PUT /x"\n', "[safety] allow must be a list of strings"),
        ("[safety]\nwebsocket = true\n", "unknown key [safety] websocket (did you mean websockets?)"),
    ],
)
def test_bad_safety_values(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        validate(load_config(write(tmp_path, "start_urls = ['https://x/']\n" + text)))
    assert message in str(caught.value) and "\n" not in str(caught.value)
