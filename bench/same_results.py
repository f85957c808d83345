"""Are two audits' results the same, page by page? ``python bench/same_results.py A/results.json B/results.json``

For a change that must not change what is measured (another browser binary, a faster capture): the pages audited,
and for each page its status, wire bytes, requests, DOM elements, EcoIndex, axe-core's violations and results to
review (rule, node count, selectors and snippets of the nodes kept) and every rule's verdict, compared by path and
profile (the demo and the bench serve on a free port, so origins differ); run ids, timestamps, durations and stats
are left out. Prints each difference, one a line, and exits 1
when there is any, 0 when the two runs found the same.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def page_key(page: dict[str, Any]) -> tuple[str, str]:
    parts = urlsplit(page["url"])
    where = parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return page.get("profile") or "", where


LOOPBACK = re.compile(r"https?://(?:127\.0\.0\.1|localhost):\d+")


def _nodes(results: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each axe result's rule, node count, and the selectors and snippets of the nodes kept (the port of the
    loopback server that served the page left out)."""
    return sorted(
        (
            r.get("rule"),
            r.get("nodes"),
            tuple(LOOPBACK.sub("ORIGIN", t) for t in r.get("targets") or []),
            tuple(LOOPBACK.sub("ORIGIN", s) for s in r.get("snippets") or []),
        )
        for r in results
    )


def measures(page: dict[str, Any]) -> dict[str, Any]:
    """What a page's audit found, without what varies from run to run (time, ports)."""
    accessibility = page.get("accessibility") or {}
    ecoindex = page.get("ecoindex") or {}
    return {
        "status": page.get("status"),
        "loaded": page.get("loaded"),
        "transfer_bytes": page.get("transfer_bytes"),
        "requests": page.get("requests"),
        "dom_elements": page.get("dom_elements"),
        "ecoindex": (ecoindex.get("score"), ecoindex.get("grade")),
        "violations": _nodes(accessibility.get("violations") or []),
        "needs_review": _nodes(accessibility.get("needs_review") or []),
        "findings": sorted((f.get("ref"), f.get("verdict")) for f in page.get("findings") or []),
    }


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    pages_a = {page_key(p): p for p in a["pages"]}
    pages_b = {page_key(p): p for p in b["pages"]}
    found = [f"only in A: {key[1]} ({key[0]})" for key in sorted(pages_a.keys() - pages_b.keys())]
    found += [f"only in B: {key[1]} ({key[0]})" for key in sorted(pages_b.keys() - pages_a.keys())]
    for key in sorted(pages_a.keys() & pages_b.keys()):
        seen_a, seen_b = measures(pages_a[key]), measures(pages_b[key])
        found += [
            f"{key[1]}: {name} {seen_a[name]!r} != {seen_b[name]!r}" for name in seen_a if seen_a[name] != seen_b[name]
        ]
    return found


def verdict_changes(a: dict[str, Any], b: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    """(rule ref, verdict in A, verdict in B) → pages, for the pages of both runs: a change of the rules themselves
    (a criterion reviewed) shows as whole columns, one of the capture as scattered pages."""
    pages_b = {page_key(p): p for p in b["pages"]}
    changes: dict[tuple[str, str, str], int] = {}
    for page in a["pages"]:
        other = pages_b.get(page_key(page))
        if other is None:
            continue
        before = {f.get("ref"): f.get("verdict") for f in page.get("findings") or []}
        after = {f.get("ref"): f.get("verdict") for f in other.get("findings") or []}
        for ref in sorted(set(before) | set(after)):
            if before.get(ref) != after.get(ref):
                key = (str(ref), str(before.get(ref)), str(after.get(ref)))
                changes[key] = changes.get(key, 0) + 1
    return changes


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    a, b = (json.loads(Path(name).read_text(encoding="utf-8")) for name in argv)
    found = differences(a, b)
    for line in found:
        print(line)
    for (ref, before, after), pages in sorted(verdict_changes(a, b).items()):
        print(f"verdict of {ref}: {before} -> {after} on {pages} page(s)", file=sys.stderr)
    print(f"{len(a['pages'])} and {len(b['pages'])} pages, {len(found)} difference(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
