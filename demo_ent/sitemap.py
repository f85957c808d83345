"""The demo's sitemaps, for ``ent-audit audit --sitemap`` (crawler/inputs.py): a public sitemap index at
/sitemap.xml (named by robots.txt) naming one gzip sitemap, /sitemap-pages.xml.gz, served to logged-in users only
(as an ENT's sitemap of its private pages would be).

The list holds four blog posts (one template above the crawl's per-template cap of 3: a list is audited whole) and
a logout link (a careless sitemap: the read-only policy still refuses it, and the report says so), plus a page of
another site, which the audit refuses.
"""

from __future__ import annotations

import gzip
from xml.sax.saxutils import escape

INDEX_PATH = "/sitemap.xml"
PAGES_PATH = "/sitemap-pages.xml.gz"
# What /sitemap-pages.xml.gz lists, as paths of the demo (the first entries are the pages an audit loads).
AUDITED_PATHS = (
    "/",
    "/blog",
    "/blog/post/1",
    "/blog/post/2",
    "/blog/post/3",
    "/blog/post/4",
    "/calendar/calendar?month=2024-09",
)
UNSAFE_PATHS = ("/auth/logout",)  # the policy refuses it: spared, never loaded
FOREIGN_URLS = ("https://example.org/autre-site",)  # another site: refused
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_TYPE = "application/xml; charset=utf-8"
GZIP_TYPE = "application/gzip"


def index_xml(base_url: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{XMLNS}">\n'
        f"  <sitemap><loc>{escape(base_url + PAGES_PATH)}</loc></sitemap>\n</sitemapindex>\n"
    ).encode()


def pages_xml(base_url: str) -> bytes:
    urls = [base_url + path for path in (*AUDITED_PATHS, *UNSAFE_PATHS)] + list(FOREIGN_URLS)
    entries = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{XMLNS}">\n{entries}</urlset>\n'.encode()


def pages_gz(base_url: str) -> bytes:
    return gzip.compress(pages_xml(base_url), mtime=0)
