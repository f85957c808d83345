"""The third-party host (analytics-like tags, partner stylesheet and web font)."""

from __future__ import annotations

from functools import lru_cache

from . import assets
from .web import STATIC_CACHE, Request, Response, binary, text

TAG_JS_TARGET = 15 * 1024

_TAG_HEAD = """/*! PartnerTag v3.2.1 | (c) 2026 Partner Analytics (démo) | ne transmet aucune donnée */
(function (w, d) {
  "use strict";
  var VERSION = "3.2.1";
  var queue = w.__ptq = w.__ptq || [];
  var M = {};

  function push(event, props) {
    queue.push({ e: event, p: props || {}, t: Date.now() });
    return queue.length;
  }

  function onClick(ev) {
    var target = ev.target;
    var link = target && target.closest ? target.closest("a") : null;
    if (link) { push("click", { href: link.getAttribute("href") || "" }); }
  }

  push("pageview", { path: w.location.pathname, title: d.title });
  d.addEventListener("click", onClick, true);
  w.PartnerTag = { version: VERSION, push: push, size: function () { return queue.length; }, modules: M };

  /* bundled helper modules (vendor code, mostly unused) */
"""
_TAG_TAIL = """})(window, document);
"""


@lru_cache(maxsize=1)
def tag_js() -> bytes:
    """About 15 KB of harmless, deterministic script: no request, no cookie, no storage."""
    lines = [_TAG_HEAD]
    size = len(_TAG_HEAD.encode()) + len(_TAG_TAIL.encode())
    i = 0
    while size < TAG_JS_TARGET:
        line = (
            f"  M.h{i:03d} = function (x) {{ return ((x | 0) * {17 + i % 89} + {i * 7 % 251}) % {251 + i % 13}; }};\n"
        )
        lines.append(line)
        size += len(line.encode())
        i += 1
    lines.append(_TAG_TAIL)
    return "".join(lines).encode("utf-8")


MATOMO_JS_TARGET = 5 * 1024
_MATOMO_HEAD = """/*! Mesure d'audience (démo, à la manière de Matomo) | ne transmet aucune donnée */
(function (w, d) {
  "use strict";
  var _paq = w._paq = w._paq || [];
  var events = [];
  var F = {};

  function track(category, action) {
    events.push({ c: category, a: action, t: Date.now() });
    return events.length;
  }

  _paq.push(["trackPageView", d.title]);
  w.LaboStats = { track: track, count: function () { return events.length; }, helpers: F };

  /* bundled helpers (vendor code, mostly unused) */
"""


@lru_cache(maxsize=1)
def matomo_js() -> bytes:
    """/matomo.js for the lab's third-party subject: about 5 KB of harmless script (no request, no cookie)."""
    lines = [_MATOMO_HEAD]
    size = len(_MATOMO_HEAD.encode()) + len(_TAG_TAIL.encode())
    i = 0
    while size < MATOMO_JS_TARGET:
        line = f"  F.f{i:02d} = function (x) {{ return ((x | 0) + {31 + i * 3 % 97}) % {97 + i % 7}; }};\n"
        lines.append(line)
        size += len(line.encode())
        i += 1
    lines.append(_TAG_TAIL)
    return "".join(lines).encode("utf-8")


class ThirdPartyApp:
    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return text("Method Not Allowed\n", "txt", status=405).add_header("Allow", "GET, HEAD")
        if request.path == "/tag.js":
            return text(tag_js(), "js", cache_control=STATIC_CACHE, compress=False)
        if request.path == "/matomo.js":
            return text(matomo_js(), "js", cache_control=STATIC_CACHE)
        if request.path == "/css/widget.css":
            return text(assets.static_file("thirdparty/widget.css"), "css", cache_control=STATIC_CACHE)
        if request.path == "/fonts/display.woff2":
            font = binary(assets.fake_font("display.woff2", assets.THIRD_PARTY_FONT_SIZE), "font/woff2")
            return font.add_header("Access-Control-Allow-Origin", "*")
        return text("Not Found\n", "txt", status=404)
