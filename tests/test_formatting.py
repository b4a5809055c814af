from datetime import UTC, date, datetime

from ebok_app.portfolio.formatting import count_of, format_day, format_moment


def test_moments_are_shown_in_polish_time():
    assert format_moment(datetime(2026, 11, 23, 17, 5, tzinfo=UTC)) == "23.11.2026 18:05"  # CET, UTC+1
    assert (
        format_moment(datetime(2026, 7, 1, 10, 0, 9, tzinfo=UTC), seconds=True) == "01.07.2026 12:00:09"
    )  # CEST
    assert format_moment(None) == "—"


def test_days_are_day_first():
    assert format_day(date(2026, 1, 2)) == "02.01.2026"
    assert format_day(None) == "—"


def test_polish_plurals():
    forms = ("faktura", "faktury", "faktur")
    assert [count_of(n, forms) for n in (0, 1, 2, 4, 5, 12, 14, 22, 25, 112)] == [
        "0 faktur",
        "1 faktura",
        "2 faktury",
        "4 faktury",
        "5 faktur",
        "12 faktur",
        "14 faktur",
        "22 faktury",
        "25 faktur",
        "112 faktur",
    ]
