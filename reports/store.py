"""The history store: one SQLite file holding runs, pages and requests.

Pages are written as each one finishes, one transaction per page, committed at once: a crash loses at most
the page in flight. The store receives already-redacted data and adds nothing of its own beyond ids and
timestamps (no secrets ever reach it from here).

The reader side (``run``, ``pages``…) returns plain dicts with JSON columns decoded, so that exports and
renderers never depend on SQLite.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from audits.model import PageCapture, RequestRecord

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id            TEXT PRIMARY KEY,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL DEFAULT 'running',
    site          TEXT NOT NULL DEFAULT '',
    profile       TEXT NOT NULL DEFAULT '',
    tool_version  TEXT NOT NULL DEFAULT '',
    start_urls    TEXT NOT NULL DEFAULT '[]',
    settings      TEXT NOT NULL DEFAULT '{}',
    stats         TEXT NOT NULL DEFAULT '{}',
    facts         TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS pages (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    url                TEXT NOT NULL,
    final_url          TEXT NOT NULL DEFAULT '',
    status             INTEGER NOT NULL DEFAULT 0,
    error              TEXT NOT NULL DEFAULT '',
    mime               TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL DEFAULT '',
    template           TEXT NOT NULL DEFAULT '',
    profile            TEXT NOT NULL DEFAULT '',
    depth              INTEGER NOT NULL DEFAULT 0,
    dom_elements       INTEGER NOT NULL DEFAULT 0,
    request_count      INTEGER NOT NULL DEFAULT 0,
    transfer_bytes     INTEGER NOT NULL DEFAULT 0,
    settled            INTEGER NOT NULL DEFAULT 1,
    started_at         TEXT NOT NULL DEFAULT '',
    duration_ms        INTEGER NOT NULL DEFAULT 0,
    ecoindex_score     INTEGER,
    ecoindex_grade     TEXT,
    ecoindex_ghg_g     REAL,
    ecoindex_water_cl  REAL,
    ecoindex           TEXT,
    findings           TEXT NOT NULL DEFAULT '[]',
    accessibility      TEXT,
    links              TEXT NOT NULL DEFAULT '[]',
    blocked            TEXT NOT NULL DEFAULT '[]',
    documents          TEXT NOT NULL DEFAULT '[]',
    facts              TEXT NOT NULL DEFAULT '{}',
    lighthouse         TEXT
);
CREATE INDEX IF NOT EXISTS pages_run ON pages(run_id);
CREATE TABLE IF NOT EXISTS requests (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id           INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    url               TEXT NOT NULL,
    resource_type     TEXT NOT NULL DEFAULT '',
    method            TEXT NOT NULL DEFAULT 'GET',
    status            INTEGER NOT NULL DEFAULT 0,
    mime              TEXT NOT NULL DEFAULT '',
    transfer_bytes    INTEGER NOT NULL DEFAULT 0,
    decoded_bytes     INTEGER NOT NULL DEFAULT 0,
    content_encoding  TEXT NOT NULL DEFAULT '',
    protocol          TEXT NOT NULL DEFAULT '',
    from_cache        INTEGER NOT NULL DEFAULT 0,
    third_party       INTEGER NOT NULL DEFAULT 0,
    is_redirect       INTEGER NOT NULL DEFAULT 0,
    failed            TEXT NOT NULL DEFAULT '',
    headers           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS requests_page ON requests(page_id);
"""

# Page columns added after the first release: stores written by an older version get them on opening.
_ADDED_COLUMNS = {
    "pages": {"blocked": "TEXT NOT NULL DEFAULT '[]'", "documents": "TEXT NOT NULL DEFAULT '[]'",
              "facts": "TEXT NOT NULL DEFAULT '{}'", "lighthouse": "TEXT"},
    "runs": {"facts": "TEXT NOT NULL DEFAULT '{}'"},
}
_PAGE_JSON = ("ecoindex", "findings", "accessibility", "links", "blocked", "documents", "facts", "lighthouse")

_REQUEST_FIELDS = tuple(f.name for f in fields(RequestRecord))
_REQUEST_BOOLS = ("from_cache", "third_party", "is_redirect")
_CAPTURE_FIELDS = tuple(f.name for f in fields(PageCapture))


