"""session_requests: how many protected HTML pages each session has been served."""

from __future__ import annotations

import threading
from collections import OrderedDict


class SessionMeter:
    """Counts pages per session key; limit 0 means sessions never expire."""

    def __init__(self, limit: int, keep: int = 5000) -> None:
        self.limit = limit
        self._keep = keep
        self._pages: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def admit(self, key: str) -> bool:
        """Count one more page for this session; False (nothing counted) once the limit is reached."""
        if self.limit <= 0:
            return True
        with self._lock:
            used = self._pages.get(key, 0)
            if used >= self.limit:
                self._pages.pop(key, None)
                return False
            self._pages[key] = used + 1
            while len(self._pages) > self._keep:
                self._pages.popitem(last=False)
            return True
