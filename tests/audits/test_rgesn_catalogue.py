"""The RGESN 2024 catalogue (audits/rgesn.py): 78 criteria, 9 families, rule refs and the site score."""

import pytest

from ent_audit.audits.rgesn import CRITERIA, FAMILIES, Criterion, by_family, criterion, site_score

FAMILY_SIZES = {1: 10, 2: 10, 3: 7, 4: 15, 5: 8, 6: 7, 7: 4, 8: 10, 9: 7}
RULED = {"2.3", "2.5", "4.1", "4.2", "4.4", "4.8", "5.1", "5.2", "5.7", "6.1", "6.2", "6.3", "6.4", "6.5", "6.7"}


def _key(id_):
    family, number = id_.split(".")
    return int(family), int(number)


def test_78_unique_criteria_in_numeric_order():
    ids = [c.id for c in CRITERIA]
    assert len(CRITERIA) == 78
    assert len(set(ids)) == 78
    assert ids == sorted(ids, key=_key)
    for family, size in FAMILY_SIZES.items():  # numbered 1..n without gaps inside each family
        assert [c.id for c in CRITERIA if c.family == family] == [f"{family}.{n}" for n in range(1, size + 1)]


def test_families_and_counts():
    assert set(FAMILIES) == set(range(1, 10))
    assert FAMILIES[1] == {"fr": "Stratégie", "en": "Strategy"}
    assert FAMILIES[8]["fr"] == "Hébergement"
    assert all(set(names) == {"fr", "en"} and all(names.values()) for names in FAMILIES.values())
    groups = by_family()
    assert list(groups) == list(range(1, 10))
    assert {family: len(items) for family, items in groups.items()} == FAMILY_SIZES
    assert all(c.family == family for family, items in groups.items() for c in items)


def test_summaries_and_automation():
    for c in CRITERIA:
        assert isinstance(c, Criterion)
        assert set(c.summary) == {"fr", "en"}, c.id
        assert c.summary["fr"].strip() and c.summary["en"].strip(), c.id
        assert len(c.summary["fr"]) <= 140 and "\n" not in c.summary["fr"], c.id
        assert c.automation in ("A", "P", "M"), c.id
        assert c.family == int(c.id.split(".")[0])


def test_frozen():
    with pytest.raises(AttributeError):
        CRITERIA[0].rule = "x"  # type: ignore[misc]


def test_rule_refs_exactly_the_automated_rules():
    ruled = {c.id: c.rule for c in CRITERIA if c.rule is not None}
    assert set(ruled) == RULED
    assert all(ref == f"RGESN-{id_}" for id_, ref in ruled.items())
    assert criterion("6.3").rule == "RGESN-6.3"
    assert criterion("4.14").rule is None


def test_rule_refs_match_registered_rules():
    from ent_audit.audits.judge import rules

    registered = {r.ref for r in rules("durable")}
    assert registered <= {c.rule for c in CRITERIA if c.rule}


def test_criterion_lookup():
    assert criterion("9.7").family == 9
    assert criterion("1.10").summary["fr"]
    with pytest.raises(KeyError, match="9.8"):
        criterion("9.8")


def test_site_score_arithmetic():
    # the weights (tests/audits/rgesn/test_score.py checks them against the official spreadsheet): 6.1, 6.2 and 5.1
    # are Recommandé (1.25), 6.3 Modéré (1); passes 3 × 1.25 = 3.75 of 3.75 + 1 = 4.75 → 0.789 (unweighted: 0.75)
    verdicts = {"6.1": "pass", "6.2": "pass", "6.3": "fail", "6.4": "na", "1.1": "manual", "1.2": "todo", "5.1": "pass"}
    score = site_score(verdicts)
    assert (score["conformes"], score["non_conformes"], score["non_applicables"], score["evaluated"]) == (3, 1, 1, 4)
    assert (score["points"], score["points_possible"], score["score"]) == (3.75, 4.75, 0.789)


def test_site_score_rounding_and_empty():
    assert site_score({"6.1": "pass", "6.2": "fail", "6.3": "fail"})["score"] == 0.357  # 1.25 / (1.25 + 1.25 + 1)
    assert site_score({"6.1": "pass", "6.2": "pass"})["score"] == 1.0
    assert site_score({"6.1": "na", "1.1": "manual"})["score"] is None
    assert site_score({"6.1": "na", "1.1": "manual"})["evaluated"] == 0
    assert site_score({})["score"] is None


def test_site_score_rejects_unknown_verdict_or_id():
    with pytest.raises(ValueError, match="maybe"):
        site_score({"6.1": "maybe"})
    with pytest.raises(KeyError):
        site_score({"RGESN-6.1": "pass"})
