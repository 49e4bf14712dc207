"""CSV export: one row per event, local times, no spreadsheet formulas."""

from __future__ import annotations

import csv
import dataclasses
import io

from microconf.interchange import to_csv


def test_csv_export_has_a_row_per_event_in_local_time(lpc_schedule):
    rows = list(csv.DictReader(io.StringIO(to_csv(lpc_schedule).decode("utf-8"))))

    assert len(rows) == 102
    assert rows[0]["start"] == "2023-11-04T09:00:00-04:00"
    assert rows[0]["persons"] == "Speaker 101 Ñandú; Co-speaker 101"


def test_csv_export_defuses_formula_cells(lpc_schedule):
    event = dataclasses.replace(lpc_schedule.events[0], title="=HYPERLINK(1)")
    schedule = dataclasses.replace(lpc_schedule, events=(event,))

    rows = list(csv.DictReader(io.StringIO(to_csv(schedule).decode("utf-8"))))

    assert rows[0]["title"] == "'=HYPERLINK(1)"
