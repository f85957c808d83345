"""Login helpers that need no server: state files, success checks, profiles."""

import json
import os
import stat

import pytest

from ent_audit.crawler.auth.base import LoginError, succeeded
from ent_audit.crawler.auth.storage_state import load_state_file, save_state_file
from ent_audit.crawler.config import AuthConfig, ConfigError, load_config, validate
from ent_audit.crawler.safety import ReadOnlyGuard, Scope
from ent_audit.crawler.spiders.ent import retry_after_seconds


def test_state_file_round_trip_is_private(tmp_path):
    state = {"cookies": [{"name": "ENTSESSION", "value": "abc", "domain": "127.0.0.1", "path": "/"}], "origins": []}
    path = save_state_file(state, str(tmp_path / "state.json"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_state_file(str(path)) == state


def test_cookie_export_lists_are_accepted(tmp_path):
    path = tmp_path / "cookies.json"
    path.write_text(
        json.dumps(
            [
                {
                    "name": "oneSessionId",
                    "value": "x",
                    "domain": ".ent.fr",
                    "expirationDate": 2e9,
                    "sameSite": "no_restriction",
                    "hostOnly": False,
                }
            ]
        )
    )
    (cookie,) = load_state_file(str(path))["cookies"]
    assert cookie == {"name": "oneSessionId", "value": "x", "domain": ".ent.fr", "expires": 2e9, "path": "/"}


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "not found"),
        ("{", "not readable JSON"),
        ('{"origins": []}', "holds no cookies"),
        ('[{"name": "a"}]', "name and a value"),
    ],
)
def test_bad_state_files(tmp_path, content, message):
    path = tmp_path / "state.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(LoginError, match=message):
        load_state_file(str(path))


def test_success_checks():
    page = "<html><body><nav id='menu-eleve'></nav></body></html>"
    assert succeeded(AuthConfig(), "https://ent/", page)
    assert not succeeded(AuthConfig(), "https://ent/", "<form><input type='password'></form>")
    assert succeeded(AuthConfig(logged_in_selector="#menu-eleve"), "https://ent/", page)
    assert not succeeded(AuthConfig(logged_in_selector="#menu-parent"), "https://ent/", page)
    assert succeeded(AuthConfig(logged_in_url=r"/timeline"), "https://ent/timeline/timeline", page)


def test_profiles_carry_their_own_credentials(tmp_path):
    path = tmp_path / "ent.toml"
    path.write_text(
        """start_urls = ["https://ent.example.fr/"]
[auth]
strategy = "cas"
login_url = "https://ent.example.fr/cas/login"
[[profiles]]
name = "élève"
username_env = "ELEVE_USER"
password_env = "ELEVE_PASSWORD"
[[profiles]]
name = "parent"
username_env = "PARENT_USER"
password_env = "PARENT_PASSWORD"
""",
        encoding="utf-8",
    )
    config = validate(load_config(path))
    eleve, parent = config.profiles_to_run()
    assert parent.auth(config.auth).username_env == "PARENT_USER"
    assert parent.auth(config.auth).login_url == "https://ent.example.fr/cas/login"
    assert config.profile_label() == "élève, parent"


def test_a_profile_without_credentials_is_refused(tmp_path):
    path = tmp_path / "ent.toml"
    path.write_text('start_urls = ["https://e/"]\n[auth]\nstrategy = "basic"\n[[profiles]]\nname = "parent"\n')
    with pytest.raises(ConfigError, match="'parent': strategy 'basic' needs 'username_env'"):
        validate(load_config(path))


@pytest.mark.parametrize(
    "method, url, reason",
    [
        ("POST", "http://e/stats/beacon", "method POST"),
        ("DELETE", "http://e/api/messages/2", "method DELETE"),
        ("PUT", "http://e/api/messages/2/read", "method PUT"),
        ("GET", "http://e/auth/logout", "action: logout"),
        ("GET", "http://e/api/messages/2/markasread", "action: mark as read"),
        # judged as a navigation (the default resource type): a static suffix no longer overrides a deny; the same
        # icon loaded as an image is fetched (tests/crawler/safety/test_url.py)
        ("GET", "http://e/icons/corbeille.svg", "action: trash"),
        ("GET", "http://e/blog", ""),
        ("OPTIONS", "http://e/api", ""),
        ("HEAD", "http://e/doc.pdf", ""),
    ],
)
def test_read_only_guard(method, url, reason):
    assert ReadOnlyGuard(Scope.for_start_urls(["http://e/"])).reason_to_block(method, url) == reason


def test_user_deny_patterns_can_replace_the_defaults():
    scope = Scope.for_start_urls(["http://e/"], [r"/private/"], deny_defaults=False)
    assert not scope.denied("http://e/auth/logout") and scope.denied("http://e/private/x")
    # the guard on methods does not depend on patterns
    assert ReadOnlyGuard(scope).reason_to_block("POST", "http://e/blog") == "method POST"


@pytest.mark.parametrize(
    "value, seconds",
    [(b"3", 3.0), (None, 1.0), (b"soon", 1.0), (b"7200", 60.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after(value, seconds):
    assert retry_after_seconds(value) == seconds
