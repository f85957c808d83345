"""The login submission is built from the page's own form: every field, hidden ones included."""

from urllib.parse import parse_qs

import pytest

from ent_audit.crawler.auth.base import LoginError, still_on_login_form
from ent_audit.crawler.auth.cas import build_login_request
from ent_audit.crawler.config import AuthConfig

CAS_PAGE = """<html><body>
<form action="/recherche"><input name="q" aria-label="Rechercher"></form>
<form id="fm1" method="post" action="/cas/login?service=http%3A%2F%2Fent%2F">
  <label for="username">Identifiant</label><input id="username" name="username">
  <label for="password">Mot de passe</label><input id="password" type="password" name="password">
  <input type="hidden" name="execution" value="e1s1-flow">
  <input type="hidden" name="_eventId" value="submit">
  <button type="submit" name="submit" value="Se connecter">Se connecter</button>
</form></body></html>"""


def test_cas_form_is_filled_with_hidden_fields():
    request = build_login_request(
        CAS_PAGE, "http://ent/cas/login?service=http%3A%2F%2Fent%2F", AuthConfig(strategy="cas"), "eleve", "s3cret pass"
    )
    assert request.method == "POST"
    assert request.url == "http://ent/cas/login?service=http%3A%2F%2Fent%2F"
    fields = parse_qs(request.body.decode())
    assert fields == {
        "username": ["eleve"],
        "password": ["s3cret pass"],
        "execution": ["e1s1-flow"],
        "_eventId": ["submit"],
        "submit": ["Se connecter"],
    }


def test_selectors_choose_the_fields():
    page = CAS_PAGE.replace('name="username"', 'name="j_username"')
    request = build_login_request(
        page, "http://ent/cas/login", AuthConfig(strategy="cas", username_selector="#username"), "eleve", "pw"
    )
    assert parse_qs(request.body.decode())["j_username"] == ["eleve"]


def test_page_without_password_field():
    with pytest.raises(LoginError, match="no password field"):
        build_login_request("<html><form><input name='q'></form></html>", "http://ent/", AuthConfig(), "u", "p")


def test_login_form_detection():
    assert still_on_login_form(CAS_PAGE)
    assert not still_on_login_form("<html><body><h1>Bonjour</h1></body></html>")
