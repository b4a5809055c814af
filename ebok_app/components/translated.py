"""Fixed texts of the pages in the tab's language.

Reflex compiles the pages to React once, while each user chooses a language at run time: `t("Umowy")`
looks the text up in every compiled catalogue when the page is compiled and returns a JavaScript
expression that picks the translation by `AuthState.locale` (so a switch redraws without a reload).
"""

from __future__ import annotations

import functools
import json

import reflex as rx
from reflex.vars.base import Var
from reflex.vars.sequence import StringVar

from ebok_app import theme
from ebok_app.i18n.catalogues import DEFAULT_LOCALE, LOCALES, catalogue, languages
from ebok_app.state.auth import AuthState


@functools.cache
def _texts(msgid: str) -> tuple[tuple[str, str], ...]:
    return tuple((locale, catalogue(locale).gettext(msgid)) for locale in LOCALES)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def t(msgid: str, **values: object) -> StringVar:
    """`msgid` (a Polish text) in the tab's language; Polish for a language it does not know.
    `values` fill its {placeholders} when the page is compiled; a callable value is given the locale
    (e.g. a number formatted for each language)."""
    texts = dict(_texts(msgid))
    if values:
        texts = {
            locale: text.format(**{k: v(locale) if callable(v) else v for k, v in values.items()})
            for locale, text in texts.items()
        }
    locale = AuthState.locale
    return Var(
        _js_expr=f"({_json(texts)}[{locale!s}] ?? {_json(texts[DEFAULT_LOCALE])})",
        _var_type=str,
        _var_data=locale._get_all_var_data(),
    ).guess_type()


def language_switch(compact: bool = False, **props) -> rx.Component:
    """Polski / English (PL / EN where room is short), the current one pressed: remembered by the
    browser and, once signed in, for the user."""

    def button(code: str, name: str) -> rx.Component:
        current = AuthState.locale == code
        return rx.button(
            code.upper() if compact else name,
            lang=code,
            on_click=AuthState.set_locale(code),
            aria_pressed=rx.cond(current, "true", "false"),
            aria_label=f"{code.upper()} {name}" if compact else None,  # says the visible code too
            variant=rx.cond(current, "solid", "soft"),
            color_scheme="gray",
            high_contrast=True,  # Radix's grey solid is below 4.5:1 for its white text
            size="1",
            data_testid=f"language-{code}",
        )

    return rx.hstack(
        *([] if compact else [rx.icon("languages", size=16, aria_hidden="true")]),
        *(button(code, name) for code, name in languages()),
        role="group",
        aria_label=t("Język"),
        align="center",
        spacing="1",
        color=theme.MUTED,
        **props,
    )


def language_toggle() -> rx.Component:
    """The phone's navy top bar has room for one button: the other language's code ("EN" while the
    portal is Polish), white-outlined."""

    def to(code: str, name: str) -> rx.Component:
        return rx.button(
            code.upper(),
            lang=code,
            on_click=AuthState.set_locale(code),
            aria_label=f"{code.upper()} {name}",
            variant="outline",
            color_scheme="gray",
            size="1",
            color="white",
            box_shadow="inset 0 0 0 1px rgba(255,255,255,0.7)",
            data_testid=f"language-{code}",
        )

    (first, first_name), (second, second_name) = languages()  # the portal's two languages
    return rx.cond(AuthState.locale == second, to(first, first_name), to(second, second_name))
