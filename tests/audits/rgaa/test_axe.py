"""axe-core's tags read as RGAA criteria and tests and WCAG success criteria."""

from ent_audit.audits import rgaa


def test_tag_parsing():
    tags = [
        "cat.forms",
        "wcag2a",
        "wcag2aa",
        "wcag21aa",
        "wcag412",
        "wcag1410",
        "RGAAv4",
        "RGAA-11.9.1",
        "RGAA-1.1.1",
        "RGAA-1.1.2",
        "RGAA-1.1.2",
        "EN-301-549",
        "TTv5",
    ]
    assert rgaa.criteria_of_tags(tags) == ["1.1", "11.9"]  # numeric order, unique
    assert rgaa.tests_of_tags(tags) == ["1.1.1", "1.1.2", "11.9.1"]
    assert rgaa.wcag_of_tags(tags) == ["1.4.10", "4.1.2"]  # level tags (wcag2a, wcag21aa) left out
    assert rgaa.wcag_of_tags(["wcag143"]) == ["1.4.3"]
    assert rgaa.criteria_of_tags(["RGAA-99.1.1", "RGAAv4"]) == [] and rgaa.criteria_of_tags(None) == []
