"""Obsługa > Wnioski: the clients' requests, filtered by status and type; take one, answer it with a
status, a comment and a document."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.client_requests.catalogue import TYPES
from ebok_app.components.feedback import error_callout, success_callout
from ebok_app.components.listing import pager
from ebok_app.components.shell import card
from ebok_app.components.staff_shell import staff_shell, unless_refused
from ebok_app.pages.client_requests import (
    FILE_RULES,
    request_facts,
    request_head,
    send_or_cancel,
    status_filters,
    step_line,
)
from ebok_app.pages.contact import file_chip, upload_zone
from ebok_app.pages.login import field
from ebok_app.state.staff_requests import StaffRequestsState as S

UPLOAD_ID = "request-answer-files"
ANSWER_STATUSES = (
    ("done", "zrealizowana"),
    ("needs_info", "wymaga uzupełnienia"),
    ("rejected", "odrzucona"),
)


def kind_filter() -> rx.Component:
    return rx.el.select(
        rx.el.option("Wszystkie rodzaje", value=""),
        *[rx.el.option(t.label, value=t.code) for t in TYPES],
        value=S.kind,
        on_change=S.show_kind,
        aria_label="Rodzaj wniosku",
        style={**theme.NATIVE_SELECT, "width": "auto", "max_width": "100%"},
    )


def answer_form(request: rx.Var[dict]) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="request_id", value=request["id"].to_string()),
            field(
                "Nowy status",
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in ANSWER_STATUSES],
                    name="status",
                    aria_label="Nowy status",
                    style=theme.NATIVE_SELECT,
                ),
            ),
            field(
                "Komentarz dla klienta",
                rx.text_area(
                    name="comment",
                    rows="3",
                    max_length=4000,
                    aria_label="Komentarz dla klienta",
                    width="100%",
                ),
            ),
            rx.cond(
                request["document"] != "",
                rx.el.label(
                    rx.el.input(type="checkbox", name="generate", style={"width": "16px", "height": "16px"}),
                    rx.text("Dołącz dokument wygenerowany przez eBOK (PDF)", size="2"),
                    display="flex",
                    align_items="center",
                    gap="6px",
                ),
            ),
            upload_zone(UPLOAD_ID, S.add_files, f"Dołącz dokument: {FILE_RULES}", UPLOAD_ID),
            rx.flex(
                rx.foreach(
                    request["waiting"].to(list[dict]),
                    lambda f: file_chip(f, S.remove_file(f["id"]), "x", "Usuń plik"),
                ),
                spacing="2",
                wrap="wrap",
            ),
            error_callout(S.answer_problem),
            send_or_cancel("Wyślij odpowiedź", S.cancel_answer),
            spacing="2",
            width="100%",
        ),
        on_submit=S.answer,
        width="100%",
    )


def actions(request: rx.Var[dict]) -> rx.Component:
    return rx.cond(
        request["open"].to(bool),
        rx.cond(
            S.answering == request["id"].to(int),
            answer_form(request),
            rx.flex(
                rx.cond(
                    request["status"] == "new",
                    rx.button(
                        "Przyjmij do realizacji", size="2", variant="soft", on_click=S.take(request["id"])
                    ),
                ),
                rx.button(
                    rx.icon("reply", size=16), "Odpowiedz", size="2", on_click=S.start_answer(request["id"])
                ),
                spacing="2",
                wrap="wrap",
            ),
        ),
    )


def inbox_card(request: rx.Var[dict]) -> rx.Component:
    return card(
        rx.vstack(
            request_head(request),
            rx.text(
                request["company"].to(str)
                + " · MilleKod "
                + request["millekod"].to(str)
                + " · "
                + request["sender"].to(str),
                size="1",
                color=theme.MUTED,
            ),
            request_facts(request),
            rx.vstack(
                rx.foreach(request["steps"].to(list[dict]), lambda s: step_line(s, S.download)),
                spacing="2",
                width="100%",
            ),
            actions(request),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="inbox-request",
    )


def staff_requests_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_REQUESTS,
        unless_refused(
            S.error,
            rx.vstack(
                rx.flex(
                    status_filters(S.status, S.show), kind_filter(), spacing="3", wrap="wrap", align="center"
                ),
                success_callout(S.notice),
                error_callout(S.error),
                rx.cond(
                    S.requests.length() > 0,
                    rx.foreach(S.requests, inbox_card),
                    rx.text("Brak wniosków.", color=theme.MUTED),
                ),
                pager(S),
                spacing="3",
                width="100%",
            ),
        ),
    )
