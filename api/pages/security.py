"""What keeps the pages' sessions safe: the signing secret, the per-session CSRF token, the sign-in throttle."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from fastapi import Request

from api.errors import ForbiddenError
from api.settings import Settings

CSRF_FIELD = "csrf_token"  # the hidden field of every form
CSRF_HEADER = "x-csrf-token"  # or this header, for requests sent by script (HTMX's hx-headers)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfRefusedError(ForbiddenError):
    code = "csrf"


def session_secret(settings: Settings) -> str:
    """PROCUREMENT_SECRET_KEY, or the one generated into settings.secret_file on first use (readable by its owner only),
    so that sessions outlive a restart and every process on this machine signs alike."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.secret_file
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(path, secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, secret: str) -> None:
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    partial.touch(mode=0o600)
    partial.write_text(secret + "\n", encoding="utf-8")
    partial.replace(path)


def csrf_token(session: dict[str, Any]) -> str:
    """The session's token, made on first use; sign-in replaces it with a new one."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


async def check_csrf(request: Request) -> None:
    """Every unsafe request to a page carries the session's token, in the form's hidden field or a header."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not sent or not expected or not secrets.compare_digest(sent, str(expected)):
        raise CsrfRefusedError("the form's security token is missing or does not match this session")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def password_stamp(password_hash: str) -> str:
    """Kept in the session: a new password (or a disabled account) ends the sessions opened before it."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class SignInThrottle:
    """At most `attempts` failed sign-ins per username within `window_s`; then wait until the oldest expires.

    Counted by the name typed, known or not, so it says nothing about who exists; kept in memory (per process).
    """

    MAX_NAMES = 10_000

    def __init__(self, attempts: int = 5, window_s: float = 300.0) -> None:
        self.attempts, self.window_s = attempts, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, username: str) -> float:
        """Seconds until this username may try again (0: now)."""
        with self._lock:
            failures = self._recent(username.strip().lower())
            full = len(failures) >= self.attempts
            return max(0.0, failures[0] + self.window_s - time.monotonic()) if full else 0.0

    def failed(self, username: str) -> None:
        with self._lock:
            if len(self._failures) >= self.MAX_NAMES:
                self._failures.clear()
            self._recent(username.strip().lower()).append(time.monotonic())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.strip().lower(), None)

    def _recent(self, name: str) -> deque[float]:
        failures = self._failures.setdefault(name, deque(maxlen=self.attempts))
        while failures and failures[0] < time.monotonic() - self.window_s:
            failures.popleft()
        return failures
