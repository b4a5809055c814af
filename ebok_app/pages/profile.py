"""Profil: the user's data and Ustawienia haseł (masking, password change, recent log-ins)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.client_user import code_form
from ebok_app.components.feedback import error_callout, password_rules, problems_callout, success_callout
from ebok_app.components.shell import card, shell
from ebok_app.state.auth import AuthState
from ebok_app.state.my_data import MyDataState
from ebok_app.state.profile import ProfileState


def fact(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED), rx.text(value, size="2", weight="medium"), spacing="0"
    )


def data_card() -> rx.Component:
    return card(
        rx.heading("Twoje dane", size="4", color=theme.NAVY, as_="h2"),
        rx.grid(
            fact("Imię i nazwisko", ProfileState.full_name),
            fact("Login", ProfileState.login),
            fact("Uprawnienia", ProfileState.role),
            fact("Kod jednorazowy", ProfileState.auth_method),
            fact("Telefon do SMS", ProfileState.phone),
            fact("Poprzednie udane logowanie", ProfileState.last_login),
            fact("Ostatnie nieudane logowanie", ProfileState.last_failed),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            padding_top="12px",
        ),
    )


def current_password_input(label: str) -> rx.Component:
    """The current password, given again to confirm a change (a wrong one counts as a failed log-in)."""
    return rx.input(
        name="current_password",
        type="password",
        placeholder="Obecne hasło",
        auto_complete="current-password",
        width="100%",
        aria_label=label,
    )


def phone_card() -> rx.Component:
    """Numer telefonu do SMS: ask for a new one, then confirm it with the code sent to it."""
    change = ProfileState.phone_change
    return card(
        rx.heading("Numer telefonu do SMS", size="4", color=theme.NAVY, as_="h2"),
        error_callout(ProfileState.phone_error),
        rx.cond(
            change.contains("id"),
            rx.vstack(
                rx.text("Nowy numer: ", rx.text.strong(change["new_phone"]), size="2"),
                rx.cond(
                    change["waits_for_code"],
                    rx.vstack(
                        rx.text("Wpisz kod, który przyszedł SMS-em na nowy numer.", size="2"),
                        code_form(change["id"], ProfileState.confirm_phone_change),
                        spacing="2",
                    ),
                    rx.text("Czeka na akceptację administratora Twojej firmy.", size="2", color=theme.MUTED),
                ),
                rx.button(
                    "Wycofaj zmianę",
                    size="2",
                    variant="soft",
                    color_scheme="gray",
                    on_click=ProfileState.withdraw_phone_change(change["id"]),
                ),
                spacing="2",
                padding_top="10px",
            ),
            rx.form(
                rx.vstack(
                    rx.input(
                        name="phone",
                        placeholder="nowy numer, np. 601 234 567",
                        aria_label="Nowy numer telefonu",
                        input_mode="tel",
                        width="100%",
                    ),
                    current_password_input("Obecne hasło (zmiana numeru)"),
                    rx.button("Poproś o zmianę", type="submit"),
                    spacing="2",
                    width="100%",
                    max_width="360px",
                ),
                on_submit=ProfileState.request_phone_change,
                reset_on_submit=True,
                padding_top="10px",
            ),
        ),
        rx.text(
            "Prośbę potwierdzasz obecnym hasłem (błędne liczy się jak nieudane logowanie). Zmianę "
            "akceptuje administrator Twojej firmy; nowy numer działa po wpisaniu kodu z SMS. "
            "Gdy nie możesz się zalogować, numer zmieni administrator albo HelpDesk.",
            size="1",
            color=theme.MUTED,
            padding_top="10px",
        ),
    )


def tool_steps() -> rx.Component:
    """The open change: prove the current tool, then (token) scan the QR shown once, then the new code."""
    change = ProfileState.auth_change
    prove = rx.vstack(
        rx.cond(
            change["current_sms"],
            rx.flex(
                rx.text("1. Potwierdź obecnym narzędziem: kodem z SMS.", size="2"),
                rx.button(
                    rx.cond(change["code_sent"], "Wyślij kod ponownie", "Wyślij kod SMS"),
                    size="2",
                    variant="soft",
                    on_click=ProfileState.send_auth_code(change["id"]),
                ),
                gap="2",
                wrap="wrap",
                align="center",
            ),
            rx.text("1. Potwierdź obecnym narzędziem: kodem z Twojego obecnego tokena.", size="2"),
        ),
        code_form(
            change["id"],
            ProfileState.prove_auth_change,
            field=rx.cond(change["current_sms"], "Kod z SMS", "Kod z obecnego tokena"),
        ),
        spacing="2",
    )
    enrol = rx.cond(
        ProfileState.enrol_qr != "",
        rx.vstack(
            rx.text(
                "2. Zeskanuj kod QR aplikacją uwierzytelniającą (pokazujemy go tylko raz) "
                "albo na tym telefonie dodaj token odnośnikiem.",
                size="2",
            ),
            rx.image(
                src=ProfileState.enrol_qr,
                alt="Kod QR nowego tokena",
                width="180px",
                height="180px",
                data_testid="token-qr",
            ),
            rx.link("Dodaj token w aplikacji", href=ProfileState.enrol_uri, data_testid="token-link"),
            rx.text("3. Wpisz pierwszy kod z nowego tokena.", size="2"),
            code_form(
                change["id"], ProfileState.complete_auth_change, "Aktywuj token", "Kod z nowego tokena"
            ),
            spacing="2",
        ),
        rx.text(
            "Kod QR pokazaliśmy już raz. Anuluj zmianę i rozpocznij ją od nowa, aby dostać nowy.",
            size="2",
            color=theme.MUTED,
        ),
    )
    confirm_sms = rx.vstack(
        rx.text("2. Wpisz kod, który przyszedł SMS-em: potwierdza, że H@sła SMS docierają.", size="2"),
        code_form(change["id"], ProfileState.complete_auth_change, "Włącz H@sło SMS"),
        spacing="2",
    )
    return rx.vstack(
        rx.text(
            "Zmiana na: ",
            rx.text.strong(change["new_method"]),
            " · zlecił(a): ",
            change["by"],
            size="2",
        ),
        rx.cond(change["proven"], rx.cond(change["to_token"], enrol, confirm_sms), prove),
        rx.button(
            "Anuluj zmianę",
            size="2",
            variant="soft",
            color_scheme="gray",
            on_click=ProfileState.cancel_auth_change(change["id"]),
        ),
        spacing="3",
        padding_top="10px",
    )


def tool_card() -> rx.Component:
    """Narzędzie autoryzacji: H@sło SMS or token, changed by the user (or finished after an administrator's
    or the helpdesk's change); the old tool works until the new one gave its first code."""
    return card(
        rx.heading("Narzędzie autoryzacji", size="4", color=theme.NAVY, as_="h2"),
        error_callout(ProfileState.auth_error),
        rx.cond(
            ProfileState.auth_change.contains("id"),
            tool_steps(),
            rx.flex(
                rx.text("Teraz: ", rx.text.strong(ProfileState.auth_method), size="2"),
                rx.button(
                    rx.cond(ProfileState.auth_method == "H@sło SMS", "Zmień na token", "Zmień na H@sło SMS"),
                    size="2",
                    variant="outline",
                    on_click=ProfileState.request_auth_change(
                        rx.cond(ProfileState.auth_method == "H@sło SMS", "token", "sms")
                    ),
                ),
                gap="3",
                wrap="wrap",
                align="center",
                padding_top="10px",
            ),
        ),
        data_testid="tool-card",
    )


def masking_card() -> rx.Component:
    return card(
        rx.heading("Maskowanie hasła", size="4", color=theme.NAVY, as_="h2"),
        rx.text(
            rx.cond(
                ProfileState.masking_enabled,
                "Włączone: przy logowaniu podajesz tylko wybrane znaki hasła.",
                "Wyłączone: przy logowaniu podajesz całe hasło.",
            ),
            size="2",
            padding_top="10px",
        ),
        rx.form(
            rx.vstack(
                current_password_input("Obecne hasło (maskowanie)"),
                rx.button(
                    rx.cond(ProfileState.masking_enabled, "Wyłącz maskowanie", "Włącz maskowanie"),
                    type="submit",
                    variant="soft",
                ),
                rx.text(
                    "Zmianę potwierdzasz obecnym hasłem; błędne hasło liczy się jak nieudane logowanie.",
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="2",
                width="100%",
                max_width="360px",
            ),
            on_submit=ProfileState.set_masking,
            reset_on_submit=True,
            padding_top="8px",
        ),
    )


def password_card() -> rx.Component:
    return card(
        rx.heading("Zmiana hasła", size="4", color=theme.NAVY, as_="h2"),
        password_rules("1"),
        rx.form(
            rx.vstack(
                current_password_input("Obecne hasło"),
                rx.input(
                    name="new_password",
                    type="password",
                    placeholder="Nowe hasło",
                    auto_complete="new-password",
                    width="100%",
                    aria_label="Nowe hasło",
                ),
                rx.input(
                    name="repeat",
                    type="password",
                    placeholder="Powtórz nowe hasło",
                    auto_complete="new-password",
                    width="100%",
                    aria_label="Powtórz nowe hasło",
                ),
                rx.button("Zmień hasło", type="submit"),
                spacing="2",
                width="100%",
                max_width="360px",
            ),
            on_submit=ProfileState.change_password,
            reset_on_submit=True,
            padding_top="8px",
        ),
    )


def history_card() -> rx.Component:
    return card(
        rx.heading("Ostatnie logowania", size="4", color=theme.NAVY, as_="h2"),
        rx.vstack(
            rx.foreach(
                ProfileState.history,
                lambda h: rx.hstack(
                    rx.icon(
                        rx.cond(h["ok"], "circle-check", "circle-x"),
                        size=16,
                        color=rx.cond(h["ok"], "green", theme.ACCENT),
                    ),
                    rx.text(h["at"], size="2"),
                    rx.text(h["result"], size="2", color=theme.MUTED),
                    rx.spacer(),
                    rx.text(h["ip"], size="1", color=theme.MUTED),
                    width="100%",
                ),
            ),
            spacing="2",
            padding_top="10px",
        ),
        rx.button(
            "Wyloguj ze wszystkich urządzeń",
            on_click=AuthState.logout_everywhere,
            variant="outline",
            color_scheme="red",
            margin_top="14px",
        ),
    )


def calendar_card() -> rx.Component:
    """The secret calendar address: installments, policy ends and contract ends in the user's calendar."""
    url_box = rx.cond(
        MyDataState.feed_url != "",
        rx.vstack(
            rx.text("Skopiuj ten adres do swojego kalendarza (Google, Outlook, Apple):", size="2"),
            rx.hstack(
                rx.input(
                    value=MyDataState.feed_url,
                    read_only=True,
                    width="100%",
                    aria_label="Adres kalendarza",
                    data_testid="calendar-url",
                ),
                rx.button(
                    rx.icon("copy", size=14),
                    "Kopiuj",
                    variant="outline",
                    on_click=rx.set_clipboard(MyDataState.feed_url),
                ),
                width="100%",
            ),
            rx.text(
                "Adres pokazujemy tylko teraz. Kto go zna, widzi terminy Twojej firmy: nie udostępniaj go.",
                size="1",
                color=theme.MUTED,
            ),
            spacing="2",
            width="100%",
        ),
    )
    return card(
        rx.heading("Kalendarz terminów", size="4", color=theme.NAVY, as_="h2"),
        rx.text(
            "Terminy rat i opłat, koniec polis i umów Twojej firmy w Twoim kalendarzu (format iCal).",
            size="2",
            padding_top="8px",
        ),
        rx.text(
            rx.cond(
                MyDataState.feed_since != "",
                "Kalendarz włączony, adres z " + MyDataState.feed_since + ".",
                "Kalendarz wyłączony.",
            ),
            size="2",
            color=theme.MUTED,
            padding_y="8px",
            data_testid="calendar-status",
        ),
        rx.box(success_callout(MyDataState.feed_message), padding_bottom="8px"),
        url_box,
        rx.flex(
            rx.button(
                rx.icon("calendar-plus", size=14),
                rx.cond(MyDataState.feed_since != "", "Nowy adres", "Włącz kalendarz"),
                on_click=MyDataState.new_feed,
            ),
            rx.cond(
                MyDataState.feed_since != "",
                rx.button("Wyłącz", variant="outline", color_scheme="red", on_click=MyDataState.revoke_feed),
            ),
            gap="2",
            wrap="wrap",
            padding_top="10px",
        ),
    )


def my_data_card() -> rx.Component:
    return card(
        rx.heading("Moje dane", size="4", color=theme.NAVY, as_="h2"),
        rx.text(
            "Pobierz wszystko, co portal przechowuje o Tobie: dane konta, logowania, wpisy dziennika "
            "zdarzeń, wiadomości i SMS-y. Bez haseł, kodów i innych sekretów.",
            size="2",
            padding_y="8px",
        ),
        rx.flex(
            rx.button(
                rx.icon("file-json", size=14), "JSON", variant="outline", on_click=MyDataState.export("json")
            ),
            rx.button(
                rx.icon("file-archive", size=14),
                "CSV (zip)",
                variant="outline",
                on_click=MyDataState.export("csv"),
            ),
            gap="2",
            wrap="wrap",
        ),
    )


def profile_page() -> rx.Component:
    return shell(
        routes.PROFILE,
        rx.box(success_callout(ProfileState.message), margin_bottom="16px"),
        rx.box(problems_callout(ProfileState.problems), margin_bottom="16px"),
        rx.grid(
            data_card(),
            phone_card(),
            tool_card(),
            masking_card(),
            password_card(),
            history_card(),
            calendar_card(),
            my_data_card(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
    )
