"""Deklaracja dostępności: the accessibility statement Polish law asks of a public-facing service
(its structure follows the statement model of the Act of 4 April 2019 on digital accessibility)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.public import public_frame
from ebok_app.components.shell import card
from ebok_app.settings import get_settings

TITLE = "Deklaracja dostępności · eBOK"
PUBLISHED = "2026-12-02"
UPDATED = "2026-12-02"


def section(title: str, *paragraphs: str | rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=theme.NAVY),
        *[rx.text(p, size="3") if isinstance(p, str) else p for p in paragraphs],
        spacing="2",
        width="100%",
    )


def bullets(*items: str) -> rx.Component:
    return rx.el.ul(*[rx.el.li(item) for item in items], padding_left="20px", line_height="1.6")


def accessibility_page() -> rx.Component:
    settings = get_settings()
    return public_frame(
        card(
            rx.vstack(
                rx.heading("Deklaracja dostępności eBOK", as_="h1", size="7", color=theme.NAVY),
                rx.text(
                    f"{settings.brand_name} zobowiązuje się zapewnić dostępność serwisu eBOK zgodnie "
                    "z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych "
                    "i aplikacji mobilnych podmiotów publicznych oraz ustawą z dnia 26 kwietnia "
                    "2024 r. o zapewnianiu spełniania wymagań dostępności niektórych produktów i "
                    "usług przez podmioty gospodarcze. Deklaracja dotyczy serwisu eBOK "
                    "(elektroniczne biuro obsługi klienta).",
                    size="3",
                ),
                rx.text(
                    f"Data publikacji serwisu: {PUBLISHED}. Data ostatniej aktualizacji: {UPDATED}.", size="3"
                ),
                section(
                    "Stan dostępności",
                    "Serwis jest częściowo zgodny z wymaganiami WCAG 2.1 na poziomie AA z powodu "
                    "niezgodności wymienionych poniżej.",
                    bullets(
                        "Wykres w Prognozie kosztów jest obrazem danych; te same kwoty są w tabeli pod "
                        "wykresem.",
                        "Pliki PDF faktur są generowane automatycznie i mogą nie mieć pełnej struktury "
                        "znaczników; ich treść jest też dostępna w tabelach serwisu.",
                    ),
                ),
                section(
                    "Przygotowanie deklaracji",
                    f"Deklarację sporządzono {PUBLISHED} na podstawie samooceny: przeglądu klawiaturą, "
                    "czytnikiem ekranu i automatycznych testów axe-core każdej strony na komputerze "
                    "i telefonie.",
                ),
                section(
                    "Ułatwienia",
                    bullets(
                        "Pierwszy klawisz Tab pokazuje odnośnik „Przejdź do treści”, który pomija menu.",
                        "Wszystkie funkcje są dostępne z klawiatury; kolumny tabel sortuje się klawiszami "
                        "Enter lub Spacja.",
                        "Strony działają przy powiększeniu do 200% i na ekranach od 320 pikseli szerokości.",
                        "Hasło maskowane można wpisać wirtualną klawiaturą.",
                    ),
                ),
                section(
                    "Informacje zwrotne i dane kontaktowe",
                    "Jeśli zauważysz problem z dostępnością serwisu albo potrzebujesz informacji w "
                    "innej formie, napisz przez formularz Kontakt po zalogowaniu lub zadzwoń do "
                    f"HelpDesku: {settings.helpdesk_phone}. Tą samą drogą możesz złożyć żądanie "
                    "zapewnienia dostępności.",
                ),
                section(
                    "Procedura wnioskowo-skargowa",
                    "Każdy ma prawo zażądać zapewnienia dostępności cyfrowej strony, jej elementu lub "
                    "informacji w alternatywnej formie. Żądanie powinno zawierać dane osoby zgłaszającej, "
                    "wskazanie, o którą stronę lub element chodzi, i sposób kontaktu. Odpowiadamy "
                    "bez zbędnej zwłoki, nie później niż w ciągu 7 dni; jeśli to niemożliwe, "
                    "informujemy o terminie, nie dłuższym niż 2 miesiące, albo proponujemy "
                    "alternatywny sposób dostępu do informacji.",
                    "Jeśli odmówimy, możesz złożyć skargę na zapewnienie dostępności. Po jej wyczerpaniu "
                    "możesz złożyć wniosek do Rzecznika Praw Obywatelskich (www.rpo.gov.pl), a w sprawie "
                    "dostępności usług - skargę do Prezesa Państwowego Funduszu Rehabilitacji Osób "
                    "Niepełnosprawnych.",
                ),
                rx.link("Wróć do eBOK", href=routes.DASHBOARD, size="3"),
                spacing="4",
                align="start",
            ),
            data_testid="accessibility-statement",
        )
    )
