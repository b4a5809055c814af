"""The virtual keyboard of guide 001: clickable keys with a shuffled digit row, typing into the field
that last had the focus (assets/ebok.js). Nothing typed on it passes through the server."""

from __future__ import annotations

import json

import reflex as rx

from ebok_app import theme
from ebok_app.components.translated import t

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SYMBOLS = "!#%*+-=?@$&_.,:;"


def _key(char: str) -> rx.Component:
    return rx.button(
        char,
        type="button",
        on_click=rx.call_script(f"window.ebok && window.ebok.keyboard.type({json.dumps(char)})"),
        variant="surface",
        color_scheme="gray",
        size="2",
        min_width="0",
        padding_x="0",
        flex="1",
        font_family="ui-monospace, monospace",
        aria_label=f"klawisz {char}",
    )


def _row(chars) -> rx.Component:
    return rx.hstack(*[_key(c) for c in chars], spacing="1", width="100%")


def digit_row(digits: rx.Var[list[str]]) -> rx.Component:
    return rx.hstack(
        rx.foreach(
            digits,
            lambda d: rx.button(
                d,
                type="button",
                on_click=rx.call_script("window.ebok && window.ebok.keyboard.type('" + d + "')"),
                variant="soft",
                size="2",
                min_width="0",
                padding_x="0",
                flex="1",
                aria_label=t("cyfra ") + d,
            ),
        ),
        spacing="1",
        width="100%",
    )


def virtual_keyboard(digits: rx.Var[list[str]]) -> rx.Component:
    """A keyboard under the fields: shuffled digits first, then letters with a shift and symbols (the
    log-in's last step has the password and the one-time code in one form)."""
    backspace = rx.button(
        rx.icon("delete", size=16),
        type="button",
        on_click=rx.call_script("window.ebok && window.ebok.keyboard.backspace()"),
        variant="soft",
        color_scheme="gray",
        size="2",
        aria_label=t("usuń znak"),
    )
    letters = rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger("abc", value="lower"),
            rx.tabs.trigger("ABC", value="upper"),
            rx.tabs.trigger("#+=", value="symbols"),
            size="1",
        ),
        rx.tabs.content(rx.vstack(*[_row(r) for r in LETTER_ROWS], spacing="1"), value="lower", pt="2"),
        rx.tabs.content(
            rx.vstack(*[_row(r.upper()) for r in LETTER_ROWS], spacing="1"), value="upper", pt="2"
        ),
        rx.tabs.content(
            rx.vstack(_row(SYMBOLS[:8]), _row(SYMBOLS[8:]), spacing="1"), value="symbols", pt="2"
        ),
        default_value="lower",
        width="100%",
    )
    return rx.vstack(
        rx.hstack(digit_row(digits), backspace, spacing="1", width="100%"),
        letters,
        spacing="2",
        width="100%",
        padding=["6px", "10px"],
        border_radius="10px",
        background=theme.PAGE_BG,
        border=f"1px solid {theme.CARD_BORDER}",
        data_testid="virtual-keyboard",
    )


def keyboard_button(on_click: rx.EventHandler) -> rx.Component:
    """The keyboard pictogram at the end of the fields (shows or hides the keyboard below them)."""
    return rx.icon_button(
        rx.icon("keyboard", size=18),
        type="button",
        variant="ghost",
        on_click=on_click,
        aria_label=t("Wirtualna klawiatura"),
        title=t("Wirtualna klawiatura"),
    )
