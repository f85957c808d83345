"""lab=True: the laboratoire, a pair of twin pages per sobriety (RGESN) or security rule.

/labo/<sujet>/mauvais breaks the rule and /labo/<sujet>/bon passes it; both keep the base layout and
little else, so that what an audit finds on a page comes from its subject. Pages and the feed API need
the session; their files (/labo/static, fonts, img, media, cache) are public like /assets/.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from . import assets, lab_assets
from .pages import Pages
from .routing import Route, route
from .web import STATIC_CACHE, Request, Response, binary, html, json_response, text

User = dict[str, str]
IMMUTABLE = "public, max-age=31536000, immutable"
FEED_PAGE_SIZE = 30
GOOD_FEED_PAGES = 10  # the paginated twin ends; the infinite feed API never does
SMALL_IMAGES = 4  # off-screen images
FORMAT_IMAGES = 3


@dataclass(frozen=True)
class Subject:
    slug: str
    title: str
    bad: str  # what /mauvais does
    good: str  # what /bon does instead


SUBJECTS = [
    Subject(
        "script",
        "Script non minifié et non compressé",
        "Un script propre à l'ENT de plus de 20 Ko, lisible (commentaires, indentation, lignes vides), "
        "envoyé sans compression.",
        "Le même code minifié, envoyé compressé (gzip).",
    ),
    Subject(
        "image-redimensionnee",
        "Image redimensionnée par le navigateur",
        "Une image PNG de 1600 × 1200 pixels affichée en 200 × 150.",
        "Une image PNG de 200 × 150 pixels affichée en 200 × 150.",
    ),
    Subject(
        "images-hors-ecran",
        "Images hors écran chargées d'office",
        "Quatre images à plus de 2500 pixels du haut de la page, chargées dès l'ouverture.",
        'Les mêmes images avec loading="lazy" : chargées seulement quand on s\'en approche.',
    ),
    Subject(
        "polices",
        "Polices de caractères téléchargées",
        "Trois familles de polices, cinq variantes en tout (424 Ko).",
        "Une famille, deux variantes (45 Ko).",
    ),
    Subject(
        "video",
        "Vidéo en lecture automatique",
        "Une vidéo lancée d'office (autoplay, muette, en boucle).",
        'La même vidéo avec des contrôles et preload="none" : rien n\'est téléchargé avant la lecture.',
    ),
    Subject(
        "defilement",
        "Défilement infini",
        "Arriver en bas de la liste charge 30 éléments de plus, sans fin.",
        "Une pagination et un bouton « Voir plus » : rien ne se charge sans clic.",
    ),
    Subject(
        "tiers",
        "Service tiers chargé d'office",
        "Un script de mesure d'audience d'un autre domaine, chargé dans l'en-tête de la page.",
        "Le même script, chargé seulement après un clic sur « Activer les statistiques ».",
    ),
    Subject(
        "cache",
        "Ressources sans cache navigateur",
        "Une feuille de style, un script et une image envoyés avec Cache-Control: no-store.",
        "Les mêmes, avec Cache-Control: public, max-age=31536000, immutable et un ETag.",
    ),
    Subject("formats-images", "Formats d'image", "Trois images PNG.", "Trois images WebP."),
    Subject(
        "compression-image",
        "Image trop lourde pour ses pixels",
        "Un JPEG de 200 × 150 pixels alourdi à 60 Ko par des commentaires.",
        "Le même JPEG sans les commentaires.",
    ),
    Subject(
        "largeur",
        "Contenu plus large que l'écran",
        "Un bloc de 1600 pixels de large : la page défile horizontalement.",
        "Le même bloc limité à la largeur disponible (max-width: 100 %).",
    ),
    Subject(
        "contenu-mixte",
        "Contenu mixte",
        "Une image chargée en http:// dans la page (à ouvrir en HTTPS).",
        "La même image par une adresse relative, donc en HTTPS quand la page l'est.",
    ),
]
BY_SLUG = {s.slug: s for s in SUBJECTS}

STATIC = {  # /labo/static/<name> -> may it be gzip-compressed?
    "labo.css": True,
    "fil.js": True,
    "plus.js": True,
    "stats.js": True,
    "polices-mauvais.css": True,
    "polices-bon.css": True,
}
_FEED_TOPICS = [
    "Menu de la cantine",
    "Sortie scolaire",
    "Club théâtre",
    "Réunion parents-professeurs",
    "Atelier robotique",
    "Conseil de classe",
    "Semaine des langues",
    "Tournoi sportif",
]


def feed_items(page: int) -> list[str]:
    first = (page - 1) * FEED_PAGE_SIZE + 1
    return [f"Actualité n° {n} : {_FEED_TOPICS[n % len(_FEED_TOPICS)]}" for n in range(first, first + FEED_PAGE_SIZE)]


def _page_number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 and int(raw) > 0 else None


def _fingerprinted(name: str, data: bytes) -> str:
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


class Lab:
    def __init__(self, pages: Pages, third_party_url: str, http_url: str | None = None) -> None:
        self.pages = pages
        self.third_party_url = third_party_url
        self.http_url = http_url  # plain-HTTP companion of a TLS ENT (contenu-mixte), if any
        cache_files = {
            "css": assets.static_file("labo/cache.css"),
            "js": assets.static_file("labo/cache.js"),
            "png": lab_assets.small_png("cache"),
        }
        # /labo/cache/<name> -> (kind, bytes, cached?)
        self.cache_files = {f"sans-cache.{kind}": (kind, data, False) for kind, data in cache_files.items()}
        self.cache_names = {kind: _fingerprinted(f"avec-cache.{kind}", data) for kind, data in cache_files.items()}
        self.cache_files.update({self.cache_names[kind]: (kind, data, True) for kind, data in cache_files.items()})

    def routes(self) -> list[Route]:
        return [
            route(r"/labo/?", self.index),
            route(r"/labo/([a-z-]+)/(mauvais|bon)", self.page),
            route(r"/labo/api/fil", self.feed, api=True),
            route(r"/labo/static/([\w.-]+)", self.static, public=True),
            route(r"/labo/fonts/([\w.-]+\.woff2)", self.font, public=True),
            route(r"/labo/img/([\w.-]+)", self.image, public=True),
            route(r"/labo/media/clip\.mp4", self.clip, public=True),
            route(r"/labo/cache/([\w.-]+)", self.cached, public=True),
        ]

    def _not_found(self, user: User | None) -> Response:
        page = self.pages.message("Page introuvable", "La page demandée n'existe pas ou a été déplacée.", user)
        return html(page, status=404)

    # -- pages ------------------------------------------------------------------------------
    def index(self, request: Request, user: User) -> Response:
        return html(self.pages.render("lab_index.html", title="Laboratoire", user=user, subjects=SUBJECTS))

    def page(self, request: Request, user: User, slug: str, variant: str) -> Response:
        subject = BY_SLUG.get(slug)
        if subject is None:
            return self._not_found(user)
        good = variant == "bon"
        context: dict[str, object] = {}
        if slug == "defilement":
            number = _page_number(request.arg("page", "1")) if good else 1
            if number is None or number > GOOD_FEED_PAGES:
                return self._not_found(user)
            context = {"items": feed_items(number), "page": number, "last": GOOD_FEED_PAGES}
        elif slug == "contenu-mixte":
            context = {
                "http_origin": self.http_url or "http://" + (request.headers.get("host") or request.server_netloc)
            }
        elif slug == "cache":
            context = {"names": self.cache_names}
        title = f"{subject.title} ({'bonne' if good else 'mauvaise'} pratique)"
        page = self.pages.render(
            f"lab_{slug.replace('-', '_')}.html",
            title=title,
            user=user,
            subject=subject,
            good=good,
            third_party_url=self.third_party_url,
            **context,
        )
        return html(page)

    def feed(self, request: Request, user: User) -> Response:
        """The infinite feed: any page number answers with 30 more items."""
        number = _page_number(request.arg("page", "1")) or 1
        return json_response({"page": number, "items": feed_items(number), "next": number + 1})

    # -- files --------------------------------------------------------------------------------
    def static(self, request: Request, user: User | None, name: str) -> Response:
        if name == "app.js":  # the readable build, deliberately uncompressed
            return text(lab_assets.app_js(), "js", cache_control=STATIC_CACHE, compress=False)
        if name == "app.min.js":
            return text(lab_assets.app_min_js(), "js", cache_control=STATIC_CACHE)
        if name not in STATIC:
            return self._not_found(user)
        kind = name.rpartition(".")[2]
        return text(assets.static_file(f"labo/{name}"), kind, cache_control=STATIC_CACHE, compress=STATIC[name])

    def font(self, request: Request, user: User | None, name: str) -> Response:
        if name not in lab_assets.FONTS:
            return self._not_found(user)
        return binary(assets.fake_font(name, lab_assets.FONTS[name]), "font/woff2")

    def image(self, request: Request, user: User | None, name: str) -> Response:
        data = self._image(name)
        if data is None:
            return self._not_found(user)
        kind = {"png": "image/png", "webp": "image/webp", "jpg": "image/jpeg"}[name.rpartition(".")[2]]
        return binary(data, kind)

    @staticmethod
    def _image(name: str) -> bytes | None:
        fixed: dict[str, Callable[[], bytes]] = {
            "redimensionnee-mauvais.png": lambda: lab_assets.resized_png(False),
            "redimensionnee-bon.png": lambda: lab_assets.resized_png(True),
            "photo-lourde.jpg": lab_assets.padded_jpeg,
            "photo.jpg": lab_assets.photo_jpeg,
            "mixte.png": lambda: lab_assets.small_png("mixte"),
        }
        if name in fixed:
            return fixed[name]()
        for variant in ("mauvais", "bon"):
            for k in range(1, SMALL_IMAGES + 1):
                if name == f"hors-ecran-{variant}-{k}.png":
                    return lab_assets.small_png(f"hors-ecran-{k}")
        for k in range(1, FORMAT_IMAGES + 1):
            if name == f"format-{k}.png":
                return lab_assets.small_png(f"format-{k}")
            if name == f"format-{k}.webp":
                return lab_assets.WEBP_1X1
        return None

    def clip(self, request: Request, user: User | None) -> Response:
        return binary(lab_assets.clip_mp4(), "video/mp4")

    def cached(self, request: Request, user: User | None, name: str) -> Response:
        """sans-cache.*: no-store and no validator; avec-cache.<hash>.*: a year, immutable, ETag and 304."""
        if name not in self.cache_files:
            return self._not_found(user)
        kind, data, cached = self.cache_files[name]
        if not cached:
            if kind == "png":
                return binary(data, "image/png", cache_control="no-store")
            return text(data, kind, cache_control="no-store")
        etag = _etag(data)
        if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
            content_type = "image/png" if kind == "png" else text(b"", kind).content_type
            return Response(status=304, content_type=content_type, cache_control=IMMUTABLE, compress=False).add_header(
                "ETag", etag
            )
        response = (
            binary(data, "image/png", cache_control=IMMUTABLE)
            if kind == "png"
            else text(data, kind, cache_control=IMMUTABLE)
        )
        return response.add_header("ETag", etag)
