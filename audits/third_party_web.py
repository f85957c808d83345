"""Who a third-party host belongs to and what it does, from the third-party-web dataset (Patrick Hulce, MIT), the one
Lighthouse uses: its entities (name, company, category) by domain.

The dataset travels with the package (audits/vendor/third-party-web/, trimmed by `make vendor-third-party-web` from
the copy Lighthouse installs in node_modules): a wheel user has no node_modules. The lookup follows the dataset's own
library (lib/create-entity-finder-api.js): the exact host, then its subdomains down to the root domain
(``*.example.com`` entries), then the root domain. Whether a host is first or third party is not decided here: the
crawler's own rules (same site, same ENT, SSO domains) decide it, and only third-party hosts are looked up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

VENDOR = Path(__file__).parent / "vendor" / "third-party-web"
# The dataset's root domain: the last two labels, three for gov|com|co|ne.<two letters> (example.co.uk)
_ROOT_DOMAIN = re.compile(r"[^.]+\.([^.]+|(gov|com|co|ne)\.\w{2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    name: str  # "Google Analytics"
    company: str  # "Google"
    category: str  # "ad", "analytics", "social", "tag-manager", "cdn", "utility"…


@dataclass(frozen=True)
class Dataset:
    version: str
    by_domain: dict[str, Entity]
    by_subdomain: dict[str, Entity]
    by_root: dict[str, Entity]

    def entity(self, url: str) -> Entity | None:
        """The entity serving ``url`` (an URL or a bare host), or None: an unknown host, an IP address, no host."""
        try:
            host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").rstrip(".").lower()
        except ValueError:
            return None
        if not host or _is_ip(host):
            return None
        if host in self.by_domain:
            return self.by_domain[host]
        root = root_domain(host)
        sub = host
        while len(sub) > len(root):
            if sub in self.by_subdomain:
                return self.by_subdomain[sub]
            sub = sub.split(".", 1)[1]
        return self.by_root.get(root)


def root_domain(host: str) -> str:
    match = _ROOT_DOMAIN.search(host)
    return match.group(0) if match else host


def _is_ip(host: str) -> bool:
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The packaged dataset, read once."""
    version = json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))["version"]
    by_domain: dict[str, Entity] = {}
    by_subdomain: dict[str, Entity] = {}
    by_root: dict[str, Entity] = {}
    for raw in json.loads((VENDOR / "entities.json").read_text(encoding="utf-8")):
        entity = Entity(raw["name"], raw.get("company") or raw["name"], raw["category"])
        for domain in raw["domains"]:
            by_domain[domain] = entity
            if domain.startswith("*."):
                wildcard = domain[2:]
                (by_root if wildcard == root_domain(domain) else by_subdomain)[wildcard] = entity
    return Dataset(f"third-party-web {version}", by_domain, by_subdomain, by_root)


def entity(url: str) -> Entity | None:
    return dataset().entity(url)
