"""A large static school site for the large-site benchmark (bench/large.py), generated, deterministic (seeded).

    .venv/bin/python bench/make_site.py DIR [--pages 2000] [--seed 10]

``--pages`` HTML pages exactly (at least 30), every one reachable from the home within depth 3 (home 0, section
indexes 1, paginated listings 2, articles / guides / agenda days / staff pages 3; the four legal pages at depth 1),
each 20–80 kB of HTML, except the large pages (``--large-share``, 0.2 of the leaves: ``/guides/{id}/``, a DOM of
1,000–12,000 elements made of long tables, syntax-highlighted code, deep lists and link indexes, as real
documentation and ENT pages are); one shared stylesheet and one shared script (unminified, partly unused), a
favicon, a pool of 100 images (60 greyscale JPEGs written by Pillow, 40 zlib-written PNGs, 2 kB to a few hundred
kB), 2 to 6 images a page (some displayed smaller than they are, some lazy), a few PDFs linked from some articles
(sized with HEAD by ent-audit, never rendered) and a robots.txt allowing everything. Only relative links: nothing
leaves the host.

URL templates as ent-audit groups them (crawler/urls.py ``template_of``): ``/``, ``/rubriques/<slug>/``,
``/rubriques/<slug>/page/{id}/``, ``/articles/{id}/``, ``/guides/{id}/``, ``/agenda/{date}/``, ``/equipe/{id}/``,
``/infos/<page>/``: thousands of pages share ``/articles/{id}/``, so the benchmark's config sets
``[crawl] max_per_template = 0``.

``manifest.json`` in DIR lists every page (path, depth, bytes); it also stamps the parameters, so running the
generator again with the same ones does nothing (images take about a minute in pure Python).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import random
import shutil
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


GENERATOR_VERSION = 4  # change it when the pages, CSS or JS change
IMAGES_VERSION = 1  # the same for the image pool
SECTIONS = [
    ("actualites", "Actualités"),
    ("vie-scolaire", "Vie scolaire"),
    ("cdi", "CDI"),
    ("orientation", "Orientation"),
    ("pedagogie", "Pédagogie"),
    ("sorties", "Sorties et voyages"),
    ("sport", "Association sportive"),
    ("arts", "Arts et culture"),
    ("sciences", "Sciences"),
    ("langues", "Langues vivantes"),
]
LEGAL = [
    ("mentions-legales", "Mentions légales"),
    ("accessibilite", "Accessibilité : partiellement conforme"),
    ("donnees-personnelles", "Données personnelles"),
    ("plan-du-site", "Plan du site"),
]
WORDS = (
    "élève classe collège professeur cours devoir projet sortie musée atelier lecture cantine emploi temps "
    "conseil parents réunion trimestre bulletin carnet correspondance voyage séjour théâtre chorale orchestre "
    "mathématiques français histoire géographie physique chimie biologie anglais espagnol allemand latin "
    "technologie éducation physique sportive documentation bibliothèque exposition concours olympiades "
    "brevet stage découverte métier forum orientation lycée seconde sixième cinquième quatrième troisième "
    "délégués vie scolaire infirmerie restauration menu semaine calendrier vacances rentrée inscription "
    "association foyer club robotique astronomie jardin potager écologie développement durable numérique "
    "citoyenneté solidarité tournoi cross rugby football handball natation escalade danse arts plastiques "
    "musique cinéma photographie journal radio podcast poésie roman conte bande dessinée manuel cahier "
    "évaluation compétence socle progrès travail groupe recherche enquête expérience laboratoire mesure "
    "observation résultat conclusion présentation oral écrit dictée rédaction exercice problème solution"
).split()
FIRST_NAMES = "Camille Louise Jules Léa Hugo Manon Lucas Chloé Nathan Inès Gabriel Jade Arthur Emma Louis Alice".split()
LAST_NAMES = "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre".split()
SUBJECTS = [
    "Mathématiques",
    "Français",
    "Histoire-géographie",
    "SVT",
    "Physique-chimie",
    "Anglais",
    "Espagnol",
    "EPS",
    "Technologie",
    "Arts plastiques",
    "Éducation musicale",
    "Documentation",
]
IMAGE_POOL = 100
JPEG_POOL = 60
PDF_POOL = 20
ITEMS_PER_LISTING = 25
LARGE_SHARE = 0.2  # share of the leaves that are large pages (guides), like real ENT and documentation pages
LARGE_ELEMENTS = (1_000, 12_000, 2_500)  # DOM elements of a large page: min, max, mode (triangular)


# -- images ---------------------------------------------------------------------------------------------------
def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An RGB PNG (8 bits, no interlace), rows already filtered (first byte of each row: the filter type)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def make_png(rng: random.Random, width: int, height: int, noise: int) -> bytes:
    """An illustration: flat colour bands and a gradient (compresses well) plus some noise (does not)."""
    base = [rng.randrange(256) for _ in range(3)]
    bands = rng.randrange(2, 9)
    rows = []
    for y in range(height):
        band = y * bands // height
        row = bytearray(b"\x00")
        line = bytearray(3 * width)
        for x in range(width):
            shade = (x * 96 // width + band * 23) % 256
            line[3 * x : 3 * x + 3] = bytes(((c + shade) % 256) for c in base)
        if noise:
            for i in range(0, len(line), max(1, 12 // noise)):
                line[i] = (line[i] + rng.randrange(noise * 8)) % 256
        row += line
        rows.append(bytes(row))
    return png(width, height, rows)


def make_jpeg(rng: random.Random, width: int, height: int, quality: int, texture: int) -> bytes:
    """A "photo": smooth light, a few shapes and texture (grain drives the file size)."""
    cx, cy = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
    radius = min(width, height) * rng.uniform(0.2, 0.45)
    pixels = bytearray(width * height)
    for y in range(height):
        for x in range(width):
            light = 60 + 120 * x / width + 40 * math.sin(y / 37.0)
            if (x - cx) ** 2 + (y - cy) ** 2 < radius * radius:
                light += 50
            value = int(light) + (rng.randrange(texture) if texture else 0)
            pixels[y * width + x] = max(0, min(255, value))
    out = io.BytesIO()
    Image.frombytes("L", (width, height), bytes(pixels)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def image_pool(rng: random.Random) -> list[dict]:
    """100 images of varied dimensions and weights: (name, width, height, kind, parameters)."""
    pool = []
    jpeg_sizes = [(320, 240), (480, 320), (640, 427), (800, 533), (1024, 683), (1280, 853)]
    for n in range(JPEG_POOL):
        width, height = jpeg_sizes[min(int(rng.expovariate(0.7)), len(jpeg_sizes) - 1)]
        pool.append(
            {
                "name": f"photo-{n:03d}.jpg",
                "width": width,
                "height": height,
                "kind": "jpeg",
                "quality": rng.choice([55, 65, 75, 85, 92]),
                "texture": rng.choice([4, 16, 48, 96]),
            }
        )
    png_sizes = [(48, 48), (64, 64), (128, 128), (200, 150), (320, 240), (400, 300), (600, 400)]
    for n in range(IMAGE_POOL - JPEG_POOL):
        width, height = rng.choice(png_sizes)
        pool.append(
            {
                "name": f"illus-{n:03d}.png",
                "width": width,
                "height": height,
                "kind": "png",
                "noise": rng.choice([0, 0, 1, 3, 6]),
            }
        )
    return pool


def write_images(pool: list[dict], folder: Path, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, image in enumerate(pool):
        rng = random.Random(seed * 1000 + index)  # each image from its own seed: the same bytes whatever the order
        if image["kind"] == "jpeg":
            data = make_jpeg(rng, image["width"], image["height"], image["quality"], image["texture"])
        else:
            data = make_png(rng, image["width"], image["height"], image["noise"])
        (folder / image["name"]).write_bytes(data)
        image["bytes"] = len(data)


def make_pdf(rng: random.Random, kilobytes: int) -> bytes:
    """A minimal PDF of one page, padded with a comment stream to the wanted size."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    )
    padding = bytes(rng.randrange(32, 127) for _ in range(kilobytes * 1024))
    return body + b"%" + padding + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# -- shared CSS and JS ----------------------------------------------------------------------------------------
