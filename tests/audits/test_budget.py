"""Budgets (--budget FILE): judged on results.json-shaped dicts, bad files refused in one line, `ent-audit check`
on a stored run, and the demo audited with a budget it cannot hold (JUnit and Code Quality show it)."""

import json
import xml.etree.ElementTree as ET

import pytest

from ent_audit.audits.budget import Budget, evaluate, parse_budget, summary_line, unused_templates
from ent_audit.audits.metrics import ecoindex
from ent_audit.audits.model import PageCapture, RequestRecord
from ent_audit.crawler.commands import main
from ent_audit.reports.formats.code_quality import code_quality
from ent_audit.reports.formats.junit_xml import junit_xml
from ent_audit.reports.results import build_results
from ent_audit.reports.store import Store
from tests.conftest import run_cli

SITE = "https://ent.example.fr"


def page(url="/accueil", **overrides):
    """A page as results.json holds it: 200 kB, 20 requests, EcoIndex 60, axe ran (one critical, two serious)."""
    data = {
        "url": SITE + url,
        "profile": "élève",
        "template": url,
        "status": 200,
        "error": "",
        "transfer_bytes": 200_000,
        "requests": 20,
        "ecoindex": {"score": 60, "grade": "C"},
        "accessibility": {
            "engine": "axe-core 4.11.4",
            "incomplete": False,
            "violations": [
                {"rule": "image-alt", "impact": "critical", "nodes": 7},
                {"rule": "color-contrast", "impact": "serious", "nodes": 3},
                {"rule": "label", "impact": "serious", "nodes": 1},
                {"rule": "region", "impact": "moderate", "nodes": 9},
            ],
        },
    }
    data.update(overrides)
    return data


def judge(limits, *pages, previous=None, note=""):
    return evaluate(parse_budget({"budget": limits}, "b.toml"), {"pages": list(pages)}, previous, note)


# Each key both ways, the limit itself holding: (key, limit that holds, limit that breaks, measured value).
BOTH_WAYS = [
    ("max_page_kb", 200, 199.9, 200.0),
    ("max_requests", 20, 19, 20.0),
    ("min_ecoindex", 60, 61, 60.0),
    ("max_violations_critical", 1, 0, 1.0),
    ("max_violations_serious", 2, 1, 2.0),
]


@pytest.mark.parametrize("key, holds, breaks, measured", BOTH_WAYS)
def test_each_key_holds_at_its_limit_and_breaks_past_it(key, holds, breaks, measured):
    [ok] = judge({key: holds}, page())
    assert (ok.name, ok.passed, ok.actual, ok.limit, ok.page) == (key, True, measured, holds, SITE + "/accueil")
    [broken] = judge({key: breaks}, page())
    assert broken.passed is False and broken.broken and broken.actual == measured
    assert broken.describe().startswith(f"{key}: ")
    assert (">" if key.startswith("max_") else "<") in broken.describe()


def test_regression_against_the_same_url_of_the_previous_run():
    previous = {
        "pages": [
            page(transfer_bytes=160_000),
            page("/notes", transfer_bytes=100_000),
            page("/cahier", transfer_bytes=50_000, status=500),
        ]
    }
    now = [page(), page("/notes", transfer_bytes=90_000), page("/nouvelle"), page("/cahier")]
    checks = {c.page: c for c in judge({"max_regression_pct": 20}, *now, previous=previous)}
    grew = checks[SITE + "/accueil"]  # 160 kB → 200 kB: +25 %
    assert grew.passed is False and grew.actual == 25.0 and "+25 %" in grew.describe()
    assert checks[SITE + "/notes"].passed is True and checks[SITE + "/notes"].actual == -10.0
    assert checks[SITE + "/nouvelle"].passed is None and "not in the previous run" in checks[SITE + "/nouvelle"].skipped
    assert checks[SITE + "/cahier"].passed is None and "not measured" in checks[SITE + "/cahier"].skipped
    [holds] = judge({"max_regression_pct": 25}, page(), previous=previous)  # exactly the limit: holds
    assert holds.passed is True
    # Another profile's page at the same URL is not "the same page".
    [other] = judge({"max_regression_pct": 20}, page(profile="parent"), previous=previous)
    assert other.passed is None
    [first] = judge({"max_regression_pct": 20}, page(), note="no earlier finished run")
    assert first.passed is None and first.skipped == "no earlier finished run"


