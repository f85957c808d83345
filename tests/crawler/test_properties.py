"""Property tests (Hypothesis): URL canonicalisation, templates, redaction and same_page on generated URLs, and
fuzzed configuration files through the ``ent-audit audit`` entry point (one-line error and exit 2, or a valid
config; never a traceback). No crawl starts: the reachability check, the first step that touches the network, is
replaced by a stub that stops the command."""

from __future__ import annotations

import io
import math
import re
import string
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import fields
from datetime import date, datetime, time
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ent_audit.audits.model import same_page
from ent_audit.crawler import commands as cli
from ent_audit.crawler import runner
from ent_audit.crawler.config import Config, ConfigError, ProfileConfig, load_config, validate
from ent_audit.crawler.urls import REDACTED, canonical_url, redact_text, redact_url, template_of
from tests.conftest import run_cli

URL_SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- URLs ------------------------------------------------------------------------------------------------------

SECRET_KEYS = [
    "ticket",
    "TICKET",
    "token",
    "access_token",
    "id_token",
    "jsessionid",
    "sessionid",
    "sid",
    "PHPSESSID",
    "SAMLResponse",
    "RelayState",
    "password",
    "csrf_token",
    "onesessionid",
]
TRACKING_KEYS = ["utm_source", "utm_campaign", "fbclid", "gclid", "xtor"]
PLAIN_KEYS = ["page", "month", "q", "tab", "lang", "id", "service", "callback", "view"]

hosts = st.sampled_from(["127.0.0.1", "ent.example.fr", "ENT.Example.FR", "[::1]", "xn--lyce-dpa.ac-test.fr"])
ports = st.sampled_from(["", ":8000", ":443", ":80", ":65535"])
segment_chars = string.ascii_letters + string.digits + "-_.~%!$&'()*+,=:@é "
words = st.text(alphabet=segment_chars, min_size=1, max_size=10).filter(lambda s: s not in (".", ".."))
ids = st.one_of(st.integers(0, 10**12).map(str), st.uuids().map(str), st.binary(min_size=8, max_size=20).map(bytes.hex))
dates = st.one_of(
    st.dates(date(1990, 1, 1), date(2099, 12, 31)).map(date.isoformat),
    st.dates(date(1990, 1, 1), date(2099, 12, 31)).map(lambda d: d.strftime("%Y-%m")),
)
# A secret value: distinctive, so "not in the output" means "not leaked", whatever else the URL holds.
secrets_ = st.text(alphabet=string.ascii_letters + string.digits, min_size=10, max_size=24).map(lambda s: f"ST-{s}Zq9")
anything = st.text(max_size=12)


@st.composite
def query_pairs(draw, secret=None):
    """(key, value) pairs, raw or percent-encoded; plain, tracking and (with ``secret``) secret keys."""
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(PLAIN_KEYS + TRACKING_KEYS) | words, st.one_of(anything, ids, dates, words)),
            max_size=4,
        )
    )
    if secret is not None:
        pairs.insert(draw(st.integers(0, len(pairs))), (draw(st.sampled_from(SECRET_KEYS)), secret))
    encode = draw(st.booleans())
    return "&".join(
        f"{quote(k, safe='') if encode else k}={quote(v, safe='') if encode else v}"
        for k, v in pairs
        if encode or not set("&#=") & set(k + v)
    )


