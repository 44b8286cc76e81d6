"""Free text (a CNIS description, a supplier's name) as a PDF or HTML cell shows it: at most MAX_CELL_CHARS
characters, ending in an ellipsis when shortened. The XLSX report and the result tables keep the whole text."""

from __future__ import annotations

MAX_CELL_CHARS = 300  # the first lines of a description: a CNIS description can run past 4,800 characters
ELLIPSIS = "…"


def shorten(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """`text` when it fits in `limit` characters; else its start, cut after a word when one ends near the limit,
    and an ellipsis."""
    if len(text) <= limit:
        return text
    start = text[: max(limit - 1, 0)]
    word_end = start.rfind(" ")
    if word_end >= 0.8 * len(start):
        start = start[:word_end]
    return start.rstrip() + ELLIPSIS
