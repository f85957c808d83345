"""The run's Redis: its key namespace, the client, and how its URL may be shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

LATEST_KEY = "ent-audit:latest-run"  # the run a coordinator opened last: `ent-audit worker --run latest`


def namespace(run_id: str) -> str:
    return f"ent-audit:{run_id}"


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, socket_connect_timeout=10)


def redact_redis_url(url: str) -> str:
    """A Redis URL as it may be shown: its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{host}"))


def connect(redis_url: str) -> Any:
    from ent_audit.crawler.launch import AuditError

    try:
        client = redis_client(redis_url)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - redis' connection and auth errors, and a malformed URL
        raise AuditError(
            f"cannot reach Redis at {redact_redis_url(redis_url)} ({type(exc).__name__}): check --redis "
            "and that redis-server runs"
        ) from None
    return client
