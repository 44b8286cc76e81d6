"""Words of the web pages (api/pages, api/templates): navigation, forms, buttons and their messages."""

from __future__ import annotations

from procurement.messages.entry import Entries

PAGES: Entries = {
    "language": ("Idioma", "Language"),
    "spanish": ("Español", "Spanish"),
    "english": ("Inglés", "English"),
}
