"""Accessibility facts of a page, gathered in the same load that was measured (no second visit).

axe-core (the pinned npm package, which tags its rules with RGAA criteria) runs with the WCAG 2.x A/AA and
``RGAAv4`` tags, RGAA-tagged experimental rules on; a few facts for RGAA checks beyond axe are read from the DOM;
then the viewport is narrowed to 320 CSS px to see whether the page reflows (RGAA 10.11).

Before any of this the caller takes the page offline (``go_offline``): the measurement is over, and neither axe
(which preloads media) nor the narrow viewport (responsive images) may add traffic to the audited site. Judging the
facts is done in audits/rgaa/, without a browser.
"""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from ent_audit.crawler.capture.page_facts import horizontal_overflow
from ent_audit.crawler.engines import axe_path

# axe-core's script: the copy shipped in the package (vendor/axe-core/, with its fr locale and licence), or
# ENT_AUDIT_AXE_PATH (crawler/engines.py, which checks it before the crawl)
AXE_PATH = axe_path().path or Path(axe_path().tried[0])
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "RGAAv4"]
MAX_NODES = 5  # targets and snippets kept per rule
SNIPPET_CHARS = 200

# Our own axe-core reporter: it reads the rule results while axe still holds its tree, and builds the CSS selector
# and HTML snippet of only the MAX_NODES nodes we keep per rule. axe's default reporter builds them for every node of
# every violation and for every related node of every check (the background elements of each contrast failure), and
# a selector costs a search of the document: on a large page with hundreds of failing nodes, that was work thrown
# away. Same grouping as axe's reporters (axe.utils.aggregateResult), same rule impact, same selectors and snippets
# (tests/crawler/capture/test_a11y_probe.py compares it with axe's default reporter on the same page).
AXE_REPORTER_JS = """() => {
  if (axe.hasReporter('ent-audit')) return;
  axe.addReporter('ent-audit', (raw, options, resolve) => {
    const keep = options.entMaxNodes, chars = options.entSnippetChars;
    const grouped = axe.utils.aggregateResult(raw);
    const shape = r => ({rule: r.id, impact: r.impact || '', tags: r.tags, help: r.help, nodes: r.nodes.length,
                         targets: r.nodes.slice(0, keep).map(n => n.node.selector.map(String).join(' ')),
                         snippets: r.nodes.slice(0, keep).map(n => (n.node.source ?? 'Undefined').slice(0, chars))});
    resolve({version: axe.version, violations: grouped.violations.map(shape),
             needs_review: grouped.incomplete.map(shape)});
  });
}"""
RUN_AXE_JS = """async ({tags, maxNodes, snippetChars}) => {
  const experimental = axe.getRules(['RGAAv4']).filter(r => r.tags.includes('experimental')).map(r => r.ruleId);
  const rules = Object.fromEntries(experimental.map(id => [id, {enabled: true}]));
  return await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, reporter: 'ent-audit',
                                  resultTypes: ['violations', 'incomplete'], elementRef: false,
                                  entMaxNodes: maxNodes, entSnippetChars: snippetChars});
}"""

