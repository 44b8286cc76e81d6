"""The language of every `procurement` command: --lang es|en, else $PROCUREMENT_LANG, else Spanish. It is known
before the parser is built, so that the help, argparse's own words and the arguments' errors are in it too."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES, text, texts

Say = Callable[..., str]
GETTEXT = "_"  # the name argparse looks its own words up by (`from gettext import gettext as _`)
_language: ContextVar[str] = ContextVar("procurement_cli_language", default=DEFAULT_LANGUAGE)


def default_language() -> str:
    """$PROCUREMENT_LANG when it names a language, else Spanish."""
    chosen = os.environ.get("PROCUREMENT_LANG", DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def chosen_language(argv: Sequence[str]) -> str:
    """The language the command line asks for (`--lang en` or `--lang=en` anywhere in it), else the default."""
    for index, given in enumerate(argv):
        value = argv[index + 1] if given == "--lang" and index + 1 < len(argv) else given.removeprefix("--lang=")
        if given.startswith("--lang") and value in LANGUAGES:
            return value
    return default_language()


def helps(lang: str) -> Say:
    """The text of a "help" entry in `lang`, its {placeholders} filled."""
    return lambda key, **params: text(f"help.{key}", lang, **params)


def add_lang_argument(parser: argparse.ArgumentParser, lang: str, what: str = "results") -> None:
    say = helps(lang)
    words = say("lang", what=say(f"lang_{what}"))
    parser.add_argument("--lang", choices=LANGUAGES, default=default_language(), help=words)


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """While the parser is built and used: argparse's own words ("usage:", "options", its errors) and the
    arguments' errors in `lang`. Argparse looks its words up through its module's gettext function `_` when it
    uses them, so that function is swapped for the catalogue's, and put back after."""
    english = texts("argparse", "en")
    chosen = {english[key]: words for key, words in texts("argparse", lang).items()}
    original, token = getattr(argparse, GETTEXT), _language.set(lang)
    setattr(argparse, GETTEXT, lambda message: chosen.get(message, message))
    try:
        yield
    finally:
        setattr(argparse, GETTEXT, original)
        _language.reset(token)


def argument_error(key: str, **params: object) -> argparse.ArgumentTypeError:
    """What is wrong with an argument's value, in the command's language (argparse names the argument)."""
    return argparse.ArgumentTypeError(text(f"help.{key}", _language.get(), **params))


def current_language() -> str:
    """The command's language while its arguments are parsed (argparse_words)."""
    return _language.get()
