"""The read-only URL policy (crawler/safety/url.py): disguised actions are seen through, CSRF/nonce and action
parameters mark actions, links are judged on their own words, login pages are never crawled, the allow-list is the
only way a write leaves, and ordinary pages, bundles and icons still load."""

from __future__ import annotations

import pytest

from ent_audit.crawler.safety import ReadOnlyGuard, Scope
from ent_audit.crawler.safety.url import UrlPolicy, decode, fold, parse_allow_entry, words

E = "https://ent.example.fr"
POLICY = UrlPolicy()


def link(path: str, text: str = "", policy: UrlPolicy = POLICY) -> str:
    return policy.link_reason(E + path, text)


def request(
    path: str,
    resource_type: str = "document",
    method: str = "GET",
    policy: UrlPolicy = POLICY,
    headers: dict | None = None,
) -> str:
    return policy.request_reason(method, E + path, resource_type, headers)


# -- disguises: the same action, however it is written ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path, label",
    [
        ("/d%C3%A9connexion", "logout"),  # percent-encoded UTF-8
        ("/d%25C3%25A9connexion", "logout"),  # double-encoded
        ("/d%E9connexion", "logout"),  # Latin-1 (a Java or IIS server reads é)
        ("/log%6Fut", "logout"),  # an unreserved letter encoded
        ("/log%u006Fut", "logout"),  # IIS %u escape
        ("/LOGOUT", "logout"),
        ("/logout;.png", "logout"),  # ;params stripped: Tomcat and Spring see /logout
        ("/logout;jsessionid=1.css", "logout"),
        ("/De\u0301connexion", "logout"),  # NFD
        ("/D\u00e9connexion", "logout"),  # NFC
        ("/\uff4c\uff4f\uff47\uff4f\uff55\uff54", "logout"),  # fullwidth
        ("/api/delete/x.js", "delete"),
        ("/user/doLogout", "logout"),  # camelCase
        ("/sign_out", "logout"),
        ("/log-out", "logout"),
        ("/messages/markAsRead", "mark as read"),
        ("/conversation/emptyTrash", "trash"),
        ("/conversation/toggleUnread/3", "mark as read"),
        ("/resetpassword", "reset"),  # one word: caught by its start
        ("/compte/reinitialiser-mot-de-passe", "reset"),
        ("/DeLeTeThIsMeSsAgE", "delete"),  # random-looking case: the stem inside still counts
        ("/se-d%C3%A9connecter", "logout"),
    ],
)
def test_disguised_actions_are_refused_as_links_and_as_navigations(path, label):
    assert link(path) == f"action: {label}"
    assert request(path) == f"action: {label}"


def test_a_static_suffix_never_overrides_a_deny_for_a_navigation():
    assert request("/logout.png") == "action: logout"
    assert request("/icons/corbeille.svg") == "action: trash"  # as a page, even an icon's URL is judged whole
    assert request("/logout.png", "image") == "action: logout"  # no asset directory: Spring/Rails suffix matching
    assert request("/portail/Logout.png", "image") == "action: logout"


def test_normalisation_helpers():
    assert decode("/d%25C3%25A9connexion") == "/déconnexion"
    assert decode("%" * 3) == "%%%"
    assert fold("DÉCONNEXION") == "deconnexion" and fold("ｌｏｇｏｕｔ") == "logout"
    assert words("markAsRead") == ["mark", "as", "read"]
    assert words("XMLHttpRequest") == ["xml", "http", "request"]
    assert words("delete2") == ["delete", "2"]
    assert words("6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c") == []  # an id never spells a verb ("add" in hex)
    assert words("KFOmCnqEu92Fr1Mu4mxK") == ["kfomcnqeu92fr1mu4mxk"]  # a random name stays one piece


