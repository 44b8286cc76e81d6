"""The report's words from the message catalogue (procurement.messages), and numbers formatted for the purchase's
currency (MXN by default)."""

from __future__ import annotations

import math

from procurement.messages import LANGUAGES as LANGUAGES
from procurement.messages import check_language as check_language
from procurement.messages import known, template, text, texts

CURRENCY_SYMBOLS = {"MXN": "$", "USD": "US$", "EUR": "€"}


def label(lang: str, key: str) -> str:
    return template(f"report.{key}", lang)


def labels(lang: str) -> dict[str, str]:
    """Every report label in one language, for templates."""
    return texts("report", lang)


def _named(area: str, code: str, lang: str) -> str:
    """A code's words in `lang`, or the code itself when the catalogue has none (e.g. a newer run's reason)."""
    key = f"{area}.{code}"
    return template(key, lang) if known(key) else code


def status_label(lang: str, status: str) -> str:
    return _named("status", status, lang)


def reason_label(lang: str, reason: str) -> str:
    return _named("reason", reason, lang)


def dearer_label(lang: str, reason: str) -> str:
    """Why an institution pays more for a product pooled than its baseline (procurement.savings.dearer_reasons)."""
    return _named("dearer", reason, lang)


def rule_label(lang: str, rule: str) -> str:
    return _named("rule", rule, lang)


def outcome_label(lang: str, outcome: str) -> str:
    return _named("outcome", outcome, lang)


def dictamen_template(lang: str, key: str) -> str:
    """A sentence of the dictamen, or a part of one, with its named placeholders."""
    return template(f"dictamen.{key}", lang)


def dictamen_text(lang: str, key: str, **values: str) -> str:
    return text(f"dictamen.{key}", lang, **values)


def money(value: float | None, currency: str) -> str:
    """1234567.891 → "$1,234,567.89" for MXN; other currencies by their symbol or code."""
    if value is None or not math.isfinite(value):
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency)
    text = f"{abs(value):,.2f}"
    sign = "-" if value < 0 and text.strip("0.,") else ""  # never "-$0.00"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def percent(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:,.2f} %"


def quantity(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def excel_money_format(currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00' if symbol else f'#,##0.00 "{currency}"'
