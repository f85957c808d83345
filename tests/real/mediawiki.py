"""A throw-away MediaWiki 1.39 (Debian's `mediawiki` package) on loopback, for the acceptance test against a real
web application nobody here wrote (tests/real/test_mediawiki_readonly.py).

Everything lives in one directory: LocalSettings.php, the SQLite databases, the PHP server's access log. Debian's
code in /usr/share/mediawiki is used as is (read-only, never /etc/mediawiki): MW_CONFIG_FILE points MediaWiki at
our LocalSettings.php, PHP's built-in server serves /usr/share/mediawiki on 127.0.0.1 only.

    python -m tests.real.mediawiki serve [--dir DIR] [--port PORT]   # install + seed when DIR is new, then serve
    python -m tests.real.mediawiki dump --dir DIR                    # the databases, one sorted line per row

Needs: apt-get install mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml (see `make test-real`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

MEDIAWIKI = Path(os.environ.get("MW_INSTALL_PATH", "/usr/share/mediawiki"))
HERE = Path(__file__).resolve().parent
PHP = shutil.which("php") or "/usr/bin/php"

# Appended to the LocalSettings.php that install.php writes.
EXTRA_SETTINGS = """
# --- ent-audit real-application test (tests/real/mediawiki.py) ---
$wgUseRCPatrol = true;          # recent changes and diffs carry "mark as patrolled" links (action=markpatrolled)
$wgUseNPPatrol = true;
$wgJobRunRate = 0;              # page views never run queued jobs: a view has no deferred side effect
$wgEnableEmail = false;         # nothing leaves the machine
$wgEnableUserEmail = false;
$wgEnotifWatchlist = false;
$wgEnotifUserTalk = false;
$wgUseInstantCommons = false;
$wgPingback = false;
$wgEnableUploads = false;
$wgShowExceptionDetails = true;
$wgRCMaxAge = 90 * 86400;
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Request:
    method: str
    uri: str
    status: int
    time: datetime | None = None  # the server's local time, to the second


# PHP's built-in server logs every request on stderr: "[Sat Dec  5 08:45:37 2026] 127.0.0.1:PORT [STATUS]: METHOD URI"
_LOG_LINE = re.compile(r"(?:\[(\w{3} \w{3} +\d+ [\d:]{8} \d{4})\] )?\S+ \[(\d{3})\]: ([A-Z]+) (\S+)")


def _log_time(text: str | None) -> datetime | None:
    try:
        return datetime.strptime(" ".join(text.split()), "%a %b %d %H:%M:%S %Y") if text else None
    except ValueError:
        return None


