"""Accounts and sessions for the review workflow: argon2id password hashes, hashed session tokens.

Reads/writes: the ``users`` and ``sessions`` tables of a :class:`~rasd.store.db.Store`. Needs ``argon2-cffi``
(the ``api`` extra). Nothing secret is stored in plain text: passwords are argon2id hashes, and a session is
kept as the sha256 of the random token the browser holds in its cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from rasd.store import schema
from rasd.store.db import Store, StoreError, now

ROLES = ("viewer", "reviewer", "admin")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
MIN_PASSWORD = 10
SESSION_HOURS = 12


@dataclass(frozen=True)
class User:
    username: str
    role: str

    @property
    def can_review(self) -> bool:
        return self.role in ("reviewer", "admin")


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ModuleNotFoundError as exc:
        raise StoreError("accounts need argon2-cffi: pip install -e '.[api]'", code="store.driver") from exc
    return PasswordHasher()


def _check(username: str, password: str | None, role: str | None) -> None:
    if not USERNAME.match(username):
        raise StoreError("a username is 2-64 letters, digits, '.', '_' or '-'", code="store.account")
    if password is not None and len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters", code="store.account")
    if role is not None and role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}", code="store.account")


def add_user(store: Store, username: str, password: str, role: str = "viewer") -> None:
    _check(username, password, role)
    stamp = now()
    hashed = _hasher().hash(password)

    def work(conn: Any) -> None:
        if conn.execute(select(schema.users.c.username).where(schema.users.c.username == username)).first():
            raise StoreError(f"user {username} exists", code="store.account")
        conn.execute(
            insert(schema.users).values(
                username=username, password_hash=hashed, role=role, created_at=stamp, updated_at=stamp
            )
        )

    store._write(work)


def remove_user(store: Store, username: str) -> None:
    def work(conn: Any) -> None:
        conn.execute(delete(schema.sessions).where(schema.sessions.c.username == username))
        if conn.execute(delete(schema.users).where(schema.users.c.username == username)).rowcount == 0:
            raise StoreError(f"no user {username}", code="store.account")

    store._write(work)


def set_password(store: Store, username: str, password: str) -> None:
    _check(username, password, None)
    hashed = _hasher().hash(password)

    def work(conn: Any) -> None:
        result = conn.execute(
            update(schema.users)
            .where(schema.users.c.username == username)
            .values(password_hash=hashed, updated_at=now())
        )
        if result.rowcount == 0:
            raise StoreError(f"no user {username}", code="store.account")
        conn.execute(
            delete(schema.sessions).where(schema.sessions.c.username == username)
        )  # log out everywhere

    store._write(work)


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The user when the password is right, else None (the same work either way, to not reveal who exists)."""
    from argon2.exceptions import VerificationError

    hasher = _hasher()
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.users).where(schema.users.c.username == username)).mappings().first()
    stored = row["password_hash"] if row else _DUMMY_HASH
    try:
        hasher.verify(stored, password)
    except VerificationError:
        return None
    except Exception:  # an unparsable hash
        return None
    return User(row["username"], row["role"]) if row else None


def create_session(store: Store, user: User) -> tuple[str, str]:
    """A new session: (the token for the cookie, its CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    created = dt.datetime.now(dt.UTC)
    expires = (created + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")

    def work(conn: Any) -> None:
        conn.execute(delete(schema.sessions).where(schema.sessions.c.expires_at < now()))
        conn.execute(
            insert(schema.sessions).values(
                token_sha256=_digest(token),
                username=user.username,
                csrf_token=csrf,
                created_at=created.isoformat(timespec="seconds"),
                expires_at=expires,
            )
        )

    store._write(work)
    return token, csrf


def session(store: Store, token: str | None) -> tuple[User, str] | None:
    """The (user, CSRF token) of a live session, or None."""
    if not token:
        return None
    s, u = schema.sessions, schema.users
    with store.engine.connect() as conn:
        row = (
            conn.execute(
                select(u.c.username, u.c.role, s.c.csrf_token, s.c.expires_at)
                .join(u, u.c.username == s.c.username)
                .where(s.c.token_sha256 == _digest(token))
            )
            .mappings()
            .first()
        )
    if row is None or row["expires_at"] < now():
        return None
    return User(row["username"], row["role"]), row["csrf_token"]


def end_session(store: Store, token: str | None) -> None:
    if token:
        store._write(
            lambda conn: conn.execute(
                delete(schema.sessions).where(schema.sessions.c.token_sha256 == _digest(token))
            )
        )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# verified against when the user does not exist, so a wrong name costs the same time as a wrong password
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2mAhmeVHBoH8B2v1V2XxTyjrtB0a2nIQ+Ny0bt5G6ks"
)
