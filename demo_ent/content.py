"""Fixed, deterministic demo data: the pupil, blog posts, messages, notifications, documents, events."""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass

SCHOOL = "Collège Jean Moulin"
PUPIL = {"first_name": "Léa", "last_name": "Martin", "classe": "4e B", "login": "eleve.demo"}
PARENT = {"first_name": "Sophie", "last_name": "Martin", "classe": "Parent de Léa (4e B)", "login": "parent.demo"}

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
DAYS_FR = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"]
DEFAULT_MONTH = (2026, 11)

BLOG_COUNT = 30
_BLOG_TOPICS = [
    "Sortie au musée des Beaux-Arts",
    "Résultats du cross du collège",
    "Atelier robotique du jeudi",
    "Semaine des mathématiques",
    "Le club lecture a choisi son livre",
    "Visite de l'Assemblée nationale",
    "Concours de poésie : les lauréats",
    "Journée portes ouvertes",
    "Tournoi d'échecs inter-classes",
    "Élection des délégués",
    "Exposition sur le développement durable",
    "Voyage scolaire en Espagne",
]
_SENTENCES = [
    "Les élèves ont participé avec enthousiasme à cette activité.",
    "Merci aux professeurs et aux parents accompagnateurs pour leur aide précieuse.",
    "Les photos sont disponibles dans l'espace documentaire de la classe.",
    "Une restitution sera présentée lors de la prochaine réunion parents-professeurs.",
    "Le projet s'inscrit dans le parcours citoyen du collège.",
    "Chacun a pu découvrir de nouvelles méthodes de travail en équipe.",
    "Rendez-vous l'année prochaine pour une nouvelle édition.",
    "Les inscriptions restent ouvertes auprès de la vie scolaire.",
]


@dataclass(frozen=True)
class BlogPost:
    number: int
    title: str
    author: str
    date: str
    paragraph: str


def blog_post(n: int) -> BlogPost:
    rng = random.Random(f"blog:{n}")
    topic = _BLOG_TOPICS[(n - 1) % len(_BLOG_TOPICS)]
    author = rng.choice(["M. Dupont", "Mme Leroy", "Mme Nguyen", "M. Bernard", "Mme Rossi"])
    paragraph = " ".join(rng.sample(_SENTENCES, 5))
    day = 1 + (n * 7) % 28
    return BlogPost(n, f"{topic} ({n})", author, f"{day:02d}/{1 + n % 12:02d}/2026", paragraph)


def blog_posts(first: int = 1, last: int = BLOG_COUNT) -> list[BlogPost]:
    """Posts first..last (inclusive)."""
    return [blog_post(n) for n in range(first, last + 1)]


MESSAGES = [
    {
        "id": 1,
        "subject": "Devoir de mathématiques pour lundi",
        "from": "M. Dupont",
        "date": "2026-11-02T08:12:00",
        "unread": True,
        "body": "Bonjour à tous,\nN'oubliez pas les exercices 4 à 7 page 52 pour lundi.\nBon week-end.",
    },
    {
        "id": 2,
        "subject": "Sortie au musée : autorisation parentale",
        "from": "Mme Leroy",
        "date": "2026-10-30T17:45:00",
        "unread": True,
        "body": "Merci de rapporter l'autorisation signée avant vendredi.",
    },
    {
        "id": 3,
        "subject": "Club théâtre",
        "from": "Vie scolaire",
        "date": "2026-10-28T12:03:00",
        "unread": False,
        "body": "La répétition de mercredi est déplacée en salle polyvalente.",
    },
    {
        "id": 4,
        "subject": "Exposé d'histoire",
        "from": "Tom Bernard",
        "date": "2026-10-27T19:20:00",
        "unread": False,
        "body": "Salut Léa, on se répartit les parties de l'exposé demain ?",
    },
    {
        "id": 5,
        "subject": "Menu de la cantine",
        "from": "Intendance",
        "date": "2026-10-26T09:00:00",
        "unread": False,
        "body": "Le menu de la semaine est disponible sur le portail.",
    },
]

