"""The page budget and the per-template cap make endless calendars and look-alike pages end by themselves."""

from ent_audit.crawler.frontier import Frontier

BASE = "http://127.0.0.1:8000"


def test_an_endless_calendar_is_capped_per_template():
    frontier = Frontier(max_pages=1000, max_per_template=3)
    admitted = [
        m
        for m in range(1, 400)
        if not frontier.admit("élève", f"{BASE}/calendar/calendar?month={2026 + m // 12}-{m % 12 + 1:02d}")
    ]
    assert len(admitted) == 3
    (row,) = frontier.report()
    assert row == {
        "template": "élève · /calendar/calendar?month={date}",
        "seen": 399,
        "audited": 3,
        "examples": [
            f"{BASE}/calendar/calendar?month=2026-02",
            f"{BASE}/calendar/calendar?month=2026-03",
            f"{BASE}/calendar/calendar?month=2026-04",
        ],
    }


def test_budget_duplicates_and_profiles():
    frontier = Frontier(max_pages=2, max_per_template=0)
    assert frontier.admit("élève", BASE + "/") == ""
    assert frontier.admit("élève", BASE + "/") == "already queued"
    assert frontier.admit("élève", BASE + "/blog") == ""
    assert frontier.admit("élève", BASE + "/aide") == "page budget"
    assert frontier.admit("parent", BASE + "/") == ""  # each profile sees the site with its own eyes
    assert frontier.scheduled() == 3 and frontier.scheduled("élève") == 2


def test_three_hundred_posts_give_three_audits():
    frontier = Frontier(max_pages=100, max_per_template=3)
    results = [frontier.admit("", f"{BASE}/blog/post/{n}") for n in range(1, 301)]
    assert results.count("") == 3 and results.count("template cap") == 297
