"""The --lang option every `procurement` command shares: Spanish by default, or $PROCUREMENT_LANG."""

from __future__ import annotations

import argparse
import os

from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES


def default_language() -> str:
    """$PROCUREMENT_LANG when it names a language, else Spanish."""
    chosen = os.environ.get("PROCUREMENT_LANG", DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def add_lang_argument(parser: argparse.ArgumentParser, what: str = "messages and results") -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default_language(),
        help=f"language of the {what}: es (default, or $PROCUREMENT_LANG) or en",
    )
