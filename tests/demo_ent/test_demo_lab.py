"""The demo ENT's laboratoire (twin pages per sobriety rule), its legal pages, timeline timestamps, the hardened
option and HTTPS: the facts each page serves, read with stdlib clients only (no browser)."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import ssl
import struct
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ent_audit.demo_ent import DemoENT
from ent_audit.demo_ent.tls import ca_file, make_test_certificates
from tests.demo_ent.test_demo_ent import png_info
from tests.demo_ent.test_demo_variants import PUPIL, Client, Forms, Reply, _NoRedirect, cas_login, log_in

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
)

# -- helpers ------------------------------------------------------------------------------------


class LabClient(Client):
    """test_demo_variants.Client, also over HTTPS trusting the given context."""

    def __init__(self, ent: DemoENT, context: ssl.SSLContext | None = None) -> None:
        super().__init__(ent)
        handlers: list = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.replies: list[Reply] = []  # every reply, in order (cookies set along a login)

    def request(self, *args, **kwargs) -> Reply:  # type: ignore[no-untyped-def]
        reply = super().request(*args, **kwargs)
        self.replies.append(reply)
        return reply

    def get(self, path: str, **headers: str) -> Reply:
        reply = self.request(path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        assert reply.status == 200, (path, reply.status)
        return reply


class Page(Forms):
    """Forms plus every tag with its attributes, and the items of the lab's feed list (ul#fil)."""

    def __init__(self, page: str) -> None:
        self.tags: list[tuple[str, dict[str, str]]] = []
        super().__init__(page)
        feed = re.search(r'<ul id="fil" class="fil">(.*?)</ul>', page, re.DOTALL)
        self.items = re.findall(r"<li>(.*?)</li>", feed.group(1)) if feed else []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str, **match: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in match.items())]

    def srcs(self, tag: str) -> list[str]:
        return [a["src"] for a in self.all(tag) if "src" in a]


def jpeg_facts(data: bytes) -> tuple[int, int, int]:
    """(width, height, bytes of COM segments) of a baseline JPEG, walking its segments up to SOS."""
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos, comments, size = 2, 0, None
    while True:
        marker, length = struct.unpack(">HH", data[pos : pos + 4])
        if marker == 0xFFFE:
            comments += 2 + length
        elif marker == 0xFFC0:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            size = (width, height)
        elif marker == 0xFFDA:
            assert size is not None
            return size[0], size[1], comments
        pos += 2 + length


def webp_size(data: bytes) -> tuple[int, int]:
    """Width and height of a lossless (VP8L) WebP."""
    assert data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8L" and data[20] == 0x2F
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8
    bits = int.from_bytes(data[21:25], "little")
    return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1


def strip_comments(jpeg: bytes) -> bytes:
    out, pos = bytearray(jpeg[:2]), 2
    while True:
        marker, length = struct.unpack(">HH", jpeg[pos : pos + 4])
        if marker == 0xFFDA:
            return bytes(out + jpeg[pos:])
        if marker != 0xFFFE:
            out += jpeg[pos : pos + 2 + length]
        pos += 2 + length


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[DemoENT, LabClient]]:
    with DemoENT(lab=True) as ent:
        client = LabClient(ent)
        assert cas_login(client, *PUPIL).status == 302
        yield ent, client


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> tuple[tuple[str, str], ssl.SSLContext]:
    folder = tmp_path_factory.mktemp("certs")
    cert_and_key = make_test_certificates(folder)
    return cert_and_key, ssl.create_default_context(cafile=ca_file(folder))


def twins(client: LabClient, slug: str) -> tuple[Page, Page]:
    return Page(client.get(f"/labo/{slug}/mauvais").text), Page(client.get(f"/labo/{slug}/bon").text)


# -- the laboratoire --------------------------------------------------------------------------------

SLUGS = [
    "script",
    "image-redimensionnee",
    "images-hors-ecran",
    "polices",
    "video",
    "defilement",
    "tiers",
    "cache",
    "formats-images",
    "compression-image",
    "largeur",
    "contenu-mixte",
]


