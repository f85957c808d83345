"""Our axe-core reporter (crawler/capture/a11y_probe.py) against axe-core's own default reporter, on one page with
many failing nodes: the same rules, impacts, tags, help, node counts, and for the nodes kept, the same selectors and
snippets. Only the work is different (selectors of the kept nodes only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ent_audit.crawler.capture.a11y_probe import AXE_PATH, AXE_TAGS, RUN_AXE_JS, axe_source
from ent_audit.crawler.settings import CHROMIUM_PATH, PLAYWRIGHT_LAUNCH_OPTIONS

pytestmark = pytest.mark.browser

# Failing nodes well beyond the five kept per rule, in several rules and both result groups (violations, and
# incomplete for the contrast over a background image), plus a shadow root (a selector that is a list).
PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><title>Essai</title><style>.pale{color:#bbb;background:#fff}"
    ".img{background:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=);color:#777}</style></head><body><main>"
    "<div id='hote'></div><script>document.getElementById('hote').attachShadow({mode: 'open'}).innerHTML ="
    ' \'<p style="color:#ccc">dans l’ombre</p><img src="data:,">\';</script>'
    + "".join(f"<p class='pale'>texte pâle {n}</p>" for n in range(40))
    + "".join(f"<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' id='i{n}'>" for n in range(12))
    + "".join(f"<p class='img'>sur une image {n}</p>" for n in range(8))
    + "".join(f"<input type='text' name='champ{n}'>" for n in range(7))
    + "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    + "<div id='hote'></div><script>document.getElementById('hote').attachShadow({mode: 'open'}).innerHTML ="
    ' \'<p style="color:#ccc">dans l’ombre</p><img src="data:,">\';</script>'
    "</main></body></html>"
)
DEFAULT_REPORTER_JS = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
  rules: Object.fromEntries(axe.getRules(['RGAAv4']).filter(r => r.tags.includes('experimental'))
                              .map(r => [r.ruleId, {enabled: true}]))})"""


def shaped(rule: dict, keep: int = 5, chars: int = 200) -> dict:
    """What the crawler keeps of one rule of axe's default (v2) reporter output."""
    return {
        "rule": rule["id"],
        "impact": rule["impact"] or "",
        "tags": rule["tags"],
        "help": rule["help"],
        "nodes": len(rule["nodes"]),
        "targets": [
            " ".join(str(part) if isinstance(part, str) else ",".join(part) for part in n["target"])
            for n in rule["nodes"][:keep]
        ],
        "snippets": [(n["html"] or "")[:chars] for n in rule["nodes"][:keep]],
    }


def test_our_reporter_keeps_what_axes_default_reporter_gives():
    if not Path(CHROMIUM_PATH).exists() or not AXE_PATH.exists():
        pytest.skip("Chromium or axe-core not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 720})
            page.set_content(PAGE)
            page.evaluate(axe_source())
            ours = page.evaluate(RUN_AXE_JS, {"tags": AXE_TAGS, "maxNodes": 5, "snippetChars": 200})
            reference = page.evaluate(DEFAULT_REPORTER_JS, AXE_TAGS)
        finally:
            browser.close()
    assert ours["violations"] == [shaped(r) for r in reference["violations"]]
    assert ours["needs_review"] == [shaped(r) for r in reference["incomplete"]]
    counts = {v["rule"]: v["nodes"] for v in ours["violations"]}
    # the page's failures are really there, beyond the five nodes kept
    assert counts["color-contrast"] >= 40 and counts["image-alt"] >= 12 and counts["label"] >= 7, counts
    assert ours["needs_review"], "the contrast over a background image is left for review"
    assert any("," in t for v in ours["violations"] for t in v["targets"]), "a node inside the shadow root"
