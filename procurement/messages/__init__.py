"""The one message catalogue: every word a person reads, in Spanish (the default) and English.

Each entry is a key with its Spanish and English texts side by side (procurement.messages.entry), grouped by area
in the modules of this package and addressed as "<area>.<key>", e.g. text("report.title", "en"). Rules add their
own names and shortage reasons ("rule.<name>", "reason.<code>") from their declarations, so a new rule stays one
module. The data is Python rather than gettext .po files: the core imports only the standard library, both
languages sit on one line where a reviewer sees them together, mypy and a unit test check every entry (both
languages, the same {placeholders}, no empty text), and no compile step stands between an edit and a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from string import Formatter

from procurement.messages.api import API, VARIATION
from procurement.messages.cli import CLI
from procurement.messages.cli_help import HELP
from procurement.messages.cli_help_more import ACCESS, ARGPARSE, ARGUMENT_ERRORS, METAVARS, REPORTS
from procurement.messages.dictamen import DICTAMEN
from procurement.messages.entry import DEFAULT_LANGUAGE, LANGUAGES, Entries
from procurement.messages.issues import CELLS, PACKAGE, SETTINGS, WHERE
from procurement.messages.issues_more import COMPRA, RULE_CHECKS, WORKBOOK
from procurement.messages.osd import OSD, OSD_HELP, REVISION_CHECKS
from procurement.messages.pages import PAGES
from procurement.messages.reports import DEARER, FILE, OUTCOME, REPORT, STATUS, SUMMARY_COLUMN
from procurement.messages.run import JOB, PROGRESS, SOLVE
from procurement.messages.template import COLUMN, NOTE, SETTING, SHEET, SHEET_NAME, UNIT

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Message",
    "catalogue",
    "check_language",
    "known",
    "placeholders",
    "template",
    "text",
    "texts",
]

AREAS: dict[str, Entries] = {
    "report": REPORT,
    "status": STATUS,
    "dearer": DEARER,
    "outcome": OUTCOME,
    "dictamen": DICTAMEN,
    "cli": CLI,
    "help": HELP | REPORTS | ACCESS | METAVARS | ARGUMENT_ERRORS | OSD_HELP,
    "argparse": ARGPARSE,
    "progress": PROGRESS,
    "job": JOB,
    "solve": SOLVE,
    "osd": OSD,
    "where": WHERE,
    "issue": PACKAGE | CELLS | SETTINGS | WORKBOOK | RULE_CHECKS | COMPRA | REVISION_CHECKS,
    "pages": PAGES,
    "api": API,
    "variation": VARIATION,
    "column": COLUMN,
    "column_note": NOTE,
    "unit": UNIT,
    "setting_note": SETTING,
    "template": SHEET,
    "sheet_name": SHEET_NAME,
    "file": FILE,
    "summary_column": SUMMARY_COLUMN,
}


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every entry by its full key; built once, on first use (the rules import the core, not the other way)."""
    from procurement.rules import RULES

    found = {f"{area}.{key}": texts for area, entries in AREAS.items() for key, texts in entries.items()}
    found |= {f"rule.{rule.name}": rule.label for rule in RULES}
    found |= {f"rule.{name}": texts for rule in RULES for name, texts in rule.limit_labels.items()}
    found |= {f"reason.{code}": texts for rule in RULES for code, texts in rule.reason_labels.items()}
    return found


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f'language "{lang}" is not one of {", ".join(LANGUAGES)}')
    return lang


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The entry's text in `lang` with its {placeholders} left in."""
    return catalogue()[key][LANGUAGES.index(lang)]


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The entry's text in `lang`, its {placeholders} filled from `params`."""
    return template(key, lang).format(**params)


def known(key: str) -> bool:
    return key in catalogue()


def texts(area: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every entry of one area in one language, keyed without the area (for templates: t["title"])."""
    prefix = f"{area}."
    return {
        key.removeprefix(prefix): pair[LANGUAGES.index(lang)]
        for key, pair in catalogue().items()
        if key.startswith(prefix)
    }


@dataclass(frozen=True)
class Message:
    """What the core has to say, without words: a catalogue key and its params, worded by whoever shows it."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def words(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """In `lang`, a param that is a Message itself worded in `lang` too."""
        params = {name: v.words(lang) if isinstance(v, Message) else v for name, v in self.params.items()}
        return text(self.key, lang, **params)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}