# -- CSRF / nonce parameters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, name",
    [
        ("/wp-admin/comment.php?c=7&action=approve&_wpnonce=8c1d2e3f4a", "_wpnonce"),
        ("/blog/7/statut?valeur=publie&_wpnonce=8c1d2e3f4a", "_wpnonce"),
        ("/mod/forum/markposts.php?f=1&mark=read&sesskey=Ab12Cd", "sesskey"),
        ("/w/index.php?title=R%C3%A8glement&from=Eleve&token=5e1f0a9b3c7d%2B%5C", "token"),  # MediaWiki
        ("/doku.php?id=start&sectok=9f8e7d", "sectok"),  # DokuWiki
        ("/posts/3?authenticity_token=abc", "authenticity_token"),  # Rails
        ("/x?csrfmiddlewaretoken=abc", "csrfmiddlewaretoken"),  # Django
        ("/x?__RequestVerificationToken=abc", "__requestverificationtoken"),  # ASP.NET
        ("/x?form_key=abc", "form_key"),  # Magento
        ("/x?_csrf=abc", "_csrf"),  # Spring Security
        ("/x?_token=abc", "_token"),  # Laravel
        ("/x?XSRF-TOKEN=abc", "xsrf-token"),
        ("/x?requesttoken=abc", "requesttoken"),  # Nextcloud
        ("/x?admin-nonce=abc", "admin-nonce"),  # Grav
        ("/app#/messages/3?_wpnonce=abc", "_wpnonce"),  # in an SPA route's query too
    ],
)
def test_csrf_and_nonce_parameters_mark_an_action(path, name):
    assert link(path) == f"csrf parameter {name}"


def test_joomla_and_phpbb_tokens():
    assert link("/index.php?option=com_content&a3f1c2b4d5e6f708192a3b4c5d6e7f80=1") == "csrf parameter (Joomla token)"
    assert link("/viewforum.php?f=2&hash=1a2b3c4d&mark=topics") == "csrf parameter hash"
    assert link("/viewforum.php?f=2&hash=tags") == ""  # a plain word is not phpBB's link hash


def test_an_openid_connect_nonce_is_a_login_step_not_an_action():
    authorize = "/oauth2/authorize?response_type=code&client_id=ent&nonce=n-0S6_WzA2Mj&state=af0ifjsldkj"
    assert request(authorize) == ""  # the login browser goes through it
    assert link(authorize) == "login page"  # but it is never crawled


# -- action parameters -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, reason",
    [
        ("action=delete", "action=delete"),
        ("do=revert", "do=revert"),
        ("op=markread", "op=markread"),
        ("action=rollback&from=X", "action=rollback"),
        ("action=purge", "action=purge"),
        ("action=watch", "action=watch"),
        ("action=unwatch", "action=unwatch"),
        ("action=protect", "action=protect"),
        ("action=markpatrolled", "action=markpatrolled"),
        ("do=logout", "do=logout"),
        ("do=subscribe", "do=subscribe"),
        ("ACTION=Supprimer", "action=Supprimer"),
        ("cmd=r%C3%A9initialiser", "cmd=réinitialiser"),
        ("task=article.delete", "task=article.delete"),
        ("action=edit", "action=edit"),  # edit locks (WordPress, DokuWiki)
        ("task=article.edit", "task=article.edit"),
        ("action=frobnicate", "action=frobnicate"),  # unknown: an action
        ("_method=DELETE", "_method=DELETE"),
        ("mode=delete", "mode=delete"),
        ("_eventId=submit", "_eventid=submit"),
    ],
)
def test_action_parameters_that_are_not_reads(query, reason):
    assert link("/index.php?title=Page&" + query) == f"action parameter {reason}"


@pytest.mark.parametrize(
    "query",
    [
        "action=view",
        "action=VIEW",
        "do=show",
        "action=history",
        "action=info",
        "action=raw",
        "action=render",
        "action=diff",
        "do=export_raw",
        "do=export_xhtml",
        "do=search&q=x",
        "action=print",
        "op=list",
        "do=index",
        "do=recent",
        "do=revisions",
        "mode=list",
        "mode=grid",
        "action=",
        "do=media",
    ],
)
def test_read_verbs_in_action_parameters_pass(query):
    assert link("/doku.php?id=start&" + query) == ""


# -- link words: visible text, title, aria-label, rel ----------------------------------------------------------------


@pytest.mark.parametrize(
    "words_, label",
    [
        ("Se déconnecter", "logout"),
        ("Déconnexion", "logout"),
        ("Log out", "logout"),
        ("Sign out", "logout"),
        ("Quitter la session", "logout"),
        ("Supprimer le message", "delete"),
        ("Supprimer", "delete"),
        ("Tout supprimer", "delete"),
        ("Archive", "archive"),
        ("Archiver", "archiver"),
        ("Vider la corbeille", "empty"),
        ("Marquer comme lu", "mark as read"),
        ("Mark all as read", "mark as read"),
        ("Mettre à jour", "update"),
        ("Masquer", "masquer"),
        ("Envoyer", "envoyer"),
        ("Désinscrire", "unsubscribe"),
        ("Mon compte\nnofollow logout", "logout"),  # text, then rel
        ("Message de Mme Martin | Supprimer le message", "delete"),  # text, then title
    ],
)
def test_link_words_say_it_is_an_action(words_, label):
    assert link("/hostile/compte/k7", words_) == f"link words: {label}"


