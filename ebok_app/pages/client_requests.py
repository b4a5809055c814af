"""Wnioski: choose a request from the catalogue, fill in its form, follow the company's requests."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.client_requests.catalogue import (
    ALL_CONTRACTS,
    STATUS_LABELS_PL,
    TYPES,
    Attachment,
    FieldKind,
    FormField,
    RequestType,
)
from ebok_app.client_requests.files import MAX_BYTES, MAX_FILES
from ebok_app.components.feedback import error_callout, problems_callout, success_callout
from ebok_app.components.listing import pager
from ebok_app.components.shell import card, shell
from ebok_app.components.translated import t
from ebok_app.pages.contact import card_head, file_chip, upload_zone
from ebok_app.pages.login import field
from ebok_app.state.client_requests import RequestsState as S

UPLOAD_ID = "request-files"
COMPLETION_UPLOAD_ID = "request-completion-files"
STATUS_COLORS = {
    "new": "blue",
    "in_progress": "amber",
    "needs_info": "orange",
    "done": "green",
    "rejected": "red",
}
FILE_RULES = t(
    "PDF, PNG lub JPEG, do {mb} MB, najwyżej {files}", mb=MAX_BYTES // (1024 * 1024), files=MAX_FILES
)
FILTERS = (("", t("Wszystkie")), *((code, t(label)) for code, label in STATUS_LABELS_PL.items()))


def request_status(request: rx.Var[dict]) -> rx.Component:
    return rx.badge(
        request["status_label"],
        color_scheme=rx.match(request["status"], *STATUS_COLORS.items(), "gray"),
        variant="soft",
        size="2",
    )


def status_filters(current: rx.Var[str], show) -> rx.Component:
    """Buttons that show the requests of one status (or all of them)."""
    return rx.flex(
        *[
            rx.button(
                label.capitalize(),
                size="1",
                variant=rx.cond(current == value, "solid", "soft"),
                on_click=show(value),
            )
            for value, label in FILTERS
        ],
        spacing="2",
        wrap="wrap",
    )


def file_list(items: rx.Var, download) -> rx.Component:
    return rx.flex(
        rx.foreach(items.to(list[dict]), lambda f: file_chip(f, download(f["id"]), "download", t("Pobierz"))),
        spacing="2",
        wrap="wrap",
    )


def waiting_files(upload_id: str, label: rx.Var | str) -> rx.Component:
    """The files chosen for what the user is sending, each one removable."""
    return rx.vstack(
        upload_zone(upload_id, S.add_files, label + ": " + FILE_RULES, upload_id),
        rx.cond(S.file_error != "", rx.text(S.file_error, size="2", color="#a4161a", role="alert")),
        rx.flex(
            rx.foreach(S.waiting_files, lambda f: file_chip(f, S.remove_file(f["id"]), "x", t("Usuń plik"))),
            spacing="2",
            wrap="wrap",
            data_testid="waiting-request-files",
        ),
        spacing="2",
        width="100%",
    )


def _select(name: str, label: str, options: list[rx.Component], default=None) -> rx.Component:
    return rx.el.select(
        *options, name=name, aria_label=label, default_value=default, style=theme.NATIVE_SELECT
    )


def _contract_options(placeholder: tuple[str, str]) -> list[rx.Component]:
    return [
        rx.el.option(placeholder[1], value=placeholder[0]),
        rx.foreach(S.contracts, lambda c: rx.el.option(c["label"], value=c["value"])),
    ]


def form_field(f: FormField) -> rx.Component:
    """The control of one catalogue field, labelled by the field's name."""
    label = t(f.label)
    common = {"name": f.name, "aria_label": label, "width": "100%"}
    if f.kind is FieldKind.CONTRACT:
        control = _select(f.name, label, _contract_options(("", t("— wybierz umowę —"))), S.contract)
    elif f.kind is FieldKind.ANY_CONTRACT:
        control = _select(f.name, label, _contract_options((ALL_CONTRACTS, t("wszystkie umowy"))), S.contract)
    elif f.kind is FieldKind.CHOICE:
        control = _select(f.name, label, [rx.el.option(t(c), value=c) for c in f.choices])
    elif f.kind is FieldKind.DAY:
        control = rx.input(type="date", **common)
    elif f.kind in (FieldKind.LONG_TEXT, FieldKind.INVOICES):
        control = rx.text_area(rows="3", placeholder=t(f.hint) if f.hint else "", max_length=1000, **common)
    else:
        control = rx.input(placeholder=t(f.hint) if f.hint else "", max_length=200, **common)
    return field(label, control)


