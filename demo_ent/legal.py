"""The legal pages a French public website links from its footer: mentions légales and données
personnelles (always), and the déclaration d'écoconception (only when hardened: most ENTs lack it)."""

from __future__ import annotations

from collections.abc import Callable

from .pages import Pages
from .routing import Route, route
from .web import Request, Response, html

User = dict[str, str]

# (path, template, title); the footer links are in base.html
PAGES = [
    ("/mentions-legales", "mentions_legales.html", "Mentions légales"),
    ("/donnees-personnelles", "donnees_personnelles.html", "Données personnelles"),
]
ECODESIGN = ("/ecoconception", "ecoconception.html", "Déclaration d'écoconception")


class LegalPages:
    def __init__(self, pages: Pages, ecodesign: bool) -> None:
        self.pages = pages
        self.entries = PAGES + ([ECODESIGN] if ecodesign else [])

    def routes(self) -> list[Route]:
        return [route(path, self._view(template, title), public=True) for path, template, title in self.entries]

    def _view(self, template: str, title: str) -> Callable[[Request, User | None], Response]:
        def view(request: Request, user: User | None) -> Response:
            return html(self.pages.render(template, title=title, user=user))

        return view