@pytest.mark.parametrize(
    "words_",
    [
        "Page dont le script supprime et marque comme lu",  # a sentence mentioning a verb, not a command
        "Raccourci (redirige vers la déconnexion)",
        "Archives",
        "Mises à jour du règlement",
        "Commentaire n° 7",
        "Boîte de réception",
        "",
        "Lire la suite",
    ],
)
def test_link_words_that_are_no_command(words_):
    assert link("/blog/post/12", words_) == ""


# -- API verbs -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/api/x/save", "action: save"),
        ("/api/user/setStatus", "action: set (API)"),
        ("/api/doc/3/edit", "action: edit (API)"),
        ("/conversation/api/messages/2/read", "action: mark as read (API)"),
        ("/rest/v1/items/create", "action: create (API)"),
        ("/ajax/share/3", "action: share (API)"),
    ],
)
def test_write_verbs_under_an_api_segment(path, reason):
    assert link(path) == reason and request(path, "xhr") == reason


def test_api_reads_pass():
    for path in (
        "/conversation/api/folders/inbox/messages",
        "/conversation/api/messages/3/attachments",
        "/api/items/3add0c8e-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
        "/timeline/lastNotifications?page=0",
        "/edit/help",
        "/set/3",
    ):  # edit and set outside an API name pages
        assert request(path, "xhr") == "", path


# -- the ENT endpoints of reference/domain.md §5 and the old deny list -----------------------------------------------


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/auth/logout", "action: logout"),
        ("/auth/logout?callback=/", "action: logout"),
        ("/auth/saml/slo", "action: logout"),
        ("/auth/openid/slo", "action: logout"),
        ("/auth/canope/logout", "action: logout"),
        ("/cas/logout?service=x", "action: logout"),
        ("/portail/Logout", "action: logout"),
        ("/slo", "action: logout"),
        ("/archive/export/clear", "action: archive"),
        ("/archive/import/clear", "action: archive"),
        ("/archive/import/delete/12", "action: archive"),
        ("/timeline/performDailyMailing", "action: sends mail"),
        ("/timeline/performWeeklyMailing", "action: sends mail"),
        ("/cas/configuration/reload", "action: reload"),
        ("/cas/configuration/mappings/reload", "action: reload"),
        ("/auth/reset/abc123", "action: reset"),
        ("/workspace/document/archive/1,2", "action: archive"),
        ("/directory/api/export", "action: export"),
        ("/api/internal/users", "action: internal API"),
        ("/admin", "action: admin console"),
        ("/wp-admin/", "action: admin console"),
        ("/calendar/export.ics", "action: export"),
        ("/agenda/cal.ics", "action: calendar export (.ics)"),
        ("/agenda?format=ics", "action: calendar export (.ics)"),
        ("/conversation/trash/empty", "action: trash"),
        ("/workspace/document/1/delete", "action: delete"),
        ("/unsubscribe?list=3", "action: unsubscribe"),
    ],
)
def test_ent_endpoints_never_fetched(path, reason):
    assert link(path) == reason
    assert request(path) == reason


def test_openent_messages_are_not_read_since_reading_marks_them_read():
    for path in ("/conversation/api/messages/3", "/conversation/message/3", "/conversation/api/messages/ab12/"):
        assert request(path, "xhr") == "action: marks as read", path
        assert link(path) == "action: marks as read", path
    for path in (
        "/conversation/api/folders/inbox/messages",
        "/conversation/conversation",
        "/conversation/api/messages/3/attachments/1.png",
    ):  # the inbox, the app, an attachment
        assert request(path, "xhr") == "", path


