"""RGAA 4.1 as data: 13 themes, 106 criteria (titles paraphrased in our own words).

The official wording lives at accessibilite.numerique.gouv.fr; the short titles below are ours, written to be read in
a report next to a status, never a copy of the reference text.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES: dict[int, dict[str, str]] = {
    1: {"fr": "Images", "en": "Images"},
    2: {"fr": "Cadres", "en": "Frames"},
    3: {"fr": "Couleurs", "en": "Colours"},
    4: {"fr": "Multimédia", "en": "Multimedia"},
    5: {"fr": "Tableaux", "en": "Tables"},
    6: {"fr": "Liens", "en": "Links"},
    7: {"fr": "Scripts", "en": "Scripts"},
    8: {"fr": "Éléments obligatoires", "en": "Mandatory elements"},
    9: {"fr": "Structuration de l’information", "en": "Structure of information"},
    10: {"fr": "Présentation de l’information", "en": "Presentation of information"},
    11: {"fr": "Formulaires", "en": "Forms"},
    12: {"fr": "Navigation", "en": "Navigation"},
    13: {"fr": "Consultation", "en": "Consultation"},
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


_DATA: tuple[tuple[str, str, str], ...] = (
    # 1 Images
    ("1.1", "Une image qui informe a une alternative textuelle", "An informative image has a text alternative"),
    ("1.2", "Une image décorative est ignorée des aides techniques", "A decorative image is ignored by assistive tech"),
    ("1.3", "L’alternative d’une image qui informe est pertinente", "An informative image’s alternative is relevant"),
    (
        "1.4",
        "L’alternative d’un CAPTCHA ou d’une image-test dit sa nature",
        "A CAPTCHA or test image’s alternative says what it is",
    ),
    ("1.5", "Un CAPTCHA propose une autre façon d’accéder au service", "A CAPTCHA offers another way through"),
    ("1.6", "Une image qui le nécessite a une description détaillée", "An image that needs one has a long description"),
    ("1.7", "La description détaillée d’une image est pertinente", "An image’s long description is relevant"),
    ("1.8", "Le texte en image est remplacé par du texte mis en forme", "Text in images is replaced by styled text"),
    ("1.9", "La légende d’une image lui est bien associée", "An image caption is correctly tied to its image"),
    # 2 Cadres
    ("2.1", "Chaque cadre porte un titre", "Every frame has a title"),
    ("2.2", "Le titre de chaque cadre est pertinent", "Every frame title is relevant"),
    # 3 Couleurs
    ("3.1", "L’information ne passe pas par la seule couleur", "Information is not conveyed by colour alone"),
    ("3.2", "Le contraste du texte avec son fond est suffisant", "Text contrasts enough with its background"),
    (
        "3.3",
        "Les composants d’interface et graphiques sont assez contrastés",
        "UI components and graphics contrast enough",
    ),
    # 4 Multimédia
    (
        "4.1",
        "Un média préenregistré a une transcription ou une audiodescription",
        "Prerecorded media have a transcript or audio description",
    ),
    (
        "4.2",
        "Cette transcription ou audiodescription est pertinente",
        "That transcript or audio description is relevant",
    ),
    ("4.3", "Un média synchronisé a des sous-titres", "Synchronised media have captions"),
    ("4.4", "Ces sous-titres sont pertinents", "Those captions are relevant"),
    ("4.5", "Un média synchronisé a une audiodescription", "Synchronised media have audio description"),
    ("4.6", "Cette audiodescription est pertinente", "That audio description is relevant"),
    ("4.7", "Chaque média est clairement identifié", "Each media item is clearly identified"),
    ("4.8", "Un média non temporel a une alternative", "Non-time-based media have an alternative"),
    ("4.9", "Cette alternative est pertinente", "That alternative is relevant"),
    ("4.10", "Un son lancé automatiquement peut être contrôlé", "Sound that starts by itself can be controlled"),
    (
        "4.11",
        "Un média temporel se pilote au clavier et au pointeur",
        "Time-based media are operable by keyboard and pointer",
    ),
    (
        "4.12",
        "Un média non temporel se pilote au clavier et au pointeur",
        "Non-time-based media are operable by keyboard and pointer",
    ),
    ("4.13", "Un média est compatible avec les aides techniques", "Media work with assistive technologies"),
    # 5 Tableaux
    ("5.1", "Un tableau de données complexe a un résumé", "A complex data table has a summary"),
    ("5.2", "Ce résumé est pertinent", "That summary is relevant"),
    (
        "5.3",
        "Un tableau de mise en forme reste compréhensible une fois linéarisé",
        "A layout table still makes sense when linearised",
    ),
    ("5.4", "Le titre d’un tableau de données lui est associé", "A data table’s title is tied to it"),
    ("5.5", "Ce titre est pertinent", "That title is relevant"),
    ("5.6", "Les en-têtes d’un tableau de données sont déclarés", "A data table’s headers are declared"),
    ("5.7", "Chaque cellule est reliée à ses en-têtes", "Each cell is tied to its headers"),
    (
        "5.8",
        "Un tableau de mise en forme n’utilise aucun élément de tableau de données",
        "A layout table uses no data-table markup",
    ),
    # 6 Liens
    ("6.1", "Chaque lien est explicite", "Every link is explicit"),
    ("6.2", "Chaque lien a un intitulé", "Every link has a name"),
    # 7 Scripts
    ("7.1", "Les scripts sont compatibles avec les aides techniques", "Scripts work with assistive technologies"),
    ("7.2", "L’alternative à un script est pertinente", "A script’s alternative is relevant"),
    ("7.3", "Les scripts se pilotent au clavier et au pointeur", "Scripts are operable by keyboard and pointer"),
    ("7.4", "Un changement de contexte est annoncé ou contrôlé", "A change of context is announced or controlled"),
    ("7.5", "Les messages de statut sont restitués", "Status messages are conveyed"),
    # 8 Éléments obligatoires
    ("8.1", "La page déclare un type de document", "The page declares a document type"),
    ("8.2", "Le code source est valide", "The source code is valid"),
    ("8.3", "La langue par défaut est indiquée", "The default language is set"),
    ("8.4", "Le code de langue par défaut est correct", "The default language code is right"),
    ("8.5", "La page a un titre", "The page has a title"),
    ("8.6", "Le titre de la page est pertinent", "The page title is relevant"),
    ("8.7", "Chaque changement de langue est signalé", "Every change of language is marked"),
    ("8.8", "Le code d’un changement de langue est valide", "A change of language uses a valid code"),
    ("8.9", "Aucune balise ne sert seulement à la présentation", "No tag is used for presentation only"),
    ("8.10", "Chaque changement de sens de lecture est signalé", "Every change of reading direction is marked"),
    # 9 Structuration
    ("9.1", "Des titres hiérarchisés structurent l’information", "Ranked headings structure the information"),
    ("9.2", "La structure du document est cohérente (zones)", "The document structure (regions) is coherent"),
    ("9.3", "Chaque liste est correctement structurée", "Every list is correctly structured"),
    ("9.4", "Chaque citation est balisée", "Every quotation is marked up"),
    # 10 Présentation
    ("10.1", "La présentation passe par les feuilles de style", "Presentation is done with style sheets"),
    ("10.2", "Le contenu reste présent sans feuilles de style", "Content remains without style sheets"),
    (
        "10.3",
        "L’information reste compréhensible sans feuilles de style",
        "Information makes sense without style sheets",
    ),
    ("10.4", "Le texte reste lisible agrandi à 200 %", "Text stays readable at 200 % size"),
    ("10.5", "Couleurs de texte et de fond sont déclarées ensemble", "Text and background colours are set together"),
    ("10.6", "Un lien peu visible dans le texte se distingue", "A link hard to spot in text stands out"),
    ("10.7", "La prise de focus est visible", "Keyboard focus is visible"),
    (
        "10.8",
        "Un contenu caché l’est aussi pour les aides techniques",
        "Hidden content is also hidden from assistive tech",
    ),
    (
        "10.9",
        "L’information ne passe pas par la seule forme, taille ou position",
        "Information is not conveyed by shape, size or position alone",
    ),
    ("10.10", "Cette information est aussi donnée autrement", "That information is also given another way"),
    (
        "10.11",
        "Le contenu se réagence à 320 px de large sans double défilement",
        "Content reflows at 320 px wide without two-way scrolling",
    ),
    ("10.12", "L’espacement du texte peut être modifié sans perte", "Text spacing can be changed without loss"),
    (
        "10.13",
        "Un contenu affiché au survol ou au focus se contrôle",
        "Content shown on hover or focus can be controlled",
    ),
    (
        "10.14",
        "Un contenu ajouté par les styles reste atteignable au clavier",
        "Content added by styles can be reached by keyboard",
    ),
    # 11 Formulaires
    ("11.1", "Chaque champ a une étiquette", "Every field has a label"),
    ("11.2", "L’étiquette d’un champ est pertinente", "A field’s label is relevant"),
    ("11.3", "Une même fonction porte la même étiquette partout", "The same function has the same label everywhere"),
    ("11.4", "Étiquette et champ sont accolés", "Label and field sit next to each other"),
    ("11.5", "Les champs de même nature sont regroupés", "Related fields are grouped"),
    ("11.6", "Chaque groupe de champs a une légende", "Every group of fields has a legend"),
    ("11.7", "Cette légende est pertinente", "That legend is relevant"),
    ("11.8", "Les choix d’une liste sont regroupés correctement", "Options of a list are grouped correctly"),
    ("11.9", "L’intitulé de chaque bouton est pertinent", "Every button’s name is relevant"),
    ("11.10", "Le contrôle de saisie est bien utilisé", "Input checks are used well"),
    ("11.11", "Une erreur de saisie s’accompagne d’une suggestion", "An input error comes with a suggestion"),
    (
        "11.12",
        "Une saisie importante peut être vérifiée, confirmée ou annulée",
        "An important submission can be reviewed, confirmed or undone",
    ),
    ("11.13", "La finalité d’un champ personnel est déterminable", "A personal field’s purpose can be determined"),
    # 12 Navigation
    ("12.1", "Le site offre au moins deux systèmes de navigation", "The site offers at least two ways to navigate"),
    ("12.2", "Menus et barres de navigation restent au même endroit", "Menus and nav bars stay in the same place"),
    ("12.3", "Le plan du site est pertinent", "The site map is relevant"),
    ("12.4", "Le plan du site s’atteint de la même façon partout", "The site map is reached the same way everywhere"),
    (
        "12.5",
        "Le moteur de recherche s’atteint de la même façon partout",
        "The search engine is reached the same way everywhere",
    ),
    (
        "12.6",
        "Les zones de regroupement (en-tête, navigation, contenu, pied) sont atteignables",
        "Regions (header, navigation, main, footer) can be reached",
    ),
    ("12.7", "Un lien d’évitement mène au contenu principal", "A skip link leads to the main content"),
    ("12.8", "L’ordre de tabulation est cohérent", "Tab order is coherent"),
    ("12.9", "La navigation ne piège pas le clavier", "Navigation does not trap the keyboard"),
    ("12.10", "Les raccourcis d’une seule touche se contrôlent", "Single-key shortcuts can be controlled"),
    (
        "12.11",
        "Un contenu révélé par survol, focus ou activation s’atteint au clavier",
        "Content revealed on hover, focus or activation is keyboard-reachable",
    ),
    # 13 Consultation
    ("13.1", "Chaque limite de temps se contrôle", "Every time limit can be controlled"),
    ("13.2", "Aucune fenêtre ne s’ouvre sans action de l’utilisateur", "No window opens without a user action"),
    (
        "13.3",
        "Un document bureautique à télécharger a une version accessible",
        "A downloadable office document has an accessible version",
    ),
    (
        "13.4",
        "Cette version accessible donne la même information",
        "That accessible version gives the same information",
    ),
    ("13.5", "Un contenu cryptique a une alternative", "Cryptic content has an alternative"),
    ("13.6", "Cette alternative est pertinente", "That alternative is relevant"),
    (
        "13.7",
        "Aucun flash ni changement brusque de luminosité n’est dangereux",
        "No flash or sudden brightness change is dangerous",
    ),
    ("13.8", "Un contenu en mouvement ou clignotant se contrôle", "Moving or blinking content can be controlled"),
    ("13.9", "Le contenu s’affiche dans toutes les orientations d’écran", "Content is shown in any screen orientation"),
    ("13.10", "Un geste complexe a une alternative simple", "A complex gesture has a simple alternative"),
    ("13.11", "Une action au pointeur peut être annulée", "A pointer action can be cancelled"),
    (
        "13.12",
        "Une fonction déclenchée par le mouvement a une alternative",
        "A motion-triggered feature has an alternative",
    ),
)

CRITERIA: tuple[Criterion, ...] = tuple(Criterion(cid, int(cid.split(".")[0]), fr, en) for cid, fr, en in _DATA)
BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}
