"""Seeded accessibility defects of the demo ENT, and its one clean page (urllib + stdlib parsing only)."""

from __future__ import annotations

import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import wave
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from ent_audit.demo_ent import DemoENT


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Client:
    def __init__(self, ent: DemoENT) -> None:
        self.ent = ent
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def get(self, url: str, data: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        if url.startswith("/"):
            url = self.ent.base_url + url
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            resp = self.opener.open(urllib.request.Request(url, data=body), timeout=10)
        except urllib.error.HTTPError as error:
            resp = error
        with resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()

    def login(self) -> None:
        status, headers, _ = self.get("/")
        assert status == 302
        _, _, page = self.get(headers["location"])
        text = page.decode()
        action = re.search(r'<form id="fm1"[^>]* action="([^"]+)"', text).group(1)  # type: ignore[union-attr]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text))
        fields.update(username=DemoENT.USERNAME, password=DemoENT.PASSWORD)
        status, headers, _ = self.get(action.replace("&amp;", "&"), fields)
        assert status == 302
        while status == 302:
            status, headers, _ = self.get(headers["location"])
        assert status == 200


class Elements(HTMLParser):
    """Start tags in document order: (tag, attrs), plus the text inside each tag of interest."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[int, str] = {}
        self._open: list[int] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("a", "button", "h1", "h2", "h3", "label", "title", "p"):
            self._open.append(len(self.tags) - 1)
            self.texts[len(self.tags) - 1] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._open and self.tags[self._open[-1]][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.texts[index] += data

    def find(self, tag: str) -> list[tuple[int, dict[str, str | None]]]:
        return [(i, attrs) for i, (t, attrs) in enumerate(self.tags) if t == tag]

    def text(self, index: int) -> str:
        return " ".join(self.texts.get(index, "").split())


@pytest.fixture(scope="module")
def ent() -> Iterator[DemoENT]:
    with DemoENT() as server:
        yield server


@pytest.fixture(scope="module")
def client(ent: DemoENT) -> Client:
    c = Client(ent)
    c.login()
    return c


def test_school_life_page_is_protected_and_linked_from_the_portal(ent: DemoENT, client: Client) -> None:
    status, headers, _ = Client(ent).get("/vie-scolaire")
    assert status == 302 and headers["location"].startswith("/cas/login")
    _, _, body = client.get("/")
    portal = Elements(body.decode())
    tiles = [attrs.get("href") for _, attrs in portal.find("a") if "tile" in (attrs.get("class") or "")]
    assert "/vie-scolaire" in tiles
    footer_link = [i for i, attrs in portal.find("a") if attrs.get("href") == "/accessibilite"]
    assert footer_link and portal.text(footer_link[0]) == "Accessibilité : partiellement conforme"


def test_ordinary_pages_have_no_skip_link(client: Client) -> None:
    for path in ("/", "/vie-scolaire", "/aide", "/blog"):
        _, _, body = client.get(path)
        assert 'href="#contenu"' not in body.decode(), path


def test_school_life_page_serves_each_seeded_defect(client: Client) -> None:
    status, headers, body = client.get("/vie-scolaire")
    assert status == 200 and headers["content-type"].startswith("text/html")
    markup = body.decode()
    page = Elements(markup)
    assert page.tags[0] == ("html", {"lang": "fr"})
    assert 'class="ent-footer"' in markup and 'class="legal"' in markup  # the low-contrast base layout

    # empty button: no text, no aria-label / title, only an aria-hidden icon
    empty = [(i, a) for i, a in page.find("button") if not page.text(i)]
    assert empty and all("aria-label" not in a and "title" not in a for _, a in empty)

    # duplicate id referenced by aria-labelledby
    ids = Counter(a["id"] for _, a in page.tags if a.get("id"))
    referenced = {a.get("aria-labelledby") for _, a in page.tags} | {a.get("aria-describedby") for _, a in page.tags}
    assert any(ids[ref] > 1 for ref in referenced if ref)

    # iframe without title, same-origin plain page
    frames = page.find("iframe")
    assert len(frames) == 1 and "title" not in frames[0][1] and frames[0][1]["src"] == "/vie-scolaire/widget"

    # fixed-width block wider than 320 CSS px
    assert re.search(r'style="[^"]*width:\s*900px', markup)

    # autoplaying sound, not muted, no controls
    videos = page.find("video")
    assert len(videos) == 1
    video = videos[0][1]
    assert "autoplay" in video and video["src"] == "/assets/media/annonce.wav"
    assert "muted" not in video and "controls" not in video

    # new window without warning
    blank = [(i, a) for i, a in page.find("a") if a.get("target") == "_blank"]
    assert blank and all("title" not in a and "fenêtre" not in page.text(i) for i, a in blank)

    # presentational tag and attribute
    assert page.find("center")
    assert any(a.get("align") == "center" for _, a in page.find("p"))


def test_widget_page_is_plain_html_with_lang(client: Client) -> None:
    status, headers, body = client.get("/vie-scolaire/widget")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = Elements(body.decode())
    assert body.startswith(b"<!DOCTYPE html>") and page.tags[0] == ("html", {"lang": "fr"})
    assert page.find("title")


def test_announcement_wav_is_valid(ent: DemoENT) -> None:
    status, headers, body = Client(ent).get("/assets/media/annonce.wav")
    assert status == 200 and headers["content-type"] == "audio/wav"
    assert headers["cache-control"] == "public, max-age=86400"
    assert int(headers["content-length"]) == len(body)
    with wave.open(io.BytesIO(body)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 8000)
        assert wav.getnframes() == 5 * 8000
        frames = wav.readframes(wav.getnframes())
    assert frames.strip(b"\x00")  # not silence
    assert Client(ent).get("/assets/media/annonce.wav")[2] == body  # deterministic


def test_accessibility_statement_is_clean(ent: DemoENT) -> None:
    status, headers, body = Client(ent).get("/accessibilite")  # public: no session needed
    assert status == 200 and headers["content-type"].startswith("text/html")
    markup = body.decode()
    assert markup.startswith("<!DOCTYPE html>")
    page = Elements(markup)
    assert page.tags[0] == ("html", {"lang": "fr"})
    titles = page.find("title")
    assert len(titles) == 1 and page.text(titles[0][0]) == "Déclaration d'accessibilité - ENT Collège Jean Moulin"

    focusable = [(i, a) for i, (t, a) in enumerate(page.tags) if t in ("a", "button", "input", "select", "textarea")]
    first, attrs = focusable[0]
    assert attrs.get("href") == "#contenu" and page.text(first) == "Aller au contenu"
    mains = page.find("main")
    assert len(mains) == 1 and mains[0][1].get("id") == "contenu"
    for tag in ("header", "nav", "footer"):
        assert len(page.find(tag)) == 1, tag

    headings = [t for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings[0] == "h1" and headings.count("h1") == 1 and set(headings[1:]) == {"h2"}
    assert "Accessibilité : partiellement conforme" in markup
    assert ("a", {"href": "/"}) in page.tags

    inputs = [a for _, a in page.find("input") if a.get("type") != "hidden"]
    labels = {a.get("for") for _, a in page.find("label")}
    assert inputs and all(a.get("id") in labels for a in inputs)
    assert all(page.text(i) for i, _ in page.find("button"))
    assert all(a.get("alt") for _, a in page.find("img"))
    for bad in ("<center", "<font", " align=", 'target="_blank"', "<iframe", "autoplay"):
        assert bad not in markup, bad
