"""Plotly in the tab's language: Polish (the tool bar's labels and the date and number formats, a
dictionary of our own instead of the whole plotly.js-locales package) or plotly's own English."""

from __future__ import annotations

from ebok_app.state.auth import AuthState

PLOTLY_PL: dict = {
    "dictionary": {
        "Autoscale": "Skaluj automatycznie",
        "Download plot as a PNG": "Pobierz wykres jako PNG",
        "Download plot": "Pobierz wykres",
        "Pan": "Przesuwanie",
        "Reset axes": "Przywróć osie",
        "Zoom": "Powiększanie",
        "Zoom in": "Powiększ",
        "Zoom out": "Pomniejsz",
        "Double-click to zoom back out": "Kliknij dwukrotnie, aby pomniejszyć",
        "Click to enter Plot title": "Kliknij, aby wpisać tytuł",
    },
    "format": {
        "days": ["niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"],
        "shortDays": ["nie", "pon", "wto", "śro", "czw", "pią", "sob"],
        "months": [
            "styczeń",
            "luty",
            "marzec",
            "kwiecień",
            "maj",
            "czerwiec",
            "lipiec",
            "sierpień",
            "wrzesień",
            "październik",
            "listopad",
            "grudzień",
        ],
        "shortMonths": ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

CHART_CONFIG: dict = {
    "displaylogo": False,
    "locale": "pl",
    "locales": {"pl": PLOTLY_PL},
    # only the buttons a bar chart of costs needs (each of them has its Polish label above)
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
}


def chart_config(**extra: object) -> dict:
    """The chart's config with plotly's locale following the tab's language ("pl" or "en", which plotly
    knows without a dictionary)."""
    return {**CHART_CONFIG, "locale": AuthState.locale, **extra}
