"""Deklaracja dostępności: the accessibility statement Polish law asks of a public-facing service
(its structure follows the statement model of the Act of 4 April 2019 on digital accessibility)."""

from __future__ import annotations

import reflex as rx

from ebok_app import routes, theme
from ebok_app.components.public import public_frame
from ebok_app.components.shell import card
from ebok_app.components.translated import t
from ebok_app.settings import get_settings

TITLE = t("Deklaracja dostępności · eBOK")
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
                rx.heading(t("Deklaracja dostępności eBOK"), as_="h1", size="7", color=theme.NAVY),
                rx.text(
                    t(
                        "{brand} zobowiązuje się zapewnić dostępność serwisu eBOK zgodnie "
                        "z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych "
                        "i aplikacji mobilnych podmiotów publicznych oraz ustawą z dnia 26 kwietnia "
                        "2024 r. o zapewnianiu spełniania wymagań dostępności niektórych produktów i "
                        "usług przez podmioty gospodarcze. Deklaracja dotyczy serwisu eBOK "
                        "(elektroniczne biuro obsługi klienta).",
                        brand=settings.brand_name,
                    ),
                    size="3",
                ),
                rx.text(
                    t(
                        "Data publikacji serwisu: {published}. Data ostatniej aktualizacji: {updated}.",
                        published=PUBLISHED,
                        updated=UPDATED,
                    ),
                    size="3",
                ),
                section(
                    t("Stan dostępności"),
                    t(
                        "Serwis jest częściowo zgodny z wymaganiami WCAG 2.1 na poziomie AA z powodu "
                        "niezgodności wymienionych poniżej."
                    ),
                    bullets(
                        t(
                            "Wykres w Prognozie kosztów jest obrazem danych; te same kwoty są w tabeli pod "
                            "wykresem."
                        ),
                        t(
                            "Pliki PDF faktur są generowane automatycznie i mogą nie mieć pełnej struktury "
                            "znaczników; ich treść jest też dostępna w tabelach serwisu."
                        ),
                    ),
                ),
                section(
                    t("Przygotowanie deklaracji"),
                    t(
                        "Deklarację sporządzono {published} na podstawie samooceny: przeglądu klawiaturą, "
                        "czytnikiem ekranu i automatycznych testów axe-core każdej strony na komputerze "
                        "i telefonie.",
                        published=PUBLISHED,
                    ),
                ),
                section(
                    t("Ułatwienia"),
                    bullets(
                        t("Pierwszy klawisz Tab pokazuje odnośnik „Przejdź do treści”, który pomija menu."),
                        t(
                            "Wszystkie funkcje są dostępne z klawiatury; kolumny tabel sortuje się "
                            "klawiszami "
                            "Enter lub Spacja."
                        ),
                        t(
                            "Strony działają przy powiększeniu do 200% i na ekranach od 320 pikseli "
                            "szerokości."
                        ),
                        t("Hasło maskowane można wpisać wirtualną klawiaturą."),
                    ),
                ),
                section(
                    t("Informacje zwrotne i dane kontaktowe"),
                    t(
                        "Jeśli zauważysz problem z dostępnością serwisu albo potrzebujesz informacji w "
                        "innej formie, napisz przez formularz Kontakt po zalogowaniu lub zadzwoń do "
                        "HelpDesku: {phone}. Tą samą drogą możesz złożyć żądanie "
                        "zapewnienia dostępności.",
                        phone=settings.helpdesk_phone,
                    ),
                ),
                section(
                    t("Procedura wnioskowo-skargowa"),
                    t(
                        "Każdy ma prawo zażądać zapewnienia dostępności cyfrowej strony, jej elementu lub "
                        "informacji w alternatywnej formie. Żądanie powinno zawierać dane osoby "
                        "zgłaszającej, "
                        "wskazanie, o którą stronę lub element chodzi, i sposób kontaktu. Odpowiadamy "
                        "bez zbędnej zwłoki, nie później niż w ciągu 7 dni; jeśli to niemożliwe, "
                        "informujemy o terminie, nie dłuższym niż 2 miesiące, albo proponujemy "
                        "alternatywny sposób dostępu do informacji."
                    ),
                    t(
                        "Jeśli odmówimy, możesz złożyć skargę na zapewnienie dostępności. Po jej wyczerpaniu "
                        "możesz złożyć wniosek do Rzecznika Praw Obywatelskich (www.rpo.gov.pl), a w sprawie "
                        "dostępności usług - skargę do Prezesa Państwowego Funduszu Rehabilitacji Osób "
                        "Niepełnosprawnych."
                    ),
                ),
                rx.link(t("Wróć do eBOK"), href=routes.DASHBOARD, size="3"),
                spacing="4",
                align="start",
            ),
            data_testid="accessibility-statement",
        )
    )
