"""The forecast as a plotly figure: stacked bars of what is left to pay per period, amounts on hover."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from babel.dates import format_date

from ebok_app.i18n import formats
from ebok_app.portfolio.forecast import Forecast

PALETTE = ("#0b2545", "#c8102e", "#2a9d8f", "#e9a23b", "#6d597a", "#3d8bd9", "#8d99ae", "#b5838d")
AXIS_SUFFIX = {True: " zł", False: " PLN"}
MONTHS_PL = ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru")


def period_label(day: date, grouping: str) -> str:
    if grouping == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grouping == "week":
        return formats.day(day)
    if formats.is_default():
        return f"{MONTHS_PL[day.month - 1]} {day.year}"
    return format_date(day, "LLL yyyy", locale=formats.cldr())


def forecast_figure(result: Forecast, grouping: str, labels: dict[str, str]) -> go.Figure:
    """Stacked bars in złoty; `labels` names the stack values in Polish (others keep their own name)."""
    x = [period_label(p, grouping) for p in result.periods]
    polish = formats.is_default()
    figure = go.Figure()
    for n, (name, values) in enumerate(result.series.items()):
        figure.add_bar(
            x=x,
            y=[v / 100 for v in values],
            name=labels.get(name, name),
            marker_color=PALETTE[n % len(PALETTE)],
            customdata=[formats.money(v) for v in values],
            hovertemplate="%{x}<br>%{fullData.name}: %{customdata}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        legend={"orientation": "h", "y": -0.15},
        yaxis={
            "title": None,
            "tickformat": ",.0f",
            "ticksuffix": AXIS_SUFFIX[polish],
            "separatethousands": True,
        },
        xaxis={"title": None},
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=", " if polish else ".,",
        font={"family": "Inter, Segoe UI, system-ui, sans-serif", "size": 12},
        autosize=True,
    )
    return figure
