"""Lists of pages (--sitemap, --urls-file): parsing with Scrapy's sitemap support, the URL file, the config rules,
the session headers of the sitemap fetch, and the frontier's treatment of listed pages. No network, no browser."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pytest

from ent_audit.crawler.auth.base import Session
from ent_audit.crawler.config import Config, ConfigError, load_config, read_urls_file, validate
from ent_audit.crawler.frontier import Frontier
from ent_audit.crawler.inputs import (
    SitemapError,
    parse_sitemap,
    robots_sitemaps,
    robots_url,
    sitemap_body,
    split_by_origin,
)
from ent_audit.crawler.spiders.ent import session_headers
from ent_audit.demo_ent import sitemap as demo_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://ent.example.fr/</loc><lastmod>2024-09-01</lastmod></url>
  <url><loc> https://ent.example.fr/blog </loc></url>
  <url><loc>/relative/page</loc></url>
  <url><loc>https://ent.example.fr/</loc></url>
  <url><priority>0.5</priority></url>
</urlset>"""


def test_a_urlset_gives_its_pages_once_each_made_absolute() -> None:
    content = parse_sitemap(URLSET, "https://ent.example.fr/sitemap.xml")
    assert content.kind == "urlset"
    assert content.urls == [
        "https://ent.example.fr/",
        "https://ent.example.fr/blog",
        "https://ent.example.fr/relative/page",
    ]


def test_a_gzip_sitemap_index() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://ent.example.fr/s1.xml.gz</loc></sitemap><sitemap><loc>/s2.xml</loc></sitemap>
    </sitemapindex>"""
    content = parse_sitemap(gzip.compress(index), "https://ent.example.fr/sitemap.xml.gz")
    assert content.kind == "sitemapindex"
    assert content.urls == ["https://ent.example.fr/s1.xml.gz", "https://ent.example.fr/s2.xml"]


@pytest.mark.parametrize(
    ("body", "why", "pourquoi"),
    [
        (b"<!DOCTYPE html><html><body>Connexion</body></html>", "root element is <html>", "élément racine est <html>"),
        (b"", "empty answer", "réponse vide"),
        (b"not xml at all", "not XML", "pas du XML"),
        # no timestamp: every xdist worker collects one id
        (gzip.compress(URLSET, mtime=0)[:20], "broken gzip", "gzip abîmé"),
    ],
    ids=["html", "empty", "not-xml", "broken-gzip"],
)
def test_what_is_not_a_sitemap_is_said_in_one_line(body: bytes, why: str, pourquoi: str) -> None:
    """In English (the exception, the log), and in French for a French run's one-line error (``said``)."""
    with pytest.raises(SitemapError, match=why) as caught:
        parse_sitemap(body, "https://ent.example.fr/sitemap.xml")
    assert "\n" not in str(caught.value)
    assert caught.value.said.translate("en") == str(caught.value)
    assert pourquoi in caught.value.said.translate("fr") and why not in caught.value.said.translate("fr")


def test_entities_are_never_resolved() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file:///etc/hostname">]>
    <urlset><url><loc>&e;</loc></url><url><loc>https://ent.example.fr/a</loc></url></urlset>"""
    assert parse_sitemap(body, "https://ent.example.fr/").urls == ["https://ent.example.fr/a"]