def test_per_template_override_with_or_without_the_profile():
    budget = parse_budget(
        {
            "budget": {
                "max_page_kb": 100,
                "max_requests": 25,
                "templates": {
                    "/blog/post/{id}": {"max_page_kb": 300},
                    "parent · /blog/post/{id}": {"max_page_kb": 150},
                },
            }
        },
        "b.toml",
    )
    pages = [
        page("/blog/post/1", template="/blog/post/{id}"),
        page("/blog/post/2", template="élève · /blog/post/{id}"),  # as the crawl's template list writes it
        page("/blog/post/3", template="/blog/post/{id}", profile="parent"),
        page("/accueil"),
    ]
    checks = evaluate(budget, {"pages": pages})
    weight = {c.page.rsplit("/", 1)[1]: c for c in checks if c.name == "max_page_kb"}
    assert (weight["1"].limit, weight["1"].passed, weight["1"].template) == (300, True, "/blog/post/{id}")
    assert (weight["2"].limit, weight["2"].passed) == (300, True)
    assert (weight["3"].limit, weight["3"].passed, weight["3"].template) == (150, False, "parent · /blog/post/{id}")
    assert (weight["accueil"].limit, weight["accueil"].passed, weight["accueil"].template) == (100, False, "")
    # A key the override leaves out keeps [budget]'s limit, and says so (no template named).
    requests = [c for c in checks if c.name == "max_requests"]
    assert len(requests) == 4 and all(c.limit == 25 and c.template == "" for c in requests)
    assert len(checks) == 8  # one check per page and key set
    assert unused_templates(budget, {"pages": pages[-1:]}) == ["/blog/post/{id}", "parent · /blog/post/{id}"]
    assert unused_templates(budget, {"pages": pages}) == []


def test_pages_in_error_and_unmeasured_facts_are_not_judged_and_say_why():
    limits = {"max_page_kb": 1, "min_ecoindex": 90, "max_violations_critical": 0}
    checks = judge(
        limits,
        page("/erreur", status=500),
        page("/lent", error="Timeout 30000ms exceeded"),
        page("/doc.pdf", ecoindex=None),
        page("/gros", accessibility={"engine": "axe-core 4.11.4", "incomplete": True, "violations": []}),
        page("/sans-axe", accessibility={}),
    )
    by = {(c.page.rsplit("/", 1)[1], c.name): c for c in checks}
    assert all(by[("erreur", k)].passed is None and "HTTP 500" in by[("erreur", k)].skipped for k in limits)
    assert all("Timeout" in by[("lent", k)].skipped for k in limits)
    assert by[("doc.pdf", "min_ecoindex")].passed is None and "EcoIndex" in by[("doc.pdf", "min_ecoindex")].skipped
    assert by[("doc.pdf", "max_page_kb")].passed is False  # what can be judged still is
    assert "did not finish" in by[("gros", "max_violations_critical")].skipped
    assert "not tested" in by[("sans-axe", "max_violations_critical")].skipped
    assert summary_line(checks, "b.toml") == "budget b.toml: 6 of 6 checks broken on 3 pages; 9 not judged"
    assert summary_line(judge({"max_requests": 50}, page()), "b.toml") == "budget b.toml: all 1 checks hold"


# -- bad budget files -------------------------------------------------------------------------------------

BAD_FILES = [
    ("[budget]\nmax_kb = 3\n", "unknown key 'max_kb'"),
    ('[budget]\nmax_page_kb = "1 Mo"\n', "'max_page_kb' must be a number"),
    ("[budget]\nmax_requests = 30.5\n", "'max_requests' must be a whole number"),
    ("[budget]\nmax_violations_critical = true\n", "'max_violations_critical' must be a whole number"),
    ("[budget]\nmax_requests = -3\n", "'max_requests' must be 0 or more"),
    ("[budget]\nmin_ecoindex = 150\n", "'min_ecoindex' is an EcoIndex score from 0 to 100"),
    ("[budget]\nmax_page_kb = 1000\nmax_page_kb = 2\n", "is not valid TOML"),
    ("[budget\nmax_page_kb = 1000\n", "is not valid TOML"),
    ("max_page_kb = 1000\n", "unknown key 'max_page_kb'"),
    ("[durable]\nmax_page_kb = 1000\n", "unknown key 'durable'"),
    ("[budget]\n", "no limit set"),
    ('[budget.templates."/blog/{id}"]\nmax_pages = 2\n', "[budget.templates.\"/blog/{id}\"]: unknown key 'max_pages'"),
    ("[budget]\ntemplates = 3\n", "'templates' must hold tables"),
    ('[budget.templates]\n"/blog/{id}" = 3\n', "must be a table of limits"),
]


