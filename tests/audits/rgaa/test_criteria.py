"""RGAA 4.1 as data: 13 themes, 106 criteria."""

from collections import Counter

from ent_audit.audits import rgaa


def test_106_criteria_with_the_per_theme_counts():
    assert len(rgaa.CRITERIA) == 106 == len(rgaa.BY_ID)
    counts = Counter(c.theme for c in rgaa.CRITERIA)
    assert [counts[t] for t in range(1, 14)] == [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]
    assert rgaa.CRITERIA[0].id == "1.1" and rgaa.CRITERIA[-1].id == "13.12"
    assert all(c.title_fr and c.title_en and c.id.startswith(f"{c.theme}.") for c in rgaa.CRITERIA)
    assert rgaa.BY_ID["8.3"].theme_fr == "Éléments obligatoires" and rgaa.BY_ID["8.3"].title("en")
    assert all(rgaa.criterion_of_ref(c) for cids in rgaa.AXE_RULES.values() for c in cids)
