"""Reading a feed batch from JSON Lines or CSV text into raw records (dicts), with the lines that could
not be read as problems. Pure Python."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ebok_app.ingest.records import Problem

FORMATS = ("jsonl", "csv")


def format_of(name: str) -> str | None:
    """The feed format of a file or content type name (".jsonl", ".ndjson", ".csv", "text/csv"...)."""
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", "/x-ndjson", "/jsonl", "/json-lines")):
        return "jsonl"
    if lowered.endswith((".csv", "/csv")):
        return "csv"
    return None


def read_batch(content: str, fmt: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The raw records of a batch with their 1-based position (line of JSON Lines, data row of CSV)."""
    if fmt == "jsonl":
        return _json_lines(content.splitlines())
    if fmt == "csv":
        return _csv_rows(content)
    return [], [Problem(0, "", "", "format", f"unknown feed format {fmt!r}; one of {', '.join(FORMATS)}")]


def _json_lines(lines: Iterable[str]) -> tuple[list[tuple[int, dict]], list[Problem]]:
    records: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(number, "", "", "-", f"not valid JSON ({exc.msg}, column {exc.colno})"))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(number, "", "", "-", "a record must be a JSON object"))
            continue
        records.append((number, value))
    return records, problems


def _csv_rows(content: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if not reader.fieldnames or "kind" not in reader.fieldnames:
        return [], [Problem(0, "", "", "kind", "the CSV header must name the columns, `kind` among them")]
    records: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    try:
        for number, row in enumerate(reader, start=1):
            if None in row:
                problems.append(Problem(number, "", "", "-", "more cells than the header has columns"))
                continue
            records.append((number, {k: v for k, v in row.items() if v not in (None, "")}))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, "", "", "-", f"not valid CSV ({exc})"))
    return records, problems
