"""Rendering a page: its language, its words from the catalogue, the signed-in user, the form token, notices.

Every template gets `t` (the catalogue's "pages" area in the page's language: t.sign_in), `say(key, **params)`
for entries with placeholders, `lang`, `user` and its `role_name`, `csrf_field` (the hidden input every form
carries; HTMX requests send `csrf_token` as a header, set on <body>), `language_links` and `language_names`
(each language's URL for this page and its own name for itself), and `notice` (a one-time message left in the
session, e.g. after signing out). Dates go through the `when` filter; figures through `money(currency)`, `percent`
and `quantity`, as the reports write them; a shortage's reason and a rule's name through `reason` and `rule`, in the
page's language.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.responses import Response

from api.language import LANGUAGE_COOKIE, remembered_language
from api.pages.security import CSRF_FIELD, csrf_token
from models.access import User
from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES, text, texts
from reports.labels import money, percent, quantity, reason_label, rule_label

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")
LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600
LANGUAGE_NAMES = {"es": "spanish", "en": "english"}  # each language is offered in its own words: Español, English


def page_language(request: Request) -> str:
    """?lang= when given (and then remembered in a cookie), else the remembered choice, else Spanish."""
    return remembered_language(request) or DEFAULT_LANGUAGE


def words(lang: str) -> dict[str, str]:
    return texts("pages", lang)


def say(lang: str, key: str, /, **params: object) -> str:
    return text(f"pages.{key}", lang, **params)


def when(moment: datetime) -> str:
    """A stored time as officers compare them: to the minute, in UTC (as stored), the same in both languages."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@pass_context
def reason(context: Context, code: str) -> str:
    return reason_label(context["lang"], code)


@pass_context
def rule(context: Context, name: str) -> str:
    return rule_label(context["lang"], name)


TEMPLATES.env.filters.update(when=when, money=money, percent=percent, quantity=quantity, reason=reason, rule=rule)


def notify(request: Request, key: str) -> None:
    """Leave a one-time notice (a "pages.<key>" entry) for the next page this browser shows."""
    request.session["notice"] = key


def render(request: Request, template: str, user: User | None = None, status: int = 200, **context: Any) -> Response:
    lang = page_language(request)
    t = words(lang)
    notice = request.session.pop("notice", None)
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "t": t,
            "say": partial(say, lang),
            "user": user,
            "role_name": t.get(f"role_{user.role}", user.role) if user else "",
            "csrf_token": csrf_token(request.session),
            "csrf_field": _csrf_field(request),
            "language_links": {code: _same_page(request, lang=code) for code in LANGUAGES},
            "language_names": {code: words(code)[code_name] for code, code_name in LANGUAGE_NAMES.items()},
            "notice": t.get(notice) if notice else None,
            **context,
        },
        status_code=status,
    )
    remember_language(request, response, lang)
    return response


def remember_language(request: Request, response: Response, lang: str) -> None:
    if request.query_params.get("lang") == lang and request.cookies.get(LANGUAGE_COOKIE) != lang:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_MAX_AGE_S, samesite="lax")


def _same_page(request: Request, **params: str) -> str:
    """This page's path and query with `params` set: a link that stays on this site whatever its address."""
    url = request.url.include_query_params(**params)
    return f"{url.path}?{url.query}"


def _csrf_field(request: Request) -> Markup:
    token = escape(csrf_token(request.session))
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')
