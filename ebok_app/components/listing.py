"""Pieces of the list pages: the filter panel, sortable headers, the pager, status badges."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.components.shell import card


def status_badge(label: rx.Var, color: rx.Var) -> rx.Component:
    return rx.badge(label, color_scheme=color, variant="soft", white_space="nowrap")


def filter_panel(
    *fields: rx.Component, on_submit: rx.EventHandler, on_clear: rx.EventHandler, key: rx.Var[int]
) -> rx.Component:
    """The filters: open on a desktop, folded behind "Filtry" on a phone. The fields are uncontrolled and
    read on submit; a new `key` (after the filters came from the address) redraws them with their values."""
    form = rx.form(
        rx.flex(
            *fields,
            rx.hstack(
                rx.button(rx.icon("filter", size=16), "Filtruj", type="submit"),
                rx.button("Wyczyść", type="button", variant="soft", color_scheme="gray", on_click=on_clear),
                align="end",
                height="100%",
            ),
            gap="3",
            wrap="wrap",
            align="end",
        ),
        on_submit=on_submit,
        width="100%",
        key=key,
    )
    return card(
        rx.el.details(
            rx.el.summary(
                rx.hstack(
                    rx.icon("sliders-horizontal", size=16),
                    rx.text("Filtry i wyszukiwanie", weight="medium"),
                    align="center",
                    spacing="2",
                ),
                cursor="pointer",
                padding_bottom="8px",
            ),
            form,
            open=True,
            class_name="ebok-filters",
        ),
        padding=["12px", "16px"],
        margin_bottom="16px",
    )


def labelled(label: str, control: rx.Component, width: str = "160px") -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=theme.MUTED), control, spacing="1", width=["100%", width])


WIDE_ONLY = ["none", "none", "none", "none", "none", "table-cell"]  # columns shown from 1640 px up


def sortable(
    label: str, column: str, sort: rx.Var[str], descending: rx.Var[bool], on_sort: rx.EventHandler, **props
) -> rx.Component:
    """A header that sorts by `column` (clicked again: the other way); screen readers hear the direction."""
    arrow = rx.cond(
        sort == column,
        rx.cond(descending, rx.icon("arrow-down", size=14), rx.icon("arrow-up", size=14)),
        rx.icon("arrow-up-down", size=14, opacity="0.35"),
    )
    return rx.table.column_header_cell(
        rx.hstack(
            label,
            arrow,
            spacing="1",
            align="center",
            cursor="pointer",
            white_space="nowrap",
            on_click=on_sort(column),
        ),
        aria_sort=rx.cond(sort == column, rx.cond(descending, "descending", "ascending"), "none"),
        **props,
    )


def pager(page: rx.Var[int], pages: rx.Var[int], total: rx.Var[int], go_to: rx.EventHandler) -> rx.Component:
    return rx.hstack(
        rx.text("Znaleziono: " + total.to_string(), size="2", color=theme.MUTED, data_testid="found"),
        rx.spacer(),
        rx.icon_button(
            rx.icon("chevron-left"),
            on_click=go_to(page - 1),
            disabled=page <= 1,
            variant="soft",
            aria_label="Poprzednia strona",
        ),
        rx.text("strona " + page.to_string() + " z " + pages.to_string(), size="2", data_testid="pager"),
        rx.icon_button(
            rx.icon("chevron-right"),
            on_click=go_to(page + 1),
            disabled=page >= pages,
            variant="soft",
            aria_label="Następna strona",
        ),
        align="center",
        width="100%",
        padding_top="12px",
    )


def desktop_only(component: rx.Component) -> rx.Component:
    return rx.box(component, display=["none", "none", "block"], width="100%")


def phone_only(component: rx.Component) -> rx.Component:
    return rx.box(component, display=["block", "block", "none"], width="100%")


PAYMENT_STATUS_CHOICES = (
    ("zapłacona", "paid"),
    ("częściowo zapłacona", "partly_paid"),
    ("niezapłacona", "unpaid"),
    ("po terminie", "overdue"),
)


def choice_filter(
    label: str, name: str, choices: tuple[tuple[str, str], ...], current: rx.Var[str] | str = ""
) -> rx.Component:
    """A select of a filter; "wszystkie" (sent as "all") stands for no filter."""
    default = rx.cond(current == "", "all", current) if isinstance(current, rx.Var) else current or "all"
    return labelled(
        label,
        rx.select.root(
            rx.select.trigger(placeholder="wszystkie", width="100%"),
            rx.select.content(
                rx.select.item("wszystkie", value="all"),
                *[rx.select.item(text, value=value) for text, value in choices],
            ),
            name=name,
            default_value=default,
        ),
    )


def date_filter(label: str, name: str, current: rx.Var[str] | str = "") -> rx.Component:
    return labelled(label, rx.input(type="date", name=name, default_value=current))


def preparing_note() -> rx.Component:
    """What a portfolio page says while the company's data is being prepared (the first time only)."""
    return rx.hstack(
        rx.spinner(size="2"),
        rx.text("Przygotowujemy dane…", size="2", color=theme.MUTED),
        align="center",
        spacing="2",
        padding_y="8px",
        data_testid="preparing",
        role="status",
    )


def list_body(
    state: type[rx.State], table: rx.Component, cards: rx.Component, empty: str, *above: rx.Component
) -> rx.Component:
    """The rows of a list: a table on a desktop, cards on a phone, a sentence when nothing matches, pages."""
    return card(
        *above,
        rx.cond(
            state.preparing,
            preparing_note(),
            rx.cond(
                state.total > 0,
                rx.fragment(desktop_only(rx.box(table, overflow_x="auto")), phone_only(cards)),
                rx.text(empty, color=theme.MUTED, data_testid="empty"),
            ),
        ),
        pager(state.page, state.pages, state.total, state.go_to),
        padding=["8px", "12px", "16px"],
    )
