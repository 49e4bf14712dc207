"""iCalendar export: parses back, carries a VTIMEZONE, keeps UIDs across releases."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import icalendar

from microconf.interchange import to_ical
from tests.interchange.conftest import build_lpc_schedule

STAMP = datetime(2023, 11, 1, 12, 0, tzinfo=UTC)


def test_ical_export_parses_with_vtimezone_for_the_conference_zone(lpc_schedule):
    calendar = icalendar.Calendar.from_ical(to_ical(lpc_schedule, stamp=STAMP))

    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    events = calendar.walk("VEVENT")

    assert zones == ["America/New_York"]
    assert len(events) == 102
    assert calendar.get_missing_tzids() == set()


def test_ical_export_keeps_uids_across_versions():
    first = icalendar.Calendar.from_ical(to_ical(build_lpc_schedule(version="v1")))
    second = icalendar.Calendar.from_ical(to_ical(build_lpc_schedule(version="v2")))

    first_uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    second_uids = [str(e["UID"]) for e in second.walk("VEVENT")]

    assert first_uids == second_uids
    assert len(set(first_uids)) == 102


def test_ical_export_writes_start_in_conference_zone_after_dst_end(lpc_schedule):
    calendar = icalendar.Calendar.from_ical(to_ical(lpc_schedule, stamp=STAMP))

    by_summary = {str(e["SUMMARY"]).split(" - ")[0]: e for e in calendar.walk("VEVENT")}
    event = by_summary["io_uring & friends #133"]

    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(
        2023, 11, 5, 14, 0, tzinfo=UTC
    )


def test_ical_export_filters_to_one_track(lpc_schedule):
    calendar = icalendar.Calendar.from_ical(
        to_ical(lpc_schedule, track="Rust MC", stamp=STAMP)
    )

    categories = {str(c) for e in calendar.walk("VEVENT") for c in e["CATEGORIES"].cats}

    assert categories == {"Rust MC"}
    assert len(calendar.walk("VEVENT")) == 12


def test_ical_export_writes_a_personal_agenda_of_given_events(lpc_schedule):
    agenda = lpc_schedule.events[:3]

    calendar = icalendar.Calendar.from_ical(
        to_ical(lpc_schedule, events=agenda, stamp=STAMP)
    )

    assert [str(e["UID"]).split("-", 2)[2] for e in calendar.walk("VEVENT")] == [
        f"{event.guid}@lpc.example.org" for event in agenda
    ]


def test_ical_export_folds_lines_and_uses_crlf(lpc_schedule):
    document = to_ical(lpc_schedule, stamp=STAMP)

    lines = document.split(b"\r\n")

    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in document.replace(b"\r\n", b"")


def test_ical_export_turns_html_abstracts_into_text(lpc_schedule):
    event = dataclasses.replace(
        lpc_schedule.events[0], abstract="<p>Hello <b>world</b></p><p>Bye</p>"
    )
    schedule = dataclasses.replace(lpc_schedule, events=(event,))

    calendar = icalendar.Calendar.from_ical(to_ical(schedule, stamp=STAMP))
    (vevent,) = calendar.walk("VEVENT")

    assert str(vevent["DESCRIPTION"]) == "Hello world\n\nBye"