def test_a_sitemap_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>")
    with pytest.raises(SitemapError, match="larger than"):
        sitemap_body(bomb, max_size=1024 * 1024 // 1024)


def test_robots_sitemap_lines() -> None:
    robots = b"User-agent: *\nDisallow: /admin\nSitemap: /sitemap.xml\nsitemap: https://cdn.example.fr/s.xml\n"
    assert robots_sitemaps(robots, "https://ent.example.fr/robots.txt") == [
        "https://ent.example.fr/sitemap.xml",
        "https://cdn.example.fr/s.xml",
    ]
    assert robots_sitemaps(b"User-agent: *\nDisallow: /admin\n", "https://ent.example.fr/robots.txt") == []
    assert robots_url("https://ent.example.fr:8443/portail?x=1") == "https://ent.example.fr:8443/robots.txt"


def test_urls_of_another_origin_are_refused() -> None:
    kept, refused = split_by_origin(
        ["https://ent.example.fr/a", "http://ent.example.fr/b", "https://autre.fr/c", "HTTPS://ENT.example.fr/d"],
        {"https://ent.example.fr"},
    )
    assert kept == ["https://ent.example.fr/a", "HTTPS://ENT.example.fr/d"]
    assert refused == ["http://ent.example.fr/b", "https://autre.fr/c"]


def test_the_demo_sitemaps_parse() -> None:
    base = "http://127.0.0.1:8080"
    index = parse_sitemap(demo_sitemap.index_xml(base), base + demo_sitemap.INDEX_PATH)
    assert index.urls == [base + demo_sitemap.PAGES_PATH]
    pages = parse_sitemap(demo_sitemap.pages_gz(base), base + demo_sitemap.PAGES_PATH).urls
    assert pages[: len(demo_sitemap.AUDITED_PATHS)] == [base + path for path in demo_sitemap.AUDITED_PATHS]
    assert base + "/auth/logout" in pages and "https://example.org/autre-site" in pages


# -- the URL file ---------------------------------------------------------------------------------------------
def test_urls_file_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt"
    path.write_text(
        "\ufeff# pages of the pupil\nhttps://ent.example.fr/\n\n  https://ent.example.fr/blog  \n"
        "https://ent.example.fr/\n",
        encoding="utf-8",
    )
    assert read_urls_file(path) == ["https://ent.example.fr/", "https://ent.example.fr/blog"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("https://ent.example.fr/\n/blog\n", "line 2: '/blog' is not an http(s) URL"),
        ("# nothing\n\n", "lists no URL"),
        ("ftp://ent.example.fr/x\n", "line 1: 'ftp://ent.example.fr/x' is not an http(s) URL"),
    ],
)
def test_a_bad_urls_file_is_one_line(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "pages.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=why.replace("(", r"\(").replace(")", r"\)")) as caught:
        read_urls_file(path)
    assert "\n" not in str(caught.value)


def test_a_missing_or_binary_urls_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        read_urls_file(tmp_path / "absent.txt")
    binary = tmp_path / "pages.bin"
    binary.write_bytes(b"\xff\xfe\x00https")
    with pytest.raises(ConfigError, match="not a UTF-8 text file"):
        read_urls_file(binary)


# -- config -----------------------------------------------------------------------------------------------------
def test_a_list_alone_names_the_site(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt"
    path.write_text("https://ent.example.fr:8443/blog?page=2\n", encoding="utf-8")
    config = Config()
    config.crawl.urls_file = str(path)
    assert validate(config).start_urls == ["https://ent.example.fr:8443/"]
    config = Config()
    config.crawl.sitemap = "https://ent.example.fr/sitemaps/index.xml"
    assert validate(config).start_urls == ["https://ent.example.fr/"]


def test_sitemap_robots_needs_a_start_url_and_a_sitemap_an_http_url() -> None:
    config = Config()
    config.crawl.sitemap = "robots"
    with pytest.raises(ConfigError, match="robots.txt of the start URL"):
        validate(config)
    config.start_urls = ["https://ent.example.fr/"]
    assert validate(config).start_urls == ["https://ent.example.fr/"]
    config.crawl.sitemap = "sitemap.xml"
    with pytest.raises(ConfigError, match="sitemap 'sitemap.xml' is not an http"):
        validate(config)


def test_a_list_in_the_config_follows_no_link_unless_max_depth_is_set(tmp_path: Path) -> None:
    path = tmp_path / "ent.toml"
    path.write_text('start_urls = ["https://ent.example.fr/"]\n[crawl]\nsitemap = "robots"\n', encoding="utf-8")
    assert load_config(path).crawl.max_depth == 0
    path.write_text('[crawl]\nsitemap = "robots"\nmax_depth = 2\n', encoding="utf-8")
    assert load_config(path).crawl.max_depth == 2
    path.write_text("[crawl]\nmax_pages = 5\n", encoding="utf-8")
    assert load_config(path).crawl.max_depth == 3  # no list: the usual default


def test_the_recorded_settings_redact_the_sitemap_url() -> None:
    config = Config(start_urls=["https://ent.example.fr/"])
    config.crawl.sitemap = "https://ent.example.fr/sitemap.xml?ticket=ST-1-abc"
    assert config.to_dict()["crawl"]["sitemap"] == "https://ent.example.fr/sitemap.xml?ticket=REDACTED"


# -- the sitemap fetch carries the session -----------------------------------------------------------------------
def test_session_headers_send_the_cookies_the_url_receives() -> None:
    session = Session(
        storage_state={
            "cookies": [
                {"name": "sid", "value": "1", "domain": "ent.example.fr", "path": "/", "secure": False},
                {"name": "sub", "value": "2", "domain": ".example.fr", "path": "/", "secure": True},
                {"name": "cas", "value": "3", "domain": "ent.example.fr", "path": "/cas", "secure": False},
                {"name": "other", "value": "4", "domain": "autre.fr", "path": "/", "secure": False},
            ]
        }
    )
    assert session_headers(session, "https://ent.example.fr/sitemap.xml") == {"Cookie": "sid=1; sub=2"}
    assert session_headers(session, "http://ent.example.fr/cas/login") == {"Cookie": "sid=1; cas=3"}
    assert session_headers(Session(), "https://ent.example.fr/sitemap.xml") == {}


def test_session_headers_send_basic_credentials_to_their_origin_only() -> None:
    session = Session(http_credentials={"username": "élève", "password": "pw", "origin": "https://ent.example.fr"})
    token = base64.b64encode("élève:pw".encode()).decode()
    assert session_headers(session, "https://ent.example.fr/sitemap.xml") == {"Authorization": f"Basic {token}"}
    assert session_headers(session, "https://autre.fr/sitemap.xml") == {}


# -- the frontier -------------------------------------------------------------------------------------------------
def test_listed_pages_pass_the_template_cap_not_the_page_budget() -> None:
    frontier = Frontier(max_pages=5, max_per_template=3)
    posts = [f"https://ent.example.fr/blog/post/{n}" for n in range(1, 8)]
    assert [frontier.admit("", url, capped=False) for url in posts] == [
        "",
        "",
        "",
        "",
        "",
        "page budget",
        "page budget",
    ]
    capped = Frontier(max_pages=5, max_per_template=3)
    assert [capped.admit("", url) for url in posts[:5]] == ["", "", "", "template cap", "template cap"]
