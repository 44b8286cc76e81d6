"""A run's or comparison's progress: how the worker stores the core's latest notice, and how it is read back as a
step, figures a program can rely on (blocks or variants solved) and words in the reader's language.

The child (api.solver_child) stores each notice as its catalogue code and figures, in JSON
(`{"code": "solved_block", "params": {"done": 3, "total": 10}}`), never as words: the API and the pages word it in
their reader's language. Rows stored before that hold the English words; they are read back by matching the
catalogue's own English entries ("progress" area), so no notice is spelled twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from models.job import JobStatus
from procurement.messages import Message, known, template

STEPS = ("queued", "building", "solving", "explaining", "finished")
COMPARISON_STEPS = ("queued", "solving", "finished")
# The step a notice says the run has reached (the model is built once the first notice arrives).
NOTICE_STEP = {
    "progress.model_built": "solving",
    "progress.solving": "solving",
    "progress.solved_block": "solving",
    "progress.explaining": "explaining",
    "progress.done": "finished",
}
VARIANT_NOTICES = ("progress.variants_solving", "progress.variants", "progress.done")  # a comparison's notices


def stored_error(message: Message) -> str:
    """Why a job ended as it did, as it is stored: catalogue key and figures in JSON (a figure that is a message
    itself nested), for any language to word."""
    return json.dumps(_plain(message), default=str)


def error_words(stored: str | None, lang: str) -> str | None:
    """A stored error (or event reason) in `lang`; one stored as text, before errors were kept as keys, as it is."""
    try:
        found = json.loads(stored or "")
    except ValueError:
        return stored
    return _message(found).words(lang) if isinstance(found, dict) and known(str(found.get("key"))) else stored


def _plain(message: Message) -> dict[str, Any]:
    params = {
        name: _plain(value) if isinstance(value, Message) else value.item() if hasattr(value, "item") else value
        for name, value in message.params.items()
    }
    return {"key": message.key, "params": params}


def _message(found: dict[str, Any]) -> Message:
    params = found.get("params") or {}
    return Message(found["key"], {name: _message(v) if isinstance(v, dict) else v for name, v in params.items()})


def stored_notice(message: Message) -> str:
    """A progress notice as it is stored: its code and figures in JSON, for any language to word."""
    params = _plain(message)["params"]
    return json.dumps({"code": message.key.removeprefix("progress."), "params": params}, default=str)


def run_progress_public(run: dict[str, Any], lang: str) -> dict[str, Any]:
    """A run's progress as the API gives it (RunPublic.progress): the step reached (STEPS), the latest notice's
    code and figures (blocks solved: done, total), all stable across languages, and the notice in `lang`."""
    status, notice = JobStatus(run["status"]), _notice(run["progress"] or "")
    step = NOTICE_STEP.get(notice.key, "building") if notice else "building"
    if status == JobStatus.QUEUED:
        step = "queued"
    elif status == JobStatus.SUCCEEDED:
        step = "finished"
    return _public(step, notice, lang)


def comparison_progress_public(comparison: dict[str, Any], lang: str) -> dict[str, Any]:
    """A comparison's progress as the API gives it: its step (COMPARISON_STEPS), the latest notice's code and
    figures (variants solved: done, total; the variant being solved: label) and the notice in `lang`."""
    status, notice = JobStatus(comparison["status"]), _notice(comparison["progress"] or "", VARIANT_NOTICES)
    step = "queued" if status == JobStatus.QUEUED else "finished" if status == JobStatus.SUCCEEDED else "solving"
    return _public(step, notice, lang)


def _public(step: str, notice: Message | None, lang: str) -> dict[str, Any]:
    figures = dict(notice.params) if notice else {}
    return {"step": step, "code": _code(notice), "figures": figures, "message": notice.words(lang) if notice else ""}


@dataclass(frozen=True)
class RunProgress:
    steps: tuple[str, ...]  # STEPS, without "explaining" for a run launched with explain: false
    step: int  # index into steps of the step under way (the last once finished)
    finished: bool
    blocks_done: object = None  # as the notice gave them (whole numbers)
    blocks_total: object = None
    notice: str = ""  # the latest notice, in the page's language


def read_progress(run: dict[str, Any], lang: str) -> RunProgress:
    """A run as the API gives it (run_service.run_public) as its page shows its progress, worded in `lang`."""
    progress = run["progress"]
    steps = tuple(name for name in STEPS if name != "explaining" or run["options"].get("explain") is not False)
    figures = progress["figures"] if progress["code"] == "solved_block" else {}
    return RunProgress(
        steps,
        steps.index(progress["step"]),
        JobStatus(run["status"]).finished,
        figures.get("done"),
        figures.get("total"),
        _words(progress, lang),
    )


@dataclass(frozen=True)
class VariantsSolved:
    done: object  # whole numbers, as the notice gave them
    total: object
    words: str  # "1 de 2 variantes resueltas", in the page's language


def variants_solved(progress: dict[str, Any], lang: str) -> VariantsSolved | None:
    """How many of a comparison's variants are solved, and of how many, from its progress as the API gives it
    (None before it has a count)."""
    if progress["code"] not in ("variants_solving", "variants"):
        return None
    done, total = progress["figures"]["done"], progress["figures"]["total"]
    return VariantsSolved(done, total, Message("progress.variants", {"done": done, "total": total}).words(lang))


def _words(progress: dict[str, Any], lang: str) -> str:
    code = progress["code"]
    return Message(f"progress.{code}", progress["figures"]).words(lang) if code else ""


def _code(notice: Message | None) -> str | None:
    return notice.key.removeprefix("progress.") if notice else None


def _notice(progress: str, keys: Iterable[str] = NOTICE_STEP) -> Message | None:
    """The stored notice, when it is one of `keys`: JSON as stored now, or English words as stored before."""
    if progress.startswith("{"):
        stored = json.loads(progress)
        key = f"progress.{stored.get('code')}"
        return Message(key, stored.get("params") or {}) if key in keys and known(key) else None
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