def test_lab_is_off_by_default(make_ent) -> None:
    ent = make_ent()
    client = LabClient(ent)
    cas_login(client, *PUPIL)
    assert "/labo/" not in Forms(client.get("/").text).links
    for path in ("/labo/", "/labo/script/mauvais", "/labo/static/app.js", "/labo/api/fil?page=2"):
        assert client.request(path).status == 404, path


def test_the_index_links_every_twin_and_pages_need_the_login(lab) -> None:
    ent, client = lab
    assert "/labo/" in Forms(client.get("/").text).links  # base navigation, so every page links it
    links = Forms(client.get("/labo/").text).links
    expected = [f"/labo/{slug}/{variant}" for slug in SLUGS for variant in ("mauvais", "bon")]
    assert [link for link in links if link.startswith("/labo/") and link != "/labo/"] == expected
    for path in expected:
        page = client.get(path)
        twin = path.rpartition("/")[0] + ("/bon" if path.endswith("/mauvais") else "/mauvais")
        assert twin in Forms(page.text).links and "/assets/css/ent.css" in page.text  # the base layout
    assert client.request("/labo/inconnu/mauvais").status == 404
    anonymous = LabClient(ent)
    start = anonymous.request("/labo/script/mauvais")
    assert start.status == 302 and start.location.startswith("/cas/login?service=")
    assert anonymous.request("/labo/api/fil?page=2").status == 401
    assert anonymous.request("/labo/static/app.js").status == 200  # files are public, like /assets/
    assert ent.hits("/labo/") >= len(expected)  # every lab response is in the log


def test_script_readable_uncompressed_versus_minified_gzipped(lab) -> None:
    _, client = lab
    bad, good = twins(client, "script")
    assert bad.srcs("script") == ["/labo/static/app.js"] and good.srcs("script") == ["/labo/static/app.min.js"]
    readable = client.get("/labo/static/app.js", Accept_Encoding="gzip")
    assert "Content-Encoding" not in readable.headers and len(readable.body) >= 20_000
    assert readable.headers["Content-Type"].startswith("application/javascript")
    assert "max-age=" in readable.headers["Cache-Control"]
    assert "\n\n" in readable.text and "\n    " in readable.text and readable.text.count("/*") >= 20
    minified = client.get("/labo/static/app.min.js", Accept_Encoding="gzip")
    assert minified.headers["Content-Encoding"] == "gzip" and "max-age=" in minified.headers["Cache-Control"]
    code = gzip.decompress(minified.body).decode()
    assert "/*" not in code and "//" not in code and "\n " not in code and code.count("\n") == 1
    assert len(code) < len(readable.body) / 3
    exported = re.compile(r"outils\.(moyenne\d+) = ").findall(readable.text)
    assert len(exported) >= 20 and exported == re.compile(r"o\.(moyenne\d+)=").findall(code)


def test_resized_image(lab) -> None:
    _, client = lab
    bad, good = twins(client, "image-redimensionnee")
    for page, natural in ((bad, (1600, 1200)), (good, (200, 150))):
        (img,) = page.all("img", alt="Dégradé de couleurs")
        assert (img["width"], img["height"]) == ("200", "150")
        png = client.get(img["src"])
        assert png.headers["Content-Type"] == "image/png" and png_info(png.body)[:2] == natural
    assert len(client.get(bad.all("img", alt="Dégradé de couleurs")[0]["src"]).body) > 100_000
    assert len(client.get(good.all("img", alt="Dégradé de couleurs")[0]["src"]).body) < 20_000


