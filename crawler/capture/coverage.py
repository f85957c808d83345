"""Unused JavaScript and CSS of one load, from the browser's own coverage (RGESN 6.5, "no unused resources").

Same sources as Lighthouse's unused-javascript and unused-css-rules audits:
- JavaScript: ``Profiler.startPreciseCoverage`` with ``detailed: false`` (function granularity, cheap). A script's
  first function entry spans the whole script; every range whose count is 0 is code that never ran.
- CSS: ``CSS.startRuleUsageTracking`` / ``CSS.stopRuleUsageTracking``; each rule carries ``used``. A sheet's size is
  its ``CSS.styleSheetAdded`` header length.
Sizes are in characters of the decoded source (what the browser parsed), per URL; inline ``<script>`` and
``<style>`` count under the page's URL. Collection happens only in the crawler; the arithmetic here is pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _merged_length(ranges: Iterable[tuple[int, int]]) -> int:
    total, end_so_far = 0, -1
    for start, end in sorted(ranges):
        if end <= end_so_far:
            continue
        start = max(start, end_so_far)
        total += end - start
        end_so_far = end
    return total


def script_usage(functions: list[dict[str, Any]]) -> tuple[int, int]:
    """(total, unused) characters of one script from its ``ScriptCoverage.functions``."""
    ranges = [r for f in functions for r in f.get("ranges") or []]
    if not ranges:
        return 0, 0
    total = max(int(r["endOffset"]) for r in ranges)
    unused = _merged_length((int(r["startOffset"]), int(r["endOffset"])) for r in ranges if not r.get("count"))
    return total, min(unused, total)


def js_coverage(scripts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per URL (http(s) only): {"total", "unused"} summed over the scripts from that URL."""
    usage: dict[str, dict[str, Any]] = {}
    for script in scripts:
        url = script.get("url") or ""
        if not url.startswith(("http:", "https:")):
            continue  # our own evaluate() calls and extensions have no URL
        total, unused = script_usage(script.get("functions") or [])
        entry = usage.setdefault(url, {"total": 0, "unused": 0})
        entry["total"] += total
        entry["unused"] += unused
    return usage


def css_coverage(sheets: dict[str, dict[str, Any]], rule_usage: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per URL: {"total", "unused"} from the sheets seen (styleSheetId → {"url", "length"}) and the rule usage."""
    unused_ranges: dict[str, list[tuple[int, int]]] = {}
    for rule in rule_usage:
        if not rule.get("used"):
            unused_ranges.setdefault(rule["styleSheetId"], []).append(
                (int(rule["startOffset"]), int(rule["endOffset"]))
            )
    usage: dict[str, dict[str, Any]] = {}
    for sheet_id, sheet in sheets.items():
        url = sheet.get("url") or ""
        if not url.startswith(("http:", "https:")):
            continue
        length = int(sheet.get("length") or 0)
        entry = usage.setdefault(url, {"total": 0, "unused": 0})
        entry["total"] += length
        entry["unused"] += min(length, _merged_length(unused_ranges.get(sheet_id, [])))
    return usage
