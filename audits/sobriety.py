"""RGESN 2024 page rules ("Durable") judged from what one PageCapture already holds: the responses of the load
(sizes, MIME, encoding, protocol, third party, headers), the linked documents and the accessibility probe's media facts.

Numbering is RGESN **2024** (domain.md §2), not the 2022 numbering some peers still use.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ent_audit.audits.minify import worth_minifying
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.audits.rules import (
    SIZE,
    URL,
    Column,
    Finding,
    RuleSettings,
    facts,
    msg,
    note,
    rule,
    table,
    value,
)

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
    heavy, many = size > settings.max_page_bytes, count > settings.max_requests
    evidence = facts(
        value(msg("Poids de la page", "Page weight"), "bytes", size, "page_bytes"),
        value(msg("Budget de poids", "Weight budget"), "bytes", settings.max_page_bytes, "max_page_bytes"),
        value(msg("Poids au-delà du budget", "Weight over budget"), "bool", heavy, "over_bytes"),
        value(msg("Requêtes", "Requests"), "count", count, "requests"),
        value(msg("Budget de requêtes", "Request budget"), "count", settings.max_requests, "max_requests"),
        value(msg("Requêtes au-delà du budget", "Requests over budget"), "bool", many, "over_requests"))
    if heavy or many:
        return Finding.fail(evidence, saving_bytes=max(0, size - settings.max_page_bytes))
    return Finding.ok(evidence)


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
    revisit = page.facts.get("repeat_visit") or {}
    if not static and not revisit.get("redownloaded"):
        return Finding.na(facts(note(msg("Aucune ressource statique du site", "No first-party static resource"))))
    summary, saving = [], 0
    offenders = [r for r in static if not is_cacheable(r)]
    if offenders:
        summary += [value(msg("Ressources statiques du site sans Cache-Control max-age, ETag ni Last-Modified",
                              "First-party static resources without Cache-Control max-age, ETag or "
                              "Last-Modified"), "count", len(offenders)),
                    value(msg("Ressources statiques du site", "First-party static resources"), "count", len(static))]
    again = revisit.get("redownloaded") or []
    if again:
        saving = sum(int(r.get("transfer_bytes") or 0) for r in again)
        summary += [value(msg("Seconde visite : ressources statiques retéléchargées",
                              "Second visit: static resources downloaded again"), "count", len(again)),
                    value(msg("Seconde visite : poids retéléchargé", "Second visit: bytes downloaded again"),
                          "bytes", saving)]
    if summary:
        urls = list(dict.fromkeys([r.url for r in offenders] + [r.get("url", "") for r in again]))
        return Finding.fail(table([URL], ({"url": u} for u in urls), summary), saving_bytes=saving or None)
    checked = [value(msg("Ressources statiques du site mises en cache", "First-party static resources cacheable"),
                     "count", len(static))]
    if "requests" in revisit:
        checked += [value(msg("Seconde visite : ressources lues dans le cache", "Second visit: resources from the "
                              "browser cache"), "count", revisit.get("from_cache", 0)),
                    value(msg("Seconde visite : ressources revalidées", "Second visit: resources revalidated"),
                          "count", revisit.get("revalidated", 0)),
                    value(msg("Seconde visite : ressources retéléchargées", "Second visit: resources downloaded "
                              "again"), "count", 0)]
    return Finding.ok(facts(*checked))


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
    unminified = [m for m in page.facts.get("minify") or [] if worth_minifying(m["bytes"], m["saving"])]
    if not text and not unminified:
        return Finding.na(facts(value(msg("Aucune ressource textuelle au-delà de", "No text resource over"),
                                      "bytes", settings.text_min_bytes)))
    summary: list[dict] = []
    items: list[dict] = []
    saving = 0
    offenders = [r for r in text if not (_encodings(r.content_encoding) & COMPRESSED)]
    if offenders:
        saving += round(settings.compression_saving * sum(r.transfer_bytes for r in offenders))
        summary += [value(msg("Ressources textuelles envoyées sans compression", "Text resources sent uncompressed"),
                          "count", len(offenders)),
                    value(msg("Ressources textuelles", "Text resources"), "count", len(text))]
        items += [{"url": r.url, "minify_saving": None} for r in offenders]
    if unminified:
        by_url = _records_by_url(page)
        for item in unminified:  # the saving on the wire: the decoded saving scaled by the file's compression
            record = by_url.get(item["url"])
            ratio = record.transfer_bytes / record.decoded_bytes if record and record.decoded_bytes else 1.0
            saving += round(item["saving"] * min(1.0, ratio))
        summary += [value(msg("Scripts ou feuilles de style non minifiés", "Scripts or stylesheets not minified"),
                          "count", len(unminified)),
                    value(msg("Commentaires et espaces superflus", "Comments and whitespace"), "bytes",
                          sum(m["saving"] for m in unminified))]
        items += [{"url": m["url"], "minify_saving": m["saving"]} for m in unminified]
    if summary:
        columns = [URL, Column("minify_saving", "bytes", msg("Gain de la minification", "Saved by minifying"))]
        return Finding.fail(table(columns, items, summary), saving_bytes=saving)
    checked = len(page.facts.get("minify") or [])
    return Finding.ok(facts(
        value(msg("Ressources textuelles compressées", "Text resources compressed"), "count", len(text)),
        *([value(msg("Scripts et feuilles de style minifiés", "Scripts and stylesheets minified"), "count",
                 checked)] if checked else [])))


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
        return Finding.na(facts(note(msg("Aucune réponse du site dont le protocole soit connu",
                                         "No first-party response with a recorded protocol"))))
    old = [r for r in first_party if not r.protocol.lower().startswith(MODERN_PROTOCOLS)]
    hosts = sorted({_host(r.url) for r in _first_party_static(page)})
    hosts_value = value(msg("Domaines des ressources statiques", "Static resource hosts"), "code", ", ".join(hosts))
    summary = []
    if old:
        summary += [value(msg("Réponses du site en HTTP/1", "First-party responses over HTTP/1"), "count", len(old)),
                    value(msg("Réponses du site", "First-party responses"), "count", len(first_party)),
                    value(msg("Protocoles", "Protocols"), "code", ", ".join(sorted({r.protocol.lower() for r in old})))]
    if len(hosts) > 1:
        summary.append(hosts_value)
    if summary:
        columns = [URL, Column("protocol", "code", msg("Protocole", "Protocol"))]
        return Finding.fail(table(columns, ({"url": r.url, "protocol": r.protocol.lower()} for r in old), summary))
    return Finding.ok(facts(
        value(msg("Réponses du site en HTTP/2 ou plus", "First-party responses over HTTP/2+"), "count",
              len(first_party)), hosts_value))


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
        return Finding.na(facts(note(msg("Aucune image matricielle", "No raster image"))))

    def size(r: RequestRecord) -> int:
        return r.transfer_bytes or r.decoded_bytes

    legacy = [r for r in images if _mime(r.mime) in LEGACY_RASTER]
    total = sum(size(r) for r in images)
    modern = total - sum(size(r) for r in legacy)
    share = modern / total if total else (len(images) - len(legacy)) / len(images)
    summary = [value(msg("Part des octets d'images matricielles en WebP, AVIF ou JPEG XL",
                         "Share of raster image bytes in WebP, AVIF or JPEG XL"), "percent", share),
               value(msg("Images modernes", "Modern images"), "bytes", modern),
               value(msg("Images matricielles", "Raster images"), "bytes", total)]
    if share >= settings.modern_image_share:
        return Finding.ok(facts(*summary))
    columns = [URL, Column("mime", "code", msg("Format", "Format")), SIZE]
    return Finding.fail(table(columns, ({"url": r.url, "mime": _mime(r.mime), "bytes": size(r)} for r in legacy),
                              summary))


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
        return Finding.na(facts(note(msg("Aucun document lié", "No linked document"))))

    def size(doc: dict) -> int:
        return int(doc.get("bytes") or 0)

    total = sum(size(d) for d in documents)
    ordered = sorted(documents, key=lambda d: -size(d))
    return Finding.manual(table(
        [URL, SIZE], ({"url": d.get("url") or "", "bytes": size(d)} for d in ordered),
        [value(msg("Documents liés", "Linked documents"), "count", len(documents)),
         value(msg("Poids total", "Total size"), "bytes", total)]))


@rule(ref="RGESN-4.1", pillar="durable",
      title={"fr": "Pas de lecture automatique des médias", "en": "No autoplaying media"},
      why={"fr": "Une vidéo ou un son lancé sans demande consomme réseau et énergie pour rien.",
           "en": "Video or sound started unasked consumes network and energy for nothing."},
      fix={"fr": "Retirer l'attribut autoplay ; laisser l'utilisateur lancer la lecture.",
           "en": "Remove the autoplay attribute; let the user start playback."})
def no_autoplay(page: PageCapture, settings: RuleSettings) -> Finding:
    probe = (page.accessibility or {}).get("facts") or {}
    media = probe.get("media") or []
    if not media:
        return Finding.na(facts(note(msg("Aucun son ni vidéo", "No audio or video") if "media" in probe
                                      else msg("Médias non relevés", "Media not recorded"))))
    playing = [m for m in media if m.get("autoplay")]
    counted = [value(msg("Médias en lecture automatique", "Media autoplaying"), "count", len(playing)),
               value(msg("Médias", "Media"), "count", len(media))]
    if playing:
        columns = [Column("tag", "code", msg("Élément", "Element")), Column("src", "url", msg("Source", "Source"))]
        return Finding.fail(table(columns, ({"tag": f"<{m.get('tag') or 'media'}>", "src": m.get("src") or ""}
                                            for m in playing), counted))
    return Finding.ok(facts(*counted))


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
        return Finding.ok(facts(note(msg("Aucune requête vers un tiers pendant le chargement",
                                         "No third-party request during the load"))))
    hosts: dict[str, list[int]] = {}
    for r in third:
        entry = hosts.setdefault(_host(r.url), [0, 0])
        entry[0] += 1
        entry[1] += r.transfer_bytes
    columns = [Column("host", "code", msg("Domaine", "Host")), Column("requests", "count", msg("Requêtes", "Requests")),
               SIZE]
    listed = ({"host": h, "requests": n, "bytes": b} for h, (n, b) in sorted(hosts.items(), key=lambda kv: -kv[1][1]))
    return Finding.fail(table(columns, listed), saving_bytes=sum(r.transfer_bytes for r in third))


@rule(ref="RGESN-4.8", pillar="durable",
      title={"fr": "Peu de polices téléchargées", "en": "Few downloaded fonts"},
      why={"fr": "Le RGESN vise au plus 2 familles et 4 variantes de police par page, ou au plus 400 Ko de polices.",
           "en": "RGESN aims at no more than 2 families and 4 font variants per page, or no more than 400 KB of "
                 "fonts."},
      fix={"fr": "Limiter familles et graisses, sous-ensembles (subset) et WOFF2, ou polices système.",
           "en": "Limit families and weights, subset fonts and use WOFF2, or use system fonts."})
def web_fonts(page: PageCapture, settings: RuleSettings) -> Finding:
    fonts = [r for r in _responses(page) if is_font(r)]
    size = sum(r.transfer_bytes for r in fonts)
    families = sorted({f.get("family", "").strip().lower() for f in page.facts.get("fonts") or []} - {""})
    summary = [value(msg("Fichiers de police", "Font files"), "count", len(fonts)),
               value(msg("Poids des polices", "Font bytes"), "bytes", size)]
    if families:
        summary += [value(msg("Familles", "Families"), "count", len(families)),
                    value(msg("Noms des familles", "Family names"), "code", ", ".join(families))]
    # RGESN 2024 4.8 as written: "≤ 2 families and ≤ 4 variants, or ≤ 400 KB" — light fonts pass whatever
    # their number, few fonts pass whatever their weight.
    few = len(families) <= settings.max_font_families and len(fonts) <= settings.max_font_files
    light = size <= settings.max_font_bytes
    if not (few or light):
        summary += [value(msg("RGESN : familles au plus", "RGESN: families at most"), "count",
                          settings.max_font_families),
                    value(msg("RGESN : variantes au plus", "RGESN: variants at most"), "count", settings.max_font_files),
                    value(msg("RGESN : ou poids au plus", "RGESN: or size at most"), "bytes", settings.max_font_bytes)]
        return Finding.fail(table([URL], ({"url": r.url} for r in fonts), summary),
                            saving_bytes=size - settings.max_font_bytes)
    return Finding.ok(facts(*summary))


def _records_by_url(page: PageCapture) -> dict[str, RequestRecord]:
    found: dict[str, RequestRecord] = {}
    for r in _responses(page):
        found.setdefault(r.url, r)
    return found


def _image_bytes(image: dict, records: dict[str, RequestRecord]) -> int:
    record = records.get(image.get("url", ""))
    return record.transfer_bytes if record else 0


def _is_vector(image: dict, records: dict[str, RequestRecord]) -> bool:
    record = records.get(image.get("url", ""))
    return (record is not None and "svg" in _mime(record.mime)) or image.get("url", "").lower().endswith(".svg")


@rule(ref="RGESN-6.4", pillar="durable",
      title={"fr": "Images pas plus grandes que leur taille d'affichage",
             "en": "Images no larger than displayed"},
      why={"fr": "Une image de 1600 px affichée sur 200 px fait télécharger des dizaines de fois trop d'octets.",
           "en": "An image 1600 px wide shown 200 px wide downloads tens of times too many bytes."},
      fix={"fr": "Redimensionner les images côté serveur, ou proposer plusieurs tailles avec srcset et sizes.",
           "en": "Resize images on the server, or offer several sizes with srcset and sizes."})
def image_sizes(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    if images is None:
        return Finding.na(facts(note(msg("Images non relevées", "Images not recorded"))))
    records = _records_by_url(page)
    dpr = float(page.facts.get("device_pixel_ratio") or 1)
    judged, offenders, saving = 0, [], 0
    for image in images:
        natural = image.get("natural_w", 0) * image.get("natural_h", 0)
        shown = round(image.get("rendered_w", 0) * dpr) * round(image.get("rendered_h", 0) * dpr)
        if not natural or not shown or not image.get("visible") or _is_vector(image, records):
            continue
        judged += 1
        if natural <= shown:
            continue
        wasted = round(_image_bytes(image, records) * (1 - shown / natural))
        if wasted >= settings.image_waste_min_bytes:
            saving += wasted
            offenders.append({"url": image["url"], "natural": f"{image['natural_w']}×{image['natural_h']}",
                              "rendered": f"{image['rendered_w']}×{image['rendered_h']}", "wasted": wasted})
    if not judged:
        return Finding.na(facts(note(msg("Aucune image matricielle affichée", "No raster image displayed"))))
    judged_value = value(msg("Images jugées", "Images judged"), "count", judged)
    if offenders:
        columns = [URL, Column("natural", "text", msg("Taille réelle (px)", "Natural size (px)")),
                   Column("rendered", "text", msg("Taille affichée (px)", "Displayed size (px)")),
                   Column("wasted", "bytes", msg("Octets perdus", "Bytes wasted"))]
        return Finding.fail(table(columns, offenders, [
            value(msg("Images plus grandes qu'affichées", "Images larger than displayed"), "count", len(offenders)),
            judged_value]), saving_bytes=saving)
    return Finding.ok(facts(judged_value, value(msg("Écart toléré", "Tolerance"), "bytes",
                                                settings.image_waste_min_bytes)))


@rule(ref="RGESN-6.5", pillar="durable",
      title={"fr": "Pas de ressource inutilisée ; images hors écran chargées à la demande",
             "en": "No unused resources; offscreen images loaded lazily"},
      why={"fr": "Les images sous la ligne de flottaison et le code jamais exécuté sont téléchargés pour rien "
                 "par les visiteurs qui ne font pas défiler la page ; la couverture du navigateur mesure le code "
                 "CSS et JavaScript inutilisé au chargement.",
           "en": "Images below the fold and code that never runs are downloaded for nothing by visitors who do not "
                 "scroll; the browser's coverage measures the CSS and JavaScript unused at load."},
      fix={"fr": "Ajouter loading=\"lazy\" aux images hors écran ; découper scripts et feuilles de style par page.",
           "en": "Add loading=\"lazy\" to offscreen images; split scripts and stylesheets per page."})
def unused_resources(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    coverage = page.facts.get("coverage")
    if images is None and not coverage:
        return Finding.na(facts(note(msg("Images et couverture du code non relevées",
                                         "Images and coverage not recorded"))))
    records = _records_by_url(page)
    fold = int(page.facts.get("viewport_height") or 1080)
    summary: list[dict] = []
    details: list[dict] = []
    saving = 0
    offscreen = [i for i in images or [] if i.get("top", 0) >= fold and i.get("loading") != "lazy"
                 and _image_bytes(i, records) >= settings.offscreen_min_bytes]
    if offscreen:
        size = sum(_image_bytes(i, records) for i in offscreen)
        saving += size
        summary += [value(msg("Images sous la ligne de flottaison sans loading=lazy",
                              "Images below the fold without loading=lazy"), "count", len(offscreen)),
                    value(msg("Poids de ces images", "Their size"), "bytes", size)]
        details += [{"url": i["url"], "kind": "img", "top": i["top"], "unused_share": None, "unused": None}
                    for i in offscreen]
    for kind, floor in (("js", settings.unused_js_min_bytes), ("css", settings.unused_css_min_bytes)):
        for entry in (coverage or {}).get(kind) or []:
            if entry["unused"] < floor or not entry["total"]:
                continue
            record = records.get(entry["url"])
            wire = round((record.transfer_bytes if record else entry["total"]) * entry["unused"] / entry["total"])
            saving += wire
            details.append({"url": entry["url"], "kind": "JavaScript" if kind == "js" else "CSS", "top": None,
                            "unused_share": entry["unused"] / entry["total"], "unused": entry["unused"]})
    unused_files = len(details) - len(offscreen)
    if unused_files:
        summary.append(value(msg("Scripts ou feuilles de style surtout inutilisés au chargement",
                                 "Scripts or stylesheets mostly unused at load"), "count", unused_files))
    if summary:
        columns = [URL, Column("kind", "code", msg("Type", "Type")),
                   Column("top", "px", msg("Distance au haut de la page", "Distance from the top")),
                   Column("unused_share", "percent", msg("Part inutilisée", "Share unused")),
                   Column("unused", "bytes", msg("Octets inutilisés", "Bytes unused"))]
        return Finding.fail(table(columns, details, summary), saving_bytes=saving)
    checked = []
    if images is not None:
        checked.append(value(msg("Images, aucune sous la ligne de flottaison chargée d'office",
                                 "Images, none below the fold loaded eagerly"), "count", len(images)))
    if coverage:
        total = sum(e["total"] for k in ("js", "css") for e in coverage.get(k) or [])
        unused = sum(e["unused"] for k in ("js", "css") for e in coverage.get(k) or [])
        checked += [value(msg("CSS et JavaScript inutilisés au chargement (sous les seuils)",
                              "CSS and JavaScript unused at load (under the floors)"), "bytes", unused),
                    value(msg("CSS et JavaScript", "CSS and JavaScript"), "bytes", total)]
    return Finding.ok(facts(*checked))


LOSSY = {"image/jpeg": 3.0, "image/jpg": 3.0, "image/pjpeg": 3.0, "image/webp": 2.0, "image/avif": 1.5,
         "image/jxl": 1.5}  # bits per pixel above which an image is probably compressed too little (heuristic)


@rule(ref="RGESN-5.2", pillar="durable",
      title={"fr": "Niveau de compression des images adapté", "en": "Suitable image compression level"},
      why={"fr": "Une photo JPEG enregistrée en qualité maximale pèse souvent trois fois ce qu'il faut ; "
                 "l'estimation se fonde sur le nombre de bits par pixel (heuristique, à confirmer à l'œil).",
           "en": "A JPEG photo saved at maximum quality often weighs three times what it needs; the estimate uses "
                 "bits per pixel (a heuristic, to confirm by eye)."},
      fix={"fr": "Réenregistrer les images (JPEG qualité ≈ 70, WebP ≈ 72, AVIF ≈ 56) et retirer les métadonnées.",
           "en": "Re-encode images (JPEG quality ≈ 70, WebP ≈ 72, AVIF ≈ 56) and strip metadata."})
def image_compression(page: PageCapture, settings: RuleSettings) -> Finding:
    images = page.facts.get("images")
    if images is None:
        return Finding.na(facts(note(msg("Images non relevées", "Images not recorded"))))
    records = _records_by_url(page)
    judged, offenders, saving, seen = 0, [], 0, set()
    for image in images:
        record = records.get(image.get("url", ""))
        pixels = image.get("natural_w", 0) * image.get("natural_h", 0)
        if record is None or not pixels or _mime(record.mime) not in LOSSY or record.url in seen:
            continue
        seen.add(record.url)
        judged += 1
        limit = LOSSY[_mime(record.mime)]
        bpp = record.transfer_bytes * 8 / pixels
        if record.transfer_bytes > settings.image_waste_min_bytes and bpp > limit:
            wasted = record.transfer_bytes - round(limit * pixels / 8)
            saving += wasted
            offenders.append({"url": record.url, "bpp": round(bpp, 1), "expected": limit,
                              "bytes": record.transfer_bytes,
                              "natural": f"{image['natural_w']}×{image['natural_h']}"})
    if not judged:
        return Finding.na(facts(note(msg("Aucune image JPEG, WebP ou AVIF de dimensions connues",
                                         "No JPEG, WebP or AVIF image with known dimensions"))))
    judged_value = value(msg("Images avec perte jugées", "Lossy images judged"), "count", judged)
    if offenders:
        columns = [URL, Column("bpp", "number", msg("Bits par pixel", "Bits per pixel")),
                   Column("expected", "number", msg("Attendu (environ)", "Expected (about)")), SIZE,
                   Column("natural", "text", msg("Dimensions (px)", "Dimensions (px)"))]
        return Finding.fail(table(columns, offenders, [
            value(msg("Images probablement trop peu compressées", "Images probably compressed too little"), "count",
                  len(offenders)), judged_value]), saving_bytes=saving)
    return Finding.ok(facts(judged_value))


@rule(ref="RGESN-4.2", pillar="durable",
      title={"fr": "Pas de défilement infini", "en": "No infinite scroll"},
      why={"fr": "Un défilement infini charge sans fin contenus et requêtes que personne n'a demandés ; une "
                 "pagination ou un bouton « Voir plus » laisse l'utilisateur décider.",
           "en": "Infinite scroll keeps loading content and requests nobody asked for; pagination or a "
                 "\"see more\" button lets the user decide."},
      fix={"fr": "Remplacer le chargement au défilement par une pagination ou un bouton « Voir plus ».",
           "en": "Replace loading on scroll by pagination or a \"see more\" button."})
def infinite_scroll(page: PageCapture, settings: RuleSettings) -> Finding:
    scroll = page.facts.get("scroll")
    if scroll is None:
        return Finding.na(facts(note(msg("Défilement non testé", "Scrolling not probed"))))
    probes = scroll.get("probes") or []
    growing = [p for p in probes if p.get("added_elements", 0) > 0 and p.get("requests", 0) > 0]
    if probes and len(growing) == len(probes) and len(probes) >= 2:
        columns = [Column("added_elements", "count", msg("Éléments ajoutés", "Elements added")),
                   Column("requests", "count", msg("Requêtes", "Requests"))]
        return Finding.fail(table(columns, ({"added_elements": p["added_elements"], "requests": p["requests"]}
                                            for p in probes),
                                  [value(msg("Défilements jusqu'en bas ajoutant du contenu à chaque fois",
                                             "Scrolls to the bottom, each adding content"), "count", len(probes))]))
    if scroll.get("grew_on_measured_scroll"):
        return Finding.ok(facts(note(msg("Contenu ajouté une fois au défilement, puis plus rien",
                                         "Content added once on scrolling, then it stopped"))))
    return Finding.ok(facts(note(msg("Défiler jusqu'en bas n'ajoute aucun contenu",
                                     "Scrolling to the bottom added no content"))))


@rule(ref="RGESN-2.3", pillar="durable",
      title={"fr": "Utilisable avec une connexion lente (512 kbit/s)", "en": "Usable on a slow line (512 kbit/s)"},
      why={"fr": "Des familles se connectent encore en ADSL lent ou en 3G ; le RGESN demande un service utilisable "
                 "à 512 kbit/s. La page est rechargée sur un échantillon, débit bridé par le navigateur.",
           "en": "Some families still connect over slow ADSL or 3G; RGESN asks for a service usable at 512 kbit/s. "
                 "A sample of pages is reloaded with the browser's throttling."},
      fix={"fr": "Alléger la page (poids, requêtes bloquantes) jusqu'à un chargement de quelques secondes.",
           "en": "Lighten the page (weight, blocking requests) until it loads in a few seconds."})
def low_bandwidth(page: PageCapture, settings: RuleSettings) -> Finding:
    slow = page.facts.get("low_bandwidth")
    if not slow:
        return Finding.na(facts(note(msg("Page hors de l'échantillon rechargé à 512 kbit/s",
                                         "Not in the sample reloaded at 512 kbit/s"))))
    if slow.get("skipped"):
        return Finding.manual(facts(value(msg("Chargement bridé non jugé", "Throttled load not judged"), "code",
                                          str(slow["skipped"]))))
    seconds = slow.get("load_ms", 0) / 1000
    bandwidth = value(msg("Débit (kbit/s)", "Bandwidth (kbit/s)"), "count", slow.get("kbit_s", 512))
    if slow.get("timed_out"):
        return Finding.fail(facts(value(msg("Non chargée dans le délai", "Not loaded within"), "ms",
                                        round(float(slow.get("timeout_s", 0)) * 1000)), bandwidth))
    summary = facts(value(msg("Événement load après", "Load event after"), "ms", int(slow.get("load_ms", 0))),
                    bandwidth, value(msg("Poids transféré", "Bytes transferred"), "bytes",
                                     int(slow.get("transfer_bytes") or 0)),
                    value(msg("Limite", "Bound"), "ms", round(settings.low_bandwidth_max_s * 1000)))
    if seconds > settings.low_bandwidth_max_s:
        return Finding.fail(summary)
    return Finding.ok(summary)


@rule(ref="RGESN-2.5", pillar="durable",
      title={"fr": "Utilisable sur un écran de 1200 px de large", "en": "Usable on a 1200 px wide screen"},
      why={"fr": "Un service qui exige un grand écran pousse au renouvellement des équipements ; la page doit "
                 "rester complète sans défilement horizontal à 1200 px.",
           "en": "A service that needs a large screen pushes device renewal; the page must stay complete without "
                 "horizontal scrolling at 1200 px."},
      fix={"fr": "Largeurs fluides (max-width: 100 %), tableaux et médias adaptables.",
           "en": "Fluid widths (max-width: 100%), adaptable tables and media."})
def narrow_desktop(page: PageCapture, settings: RuleSettings) -> Finding:
    overflow = page.facts.get("overflow_1200_px")
    if overflow is None:
        return Finding.na(facts(note(msg("Non mesuré à 1200 px", "Not measured at 1200 px"))))
    if overflow > 0:
        return Finding.fail(facts(value(msg("Défilement horizontal dans une fenêtre de 1200 px",
                                            "Horizontal scrolling in a 1200 px wide window"), "px", overflow)))
    return Finding.ok(facts(note(msg("Aucun défilement horizontal à 1200 px", "No horizontal scrolling at 1200 px"))))
