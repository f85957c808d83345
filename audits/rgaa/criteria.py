"""RGAA 4.1 as data: 13 themes, 106 criteria (titles paraphrased in our own words).

The official wording lives at accessibilite.numerique.gouv.fr; the short titles below are ours, written to be read in
a report next to a status, never a copy of the reference text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ent_audit.i18n import Message, msg

THEMES: dict[int, dict[str, str]] = {
    1: msg("Images"),
    2: msg("Frames"),
    3: msg("Colours"),
    4: msg("Multimedia"),
    5: msg("Tables"),
    6: msg("Links"),
    7: msg("Scripts"),
    8: msg("Mandatory elements"),
    9: msg("Structure of information"),
    10: msg("Presentation of information"),
    11: msg("Forms"),
    12: msg("Navigation"),
    13: msg("Consultation"),
}


@dataclass(frozen=True)
class Criterion:
    id: str  # "1.1"
    theme: int
    title_fr: str
    title_en: str

    @property
    def theme_fr(self) -> str:
        return THEMES[self.theme]["fr"]

    @property
    def theme_en(self) -> str:
        return THEMES[self.theme]["en"]

    def title(self, lang: str = "fr") -> str:
        return self.title_en if lang == "en" else self.title_fr


_DATA: tuple[tuple[str, Message], ...] = (
    # 1 Images
    ("1.1", msg("An informative image has a text alternative")),
    ("1.2", msg("A decorative image is ignored by assistive tech")),
    ("1.3", msg("An informative image’s alternative is relevant")),
    (
        "1.4",
        msg("A CAPTCHA or test image’s alternative says what it is"),
    ),
    ("1.5", msg("A CAPTCHA offers another way through")),
    ("1.6", msg("An image that needs one has a long description")),
    ("1.7", msg("An image’s long description is relevant")),
    ("1.8", msg("Text in images is replaced by styled text")),
    ("1.9", msg("An image caption is correctly tied to its image")),
    # 2 Cadres
    ("2.1", msg("Every frame has a title")),
    ("2.2", msg("Every frame title is relevant")),
    # 3 Couleurs
    ("3.1", msg("Information is not conveyed by colour alone")),
    ("3.2", msg("Text contrasts enough with its background")),
    (
        "3.3",
        msg("UI components and graphics contrast enough"),
    ),
    # 4 Multimédia
    (
        "4.1",
        msg("Prerecorded media have a transcript or audio description"),
    ),
    (
        "4.2",
        msg("That transcript or audio description is relevant"),
    ),
    ("4.3", msg("Synchronised media have captions")),
    ("4.4", msg("Those captions are relevant")),
    ("4.5", msg("Synchronised media have audio description")),
    ("4.6", msg("That audio description is relevant")),
    ("4.7", msg("Each media item is clearly identified")),
    ("4.8", msg("Non-time-based media have an alternative")),
    ("4.9", msg("That alternative is relevant")),
    ("4.10", msg("Sound that starts by itself can be controlled")),
    (
        "4.11",
        msg("Time-based media are operable by keyboard and pointer"),
    ),
    (
        "4.12",
        msg("Non-time-based media are operable by keyboard and pointer"),
    ),
    ("4.13", msg("Media work with assistive technologies")),
    # 5 Tableaux
    ("5.1", msg("A complex data table has a summary")),
    ("5.2", msg("That summary is relevant")),
    (
        "5.3",
        msg("A layout table still makes sense when linearised"),
    ),
    ("5.4", msg("A data table’s title is tied to it")),
    ("5.5", msg("That title is relevant")),
    ("5.6", msg("A data table’s headers are declared")),
    ("5.7", msg("Each cell is tied to its headers")),
    (
        "5.8",
        msg("A layout table uses no data-table markup"),
    ),
    # 6 Liens
    ("6.1", msg("Every link is explicit")),
    ("6.2", msg("Every link has a name")),
    # 7 Scripts
    ("7.1", msg("Scripts work with assistive technologies")),
    ("7.2", msg("A script’s alternative is relevant")),
    ("7.3", msg("Scripts are operable by keyboard and pointer")),
    ("7.4", msg("A change of context is announced or controlled")),
    ("7.5", msg("Status messages are conveyed")),
    # 8 Éléments obligatoires
    ("8.1", msg("The page declares a document type")),
    ("8.2", msg("The source code is valid")),
    ("8.3", msg("The default language is set")),
    ("8.4", msg("The default language code is right")),
    ("8.5", msg("The page has a title")),
    ("8.6", msg("The page title is relevant")),
    ("8.7", msg("Every change of language is marked")),
    ("8.8", msg("A change of language uses a valid code")),
    ("8.9", msg("No tag is used for presentation only")),
    ("8.10", msg("Every change of reading direction is marked")),
    # 9 Structuration
    ("9.1", msg("Ranked headings structure the information")),
    ("9.2", msg("The document structure (regions) is coherent")),
    ("9.3", msg("Every list is correctly structured")),
    ("9.4", msg("Every quotation is marked up")),
    # 10 Présentation
    ("10.1", msg("Presentation is done with style sheets")),
    ("10.2", msg("Content remains without style sheets")),
    (
        "10.3",
        msg("Information makes sense without style sheets"),
    ),
    ("10.4", msg("Text stays readable at 200 % size")),
    ("10.5", msg("Text and background colours are set together")),
    ("10.6", msg("A link hard to spot in text stands out")),
    ("10.7", msg("Keyboard focus is visible")),
    (
        "10.8",
        msg("Hidden content is also hidden from assistive tech"),
    ),
    (
        "10.9",
        msg("Information is not conveyed by shape, size or position alone"),
    ),
    ("10.10", msg("That information is also given another way")),
    (
        "10.11",
        msg("Content reflows at 320 px wide without two-way scrolling"),
    ),
    ("10.12", msg("Text spacing can be changed without loss")),
    (
        "10.13",
        msg("Content shown on hover or focus can be controlled"),
    ),
    (
        "10.14",
        msg("Content added by styles can be reached by keyboard"),
    ),
    # 11 Formulaires
    ("11.1", msg("Every field has a label")),
    ("11.2", msg("A field’s label is relevant")),
    ("11.3", msg("The same function has the same label everywhere")),
    ("11.4", msg("Label and field sit next to each other")),
    ("11.5", msg("Related fields are grouped")),
    ("11.6", msg("Every group of fields has a legend")),
    ("11.7", msg("That legend is relevant")),
    ("11.8", msg("Options of a list are grouped correctly")),
    ("11.9", msg("Every button’s name is relevant")),
    ("11.10", msg("Input checks are used well")),
    ("11.11", msg("An input error comes with a suggestion")),
    (
        "11.12",
        msg("An important submission can be reviewed, confirmed or undone"),
    ),
    ("11.13", msg("A personal field’s purpose can be determined")),
    # 12 Navigation
    ("12.1", msg("The site offers at least two ways to navigate")),
    ("12.2", msg("Menus and nav bars stay in the same place")),
    ("12.3", msg("The site map is relevant")),
    ("12.4", msg("The site map is reached the same way everywhere")),
    (
        "12.5",
        msg("The search engine is reached the same way everywhere"),
    ),
    (
        "12.6",
        msg("Regions (header, navigation, main, footer) can be reached"),
    ),
    ("12.7", msg("A skip link leads to the main content")),
    ("12.8", msg("Tab order is coherent")),
    ("12.9", msg("Navigation does not trap the keyboard")),
    ("12.10", msg("Single-key shortcuts can be controlled")),
    (
        "12.11",
        msg("Content revealed on hover, focus or activation is keyboard-reachable"),
    ),
    # 13 Consultation
    ("13.1", msg("Every time limit can be controlled")),
    ("13.2", msg("No window opens without a user action")),
    (
        "13.3",
        msg("A downloadable office document has an accessible version"),
    ),
    (
        "13.4",
        msg("That accessible version gives the same information"),
    ),
    ("13.5", msg("Cryptic content has an alternative")),
    ("13.6", msg("That alternative is relevant")),
    (
        "13.7",
        msg("No flash or sudden brightness change is dangerous"),
    ),
    ("13.8", msg("Moving or blinking content can be controlled")),
    ("13.9", msg("Content is shown in any screen orientation")),
    ("13.10", msg("A complex gesture has a simple alternative")),
    ("13.11", msg("A pointer action can be cancelled")),
    (
        "13.12",
        msg("A motion-triggered feature has an alternative"),
    ),
)

CRITERIA: tuple[Criterion, ...] = tuple(
    Criterion(cid, int(cid.split(".")[0]), title["fr"], title["en"]) for cid, title in _DATA
)
BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}
