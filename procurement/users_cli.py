"""`procurement users create | reset-password | disable`: the people who sign in to the pages (api/user_commands).

A password is never an argument (it would stay in the shell's history and the process list): it is asked twice
at the terminal, read from standard input with --password-stdin, or generated and printed once.
"""

from __future__ import annotations

import argparse

from procurement.cli_lang import add_lang_argument, helps

ROLES = ["coordinator", "institution", "auditor"]


def add_users_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str
) -> list[argparse.ArgumentParser]:
    """The `users` commands; returned so that the caller routes them to the service's handler."""
    say = helps(lang)
    users = commands.add_parser("users", help=say("users"), description=say("users"))
    actions = users.add_subparsers(dest="users_command", required=True, metavar=say("meta_action"))
    create = actions.add_parser("create", help=say("users_create"), description=say("users_create"))
    create.add_argument("--username", required=True, metavar=say("meta_username"), help=say("users_username"))
    create.add_argument("--name", default="", metavar=say("meta_name"), help=say("users_name"))
    create.add_argument("--role", required=True, choices=ROLES, help=say("role"))
    create.add_argument("--institution", metavar="ID", help=say("users_institution"))
    create.add_argument("--coordinator", metavar=say("meta_unit"), help=say("users_coordinator"))
    create.add_argument("--unless-exists", action="store_true", help=say("users_unless_exists"))
    reset = actions.add_parser("reset-password", help=say("users_reset"), description=say("users_reset"))
    disable = actions.add_parser("disable", help=say("users_disable"), description=say("users_disable"))
    for parser in (reset, disable):
        parser.add_argument("username", metavar=say("meta_username"), help=say("users_username_arg"))
    for parser in (create, reset):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--password-stdin", action="store_true", help=say("password_stdin"))
        source.add_argument("--generate-password", action="store_true", help=say("generate_password"))
    for parser in (create, reset, disable):
        add_lang_argument(parser, lang, "messages")
    return [create, reset, disable]