@st.composite
def urls(draw, secret=None):
    """http(s) URLs with a host, as the crawl meets them (the browser's absolute hrefs and redirect targets).
    With ``secret``: that value is carried by a session parameter somewhere (query, SPA route's query, OAuth
    fragment, ;jsessionid= path parameter)."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    path = "/" + "/".join(draw(st.lists(st.one_of(words, ids, dates), max_size=4)))
    where = draw(st.sampled_from(["query", "route", "oauth", "path"])) if secret is not None else None
    if where == "path":
        path += f";{draw(st.sampled_from(['jsessionid', 'JSESSIONID', 'phpsessid', 'sid']))}={secret}"
    query = draw(query_pairs(secret if where == "query" else None))
    fragment = draw(st.sampled_from(["", "contenu", "/inbox", "!/message/3", "/message/12/"]))
    if where == "route":
        fragment = f"/callback?{draw(query_pairs(secret))}"
    elif where == "oauth":
        fragment = f"{draw(st.sampled_from(SECRET_KEYS))}={secret}&state=xyz"
    url = f"{scheme}://{draw(hosts)}{draw(ports)}{path}"
    return url + (f"?{query}" if query or draw(st.booleans()) else "") + (f"#{fragment}" if fragment else "")


@URL_SETTINGS
@given(urls())
@example("http://127.0.0.1:8000/")
@example("HTTP://ENT.example.fr/a;jsessionid=1/b?utm_source=x&b=2&a=1#contenu")
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert template_of(once) == template_of(url)  # a template is a function of the canonical URL
    assert urlsplit(once).netloc == urlsplit(once).netloc.lower()


@URL_SETTINGS
@given(urls())
def test_canonical_url_drops_sessions_tracking_and_anchors_and_sorts_the_query(url):
    canonical = urlsplit(canonical_url(url))
    pairs = parse_qsl(canonical.query, keep_blank_values=True)
    assert pairs == sorted(pairs)
    assert not any(re.match(r"(?i)utm_|fbclid$|gclid$|xtor$", key) for key, _ in pairs)
    assert not any(key.lower() in (k.lower() for k in SECRET_KEYS) for key, _ in pairs)
    assert canonical.fragment == "" or canonical.fragment.startswith(("/", "!/"))


@URL_SETTINGS
@given(st.data(), secrets_)
def test_canonical_url_and_redaction_never_keep_a_session_value(data, secret):
    url = data.draw(urls(secret=secret))
    assert secret in url
    assert secret not in canonical_url(url)
    redacted = redact_url(url)
    assert secret not in redacted and REDACTED in redacted
    assert redact_url(redacted) == redacted
    assert secret not in redact_text(f"GET {url} failed: net::ERR_ABORTED (see {url})")


@URL_SETTINGS
@given(urls())
def test_redaction_is_idempotent_and_leaves_secret_free_urls_as_they_are(url):
    redacted = redact_url(url)
    assert redact_url(redacted) == redacted
    if REDACTED not in redacted:
        assert redacted == url


@URL_SETTINGS
@given(st.data())
def test_templates_are_stable_when_ids_and_dates_change(data):
    """The same page pattern with other ids and dates (path segments, query values, SPA route segments) has the
    same template, and the template shows none of the values."""
    layout = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(["path", "query", "route"]),
                st.sampled_from(["id", "date"]),
                words.filter(lambda w: not w.isdigit() and "%" not in w),
            ),
            min_size=1,
            max_size=4,
        )
    )
    host = data.draw(hosts)

    def build(values):
        path, query, route = [], [], []
        for (where, _, word), value in zip(layout, values, strict=True):
            if where == "path":
                path += [quote(word, safe=""), value]
            elif where == "query":
                query.append(f"cle{len(query)}={value}")
            else:
                route += [quote(word, safe=""), value]
        url = f"http://{host}/" + "/".join(path)
        return url + ("?" + "&".join(query) if query else "") + ("#/" + "/".join(route) if route else "")

    draw_values = lambda: [data.draw(ids if kind == "id" else dates) for _, kind, _ in layout]  # noqa: E731
    first, second = draw_values(), draw_values()
    template = template_of(build(first))
    assert template_of(build(second)) == template
    tokens = re.split(r"[/?&#=]", template)
    # A fixed word may itself hold a separator ("0&" splits into "0"): its pieces are the page's, not a value.
    word_pieces = {piece for _, _, word in layout for piece in re.split(r"[/?&#=]", word)}
    assert not set(first) & (set(tokens) - word_pieces)
    for _, kind, _ in layout:
        assert "{" + kind + "}" in template or (kind == "id" and "{date}" in template)


@URL_SETTINGS
@given(st.text(max_size=60))
@example("http://[")
@example("https://]?ticket=ST-1-secret")
@example("voir http://[::1?ticket=ST-2-secret et https://h/?jsessionid=ABC")
@example("//[;")
def test_arbitrary_text_never_raises(text):
    """redact_* and same_page take anything (error messages, reached URLs); canonical_url and template_of raise
    only ValueError, on what urlsplit cannot parse (documented)."""
    redact_url(text)
    redact_text(text)
    assert same_page(text, text) in (True, False)
    for function in (canonical_url, template_of):
        try:
            function(text)
        except ValueError:
            with pytest.raises(ValueError):
                urlsplit(text)


def test_unparsable_url_is_still_redacted():
    assert "secret" not in redact_url("https://[::1?ticket=ST-secret&x=1")
    assert "secret" not in redact_text("error at http://]/?jsessionid=secret; retry")
    assert redact_url("https://ent/cb#access_token=secret&state=1") == "https://ent/cb#access_token=REDACTED&state=1"


@URL_SETTINGS
@given(urls(), st.sampled_from(["", "?x=1", "?ticket=ST-1", "#ancre", "#/route/2"]))
def test_same_page_ignores_query_fragment_host_case_and_default_port(url, suffix):
    parts = urlsplit(url)
    bare = f"{parts.scheme}://{parts.netloc}{parts.path}"
    assert same_page(url, url)
    assert same_page(url, bare + suffix)
    assert same_page(bare + suffix, url)
    assert same_page(url, bare.replace(parts.netloc, parts.netloc.lower(), 1))
    default = {"http": ":80", "https": ":443"}[parts.scheme.lower()]
    if parts.port is None:
        assert same_page(url, f"{parts.scheme}://{parts.netloc}{default}{parts.path}")
    assert not same_page(url, f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/autre-page")


# -- configuration files ---------------------------------------------------------------------------------------

KNOWN_TABLES = ["auth", "crawl", "capture", "durable", "responsable", "lighthouse", "safety"]


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    bare = key and all(c in string.ascii_letters + string.digits + "_-" for c in key)
    return key if bare else _toml_string(key)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


scalars = st.one_of(
    st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.datetimes(), st.dates(), st.times()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=3),
    max_leaves=6,
)
nasty_urls = st.sampled_from(
    [
        "http://127.0.0.1:1/",
        "https://ent.example.fr/",
        "ftp://x/",
        "http://",
        "http://[::1",
        "http://]/",
        "http://127.0.0.1:99999/",
        "http://a\nb/",
        "/relatif",
        "http://127.0.0.1:1/cas/login?service=x&ticket=ST-1",
        "https://ｅｎｔ.fr/",
        "",
    ]
)
regexes = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["(", "a{99999999999}", "(" * 2000 + ")" * 2000, r"\\", "[", "(?P<a>)(?P<a>)", "/blog/", "x" * 3]),
)
allow_entries = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "PUT /api/session/current/",
            "GET /admin/stats*",
            "POST https://ent.example/api/heartbeat",
            "PUTT /x",
            "GET *",
            "POST /*",
            "GET x",
            "GET /a /b",
            "",
            "post http://[::1/x",
            "DELETE /api/\n",
            "GET https://*/",
        ]
    ),
)
times_hhmm = st.one_of(
    st.sampled_from(["20:00", "07:00", "24:00", "7:5", "٢٠:٠٠", "", "20:00:00"]), st.text(max_size=6)
)
zones = st.one_of(
    st.sampled_from(["Europe/Paris", "UTC", "Europe", "../x", "/etc/passwd", "", "a/" * 3000 + "b"]),
    st.text(max_size=12),
)


def _plausible(name: str, default):
    """Values of the right kind for a known key (so deeper checks run), mixed with values of any kind."""
    if name in ("login_url", "http_url", "logged_in_url") or name == "start_urls":
        base = nasty_urls if name != "logged_in_url" else regexes
        right = st.lists(base, max_size=3) if name == "start_urls" else base
    elif name == "deny":
        right = st.lists(regexes, max_size=3)
    elif name == "allow":
        right = st.lists(allow_entries, max_size=3)
    elif name in ("quiet_start", "quiet_end"):
        right = times_hhmm
    elif name == "timezone":
        right = zones
    elif name == "strategy":
        right = st.sampled_from(["none", "cas", "openent", "form", "storage_state", "basic", "magic", ""])
    elif isinstance(default, bool):
        right = st.booleans()
    elif isinstance(default, int):
        right = st.one_of(st.integers(-3, 40), st.integers())
    elif isinstance(default, float):
        right = st.one_of(st.floats(), st.integers(-10, 10**30))
    elif isinstance(default, str):
        right = st.text(max_size=15)
    else:
        right = values
    return st.one_of(right, right, values)


def _table(cls):
    known = {f.name: f for f in fields(cls)}
    defaults = cls()
    return st.fixed_dictionaries(
        {}, optional={name: _plausible(name, getattr(defaults, name)) for name in known}
    ).flatmap(
        lambda d: (
            st.dictionaries(st.text(min_size=1, max_size=8), values, max_size=1 if d else 0).map(
                lambda extra: {**d, **extra}
            )
            | st.just(d)
        )
    )


@st.composite
def toml_documents(draw) -> str:
    lines = []
    for key in ("site", "profile", "start_urls"):
        if draw(st.booleans()):
            value = draw(_plausible(key, getattr(Config(), key)))
            lines.append(f"{key} = {toml_value(value)}")
    if draw(st.integers(0, 9)) == 0:
        lines.append(f"{_toml_key(draw(st.text(min_size=1, max_size=8)))} = {toml_value(draw(values))}")
    for table in draw(st.lists(st.sampled_from(KNOWN_TABLES), unique=True, max_size=len(KNOWN_TABLES))):
        cls = type(getattr(Config(), table))
        if draw(st.integers(0, 19)) == 0:  # a known name that is not a table
            lines.append(f"{table} = {toml_value(draw(scalars))}")
            continue
        lines.append(f"[{table}]")
        for key, value in draw(_table(cls)).items():
            lines.append(f"{_toml_key(key)} = {toml_value(value)}")
    for _ in range(draw(st.integers(0, 2))):
        lines.append("[[profiles]]")
        for key, value in draw(_table(ProfileConfig)).items():
            lines.append(f"{_toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


@st.composite
def config_files(draw) -> bytes:
    """Valid TOML (random keys, values and types in the known tables), the same mangled, or random bytes."""
    kind = draw(st.sampled_from(["toml", "toml", "toml", "mangled", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    text = draw(toml_documents()).encode("utf-8")
    if kind == "mangled" and text:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.binary(min_size=1, max_size=4)) + text[at:]
    return text


class _Stopped(runner.AuditError):
    """Raised by the stub of the reachability check: the config was valid and no crawl starts."""


def _no_network(url: str, timeout_s: float = 5.0) -> None:
    raise _Stopped("validated (test stub: no network)")


def _sane(config: Config) -> None:
    """What a validated config promises the crawl: finite numbers in range (no nan, no negative timeout)."""
    for table in (config.crawl, config.capture, config.durable, config.lighthouse):
        for f in fields(table):
            value = getattr(table, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert math.isfinite(value) and value >= 0, (f.name, value)
    assert config.crawl.page_timeout_s > 0 and config.capture.settle_timeout_s > 0
    assert config.capture.axe_timeout_s > 0 and config.lighthouse.timeout_s > 0
    urls = [*config.start_urls, config.auth.login_url, config.responsable.http_url]
    assert all(url.isprintable() for url in urls), urls  # messages that quote them stay on one line


def audit_in_process(config_path: Path, work: Path, *urls: str) -> tuple[int, str]:
    """``ent-audit audit [URL] --config FILE --out DIR`` in this process, up to the reachability check."""
    err, out = io.StringIO(), io.StringIO()
    with mock.patch.object(runner, "check_reachable", _no_network), redirect_stderr(err), redirect_stdout(out):
        try:
            code = cli.main(
                [
                    "audit",
                    *urls,
                    "--config",
                    str(config_path),
                    "--out",
                    str(work / "out"),
                    "--db",
                    str(work / "history.sqlite"),
                    "--quiet",
                ]
            )
        except SystemExit as exc:  # argparse
            code = exc.code
    return code, err.getvalue()


@CONFIG_SETTINGS
@given(config_files(), st.booleans())
@example(b"a = " + b"[" * 1500 + b"]" * 1500, False)
@example(b'"a\\nb" = 1\n', True)
@example(b'start_urls = ["http://[::1"]\n', False)
@example(b"[crawl]\ndelay = 1e400\npage_timeout_s = nan\n", True)
@example(
    b"[crawl]\ndelay = 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    b"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    b"000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    b"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    b"00000000\n",
    True,
)
@example(b'[crawl]\ndeny = ["a{99999999999}"]\n', True)
@example(b'[safety]\nallow = ["PUTT /x", "GET https://[::1/x"]\ndeny = ["("]\n', True)
@example(b'[responsable]\ntimezone = "' + b"a/" * 3000 + b'b"\n', True)
def test_fuzzed_config_files_validate_or_fail_in_one_line(tmp_path, document, url_on_command_line):
    work = Path(tmp_path) / "w"
    work.mkdir(exist_ok=True)
    path = work / "ent.toml"
    path.write_bytes(document)
    urls = ["http://127.0.0.1:1/"] if url_on_command_line else []
    code, err = audit_in_process(path, work, *urls)
    lines = err.split("\n")
    assert code == 2, (code, err)
    assert len(lines) == 2 and lines[1] == "" and lines[0].startswith("ent-audit : erreur : "), err
    try:
        config = validate(runner.config_from_flags(load_config(path), urls, None, None))
    except ConfigError as exc:
        assert "validated (test stub" not in err and str(exc) in err
    else:
        assert "validated (test stub" in err
        _sane(config)


@pytest.mark.browser
@pytest.mark.parametrize(
    "document",
    [
        b'"a\\nb" = 1\n',
        b'start_urls = ["http://[::1"]\n',
        b'start_urls = ["http://127.0.0.1:1/\\nx"]\n',
        b"a = " + b"[" * 1500 + b"]" * 1500,
        b'start_urls = ["http://127.0.0.1:1/"]\n[crawl]\npage_timeout_s = nan\n',
        b"\xff\xfe\x00garbage",
    ],
)
def test_real_command_on_fuzz_findings(tmp_path, document):
    """The findings above, through the real command in a child process: exit 2, one line, no traceback."""
    path = tmp_path / "ent.toml"
    path.write_bytes(document)
    process: subprocess.CompletedProcess = run_cli(
        "audit", "--config", str(path), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "history.sqlite")
    )
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    assert len(process.stderr.split("\n")) == 2, process.stderr
