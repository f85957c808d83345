"""Accessibility in the same load as the measurement, against the demo ENT's seeded defects and its clean page,
and against axe-core run directly on the same pages with the same options."""

from __future__ import annotations

import asyncio
import json
import os
from collections import Counter

import pytest

from ent_audit.crawler.auth import login
from ent_audit.crawler.capture.a11y_probe import AXE_PATH, AXE_TAGS
from ent_audit.crawler.config import AuthConfig, Config
from ent_audit.crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from ent_audit.demo_ent.server import DemoENT
from tests.conftest import CREDENTIALS, login_config, run_cli

pytestmark = pytest.mark.browser
PAGES = ("/", "/vie-scolaire", "/accessibilite", "/workspace/workspace", "/calendar/calendar", "/timeline/timeline")


@pytest.fixture(scope="module")
def a11y_audit(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("a11y")
    with DemoENT().start() as ent:
        config = login_config(ent, tmp / "ent.toml")
        out = tmp / "out"
        done = run_cli(
            "audit",
            *(ent.base_url + p for p in PAGES),
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(tmp / "h.sqlite"),
            "--max-depth",
            "0",
            "--quiet",
            env=CREDENTIALS,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        direct = asyncio.run(axe_directly(ent))
        yield ent, results, direct, out


# axe-core's own API and default reporter, written here: the reference shares nothing with the crawler's wrapper
PLAIN_AXE_JS = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  rules: Object.fromEntries(axe.getRules(['RGAAv4']).filter(r => r.tags.includes('experimental'))
                              .map(r => [r.ruleId, {enabled: true}]))})"""


async def axe_directly(ent: DemoENT) -> dict[str, Counter]:
    """axe-core run by hand: plain Playwright, the same login, tags and experimental rules; nodes per rule."""
    from playwright.async_api import async_playwright

    config = Config(start_urls=[ent.base_url + "/"])
    config.auth = AuthConfig(
        strategy="cas", login_url=f"{ent.base_url}/cas/login", username_env="DEMO_USER", password_env="DEMO_PASSWORD"
    )
    os.environ.update(CREDENTIALS)
    session = await login(config, config.profiles_to_run()[0], "axe-direct")
    found = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        for path in PAGES:
            context = await browser.new_context(**session.context_kwargs(), viewport={"width": 1920, "height": 1080})
            page = await context.new_page()
            await page.goto(ent.base_url + path, wait_until="networkidle")
            await page.add_script_tag(path=str(AXE_PATH))  # axe-core as published, not our script
            result = await page.evaluate(PLAIN_AXE_JS, AXE_TAGS)
            found[path] = Counter({v["id"]: len(v["nodes"]) for v in result["violations"]})
            await context.close()
        await browser.close()
    return found


def by_path(results: dict, ent: DemoENT) -> dict[str, dict]:
    return {p["url"].replace(ent.base_url, "") or "/": p for p in results["pages"]}


def test_violation_counts_equal_axe_run_directly(a11y_audit):
    ent, results, direct, _ = a11y_audit
    pages = by_path(results, ent)
    for path in PAGES:
        ours = Counter({v["rule"]: v["nodes"] for v in pages[path]["accessibility"]["violations"]})
        assert ours == direct[path], path


def test_the_clean_page_has_no_violation(a11y_audit):
    ent, results, direct, _ = a11y_audit
    clean = by_path(results, ent)["/accessibilite"]
    assert clean["accessibility"]["violations"] == []
    rgaa = [f for f in clean["findings"] if f["ref"].startswith("RGAA-")]  # RGESN findings judge other things
    assert not [f for f in rgaa if f["verdict"] == "fail"], clean["findings"]


@pytest.mark.parametrize(
    "path, rule, criterion, kind",
    [
        ("/", "image-alt", "1.1", "violations"),
        ("/workspace/workspace", "label", "11.1", "violations"),
        ("/vie-scolaire", "button-name", "11.9", "violations"),
        ("/vie-scolaire", "color-contrast", "3.2", "violations"),
        ("/vie-scolaire", "frame-title", "2.1", "violations"),
        ("/calendar/calendar", "td-has-header", "5.7", "violations"),
        # axe 4.11 reports these two for review even when they fail; our own checks (below) give the verdict
        ("/vie-scolaire", "duplicate-id-aria", "8.2", "needs_review"),
        ("/vie-scolaire", "no-autoplay-audio", "4.10", "needs_review"),
    ],
)
def test_seeded_axe_defects_are_found_and_mapped(a11y_audit, path, rule, criterion, kind):
    ent, results, _, _ = a11y_audit
    found = {v["rule"]: v for v in by_path(results, ent)[path]["accessibility"][kind]}
    assert rule in found, sorted(found)
    assert criterion in found[rule]["rgaa"]


@pytest.mark.parametrize(
    "path, ref",
    [
        ("/vie-scolaire", "RGAA-10.11"),
        ("/vie-scolaire", "RGAA-12.7"),
        ("/vie-scolaire", "RGAA-10.1"),
        ("/timeline/timeline", "RGAA-9.1"),
        ("/vie-scolaire", "RGAA-8.2"),
        ("/vie-scolaire", "RGAA-4.10"),
    ],
)
def test_seeded_defects_beyond_axe(a11y_audit, path, ref):
    ent, results, _, _ = a11y_audit
    findings = {f["ref"]: f for f in by_path(results, ent)[path]["findings"]}
    assert findings[ref]["verdict"] == "fail", findings.get(ref)


def test_a_page_without_lang(tmp_path):
    """The blog post template has no lang attribute: axe's html-has-lang, RGAA 8.3."""
    with DemoENT().start() as ent:
        done = run_cli(
            "audit",
            ent.base_url + "/blog/post/1",
            "--config",
            str(login_config(ent, tmp_path / "e.toml")),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "h.sqlite"),
            "--max-depth",
            "0",
            "--quiet",
            "--lang",
            "en",
            env=CREDENTIALS,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        results = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
        (page,) = results["pages"]
        violations = {v["rule"]: v for v in page["accessibility"]["violations"]}
        assert "8.3" in violations["html-has-lang"]["rgaa"]
        report = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in report and "Inclusive" in report
        assert "&lt;html&gt; element must have a lang attribute" in report


