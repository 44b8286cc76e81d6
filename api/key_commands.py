"""`procurement keys create | list | revoke`: call api.keys and say what happened, in the chosen language."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from api import keys
from api.accounts import AccountError, check_scope
from api.settings import Settings
from models import repository
from models.access import ApiKey
from models.db import make_engine, make_sessions, upgrade
from procurement.messages import text

LIST_COLUMNS = ("id", "name", "role", "scope", "prefix", "created", "expires", "last_used", "revoked")


def create_key(
    settings: Settings,
    role: str,
    name: str,
    coordinator: str | None = None,
    institution_id: str | None = None,
    expires_in_days: int | None = None,
) -> str:
    """Store a new key's hash and return the key itself: it is shown once and cannot be read back."""
    scope = check_scope(role, coordinator, institution_id)
    upgrade(settings.database_url)
    with make_sessions(make_engine(settings.database_url))() as session:
        return keys.create_key(session, name, scope, expires_in_days)[1]


def run_keys(settings: Settings, args: argparse.Namespace) -> int:
    upgrade(settings.database_url)
    with make_sessions(make_engine(settings.database_url))() as session:
        try:
            _ACTIONS[args.keys_command](session, args)
        except AccountError as error:
            print(text(error.key, args.lang, **error.params), file=sys.stderr)
            return 2
    return 0


def _create(session: Session, args: argparse.Namespace) -> None:
    scope = check_scope(args.role, args.coordinator, args.institution)
    key, secret = keys.create_key(session, args.name, scope, args.expires_in_days)
    said = "cli.key_created_for" if args.institution else "cli.key_created"
    print(text(said, args.lang, role=args.role, institution=args.institution), file=sys.stderr)
    if key.expires_at is not None:
        print(text("cli.key_expires", args.lang, at=_when(key.expires_at)), file=sys.stderr)
    print(secret)  # alone on stdout, so that a script can capture it


def _list(session: Session, args: argparse.Namespace) -> None:
    """Every key, revoked and expired ones too, as an aligned table; never the key, only its first characters."""
    header = [text(f"cli.keys_{column}", args.lang) for column in LIST_COLUMNS]
    rows = [_row(key) for key in repository.list_keys(session)]
    widths = [max(len(line[c]) for line in [header, *rows]) for c in range(len(header))]
    for line in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def _row(key: ApiKey) -> list[str]:
    scope = key.institution_id or key.coordinator or "-"
    dates = (key.created_at, key.expires_at, key.last_used_at, key.revoked_at)
    return [str(key.id), key.name, key.role, scope, key.prefix + "…", *map(_when, dates)]


def _revoke(session: Session, args: argparse.Namespace) -> None:
    key, revoked = keys.revoke_key(session, args.id)
    said = "cli.key_revoked" if revoked else "cli.key_already_revoked"
    print(text(said, args.lang, id=key.id, name=key.name, at=_when(key.revoked_at)), file=sys.stderr)


_ACTIONS: dict[str, Callable[[Session, argparse.Namespace], None]] = {
    "create": _create,
    "list": _list,
    "revoke": _revoke,
}


def _when(at: datetime | None) -> str:
    return "-" if at is None else keys.minute(at)