def test_offscreen_images_lazy_or_not(lab) -> None:
    _, client = lab
    bad, good = twins(client, "images-hors-ecran")
    css = client.get("/labo/static/labo.css", Accept_Encoding="identity").text
    assert re.search(r"\.espace \{ height: 2700px;", css)
    for page, lazy in ((bad, False), (good, True)):
        images = [a for a in page.all("img") if a.get("src", "").startswith("/labo/img/hors-ecran-")]
        assert len({a["src"] for a in images}) == 4
        assert all(("loading" in a) == lazy for a in images) and all(a.get("loading", "lazy") == "lazy" for a in images)
        position = [t for t, _ in page.tags].index("img", [a for _, a in page.tags].index({"class": "espace"}))
        assert page.tags[position][1] == images[0]  # the images come after the 2700 px block
        for a in images:
            png = client.get(a["src"]).body
            assert png_info(png)[:2] == (120, 90) and 1000 < len(png) < 10_000


def test_fonts_five_variants_versus_two(lab) -> None:
    _, client = lab
    for variant, families, faces, total in (("mauvais", 3, 5, 424 * 1024), ("bon", 1, 2, 45 * 1024)):
        page = Page(client.get(f"/labo/polices/{variant}").text)
        (sheet,) = [a["href"] for a in page.all("link", rel="stylesheet") if "polices" in a["href"]]
        css = client.get(sheet).text
        declared = re.findall(r'@font-face \{ font-family: "([^"]+)"; src: url\("([^"]+)"\)', css)
        assert len(declared) == faces and len({family for family, _ in declared}) == families
        used = {cls for _, a in page.tags for cls in a.get("class", "").split()}
        rules = dict(re.findall(r"^\.([\w-]+) \{ (font-family[^}]*)\}", css, re.MULTILINE))
        assert set(rules) <= used and len(rules) == faces  # one visible paragraph per variant
        sizes = []
        for _, url in declared:
            font = client.get(url)
            assert font.headers["Content-Type"] == "font/woff2" and font.body[:4] == b"wOF2"
            sizes.append(len(font.body))
        assert sum(sizes) == total  # the bad page's fonts alone exceed RGESN 4.8's 400 KB


def test_video_autoplay_versus_click_to_play(lab) -> None:
    _, client = lab
    bad, good = twins(client, "video")
    (video,) = bad.all("video")
    assert {"autoplay", "muted", "loop"} <= set(video) and "controls" not in video
    (video,) = good.all("video")
    assert "autoplay" not in video and "controls" in video and video["preload"] == "none"
    assert bad.srcs("video") == good.srcs("video") == ["/labo/media/clip.mp4"]
    clip = client.get("/labo/media/clip.mp4")
    assert clip.headers["Content-Type"] == "video/mp4" and clip.body[4:8] == b"ftyp" and len(clip.body) < 50_000


def test_infinite_scroll_versus_pagination(lab) -> None:
    _, client = lab
    bad, good = twins(client, "defilement")
    assert len(bad.items) == len(good.items) == 30 and bad.items == good.items
    assert bad.all("div", id="fil-fin") and not good.all("div", id="fil-fin")
    script = client.get(bad.srcs("script")[0]).text
    assert "IntersectionObserver" in script and "/labo/api/fil?page=" in script
    for number in (2, 3, 57, 999_999_999):
        feed = client.get(f"/labo/api/fil?page={number}")
        assert feed.headers["Content-Type"].startswith("application/json")
        data = json.loads(feed.body)
        assert data["page"] == number and data["next"] == number + 1 and len(data["items"]) == 30
        assert data["items"][0].startswith(f"Actualité n° {(number - 1) * 30 + 1} ")
    (button,) = good.all("button", id="voir-plus")
    assert button["type"] == "button" and "/labo/defilement/bon?page=2" in good.links
    helper = client.get(good.srcs("script")[0]).text
    assert '"click"' in helper and "IntersectionObserver" not in helper and "scroll" not in helper
    last = Page(client.get("/labo/defilement/bon?page=10").text)
    assert "/labo/defilement/bon?page=9" in last.links and "/labo/defilement/bon?page=11" not in last.links
    assert last.items[0].startswith("Actualité n° 271 ")
    assert client.request("/labo/defilement/bon?page=11").status == 404


