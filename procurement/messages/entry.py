"""One catalogue entry: a key and its texts in every language, side by side, in the order of LANGUAGES."""

from __future__ import annotations

LANGUAGES = ("es", "en")  # Spanish first: it is the default everywhere a person reads
DEFAULT_LANGUAGE = LANGUAGES[0]
Entries = dict[str, tuple[str, str]]  # key -> (Spanish, English), with the same {named} placeholders in both
