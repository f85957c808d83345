"""RGESN 2024 page rules ("Durable") judged from what one PageCapture already holds: the responses of the load
(sizes, MIME, encoding, protocol, third party, headers), the linked documents and the accessibility probe's media facts.

Numbering is RGESN **2024** (domain.md §2), not the 2022 numbering some peers still use.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from audits.model import PageCapture, RequestRecord
from audits.rules import Finding, RuleSettings, rule

STATIC_TYPES = frozenset({"stylesheet", "script", "image", "font", "media"})
COMPRESSED = frozenset({"gzip", "br", "zstd"})
LEGACY_RASTER = frozenset({"image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/bmp",
                           "image/x-ms-bmp", "image/x-bmp"})
MODERN_RASTER = frozenset({"image/webp", "image/avif", "image/jxl"})
FONT_MIMES = frozenset({"application/font-woff", "application/font-woff2", "application/x-font-woff",
                        "application/x-font-ttf", "application/x-font-otf", "application/font-sfnt",
                        "application/vnd.ms-fontobject"})
MODERN_PROTOCOLS = ("h2", "h3", "http/2", "http/3", "quic")


def _mime(value: str) -> str:
    return (value or "").split(";")[0].strip().lower()


def _kb(n: int) -> str:
    return f"{n / 1000:.1f} kB"


def _host(url: str) -> str:
    return urlsplit(url).netloc


def _responses(page: PageCapture) -> list[RequestRecord]:
    """Responses received over the network that carry a body (redirect hops excluded)."""
    return [r for r in page.received if not r.is_redirect]


def _first_party_static(page: PageCapture) -> list[RequestRecord]:
    return [r for r in _responses(page) if not r.third_party and r.resource_type in STATIC_TYPES
            and 200 <= r.status < 400]


def is_text(r: RequestRecord) -> bool:
    mime = _mime(r.mime)
    return (mime in ("text/html", "application/xhtml+xml", "text/css", "image/svg+xml") or "javascript" in mime
            or mime in ("application/json", "text/json") or mime.endswith("+json") or mime == "application/ecmascript")


def is_font(r: RequestRecord) -> bool:
    mime = _mime(r.mime)
    return r.resource_type == "font" or mime.startswith("font/") or mime in FONT_MIMES


def is_cacheable(r: RequestRecord) -> bool:
    """Cache-Control with max-age > 0 (and no no-store), or a validator (ETag, Last-Modified)."""
    h = r.headers or {}
    cc = (h.get("cache-control") or "").lower()
    if "no-store" in cc:
        return False
    match = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", cc)
    if match and int(match.group(1)) > 0:
        return True
    return bool(h.get("etag") or h.get("last-modified"))


def _encodings(value: str) -> set[str]:
    return {token.strip().lower() for token in (value or "").split(",") if token.strip()}


@rule(ref="RGESN-6.1", pillar="durable",
      title={"fr": "Poids et nombre de requêtes de la page dans le budget",
             "en": "Page weight and request count within budget"},
      why={"fr": "Chaque octet et chaque requête coûtent de l'énergie au réseau, aux serveurs et aux terminaux ; "
                 "le RGESN demande un budget par écran (exemple : 1 Mo et moins de 30 requêtes).",
           "en": "Every byte and request costs energy in networks, servers and devices; RGESN asks for a budget "
                 "per screen (example: 1 MB and fewer than 30 requests)."},
      fix={"fr": "Supprimer les ressources inutiles, regrouper et alléger scripts, styles et images.",
           "en": "Remove unneeded resources; bundle and slim down scripts, styles and images."})
def page_budget(page: PageCapture, settings: RuleSettings) -> Finding:
    size, count = page.transfer_bytes, page.request_count
    weight = f"{_kb(size)} (budget {_kb(settings.max_page_bytes)})"
    requests = f"{count} requests (budget {settings.max_requests})"
    if size > settings.max_page_bytes or count > settings.max_requests:
        return Finding.fail(weight, requests, saving_bytes=max(0, size - settings.max_page_bytes))
    return Finding.ok(weight, requests)


@rule(ref="RGESN-6.2", pillar="durable",
      title={"fr": "Ressources statiques mises en cache par le navigateur",
             "en": "Static resources cacheable by the browser"},
      why={"fr": "Sans en-tête de cache, chaque visite retélécharge styles, scripts, images et polices.",
           "en": "Without caching headers every visit downloads styles, scripts, images and fonts again."},
      fix={"fr": "Servir les ressources statiques avec Cache-Control: max-age (idéalement des noms versionnés "
                 "et immutable), ou au moins un ETag / Last-Modified.",
           "en": "Serve static resources with Cache-Control: max-age (ideally fingerprinted names and immutable), "
                 "or at least an ETag / Last-Modified."})
def static_caching(page: PageCapture, settings: RuleSettings) -> Finding:
    static = _first_party_static(page)
    if not static:
        return Finding.na("no first-party static resource")
    offenders = [r for r in static if not is_cacheable(r)]
    if offenders:
        return Finding.fail(f"{len(offenders)}/{len(static)} first-party static resources without "
                            "Cache-Control max-age, ETag or Last-Modified", *[r.url for r in offenders])
    return Finding.ok(f"{len(static)} first-party static resources cacheable")


@rule(ref="RGESN-6.3", pillar="durable",
      title={"fr": "Ressources textuelles compressées", "en": "Text resources compressed"},
      why={"fr": "HTML, CSS, JavaScript, JSON et SVG se compressent très bien : gzip ou Brotli retirent "
                 "typiquement 70 % des octets (estimation de gain utilisée ici : 70 % du poids transféré).",
           "en": "HTML, CSS, JavaScript, JSON and SVG compress very well: gzip or Brotli typically remove 70 % of "
                 "the bytes (the saving estimated here is 70 % of the transferred size)."},
      fix={"fr": "Activer la compression gzip, Brotli ou zstd sur le serveur pour les types textuels.",
           "en": "Enable gzip, Brotli or zstd compression on the server for text types."})
def text_compression(page: PageCapture, settings: RuleSettings) -> Finding:
    text = [r for r in _responses(page) if is_text(r) and r.decoded_bytes > settings.text_min_bytes]
    if not text:
        return Finding.na(f"no text resource over {settings.text_min_bytes} bytes")
    offenders = [r for r in text if not (_encodings(r.content_encoding) & COMPRESSED)]
    if offenders:
        saving = round(settings.compression_saving * sum(r.transfer_bytes for r in offenders))
        return Finding.fail(f"{len(offenders)}/{len(text)} text resources sent uncompressed",
                            *[r.url for r in offenders], saving_bytes=saving)
    return Finding.ok(f"{len(text)} text resources compressed")


@rule(ref="RGESN-6.7", pillar="durable",
      title={"fr": "HTTP/2 ou plus récent, ressources statiques sur un seul domaine",
             "en": "HTTP/2 or newer, static resources from one domain"},
      why={"fr": "HTTP/2 et HTTP/3 multiplexent les requêtes sur une connexion ; chaque domaine de plus coûte "
                 "une résolution DNS et une poignée de main TLS.",
           "en": "HTTP/2 and HTTP/3 multiplex requests over one connection; each extra domain costs a DNS "
                 "lookup and a TLS handshake."},
      fix={"fr": "Activer HTTP/2 (ou HTTP/3) sur le serveur et servir les ressources statiques depuis un domaine.",
           "en": "Enable HTTP/2 (or HTTP/3) on the server and serve static resources from one domain."})
def modern_protocol(page: PageCapture, settings: RuleSettings) -> Finding:
    first_party = [r for r in page.received if not r.third_party and r.protocol]
    if not first_party:
        return Finding.na("no first-party response with a recorded protocol")
    old = [r for r in first_party if not r.protocol.lower().startswith(MODERN_PROTOCOLS)]
    hosts = sorted({_host(r.url) for r in _first_party_static(page)})
    evidence = []
    if old:
        protocols = ", ".join(sorted({r.protocol.lower() for r in old}))
        evidence.append(f"{len(old)}/{len(first_party)} first-party responses over {protocols}")
    if len(hosts) > 1:
        evidence.append(f"first-party static resources from {len(hosts)} hosts: {', '.join(hosts)}")
    if evidence:
        return Finding.fail(*evidence, *[r.url for r in old])
    return Finding.ok(f"{len(first_party)} first-party responses over HTTP/2+",
                      f"static hosts: {', '.join(hosts) or 'none'}")


@rule(ref="RGESN-5.1", pillar="durable",
      title={"fr": "Formats d'image adaptés (WebP, AVIF, JPEG XL)",
             "en": "Suitable image formats (WebP, AVIF, JPEG XL)"},
      why={"fr": "À qualité égale, WebP, AVIF et JPEG XL pèsent nettement moins que PNG, JPEG ou GIF ; le RGESN "
                 "demande plus de 75 % des images matricielles dans ces formats.",
           "en": "At equal quality WebP, AVIF and JPEG XL weigh much less than PNG, JPEG or GIF; RGESN asks for "
                 "more than 75 % of raster images in these formats."},
      fix={"fr": "Convertir les images en WebP ou AVIF (éventuellement avec <picture> et repli).",
           "en": "Convert images to WebP or AVIF (with <picture> and a fallback if needed)."})
def image_formats(page: PageCapture, settings: RuleSettings) -> Finding:
    images = [r for r in _responses(page) if _mime(r.mime) in LEGACY_RASTER | MODERN_RASTER]
    if not images:
        return Finding.na("no raster image")

    def size(r: RequestRecord) -> int:
        return r.transfer_bytes or r.decoded_bytes

    legacy = [r for r in images if _mime(r.mime) in LEGACY_RASTER]
    total = sum(size(r) for r in images)
    modern = total - sum(size(r) for r in legacy)
    share = modern / total if total else (len(images) - len(legacy)) / len(images)
    summary = f"{share:.0%} of raster image bytes in WebP/AVIF/JPEG XL ({_kb(modern)} of {_kb(total)})"
    if share >= settings.modern_image_share:
        return Finding.ok(summary)
    return Finding.fail(summary, *[r.url for r in legacy])


@rule(ref="RGESN-5.7", pillar="durable",
      title={"fr": "Documents liés dans un format adapté et compressés",
             "en": "Linked documents in a suitable, compressed format"},
      why={"fr": "Un PDF ou un document bureautique lourd est téléchargé en entier ; son poids se juge au regard "
                 "de son contenu, ce qui demande une vérification humaine.",
           "en": "A heavy PDF or office document is downloaded whole; its weight must be judged against its "
                 "content, which needs a human check."},
      fix={"fr": "Compresser les PDF (images rééchantillonnées), préférer une page HTML quand c'est possible.",
           "en": "Compress PDFs (downsampled images); prefer an HTML page when possible."})
def linked_documents(page: PageCapture, settings: RuleSettings) -> Finding:
    documents = page.documents or []
    if not documents:
        return Finding.na("no linked document")

    def size(doc: dict) -> int:
        return int(doc.get("bytes") or 0)

    total = sum(size(d) for d in documents)
    ordered = sorted(documents, key=lambda d: -size(d))
    return Finding.manual(f"{len(documents)} linked documents, {_kb(total)} in all",
                          *[f"{d.get('url') or '?'} ({_kb(size(d))})" for d in ordered])


@rule(ref="RGESN-4.1", pillar="durable",
      title={"fr": "Pas de lecture automatique des médias", "en": "No autoplaying media"},
      why={"fr": "Une vidéo ou un son lancé sans demande consomme réseau et énergie pour rien.",
           "en": "Video or sound started unasked consumes network and energy for nothing."},
      fix={"fr": "Retirer l'attribut autoplay ; laisser l'utilisateur lancer la lecture.",
           "en": "Remove the autoplay attribute; let the user start playback."})
def no_autoplay(page: PageCapture, settings: RuleSettings) -> Finding:
    facts = (page.accessibility or {}).get("facts") or {}
    media = facts.get("media") or []
    if not media:
        return Finding.na("no audio or video" if "media" in facts else "media not recorded")
    playing = [m for m in media if m.get("autoplay")]
    if playing:
        return Finding.fail(f"{len(playing)}/{len(media)} media autoplay",
                            *[f"<{m.get('tag') or 'media'}> {m.get('src') or ''}".strip() for m in playing])
    return Finding.ok(f"{len(media)} media, none autoplaying")


@rule(ref="RGESN-4.4", pillar="durable",
      title={"fr": "Services tiers chargés seulement à la demande",
             "en": "Third-party services loaded only on demand"},
      why={"fr": "Un service tiers chargé d'office coûte des octets et des requêtes, et l'utilisateur doit pouvoir "
                 "décider de l'activer.",
           "en": "A third-party service loaded by default costs bytes and requests, and users should decide "
                 "whether to enable it."},
      fix={"fr": "Héberger soi-même les bibliothèques, ou charger le service tiers après une action de "
                 "l'utilisateur (façade, consentement).",
           "en": "Self-host libraries, or load the third-party service after a user action (facade, consent)."})
def third_parties(page: PageCapture, settings: RuleSettings) -> Finding:
    third = [r for r in page.received if r.third_party]
    if not third:
        return Finding.ok("no third-party request during the load")
    hosts: dict[str, list[int]] = {}
    for r in third:
        entry = hosts.setdefault(_host(r.url), [0, 0])
        entry[0] += 1
        entry[1] += r.transfer_bytes
    listed = [f"{h} ({n} requests, {_kb(b)})" for h, (n, b) in sorted(hosts.items(), key=lambda kv: -kv[1][1])]
    return Finding.fail(*listed, saving_bytes=sum(r.transfer_bytes for r in third))


@rule(ref="RGESN-4.8", pillar="durable",
      title={"fr": "Peu de polices téléchargées", "en": "Few downloaded fonts"},
      why={"fr": "Le RGESN vise au plus 4 variantes de police par page, ou au plus 400 Ko de polices.",
           "en": "RGESN aims at no more than 4 font variants per page, or no more than 400 KB of fonts."},
      fix={"fr": "Limiter familles et graisses, sous-ensembles (subset) et WOFF2, ou polices système.",
           "en": "Limit families and weights, subset fonts and use WOFF2, or use system fonts."})
def web_fonts(page: PageCapture, settings: RuleSettings) -> Finding:
    fonts = [r for r in _responses(page) if is_font(r)]
    size = sum(r.transfer_bytes for r in fonts)
    summary = f"{len(fonts)} font files, {_kb(size)}"
    if len(fonts) > settings.max_font_files or size > settings.max_font_bytes:
        return Finding.fail(summary + f" (budget {settings.max_font_files} files, {_kb(settings.max_font_bytes)})",
                            *[r.url for r in fonts], saving_bytes=max(0, size - settings.max_font_bytes))
    return Finding.ok(summary)