def type_form(kind: RequestType) -> rx.Component:
    wide = {FieldKind.LONG_TEXT, FieldKind.INVOICES, FieldKind.COUNTRIES}
    fields = [
        rx.box(form_field(f), grid_column="1 / -1" if f.kind in wide else None, min_width="0")
        for f in kind.fields
    ]
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="kind", value=kind.code),
            rx.flex(
                rx.icon(kind.icon, size=20, color=theme.NAVY),
                rx.heading(t(kind.label), size="4", color=theme.NAVY, as_="h3"),
                rx.spacer(),
                rx.button(t("Zmień rodzaj"), type="button", variant="ghost", size="2", on_click=S.choose("")),
                align="center",
                spacing="2",
                width="100%",
                wrap="wrap",
            ),
            rx.text(t(kind.lead), size="2", color=theme.MUTED),
            rx.grid(*fields, columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
            *(
                [waiting_files(UPLOAD_ID, t(kind.attachment_label))]
                if kind.attachment is not Attachment.NONE
                else []
            ),
            problems_callout(S.problems),
            rx.button(rx.icon("send", size=16), t("Wyślij wniosek"), type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        key=S.form_key,
        on_submit=S.send,
        width="100%",
        data_testid="request-form",
    )


def type_tile(kind: RequestType) -> rx.Component:
    return rx.button(
        rx.flex(
            rx.icon(kind.icon, size=22, color=theme.NAVY, flex_shrink="0"),
            rx.vstack(
                rx.text(t(kind.label), size="3", weight="bold", color=theme.NAVY),
                rx.text(t(kind.lead), size="1", color=theme.MUTED, white_space="normal"),
                spacing="1",
                align="start",
                min_width="0",
            ),
            spacing="3",
            align="start",
            text_align="left",
            width="100%",
        ),
        on_click=S.choose(kind.code),
        variant="outline",
        color_scheme="gray",
        height="auto",
        padding="12px",
        width="100%",
        justify_content="start",
        data_testid="request-type",
    )


def new_request() -> rx.Component:
    return card(
        rx.cond(
            S.kind == "",
            rx.vstack(
                rx.heading(t("Nowy wniosek"), size="4", color=theme.NAVY, as_="h2"),
                rx.text(t("Wybierz, o co chcesz nas poprosić."), size="2", color=theme.MUTED),
                rx.grid(
                    *[type_tile(kind) for kind in TYPES],
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            rx.match(S.kind, *[(kind.code, type_form(kind)) for kind in TYPES], rx.fragment()),
        ),
        width="100%",
    )


def send_or_cancel(label: str, on_cancel) -> rx.Component:
    """A form's submit button and the one that closes it."""
    return rx.flex(
        rx.button(rx.icon("send", size=16), label, type="submit", size="2"),
        rx.button(t("Anuluj"), type="button", variant="soft", size="2", on_click=on_cancel),
        spacing="2",
        wrap="wrap",
    )


def completion_form(request: rx.Var[dict]) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="request_id", value=request["id"].to_string()),
            field(
                t("Uzupełnienie"),
                rx.text_area(
                    name="comment",
                    rows="3",
                    max_length=4000,
                    placeholder=t("Czego brakowało (co najmniej 10 znaków)."),
                    aria_label=t("Uzupełnienie"),
                    width="100%",
                ),
            ),
            waiting_files(COMPLETION_UPLOAD_ID, t("Dołącz pliki")),
            error_callout(S.completion_problem),
            send_or_cancel(t("Wyślij uzupełnienie"), S.cancel_completion),
            spacing="2",
            width="100%",
        ),
        on_submit=S.complete,
        width="100%",
    )


