"""Amounts shown big in a card (Pulpit, Raty, Prognoza): they fit their card whatever the amount.

The card is a CSS size container; the amount's type scales with the card's width (up to a cap), so the
widest amount, 999 999 999,99 zł, stays inside a card at 320 px and at 1280 px, and a line is kept for it
before the data arrives (no layout shift)."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.components.shell import card


def amount(value: rx.Var | str, color: str = theme.NAVY, max_px: int = 28, **props) -> rx.Component:
    return rx.el.p(
        value,
        class_name="ebok-amount",
        style={"color": color, "--ebok-amount-max": f"{max_px}px", "margin": "0"},
        **props,
    )


def figure_card(
    label: str, value: rx.Var | str, *below: rx.Component, color: str = theme.NAVY, max_px: int = 28, **props
) -> rx.Component:
    """A label, the amount and what goes under it."""
    return card(
        rx.text(label, size="2", color=theme.MUTED),
        amount(value, color, max_px),
        *below,
        class_name="ebok-figure",
        padding=["12px", "16px"],
        min_width="0",
        **props,
    )


def figure_grid(*cards: rx.Component, min_card: str = "220px", **props) -> rx.Component:
    """As many columns as cards of at least `min_card` fit (one on a phone)."""
    return rx.box(
        *cards,
        display="grid",
        grid_template_columns=f"repeat(auto-fill, minmax(min(100%, {min_card}), 1fr))",
        gap="12px",
        width="100%",
        margin_bottom="16px",
        **props,
    )
