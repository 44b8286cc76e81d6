"""`procurement users create | reset-password | disable`: ask for the password, call api.accounts, say what happened."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.orm import Session

from api import accounts
from api.accounts import AccountError
from api.settings import Settings
from models import repository
from models.db import make_engine, make_sessions, upgrade
from procurement.messages import text


def run_users(settings: Settings, args: argparse.Namespace) -> int:
    upgrade(settings.database_url)
    with make_sessions(make_engine(settings.database_url))() as session:
        try:
            message, generated = _ACTIONS[args.users_command](session, args)
        except AccountError as error:
            print(text(error.key, args.lang, **error.params), file=sys.stderr)
            return 2
    print(message, file=sys.stderr)
    if generated:  # alone on stdout, so that a script can capture it; shown once, only its hash is stored
        print(text("pages.account_generated", args.lang), file=sys.stderr)
        print(generated)
    return 0


Done = tuple[str, str | None]  # what to tell, and the password generated (if it was)


def _create(session: Session, args: argparse.Namespace) -> Done:
    if args.unless_exists and repository.user_by_username(session, args.username) is not None:
        return text("pages.account_exists_kept", args.lang, username=args.username), None
    scope = accounts.check_scope(args.role, args.coordinator, args.institution)
    password = _password(args)
    user = accounts.create_user(session, args.username, args.name, scope, password)
    role = text(f"pages.role_{user.role}", args.lang)
    return text("pages.account_created", args.lang, username=user.username, role=role), _generated(args, password)


def _reset(session: Session, args: argparse.Namespace) -> Done:
    if repository.user_by_username(session, args.username) is None:
        raise AccountError("pages.account_unknown", username=args.username)
    password = _password(args)
    accounts.reset_password(session, args.username, password)
    return text("pages.account_password_set", args.lang, username=args.username), _generated(args, password)


def _disable(session: Session, args: argparse.Namespace) -> Done:
    accounts.disable_user(session, args.username)
    return text("pages.account_disabled", args.lang, username=args.username), None


_ACTIONS = {"create": _create, "reset-password": _reset, "disable": _disable}


def _password(args: argparse.Namespace) -> str:
    """Generated, read from stdin (--password-stdin), or asked twice at the terminal; never taken from argv."""
    if args.generate_password:
        return accounts.generate_password()
    if args.password_stdin:
        return accounts.check_password(sys.stdin.readline().rstrip("\r\n"))
    if not sys.stdin.isatty():
        raise AccountError("pages.account_no_terminal")
    password = accounts.check_password(getpass.getpass(text("pages.account_prompt", args.lang)))
    if getpass.getpass(text("pages.account_prompt_again", args.lang)) != password:
        raise AccountError("pages.account_passwords_differ")
    return password


def _generated(args: argparse.Namespace, password: str) -> str | None:
    return password if args.generate_password else None
