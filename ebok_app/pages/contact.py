"""Kontakt (guide 000: "formularz kontaktowy"): write about a contract, read the answers."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.contact_numbers import contact_numbers
from ebok_app.components.feedback import problems_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.contact import MAX_TEXT, TOPICS_PL
from ebok_app.contact.attachments import MAX_BYTES, MAX_FILES
from ebok_app.contact.rows import MessageRow
from ebok_app.pages.login import field
from ebok_app.state.contact import ContactState

STATUS_COLORS = {"new": "blue", "in_progress": "amber", "answered": "green"}


def status_badge(message: rx.Var[MessageRow]) -> rx.Component:
    return rx.badge(
        message["status_label"],
        color_scheme=rx.match(message["status"], *STATUS_COLORS.items(), "gray"),
        variant="soft",
    )


UPLOAD_ID = "contact-files"
MAX_MB = MAX_BYTES // (1024 * 1024)
ACCEPT = {"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]}


def file_chip(item: rx.Var[dict], on_click, icon: str, label: str) -> rx.Component:
    """A file of a message: its name and size; the button downloads it or takes it away."""
    return rx.button(
        rx.icon(icon, size=14),
        item["name"].to(str) + " (" + item["size"].to(str) + ")",
        on_click=on_click,
        type="button",
        size="1",
        variant="soft",
        color_scheme="gray",
        max_width="100%",
        height="auto",
        min_height="24px",
        padding_y="2px",
        white_space="normal",
        overflow_wrap="anywhere",
        text_align="left",
        aria_label=label + " " + item["name"].to(str),
    )


def upload_zone(upload_id: str, on_drop, text: str, testid: str) -> rx.Component:
    """Where files are dropped or chosen; `on_drop` (a handler taking the files) checks each one."""
    return rx.upload.root(
        rx.flex(rx.icon("paperclip", size=16), rx.text(text, size="2"), align="center", spacing="2"),
        id=upload_id,
        accept=ACCEPT,
        max_files=MAX_FILES,
        multiple=True,
        on_drop=on_drop(rx.upload_files(upload_id=upload_id)),
        border=f"1px dashed {theme.CARD_BORDER}",
        border_radius="8px",
        padding="10px 12px",
        width="100%",
        cursor="pointer",
        data_testid=testid,
    )


def attachments_field() -> rx.Component:
    """Files to send with the message: checked on the server as soon as they are chosen."""
    return rx.vstack(
        upload_zone(
            UPLOAD_ID,
            ContactState.add_files,
            f"Dołącz pliki (PDF, PNG, JPEG; do {MAX_MB} MB, najwyżej {MAX_FILES})",
            "contact-upload",
        ),
        rx.cond(
            ContactState.file_error != "",
            rx.text(ContactState.file_error, size="2", color="#a4161a", role="alert"),
        ),
        rx.flex(
            rx.foreach(
                ContactState.waiting_files,
                lambda f: file_chip(f, ContactState.remove_file(f["id"]), "x", "Usuń plik"),
            ),
            spacing="2",
            wrap="wrap",
            data_testid="waiting-files",
        ),
        spacing="2",
        width="100%",
    )


def contact_form() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                rx.heading("Nowa wiadomość", size="4", color=theme.NAVY, as_="h2"),
                rx.grid(
                    field(
                        "Temat",
                        rx.el.select(
                            *[rx.el.option(t, value=t) for t in TOPICS_PL],
                            name="topic",
                            aria_label="Temat",
                            style=theme.NATIVE_SELECT,
                        ),
                    ),
                    field(
                        "Umowa",
                        rx.el.select(
                            rx.foreach(
                                ContactState.contracts, lambda c: rx.el.option(c["label"], value=c["value"])
                            ),
                            name="contract",
                            aria_label="Umowa",
                            style=theme.NATIVE_SELECT,
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                field(
                    "Treść",
                    rx.text_area(
                        name="body",
                        rows="6",
                        max_length=MAX_TEXT,
                        placeholder="Opisz sprawę (co najmniej 10 znaków).",
                        aria_label="Treść",
                        width="100%",
                    ),
                ),
                attachments_field(),
                problems_callout(ContactState.problems),
                rx.button(rx.icon("send", size=16), "Wyślij wiadomość", type="submit", size="3"),
                spacing="3",
                width="100%",
            ),
            key=ContactState.form_key,
            on_submit=ContactState.send,
            width="100%",
        ),
        width="100%",
    )


def message_files(message: rx.Var[MessageRow], download) -> rx.Component:
    """The files sent with a message, each one a download (`download` is the page's handler)."""
    return rx.flex(
        rx.foreach(
            message["files"],
            lambda f: file_chip(f, download(f["id"]), "download", "Pobierz"),
        ),
        spacing="2",
        wrap="wrap",
    )


def card_head(title: rx.Var, subtitle: rx.Var, badge: rx.Component) -> rx.Component:
    """The top of a message's or a request's card: what it is, a line under it, its status on the right."""
    return rx.flex(
        rx.vstack(
            rx.text(title, weight="bold", color=theme.NAVY),
            rx.text(subtitle, size="1", color=theme.MUTED),
            spacing="0",
            min_width="0",
            flex="1 1 200px",  # on a narrow phone a long status goes under the title
        ),
        badge,
        width="100%",
        align="start",
        spacing="2",
        wrap="wrap",
    )


def message_card(message: rx.Var[MessageRow]) -> rx.Component:
    return card(
        rx.vstack(
            card_head(
                message["topic"],
                "Umowa: " + message["contract"] + " · wysłano " + message["at"],
                status_badge(message),
            ),
            rx.text(message["body"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            message_files(message, ContactState.download),
            rx.cond(
                message["answer"] != "",
                rx.box(
                    rx.text("Odpowiedź HelpDesku · " + message["answered_at"], size="1", color=theme.MUTED),
                    rx.text(message["answer"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
                    padding="10px 12px",
                    background="#eef6ee",
                    border_radius="8px",
                    width="100%",
                    data_testid="contact-answer",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding="16px",
        width="100%",
        data_testid="contact-message",
    )


def contact_page() -> rx.Component:
    return shell(
        routes.CONTACT,
        rx.vstack(
            success_callout(ContactState.notice),
            card(
                rx.heading("Zadzwoń do nas", size="4", color=theme.NAVY, as_="h2", margin_bottom="10px"),
                contact_numbers(),
                rx.link("Pytania i odpowiedzi (Pomoc)", href=routes.HELP, size="2", margin_top="10px"),
                width="100%",
            ),
            contact_form(),
            rx.heading("Twoje wiadomości", size="4", color=theme.NAVY, as_="h2", padding_top="8px"),
            rx.cond(
                ContactState.messages.length() > 0,
                rx.foreach(ContactState.messages, message_card),
                rx.text("Nie wysłałeś jeszcze żadnej wiadomości.", color=theme.MUTED, size="2"),
            ),
            spacing="3",
            width="100%",
        ),
    )