# Newest first. Dates carry the Paris offset (November: +01:00); n6-n8 were sent between 20:00 and 07:00,
# what the droit à la déconnexion check looks for, the others in the school day.
NOTIFICATIONS = [
    {
        "id": "n6",
        "type": "BLOG",
        "sender": "Mme Nguyen",
        "date": "2026-11-03T22:47:00+01:00",
        "message": "a commenté le billet : Atelier robotique du jeudi",
        "resource": "/blog/post/3",
    },
    {
        "id": "n7",
        "type": "WORKSPACE",
        "sender": "M. Dupont",
        "date": "2026-11-02T23:05:00+01:00",
        "message": "a déposé le corrigé du document devoir-1.pdf",
        "resource": "/workspace/workspace",
    },
    {
        "id": "n1",
        "type": "BLOG",
        "sender": "Mme Leroy",
        "date": "2026-11-02T10:15:00+01:00",
        "message": "a publié un billet : Sortie au musée des Beaux-Arts",
        "resource": "/blog/post/1",
    },
    {
        "id": "n2",
        "type": "MESSAGERIE",
        "sender": "M. Dupont",
        "date": "2026-11-02T08:12:00+01:00",
        "message": "vous a envoyé un message : Devoir de mathématiques pour lundi",
        "resource": "/conversation/conversation#/message/1",
    },
    {
        "id": "n8",
        "type": "CALENDAR",
        "sender": "Vie scolaire",
        "date": "2026-11-02T06:15:00+01:00",
        "message": "a signalé l'absence d'un professeur : pas de cours de 8 h",
        "resource": "/calendar/calendar",
    },
    {
        "id": "n3",
        "type": "WORKSPACE",
        "sender": "M. Dupont",
        "date": "2026-11-01T16:40:00+01:00",
        "message": "a partagé le document devoir-1.pdf",
        "resource": "/workspace/workspace",
    },
    {
        "id": "n4",
        "type": "CALENDAR",
        "sender": "Vie scolaire",
        "date": "2026-10-31T09:00:00+01:00",
        "message": "a ajouté un événement : Conseil de classe",
        "resource": "/calendar/calendar",
    },
    {
        "id": "n5",
        "type": "BLOG",
        "sender": "Mme Nguyen",
        "date": "2026-10-30T14:22:00+01:00",
        "message": "a publié un billet : Atelier robotique du jeudi",
        "resource": "/blog/post/3",
    },
]

DOCUMENTS = [
    {"id": n, "name": f"devoir-{n}.pdf", "title": title, "owner": owner}
    for n, title, owner in [
        (1, "Devoir de mathématiques - fractions", "M. Dupont"),
        (2, "Devoir de français - rédaction", "Mme Leroy"),
        (3, "Devoir d'histoire - la Révolution", "Mme Rossi"),
        (4, "Devoir d'anglais - vocabulary", "Mme Nguyen"),
    ]
]

PARENT_GRADES = [
    ("Mathématiques", "Contrôle : fractions", "14/20"),
    ("Français", "Rédaction", "15,5/20"),
    ("Histoire-géographie", "La Révolution française", "12/20"),
    ("Anglais", "Vocabulary test", "17/20"),
]
PARENT_ATTENDANCE = [
    "Aucune absence ce trimestre.",
    "1 retard (lundi 2 novembre, 8 h 10) : justifié.",
    "Prochaine réunion parents-professeurs : jeudi 19 novembre à 17 h 30.",
]

SCHOOL_LIFE_ABSENCES = [
    "Lundi 9 novembre 2026 : retard de 10 minutes (justifié).",
    "Jeudi 19 novembre 2026 : absence la matinée (à justifier).",
]
TIMETABLE = [
    (
        "Lundi",
        "8 h Mathématiques · 9 h Français · 10 h 15 Histoire-géographie · 11 h 15 Anglais · 14 h EPS · 16 h Étude",
    ),
    ("Mardi", "8 h Sciences de la vie et de la Terre · 9 h Physique-chimie · 10 h 15 Espagnol · 14 h Arts plastiques"),
    ("Mercredi", "8 h Français · 9 h Mathématiques · 10 h 15 Technologie · 11 h 15 Éducation musicale"),
    ("Jeudi", "8 h Anglais · 9 h Histoire-géographie · 10 h 15 Mathématiques · 14 h Français · 15 h Vie de classe"),
    ("Vendredi", "8 h Physique-chimie · 9 h Espagnol · 10 h 15 Français · 11 h 15 Mathématiques · 14 h EPS"),
]

NEWS = [
    ("Nouvelle application : le cahier de textes", "Retrouvez vos devoirs directement depuis le portail."),
    ("Maintenance prévue", "L'ENT sera indisponible samedi 14 novembre de 7 h à 9 h."),
    ("Semaine de l'orientation", "Des ateliers sont proposés aux élèves de 3e du 23 au 27 novembre."),
]

_EVENT_TITLES = [
    "Contrôle de mathématiques",
    "Conseil de classe",
    "Sortie pédagogique",
    "Réunion parents-professeurs",
    "Évaluation d'anglais",
    "Cross du collège",
]

_MONTH_RE = re.compile(r"^(\d{4,18})-(\d{2})$")


def parse_month(value: str) -> tuple[int, int] | None:
    match = _MONTH_RE.match(value)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if year >= 1 and 1 <= month <= 12 else None


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_weeks(year: int, month: int) -> list[list[int]]:
    """Weeks Monday-first, 0 for days outside the month (works for any year)."""
    first_weekday, days = calendar.monthrange(year, month)
    cells = [0] * first_weekday + list(range(1, days + 1))
    cells += [0] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def month_events(year: int, month: int) -> list[dict[str, object]]:
    rng = random.Random(f"events:{year}-{month}")
    _, days = calendar.monthrange(year, month)
    picked = sorted(rng.sample(range(1, days + 1), 3))
    return [{"day": day, "title": rng.choice(_EVENT_TITLES)} for day in picked]
