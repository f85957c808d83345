"""Authentication state: login flow keys (CAS execution, CSRF tokens), service tickets, TGCs, ENT
sessions, and the login / expired-session counters.

Thread-safe; every store is bounded so a crawler hammering /cas/login cannot grow memory.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Ticket:
    username: str
    service: str


class _BoundedStore:
    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[str, object] = OrderedDict()
        self._limit = limit

    def put(self, key: str, value: object) -> None:
        self._items[key] = value
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def get(self, key: str) -> object | None:
        return self._items.get(key)

    def pop(self, key: str) -> object | None:
        return self._items.pop(key, None)

    def keys_for(self, value: object) -> list[str]:
        return [key for key, item in self._items.items() if item == value]


class AuthStore:
    def __init__(self, limit: int = 5000) -> None:
        self._lock = threading.Lock()
        self._executions = _BoundedStore(limit)
        self._tickets = _BoundedStore(limit)
        self._tgcs = _BoundedStore(limit)
        self._sessions = _BoundedStore(limit)
        self.logins = 0  # sessions opened (successful logins, all kinds)
        # Every secret handed out (service tickets, SSO cookies, session keys), newest last: tests look for them
        # in what the auditor wrote (tests/crawler/test_secrets.py).
        self.issued: deque[tuple[str, str]] = deque(maxlen=limit)
        self.expired_sessions = 0  # sessions ended by the session_requests limit

    # -- login flow ---------------------------------------------------------
    def new_execution(self) -> str:
        key = secrets.token_urlsafe(48)
        with self._lock:
            self._executions.put(key, True)
        return key

    def consume_execution(self, key: str) -> bool:
        with self._lock:
            return bool(key) and self._executions.pop(key) is not None

    # -- ticket granting cookie (SSO at /cas) --------------------------------
    def new_tgc(self, username: str) -> str:
        key = "TGT-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tgcs.put(key, username)
            self.issued.append(("tgc", key))
        return key

    def tgc_user(self, key: str) -> str | None:
        with self._lock:
            user = self._tgcs.get(key) if key else None
        return user if isinstance(user, str) else None

    def drop_tgc(self, key: str) -> None:
        with self._lock:
            self._tgcs.pop(key)

    def drop_user_tgcs(self, username: str) -> None:
        """Forget every SSO ticket-granting cookie of a user (a timed-out SSO session)."""
        with self._lock:
            for key in self._tgcs.keys_for(username):
                self._tgcs.pop(key)

    # -- service tickets (single use) ------------------------------------------
    def new_ticket(self, username: str, service: str) -> str:
        key = "ST-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tickets.put(key, Ticket(username, service))
            self.issued.append(("ticket", key))
        return key

    def consume_ticket(self, key: str) -> Ticket | None:
        with self._lock:
            ticket = self._tickets.pop(key)
        return ticket if isinstance(ticket, Ticket) else None

    # -- ENT sessions ------------------------------------------------------------
    def new_session(self, username: str) -> str:
        key = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions.put(key, username)
            self.issued.append(("session", key))
            self.logins += 1
        return key

    def session_user(self, key: str) -> str | None:
        with self._lock:
            user = self._sessions.get(key) if key else None
        return user if isinstance(user, str) else None

    def drop_session(self, key: str) -> None:
        with self._lock:
            self._sessions.pop(key)

    def expire_session(self, key: str) -> None:
        """End a live session because it timed out (counted in expired_sessions)."""
        with self._lock:
            if self._sessions.pop(key) is not None:
                self.expired_sessions += 1