def test_third_party_at_once_versus_on_click(lab) -> None:
    ent, client = lab
    _, good = twins(client, "tiers")
    head = client.get("/labo/tiers/mauvais").text.split("</head>")[0]
    assert f'<script src="{ent.third_party_url}/matomo.js"></script>' in head
    page = client.get("/labo/tiers/bon").text
    assert not [
        u for _, a in good.tags for k, u in a.items() if k in ("src", "href") and u.startswith(ent.third_party_url)
    ]
    (button,) = good.all("button", id="activer-stats")
    assert button["data-src"] == ent.third_party_url + "/matomo.js" and "Activer les statistiques" in page
    script = client.get(good.srcs("script")[0]).text
    assert '"click"' in script and "data-src" in script
    tag = client.get(ent.third_party_url + "/matomo.js")
    assert 4_500 < len(tag.body) < 6_000 and "max-age=" in tag.headers["Cache-Control"]
    assert tag.body == client.get(ent.third_party_url + "/matomo.js").body
    assert not re.search(r"fetch|XMLHttpRequest|sendBeacon|cookie|Storage|new Image", tag.text)


def test_no_store_versus_immutable_with_etag(lab) -> None:
    _, client = lab
    bad, good = twins(client, "cache")

    def resources(page: Page) -> list[str]:
        urls = [a["href"] for a in page.all("link", rel="stylesheet")] + page.srcs("script") + page.srcs("img")
        return [u for u in urls if u.startswith("/labo/cache/")]

    assert [u.rpartition(".")[2] for u in resources(bad)] == ["css", "js", "png"]
    for url in resources(bad):
        reply = client.get(url)
        assert reply.headers["Cache-Control"] == "no-store"
        assert "ETag" not in reply.headers and "Last-Modified" not in reply.headers
    for url, twin in zip(resources(good), resources(bad), strict=False):
        reply = client.get(url, Accept_Encoding="identity")
        assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert reply.body == client.get(twin, Accept_Encoding="identity").body  # the same file
        etag = reply.headers["ETag"]
        again = client.request(url, headers={"If-None-Match": etag})
        assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag


def test_png_versus_webp(lab) -> None:
    _, client = lab
    bad, good = twins(client, "formats-images")
    assert len(set(bad.srcs("img")) - {"/assets/img/logo.svg"}) == 3
    for url in bad.srcs("img")[1:]:
        reply = client.get(url)
        assert reply.headers["Content-Type"] == "image/png" and png_info(reply.body)[:2] == (120, 90)
    webp = [u for u in good.srcs("img") if u.endswith(".webp")]
    assert len(set(webp)) == 3
    for url in webp:
        reply = client.get(url)
        assert reply.headers["Content-Type"] == "image/webp" and webp_size(reply.body) == (1, 1)


def test_padded_jpeg_versus_plain(lab) -> None:
    _, client = lab
    bad, good = twins(client, "compression-image")
    heavy = client.get(bad.srcs("img")[1])
    light = client.get(good.srcs("img")[1])
    assert heavy.headers["Content-Type"] == light.headers["Content-Type"] == "image/jpeg"
    assert len(heavy.body) == 60 * 1024 and len(light.body) < 5_000
    assert jpeg_facts(heavy.body)[:2] == jpeg_facts(light.body)[:2] == (200, 150)
    assert jpeg_facts(heavy.body)[2] > 55_000 and jpeg_facts(light.body)[2] == 0
    assert strip_comments(heavy.body) == light.body


def test_fixed_width_versus_fluid(lab) -> None:
    _, client = lab
    bad, good = twins(client, "largeur")
    css = client.get("/labo/static/labo.css", Accept_Encoding="identity").text
    assert ".large { width: 1600px; }" in css and ".fluide { width: 1600px; max-width: 100%; }" in css
    assert bad.all("div", **{"class": "bandeau large"}) and good.all("div", **{"class": "bandeau fluide"})


# -- hardened headers and cookies ------------------------------------------------------------------