def ascii_word(word: str) -> str:
    """A French word as a CSS class or JavaScript identifier part (no accents)."""
    return word.replace("é", "e").replace("è", "e").replace("ê", "e").replace("ô", "o")


def stylesheet(rng: random.Random) -> str:
    parts = [
        "/* Feuille de style commune du site de l'établissement (non minifiée). */",
        ":root { --accent: #0b5394; --fond: #ffffff; --texte: #1b1b1b; --gris: #595959; }",
        "* { box-sizing: border-box; }",
        "body { margin: 0; font-family: system-ui, sans-serif; color: var(--texte); background: var(--fond);"
        " line-height: 1.5; }",
        ".evitement { position: absolute; left: -9999px; } .evitement:focus { left: 1rem; top: 1rem; }",
        "header.site { background: var(--accent); color: #fff; padding: 1rem 2rem; }",
        "header.site a { color: #fff; }",
        "nav.principale ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }",
        "main { max-width: 72rem; margin: 0 auto; padding: 1rem 2rem; }",
        "article img, .vignettes img { max-width: 100%; height: auto; }",
        ".vignettes { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }",
        ".fil-ariane { font-size: .9rem; color: var(--gris); }",
        "footer.site { border-top: 1px solid #ccc; padding: 1rem 2rem; font-size: .9rem; }",
        "table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .5rem; }",
        "pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; }",
        ".tok-k { color: #a626a4; } .tok-s { color: #50a14f; } .tok-n { color: #986801; }"
        " .tok-c { color: #a0a1a7; font-style: italic; } .tok-f { color: #4078f2; }",
    ]
    # the bulk: component rules most pages never use (unused CSS, as on real sites)
    for n in range(320):
        word = ascii_word(rng.choice(WORDS))
        parts.append(
            f".composant-{n}-{word} {{ margin: {rng.randrange(0, 24)}px {rng.randrange(0, 24)}px; "
            f"padding: {rng.randrange(0, 16)}px; color: #{rng.randrange(0x1000000):06x}; "
            f"border-radius: {rng.randrange(0, 8)}px; }}\n"
            f".composant-{n}-{word}:hover {{ background: #{rng.randrange(0x1000000):06x}; }}"
        )
    return "\n".join(parts) + "\n"