def utc_now() -> str:
    """Current time, UTC, ISO 8601 to the second with a ``Z`` suffix."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id() -> str:
    """Sortable and unique enough: ``20261129T192233Z-ab12cd``."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Store:
    """SQLite history store. One writer at a time (the crawl); any number of readers (WAL mode)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not self.path.startswith("file:"):
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # The crawl may save from a worker thread; a lock serialises use of the one connection.
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")  # each page commit is on disk before save_page returns
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA busy_timeout=30000")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: store schema v{version} is newer than this tool (v{SCHEMA_VERSION})")
            with self._conn:
                self._conn.executescript(_SCHEMA)
                for table, added in _ADDED_COLUMNS.items():
                    present = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
                    for column, declaration in added.items():
                        if column not in present:
                            self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- context manager -------------------------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- writing ---------------------------------------------------------------------------------------

    def start_run(self, *, start_urls: list[str], tool_version: str, site: str, profile: str,
                  settings: dict) -> str:
        run_id = new_run_id()
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO runs (id, started_at, status, site, profile, tool_version, start_urls, settings)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?, ?)",
                (run_id, utc_now(), site, profile, tool_version, _dumps(list(start_urls)), _dumps(settings or {})),
            )
        return run_id

    def save_page(self, run_id: str, capture: PageCapture, ecoindex: dict | None,
                  findings: list[dict] | None = None) -> int:
        """Insert one page and its requests in one transaction, committed before returning. Returns the page id."""
        eco = ecoindex or {}
        page_row = (
            run_id, capture.url, capture.final_url, int(capture.status), capture.error, capture.mime,
            capture.title, capture.template, capture.profile, int(capture.depth), int(capture.dom_elements),
            capture.request_count, capture.transfer_bytes, int(bool(capture.settled)), capture.started_at,
            int(capture.duration_ms),
            eco.get("score"), eco.get("grade"), eco.get("ghg_g"), eco.get("water_cl"),
            None if ecoindex is None else _dumps(ecoindex),
            _dumps(findings or []),
            _dumps(capture.accessibility) if capture.accessibility else None,
            _dumps(list(capture.links)), _dumps(list(capture.blocked)), _dumps(list(capture.documents)),
            _dumps(dict(capture.facts or {})),
        )
        with self._lock, self._conn:
            cursor = self._conn.execute(
                "INSERT INTO pages (run_id, url, final_url, status, error, mime, title, template, profile, depth,"
                " dom_elements, request_count, transfer_bytes, settled, started_at, duration_ms,"
                " ecoindex_score, ecoindex_grade, ecoindex_ghg_g, ecoindex_water_cl,"
                " ecoindex, findings, accessibility, links, blocked, documents, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                page_row,
            )
            page_id = int(cursor.lastrowid)
            self._conn.executemany(
                "INSERT INTO requests (page_id, url, resource_type, method, status, mime, transfer_bytes,"
                " decoded_bytes, content_encoding, protocol, from_cache, third_party, is_redirect, failed, headers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (page_id, r.url, r.resource_type, r.method, int(r.status), r.mime, int(r.transfer_bytes),
                     int(r.decoded_bytes), r.content_encoding, r.protocol, int(bool(r.from_cache)),
                     int(bool(r.third_party)), int(bool(r.is_redirect)), r.failed, _dumps(dict(r.headers)))
                    for r in capture.requests
                ],
            )
        return page_id

    def set_run_facts(self, run_id: str, facts: dict) -> None:
        """Site-wide observations made outside page loads (login, plain-HTTP probe); merged into what is there."""
        with self._lock, self._conn:
            row = self._conn.execute("SELECT facts FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise KeyError(f"unknown run: {run_id}")
            merged = {**(_loads(row["facts"]) or {}), **facts}
            self._conn.execute("UPDATE runs SET facts = ? WHERE id = ?", (_dumps(merged), run_id))

    def set_page_lighthouse(self, page_id: int, result: dict) -> None:
        """The Lighthouse cross-check of a stored page (run after the crawl, on a sample)."""
        with self._lock, self._conn:
            self._conn.execute("UPDATE pages SET lighthouse = ? WHERE id = ?", (_dumps(result), page_id))

    def finish_run(self, run_id: str, *, status: str, stats: dict) -> None:
        with self._lock, self._conn:
            cursor = self._conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                (utc_now(), status, _dumps(stats or {}), run_id),
            )
        if cursor.rowcount == 0:
            raise KeyError(f"unknown run: {run_id}")

    # -- reading ---------------------------------------------------------------------------------------

    @staticmethod
    def _run_dict(row: sqlite3.Row) -> dict:
        data = dict(row)
        for key in ("start_urls", "settings", "stats", "facts"):
            data[key] = _loads(data[key])
        return data

    def run(self, run_id: str) -> dict:
        with self._lock:
            row = self._conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise KeyError(f"unknown run: {run_id}")
        return self._run_dict(row)

    def latest_run_id(self) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT id FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1").fetchone()
        return None if row is None else row["id"]

    def runs(self) -> list[dict]:
        """Every run, oldest first."""
        with self._lock:
            rows = self._conn.execute("SELECT * FROM runs ORDER BY started_at, rowid").fetchall()
        return [self._run_dict(row) for row in rows]

    def pages(self, run_id: str) -> list[dict]:
        """Every page of the run in save order, each with its ``requests`` (list of dicts) and JSON fields decoded."""
        with self._lock:
            page_rows = self._conn.execute("SELECT * FROM pages WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
            request_rows = self._conn.execute(
                "SELECT r.* FROM requests r JOIN pages p ON p.id = r.page_id WHERE p.run_id = ? ORDER BY r.id",
                (run_id,),
            ).fetchall()
        by_page: dict[int, list[dict]] = {}
        for row in request_rows:
            request = {name: row[name] for name in _REQUEST_FIELDS}
            for name in _REQUEST_BOOLS:
                request[name] = bool(request[name])
            request["headers"] = _loads(request["headers"])
            by_page.setdefault(row["page_id"], []).append(request)
        pages = []
        for row in page_rows:
            page = dict(row)
            page["settled"] = bool(page["settled"])
            for key in _PAGE_JSON:
                page[key] = _loads(page[key])
            page["requests"] = by_page.get(page["id"], [])
            pages.append(page)
        return pages

    def captures(self, run_id: str) -> list[PageCapture]:
        """The run's pages rebuilt as PageCaptures, to judge them again without re-crawling."""
        result = []
        for page in self.pages(run_id):
            data = {name: page[name] for name in _CAPTURE_FIELDS if name != "requests"}
            data["accessibility"] = data["accessibility"] or {}
            data["facts"] = data["facts"] or {}
            data["requests"] = [RequestRecord(**r) for r in page["requests"]]
            result.append(PageCapture(**data))
        return result

    def page_urls(self, run_id: str) -> set[str]:
        with self._lock:
            rows = self._conn.execute("SELECT url FROM pages WHERE run_id = ?", (run_id,)).fetchall()
        return {row["url"] for row in rows}