def one_line_exit_2(capsys, argv):
    code = main([*argv, "--lang", "en"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, (code, err)
    return lines[0]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_bad_budget_file_is_one_line_and_exit_2_before_any_crawl(tmp_path, capsys, text, message):
    budget = tmp_path / "budget.toml"
    budget.write_text(text, encoding="utf-8")
    db = str(tmp_path / "h.sqlite")
    # audit: refused before anything else (the URL is unreachable: that error would come next)
    line = one_line_exit_2(
        capsys, ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o"), "--db", db, "--budget", str(budget)]
    )
    assert message in line and str(budget) in line and "cannot reach" not in line
    # demo: the demo ENT is not even started (its address line would be printed)
    line = one_line_exit_2(capsys, ["demo", "--out", str(tmp_path / "o"), "--db", db, "--budget", str(budget)])
    assert message in line and "démonstration" not in line
    # check: refused before the store is read (it does not exist)
    line = one_line_exit_2(capsys, ["check", "--latest", "--db", db, "--budget", str(budget)])
    assert message in line
    assert not (tmp_path / "o").exists()


def test_missing_budget_file_and_keep_1_with_regression(tmp_path, capsys):
    line = one_line_exit_2(
        capsys,
        ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o"), "--budget", str(tmp_path / "absent.toml")],
    )
    assert "not found" in line and "absent.toml" in line
    budget = tmp_path / "b.toml"
    budget.write_text("[budget]\nmax_regression_pct = 10\n", encoding="utf-8")
    line = one_line_exit_2(
        capsys, ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o"), "--budget", str(budget), "--keep", "1"]
    )
    assert "--keep 2 or more" in line


# -- `ent-audit check` on a stored run ----------------------------------------------------------------------


def capture(path, size, status=200, profile="élève"):
    url = SITE + path
    return PageCapture(
        url=url,
        final_url=url,
        status=status,
        mime="text/html",
        title=path,
        template=path,
        profile=profile,
        dom_elements=400,
        requests=[
            RequestRecord(url=url, resource_type="document", status=status, mime="text/html", transfer_bytes=size // 2),
            RequestRecord(url=SITE + "/app.js", resource_type="script", status=200, transfer_bytes=size - size // 2),
        ],
    )


def store_run(store, sizes, site="Collège Exemple", profile="élève"):
    run_id = store.start_run(start_urls=[SITE + "/"], tool_version="0.1.0", site=site, profile=profile, settings={})
    for path, size in sizes.items():
        status = 500 if path == "/erreur" else 200
        cap = capture(path, size, status)
        eco = (
            ecoindex.compute(cap.dom_elements, cap.request_count, cap.transfer_bytes).to_dict()
            if status == 200
            else None
        )
        store.save_page(run_id, cap, eco)
    store.finish_run(run_id, status="finished", stats={})
    return run_id


@pytest.fixture
def history(tmp_path):
    """Two finished runs of the same site and profile: the home page grew from 200 kB to 300 kB (+50 %)."""
    db = tmp_path / "history.sqlite"
    with Store(db) as store:
        first = store_run(store, {"/accueil": 200_000, "/notes": 100_000})
        store_run(store, {"/accueil": 250_000}, site="Autre collège")  # another site: never "the previous run"
        second = store_run(store, {"/accueil": 300_000, "/notes": 100_000, "/erreur": 5_000})
    return db, first, second


def write_budget(tmp_path, text):
    path = tmp_path / "budget.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_check_exit_1_when_a_budget_is_exceeded_0_when_all_hold(history, tmp_path, capsys):
    db, first, second = history
    budget = write_budget(tmp_path, "[budget]\nmax_page_kb = 250\nmax_regression_pct = 20\n")
    assert main(["--lang", "en", "check", "--latest", "--db", str(db), "--budget", budget]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"run {second}"
    broken = [line for line in out if line.startswith(SITE)]
    assert broken == [
        f"{SITE}/accueil: max_page_kb: 300 kB > 250 kB",
        f"{SITE}/accueil: max_regression_pct: weight +50 % since the previous run > 20 %",
    ]
    assert out[-1] == f"budget {budget}: 2 of 4 checks broken on 1 page; 2 not judged"
    assert any("page in error (HTTP 500)" in line for line in out)

    loose = write_budget(tmp_path, "[budget]\nmax_page_kb = 300\nmax_regression_pct = 50\n")
    assert main(["--lang", "en", "check", "--run", second, "--db", str(db), "--budget", loose]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"budget {loose}: all 4 checks hold; 2 not judged"
    # The first run has no earlier run: its regression checks are not judged, the weight ones are.
    assert main(["--lang", "en", "check", "--run", first, "--db", str(db), "--budget", budget]) == 0
    out = capsys.readouterr().out
    assert "not judged (2 checks): no earlier finished run of this site and profile" in out


def test_check_unknown_run_or_store_is_a_usage_error(history, tmp_path, capsys):
    db, _, _ = history
    budget = write_budget(tmp_path, "[budget]\nmax_page_kb = 250\n")
    assert "no run nope in" in one_line_exit_2(capsys, ["check", "--run", "nope", "--db", str(db), "--budget", budget])
    assert "not found" in one_line_exit_2(
        capsys, ["check", "--latest", "--db", str(tmp_path / "none.sqlite"), "--budget", budget]
    )


def test_exports_show_each_budget_check_only_when_a_budget_is_given(history, tmp_path):
    db, _, second = history
    with Store(db) as store:
        results = build_results(store, second)
    checks = evaluate(Budget("b.toml", {"max_page_kb": 250.0, "max_requests": 10.0}), results)
    plain = junit_xml(results)
    assert "budget max_" not in plain and "skipped" not in plain
    assert junit_xml(results, None) == plain and junit_xml(results, []) == plain
    assert code_quality(results, None) == code_quality(results)

    root = ET.fromstring(junit_xml(results, checks).split("\n", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    home = {c.get("name"): c for c in suites[f"{SITE}/accueil"].iter("testcase")}
    assert home["budget max_page_kb <= 250"].find("failure").get("message") == "max_page_kb: 300 kB > 250 kB"
    assert home["budget max_requests <= 10"].find("failure") is None
    notes = {c.get("name"): c for c in suites[f"{SITE}/notes"].iter("testcase")}
    assert notes["budget max_page_kb <= 250"].find("failure") is None
    error = {c.get("name"): c for c in suites[f"{SITE}/erreur"].iter("testcase")}
    assert "page in error" in error["budget max_page_kb <= 250"].find("skipped").get("message")
    assert suites[f"{SITE}/erreur"].get("skipped") == "2"
    before = json.loads(json.dumps(code_quality(results)))
    issues = code_quality(results, checks)
    added = issues[len(before) :]
    assert issues[: len(before)] == before
    assert [(i["check_name"], i["location"]["path"]) for i in added] == [("budget-max_page_kb", f"{SITE}/accueil")]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# -- end to end: the demo with a budget it cannot hold ------------------------------------------------------


@pytest.mark.browser
def test_demo_with_a_tiny_budget_exits_1_and_junit_shows_the_failing_budget(tmp_path):
    budget = write_budget(tmp_path, "[budget]\nmax_page_kb = 10\nmax_requests = 1000\n")
    out, db = tmp_path / "out", tmp_path / "history.sqlite"
    done = run_cli(
        "demo",
        "--out",
        str(out),
        "--db",
        str(db),
        "--max-pages",
        "3",
        "--sample-pages",
        "0",
        "--lighthouse",
        "0",
        "--quiet",
        "--budget",
        budget,
        "--lang",
        "en",
    )
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))  # outputs still written
    assert (out / "report.html").exists() and done.stdout.strip() == str(out / "report.html")
    assert "budget max_" not in (out / "results.json").read_text(encoding="utf-8")  # results.json unchanged
    loaded = [p for p in results["pages"] if not p["error"] and 200 <= p["status"] < 400]
    assert loaded and all(p["transfer_bytes"] > 10_000 for p in loaded)
    assert f"checks broken on {len(loaded)} page" in done.stderr
    root = ET.parse(out / "junit.xml").getroot()
    for p in loaded:
        [suite] = [s for s in root.iter("testsuite") if s.get("name") == p["url"]]
        cases = {c.get("name"): c for c in suite.iter("testcase")}
        failure = cases["budget max_page_kb <= 10"].find("failure")
        assert failure is not None and f"{p['transfer_bytes'] / 1000:.1f} kB > 10 kB" in failure.get("message")
        assert cases["budget max_requests <= 1000"].find("failure") is None
        assert int(suite.get("failures")) == sum(1 for c in suite.iter("testcase") if c.find("failure") is not None)
    issues = json.loads((out / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert sorted(i["location"]["path"] for i in issues if i["check_name"] == "budget-max_page_kb") == sorted(
        p["url"] for p in loaded
    )
    # The stored run judged again by `ent-audit check` agrees.
    again = run_cli("check", "--latest", "--db", str(db), "--budget", budget)
    assert again.returncode == 1 and again.stdout.count("max_page_kb:") == len(loaded)
