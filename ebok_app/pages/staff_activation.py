"""Obsługa > Aktywacja: the Wniosek o Konfigurację użytkowników as a form, and its result."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.feedback import error_callout, problems_callout
from ebok_app.components.shell import card
from ebok_app.components.staff_shell import staff_shell
from ebok_app.content import terms_versions
from ebok_app.onboarding.activation import EnrolmentCard
from ebok_app.pages.login import field
from ebok_app.state.activation import ActivationState

ROLES = {"admin": "administrator", "finance": "finanse", "viewer": "podgląd"}
METHODS = {"sms": "H@sło SMS", "token": "token"}


def text_field(label: str, name: str, **props) -> rx.Component:
    return field(label, rx.input(name=name, aria_label=label, size="2", width="100%", **props))


def grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="3", width="100%")


def choice(label: str, name: str, options: dict[str, str], default: str) -> rx.Component:
    return field(
        label,
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in options.items()],
            name=name,
            default_value=default,
            aria_label=label,
            style=theme.NATIVE_SELECT,
        ),
    )


def user_row(slot: rx.Var[int], index: rx.Var[int]) -> rx.Component:
    prefix = "u" + slot.to_string() + "_"
    return rx.box(
        rx.flex(
            rx.text("Użytkownik " + (index + 1).to_string(), weight="bold", size="2", color=theme.NAVY),
            rx.spacer(),
            rx.cond(
                ActivationState.slots.length() > 1,
                rx.button(
                    rx.icon("x", size=14),
                    "Usuń",
                    type="button",
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=ActivationState.remove_user(slot),
                ),
            ),
            width="100%",
            align="center",
        ),
        grid(
            field("Imię", rx.input(name=prefix + "first_name", size="2", width="100%", aria_label="Imię")),
            field(
                "Nazwisko", rx.input(name=prefix + "last_name", size="2", width="100%", aria_label="Nazwisko")
            ),
            field("Login", rx.input(name=prefix + "login", size="2", width="100%", aria_label="Login")),
            field(
                "Telefon komórkowy",
                rx.input(
                    name=prefix + "phone",
                    size="2",
                    width="100%",
                    input_mode="tel",
                    aria_label="Telefon komórkowy",
                ),
            ),
            choice("Uprawnienia", prefix + "role", ROLES, "viewer"),
            choice("Kod jednorazowy", prefix + "auth_method", METHODS, "sms"),
        ),
        padding="12px",
        border=f"1px solid {theme.CARD_BORDER}",
        border_radius="10px",
        width="100%",
        data_testid="activation-user",
        key=slot,  # the typed values stay with their row when another row is removed
    )


def activation_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            card(
                rx.vstack(
                    rx.heading("Dane firmy", size="4", color=theme.NAVY, as_="h2"),
                    grid(
                        text_field("Nazwa firmy", "name"),
                        text_field("NIP", "nip", input_mode="numeric"),
                        text_field("REGON", "regon", input_mode="numeric"),
                        text_field("Ulica i numer", "street"),
                        text_field("Kod pocztowy", "postal_code", placeholder="00-000"),
                        text_field("Miejscowość", "city"),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            card(
                rx.vstack(
                    rx.heading("Podpisany wniosek", size="4", color=theme.NAVY, as_="h2"),
                    grid(
                        text_field(
                            "Podpisany w obecności (pracownik)", "form_witness", placeholder="puste = Ty"
                        ),
                        text_field("Data podpisania", "form_signed_on", type="date"),
                        choice(
                            "Zaakceptowany regulamin",
                            "terms_version",
                            {v: f"wersja {v}" for v in terms_versions()},
                            terms_versions()[0],
                        ),
                    ),
                    rx.text(
                        "Bez daty przyjmiemy dzisiejszą. Użytkownicy nie będą pytani o tę wersję regulaminu "
                        "przy pierwszym logowaniu (o nowszą – tak).",
                        size="1",
                        color=theme.MUTED,
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            card(
                rx.vstack(
                    rx.heading("Użytkownicy", size="4", color=theme.NAVY, as_="h2"),
                    rx.text(
                        "Hasła tymczasowe wyślemy użytkownikom SMS-em; nie zobaczysz ich. "
                        "Co najmniej jeden użytkownik musi być administratorem firmy.",
                        size="2",
                        color=theme.MUTED,
                    ),
                    rx.foreach(ActivationState.slots, user_row),
                    rx.button(
                        rx.icon("user-plus", size=16),
                        "Dodaj użytkownika",
                        type="button",
                        variant="soft",
                        on_click=ActivationState.add_user,
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            problems_callout(ActivationState.problems),
            rx.button("Aktywuj usługę", type="submit", size="3"),
            spacing="4",
            width="100%",
        ),
        on_submit=ActivationState.submit,
        width="100%",
    )


def enrolment_card(item: rx.Var[EnrolmentCard]) -> rx.Component:
    return rx.vstack(
        rx.image(src=item["qr"], alt="Kod QR tokena " + item["login"], width="180px", height="180px"),
        rx.text(item["name"], weight="bold", size="2"),
        rx.text("login: " + item["login"], size="1", color=theme.MUTED),
        align="center",
        spacing="1",
        padding="12px",
        border=f"1px solid {theme.CARD_BORDER}",
        border_radius="10px",
        data_testid="token-enrolment",
    )


def activation_result() -> rx.Component:
    return card(
        rx.vstack(
            rx.callout(
                "Usługa aktywowana dla: " + ActivationState.done_company,
                icon="circle-check",
                color_scheme="green",
                width="100%",
            ),
            rx.text("Przekaż klientowi MilleKod:", size="2"),
            rx.text(
                ActivationState.done_millekod,
                size="8",
                weight="bold",
                color=theme.NAVY,
                data_testid="new-millekod",
            ),
            rx.text(
                "Użytkownicy ("
                + ActivationState.done_users.to_string()
                + ") dostali SMS z hasłem tymczasowym; "
                "przy pierwszym logowaniu podadzą kod z SMS-a lub tokena, hasło tymczasowe i ustawią własne.",
                size="2",
            ),
            rx.cond(
                ActivationState.enrolments.length() > 0,
                rx.vstack(
                    rx.text(
                        "Tokeny: zeskanuj kod aplikacją TOTP użytkownika teraz. Kod pokazujemy tylko raz.",
                        size="2",
                        weight="medium",
                    ),
                    rx.flex(rx.foreach(ActivationState.enrolments, enrolment_card), spacing="3", wrap="wrap"),
                    spacing="2",
                ),
            ),
            rx.button("Nowy wniosek", on_click=ActivationState.new_form, variant="soft"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def staff_activation_page() -> rx.Component:
    return staff_shell(
        routes.STAFF_ACTIVATION,
        rx.cond(
            ActivationState.error != "",
            error_callout(ActivationState.error),
            rx.cond(ActivationState.done_millekod != "", activation_result(), activation_form()),
        ),
    )
