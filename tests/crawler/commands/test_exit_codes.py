"""Each documented exit code, produced by the command in this process without a browser: 0 and 1 (``--fail-on``
thresholds both ways) by ``ent-audit report`` on the golden demo run's store, 2 a bad ``--fail-on`` condition, 3 a
site that cannot be reached, 4 an output directory that cannot be written. (The browser tests cover the rest: a
refused login and a missing engine exit 3, tests/crawler/commands/test_cli_errors.py and test_no_axe.py; a full disk
exits 4, tests/crawler/test_output_errors.py.)"""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
from pathlib import Path

import pytest

from ent_audit.crawler import runner
from ent_audit.crawler.commands import main as ent_audit
from ent_audit.crawler.commands.options import EXIT_CODES, EXIT_OUTPUT
from tests.reports.test_golden import GOLDEN, RUN_ID


@pytest.fixture(scope="module")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden demo run (24 pages, 7 critical axe violations, the heaviest page 1.56 MB) in a history store."""
    path = tmp_path_factory.mktemp("golden") / "history.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(gzip.decompress((GOLDEN / "demo-store.sql.gz").read_bytes()).decode())
    return path


def main(argv: list[str]) -> int:
    """The command in English: these tests read its English lines (test_language.py reads the French ones)."""
    return ent_audit([*argv, "--lang", "en"])


def report(db: Path, out: Path, *fail_on: str) -> list[str]:
    args = ["report", "--run", RUN_ID, "--db", str(db), "--format", "json", "--out", str(out)]
    return args + [arg for spec in fail_on for arg in ("--fail-on", spec)]


def stderr_lines(capsys) -> list[str]:
    return capsys.readouterr().err.splitlines()


@pytest.fixture
def engines_found(monkeypatch):
    """The engines are looked for before the site is (tests/crawler/test_engines.py, commands/test_no_axe.py): taken as
    found here, where the site is what is missing, so that these tests need no Chromium (make check installs none)."""
    monkeypatch.setattr(runner, "require_engines", lambda config: None)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_exit_codes_are_the_documented_ones():
    assert [code for code, _ in EXIT_CODES] == [0, 1, 2, 3, 4, 130]
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    for code, _ in EXIT_CODES:
        assert f"| `{code}` |" in readme, code


def test_exit_0_when_every_threshold_passes(golden_db, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(report(golden_db, out, "a11y-critical=7,weight>6MB", "ecoindex<F,errors=0,requests>109,session-lost"))
    assert code == 0 and stderr_lines(capsys) == []
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["run"]["id"] == RUN_ID


def test_exit_1_when_a_threshold_fails_one_line_each_and_the_outputs_are_written(golden_db, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(report(golden_db, out, "a11y-critical=0,errors=0", "weight>5MB")) == 1
    assert stderr_lines(capsys) == [
        "ent-audit: --fail-on a11y-critical=0: 7 critical axe violations on 7 pages, more than 0",
        "ent-audit: --fail-on weight>5MB: 1 page over 5.00 MB on the wire, the most 5.36 MB "
        "(http://127.0.0.1:41313/classe/fil)",
    ]
    assert (out / "results.json").stat().st_size > 0


def test_exit_1_when_accessibility_was_not_tested(golden_db, tmp_path, capsys):
    """The same run stored as if audited with --no-axe: an accessibility threshold cannot pass."""
    db = tmp_path / "no-axe.sqlite"
    with sqlite3.connect(golden_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
        (settings,) = copy.execute("SELECT settings FROM runs WHERE id = ?", (RUN_ID,)).fetchone()
        settings = json.loads(settings)
        settings["capture"]["accessibility"] = False
        copy.execute("UPDATE runs SET settings = ? WHERE id = ?", (json.dumps(settings), RUN_ID))
    assert main(report(db, tmp_path / "out", "a11y-serious=1000,weight>6MB")) == 1
    (line,) = stderr_lines(capsys)
    assert line.startswith("ent-audit: --fail-on a11y-serious=1000: not measured: turned off (--no-axe"), line


@pytest.mark.parametrize("command", ["report", "audit"])
def test_exit_2_on_a_bad_condition_before_anything_runs(golden_db, tmp_path, capsys, command):
    args = (
        report(golden_db, tmp_path / "out", "a11y-critical=0,ecoindex<H")
        if command == "report"
        else ["audit", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path / "out"), "--fail-on", "ecoindex<H"]
    )
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    (line,) = stderr_lines(capsys)
    assert "--fail-on: bad condition 'ecoindex<H' ('H' is not a grade A to G); accepted: " in line, line
    assert "a11y-critical=N" in line and "weight>SIZE" in line and "session-lost" in line
    assert not (tmp_path / "out").exists()  # nothing written, nothing crawled


def test_exit_2_for_an_accessibility_threshold_with_no_axe_before_the_crawl(tmp_path, capsys, engines_found):
    """Stopped before the reachability check (which would exit 3 on this closed port)."""
    url = f"http://127.0.0.1:{closed_port()}/"
    db = tmp_path / "history.sqlite"
    args = ["audit", url, "--out", str(tmp_path / "out"), "--db", str(db), "--no-axe", "--lighthouse", "0"]
    assert main([*args, "--fail-on", "weight>2MB,a11y-critical=0"]) == 2
    (line,) = stderr_lines(capsys)
    assert "--fail-on a11y-critical=0 needs the accessibility test, which --no-axe" in line, line
    assert main([*args, "--fail-on", "weight>2MB"]) == 3  # without it, the same audit goes on, to the site
    assert "cannot reach" in capsys.readouterr().err


def test_exit_3_when_the_site_cannot_be_reached(tmp_path, capsys, engines_found):
    url = f"http://127.0.0.1:{closed_port()}/"
    db = tmp_path / "history.sqlite"
    assert main(["audit", url, "--out", str(tmp_path / "out"), "--db", str(db), "--lighthouse", "0", "--quiet"]) == 3
    (line,) = stderr_lines(capsys)
    assert line.startswith(f"ent-audit: error: cannot reach {url} (") and "check the URL" in line, line


def test_exit_4_when_the_output_directory_cannot_be_written(golden_db, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(report(golden_db, tmp_path / "file" / "out", "a11y-critical=0")) == EXIT_OUTPUT == 4
    (line,) = stderr_lines(capsys)  # no threshold judged: nothing was written
    assert "output directory" in line and "not writable" in line and "--out" in line, line