class MediaWiki:
    ADMIN = "Admin"
    PASSWORD = "Real-Admin-Pass-2024!"  # a throw-away wiki on loopback; install.php wants 10+ characters

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root)
        self.data = self.root / "data"
        self.settings = self.root / "LocalSettings.php"
        self.access_log_path = self.root / "access.log"
        self.write_log_path = self.root / "writes.jsonl"
        port_file = self.root / "port"
        if port is None and port_file.exists():
            port = int(port_file.read_text())
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    # -- install and seed ---------------------------------------------------------------------------------------------
    def env(self) -> dict:
        return {**os.environ, "MW_CONFIG_FILE": str(self.settings), "MW_INSTALL_PATH": str(MEDIAWIKI)}

    def _php(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [PHP, *args], cwd=MEDIAWIKI, env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"php {' '.join(args[:1])} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        return done.stdout

    @property
    def installed(self) -> bool:
        return self.settings.exists() and (self.data / "seeded").exists()

    def install(self) -> MediaWiki:
        """install.php (SQLite) into root, then the seed (tests/real/seed.php), then the jobs the seed queued."""
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        (self.root / "port").write_text(str(self.port))
        self._php(
            "maintenance/install.php",
            "--dbtype=sqlite",
            f"--dbpath={self.data}",
            "--dbname=wiki",
            f"--server={self.base_url}",
            "--scriptpath=",
            "--lang=en",
            f"--pass={self.PASSWORD}",
            f"--confpath={self.root}",
            "--skins=Vector",
            "Real Wiki",
            self.ADMIN,
        )
        with self.settings.open("a", encoding="utf-8") as settings:
            settings.write(EXTRA_SETTINGS)
        self._php(str(HERE / "seed.php"), f"--admin={self.ADMIN}")
        # The seed queued jobs (links updates, watchlist notifications): run them all now, so that the database the
        # audit starts from has no pending work that a page view could set off.
        self._php("maintenance/runJobs.php")
        self._php("maintenance/initSiteStats.php", "--update")
        (self.data / "seeded").write_text("ok")
        return self

    # -- serve ------------------------------------------------------------------------------------------------------
    def start(self) -> MediaWiki:
        if not self.installed:
            self.install()
        log = self.access_log_path.open("ab")
        env = {**self.env(), "PHP_CLI_SERVER_WORKERS": "4", "MW_WRITE_LOG": str(self.write_log_path)}
        # -S 127.0.0.1: loopback only; -t: Debian's code as document root (its static files served as they are);
        # router.php records the fields of every request that is not a GET/HEAD/OPTIONS, then lets the server go on
        self.process = subprocess.Popen(
            [PHP, "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI), str(HERE / "router.php")],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base_url + "/load.php?modules=startup&only=scripts", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"the PHP server did not start: {self.access_log_path.read_text()[-2000:]}"
                    ) from exc
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the server and its workers, started in their own session
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def __enter__(self) -> MediaWiki:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests(self) -> list[Request]:
        """Every request the PHP server answered, in order (the log of this directory, every start included)."""
        if not self.access_log_path.exists():
            return []
        return [
            Request(m.group(3), m.group(4), int(m.group(2)), _log_time(m.group(1)))
            for m in map(_LOG_LINE.search, self.access_log_path.read_text(errors="replace").splitlines())
            if m
        ]

    def writes(self) -> list[dict]:
        """What each request other than GET/HEAD/OPTIONS carried (router.php): time, method, uri, fields (passwords
        and tokens redacted), body, referer, user_agent."""
        if not self.write_log_path.exists():
            return []
        return [json.loads(line) for line in self.write_log_path.read_text().splitlines() if line.strip()]

    # -- database dump ----------------------------------------------------------------------------------------------
    def database_files(self) -> list[Path]:
        return sorted(p for p in self.data.glob("*.sqlite"))

    def dump(self) -> dict[str, dict[str, list[dict]]]:
        """{file: {table: [row as {column: value}, …] sorted}}, every table of every SQLite file of the wiki.
        Read with the server stopped (or idle): this is the state of the application's data."""
        result: dict[str, dict[str, list[dict]]] = {}
        for path in self.database_files():
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            connection.text_factory = lambda raw: raw.decode("utf-8", "backslashreplace")
            try:
                tables = [
                    r[0]
                    for r in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                    )
                ]
                result[path.name] = {}
                for table in tables:
                    cursor = connection.execute(f'SELECT * FROM "{table}"')
                    columns = [d[0] for d in cursor.description]
                    rows = [
                        dict(zip(columns, (v.hex() if isinstance(v, bytes) else v for v in row), strict=True))
                        for row in cursor
                    ]
                    rows.sort(key=lambda r: json.dumps(r, sort_keys=True, default=str))
                    result[path.name][table] = rows
            finally:
                connection.close()
        return result

    def sql_dump(self, out: Path) -> None:
        """`sqlite3 FILE .dump` of each database into out/, for a person to diff (when the sqlite3 tool is there)."""
        out.mkdir(parents=True, exist_ok=True)
        sqlite = shutil.which("sqlite3")
        if not sqlite:
            return
        for path in self.database_files():
            with (out / (path.stem + ".sql")).open("w") as target:
                subprocess.run([sqlite, f"file:{path}?mode=ro", ".dump"], stdout=target, check=False)


@dataclass(frozen=True)
class Exclusion:
    """Data left out of the before/after comparison, by name, with the reason: a whole table (column and where
    None), one column of a table, or the rows of a table a predicate (described by where) selects."""

    file: str
    table: str
    why: str
    column: str | None = None
    where: str | None = None  # a description of the rows, e.g. "job_cmd = 'activityUpdateJob'"
    rows: Callable[[dict], bool] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        what = f"{self.table}.{self.column}" if self.column else self.table
        return f"{self.file}: {what}" + (f" where {self.where}" if self.where else "")


def _kept_rows(
    dump: dict, name: str, table: str, dropped: set[str], filters: list[Callable[[dict], bool]]
) -> list[str]:
    """The table's rows as comparable JSON, without the dropped columns nor the rows a filter selects."""
    return [
        json.dumps({k: v for k, v in row.items() if k not in dropped}, sort_keys=True, default=str)
        for row in dump.get(name, {}).get(table, [])
        if not any(f(row) for f in filters)
    ]


def diff_dumps(before: dict, after: dict, excluded: Sequence[Exclusion] = ()) -> dict:
    """What differs between two dumps: {"file:table": {"removed": [rows], "added": [rows]}}, after the exclusions.

    Rows are compared as multisets of every remaining column."""
    changes: dict[str, dict] = {}
    for name in sorted(set(before) | set(after)):
        for table in sorted(set(before.get(name, {})) | set(after.get(name, {}))):
            rules = [e for e in excluded if e.file == name and e.table == table]
            if any(e.column is None and e.rows is None for e in rules):
                continue
            dropped = {e.column for e in rules if e.column}
            filters = [e.rows for e in rules if e.rows]
            old = Counter(_kept_rows(before, name, table, dropped, filters))
            new = Counter(_kept_rows(after, name, table, dropped, filters))
            if old == new:
                continue
            changes[f"{name}:{table}"] = {
                "removed": [json.loads(r) for r in sorted((old - new).elements())],
                "added": [json.loads(r) for r in sorted((new - old).elements())],
            }
    return changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["serve", "install", "dump"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/ent-audit-mediawiki"))
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    wiki = MediaWiki(args.dir, args.port)
    if args.command == "install" or (args.command == "serve" and not wiki.installed):
        started = time.monotonic()
        wiki.install()
        print(f"installed and seeded in {time.monotonic() - started:.0f} s: {args.dir}", flush=True)
    if args.command == "dump":
        print(json.dumps(wiki.dump(), indent=1, sort_keys=True, default=str))
    elif args.command == "serve":

        def interrupt(*_: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGINT, interrupt)  # also when started in the background, where SIGINT is ignored
        signal.signal(signal.SIGTERM, interrupt)
        with wiki:
            print(f"{wiki.base_url}/  administrator {wiki.ADMIN} / {wiki.PASSWORD}  (Ctrl-C stops)", flush=True)
            try:
                wiki.process.wait()
            except KeyboardInterrupt:
                pass


if __name__ == "__main__":
    main()
