"""Sitemaps as lists of pages to audit instead of discovering them (``--sitemap``; the ``--urls-file`` list is read
with the config, crawler/config.py).

Pure parsing, no network: the spider fetches the sitemaps (crawler/spiders/ent.py) and hands the bodies here.
Sitemaps are read by Scrapy's own parser (``scrapy.utils.sitemap``: urlset and sitemap index, XML entities never
resolved) and ``sitemap_urls_from_robots``; gzip sitemaps by ``scrapy.utils.gz``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.etree import LxmlError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ent_audit.crawler.urls import origin_of
from ent_audit.i18n import N_, Text

ROBOTS = "robots"  # --sitemap robots: the Sitemap: lines of the site's robots.txt
# The sitemaps protocol's own limits (sitemaps.org): 50 MB uncompressed, 50,000 URLs a file.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# Sitemaps fetched at most in one run (an index and the sitemaps it names): a bound on what a list costs the site.
MAX_SITEMAPS = 50
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Said:
    """A message with its values, to be said in either language: the spider stops in the run's language and logs
    in English. A value that is itself a Text or a Said is said in the same language."""

    text: Text
    values: dict[str, Any] = field(default_factory=dict)

    def translate(self, lang: str) -> str:
        said = {k: v.translate(lang) if isinstance(v, Text | Said) else v for k, v in self.values.items()}
        return self.text.translate(lang).format(**said)


def said(text: Text, **values: Any) -> Said:
    return Said(text, values)


class SitemapError(ValueError):
    """The body is not a sitemap; the message is one line (English; ``said`` in either language)."""

    def __init__(self, message: Said) -> None:
        super().__init__(message.translate("en"))
        self.said = message


@dataclass
class SitemapContent:
    """What one sitemap lists: pages (a ``urlset``) or other sitemaps (a ``sitemapindex``)."""

    kind: str  # "urlset" or "sitemapindex"
    urls: list[str] = field(default_factory=list)


def sitemap_body(body: bytes, max_size: int = MAX_SITEMAP_BYTES) -> bytes:
    """The XML of a sitemap response: gunzipped when it is a ``.xml.gz`` file (a ``Content-Encoding: gzip``
    answer is already decoded by Scrapy). SitemapError when it exceeds ``max_size`` once decompressed."""
    if body[:2] == GZIP_MAGIC:
        try:
            return gunzip(body, max_size=max_size)
        except ValueError:  # Scrapy's _DecompressionMaxSizeExceeded, past max_size
            raise SitemapError(said(N_("larger than {n} MB once decompressed"), n=max_size // (1024 * 1024))) from None
        except (OSError, EOFError) as exc:
            raise SitemapError(said(N_("a broken gzip file ({reason})"), reason=exc)) from None
    if len(body) > max_size:
        raise SitemapError(said(N_("larger than {n} MB"), n=max_size // (1024 * 1024)))
    return body


def parse_sitemap(body: bytes, base_url: str) -> SitemapContent:
    """The ``<loc>`` URLs of a sitemap or sitemap index (gzip or not), made absolute against ``base_url``.
    SitemapError when the body is not one (an HTML error page, an empty answer)."""
    xml = sitemap_body(body)
    if not xml.strip():
        raise SitemapError(said(N_("empty answer, not a sitemap")))
    try:
        sitemap = Sitemap(xml)
        kind = sitemap.type
        urls = [urljoin(base_url, entry["loc"]) for entry in sitemap if entry.get("loc")]
    except StopIteration:
        raise SitemapError(said(N_("not a sitemap (not XML)"))) from None
    except LxmlError as exc:
        raise SitemapError(said(N_("not a sitemap (XML error: {error})"), error=str(exc).splitlines()[0])) from None
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(
            said(N_("not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)"), kind=kind)
        )
    return SitemapContent(kind, list(dict.fromkeys(urls)))


def robots_sitemaps(robots_txt: bytes, robots_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, absolute, in order, once each."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots_txt, base_url=robots_url)))


def robots_url(site_url: str) -> str:
    return f"{origin_of(site_url)}/robots.txt"


def split_by_origin(urls: Iterable[str], origins: set[str]) -> tuple[list[str], list[str]]:
    """(URLs of the audited origins, the others): a list never takes the crawl to another site."""
    kept: list[str] = []
    refused: list[str] = []
    for url in urls:
        (kept if origin_of(url) in origins else refused).append(url)
    return kept, refused
