"""EcoIndex against the published test vectors (reference/domain.md §6)."""

import pytest

from ent_audit.audits.metrics import ecoindex


@pytest.mark.parametrize(
    "dom, req, size_kb, score, grade, ghg, water",
    [
        (100, 100, 100, 72, "B", 1.56, 2.34),
        (6, 3, 2.511, 97, "A", 1.06, 1.59),
        (100, 100, 1000, 67, "C", 1.66, 2.49),
        (100, 100, 10000, 58, "C", 1.84, 2.76),
        (200, 200, 10000, 46, "D", 2.08, 3.12),
        (2355, 267, 2493, 10, "G", 2.80, 4.20),
        (240, 20, 331, 83, "A", 1.34, 2.01),
        (2240, 100, 310182.902, 16, "F", 2.68, 4.02),
    ],
)
def test_published_vectors(dom, req, size_kb, score, grade, ghg, water):
    result = ecoindex.compute(dom, req, round(size_kb * 1000))
    assert (result.score, result.grade, result.ghg_g, result.water_cl) == (score, grade, ghg, water)


def test_quantile_vectors():
    assert ecoindex.quantile(ecoindex.QUANTILES_SIZE_KB, 2500) == pytest.approx(14.086372025739513, abs=1e-12)
    assert ecoindex.quantile(ecoindex.QUANTILES_DOM, 150) == pytest.approx(2.892857142857143, abs=1e-12)
    assert ecoindex.quantile(ecoindex.QUANTILES_REQ, 23) == pytest.approx(2.8, abs=1e-12)
    assert ecoindex.quantile(ecoindex.QUANTILES_SIZE_KB, 310182.902) == 20


def test_saturation_above_last_bound():
    assert ecoindex.quantile(ecoindex.QUANTILES_DOM, 594601) == 20
    assert ecoindex.quantile(ecoindex.QUANTILES_DOM, 10**9) == 20
    assert ecoindex.compute(10**7, 10**6, 10**12).score == 0
    assert ecoindex.compute(10**7, 10**6, 10**12).grade == "G"


def test_quantile_at_a_bound_starts_the_next_interval():
    assert ecoindex.quantile(ecoindex.QUANTILES_REQ, 2) == 1.0
    assert ecoindex.quantile(ecoindex.QUANTILES_REQ, 0) == 0.0


@pytest.mark.parametrize(
    "value, expected",
    [
        (100, "A"),
        (81, "A"),
        (80, "B"),
        (71, "B"),
        (70, "C"),
        (56, "C"),
        (55, "D"),
        (50.2, "D"),
        (41, "D"),
        (40, "E"),
        (26, "E"),
        (25, "F"),
        (11, "F"),
        (10, "G"),
        (0, "G"),
    ],
)
def test_grade_thresholds_are_strict(value, expected):
    assert ecoindex.grade(value) == expected


def test_rounding_is_half_to_even_like_the_reference():
    # 100 - 5*x/6 = 72.5 exactly when 3*q_dom + 2*q_req + q_size = 33: q_dom = 11 (dom 674) and q_req = 0, q_size = 0.
    assert ecoindex.score(674, 0, 0) == 72  # Python round(72.5) == 72, where JavaScript's Math.round gives 73
