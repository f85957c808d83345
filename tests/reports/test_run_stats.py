"""results.json run.stats from the crawl's statistics: measured or null, never 0 for what was not measured."""

from __future__ import annotations

from ent_audit.reports.results import run_stats


def test_pages_a_minute_and_cpu_a_page():
    stats = {"ent_audit/pages": 30, "ent_audit/crawl_s": 45.0, "ent_audit/cpu_s": 51.3}
    assert run_stats(stats) == {
        "pages": 30,
        "crawl_s": 45.0,
        "pages_per_min": 40.0,  # 30 pages in 45 s
        "cpu_s": 51.3,
        "cpu_s_per_page": 1.71,  # 51.3 / 30
    }


def test_not_measured_is_null():
    assert run_stats({}) is None  # a run stored before run.stats existed, or a distributed run
    assert run_stats({"ent_audit/pages": 3}) is None
    no_proc = run_stats({"ent_audit/pages": 3, "ent_audit/crawl_s": 6.0})
    assert no_proc is not None and no_proc["cpu_s"] is None and no_proc["cpu_s_per_page"] is None
    assert no_proc["pages_per_min"] == 30.0
    nothing_loaded = run_stats({"ent_audit/pages": 0, "ent_audit/crawl_s": 2.0, "ent_audit/cpu_s": 1.0})
    assert nothing_loaded is not None and nothing_loaded["cpu_s_per_page"] is None
