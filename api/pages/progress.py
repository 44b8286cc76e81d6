"""A run's stored progress as a person follows it: the step it has reached, the blocks solved, and the latest notice
in the page's language; and how many of a comparison's variants are solved.

The worker stores the core's latest progress notice worded in English (api.solver_child); it is read back by
matching the catalogue's own English entries ("progress" area), so no notice is spelled twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from models.run import RunStatus
from procurement.messages import Message, template

STEPS = ("queued", "building", "solving", "explaining", "finished")
# The step a notice says the run has reached (the model is built once the first notice arrives).
NOTICE_STEP = {
    "progress.model_built": "solving",
    "progress.solving": "solving",
    "progress.solved_block": "solving",
    "progress.explaining": "explaining",
    "progress.done": "finished",
}
VARIANT_NOTICES = ("progress.variants_solving", "progress.variants")  # a comparison's (api.solver_child)


@dataclass(frozen=True)
class RunProgress:
    steps: tuple[str, ...]  # STEPS, without "explaining" for a run launched with explain: false
    step: int  # index into steps of the step under way (the last once finished)
    finished: bool
    blocks_done: object = None  # as the notice gave them (whole numbers)
    blocks_total: object = None
    notice: str = ""  # the latest notice, in the page's language


def read_progress(run: dict[str, Any], lang: str) -> RunProgress:
    status = RunStatus(run["status"])
    notice = _notice(run["progress"] or "")
    step = NOTICE_STEP.get(notice.key, "building") if notice else "building"
    if status == RunStatus.QUEUED:
        step = "queued"
    elif status == RunStatus.SUCCEEDED:
        step = "finished"
    blocks = notice.params if notice and notice.key == "progress.solved_block" else {}
    words = notice.words(lang) if notice else ""
    steps = tuple(name for name in STEPS if name != "explaining" or run["options"].get("explain") is not False)
    return RunProgress(steps, steps.index(step), status.finished, blocks.get("done"), blocks.get("total"), words)


@dataclass(frozen=True)
class VariantsSolved:
    done: object  # whole numbers, as the notice gave them
    total: object
    words: str  # "1 de 2 variantes resueltas", in the page's language


def variants_solved(progress: str, lang: str) -> VariantsSolved | None:
    """How many of a comparison's variants are solved, and of how many, from its stored notice (None before it
    has one)."""
    notice = _notice(progress, VARIANT_NOTICES)
    if notice is None:
        return None
    done, total = notice.params["done"], notice.params["total"]
    return VariantsSolved(done, total, Message("progress.variants", {"done": done, "total": total}).words(lang))


def _notice(progress: str, keys: Iterable[str] = NOTICE_STEP) -> Message | None:
    for key in keys:
        found = _pattern(key).fullmatch(progress)
        if found:
            return Message(key, {name: _number(value) for name, value in found.groupdict().items()})
    return None


@cache
def _pattern(key: str) -> re.Pattern[str]:
    """The entry's English text with each {placeholder} a named group: "solved block {done} of {total}"."""
    parts = []
    for literal, name, _, _ in Formatter().parse(template(key, "en")):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


def _number(value: str) -> int | str:
    digits = value.replace(",", "")
    return int(digits) if digits.isdigit() else value
