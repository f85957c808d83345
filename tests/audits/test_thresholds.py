"""--fail-on thresholds: the parser, and each threshold judged both ways on the golden demo run's results (27 pages,
7 critical and 30 serious axe violations, 37 violations on 25 pages; graded A but the class pages: album B, homework
table D, class feed F, the feed also the heaviest, 5,355,831 bytes with 109 requests; none in error) and on documents
changed from it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from ent_audit.audits.thresholds import FORMS, Threshold, ThresholdError, judge, parse

GOLDEN = json.loads((Path(__file__).parents[1] / "golden" / "demo" / "results.json").read_text(encoding="utf-8"))
FEED = "http://127.0.0.1:41313/classe/fil"  # the heaviest page, the one with the most requests, the only F


def verdict(spec: str, results: dict = GOLDEN) -> tuple[bool, str]:
    (judged,) = judge(parse(spec), results)
    return judged.failed, judged.line()


def changed(change) -> dict:
    results = copy.deepcopy(GOLDEN)
    change(results)
    return results


# -- the parser ------------------------------------------------------------------------------------------------------


def test_conditions_are_comma_separated_and_read_in_every_form():
    assert parse("a11y-critical=0, a11y>3,requests>30,weight>2MB,weight=1.5MiB,errors=0,ecoindex<c,session-lost") == [
        Threshold("a11y-critical", 0, "a11y-critical=0"),
        Threshold("a11y", 3, "a11y>3"),
        Threshold("requests", 30, "requests>30"),
        Threshold("weight", 2_000_000, "weight>2MB"),
        Threshold("weight", round(1.5 * 1024**2), "weight=1.5MiB"),
        Threshold("errors", 0, "errors=0"),
        Threshold("ecoindex", "C", "ecoindex<C"),
        Threshold("session-lost", None, "session-lost"),
    ]


@pytest.mark.parametrize(
    ("size", "limit"), [("800000", 800_000), ("500kB", 500_000), ("500 KB", 500_000), ("1GB", 10**9), ("2KiB", 2048)]
)
def test_sizes_are_bytes_kilo_mega_giga_of_1000_or_1024(size, limit):
    assert parse(f"weight>{size}") == [Threshold("weight", limit, f"weight>{size}")]


@pytest.mark.parametrize(
    ("spec", "token", "why"),
    [
        ("a11y-critical=0,bogus=1", "bogus=1", "unknown name 'bogus'"),
        ("a11y-critical<1", "a11y-critical<1", "takes =N or >N"),
        ("requests>1.5", "requests>1.5", "'1.5' is not a whole number"),
        ("errors>-1", "errors>-1", "'-1' is not a whole number"),
        ("errors>²", "errors>²", "'²' is not a whole number"),
        ("ecoindex<H", "ecoindex<H", "'H' is not a grade A to G"),
        ("ecoindex=C", "ecoindex=C", "ecoindex takes a grade"),
        ("weight>2XB", "weight>2XB", "is not a size"),
        ("weight>", "weight>", "is not a size"),
        ("session-lost=1", "session-lost=1", "takes no value"),
        ("a11y=0,", "", "empty"),
        ("a11y critical", "a11y critical", "not NAME"),
    ],
)
def test_a_bad_condition_is_named_with_the_accepted_forms(spec, token, why):
    with pytest.raises(ThresholdError) as error:
        parse(spec)
    message = str(error.value)
    assert message.startswith(f"bad condition '{token}' (") and why in message and message.endswith(FORMS)
    assert "\n" not in message


# -- judged both ways ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        ("a11y-critical=6", "--fail-on a11y-critical=6: 7 critical axe violations on 7 pages, more than 6"),
        ("a11y-serious>29", "--fail-on a11y-serious>29: 30 serious axe violations on 25 pages, more than 29"),
        ("a11y=36", "--fail-on a11y=36: 37 axe violations on 25 pages, more than 36"),
        ("requests>108", f"--fail-on requests>108: 1 page over 108 requests, the most 109 ({FEED})"),
        ("weight>5MB", f"--fail-on weight>5MB: 1 page over 5.00 MB on the wire, the most 5.36 MB ({FEED})"),
        ("weight>1.5MB", f"--fail-on weight>1.5MB: 3 pages over 1.50 MB on the wire, the most 5.36 MB ({FEED})"),
        ("ecoindex<E", f"--fail-on ecoindex<E: 1 page graded worse than E, the worst F ({FEED})"),
        ("ecoindex<C", f"--fail-on ecoindex<C: 2 pages graded worse than C, the worst F ({FEED})"),  # D and F
    ],
)
def test_a_threshold_just_below_the_measure_fails_with_the_measure_in_its_line(spec, line):
    assert verdict(spec) == (True, line)


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        (
            "a11y-critical=7",
            "--fail-on a11y-critical=7: 7 critical axe violations on the 27 pages tested, not more than 7",
        ),
        ("a11y-minor=0", "--fail-on a11y-minor=0: 0 minor axe violations on the 27 pages tested, not more than 0"),
        ("a11y=37", "--fail-on a11y=37: 37 axe violations on the 27 pages tested, not more than 37"),
        ("requests=109", "--fail-on requests=109: at most 109 requests a page, not more than 109"),
        ("weight>5355831", "--fail-on weight>5355831: at most 5.36 MB on the wire a page, not more than 5.36 MB"),
        ("errors=0", "--fail-on errors=0: 0 pages in error of 27, not more than 0"),
        ("ecoindex<F", "--fail-on ecoindex<F: every page graded F or better, none worse than F"),
        ("session-lost", "--fail-on session-lost: no session lost"),
    ],
)
def test_a_threshold_at_the_measure_passes(spec, line):
    assert verdict(spec) == (False, line)


def test_ecoindex_judges_every_page_not_the_mean():
    def one_page_graded_e(results):
        for page in results["pages"]:  # the class pages graded A, then one other page E
            page["ecoindex"]["grade"] = "A"
        results["pages"][3]["ecoindex"]["grade"] = "E"

    results = changed(one_page_graded_e)
    url = results["pages"][3]["url"]
    assert verdict("ecoindex<E", results)[0] is False
    assert verdict("ecoindex<D", results) == (
        True,
        f"--fail-on ecoindex<D: 1 page graded worse than D, the worst E ({url})",
    )
    assert verdict("ecoindex<C", results)[0] is True  # C fails on D to G


def test_pages_in_error_count_for_errors_and_are_not_weighed():
    def class_pages_in_error(results):
        for page in results["pages"]:
            if "/classe/" in page["url"]:  # the three pages graded below A: the heaviest, with the most requests
                page.update(loaded=False, error="net::ERR_CONNECTION_RESET")

    results = changed(class_pages_in_error)
    assert verdict("errors>2", results) == (True, "--fail-on errors>2: 3 pages in error of 27, more than 2")
    assert verdict("errors>3", results)[0] is False
    assert verdict("weight>1.6MB", results)[0] is False and verdict("requests>10", results)[0] is False
    assert verdict("ecoindex<A", results)[0] is False


def test_session_lost_names_the_profile():
    def lost(results):
        results["safety"]["session_lost"] = [{"profile": "élève", "allow_line": 'allow = ["PUT /api/session/"]'}]

    failed, line = verdict("session-lost", changed(lost))
    assert failed and line.startswith("--fail-on session-lost: the session of élève was lost after a blocked write")


# -- never a pass on what was not measured ---------------------------------------------------------------------------


def test_an_accessibility_threshold_fails_when_accessibility_was_not_tested():
    def no_axe(results):
        results["run"]["accessibility"] = {"tested": False, "reason": "turned off (--no-axe): not tested"}
        for page in results["pages"]:
            page["accessibility"] = {"violations": []}

    results = changed(no_axe)
    for spec in ("a11y-critical=0", "a11y=1000"):
        assert verdict(spec, results) == (True, f"--fail-on {spec}: not measured: turned off (--no-axe): not tested")
    assert verdict("weight>6MB", results)[0] is False  # the other thresholds are judged as usual


def test_an_accessibility_threshold_fails_when_axe_did_not_finish_on_a_page():
    def incomplete(results):
        results["pages"][5]["accessibility"]["incomplete"] = True
        results["pages"][6]["accessibility"] = {"violations": []}  # axe never ran there

    failed, line = verdict("a11y=1000", changed(incomplete))
    assert failed and "accessibility was not measured on 2 pages of 27 loaded" in line, line
    assert verdict("a11y=10", changed(incomplete)) == (
        True,
        "--fail-on a11y=10: 34 axe violations on 23 pages, more than 10",  # on the 25 pages measured
    )


def test_page_thresholds_fail_when_no_page_loaded():
    def all_in_error(results):
        for page in results["pages"]:
            page.update(loaded=False, error="net::ERR_CONNECTION_REFUSED")

    results = changed(all_in_error)
    for spec in ("weight>2MB", "requests>100", "ecoindex<G", "a11y=1000"):
        assert verdict(spec, results) == (True, f"--fail-on {spec}: not measured: no page loaded")


def test_a_loaded_page_ecoindex_did_not_score_fails_an_ecoindex_threshold():
    def unscored(results):
        results["pages"][2]["ecoindex"] = None

    assert verdict("ecoindex<G", changed(unscored)) == (
        True,
        "--fail-on ecoindex<G: not measured: EcoIndex did not score 1 page loaded",
    )


def test_thresholds_are_judged_in_the_order_given():
    judged = judge(parse("a11y-critical=0,weight>6MB") + parse("errors=0"), GOLDEN)
    assert [(v.threshold.spec, v.failed) for v in judged] == [
        ("a11y-critical=0", True),
        ("weight>6MB", False),
        ("errors=0", False),
    ]