def test_default_sends_no_security_header_and_a_session_cookie_without_samesite(make_ent) -> None:
    ent = make_ent()
    client = LabClient(ent)
    start = client.request("/")
    form = Forms(client.request(start.location).text)
    posted = client.request(form.forms[0]["action"], form.fields() | {"username": PUPIL[0], "password": PUPIL[1]})
    ticket = client.request(posted.location)
    (session,) = [c for c in ticket.cookies if c.startswith("ENTSESSION=")]
    assert session.endswith("; Path=/; HttpOnly") and "SameSite" not in session
    (tgc,) = [c for c in posted.cookies if c.startswith("CASTGC=")]
    assert tgc.endswith("; Path=/cas; HttpOnly; SameSite=Lax")  # unchanged
    for path in ("/", "/aide", "/cas/login", "/assets/css/ent.css"):
        reply = client.request(path)
        assert not [h for h in SECURITY_HEADERS if h in reply.headers], path


@pytest.mark.parametrize("kind", ["cas", "openent", "twostep"])
def test_hardened_headers_and_login_cookie_flags(make_ent, kind: str) -> None:
    ent = make_ent(login=kind, hardened=True, lab=True)
    client = LabClient(ent)
    anonymous = client.request("/aide")
    log_in(kind, client, *PUPIL)
    cookies = [c for reply in client.replies for c in reply.cookies]
    assert any(c.startswith("ENTSESSION=") for c in cookies)
    for cookie in cookies:  # every cookie set during the login
        assert "; HttpOnly" in cookie and cookie.count("; SameSite=") == 1 and "; SameSite=Lax" in cookie, cookie
        assert "Secure" not in cookie  # plain HTTP
    for reply in (anonymous, client.get("/"), client.get("/labo/tiers/mauvais"), client.get("/labo/static/app.js")):
        headers = reply.headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in csp and f"script-src 'self' {ent.third_party_url}" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
        assert "Strict-Transport-Security" not in headers  # plain HTTP
    footer = Forms(client.get("/").text.split('<footer class="ent-footer">')[1]).links
    assert "/ecoconception" in footer


# -- legal pages and timestamps ----------------------------------------------------------------------


def test_legal_pages_public_and_linked_from_every_footer(make_ent) -> None:
    for hardened in (False, True):
        ent = make_ent(hardened=hardened)
        anonymous = LabClient(ent)
        footer = Forms(anonymous.get("/aide").text.split('<footer class="ent-footer">')[1]).links
        legal = ["/accessibilite", "/mentions-legales", "/donnees-personnelles"] + (
            ["/ecoconception"] if hardened else []
        )
        assert [link for link in footer if link != "/aide"] == legal
        for path in legal:
            reply = anonymous.request(path)
            assert reply.status == 200 and len(reply.body) < 8_000, path
        assert "Mentions légales" in anonymous.get("/mentions-legales").text
        assert "Données personnelles" in anonymous.get("/donnees-personnelles").text
        if hardened:
            assert "Déclaration d'écoconception" in anonymous.get("/ecoconception").text
            assert "RGESN" in anonymous.get("/ecoconception").text
        else:
            assert anonymous.request("/ecoconception").status == 404
        client = LabClient(ent)
        cas_login(client, *PUPIL)
        portal_footer = Forms(client.get("/").text.split('<footer class="ent-footer">')[1]).links
        assert [link for link in portal_footer if link in legal] == legal


def test_timeline_items_carry_time_datetime_some_at_night(make_ent) -> None:
    ent = make_ent()
    client = LabClient(ent)
    cas_login(client, *PUPIL)
    notifications = json.loads(client.get("/timeline/lastNotifications").body)["results"]
    paris = ZoneInfo("Europe/Paris")
    hours = []
    for n in notifications:
        moment = datetime.fromisoformat(n["date"])
        assert moment.utcoffset() is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00", n["date"])
        hours.append(moment.astimezone(paris).hour)
    night = [h for h in hours if h >= 20 or h < 7]
    assert len(night) >= 3 and len(hours) - len(night) >= 3
    moments = [datetime.fromisoformat(n["date"]) for n in notifications]
    assert moments == sorted(moments, reverse=True)  # newest first
    script = client.get("/assets/js/timeline.js").text
    assert 'createElement("time")' in script and 'setAttribute("datetime", iso)' in script
    assert "timeZone: PARIS" in script and 'var PARIS = "Europe/Paris"' in script