# -- login pages -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/cas/login?service=https%3A%2F%2Fent.example.fr%2F",
        "/cas/serviceValidate?ticket=ST-1",
        "/auth/login",
        "/login",
        "/signin",
        "/users/sign_in",
        "/connexion",
        "/w/index.php?title=Special:UserLogin",
        "/wiki/Special:UserLogin",
        "/doku.php?do=login",
        "/idp/profile/SAML2/Redirect/SSO?SAMLRequest=fZJdT4Mw",
        "/auth/saml/authn/ent",
        "/auth/openid/login",
        "/oauth2/authorize?client_id=x",
        "/Shibboleth.sso/Login",
        "/discovery/WAYF?entityID=x",
        "/wp-login.php",
    ],
)
def test_login_pages_are_never_crawled_but_may_be_requested(path):
    assert link(path) == "login page"
    assert request(path) == ""  # the login browser and a session renewal go through them


def test_configured_login_paths():
    policy = UrlPolicy(login_paths=["https://ent.example.fr/portail/entree?service=https%3A%2F%2Fent.example.fr%2F"])
    assert link("/portail/entree", policy=policy) == "login page"  # where to return is not part of it
    assert link("/portail/entree/etape-2", policy=policy) == "login page"
    assert link("/portail/entrees", policy=policy) == ""
    assert UrlPolicy(login_paths=["https://ent.example.fr/"]).link_reason(E + "/") == ""  # "/" is never one
    # behind a front controller, the login page is its path WITH its own parameters (MediaWiki, DokuWiki)
    wiki = UrlPolicy(login_paths=["https://ent.example.fr/index.php?title=Special:UserLogin"])
    assert wiki.link_reason(E + "/index.php?title=Special:UserLogin&returnto=Accueil") == "login page"
    assert wiki.link_reason(E + "/index.php?title=Accueil") == ""
    assert wiki.link_reason(E + "/index.php?title=Aide&action=history") == ""


# -- the allow-list --------------------------------------------------------------------------------------------------


def test_an_allow_entry_lets_only_its_method_and_url_through():
    policy = UrlPolicy(allow=["PUT /api/session/current/", "GET /admin/stats*", "POST https://ENT.example.fr/api/hb"])
    assert request("/api/session/current/", "xhr", "PUT", policy) == ""
    assert request("/api/session/current/", "xhr", "POST", policy) == "method POST"  # another method
    assert request("/api/session/other/", "xhr", "PUT", policy) == "method PUT"  # another URL
    assert request("/api/session/current/?x=1", "xhr", "PUT", policy) == ""  # no "?" in the pattern: path only
    assert request("/admin/stats/2024", policy=policy) == "" and link("/admin/stats", policy=policy) == ""
    assert request("/admin/users", policy=policy) == "action: admin console"
    assert request("/admin/stats", method="POST", policy=policy) == "method POST"
    assert request("/api/hb", "fetch", "POST", policy) == ""  # full URL pattern, host case ignored
    assert policy.request_reason("POST", "https://other.example.fr/api/hb", "fetch") == "method POST"
    assert request("/api/session/current/", "preflight", "OPTIONS", policy) == ""  # the write's CORS preflight
    assert policy.allowed("put", E + "/api/session/current/") and not policy.allowed("GET", E + "/api/session/current/")


def test_allow_patterns_with_a_query_and_hidden_dot_segments():
    policy = UrlPolicy(allow=["GET /report?year=*", "GET /files/*"])
    assert policy.allowed("GET", E + "/report?year=2024") and not policy.allowed("GET", E + "/report")
    assert not policy.allowed("GET", E + "/files/%2e%2e/logout")  # * never reaches another path


def test_writes_are_refused_without_an_allow_entry():
    for method in ("POST", "PUT", "PATCH", "DELETE", "post"):
        assert request("/blog", "fetch", method) == f"method {method.upper()}"
    assert request("/blog", method="HEAD") == "" and request("/blog", method="OPTIONS") == ""


def test_allow_line_is_the_exact_config_line():
    assert POLICY.allow_line("put", E + "/api/session/current/?t=9") == 'allow = ["PUT /api/session/current/"]'
    assert POLICY.allow_line("DELETE", E + "/api/messages/42") == 'allow = ["DELETE /api/messages/42"]'