def script(rng: random.Random) -> str:
    parts = [
        "// Script commun du site (non minifié). Aucune requête réseau.",
        "(function () {",
        "  'use strict';",
        "  function formaterDates() {",
        "    document.querySelectorAll('time[datetime]').forEach(function (t) {",
        "      t.title = new Date(t.getAttribute('datetime')).toLocaleDateString('fr-FR');",
        "    });",
        "  }",
        "  function menu() {",
        "    var bouton = document.getElementById('bouton-menu');",
        "    var liste = document.getElementById('menu');",
        "    if (!bouton || !liste) return;",
        "    bouton.addEventListener('click', function () {",
        "      var ouvert = bouton.getAttribute('aria-expanded') === 'true';",
        "      bouton.setAttribute('aria-expanded', String(!ouvert));",
        "      liste.hidden = ouvert;",
        "    });",
        "  }",
        "  document.addEventListener('DOMContentLoaded', function () { formaterDates(); menu(); });",
    ]
    # the bulk: a widget library the pages do not call (unused JavaScript)
    for n in range(260):
        word = ascii_word(rng.choice(WORDS))
        parts.append(
            f"  // Composant {n} : {word}\n"
            f"  function composant{n}(element, options) {{\n"
            f"    var reglages = Object.assign({{ delai: {rng.randrange(100, 900)}, "
            f"classe: 'composant-{n}-{word}' }}, options || {{}});\n"
            f"    if (!element) {{ return null; }}\n"
            f"    element.classList.add(reglages.classe);\n"
            f"    return setTimeout(function () {{ element.dataset.pret = '{word}'; }}, reglages.delai);\n"
            f"  }}\n"
            f"  window.composant{n} = composant{n};"
        )
    parts.append("})();")
    return "\n".join(parts) + "\n"


