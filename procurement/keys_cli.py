"""`procurement keys create | list | revoke`: the API keys programs (ERPs) call the service with (api/key_commands)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from procurement.cli_lang import add_lang_argument, argument_error, helps
from procurement.users_cli import ROLES

MAX_DAYS = 36_500  # a hundred years: later is never, and the date stays representable
MAX_ID = 2**63 - 1  # the databases' BIGINT


def add_keys_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str
) -> list[argparse.ArgumentParser]:
    """The `keys` commands; returned so that the caller routes them to the service's handler."""
    say = helps(lang)
    keys = commands.add_parser("keys", help=say("keys"), description=say("keys"))
    actions = keys.add_subparsers(dest="keys_command", required=True, metavar=say("meta_action"))
    create = actions.add_parser("create", help=say("keys_create"), description=say("keys_create"))
    create.add_argument("--role", required=True, choices=ROLES, help=say("role"))
    create.add_argument("--name", required=True, metavar=say("meta_name"), help=say("keys_name"))
    create.add_argument("--institution", metavar="ID", help=say("keys_institution"))
    create.add_argument("--coordinator", metavar=say("meta_unit"), help=say("keys_coordinator"))
    create.add_argument("--expires-in-days", type=_up_to(MAX_DAYS), metavar="N", help=say("keys_expires"))
    listed = actions.add_parser("list", help=say("keys_list"), description=say("keys_list"))
    revoke = actions.add_parser("revoke", help=say("keys_revoke"), description=say("keys_revoke"))
    revoke.add_argument("id", type=_up_to(MAX_ID), metavar="ID", help=say("keys_id"))
    for parser in (create, listed, revoke):
        add_lang_argument(parser, lang, "messages")
    return [create, listed, revoke]


def _up_to(most: int) -> Callable[[str], int]:
    """A whole number from 1 to `most`."""

    def whole(value: str) -> int:
        if not value.isdigit() or not 1 <= int(value) <= most:
            raise argument_error("not_up_to", value=repr(value), most=most)
        return int(value)

    return whole
