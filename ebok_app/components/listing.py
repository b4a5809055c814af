"""Pieces of the list pages: the filter panel, sortable headers, the pager, status badges."""

from __future__ import annotations

import reflex as rx

from ebok_app import theme
from ebok_app.components.shell import card
from ebok_app.state.listing import PAGE_SIZES


def overdue_mark(row: rx.Var) -> rx.Component:
    """The badge of a row (an invoice, an item of a schedule) whose `overdue` is true."""
    return rx.cond(row["overdue"], rx.badge("po terminie", color_scheme="red", variant="solid", size="1"))


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
            class_name="ebok-filters",  # folded in the page; theme.py and assets/ebok.js open it on a desktop
        ),
        padding=["12px", "16px"],
        margin_bottom="16px",
    )


def labelled(label: str, control: rx.Component, width: str = "160px") -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=theme.MUTED), control, spacing="1", width=["100%", width])


WIDE_ONLY = ["none", "none", "none", "none", "table-cell"]  # columns shown from 1280 px up (phones: in cards)


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
        rx.el.button(
            label,
            arrow,
            type="button",
            on_click=on_sort(column),
            class_name="ebok-sort",
        ),
        aria_sort=rx.cond(sort == column, rx.cond(descending, "descending", "ascending"), "none"),
        **props,
    )


def pager(state: type[rx.State]) -> rx.Component:
    """How many were found, rows per page, the previous and next page and a page typed in."""
    page, pages = state.page, state.pages
    size = rx.el.select(
        *[rx.el.option(str(n), value=str(n)) for n in PAGE_SIZES],
        value=state.page_size.to_string(),
        on_change=state.set_page_size,
        style={**theme.NATIVE_SELECT, "width": "72px"},
    )
    typed = rx.form(
        rx.hstack(
            rx.input(
                name="strona",
                type="number",
                min=1,
                max=pages,
                placeholder=page.to_string(),
                aria_label="Numer strony",
                width="72px",
                key=page.to_string(),
            ),
            rx.button("Przejdź", type="submit", variant="soft", size="2"),
            spacing="2",
            align="center",
        ),
        on_submit=state.go_to_typed,
        reset_on_submit=True,
    )
    return rx.flex(
        rx.text("Znaleziono: " + state.total.to_string(), size="2", color=theme.MUTED, data_testid="found"),
        rx.el.label(
            rx.text("Na stronie", as_="span", size="2", color=theme.MUTED),
            size,
            style={"display": "flex", "align_items": "center", "gap": "8px"},
        ),
        rx.spacer(display=["none", "block"]),
        rx.hstack(
            rx.icon_button(
                rx.icon("chevron-left"),
                on_click=state.go_to(page - 1),
                disabled=page <= 1,
                variant="soft",
                aria_label="Poprzednia strona",
            ),
            rx.text("strona " + page.to_string() + " z " + pages.to_string(), size="2", data_testid="pager"),
            rx.icon_button(
                rx.icon("chevron-right"),
                on_click=state.go_to(page + 1),
                disabled=page >= pages,
                variant="soft",
                aria_label="Następna strona",
            ),
            align="center",
        ),
        rx.cond(pages > 1, typed),
        align="center",
        wrap="wrap",
        column_gap="16px",
        row_gap="8px",
        width="100%",
        padding_top="12px",
    )


def card_facts(*facts: tuple[str, rx.Var | str]) -> rx.Component:
    """The columns of a table row that a phone's card shows as label and value pairs, two by two."""
    return rx.el.dl(
        *[
            rx.box(
                rx.el.dt(label, color=theme.MUTED, font_size="12px"),
                rx.el.dd(value, margin="0", font_size="14px", overflow_wrap="anywhere"),
                min_width="0",
            )
            for label, value in facts
        ],
        display="grid",
        grid_template_columns="repeat(2, minmax(0, 1fr))",
        gap="6px 12px",
        width="100%",
        margin="4px 0 0",
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
            rx.select.trigger(placeholder="wszystkie", width="100%", aria_label=label),
            rx.select.content(
                rx.select.item("wszystkie", value="all"),
                *[rx.select.item(text, value=value) for text, value in choices],
            ),
            name=name,
            default_value=default,
        ),
    )


def date_filter(label: str, name: str, current: rx.Var[str] | str = "") -> rx.Component:
    return labelled(label, rx.input(type="date", name=name, default_value=current, aria_label=label))


def scroll_region(table: rx.Component, label: str = "Tabela") -> rx.Component:
    """A table that may be wider or longer than its box: it scrolls inside it with its header in view,
    takes keyboard focus (arrow keys scroll it) and says so when it is wider than the box."""
    return rx.box(
        rx.text(
            rx.icon("move-horizontal", size=14, aria_hidden="true"),
            "Tabela jest szersza niż okno: przewiń ją w bok.",
            class_name="ebok-scroll-hint",
            size="1",
            color=theme.MUTED,
        ),
        rx.box(
            table,
            class_name="ebok-scroll",
            tab_index=0,
            role="region",
            aria_label=label + " (przewijana)",
        ),
        width="100%",
    )


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
    """The rows of a list: a table on a desktop, cards on a phone, a sentence when nothing matches, pages.
    Until the first rows arrive, an empty box a screen high holds their place (and `above`'s, which may
    depend on the user's rights): nothing on the screen moves when they come."""
    return card(
        rx.cond(
            state.listed,
            rx.fragment(
                *above,
                rx.cond(
                    state.total > 0,
                    rx.fragment(desktop_only(scroll_region(table)), phone_only(cards)),
                    rx.text(empty, color=theme.MUTED, data_testid="empty"),
                ),
            ),
            rx.box(rx.cond(state.preparing, preparing_note()), min_height="100vh"),
        ),
        pager(state),
        padding=["8px", "12px", "16px"],
    )
