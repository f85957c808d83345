"""The demo ENT's class pages (class_pages=True, what `ent-audit demo` serves): an album of heavy photos, a big
homework table and a feed of many requests, read with stdlib clients (no browser). The grades a crawl gives them are
in the golden demo run (tests/reports/test_golden.py); here, the weights they are built from."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml import etree
from PIL import Image

from ent_audit.audits.metrics import ecoindex
from ent_audit.demo_ent import DemoENT
from ent_audit.demo_ent.assets import static_file
from ent_audit.demo_ent.classroom import LINKS
from tests.demo_ent.test_demo_ent import png_info
from tests.demo_ent.test_demo_variants import PUPIL, Client, cas_login

# What a browser downloads besides the HTML and the subresources the HTML names: the fonts ent.css declares.
CSS_FONTS = re.findall(r"url\([\"']?([^)\"']*\.woff2)", static_file("css/ent.css").decode())


@pytest.fixture(scope="module")
def client():
    with DemoENT(class_pages=True).start() as ent:
        client = Client(ent)
        cas_login(client, *PUPIL)
        yield client


def subresources(page: str) -> list[str]:
    """The distinct URLs a page's HTML makes the browser fetch: images, scripts, stylesheets, icons."""
    tree = lxml.html.fromstring(page)
    urls = tree.xpath("//img/@src | //script/@src | //link[@rel='stylesheet' or @rel='icon']/@href")
    return list(dict.fromkeys(url for url in urls if not url.startswith("data:")))


def estimate(client: Client, path: str) -> tuple[ecoindex.EcoIndex, list[str]]:
    """The EcoIndex of a page from what the server sends: its elements, its requests (the page, its subresources,
    the CSS fonts) and their bytes, bodies only (a browser also counts headers, and the HTML travels gzipped)."""
    page = client.request(path)
    assert page.status == 200, (path, page.status)
    urls = subresources(page.text)
    sizes = []
    for url in urls:
        reply = client.request(urljoin(path, url))
        assert reply.status == 200, (url, reply.status)
        sizes.append(len(reply.body))
    fonts = [len(client.request(urljoin("/assets/css/ent.css", url)).body) for url in CSS_FONTS]
    elements = len(list(lxml.html.fromstring(page.text).iter(etree.Element)))
    return ecoindex.compute(elements, 1 + len(urls) + len(fonts), len(page.body) + sum(sizes) + sum(fonts)), urls


@pytest.fixture(scope="module")
def estimates(client: Client) -> dict[str, tuple[ecoindex.EcoIndex, list[str]]]:
    return {path: estimate(client, path) for path, _ in LINKS}


def test_only_the_class_pages_option_links_them() -> None:
    for option, linked in ((True, True), (False, False)):
        with DemoENT(class_pages=option).start() as ent:
            client = Client(ent)
            cas_login(client, *PUPIL)
            portal = client.request("/").text
            assert all((f'href="{href}"' in portal) is linked for href, _ in LINKS)
            assert client.request("/classe/fil").status == (200 if linked else 404)


@pytest.mark.parametrize(
    ("path", "grade"), [("/classe/album", "B"), ("/classe/cahier-de-textes", "D"), ("/classe/fil", "F")]
)
def test_each_class_page_is_built_for_its_grade(estimates: dict, path: str, grade: str) -> None:
    found, _ = estimates[path]
    assert found.grade == grade, found
    assert found.dom <= 3_000, "axe-core is slow on huge pages: weight and requests make the worst grade"


def test_the_heavy_pages_are_heavy_for_a_reason(estimates: dict) -> None:
    album, album_urls = estimates["/classe/album"]
    photos = [url for url in album_urls if url.endswith(".jpg")]
    assert len(photos) == 6 and album.size_kb > 1_800  # six camera exports shown at 320x240
    homework, _ = estimates["/classe/cahier-de-textes"]
    assert homework.dom > 1_500 and homework.requests < 10 and homework.size_kb < 150  # elements, not bytes
    feed, feed_urls = estimates["/classe/fil"]
    scripts = [url for url in feed_urls if url.endswith(".js")]
    assert feed.requests > 100 and len(scripts) == 40 and feed.size_kb > 4_000


def test_photos_are_real_unoptimised_jpegs_and_avatars_real_pngs(client: Client) -> None:
    for path in ("/classe/album/photo-1.jpg", "/classe/photos/16.jpg"):
        reply = client.request(path)
        assert reply.headers["Content-Type"] == "image/jpeg" and len(reply.body) > 250_000
        with Image.open(io.BytesIO(reply.body)) as image:
            assert (image.format, image.size) == ("JPEG", (1024, 768))  # shown at 320x240
    assert client.request("/classe/photos/1.jpg").body == client.request("/classe/album/photo-1.jpg").body
    avatar = client.request("/classe/avatars/30.png")
    assert avatar.headers["Content-Type"] == "image/png" and png_info(avatar.body)[:2] == (48, 48)
    for missing in ("/classe/photos/17.jpg", "/classe/avatars/31.png", "/classe/js/widget-41.js"):
        assert client.request(missing).status == 404


def test_the_class_pages_need_a_session() -> None:
    with DemoENT(class_pages=True).start() as ent:
        reply = Client(ent).request("/classe/fil")
        assert reply.status == 302 and reply.location.startswith("/cas/login?service=")