def test_inclusif_section_in_the_report(a11y_audit):
    ent, results, _, out = a11y_audit
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Inclusif" in html and "non-conformité détectée" in html
    assert "Les images doivent avoir une alternative textuelle" in html  # axe's own French wording
    assert "à vérifier manuellement" in html and "aucune anomalie détectée par les tests automatiques" in html
    criteria = {c["id"]: c for c in results["summary"]["accessibility"]["criteria"]}
    assert len(criteria) == 106 and criteria["1.1"]["status"] == "fail"
    assert results["summary"]["accessibility"]["statement"]


def test_axe_is_bounded_and_a_timeout_marks_the_page_incomplete(tmp_path):
    with DemoENT().start() as ent:
        config = login_config(ent, tmp_path / "e.toml", extra="[capture]\naxe_timeout_s = 0.001\n")
        done = run_cli(
            "audit",
            ent.base_url + "/vie-scolaire",
            "--config",
            str(config),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "h.sqlite"),
            "--max-depth",
            "0",
            "--quiet",
            env=CREDENTIALS,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        (page,) = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))["pages"]
        assert page["accessibility"]["incomplete"] is True and page["accessibility"]["violations"] == []
        assert not page["error"] and page["transfer_bytes"] > 0  # the measurement itself is kept


def test_rgaa_tests_come_from_axes_own_tags(a11y_audit):
    ent, results, _, _ = a11y_audit
    image_alt = next(v for v in by_path(results, ent)["/"]["accessibility"]["violations"] if v["rule"] == "image-alt")
    assert "1.1.1" in image_alt["rgaa_tests"] and "1.1.1" in image_alt["wcag"]
    assert image_alt["targets"] and image_alt["snippets"][0].startswith("<img")
