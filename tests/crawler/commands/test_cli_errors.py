"""Bad input (exit 2), a refused login (exit 3): one line on stderr naming the problem, never a traceback, through
the real command in a child process. An unreachable site (exit 3) and an unwritable --out (exit 4) are in
test_exit_codes.py (in process, in make check) and tests/crawler/test_output_errors.py."""

import pytest

from tests.conftest import run_cli as run_ent_audit

pytestmark = pytest.mark.browser


def run_cli(*args: str, **options):
    """The command in English: these tests read its English messages (test_language.py tests the French ones)."""
    return run_ent_audit(*args, "--lang", "en", **options)


def assert_one_line_error(process, *fragments, code=2):
    assert process.returncode == code, (process.returncode, process.stderr)
    assert "Traceback" not in process.stderr
    lines = [line for line in process.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, process.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("url", ["ht!tp://nope", "127.0.0.1:8000/portail", "http://", "http://127.0.0.1:99999/"])
def test_malformed_url(tmp_path, url):
    assert_one_line_error(run_cli("audit", url, "--out", str(tmp_path / "o")), url)


def test_missing_config_file(tmp_path):
    missing = tmp_path / "absent.toml"
    assert_one_line_error(
        run_cli("audit", "http://127.0.0.1:1/", "--config", str(missing), "--out", str(tmp_path)),
        "not found",
        str(missing),
    )


def test_config_with_an_unknown_key(tmp_path):
    config = tmp_path / "ent.toml"
    config.write_text("[crawl]\nmax_pages = 3\nfollow_logout = true\n", encoding="utf-8")
    assert_one_line_error(
        run_cli("audit", "http://127.0.0.1:1/", "--config", str(config), "--out", str(tmp_path)),
        "unknown key [crawl] follow_logout (known keys: ",
        str(config),
    )


def test_bad_flag_value(tmp_path):
    assert_one_line_error(
        run_cli("audit", "http://127.0.0.1:1/", "--max-pages", "lots", "--out", str(tmp_path)), "--max-pages"
    )


def test_wrong_password_is_a_clear_error_not_a_loop(tmp_path, demo_ent):
    from tests.conftest import login_config

    config = login_config(demo_ent, tmp_path / "ent.toml")
    process = run_cli(
        "audit",
        demo_ent.base_url + "/",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "o"),
        "--db",
        str(tmp_path / "d.sqlite"),
        env={"DEMO_USER": demo_ent.USERNAME, "DEMO_PASSWORD": "not-the-password"},
    )
    assert_one_line_error(process, "login refused", "DEMO_USER", code=3)
    assert "not-the-password" not in process.stderr


def test_missing_credentials_variables(tmp_path, demo_ent):
    from tests.conftest import login_config

    config = login_config(demo_ent, tmp_path / "ent.toml")
    process = run_cli(
        "audit",
        demo_ent.base_url + "/",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "o"),
        "--db",
        str(tmp_path / "d.sqlite"),
        env={"DEMO_USER": "", "DEMO_PASSWORD": ""},
    )
    assert_one_line_error(process, "DEMO_USER", "DEMO_PASSWORD", "not set")


def test_history_store_that_cannot_be_opened(tmp_path, demo_ent):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_line_error(
        run_cli(
            "audit", demo_ent.base_url + "/aide", "--out", str(tmp_path / "o"), "--db", str(blocker / "history.sqlite")
        ),
        "history store",
        "--db",
    )
