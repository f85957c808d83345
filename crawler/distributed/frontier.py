"""RedisFrontier: ent-audit's page budget and per-template cap, and the sampled templates, held by atomic Lua scripts
in Redis, so each (profile, URL) is admitted once and the caps hold across workers."""

from __future__ import annotations

from typing import Any

from ent_audit.crawler.distributed.connection import namespace
from ent_audit.crawler.frontier import EXAMPLES
from ent_audit.crawler.urls import template_of

SEP = "\x1f"

_ADMIT = """
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[4])
redis.call('SADD', KEYS[5], ARGV[5])
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'already queued' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'page budget' end
local cap = tonumber(ARGV[3])
if cap > 0 and redis.call('LLEN', KEYS[2]) >= cap then return 'template cap' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return ''
"""

_SAMPLE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""


class RedisFrontier:
    """crawler/frontier.py's Frontier with its counters in Redis: the same answers, shared by every worker of a
    run."""

    def __init__(self, redis: Any, run_id: str, max_pages: int, max_per_template: int) -> None:
        self.redis, self.ns = redis, namespace(run_id)
        self.max_pages, self.max_per_template = max_pages, max_per_template
        self._admit = redis.register_script(_ADMIT)
        self._sample = redis.register_script(_SAMPLE)

    def _template_keys(self, profile: str, template: str) -> tuple[str, str]:
        member = f"{profile}{SEP}{template}"
        return f"{self.ns}:tpl-audited:{member}", f"{self.ns}:tpl-seen:{member}"

    def admit(self, profile: str, url: str) -> str:
        """Empty when the page is to be audited (and counts from now on), else why not."""
        template = template_of(url)
        audited, seen = self._template_keys(profile, template)
        keys = [f"{self.ns}:admitted:{profile}", audited, seen, f"{self.ns}:templates", f"{self.ns}:profiles"]
        return (
            self._admit(
                keys=keys, args=[url, self.max_pages, self.max_per_template, f"{profile}{SEP}{template}", profile]
            )
            or ""
        )

    def scheduled(self, profile: str | None = None) -> int:
        profiles = [profile] if profile is not None else self.redis.smembers(f"{self.ns}:profiles")
        return sum(self.redis.scard(f"{self.ns}:admitted:{name}") for name in profiles)

    def take_sample(self, template: str, limit: int) -> bool:
        return bool(self._sample(keys=[f"{self.ns}:sampled"], args=[template, limit]))

    def report(self) -> list[dict[str, Any]]:
        rows = []
        for member in self.redis.smembers(f"{self.ns}:templates"):
            profile, template = member.split(SEP, 1)
            audited, seen = self._template_keys(profile, template)
            rows.append(
                {
                    "template": (f"{profile} · " if profile else "") + template,
                    "seen": self.redis.scard(seen),
                    "audited": self.redis.llen(audited),
                    "examples": self.redis.lrange(audited, 0, EXAMPLES - 1),
                }
            )
        return sorted(rows, key=lambda row: (-row["seen"], row["template"]))