def step_line(step: rx.Var[dict], download) -> rx.Component:
    return rx.vstack(
        rx.text(
            step["at"].to(str) + " · " + step["who"].to(str) + " · " + step["status_label"].to(str),
            size="1",
            color=theme.MUTED,
        ),
        rx.cond(
            step["comment"] != "",
            rx.text(step["comment"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
        ),
        file_list(step["files"], download),
        spacing="1",
        width="100%",
        padding_left="10px",
        border_left=f"2px solid {theme.CARD_BORDER}",
    )


def request_facts(request: rx.Var[dict]) -> rx.Component:
    return rx.grid(
        rx.foreach(
            request["fields"].to(list[dict]),
            lambda f: rx.vstack(
                rx.text(f["label"], size="1", color=theme.MUTED),
                rx.text(f["value"], size="2", overflow_wrap="anywhere"),
                spacing="0",
                min_width="0",
            ),
        ),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="2",
        width="100%",
    )


def request_answer(request: rx.Var[dict], download) -> rx.Component:
    return rx.cond(
        request["answer"] != "",
        rx.vstack(
            rx.text(
                t("Odpowiedź HelpDesku · ") + request["answered_at"].to(str), size="1", color=theme.MUTED
            ),
            rx.text(request["answer"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            file_list(request["documents"], download),
            spacing="1",
            padding="10px 12px",
            background="#eef6ee",
            border_radius="8px",
            width="100%",
            data_testid="request-answer",
        ),
    )


def request_head(request: rx.Var[dict]) -> rx.Component:
    return card_head(
        request["kind_label"],
        t("Nr ") + request["number"].to(str) + t(" · wysłano ") + request["sent_at"].to(str),
        request_status(request),
    )


def request_card(request: rx.Var[dict]) -> rx.Component:
    return card(
        rx.vstack(
            request_head(request),
            rx.text(
                t("Złożył(a): ")
                + request["sender"].to(str)
                + t(" · ostatnia zmiana ")
                + request["updated_at"].to(str),
                size="1",
                color=theme.MUTED,
            ),
            request_facts(request),
            request_answer(request, S.download),
            rx.el.details(
                rx.el.summary(rx.text(t("Historia i załączniki"), size="2", as_="span"), cursor="pointer"),
                rx.vstack(
                    rx.foreach(request["steps"].to(list[dict]), lambda s: step_line(s, S.download)),
                    spacing="2",
                    padding_top="8px",
                    width="100%",
                ),
                width="100%",
            ),
            rx.cond(
                (request["status"] == "needs_info") & S.can_send,
                rx.cond(
                    S.completing == request["id"].to(int),
                    completion_form(request),
                    rx.button(
                        rx.icon("file-plus", size=16),
                        t("Uzupełnij wniosek"),
                        size="2",
                        on_click=S.start_completion(request["id"]),
                    ),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="client-request",
    )


def contract_filter() -> rx.Component:
    """The list's contract filter: the contracts the company's requests concern."""
    return rx.el.select(
        rx.el.option(t("Wszystkie umowy"), value=""),
        rx.foreach(S.filter_contracts, lambda c: rx.el.option(c["label"], value=c["value"])),
        value=S.shown_contract,
        on_change=S.show_contract,
        aria_label=t("Umowa"),
        style={**theme.NATIVE_SELECT, "width": "auto", "max_width": "100%"},
        data_testid="request-contract-filter",
    )


def client_requests_page() -> rx.Component:
    return shell(
        routes.REQUESTS,
        rx.vstack(
            success_callout(S.notice),
            rx.cond(
                S.can_send,
                new_request(),
                rx.callout(
                    t(
                        "Wnioski składają administrator firmy i użytkownicy z uprawnieniem finanse. "
                        "Tutaj widzisz wnioski firmy i odpowiedzi na nie."
                    ),
                    icon="info",
                    width="100%",
                ),
            ),
            rx.heading(t("Wnioski firmy"), size="4", color=theme.NAVY, as_="h2", padding_top="8px"),
            rx.flex(
                status_filters(S.status, S.show), contract_filter(), spacing="3", wrap="wrap", align="center"
            ),
            rx.cond(
                S.requests.length() > 0,
                rx.foreach(S.requests, request_card),
                rx.text(t("Brak wniosków."), color=theme.MUTED, size="2"),
            ),
            pager(S),
            spacing="3",
            width="100%",
        ),
    )