# -- HTTPS -----------------------------------------------------------------------------------------


def test_both_hosts_over_https_with_the_test_ca(make_ent, certificates) -> None:
    cert_and_key, context = certificates
    ent = make_ent(tls=cert_and_key, hardened=True, lab=True)
    assert ent.base_url.startswith("https://127.0.0.1:") and ent.third_party_url.startswith("https://127.0.0.2:")
    assert ent.http_url is None
    client = LabClient(ent, context)
    start = client.request("/")
    service = urllib.parse.parse_qs(urllib.parse.urlsplit(start.location).query)["service"]
    assert service == [ent.base_url + "/"]  # CAS services are https URLs
    cas_login(client, *PUPIL)
    cookies = list(client.jar)
    assert cookies and all(c.secure for c in cookies)
    portal = client.get("/")
    assert portal.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get(ent.third_party_url + "/matomo.js").status == 200
    with pytest.raises(urllib.error.URLError):  # not trusted without the test CA
        urllib.request.urlopen(ent.base_url + "/aide", timeout=5)


def test_tls_bytes_are_counted_in_plain_text(make_ent, certificates) -> None:
    cert_and_key, context = certificates
    ent = make_ent(tls=cert_and_key)
    host, port = ent.netloc.split(":")
    with (
        socket.create_connection((host, int(port)), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=host) as sock,
    ):
        local_port = sock.getsockname()[1]
        assert sock.selected_alpn_protocol() in (None, "http/1.1")
        sock.sendall(f"GET /aide HTTP/1.1\r\nHost: {ent.netloc}\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    (entry,) = [e for e in ent.entries() if e.client_port == local_port]
    assert entry.bytes_sent == len(received) and entry.status == 200 and received.startswith(b"HTTP/1.1 200 ")


def test_plain_http_redirects_to_https(make_ent, certificates) -> None:
    cert_and_key, context = certificates
    ent = make_ent(tls=cert_and_key, http_redirect=True, lab=True)
    assert ent.http_url.startswith("http://127.0.0.1:") and ent.http_url != ent.base_url.replace("https", "http")
    plain = LabClient(ent, context)
    for path in ("/", "/blog/post/3?x=1", "/labo/img/mixte.png"):
        reply = plain.request(ent.http_url + path)
        assert reply.status == 301 and reply.location == ent.base_url + path
    connection = http.client.HTTPConnection(*ent.http_url[len("http://") :].split(":"), timeout=10)
    connection.request("HEAD", "/aide")
    assert connection.getresponse().status == 301
    connection.close()
    http_netloc = ent.http_url[len("http://") :]
    assert [e.status for e in ent.entries() if e.host == http_netloc] == [301] * 4

    # the mixed-content twins: an http:// image (via the redirect) versus a relative one
    client = LabClient(ent, context)
    cas_login(client, *PUPIL)
    bad, good = twins(client, "contenu-mixte")
    assert bad.srcs("img")[1] == ent.http_url + "/labo/img/mixte.png"
    assert good.srcs("img")[1] == "/labo/img/mixte.png"
    assert png_info(client.get("/labo/img/mixte.png").body)[:2] == (120, 90)


def test_tls_helpers(tmp_path: Path) -> None:
    cert, key = make_test_certificates(tmp_path / "c")
    assert Path(cert).read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert b"PRIVATE KEY" in Path(key).read_bytes() and Path(ca_file(tmp_path / "c")).exists()
    with pytest.raises(ValueError, match="http_redirect needs tls"):
        DemoENT(http_redirect=True)
