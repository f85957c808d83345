"""Facts about the browser ent-audit drives (Debian's Chromium)."""
from __future__ import annotations

import re
import subprocess
from functools import lru_cache

from crawler import PROJECT_URL, __version__

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
    return (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{version} "
            f"Safari/537.36 ent-audit/{__version__} (+{PROJECT_URL})")
