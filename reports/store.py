"""The history store: runs, pages and requests in one SQLite file, or in PostgreSQL (distributed crawls).

Pages are written as each one finishes, one transaction per page, committed at once: a crash loses at most
the page in flight. The store receives already-redacted data and adds nothing of its own beyond ids and
timestamps (no secrets ever reach it from here).

The reader side (``run``, ``pages``…) returns plain dicts with JSON columns decoded, so that exports and
renderers never depend on the database.

``Store(target)`` takes a SQLite path or a ``postgresql://`` URL (``open_store`` is the same). One schema and one
set of queries serve both: the few dialect differences (identity columns, ``%s`` placeholders, ``RETURNING id``,
PRAGMAs, ``ADD COLUMN IF NOT EXISTS``, an insertion sequence instead of ``rowid``) live in ``_Sqlite`` and
``_Postgres`` below. A password in a URL is never logged nor shown: ``store.path`` is the URL redacted.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ent_audit.audits.model import PageCapture, RequestRecord, page_loaded
from ent_audit.i18n import tr
from ent_audit.installation import install_extra

SCHEMA_VERSION = 4  # 4: runs.summary and runs.pruned_at (ent-audit --keep)

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
    facts         TEXT NOT NULL DEFAULT '{}',
    summary       TEXT,
    pruned_at     TEXT
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
    "pages": {
        "blocked": "TEXT NOT NULL DEFAULT '[]'",
        "documents": "TEXT NOT NULL DEFAULT '[]'",
        "facts": "TEXT NOT NULL DEFAULT '{}'",
        "lighthouse": "TEXT",
        # which `ent-audit worker` audited the page (distributed crawl); '' for a plain audit. Schema v4
        # still: an older tool reading the store ignores the column.
        "worker": "TEXT NOT NULL DEFAULT ''",
    },
    # judgement: the findings audits/judge.py made of the run's facts, stored once when they were complete (NULL
    # for a run stored before, or still running: the loader judges those when it reads them)
    "runs": {"facts": "TEXT NOT NULL DEFAULT '{}'", "summary": "TEXT", "pruned_at": "TEXT", "judgement": "TEXT"},
}
_PAGE_JSON = ("ecoindex", "findings", "accessibility", "links", "blocked", "documents", "facts", "lighthouse")

_REQUEST_FIELDS = tuple(f.name for f in fields(RequestRecord))
_REQUEST_BOOLS = ("from_cache", "third_party", "is_redirect")
_CAPTURE_FIELDS = tuple(f.name for f in fields(PageCapture))


DB_URL_SCHEMES = ("postgresql://", "postgres://")


def is_db_url(target: object) -> bool:
    """A PostgreSQL URL (``postgresql://user@host:port/db``) rather than a SQLite file."""
    return isinstance(target, str) and target.lower().startswith(DB_URL_SCHEMES)


def redact_db_url(target: object) -> str:
    """The store's location as it may be shown: a URL's password replaced by ``***``."""
    text = str(target)
    if not is_db_url(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def utc_now() -> str:
    """Current time, UTC, ISO 8601 to the second with a ``Z`` suffix."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id() -> str:
    """Sortable and unique enough: ``20261129T192233Z-ab12cd``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


LOCK_WAIT_S = 30  # how long a SQLite store waits for another process's lock before failing


class _Sqlite:
    """SQLite: a file, WAL mode, ``rowid`` for insertion order, the schema version in ``PRAGMA user_version``."""

    name = "sqlite"
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: str) -> None:
        if path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=LOCK_WAIT_S, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self._use_wal()
        self.conn.execute("PRAGMA synchronous=FULL")  # each page commit is on disk before save_page returns
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_S * 1000)}")

    def _use_wal(self) -> None:
        # Switching a new file to WAL takes an exclusive lock without calling SQLite's busy handler, so a second
        # process opening the same new file at that instant gets "database is locked" at once: wait as for any lock.
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def sql(self, query: str) -> str:
        return query

    def execute(self, query: str, params: tuple = ()) -> Any:
        return self.conn.execute(query, params)

    def executemany(self, query: str, rows: list[tuple]) -> None:
        self.conn.executemany(query, rows)

    def transaction(self) -> AbstractContextManager:
        return self.conn  # commits on success, rolls back on error

    def insert_id(self, query: str, params: tuple) -> int:
        row_id = self.conn.execute(query, params).lastrowid
        if row_id is None:  # only a statement that inserted no row leaves it unset
            raise sqlite3.OperationalError(f"no row inserted by {query.split('(')[0].strip()}")
        return row_id

    def lock_schema(self) -> None:
        # Two audits sharing one file may open it at once: the write lock is taken before the schema is read, so
        # the second waits and then finds the columns the first added (the check-then-add is not a race).
        self.conn.execute("BEGIN IMMEDIATE")

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def set_schema_version(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version={version}")

    def create(self, schema: str) -> None:
        # Statement by statement: executescript() would first commit, releasing lock_schema's write lock.
        for statement in schema.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def add_column(self, table: str, column: str, declaration: str) -> None:
        present = {row["name"] for row in self.conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def close(self) -> None:
        self.conn.close()


class _Postgres:
    """PostgreSQL (psycopg 3, autocommit outside explicit transactions): identity columns, ``%s`` placeholders,
    ``RETURNING id``, rows as dicts, an insertion sequence ``seq`` for what SQLite's ``rowid`` orders, the schema
    version in a one-row table. Several processes (distributed workers) write at once, one transaction per page."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            raise RuntimeError(
                tr("a postgresql:// store needs the optional [distributed] extra: {fix}").format(
                    fix=install_extra("distributed")
                )
            ) from None
        self.errors = (psycopg.Error,)
        self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=30)

    @staticmethod
    def sql(query: str) -> str:
        return re.sub(r"\browid\b", "seq", query).replace("?", "%s")

    @staticmethod
    def _params(params: tuple) -> tuple:  # PostgreSQL text cannot hold NUL characters
        return tuple(p.replace("\x00", "") if isinstance(p, str) else p for p in params)

    def execute(self, query: str, params: tuple = ()) -> Any:
        return self.conn.execute(self.sql(query), self._params(params))

    def executemany(self, query: str, rows: list[tuple]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(self.sql(query), [self._params(row) for row in rows])

    def transaction(self) -> AbstractContextManager:
        return self.conn.transaction()

    def insert_id(self, query: str, params: tuple) -> int:
        return int(self.execute(query + " RETURNING id", params).fetchone()["id"])

    def lock_schema(self) -> None:
        # Workers of several machines may open a new store at once: one creates the schema, the others wait.
        self.conn.execute("SELECT pg_advisory_xact_lock(4242001)")

    def schema_version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        return int(row["value"]) if row else 0

    def set_schema_version(self, version: int) -> None:
        self.conn.execute(
            "INSERT INTO store_meta (key, value) VALUES ('schema_version', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(version),),
        )

    def create(self, schema: str) -> None:
        schema = schema.replace(
            "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        )
        schema = re.sub(r"\bINTEGER\b", "BIGINT", schema)
        schema = re.sub(r"\bREAL\b", "DOUBLE PRECISION", schema)  # SQLite's REAL is 8 bytes, PostgreSQL's 4
        schema = schema.replace(
            "CREATE TABLE IF NOT EXISTS runs (",
            "CREATE TABLE IF NOT EXISTS runs (\n    seq BIGINT GENERATED ALWAYS AS IDENTITY,",
        )
        self.conn.execute(schema)

    def add_column(self, table: str, column: str, declaration: str) -> None:
        declaration = re.sub(r"\bINTEGER\b", "BIGINT", declaration)
        self.conn.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {declaration}")

    def close(self) -> None:
        self.conn.close()


class Store:
    """History store, SQLite (a path) or PostgreSQL (a ``postgresql://`` URL). With SQLite, one writer at a time
    (the crawl) and any number of readers (WAL mode); with PostgreSQL, any number of writers (distributed
    workers)."""

    def __init__(self, path: str | os.PathLike) -> None:
        target = os.fspath(path)
        self.path = redact_db_url(target)  # what messages show: never a password
        # The crawl may save from a worker thread; a lock serialises use of the one connection.
        self._lock = threading.RLock()
        try:
            self._db: _Sqlite | _Postgres = _Postgres(target) if is_db_url(target) else _Sqlite(target)
        except Exception as exc:
            if not is_db_url(target):
                raise
            raise RuntimeError(_scrub(str(exc), target)) from None  # the driver's message, password removed
        self.dialect = self._db.name
        with self._lock, self._db.transaction():
            self._db.lock_schema()
            version = self._db.schema_version()
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: store schema v{version} is newer than this tool (v{SCHEMA_VERSION})")
            self._db.create(_SCHEMA)
            for table, added in _ADDED_COLUMNS.items():
                for column, declaration in added.items():
                    self._db.add_column(table, column, declaration)
            self._db.set_schema_version(SCHEMA_VERSION)

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        """The database driver's exceptions (sqlite3.Error or psycopg.Error)."""
        return self._db.errors

    def _execute(self, query: str, params: tuple = ()) -> Any:
        return self._db.execute(query, params)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock, self._db.transaction():
            yield

    # -- context manager -------------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing ---------------------------------------------------------------------------------------

    def start_run(self, *, start_urls: list[str], tool_version: str, site: str, profile: str, settings: dict) -> str:
        run_id = new_run_id()
        with self._transaction():
            self._execute(
                "INSERT INTO runs (id, started_at, status, site, profile, tool_version, start_urls, settings)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?, ?)",
                (run_id, utc_now(), site, profile, tool_version, _dumps(list(start_urls)), _dumps(settings or {})),
            )
        return run_id

    def save_page(
        self,
        run_id: str,
        capture: PageCapture,
        ecoindex: dict | None,
        findings: list[dict] | None = None,
        worker: str = "",
    ) -> int:
        """Insert one page and its requests in one transaction, committed before returning. Returns the page id."""
        eco = ecoindex or {}
        page_row = (
            run_id,
            capture.url,
            capture.final_url,
            int(capture.status),
            capture.error,
            capture.mime,
            capture.title,
            capture.template,
            capture.profile,
            int(capture.depth),
            int(capture.dom_elements),
            capture.request_count,
            capture.transfer_bytes,
            int(bool(capture.settled)),
            capture.started_at,
            int(capture.duration_ms),
            eco.get("score"),
            eco.get("grade"),
            eco.get("ghg_g"),
            eco.get("water_cl"),
            None if ecoindex is None else _dumps(ecoindex),
            _dumps(findings or []),
            _dumps(capture.accessibility) if capture.accessibility else None,
            _dumps(list(capture.links)),
            _dumps(list(capture.blocked)),
            _dumps(list(capture.documents)),
            _dumps(dict(capture.facts or {})),
            worker,
        )
        with self._transaction():
            page_id = self._db.insert_id(
                "INSERT INTO pages (run_id, url, final_url, status, error, mime, title, template, profile, depth,"
                " dom_elements, request_count, transfer_bytes, settled, started_at, duration_ms,"
                " ecoindex_score, ecoindex_grade, ecoindex_ghg_g, ecoindex_water_cl,"
                " ecoindex, findings, accessibility, links, blocked, documents, facts, worker)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                page_row,
            )
            self._db.executemany(
                "INSERT INTO requests (page_id, url, resource_type, method, status, mime, transfer_bytes,"
                " decoded_bytes, content_encoding, protocol, from_cache, third_party, is_redirect, failed, headers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        page_id,
                        r.url,
                        r.resource_type,
                        r.method,
                        int(r.status),
                        r.mime,
                        int(r.transfer_bytes),
                        int(r.decoded_bytes),
                        r.content_encoding,
                        r.protocol,
                        int(bool(r.from_cache)),
                        int(bool(r.third_party)),
                        int(bool(r.is_redirect)),
                        r.failed,
                        _dumps(dict(r.headers)),
                    )
                    for r in capture.requests
                ],
            )
        return page_id

    def set_run_facts(self, run_id: str, facts: dict) -> None:
        """Site-wide observations made outside page loads (login, plain-HTTP probe); merged into what is there."""
        with self._transaction():
            row = self._execute("SELECT facts FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise KeyError(f"unknown run: {run_id}")
            merged = {**(_loads(row["facts"]) or {}), **facts}
            self._execute("UPDATE runs SET facts = ? WHERE id = ?", (_dumps(merged), run_id))

    def save_judgement(self, run_id: str, judgement: dict, page_ids: list[int]) -> None:
        """The run's findings (``audits.judge.judge_run``), judged from the pages ``page_ids`` in that order."""
        with self._transaction():
            cursor = self._execute(
                "UPDATE runs SET judgement = ? WHERE id = ?",
                (_dumps({**judgement, "page_ids": list(page_ids)}), run_id),
            )
        if cursor.rowcount == 0:
            raise KeyError(f"unknown run: {run_id}")

    def judgement(self, run_id: str, page_ids: list[int]) -> dict | None:
        """The stored findings of the run if they were judged from exactly the pages ``page_ids``, else None."""
        with self._lock:
            row = self._execute("SELECT judgement FROM runs WHERE id = ?", (run_id,)).fetchone()
        stored = _loads(row["judgement"]) if row is not None and row["judgement"] else None
        if not isinstance(stored, dict) or stored.get("page_ids") != list(page_ids):
            return None
        return stored

    def set_page_lighthouse(self, page_id: int, result: dict) -> None:
        """The Lighthouse cross-check of a stored page (run after the crawl, on a sample)."""
        with self._transaction():
            self._execute("UPDATE pages SET lighthouse = ? WHERE id = ?", (_dumps(result), page_id))

    def finish_run(self, run_id: str, *, status: str, stats: dict) -> None:
        """Close the run with its status and crawl statistics, and keep its summary (which outlives ``prune``)."""
        with self._transaction():
            cursor = self._execute(
                "UPDATE runs SET finished_at = ?, status = ?, stats = ?, summary = ? WHERE id = ?",
                (utc_now(), status, _dumps(stats or {}), _dumps(self.run_summary(run_id)), run_id),
            )
        if cursor.rowcount == 0:
            raise KeyError(f"unknown run: {run_id}")

    def run_summary(self, run_id: str) -> dict:
        """A run's headline numbers from its page rows, as results.json's summary counts them (mean EcoIndex of
        the scored pages to one decimal; pages in error: not 2xx/3xx or with a capture error), plus the axe
        violations (rules violated per page) by impact, None when axe-core ran on no page."""
        with self._lock:
            rows = self._execute(
                "SELECT status, error, transfer_bytes, request_count, ecoindex_score, accessibility"
                " FROM pages WHERE run_id = ?",
                (run_id,),
            ).fetchall()
        scores = [row["ecoindex_score"] for row in rows if row["ecoindex_score"] is not None]
        violations = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
        axe_ran = False
        for row in rows:
            accessibility = _loads(row["accessibility"]) or {}
            axe_ran = axe_ran or bool(accessibility.get("engine"))
            for violation in accessibility.get("violations") or []:
                impact = violation.get("impact")
                if impact in violations:
                    violations[impact] += 1
        return {
            "pages": len(rows),
            "pages_error": sum(1 for row in rows if not page_loaded(row["status"], row["error"])),
            "mean_ecoindex": round(sum(scores) / len(scores), 1) if scores else None,
            "total_transfer_bytes": sum(row["transfer_bytes"] for row in rows),
            "total_requests": sum(row["request_count"] for row in rows),
            "violations": violations if axe_ran else None,  # --no-axe, or axe failed everywhere: never "0"
        }

    def prune(self, site: str, profile: str, keep: int) -> list[str]:
        """Delete the page details (pages and their requests) of the runs of ``site`` and ``profile`` older than
        the ``keep`` most recent, keeping each run's row and summary (the trend survives, the bulk goes).
        Returns the runs pruned now, oldest first."""
        if keep < 1:
            raise ValueError(f"keep must be at least 1, got {keep}")
        with self._lock:
            rows = self._execute(
                "SELECT id, summary, pruned_at FROM runs WHERE site = ? AND profile = ?"
                " ORDER BY started_at DESC, rowid DESC",
                (site, profile),
            ).fetchall()
        pruned = []
        for row in rows[keep:]:
            if row["pruned_at"]:
                continue
            # A run that never finished (crash, kill) has no summary yet: make it before its pages go.
            summary = row["summary"] if row["summary"] is not None else _dumps(self.run_summary(row["id"]))
            with self._transaction():  # one transaction per run: an interruption leaves whole runs
                self._execute("DELETE FROM pages WHERE run_id = ?", (row["id"],))  # requests cascade
                self._execute(
                    "UPDATE runs SET summary = ?, pruned_at = ? WHERE id = ?", (summary, utc_now(), row["id"])
                )
            pruned.append(row["id"])
        return pruned[::-1]

    # -- reading ---------------------------------------------------------------------------------------

    @staticmethod
    def _run_dict(row: Any) -> dict:
        data = dict(row)
        data.pop("seq", None)  # PostgreSQL's insertion order, SQLite's rowid: not part of a run
        data.pop("judgement", None)  # read with Store.judgement only
        for key in ("start_urls", "settings", "stats", "facts", "summary"):
            data[key] = _loads(data[key])
        return data

    def run(self, run_id: str) -> dict:
        with self._lock:
            row = self._execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise KeyError(f"unknown run: {run_id}")
        return self._run_dict(row)

    def captures_by_id(self, run_id: str) -> dict[int, PageCapture]:
        """The run's pages rebuilt as the PageCaptures the judge reads, by page id in save order."""
        return {page["id"]: row_capture(page) for page in self.pages(run_id)}

    def previous_run_id(self, run_id: str) -> str | None:
        """The latest finished run of the same site and profile started before ``run_id`` (what budgets'
        max_regression_pct compares with), or None."""
        with self._lock:
            current = self._execute(
                "SELECT rowid AS pos, started_at, site, profile FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
            if current is None:
                raise KeyError(f"unknown run: {run_id}")
            row = self._execute(
                "SELECT id FROM runs WHERE site = ? AND profile = ? AND status = 'finished' AND id != ?"
                " AND (started_at < ? OR (started_at = ? AND rowid < ?))"
                " ORDER BY started_at DESC, rowid DESC LIMIT 1",
                (
                    current["site"],
                    current["profile"],
                    run_id,
                    current["started_at"],
                    current["started_at"],
                    current["pos"],
                ),
            ).fetchone()
        return None if row is None else row["id"]

    def latest_run_id(self) -> str | None:
        with self._lock:
            row = self._execute("SELECT id FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1").fetchone()
        return None if row is None else row["id"]

    def runs(self) -> list[dict]:
        """Every run, oldest first."""
        with self._lock:
            rows = self._execute("SELECT * FROM runs ORDER BY started_at, rowid").fetchall()
        return [self._run_dict(row) for row in rows]

    def pages(self, run_id: str) -> list[dict]:
        """Every page of the run in save order, each with its ``requests`` (list of dicts) and JSON fields decoded."""
        with self._lock:
            page_rows = self._execute("SELECT * FROM pages WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
            request_rows = self._execute(
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
        return list(self.captures_by_id(run_id).values())

    def has_page(self, run_id: str, url: str, profile: str) -> bool:
        """Whether the run already holds this page for this profile (saved by another worker, or before a resume)."""
        with self._lock:
            row = self._execute(
                "SELECT 1 FROM pages WHERE run_id = ? AND url = ? AND profile = ? LIMIT 1", (run_id, url, profile)
            ).fetchone()
        return row is not None

    def page_urls(self, run_id: str) -> set[str]:
        with self._lock:
            rows = self._execute("SELECT url FROM pages WHERE run_id = ?", (run_id,)).fetchall()
        return {row["url"] for row in rows}


def row_capture(page: dict) -> PageCapture:
    """A stored page (``Store.pages``) rebuilt as the PageCapture it was saved from: the one place rows become facts."""
    data = {name: page[name] for name in _CAPTURE_FIELDS if name in page and name not in ("requests", "link_words")}
    for key, empty in (("accessibility", {}), ("facts", {}), ("documents", []), ("blocked", []), ("links", [])):
        if data.get(key) is None:
            data[key] = type(empty)()
    data["requests"] = [
        RequestRecord(**{k: v for k, v in r.items() if k in _REQUEST_FIELDS}) for r in page.get("requests") or []
    ]
    return PageCapture(**data)


def _scrub(message: str, url: str) -> str:
    """A driver's error message with the URL's password (if any) removed."""
    password = urlsplit(url).password
    message = message.replace(url, redact_db_url(url))
    return message.replace(password, "***") if password else message


def open_store(target: str | os.PathLike) -> Store:
    """The history store at ``target``: a SQLite path or a ``postgresql://`` URL."""
    return Store(target)
