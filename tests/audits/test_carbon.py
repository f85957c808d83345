"""SWD v4 carbon (CO2.js constants) and the two-model carbon block of results.json, on hand-computed vectors."""

import pytest

from ent_audit.audits.metrics import carbon
from ent_audit.audits.model import PageCapture
from ent_audit.reports.results import build_results, validate_results
from ent_audit.reports.store import Store
from tests.reports.test_report import SITE, scored, three_pages


def test_constants_sum_to_the_published_totals():
    assert sum(carbon.OPERATIONAL_KWH_PER_GB.values()) == pytest.approx(0.194)
    assert sum(carbon.EMBODIED_KWH_PER_GB.values()) == pytest.approx(0.106)  # total 0.300 kWh/GB


@pytest.mark.parametrize(
    "size, grid, green, expected",
    [
        # 1 GB, global grid: 0.194 × 494 = 95.836 operational + 0.106 × 494 = 52.364 embodied = 148.2 g (co2.js#211)
        (10**9, 494, False, 148.2),
        # 1 GB, France (44.18): 0.194 × 44.18 = 8.57092 + embodied always at 494: 52.364 → 60.93492 g
        (10**9, carbon.FRANCE_GRID_INTENSITY, False, 60.93492),
        # 1 GB green-hosted, global: data centre operational dropped: (0.059 + 0.080) × 494 = 68.666 + 52.364 = 121.03
        (10**9, 494, True, 121.03),
        # 2 MB, global: 0.002 GB × 148.2 = 0.2964 g
        (2_000_000, 494, False, 0.2964),
        # 0 bytes: 0 g
        (0, 494, False, 0.0),
    ],
)
def test_swd_v4_per_view(size, grid, green, expected):
    assert carbon.swd_v4_g(size, grid, green) == pytest.approx(expected)


def test_embodied_ignores_the_grid_parameter():
    # 1 GB at 0 g/kWh: operational 0, embodied 0.106 × 494 = 52.364
    estimate = carbon.swd_v4(10**9, 0)
    assert estimate.operational_g == 0 and estimate.embodied_g == pytest.approx(52.364)


@pytest.mark.parametrize(
    "grams, letter",
    [
        (0.040, "A+"),
        (0.0741, "A"),  # 500 kB global: 0.0005 × 148.2 = 0.0741
        (0.145, "B"),
        (0.2, "C"),
        (0.2964, "E"),  # 2 MB global: 0.2964 ∈ (0.278, 0.359]
        (0.36, "F"),
    ],
)
def test_swd_rating(grams, letter):
    assert carbon.swd_rating(grams) == letter


def test_per_1000_visits_two_models_side_by_side():
    pages = [(2.5, 3.75, 1_000_000), (2.1, 3.15, 500_000)]
    # EcoIndex: mean GHG (2.5 + 2.1) / 2 = 2.3 g → 2300 g; water (3.75 + 3.15) / 2 = 3.45 cl → 3450 cl
    # SWD v4 global: 1 MB → 0.1482 g, 500 kB → 0.0741 g; mean 0.11115 g → 111.15 g per 1000 visits
    assert carbon.per_1000_visits(pages) == {
        "ecoindex": {"ghg_g_per_1000_visits": 2300.0, "water_cl_per_1000_visits": 3450.0},
        "swd_v4": {"grid_g_per_kwh": 494.0, "g_per_1000_visits": 111.15},
    }
    # France: 1 MB → 0.001 × 60.93492 = 0.06093492, 500 kB → 0.03046746; mean 0.04570119 → 45.701
    assert carbon.per_1000_visits(pages, carbon.FRANCE_GRID_INTENSITY)["swd_v4"] == {
        "grid_g_per_kwh": 44.18,
        "g_per_1000_visits": 45.701,
    }


def test_per_1000_visits_without_scored_pages():
    assert carbon.per_1000_visits([]) == {
        "ecoindex": {"ghg_g_per_1000_visits": None, "water_cl_per_1000_visits": None},
        "swd_v4": {"grid_g_per_kwh": 494.0, "g_per_1000_visits": None},
    }


def _results(tmp_path, settings, captures):
    with Store(tmp_path / "history.sqlite") as store:
        run_id = store.start_run(
            start_urls=[f"{SITE}/"], tool_version="0.1.0", site="demo", profile="élève", settings=settings
        )
        for capture in captures:
            store.save_page(run_id, capture, scored(capture).to_dict() if capture.status == 200 else None, [])
        store.finish_run(run_id, status="finished", stats={})
        return build_results(store, run_id)


def test_summary_carbon_in_results_json(tmp_path):
    results = _results(tmp_path, {}, three_pages())
    validate_results(results)
    home, cahier, _broken = three_pages()
    eco_home, eco_cahier = scored(home), scored(cahier)
    block = results["summary"]["carbon"]
    # scored pages only (the HTTP 500 page is left out): home 1 000 000 bytes → 0.1482 g, cahier 230 000 bytes →
    # 0.00023 × 148.2 = 0.034086 g; mean 0.091143 g → 91.143 g per 1000 visits
    assert block["swd_v4"] == {"grid_g_per_kwh": 494.0, "g_per_1000_visits": 91.143}
    assert block["ecoindex"]["ghg_g_per_1000_visits"] == pytest.approx(1000 * (eco_home.ghg_g + eco_cahier.ghg_g) / 2)
    assert block["ecoindex"]["water_cl_per_1000_visits"] == pytest.approx(
        1000 * (eco_home.water_cl + eco_cahier.water_cl) / 2
    )


def test_summary_carbon_grid_from_run_settings_and_no_scored_page(tmp_path):
    broken = PageCapture(url=f"{SITE}/x", status=500)
    results = _results(tmp_path, {"grid_g_per_kwh": 44.18}, [broken])
    validate_results(results)
    assert results["summary"]["carbon"]["swd_v4"] == {"grid_g_per_kwh": 44.18, "g_per_1000_visits": None}
