"""Facts about the browser ent-audit drives (Debian's Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
from functools import lru_cache
from pathlib import Path

from ent_audit import PROJECT_URL, __version__

CHROMIUM = "/usr/bin/chromium"


@lru_cache(maxsize=1)
def chromium_version(path: str = CHROMIUM) -> str:
    """'156.0.8078.108', or '' when Chromium is missing."""
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    match = re.search(r"(\d+\.\d+\.\d+\.\d+)", out)
    return match.group(1) if match else ""


def browser_user_agent() -> str:
    """A desktop Chrome user agent that also names ent-audit, so site operators can recognise the audit."""
    version = chromium_version() or "0.0.0.0"
    return (
        f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{version} "
        f"Safari/537.36 ent-audit/{__version__} (+{PROJECT_URL})"
    )


# Speculation rules, <link rel=prefetch|prerender> loads bypass every DevTools interception (checked in Chromium 156:
# neither a browser- nor a page-level Fetch session sees them), and no command-line flag turns them off. Chromium's
# "NetworkPredictionOptions" policy = 2 does (Debian's Chromium reads /etc/chromium/policies/managed/); `make setup`
# installs this file. Without it, the read-only guard cannot stop a page that preloads a logout URL.
POLICY_DIR = Path("/etc/chromium/policies/managed")
PRELOADING_POLICY = {"NetworkPredictionOptions": 2}


def preloading_disabled(policy_dir: Path = POLICY_DIR) -> bool:
    """True when a managed policy of this machine's Chromium turns preloading (prefetch, prerender) off."""
    try:
        files = sorted(policy_dir.glob("*.json"))
    except OSError:
        return False
    for path in files:
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("NetworkPredictionOptions") == 2:
                return True
        except (OSError, ValueError, AttributeError):
            continue
    return False
