"""Every figure of the forecast, for several windows (one in the past, one starting in the future),
equals a plain SQL sum over the schedule items of the demo portfolio."""

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.portfolio.forecast import ForecastRequest, forecast
from ebok_app.portfolio.frames import load_frames

PEPPER = b"forecast-test-pepper-0123456789abcdef"
LEFT = "(s.gross_gr - s.paid_gr)"
SHARE = f"(CASE WHEN s.gross_gr > 0 THEN CAST({LEFT} AS FLOAT) / s.gross_gr ELSE 0 END)"
FIGURES = {
    "left_gr": f"SUM({LEFT})",
    "invoiced_gr": f"SUM(CASE WHEN s.invoice_id IS NOT NULL THEN {LEFT} ELSE 0 END)",
    "left_net_gr": f"SUM(ROUND(s.net_gr * {SHARE}))",
    "buyout_left_gr": f"SUM(CASE WHEN s.kind = 'buyout' THEN ROUND(s.net_gr * {SHARE}) ELSE 0 END)",
    "capital_left_gr": (
        "SUM(CASE WHEN c.lease_type = 'financial' AND s.kind <> 'buyout' "
        f"THEN ROUND(s.capital_gr * {SHARE}) ELSE 0 END)"
    ),
}


def _sql_figures(connection, company_id: int, start: date, end: date) -> dict[str, int]:
    columns = ", ".join(f"{sql} AS {name}" for name, sql in FIGURES.items())
    row = connection.execute(
        text(
            f"SELECT {columns} FROM scheduleitem s JOIN contract c ON c.id = s.contract_id "
            "WHERE s.company_id = :company AND s.due_date BETWEEN :start AND :end"
        ),
        {"company": company_id, "start": start, "end": end},
    ).one()
    return {name: int(value or 0) for name, value in row._mapping.items()}


def _sql_overdue(connection, company_id: int, today: date) -> int:
    return int(
        connection.execute(
            text(
                "SELECT COALESCE(SUM(gross_gr - paid_gr), 0) FROM scheduleitem "
                "WHERE company_id = :company AND due_date < :today AND paid_gr < gross_gr"
            ),
            {"company": company_id, "today": today},
        ).scalar_one()
    )


@pytest.mark.parametrize(
    ("start_days", "end_days", "grouping"),
    [
        (-120, 60, "month"),  # starts in the past: nothing before today is forecast, it is overdue
        (0, 365, "month"),
        (0, 120, "week"),
        (100, 500, "quarter"),  # starts in the future: overdue is still today's
        (400, 800, "month"),
    ],
)
def test_every_forecast_total_equals_a_plain_sql_sum(engine, today, start_days, end_days, grouping):
    insert_demo(engine, generate(11, today, fleet_contracts=40), PEPPER)
    start, end = today + timedelta(days=start_days), today + timedelta(days=end_days)
    with engine.connect() as connection:
        companies = [row[0] for row in connection.execute(text("SELECT id FROM company ORDER BY id"))]
        assert len(companies) >= 3
        overdue = 0
        for company_id in companies:
            frames = load_frames(engine, company_id, 1)
            result = forecast(frames, ForecastRequest(start, end, grouping, today=today))
            expected = _sql_figures(connection, company_id, max(start, today), end)
            for name, value in expected.items():
                assert result.totals[name] == value, (company_id, name)
            assert result.totals["not_invoiced_gr"] == expected["left_gr"] - expected["invoiced_gr"]
            non_cost = expected["capital_left_gr"] + expected["buyout_left_gr"]
            assert result.totals["cost_gr"] == expected["left_net_gr"] - non_cost
            assert result.totals["left_vat_gr"] == expected["left_gr"] - expected["left_net_gr"]
            assert result.overdue_gr == _sql_overdue(connection, company_id, today)
            overdue += result.overdue_gr
        assert overdue > 0  # the demo has unpaid items from before today: the check is not vacuous
