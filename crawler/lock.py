"""One audit at a time per site and profile: a lock file beside the history store.

Two runs of the same site and profile at once (a nightly timer firing while a manual run goes on) would log in
twice, load the site twice as hard and interleave their pruning; the second one stops, or waits with --wait.
``fcntl.flock`` is released by the kernel when the process dies, so a crash or a kill never leaves a stale lock.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class LockedError(RuntimeError):
    """Another run of the same site and profile holds the lock; one line naming the site and the PID."""


def lock_path(db_path: Path, site: str, profile: str) -> Path:
    """``<store's directory>/ent-audit-<hash>.lock``: a hash, since site names hold spaces, accents and slashes."""
    digest = hashlib.sha256(f"{site}\x1f{profile}".encode("utf-8")).hexdigest()[:16]
    return Path(db_path).parent / f"ent-audit-{digest}.lock"


def _holder(fd: int) -> str:
    """The PID the holder wrote into the file (read through our own descriptor, never truncated by us)."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace")
    except OSError:
        return "?"
    return text.split()[0] if text.split() else "?"


@contextmanager
def run_lock(db_path: Path, site: str, profile: str, wait: bool = False,
             on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the site+profile lock for the ``with`` block; LockedError at once when another process holds it,
    unless ``wait`` (then ``on_wait(pid)`` is told once and the call blocks until the lock is free)."""
    path = lock_path(db_path, site, profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC (Python's default): Chromium and other children must not inherit, hence keep, the lock.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder(fd)
            who = f"{site} ({profile})" if profile else site
            if not wait:
                raise LockedError(f"another audit of {who} is running (PID {pid}, lock {path}): wait for it to "
                                  "end, or add --wait to start when it does") from None
            if on_wait:
                on_wait(pid)
            fcntl.flock(fd, fcntl.LOCK_EX)
        # Ours now: write who holds it, for the message the next run prints.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {site} · {profile}\n".encode("utf-8"), 0)
        yield path
    finally:
        os.close(fd)  # closing the last descriptor releases the flock; the file stays (unlinking would race)
