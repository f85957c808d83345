"""The demo accounts: the pupil, and optionally a parent; credential checks and user records."""

from __future__ import annotations

import secrets

from . import content

User = dict[str, str]


class Accounts:
    def __init__(self, pupil: tuple[str, str], parent: tuple[str, str] | None = None) -> None:
        self.pupil_username = pupil[0]
        self.parent_username = parent[0] if parent else None
        self._passwords = {pupil[0]: pupil[1]}
        if parent:
            if parent[0] == pupil[0]:
                raise ValueError("the second user needs its own username")
            self._passwords[parent[0]] = parent[1]

    def check(self, username: str, password: str) -> bool:
        """Constant-time comparison against every account (unknown names are refused)."""
        ok = False
        for name, secret in self._passwords.items():
            ok |= secrets.compare_digest(username.encode(), name.encode()) and secrets.compare_digest(
                password.encode(), secret.encode()
            )
        return ok

    def user(self, username: str | None) -> User | None:
        """The record shown in pages for a logged-in username (None when not logged in)."""
        if not username:
            return None
        if username == self.parent_username:
            return {**content.PARENT, "login": username}
        return dict(content.PUPIL)

    def is_parent(self, user: User | None) -> bool:
        if not user:
            return False
        return self.parent_username is not None and user.get("login") == self.parent_username
