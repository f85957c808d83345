"""HTML rendering: one jinja2 environment over demo_ent/templates/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .content import SCHOOL

TEMPLATES_DIR = Path(__file__).parent / "templates"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(("html",)),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
_ENV.globals["school"] = SCHOOL


def render(
    template: str, *, title: str, user: dict[str, str] | None = None, lang: str | None = "fr", **context: Any
) -> str:
    """Render a page. lang=None omits the lang attribute (the blog post defect)."""
    return _ENV.get_template(template).render(title=title, user=user, lang=lang, **context)


def message_page(heading: str, text: str, user: dict[str, str] | None = None, **context: Any) -> str:
    """A simple confirmation or error page in the site layout."""
    return render("message.html", title=heading, user=user, heading=heading, text=text, **context)


class Pages:
    """render/message_page with fixed extra context (e.g. login_href for a non-CAS login kind)."""

    def __init__(self, **extra: Any) -> None:
        self._extra = extra

    def render(self, template: str, **context: Any) -> str:
        return render(template, **self._extra, **context)

    def message(self, heading: str, text: str, user: dict[str, str] | None = None, **context: Any) -> str:
        return message_page(heading, text, user, **self._extra, **context)
