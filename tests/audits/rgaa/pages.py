"""Pages as results.json carries them, for the RGAA tests: good facts, axe results, a small site."""

import copy

SITE = "https://ent.example.fr"

FACTS_OK = {
    "doctype": "html",
    "lang": "fr",
    "title": "Cahier de textes - ENT",
    "headings": [1, 2, 3, 2],
    "presentational": {"font": 0, "center": 0},
    "skip_link": True,
    "new_window_links": [],
    "statement": "partiellement conforme",
    "reflow_overflow_px": 0,
    "media": [],
}


def image_alt(targets, nodes=None):
    return {
        "rule": "image-alt",
        "impact": "critical",
        "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "RGAAv4", "RGAA-1.1.1"],
        "help": "Images must have alternative text",
        "nodes": nodes or len(targets),
        "targets": targets,
        "snippets": [f"<img src=x{i}>" for i in range(len(targets))],
    }


def page(url, template, facts=None, violations=(), needs_review=(), depth=1, title=None, **kw):
    facts = copy.deepcopy(FACTS_OK if facts is None else facts)
    if title is not None:
        facts["title"] = title
    return {
        "url": url,
        "template": template,
        "profile": "élève",
        "depth": depth,
        "title": facts.get("title", ""),
        "error": "",
        "status": 200,
        "documents": kw.pop("documents", []),
        "accessibility": {
            "engine": "axe-core 4.11.4",
            "duration_ms": 800,
            "incomplete": False,
            "violations": list(violations),
            "needs_review": list(needs_review),
            "facts": facts,
        },
        **kw,
    }


def by_ref(findings):
    return {f["ref"]: f for f in findings}


def three_pages():
    """Two pages of one template share a missing-alt defect on list items; the home has a contrast issue."""
    home = page(
        f"{SITE}/",
        "/",
        depth=0,
        title="Accueil - ENT",
        violations=[
            {
                "rule": "color-contrast",
                "impact": "serious",
                "tags": ["wcag2aa", "wcag143", "RGAAv4", "RGAA-3.2.1"],
                "help": "Contrast",
                "nodes": 7,
                "targets": ["#footer > p"],
                "snippets": ["<p>"],
            }
        ],
        needs_review=[
            {"rule": "video-caption", "impact": "critical", "tags": ["RGAA-4.3.1"], "nodes": 1, "targets": ["video"]}
        ],
    )
    one = page(
        f"{SITE}/cahier/12",
        "/cahier/{id}",
        title="Cahier 12",
        facts={**FACTS_OK, "skip_link": False},
        violations=[image_alt(["ul.devoirs > li:nth-child(1) > img", "ul.devoirs > li:nth-child(3) > img"])],
    )
    two = page(
        f"{SITE}/cahier/13",
        "/cahier/{id}",
        title="Cahier 13",
        violations=[image_alt(["ul.devoirs > li:nth-child(2) > img"], nodes=4)],
    )
    broken = {
        "url": f"{SITE}/notes",
        "template": "/notes",
        "error": "HTTP 500",
        "status": 500,
        "accessibility": {"violations": []},
        "documents": [],
        "depth": 1,
        "title": "Erreur",
    }
    return [home, one, two, broken]
