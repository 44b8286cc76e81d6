"""`procurement users create | reset-password | disable`: the people who sign in to the pages (api/user_commands).

A password is never an argument (it would stay in the shell's history and the process list): it is asked twice
at the terminal, read from standard input with --password-stdin, or generated and printed once.
"""

from __future__ import annotations

import argparse

from procurement.cli_lang import add_lang_argument

ROLES = ["coordinator", "institution", "auditor"]


def add_users_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> list[argparse.ArgumentParser]:
    """The `users` commands; returned so that the caller routes them to the service's handler."""
    users = commands.add_parser("users", help="people who sign in to the web pages")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a user (scoped as API keys are)")
    create.add_argument("--username", required=True, help="the name typed to sign in, e.g. 'ana.lopez'")
    create.add_argument("--name", default="", help="the name shown on the pages (default: the username)")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--institution", metavar="ID", help="institution_id an institution user acts for")
    create.add_argument("--coordinator", metavar="UNIT", help="coordinating unit of a coordinator user")
    create.add_argument(
        "--unless-exists", action="store_true", help="do nothing (and succeed) when the username already exists"
    )
    reset = actions.add_parser("reset-password", help="set a new password; the user's open sessions end")
    reset.add_argument("username")
    disable = actions.add_parser("disable", help="stop a user from signing in; its open sessions end")
    disable.add_argument("username")
    for parser in (create, reset):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        source.add_argument("--generate-password", action="store_true", help="generate a password and print it once")
    for parser in (create, reset, disable):
        add_lang_argument(parser, "messages")
    return [create, reset, disable]
