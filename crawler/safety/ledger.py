"""What the read-only policy spared during a run, for the report: links not followed, requests blocked, writes
allowed by the user's allow-list, and sessions lost because a blocked write was needed to keep them.

One ledger per run, shared by every client of that run (login browser, crawl browser, Lighthouse's browser,
document sizing). URLs are redacted before they are kept: the ledger ends up in the store and in results.json.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from ent_audit.crawler.urls import redact_url

_Tally = tuple[Counter[str], list[str]]  # a count under "n", and the first redacted examples
EXAMPLES_KEPT = 50  # per reason: enough to find every attack link of a test site, bounded for a huge portal


class SafetyLedger:
    """Thread-safe counters with a few redacted examples each (Lighthouse runs in worker threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._links: dict[str, _Tally] = {}
        self._requests: dict[tuple[str, str], _Tally] = {}
        self._allowed: Counter[tuple[str, str]] = Counter()
        self.session_lost: list[dict[str, Any]] = []

    @staticmethod
    def _add(table: dict[Any, _Tally], key: Any, url: str) -> None:
        count, examples = table.setdefault(key, (Counter(), []))
        count["n"] += 1
        url = redact_url(url)
        if url not in examples and len(examples) < EXAMPLES_KEPT:
            examples.append(url)

    def link_not_followed(self, reason: str, url: str) -> None:
        with self._lock:
            self._add(self._links, reason, url)

    def request_blocked(self, reason: str, method: str, url: str) -> None:
        with self._lock:
            self._add(self._requests, (reason, method.upper()), url)

    def write_allowed(self, method: str, url: str) -> None:
        with self._lock:
            self._allowed[(method.upper(), redact_url(url))] += 1

    def lost_session(self, event: dict[str, Any]) -> None:
        with self._lock:
            if not any(e.get("profile") == event.get("profile") for e in self.session_lost):
                self.session_lost.append(event)

    def blocked_writes(self) -> list[tuple[str, str]]:
        """(method, example URL) of the write requests blocked so far, most frequent first."""
        with self._lock:
            rows = sorted(
                (
                    (count["n"], method, examples[0])
                    for (reason, method), (count, examples) in self._requests.items()
                    if reason.startswith("method ")
                ),
                reverse=True,
            )
        return [(method, url) for _, method, url in rows]

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            links = [
                {"reason": reason, "count": count["n"], "examples": list(examples)}
                for reason, (count, examples) in self._links.items()
            ]
            requests = [
                {"reason": reason, "method": method, "count": count["n"], "examples": list(examples)}
                for (reason, method), (count, examples) in self._requests.items()
            ]
            allowed = [{"method": method, "url": url, "count": n} for (method, url), n in self._allowed.items()]
            return {
                "links_not_followed": sorted(links, key=lambda e: (-e["count"], e["reason"])),
                "requests_blocked": sorted(requests, key=lambda e: (-e["count"], e["reason"], e["method"])),
                "allowed_writes": sorted(allowed, key=lambda e: (-e["count"], e["method"], e["url"])),
                "session_lost": [dict(e) for e in self.session_lost],
            }

    def merge(self, other: dict[str, Any]) -> None:
        """Add a ledger saved as a dict (a worker's, an earlier part of a resumed run)."""
        with self._lock:
            for entry in other.get("links_not_followed") or []:
                count, examples = self._links.setdefault(entry["reason"], (Counter(), []))
                count["n"] += int(entry.get("count") or 0)
                examples.extend(u for u in entry.get("examples") or [] if u not in examples)
                del examples[EXAMPLES_KEPT:]
            for entry in other.get("requests_blocked") or []:
                count, examples = self._requests.setdefault((entry["reason"], entry["method"]), (Counter(), []))
                count["n"] += int(entry.get("count") or 0)
                examples.extend(u for u in entry.get("examples") or [] if u not in examples)
                del examples[EXAMPLES_KEPT:]
            for entry in other.get("allowed_writes") or []:
                self._allowed[(entry["method"], entry["url"])] += int(entry.get("count") or 0)
            for event in other.get("session_lost") or []:
                if not any(e.get("profile") == event.get("profile") for e in self.session_lost):
                    self.session_lost.append(dict(event))