# -- pages ----------------------------------------------------------------------------------------------------
def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return "<p>" + " ".join(sentence(rng, rng.randrange(8, 22)) for _ in range(rng.randrange(3, 8))) + "</p>"


def plan(pages: int, rng: random.Random, large_share: float = LARGE_SHARE) -> list[dict]:
    """The pages: path, depth, kind, title, and which page lists which (so the depths hold)."""
    if pages < 30:
        raise SystemExit("--pages must be 30 or more")
    fixed = 1 + len(SECTIONS) + len(LEGAL)
    items = pages - fixed
    # listings of 25 items in each section; solve items + listings = pages - fixed
    listings = max(len(SECTIONS), math.ceil(items / (ITEMS_PER_LISTING + 1)))
    items -= listings
    agenda, staff = items // 10, items // 20
    guides = round(items * large_share)
    articles = items - agenda - staff - guides
    site = [{"path": "/", "depth": 0, "kind": "home", "title": "Collège Jean Moulin — Accueil"}]
    site += [
        {"path": f"/rubriques/{slug}/", "depth": 1, "kind": "section", "title": title, "section": slug}
        for slug, title in SECTIONS
    ]
    site += [{"path": f"/infos/{slug}/", "depth": 1, "kind": "legal", "title": title} for slug, title in LEGAL]
    start = dt.date(2024, 9, 2)
    leaves = [
        {"path": f"/articles/{1000 + n}/", "kind": "article", "title": sentence(rng, 6)[:-1]} for n in range(articles)
    ]
    leaves += [
        {"path": f"/guides/{500 + n}/", "kind": "guide", "title": "Guide : " + sentence(rng, 5)[:-1].lower()}
        for n in range(guides)
    ]
    leaves += [
        {
            "path": f"/agenda/{start + dt.timedelta(days=n)}/",
            "kind": "agenda",
            "title": f"Agenda du {(start + dt.timedelta(days=n)).strftime('%d/%m/%Y')}",
        }
        for n in range(agenda)
    ]
    leaves += [
        {
            "path": f"/equipe/{200 + n}/",
            "kind": "staff",
            "title": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {rng.choice(SUBJECTS)}",
        }
        for n in range(staff)
    ]
    rng.shuffle(leaves)
    # each listing page lists consecutive leaves; listing pages are spread over the sections
    per_listing = math.ceil(len(leaves) / listings)
    for n in range(listings):
        slug, title = SECTIONS[n % len(SECTIONS)]
        number = n // len(SECTIONS) + 1
        listing = {
            "path": f"/rubriques/{slug}/page/{number}/",
            "depth": 2,
            "kind": "listing",
            "section": slug,
            "title": f"{title} — page {number}",
            "children": [],
        }
        for leaf in leaves[n * per_listing : (n + 1) * per_listing]:
            leaf.update(depth=3, section=slug, parent=listing["path"])
            listing["children"].append(leaf["path"])
        site.append(listing)
    site += leaves
    assert len(site) == pages, (len(site), pages)
    return site


