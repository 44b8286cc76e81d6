"""`procurement keys create | list | revoke`: the API keys programs (ERPs) call the service with (api/key_commands)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from procurement.cli_lang import add_lang_argument
from procurement.users_cli import ROLES

MAX_DAYS = 36_500  # a hundred years: later is never, and the date stays representable
MAX_ID = 2**63 - 1  # the databases' BIGINT


def add_keys_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> list[argparse.ArgumentParser]:
    """The `keys` commands; returned so that the caller routes them to the service's handler."""
    keys = commands.add_parser("keys", help="API keys")
    actions = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an API key and print it (only its hash is stored)")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True, help="who or what uses the key, e.g. 'ERP del IMSS'")
    create.add_argument("--institution", metavar="ID", help="institution_id an institution key acts for")
    create.add_argument("--coordinator", metavar="UNIT", help="coordinating unit of a coordinator key")
    create.add_argument(
        "--expires-in-days",
        type=_up_to(MAX_DAYS),
        metavar="N",
        help="the key is refused N days from now (default: never)",
    )
    listed = actions.add_parser("list", help="every key: its name, scope, first characters and dates (never the key)")
    revoke = actions.add_parser("revoke", help="refuse a key from now on (its id is in `keys list`)")
    revoke.add_argument("id", type=_up_to(MAX_ID), metavar="ID")
    for parser in (create, listed, revoke):
        add_lang_argument(parser, "messages")
    return [create, listed, revoke]


def _up_to(most: int) -> Callable[[str], int]:
    """A whole number from 1 to `most`."""

    def whole(value: str) -> int:
        if not value.isdigit() or not 1 <= int(value) <= most:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to {most}")
        return int(value)

    return whole
