"""An output that cannot be written is exit 4, one line: an output directory that cannot be written stops the audit
before any crawl; a disk that fills up while the results are written stops it cleanly, the pages stay in the store,
and ``ent-audit report --run ID`` writes the outputs later."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from ent_audit.crawler import commands as cli
from ent_audit.crawler import runner
from ent_audit.demo_ent.server import DemoENT
from ent_audit.reports.store import Store
from tests.conftest import CREDENTIALS, ENT_AUDIT, ROOT, login_config, run_cli


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.split("\n")
    assert len(lines) == 2 and lines[1] == "", stderr
    return lines[0]


def _mount(target: Path, *options: str) -> bool:
    """A small tmpfs (root only); False where mounting is not permitted."""
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


# -- unwritable output directory: exit 4 before the crawl ------------------------------------------------------------


def _read_only_dir(tmp_path: Path):
    """A directory nobody can write into: a read-only tmpfs (root), or a mode-0555 directory (not root)."""
    target = tmp_path / "lecture-seule"
    if os.geteuid() != 0:
        target.mkdir()
        target.chmod(0o555)
        return target, lambda: target.chmod(0o755)
    if _mount(target, "ro", "size=64k"):
        return target, lambda: _umount(target)
    pytest.skip("root without the right to mount a read-only tmpfs: no directory root cannot write into")


@pytest.mark.browser
@pytest.mark.parametrize("where", ["under a regular file", "a regular file", "a read-only directory"])
def test_unwritable_output_directory_stops_before_crawling(tmp_path, make_ent, where):
    ent = make_ent()
    config = login_config(ent, tmp_path / "ent.toml")
    cleanup = None
    if where == "under a regular file":
        (tmp_path / "fichier").write_text("x")
        out = tmp_path / "fichier" / "rapport"
    elif where == "a regular file":
        out = tmp_path / "rapport.html"
        out.write_text("x")
    else:
        out, cleanup = _read_only_dir(tmp_path)
    try:
        done = run_cli(
            "audit",
            ent.base_url + "/",
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(tmp_path / "history.sqlite"),
            "--lang",
            "en",
            env=CREDENTIALS,
        )
    finally:
        if cleanup:
            cleanup()
    assert done.returncode == 4, done.stderr
    line = one_line(done.stderr)
    assert "output directory" in line and "not writable" in line and "--out" in line, line
    assert ent.entries() == [] and ent.logins == 0  # not one request: the check comes before any crawl or login


@pytest.mark.browser
def test_report_into_an_unwritable_directory_is_exit_4(stored_after_full_disk, tmp_path):
    (tmp_path / "fichier").write_text("x")
    done = run_cli(
        "report",
        "--run",
        stored_after_full_disk["run_id"],
        "--db",
        str(stored_after_full_disk["db"]),
        "--out",
        str(tmp_path / "fichier" / "rapport"),
        "--lang",
        "en",
    )
    assert done.returncode == 4
    assert "not writable" in one_line(done.stderr)


# -- a full disk while the results are written: exit 4, pages kept, report later ------------------------------------

# Run in the child process when no tmpfs can be mounted: every write into the output directory fails as on a full
# disk once the crawl is over (the probe of prepare_output, a few bytes, still succeeds, as on a nearly full disk).
_INJECT_ENOSPC = """
import errno, pathlib, sys
from ent_audit.crawler import commands as cli
out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1]).resolve()
real = pathlib.Path.write_text
def write_text(self, data, *args, **kwargs):
    if pathlib.Path(self).resolve().parent == out and not self.name.startswith(".ent-audit-write-test"):
        real(self, data[: len(data) // 2], *args, **kwargs)  # half written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", str(self))
    return real(self, data, *args, **kwargs)
pathlib.Path.write_text = write_text
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module", params=["tmpfs", "injected"])
def stored_after_full_disk(request, tmp_path_factory):
    """An audit whose --out is a 16 kB tmpfs (a real full disk; root only) or whose writes into --out fail with
    ENOSPC (injected in the child process)."""
    work = tmp_path_factory.mktemp(f"full-disk-{request.param}")
    out = work / "plein"
    if request.param == "tmpfs" and not _mount(out, "size=16k"):
        pytest.skip("mounting a tmpfs is not permitted here (the injected ENOSPC variant covers the behaviour)")
    with DemoENT().start() as ent:
        config = login_config(ent, work / "ent.toml")
        db = work / "history.sqlite"
        args = [
            "audit",
            ent.base_url + "/",
            "--lang",
            "en",
            "--config",
            str(config),
            "--out",
            str(out),
            "--db",
            str(db),
            "--max-pages",
            "4",
            "--max-depth",
            "1",
            "--sample-pages",
            "0",
            "--lighthouse",
            "0",
            "--quiet",
        ]
        command = [*ENT_AUDIT, *args] if request.param == "tmpfs" else [sys.executable, "-c", _INJECT_ENOSPC, *args]
        env = {**os.environ, "PYTHONPATH": str(ROOT), **CREDENTIALS}
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
            left = sorted(p.name for p in out.iterdir())
        finally:
            if request.param == "tmpfs":
                _umount(out)
    with Store(db) as store:
        run_id = store.latest_run_id()
        run, pages = store.run(run_id), store.pages(run_id)
    return {
        "kind": request.param,
        "done": done,
        "left": left,
        "db": db,
        "run_id": run_id,
        "run": run,
        "pages": pages,
        "work": work,
    }


@pytest.mark.browser
def test_full_disk_is_a_clean_stop_with_exit_4(stored_after_full_disk):
    done = stored_after_full_disk["done"]
    assert done.returncode == 4, done.stderr[-2000:]
    line = one_line(done.stderr)
    run_id = stored_after_full_disk["run_id"]
    assert "cannot write the results" in line and "No space left on device" in line, line
    assert f"ent-audit report --run {run_id}" in line, line
    assert done.stdout == ""
    assert not [name for name in stored_after_full_disk["left"] if name.endswith(".tmp")], stored_after_full_disk[
        "left"
    ]  # no half-written file left behind


@pytest.mark.browser
def test_full_disk_keeps_the_measured_pages_and_report_writes_them_later(stored_after_full_disk, tmp_path):
    assert stored_after_full_disk["run"]["status"] == "finished"
    pages = stored_after_full_disk["pages"]
    assert len(pages) == 4 and not [p for p in pages if p["error"]]
    out = tmp_path / "plus-tard"
    done = run_cli(
        "report",
        "--run",
        stored_after_full_disk["run_id"],
        "--db",
        str(stored_after_full_disk["db"]),
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["id"] == stored_after_full_disk["run_id"]
    assert sorted(p["url"] for p in results["pages"]) == sorted(p["url"] for p in pages)
    for name in ("report.html", "pages.csv", "resources.csv", "junit.xml", "gl-code-quality.json"):
        assert (out / name).stat().st_size > 0, name


@pytest.mark.browser
def test_report_command_on_a_full_disk_in_process(stored_after_full_disk, tmp_path, monkeypatch):
    """``crawler.cli.main(["report", ...])`` in this process, every write of an output failing with ENOSPC: exit
    4, one line, no partial file."""
    if stored_after_full_disk["kind"] != "injected":
        pytest.skip("once is enough")
    out = tmp_path / "plein"
    real = Path.write_text

    def full(self, data, *args, **kwargs):
        if self.parent == out and not self.name.startswith(".ent-audit-write-test"):
            real(self, data[:100], *args, **kwargs)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = cli.main(
            [
                "report",
                "--run",
                stored_after_full_disk["run_id"],
                "--db",
                str(stored_after_full_disk["db"]),
                "--out",
                str(out),
            ]
        )
    assert code == 4
    assert "No space left on device" in one_line(err.getvalue())
    assert sorted(p.name for p in out.iterdir()) == []
    with pytest.raises(runner.OutputError, match=stored_after_full_disk["run_id"]):
        runner.render_from_store(stored_after_full_disk["db"], None, ["json"], out)
