"""Numbers, sizes, dates and addresses as the report writes them, in French or English.

French: narrow no-break space between thousands, a comma for decimals, a no-break space before units and before
":"; plurals from 2 (0 and 1 are singular), English from 2 and for 0.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from babel.numbers import format_decimal

from ent_audit.i18n import language
from ent_audit.reports.catalogue import CATALOGUE, NBSP

URL_DISPLAY_LEN = 64
T = TypeVar("T")


def catalogue_strings(lang: str) -> dict[str, Any]:
    try:
        return CATALOGUE[lang]
    except KeyError:
        raise ValueError(f"unsupported report language {lang!r} (available: {', '.join(sorted(CATALOGUE))})") from None


def plural(lang: str, n: int | float, one: T, many: T) -> T:
    """French uses the singular for 0 and 1 ("0 page", "1 page"), English only for 1."""
    singular = abs(n) < 2 if lang == "fr" else abs(n) == 1
    return one if singular else many


def format_number(value: float | int, lang: str = "fr", decimals: int = 0) -> str:
    """``1234567`` → ``1 234 567`` (narrow no-break spaces), ``62.35, decimals=1`` → ``62,4`` in French: Babel's
    (CLDR's) separators for ``lang``, exactly ``decimals`` decimals."""
    catalogue_strings(lang)  # one of the report languages
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang)


def format_count(n: int, lang: str | None = None) -> str:
    """A count in the terminal or the report: ``12 345`` in French, ``12,345`` in English (default: the run's
    language)."""
    return format_number(n, lang or language())


def format_bytes(n: int | float, lang: str = "fr", exact: bool = False) -> str:
    """Human size in units of 1000 (as EcoIndex): ``345 ko``, ``1,2 Mo``; ``exact`` gives ``1 234 567 octets``.

    One decimal below 10 units (dropped when it is zero), none above.
    """
    spec = catalogue_strings(lang)["bytes"]
    n = int(n)
    if exact or abs(n) < 1000:
        word = plural(lang, n, spec["one"], spec["many"])
        return f"{format_number(n, lang)}{NBSP}{word}"
    value, unit = n / 1000, 0
    while True:
        decimals = 1 if abs(value) < 10 else 0
        rounded = round(value, decimals)
        if abs(rounded) >= 1000 and unit < len(spec["units"]) - 1:
            value, unit = value / 1000, unit + 1
            continue
        if decimals and rounded == int(rounded):
            decimals = 0
        return f"{format_number(rounded, lang, decimals)}{NBSP}{spec['units'][unit]}"


def format_percent(part: float, whole: float, lang: str = "fr") -> str:
    if not whole:
        return f"0{NBSP}%"
    share = 100 * part / whole
    return f"{format_number(share, lang, 1 if share < 10 else 0)}{NBSP}%"


def format_datetime(iso: str | None, lang: str = "fr") -> str:
    """``2026-11-29T19:22:33Z`` → ``29 novembre 2026 à 20 h 22 (heure de Paris)``; unparsable input comes back as is."""
    strings = catalogue_strings(lang)
    if not iso:
        none: str = strings["none"]
        return none
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone_name = "UTC"
    try:
        from zoneinfo import ZoneInfo

        moment, zone_name = moment.astimezone(ZoneInfo("Europe/Paris")), "Europe/Paris"
    except Exception:  # no tz database on this machine: stay in UTC, and say so
        moment = moment.astimezone(UTC)
    text = strings["datetime"].format(
        day=moment.day,
        month=strings["months"][moment.month - 1],
        year=moment.year,
        hour=moment.hour,
        minute=moment.minute,
    )
    return f"{text} ({strings['timezone_label'][zone_name]})"


def short_url(url: str, home_host: str = "", max_len: int = URL_DISPLAY_LEN) -> str:
    """Display form of a URL: no scheme, no host when it is the audited site's, middle cut with an ellipsis."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        text = url
    else:
        text = parts.path or "/"
        if parts.netloc != home_host:
            text = parts.netloc + text
        if parts.query:
            text += "?" + parts.query
        if parts.fragment:
            text += "#" + parts.fragment
    if len(text) > max_len:
        head = (max_len - 1) * 2 // 3
        text = text[:head] + "…" + text[len(text) - (max_len - 1 - head) :]
    return text


def safe_link(url: str) -> str | None:
    """Only http(s) addresses become links (never ``javascript:`` or ``data:``)."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def counted(lang: str, strings: dict[str, Any], key: str, n: int) -> str:
    """``strings[key]`` is a (singular, plural) pair with ``{n}``."""
    pair: tuple[str, str] = strings[key]
    return plural(lang, n, *pair).format(n=format_number(n, lang))
