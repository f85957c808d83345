"""The class pages (class_pages=True, what `ent-audit demo` serves): three pages of a class's life whose weights span
the EcoIndex grades a real ENT audit shows, next to the light pages of the rest of the demo (grade A).

- /classe/album: the trip's photo album, six camera exports (about 310 kB each, 1024x768) shown at 320x240, and
  its comments (B);
- /classe/cahier-de-textes: the whole year's homework in one table, about 1,800 elements (D);
- /classe/fil: the class's news feed, photos in full size, an avatar per pupil, a sticker per post and a widget
  framework loaded as 40 separate scripts: about 110 requests and 5 MB (F).

Photos are the committed JPEG fixtures of static/photos/ (tools/demo_photos.py); avatars are small generated PNGs;
every byte is deterministic, so a crawl of these pages measures the same weights every time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

from . import assets
from .accounts import User
from .pages import Pages
from .routing import Route, route
from .web import STATIC_CACHE, Request, Response, binary, html, text

PHOTOS = 6  # static/photos/sortie-N.jpg
FEED_POSTS = 48
FEED_PHOTOS = 16  # posts 1..16 carry a full-size photo, each its own upload (its own URL)
AVATARS = 30
STICKERS = 15
REACTIONS = ("aime", "bravo", "merci", "question")
WIDGET_MODULES = 40
AVATAR_SIZE = (48, 48)
ALBUM_COMMENTS = 36

LINKS = [
    ("/classe/fil", "Fil d'actualité de la classe"),
    ("/classe/album", "Album photo : sortie à Lyon"),
    ("/classe/cahier-de-textes", "Cahier de textes"),
]

_FIRST_NAMES = [
    "Adam", "Alice", "Arthur", "Chloé", "Emma", "Gabriel", "Hugo", "Inès", "Jade", "Jules", "Léa", "Léo", "Lina",
    "Louis", "Louise", "Lucas", "Manon", "Maël", "Nathan", "Noah", "Rose", "Sacha", "Tom", "Zoé", "Yanis", "Camille",
    "Mila", "Paul", "Sarah", "Ethan",
]  # fmt: skip
_SUBJECTS = [
    ("Mathématiques", "M. Dupont"),
    ("Français", "Mme Leroy"),
    ("Histoire-géographie", "Mme Rossi"),
    ("Anglais", "Mme Nguyen"),
    ("SVT", "M. Bernard"),
    ("Physique-chimie", "Mme Petit"),
]
_WORK = [
    "Exercices {a} et {b} page {p}",
    "Apprendre la leçon {a} et son vocabulaire",
    "Lire les pages {p} à {q} du manuel",
    "Rédiger un paragraphe argumenté (15 lignes)",
    "Préparer l'exposé de groupe (diapositives {a} à {b})",
    "Réviser le contrôle du chapitre {a}",
    "Compléter la fiche d'activité {a} sur l'ENT",
]
_POSTS = [
    "Merci à tous pour la sortie, les photos sont en ligne !",
    "Rappel : le carnet de correspondance doit être signé pour vendredi.",
    "Le club théâtre cherche encore deux comédiens pour la pièce de juin.",
    "Bravo à l'équipe de 4e B pour le tournoi de handball.",
    "Pensez à rapporter vos autorisations pour le voyage en Espagne.",
    "Le CDI accueille une exposition sur les énergies renouvelables.",
    "Nouveau défi lecture : trois livres avant les vacances !",
    "Photos de l'atelier robotique : nos robots ont enfin suivi la ligne.",
]
_COMMENTS = ["Super !", "Merci madame.", "Trop bien la sortie", "On peut avoir les photos en grand ?", "Génial 👏"]
WEEKS = 36
_SCHOOL_WEEKS_START = (2026, 9, 1)


def photo(n: int) -> bytes:
    return assets.static_file(f"photos/sortie-{(n - 1) % PHOTOS + 1}.jpg")


@lru_cache(maxsize=AVATARS)
def avatar_png(n: int) -> bytes:
    """/classe/avatars/N.png: a pupil's 48x48 avatar, a tinted gradient (about 1 kB)."""
    width, height = AVATAR_SIZE
    rng = random.Random(f"avatar:{n}")
    base = (rng.randrange(60, 200), rng.randrange(60, 200), rng.randrange(60, 200))
    rows = [
        b"".join(
            bytes(((base[0] + 2 * x) % 256, (base[1] + 2 * y) % 256, (base[2] + x + y) % 256)) for x in range(width)
        )
        for y in range(height)
    ]
    return assets.make_png(width, height, rows, level=9)


def sticker_svg(n: int) -> bytes:
    hue = n * 360 // STICKERS
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<circle cx="32" cy="32" r="30" fill="hsl({hue},70%,60%)"/>'
        '<circle cx="22" cy="26" r="4"/><circle cx="42" cy="26" r="4"/>'
        '<path d="M18 40q14 12 28 0" stroke="#000" stroke-width="4" fill="none"/></svg>'
    ).encode()


def reaction_svg(name: str) -> bytes:
    colour = {"aime": "#e1000f", "bravo": "#f5a623", "merci": "#18753c", "question": "#000091"}[name]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" '
        f'fill="{colour}"/></svg>'
    ).encode()