def page_html(page: dict, site: dict[str, dict], pool: list[dict], pdfs: list[str], rng: random.Random) -> str:
    target = int(rng.triangular(20_000, 80_000, 38_000))  # bytes of HTML
    sections_nav = "".join(f'<li><a href="/rubriques/{slug}/">{title}</a></li>' for slug, title in SECTIONS)
    legal_nav = "".join(f'<li><a href="/infos/{slug}/">{title.split(" :")[0]}</a></li>' for slug, title in LEGAL)
    links: list[tuple[str, str]] = []  # the page's own links, in its main content
    kind = page["kind"]
    if kind == "home":
        listings = [p for p in site.values() if p["kind"] == "listing" and p["path"].endswith("/page/1/")]
        links += [(p["path"], p["title"]) for p in listings]
        latest = [p for p in site.values() if p["kind"] == "article"][:12]
        links += [(p["path"], p["title"]) for p in latest]
    elif kind == "section":
        links += [
            (p["path"], p["title"])
            for p in site.values()
            if p["kind"] == "listing" and p.get("section") == page["section"]
        ]
    elif kind == "listing":
        links += [(path, site[path]["title"]) for path in page["children"]]
    elif kind == "legal":
        if page["path"] == "/infos/plan-du-site/":
            links += [(p["path"], p["title"]) for p in site.values() if p["kind"] in ("section", "listing")]
    else:  # a leaf: its listing, and a few related leaves (links at the same depth, already reachable)
        links.append((page["parent"], "Retour à la liste"))
        siblings = [path for path in site[page["parent"]]["children"] if path != page["path"]]
        links += [(path, site[path]["title"]) for path in rng.sample(siblings, min(4, len(siblings)))]
    images = rng.sample(pool, rng.randrange(2, 7))
    figures = []
    for i, image in enumerate(images):
        # displayed at most 360 px wide: the big photos are downscaled by the browser (RGESN 6.4 material)
        shown_w = min(image["width"], rng.choice([160, 240, 360]))
        shown_h = max(1, image["height"] * shown_w // image["width"])
        alt = "" if rng.random() < 0.15 else f' alt="{rng.choice(WORDS)} {rng.choice(WORDS)}"'
        lazy = ' loading="lazy"' if i >= 2 and rng.random() < 0.5 else ""
        figures.append(
            f'<figure><img src="/images/{image["name"]}" width="{shown_w}" height="{shown_h}"{alt}{lazy}>'
            f"<figcaption>{sentence(rng, 6)}</figcaption></figure>"
        )
    documents = ""
    if kind == "article" and rng.random() < 0.2:
        chosen = rng.sample(pdfs, rng.randrange(1, 3))
        documents = (
            "<h2>Documents</h2><ul>"
            + "".join(f'<li><a href="/documents/{name}">{name} (PDF)</a></li>' for name in chosen)
            + "</ul>"
        )
    when = dt.datetime(2025, 1, 6, 7) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 200))
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    link_list = '<ul class="liens">' + items + "</ul>"
    head = (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{page["title"]}</title>\n'
        f'<link rel="icon" href="/static/favicon.png">\n<link rel="stylesheet" href="/static/site.css">\n'
        f'<script src="/static/site.js" defer></script>\n</head>\n'
    )
    top = (
        f'<body>\n<a class="evitement" href="#contenu">Aller au contenu</a>\n<header class="site">'
        f'<p><a href="/">Collège Jean Moulin</a></p><button id="bouton-menu" aria-expanded="true" '
        f'aria-controls="menu">Menu</button><nav class="principale" aria-label="Principale"><ul id="menu">'
        f'{sections_nav}</ul></nav></header>\n<main id="contenu">\n'
        f'<p class="fil-ariane"><a href="/">Accueil</a> › {page["title"]}</p>\n<h1>{page["title"]}</h1>\n'
        f'<p>Publié le <time datetime="{when.isoformat()}">{when.strftime("%d/%m/%Y %H:%M")}</time></p>\n'
        f'{link_list}\n<div class="vignettes">{"".join(figures)}</div>\n{documents}\n'
    )
    bottom = (
        f'</main>\n<footer class="site"><ul>{legal_nav}</ul><p>Accessibilité : partiellement conforme</p>'
        f"</footer>\n</body>\n</html>\n"
    )
    body = []
    size = len((head + top + bottom).encode("utf-8"))
    if kind == "guide":  # a large page: its DOM, not its bytes, is what it is made of
        body = large_body(rng, [p for p in site if p != page["path"]])
        size = target
    while size < target:
        if rng.random() < 0.08:
            rows = "".join(
                f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randrange(1, 20)}</td>"
                f"<td>{rng.choice(WORDS)} {rng.choice(WORDS)}</td></tr>"
                for _ in range(rng.randrange(4, 12))
            )
            block = (
                f"<table><caption>{sentence(rng, 4)}</caption><tr><th>Intitulé</th><th>Note</th>"
                f"<th>Remarque</th></tr>{rows}</table>"
            )
        elif rng.random() < 0.15:
            block = f"<h2>{sentence(rng, 5)[:-1]}</h2>"
        else:
            block = paragraph(rng)
        body.append(block)
        size += len(block.encode("utf-8")) + 1
    page["links"] = (
        [href for href, _ in links]
        + ["/"]
        + [f"/rubriques/{slug}/" for slug, _ in SECTIONS]
        + [f"/infos/{slug}/" for slug, _ in LEGAL]
    )
    return head + top + "\n".join(body) + "\n" + bottom