FACTS_JS = r"""() => {
  const count = css => document.querySelectorAll(css).length;
  const presentational = {};
  for (const tag of ['font', 'center', 'big', 'blink', 'marquee', 'strike', 'tt', 'basefont', 's', 'u'])
    presentational[tag] = count(tag);
  // RGAA 10.1: attributes used only for presentation (size is functional on form fields, so not counted there)
  for (const attr of ['align', 'bgcolor', 'border', 'color', 'face', 'valign', 'hspace', 'vspace', 'background',
                      'cellpadding', 'cellspacing', 'frameborder', 'marginwidth', 'marginheight', 'clear'])
    presentational[attr] = count(`[${attr}]:not(svg *)`);
  presentational.size = count('[size]:not(select):not(input):not(svg *)');
  const focusable = document.querySelector(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
  let skip = false;
  if (focusable && focusable.tagName === 'A') {
    const href = focusable.getAttribute('href') || '';
    skip = href.startsWith('#') && href.length > 1 && !!document.getElementById(decodeURIComponent(href.slice(1)));
  }
  const warns = /nouvelle fen[eê]tre|nouvel onglet|new window|new tab/i;
  const newWindow = Array.from(document.querySelectorAll('a[target=_blank]'))
    .filter(a => !warns.test([a.textContent, a.title, a.getAttribute('aria-label') || ''].join(' ')))
    .slice(0, 20).map(a => ({href: a.href, text: (a.textContent || '').trim().slice(0, 80)}));
  const statement = (document.body ? document.body.innerText : '').match(
    /Accessibilit[ée]\s*:?\s*(non conforme|partiellement conforme|totalement conforme)/i);
  return {
    doctype: document.doctype ? document.doctype.name : '',
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title || '',
    headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading][aria-level]'),
                         h => Number(h.getAttribute('aria-level') || h.tagName.slice(1))),
    presentational,
    skip_link: skip,
    new_window_links: newWindow,
    statement: statement ? statement[1].toLowerCase() : '',
    duplicate_ids: (() => { const seen = new Set(), twice = new Set();
      for (const el of document.querySelectorAll('[id]')) (seen.has(el.id) ? twice : seen).add(el.id);
      return Array.from(twice).slice(0, 10); })(),
    media: Array.from(document.querySelectorAll('video, audio'),
                      m => ({tag: m.tagName.toLowerCase(), autoplay: m.autoplay, muted: m.muted})),
  };
}"""


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core with our reporter registered: one script, one round trip, before RUN_AXE_JS."""
    return AXE_PATH.read_text(encoding="utf-8") + f"\n;({AXE_REPORTER_JS})();\n"


@lru_cache(maxsize=1)
def french_help() -> dict[str, str]:
    """axe-core's own French wording of each rule's help (its fr locale), for the French report."""
    try:
        locale = json.loads((AXE_PATH.parent / "locales" / "fr.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {rule: text["help"] for rule, text in (locale.get("rules") or {}).items() if text.get("help")}


async def go_offline(session: Any) -> None:
    """Cut the page off the network, through its recorder's DevTools session (Network is enabled there): no new
    session, no second copy of every network event."""
    await session.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


async def probe(page: Any, session: Any, timeout_s: float = 30.0) -> dict[str, Any]:
    """axe-core results, DOM facts and reflow of a loaded, measured page, already taken offline (go_offline).
    ``session``: the page's DevTools session, open before axe starts (the recorder's), to stop axe at its timeout:
    once the page's JavaScript is busy, attaching a new session would wait for it."""
    result: dict[str, Any] = {
        "engine": "",
        "duration_ms": 0,
        "incomplete": False,
        "violations": [],
        "needs_review": [],
        "facts": {},
    }
    result["facts"] = await page.evaluate(FACTS_JS)
    started = time.monotonic()
    try:
        source = axe_source()
    except OSError:
        result["error"] = f"axe-core not found at {AXE_PATH}: see `ent-audit doctor`"
        source = ""
    if source:
        try:
            await page.evaluate(source)
            found = await asyncio.wait_for(
                page.evaluate(RUN_AXE_JS, {"tags": AXE_TAGS, "maxNodes": MAX_NODES, "snippetChars": SNIPPET_CHARS}),
                timeout_s,
            )
            for item in found["violations"] + found["needs_review"]:
                item["help_fr"] = french_help().get(item["rule"], "")
            result.update(
                engine=f"axe-core {found['version']}",
                violations=found["violations"],
                needs_review=found["needs_review"],
            )
        except TimeoutError:
            result["incomplete"] = True  # a huge DOM: reported as not fully tested, never a hang
            # axe is still running in the page: stop it, or every later evaluate waits for it to end (minutes)
            await session.send("Runtime.terminateExecution")
            with suppress(Exception):  # had axe just ended, the termination falls on this no-op, not on our next step
                await page.evaluate("0")
        result["duration_ms"] = int((time.monotonic() - started) * 1000)
    result["facts"]["reflow_overflow_px"] = await horizontal_overflow(page, 320, 640)
    return result