def widget_module(n: int) -> bytes:
    """/classe/js/widget-N.js: one module of the feed's widget framework, loaded unbundled (a few hundred bytes)."""
    return (
        f"/* widget framework, module {n} of {WIDGET_MODULES} (unbundled build) */\n"
        f"(window.ENTWidgets = window.ENTWidgets || []).push({{\n"
        f'  name: "module-{n}",\n'
        f"  init: function (root) {{ root.dataset.module{n} = 'ready'; return {n}; }}\n"
        "});\n"
    ).encode()


def homework() -> list[dict[str, str]]:
    """The year's homework: WEEKS weeks, six entries a week (one a subject), oldest first."""
    rng = random.Random("cahier-de-textes")
    rows = []
    for week in range(1, WEEKS + 1):
        for day, (subject, teacher) in enumerate(_SUBJECTS):
            page = rng.randrange(12, 240)
            work = rng.choice(_WORK).format(a=rng.randrange(1, 40), b=rng.randrange(40, 80), p=page, q=page + 4)
            rows.append(
                {
                    "week": f"Semaine {week}",
                    "day": ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Lundi")[day],
                    "subject": subject,
                    "teacher": teacher,
                    "work": work,
                    "done": "Fait" if week < WEEKS - 4 else "À faire",
                }
            )
    return rows


def feed() -> list[dict[str, object]]:
    rng = random.Random("fil")
    posts = []
    for n in range(1, FEED_POSTS + 1):
        author = rng.randrange(1, AVATARS + 1)
        comments = [
            {"avatar": c, "name": _FIRST_NAMES[c - 1], "text": rng.choice(_COMMENTS)}
            for c in rng.sample(range(1, AVATARS + 1), 2)
        ]
        posts.append(
            {
                "id": n,
                "avatar": author,
                "name": _FIRST_NAMES[author - 1],
                "date": f"{28 - n % 28} novembre 2026",
                "text": _POSTS[n % len(_POSTS)],
                "photo": n if n <= FEED_PHOTOS else 0,
                "sticker": (n - 1) % STICKERS + 1,
                "likes": rng.randrange(0, 25),
                "comments": comments,
            }
        )
    return posts


class ClassPages:
    def __init__(self, pages: Pages, not_found: Callable[[User | None], Response]) -> None:
        """not_found: the ENT's own 404 page (EntApp.not_found)."""
        self.pages = pages
        self.not_found = not_found
        self._homework = homework()
        self._feed = feed()

    def routes(self) -> list[Route]:
        r = route
        return [
            r(r"/classe/album", self.album),
            r(r"/classe/cahier-de-textes", self.homework),
            r(r"/classe/fil", self.feed),
            r(r"/classe/album/photo-([1-9]\d*)\.jpg", self.album_photo, page=False),
            r(r"/classe/photos/([1-9]\d*)\.jpg", self.photo, page=False),
            r(r"/classe/avatars/([1-9]\d*)\.png", self.avatar, page=False),
            r(r"/classe/stickers/([1-9]\d*)\.svg", self.sticker, page=False),
            r(r"/classe/reactions/(\w+)\.svg", self.reaction, page=False),
            r(r"/classe/js/widget-([1-9]\d*)\.js", self.module, page=False),
        ]

    def album(self, request: Request, user: User) -> Response:
        page = self.pages.render(
            "classe_album.html",
            title="Album photo",
            user=user,
            photos=range(1, PHOTOS + 1),
            feed=self._feed[:ALBUM_COMMENTS],
        )
        return html(page)

    def homework(self, request: Request, user: User) -> Response:
        return html(self.pages.render("classe_cahier.html", title="Cahier de textes", user=user, rows=self._homework))

    def feed(self, request: Request, user: User) -> Response:
        page = self.pages.render(
            "classe_fil.html",
            title="Fil d'actualité de la classe",
            user=user,
            posts=self._feed,
            reactions=REACTIONS,
            modules=range(1, WIDGET_MODULES + 1),
        )
        return html(page)

    def album_photo(self, request: Request, user: User, n: str) -> Response:
        if int(n) > PHOTOS:
            return self.not_found(user)
        return binary(photo(int(n)), "image/jpeg")

    def photo(self, request: Request, user: User, n: str) -> Response:
        if int(n) > FEED_PHOTOS:
            return self.not_found(user)
        return binary(photo(int(n)), "image/jpeg")

    def avatar(self, request: Request, user: User, n: str) -> Response:
        if int(n) > AVATARS:
            return self.not_found(user)
        return binary(avatar_png(int(n)), "image/png")

    def sticker(self, request: Request, user: User, n: str) -> Response:
        if int(n) > STICKERS:
            return self.not_found(user)
        return text(sticker_svg(int(n)), "svg", cache_control=STATIC_CACHE)

    def reaction(self, request: Request, user: User, name: str) -> Response:
        if name not in REACTIONS:
            return self.not_found(user)
        return text(reaction_svg(name), "svg", cache_control=STATIC_CACHE)

    def module(self, request: Request, user: User, n: str) -> Response:
        if int(n) > WIDGET_MODULES:
            return self.not_found(user)
        return text(widget_module(int(n)), "js", cache_control=STATIC_CACHE)