@pytest.mark.parametrize(
    "entry, message",
    [
        ("PUTT /x", "method must be one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"),
        ("/x", 'must be "METHOD URL-pattern"'),
        ("GET /a /b", 'must be "METHOD URL-pattern"'),
        ("GET x", "must start with / (a path) or http(s)://"),
        ("POST /*", "not only *"),
        ("POST https://ent.example.fr/*", "not only *"),
    ],
)
def test_bad_allow_entries(entry, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        parse_allow_entry(entry)


# -- sub-resources and false positives -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, resource_type",
    [
        ("/w/load.php?modules=reset-editor-styles&only=styles", "stylesheet"),  # MediaWiki ResourceLoader
        ("/style.css?v=clear", "stylesheet"),
        ("/hostile/js/editeur.js?modules=delete-confirm,logout-timer", "script"),
        ("/hostile/img/icone.png?nom=supprimer", "image"),
        ("/images/trash-icon.svg", "image"),  # an icon in an asset directory: served by the static handler
        ("/assets/icons/corbeille.svg", "image"),
        ("/theme/default/img/logout.png", "image"),
        ("/static/fonts/KFOmCnqEu92Fr1Mu4mxK.woff2", "font"),
        ("/assets/media/annonce.wav", "media"),
    ],
)
def test_harmless_subresources_load(path, resource_type):
    assert request(path, resource_type) == ""


@pytest.mark.parametrize(
    "path, resource_type, reason",
    [
        ("/api/delete/x.js", "script", "action: delete"),  # an API path: judged on its words
        ("/logout;.png", "image", "action: logout"),  # ;.png is no suffix
        ("/img.png?action=delete", "image", "action parameter action=delete"),
        ("/assets/x.css?_wpnonce=abc", "stylesheet", "csrf parameter _wpnonce"),
        ("/conversation/api/messages/2/markasread", "image", "action: mark as read"),
        ("/pixel.gif?mode=unsubscribe", "image", "action parameter mode=unsubscribe"),
    ],
)
def test_subresources_that_are_actions(path, resource_type, reason):
    assert request(path, resource_type) == reason


@pytest.mark.parametrize(
    "path",
    [
        "/blog/post/12",
        "/conversation/conversation#/inbox",
        "/conversation/conversation#/message/3",
        "/blog/updates",
        "/archives/2024",
        "/removal-policy",
        "/calendar/calendar?month=2026-12",
        "/timeline/timeline",
        "/aide",
        "/vie-scolaire",
        "/docs/photos-sortie.zip",
        "/labo/defilement/bon?page=2",
        "/redirect-to-blog",
        "/pieges/js-ecrit",
        "/pannes/503-puis-ok",
        "/workspace/f/6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
        "/hostile/s/Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF/cahier-de-textes",
        "/mentions-legales",
        "/blog#commentaires",
        "/faq#comment-supprimer-un-message",  # an in-page anchor is never sent: not judged
    ],
)
def test_ordinary_pages_pass(path):
    assert link(path) == "" and request(path) == ""


def test_choices_that_refuse_on_the_safe_side():
    assert link("/help/logout-faq") == "action: logout"  # "logout" in a path is too strong a sign
    assert link("/update") == "action: update" and link("/blog/updates") == ""  # the verb, not the noun
    assert link("/conversation/conversation#/trash") == "action: trash"  # an SPA route is judged like a path
    assert link("/search?q=supprimer+compte") == "action: delete"  # query words count for links


# -- the guard's other questions -------------------------------------------------------------------------------------


def test_service_workers_and_speculative_loads():
    assert request("/sw.js", "script", headers={"Service-Worker": "script"}) == "service worker registration"
    assert (
        UrlPolicy(allow_service_workers=True).request_reason(
            "GET", E + "/sw.js", "script", {"service-worker": "script"}
        )
        == ""
    )
    assert request("/blog", headers={"Sec-Purpose": "prefetch"}) == "speculative load (prefetch/prerender)"
    assert request("/blog", headers={"Sec-Purpose": "prefetch;prerender"}) == "speculative load (prefetch/prerender)"
    assert request("/blog", headers={"Purpose": "prefetch"}) == "speculative load (prefetch/prerender)"
    assert request("/hostile/flux/marquer-lu", "eventsource") == "action: mark as read"
    assert POLICY.request_reason("GET", "wss://ent.example.fr/logout", "websocket") == "action: logout"