CODE_TOKENS = ("k", "s", "n", "c", "f")  # keyword, string, number, comment, function: coloured by the stylesheet


def large_body(rng: random.Random, paths: list[str]) -> list[str]:
    """The content of a large page, as on real documentation and ENT pages (a timetable for the whole year, the
    class list, a syntax-highlighted code listing, a deep table of contents, an index of links): blocks added until
    the page holds a DOM of LARGE_ELEMENTS elements. Links point to pages of the site only."""
    low, high, mode = LARGE_ELEMENTS
    target = int(rng.triangular(low, high, mode))
    blocks, elements = [], 40  # the page's frame (header, navigation, footer) holds about 40 elements

    def link() -> str:
        return f'<a href="{rng.choice(paths)}">{rng.choice(WORDS)} {rng.choice(WORDS)}</a>'

    while elements < target:
        choice = rng.random()
        if choice < 0.3:  # a long table: a row of 7 cells, some with a link
            rows = rng.randrange(20, 120)
            cells = "".join(f'<th scope="col">{rng.choice(WORDS)}</th>' for _ in range(7))
            body = "".join(
                "<tr>"
                + "".join(f"<td>{link() if rng.random() < 0.2 else rng.choice(WORDS)}</td>" for _ in range(7))
                + "</tr>"
                for _ in range(rows)
            )
            blocks.append(
                f"<table><caption>{sentence(rng, 4)}</caption><thead><tr>{cells}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )
            elements += 5 + 8 + rows * (8 + 1.4)  # table, caption, thead, tr, tbody; cells; links
        elif choice < 0.5:  # a code block, one span per token
            lines = rng.randrange(15, 80)
            code = "\n".join(
                " ".join(
                    f'<span class="tok-{rng.choice(CODE_TOKENS)}">{ascii_word(rng.choice(WORDS))}</span>'
                    for _ in range(rng.randrange(2, 7))
                )
                for _ in range(lines)
            )
            blocks.append(f"<pre><code>{code}</code></pre>")
            elements += 2 + lines * 4.5
        elif choice < 0.7:  # a deep list (a table of contents), four levels

            def nested(depth: int) -> tuple[str, int]:
                items, count = [], 1
                for _ in range(rng.randrange(2, 5)):
                    inner, inner_count = nested(depth + 1) if depth < 4 and rng.random() < 0.6 else ("", 0)
                    items.append(f"<li>{link()}{inner}</li>")
                    count += 2 + inner_count
                return "<ul>" + "".join(items) + "</ul>", count

            block, count = nested(1)
            blocks.append(f'<h2>{sentence(rng, 4)[:-1]}</h2><nav aria-label="Sommaire">{block}</nav>')
            elements += 2 + count
        elif choice < 0.85:  # an index of links
            count = rng.randrange(30, 150)
            blocks.append('<ul class="index">' + "".join(f"<li>{link()}</li>" for _ in range(count)) + "</ul>")
            elements += 1 + 2 * count
        else:
            blocks.append(f"<h2>{sentence(rng, 5)[:-1]}</h2>" + paragraph(rng))
            elements += 2
    return blocks


def depths(site: dict[str, dict]) -> dict[str, int]:
    """Link depth of every page from the home (breadth first over the links written)."""
    found, frontier = {"/": 0}, ["/"]
    while frontier:
        following = []
        for path in frontier:
            for link in site[path]["links"]:
                if link in site and link not in found:
                    found[link] = found[path] + 1
                    following.append(link)
        frontier = following
    return found


def generate(out: Path, pages: int, seed: int, large_share: float = LARGE_SHARE) -> dict:
    stamp = {"generator": GENERATOR_VERSION, "pages": pages, "seed": seed, "large_share": large_share}
    manifest_path = out / "manifest.json"
    try:
        if json.loads(manifest_path.read_text(encoding="utf-8")).get("stamp") == stamp:
            return json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rng = random.Random(seed)
    pool = image_pool(rng)
    # the image pool depends on the seed only (and takes the time): kept when only --pages changed
    pool_path, pool_stamp = out / "images" / "pool.json", {"images": IMAGES_VERSION, "seed": seed}
    try:
        kept = json.loads(pool_path.read_text(encoding="utf-8"))
        if kept.get("stamp") != pool_stamp or not all((out / "images" / i["name"]).exists() for i in kept["pool"]):
            kept = None
    except (OSError, ValueError):
        kept = None
    for child in out.iterdir() if out.exists() else ():
        if not (child.name == "images" and kept):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    if kept:
        pool = kept["pool"]
    else:
        write_images(pool, out / "images", seed)
        pool_path.write_text(json.dumps({"stamp": pool_stamp, "pool": pool}) + "\n", encoding="utf-8")
    static = out / "static"
    static.mkdir()
    (static / "site.css").write_text(stylesheet(rng), encoding="utf-8")
    (static / "site.js").write_text(script(rng), encoding="utf-8")
    (static / "favicon.png").write_bytes(make_png(random.Random(seed), 32, 32, 0))
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    documents = out / "documents"
    documents.mkdir()
    pdfs = []
    for n in range(PDF_POOL):
        name = f"circulaire-{n + 1:02d}.pdf"
        (documents / name).write_bytes(make_pdf(rng, rng.choice([40, 120, 300, 900])))
        pdfs.append(name)
    listed = plan(pages, rng, large_share)
    site = {p["path"]: p for p in listed}
    entries = []
    for page in listed:
        html = page_html(page, site, pool, pdfs, rng)
        folder = out / page["path"].strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        (folder / "index.html").write_bytes(data)
        entries.append({"path": page["path"], "kind": page["kind"], "bytes": len(data)})
    reached = depths(site)
    if len(reached) != len(site) or max(reached.values()) > 4:
        raise SystemExit(f"bug: {len(site) - len(reached)} pages unreachable, depth {max(reached.values())}")
    for entry in entries:
        entry["depth"] = reached[entry["path"]]
    manifest = {
        "stamp": stamp,
        "pages": entries,
        "images": pool,
        "static_bytes": {p.name: p.stat().st_size for p in static.iterdir()},
    }
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def is_large(page: dict) -> bool:
    return page["kind"] == "guide"


def summary(manifest: dict) -> dict:
    sizes = [p["bytes"] for p in manifest["pages"] if not is_large(p)]
    large = [p["bytes"] for p in manifest["pages"] if is_large(p)]
    images = [i["bytes"] for i in manifest["images"]]
    return {
        "pages": len(sizes) + len(large),
        "large_pages": len(large),
        "large_html_kb_min": round(min(large) / 1000, 1) if large else None,
        "large_html_kb_max": round(max(large) / 1000, 1) if large else None,
        "large_html_kb_mean": round(sum(large) / len(large) / 1000, 1) if large else None,
        "html_kb_min": round(min(sizes) / 1000, 1),
        "html_kb_max": round(max(sizes) / 1000, 1),
        "html_kb_mean": round(sum(sizes) / len(sizes) / 1000, 1),
        "max_depth": max(p["depth"] for p in manifest["pages"]),
        "images": len(images),
        "image_kb_min": round(min(images) / 1000, 1),
        "image_kb_max": round(max(images) / 1000, 1),
        "image_kb_mean": round(sum(images) / len(images) / 1000, 1),
        "static_bytes": manifest["static_bytes"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--large-share", type=float, default=LARGE_SHARE, help="share of large pages (guides)")
    args = parser.parse_args()
    print(json.dumps(summary(generate(args.out, args.pages, args.seed, args.large_share)), indent=2))


if __name__ == "__main__":
    main()
