"""One audit at a time per origin and profile: lock files beside the history store.

Two runs of the same site and profile at once (a nightly timer firing while a manual run goes on) would log in
twice, load the site twice as hard and interleave their pruning; the second one stops, or waits with --wait.
The key is what the audit actually talks to: the origins (scheme, host, port) of its start URLs and the profiles
it logs in as. Keying on the configured site name let two names of one site run together, and keying on the host
made two sites on one host (``127.0.0.1:8001`` and ``127.0.0.1:8002``) wait for each other.

One lock file per (origin, profile) pair, taken in sorted order: an audit of ``élève, parent`` and one of
``élève`` alone, or of origins {A, B} and {A}, share a pair and exclude each other; the global order means two
waiting runs can never deadlock. ``fcntl.flock`` is released by the kernel when the process dies, so a crash or a
kill never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from ent_audit.i18n import tr

_DEFAULT_PORTS = {"http": 80, "https": 443}


class LockedError(RuntimeError):
    """Another run of the same origin and profile holds the lock; one line naming the site and the PID."""


def origin_key(url: str) -> str:
    """``scheme://host:port``, lower case, the default port written out (``https://x`` == ``https://X:443/a``).
    No user info, path or query: nothing secret can reach the lock file or the message."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")  # hostname is lower-cased; "x." is the same host as "x"
    if ":" in host:  # IPv6 literal: brackets again, as in a URL
        host = f"[{host}]"
    port = parts.port or _DEFAULT_PORTS.get(scheme)  # a port out of range raises ValueError: config validation
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


def lock_keys(start_urls: Iterable[str], profiles: Iterable[str] | str) -> list[tuple[str, str]]:
    """The (origin, profile) pairs an audit locks, sorted (the order locks are taken in)."""
    names = [profiles] if isinstance(profiles, str) else list(profiles)
    origins = {origin_key(url) for url in start_urls}
    return sorted((origin, profile) for origin in origins for profile in set(names or [""]))


def lock_path(db_path: Path, origin: str, profile: str) -> Path:
    """``<store's directory>/ent-audit-<hash>.lock``: a hash, since origins hold colons and profiles accents."""
    key = f"{origin_key(origin)}\x1f{profile}"
    return Path(db_path).parent / f"ent-audit-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.lock"


def _holder(fd: int) -> str:
    """The PID the holder wrote into the file (read through our own descriptor, never truncated by us)."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace")
    except OSError:
        return "?"
    return text.split()[0] if text.split() else "?"


def _describe(site: str, origin: str, profile: str) -> str:
    """``Collège A (https://ent.example.fr:443, élève)``: the configured name, and the origin actually locked."""
    details = ", ".join(part for part in (origin, profile) if part)
    return f"{site} ({details})" if site else details


@contextmanager
def run_lock(
    db_path: Path,
    start_urls: Iterable[str],
    profiles: Iterable[str] | str,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    *,
    site: str = "",
) -> Iterator[list[Path]]:
    """Hold the locks of every (origin of ``start_urls``, profile) pair for the ``with`` block; LockedError at
    once when another process holds one, unless ``wait`` (then ``on_wait(pid)`` is told once and the call blocks
    until all are free). ``site``: the configured name, for the message only. Yields the lock files."""
    keys = lock_keys(start_urls, profiles)
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    told = False
    with ExitStack() as held:
        paths = []
        for origin, profile in keys:
            path = lock_path(db_path, origin, profile)
            # O_CLOEXEC (Python's default): Chromium and other children must not inherit, hence keep, the lock.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            # Closing the last descriptor releases the flock; the file stays (unlinking would race).
            held.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = _holder(fd)
                if not wait:  # the pairs already taken are released by the ExitStack
                    raise LockedError(
                        tr(
                            "another audit of {describe} is running (PID {pid}, lock {path}): wait "
                            "for it to end, or add --wait to start when it does"
                        ).format(describe=_describe(site, origin, profile), pid=pid, path=path)
                    ) from None
                if on_wait and not told:
                    on_wait(pid)
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            # Ours now: write who holds it, for the message the next run prints.
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {site} · {origin} · {profile}\n".encode(), 0)
            paths.append(path)
        yield paths