def test_user_deny_patterns_and_deny_defaults():
    policy = UrlPolicy(deny=[r"/private/"], deny_defaults=False)
    assert link("/private/x", policy=policy) == "denied by [crawl] deny"
    assert link("/priv%61te/x", policy=policy) == "denied by [crawl] deny"  # matched on the decoded URL too
    assert link("/auth/logout", policy=policy) == ""  # the built-in lists are off…
    assert link("/x?_wpnonce=1", policy=policy) == "csrf parameter _wpnonce"  # …the parameter rules are not
    assert link("/cas/login", policy=policy) == "login page"
    assert request("/x", "fetch", "POST", policy) == "method POST"
    blog = UrlPolicy(deny=[r"/blog/"])
    assert blog.request_reason("GET", E + "/blog/img/1.png", "image") == ""  # a deny never strips a page of images


def test_scope_and_guard_keep_their_api():
    scope = Scope.for_start_urls([E + "/"], [r"/private/"], allow=["GET /admin/stats"], login_paths=[E + "/entree"])
    assert scope.reason_to_skip(E + "/auth/logout") == "action: logout"
    assert scope.reason_to_skip(E + "/hostile/compte/k7", "Se déconnecter") == "link words: logout"
    assert scope.reason_to_skip(E + "/entree") == "login page"
    assert scope.reason_to_skip(E + "/private/a") == "denied by [crawl] deny"
    assert scope.reason_to_skip(E + "/admin/stats") == "" and scope.follow(E + "/admin/stats") == E + "/admin/stats"
    assert scope.reason_to_skip("https://other.example.fr/") == "out of scope"
    assert scope.reason_to_skip("mailto:a@b.fr") == "not http"
    assert scope.reason_to_skip(E + "/docs/a.pdf") == "document"
    assert scope.denied(E + "/logout") and not scope.denied(E + "/blog")
    guard = ReadOnlyGuard(scope)
    assert guard.reason_to_block("GET", E + "/icons/corbeille.svg", "image") == ""
    assert guard.reason_to_block("GET", E + "/icons/corbeille.svg") == "action: trash"
    assert guard.reason_to_block("POST", "data:,x") == "method POST" and guard.reason_to_block("GET", "blob:x") == ""
    assert (
        guard.reason_to_block("GET", E + "/sw.js", "script", {"Service-Worker": "script"})
        == "service worker registration"
    )
    assert (
        ReadOnlyGuard(scope, allow_service_workers=True).reason_to_block(
            "GET", E + "/sw.js", "script", {"Service-Worker": "script"}
        )
        == ""
    )


def test_built_from_the_config(tmp_path):
    from ent_audit.crawler.config import load_config, validate

    path = tmp_path / "ent.toml"
    path.write_text(
        'start_urls = ["https://ent.example.fr/"]\n[auth]\nlogin_url = "https://ent.example.fr/entree"\n'
        '[crawl]\ndeny = ["/a/"]\n[safety]\ndeny = ["/b/"]\nallow = ["PUT /api/session/current/"]\n'
        "service_workers = true\n",
        encoding="utf-8",
    )
    config = validate(load_config(path))
    scope = Scope.for_config(config)
    assert scope.reason_to_skip(E + "/a/1") == scope.reason_to_skip(E + "/b/1") == "denied by [crawl] deny"
    assert scope.reason_to_skip(E + "/entree") == "login page"
    guard = ReadOnlyGuard.for_config(config, scope)
    assert guard.reason_to_block("PUT", E + "/api/session/current/", "xhr") == ""
    assert guard.reason_to_block("GET", E + "/sw.js", "script", {"Service-Worker": "script"}) == ""


def test_unparsable_urls_are_refused_not_raised():
    assert POLICY.link_reason("http://[::1/x") == "unparsable URL"
    assert POLICY.request_reason("GET", "http://[::1/x") == "unparsable URL"


def test_encoding_nested_too_deep_is_refused():
    deep = "/log%" + "25" * 12 + "6Fut"  # %6F encoded 13 times
    assert link(deep) == "unparsable URL" and request(deep) == "unparsable URL"
    with pytest.raises(ValueError):
        decode(deep)


def test_a_front_controller_login_url_names_the_login_page_only_with_its_parameters():
    policy = UrlPolicy(login_paths=[E + "/index.php?title=Special:UserLogin&returnto=Main_Page"])
    assert policy.login_page(E + "/index.php?title=Special:UserLogin")
    assert policy.login_page(E + "/index.php?returnto=Accueil&title=Special%3AUserLogin")
    assert not policy.login_page(E + "/index.php?title=Main_Page&action=history")  # every page shares the path
    assert not policy.login_page(E + "/index.php")
    assert policy.login_page(E + "/cas/login?service=x") and not policy.login_page("http://[::1")
