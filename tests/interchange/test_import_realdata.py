"""Every real schedule file imports, with sensible counts and reported assumptions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from functools import cache

import pytest

from microconf.interchange import (
    ImportedConference,
    InterchangeError,
    detect_and_import,
    from_frab_json,
    from_frab_xml,
    from_ical,
    from_indico_json,
)
from tests.interchange.conftest import REALDATA


@cache
def imported(name: str) -> ImportedConference:
    return detect_and_import((REALDATA / name).read_bytes(), name)


def by_title(result: ImportedConference, title: str):
    (event,) = [e for e in result.schedule.events if e.title == title]
    return event


@pytest.mark.parametrize(
    ("name", "source_format", "events", "timezone"),
    [
        ("38c3-hub-20251206.schedule.xml", "frab-xml/c3voc", 1007, "Europe/Berlin"),
        ("fosdem2021-pentabarf.schedule.xml", "frab-xml/pentabarf", 773, "UTC"),
        ("debconf23-wafer.schedule.xml", "frab-xml/wafer", 117, "Asia/Kolkata"),
        ("camp2019-frab.schedule.json", "frab-json/frab", 79, "Europe/Berlin"),
        ("democon-pretalx.schedule.json", "frab-json/pretalx", 36, "UTC"),
        ("38c3-hub-excerpt.schedule2.json", "frab-json/schedule2", 2, "Europe/Berlin"),
        ("lca2020.ics", "ical", 262, "Australia/Brisbane"),
        (
            "xdc2021-indico-event-contributions.json",
            "indico/event",
            37,
            "Europe/Warsaw",
        ),
    ],
)
def test_real_file_imports_with_expected_counts(name, source_format, events, timezone):
    result = imported(name)

    assert result.report.source_format == source_format
    assert len(result.schedule.events) == events
    assert result.schedule.timezone == timezone
    assert len({e.guid for e in result.schedule.events}) == events
    assert len({e.id for e in result.schedule.events}) == events


def test_every_real_schedule_file_is_covered():
    names = {p.name for p in REALDATA.iterdir() if p.suffix != ".md"}

    assert len(names) == 9


def test_invalid_example_is_refused_naming_the_event_and_field():
    data = (REALDATA / "invalid-example.schedule.json").read_bytes()

    with pytest.raises(InterchangeError) as raised:
        detect_and_import(data, "invalid-example.schedule.json")

    assert str(raised.value) == (
        "event 'Internal Penetration Testing Basics': \"id\" must be an integer, "
        "got str '2814'"
    )


def test_38c3_reads_rooms_tracks_and_offsets():
    result = imported("38c3-hub-20251206.schedule.xml")
    opening = by_title(result, "38C3: Opening Ceremony")

    assert opening.start == datetime(2024, 12, 27, 9, 30, tzinfo=UTC)
    assert opening.duration == 30
    assert opening.room == "Saal 1"
    assert [p.name for p in opening.persons] == [
        "Gabriela Bogk",
        "Senficon",
        "Aline Blankertz",
    ]
    assert len(result.schedule.days) == 4
    assert result.schedule.tracks[0].color == "#f9b000"
    assert result.schedule.version == "2025-03-04 21:21"


def test_fosdem_reports_missing_guids_timezone_and_dates():
    result = imported("fosdem2021-pentabarf.schedule.xml")
    welcome = by_title(result, "Welcome to FOSDEM 2021")
    codes = Counter(a.code for a in result.report.assumptions)

    assert welcome.start == datetime(2021, 2, 6, 9, 0, tzinfo=UTC)
    assert welcome.duration == 25
    assert codes["event-guid-derived"] == 773
    assert codes["timezone-assumed-utc"] == 1
    assert codes["event-date-computed"] == 1
    assert codes["version-missing"] == 1
    assert "event 11795 ('Welcome to FOSDEM 2021') had no guid; derived one" in [
        a.message for a in result.report.assumptions
    ]


def test_fosdem_guids_are_stable_across_imports():
    data = (REALDATA / "fosdem2021-pentabarf.schedule.xml").read_bytes()

    first = from_frab_xml(data)
    second = from_frab_xml(data)

    assert [e.guid for e in first.schedule.events] == [
        e.guid for e in second.schedule.events
    ]


def test_debconf_times_are_correct_in_utc_despite_utc_offsets():
    result = imported("debconf23-wafer.schedule.xml")
    opening = by_title(result, "Opening Ceremony")

    # <date> says 05:00+00:00 and <start> says 10:30 (Asia/Kolkata, +05:30).
    assert opening.start == datetime(2023, 9, 10, 5, 0, tzinfo=UTC)
    assert "event-date-offset-differs" in result.report.codes()
    assert "event-start-mismatch" not in result.report.codes()
    assert opening.recording.license == "DebConf Video License (MIT-like)"


def test_camp2019_slugs_are_normalised_and_reported():
    result = imported("camp2019-frab.schedule.json")
    opening = by_title(result, "Opening Ceremony")

    assert opening.slug == "camp2019-10386-opening_ceremony"
    assert opening.start == datetime(2019, 8, 21, 9, 0, tzinfo=UTC)
    assert "event-slug-normalised" in result.report.codes()


def test_democon_trusts_offsets_over_zone_name():
    result = imported("democon-pretalx.schedule.json")
    event = by_title(result, "Focused 5thgeneration hardware")

    assert event.start == datetime(2020, 12, 14, 8, 0, tzinfo=UTC)
    assert event.code == ""
    assert event.persons[0].code == "NQTF8Y"
    assert "event-date-offset-differs" in result.report.codes()


def test_schedule2_excerpt_reads_events_with_reference_objects():
    result = imported("38c3-hub-excerpt.schedule2.json")
    opening = by_title(result, "38C3: Opening Ceremony")

    assert opening.room == "Saal 1"
    assert opening.track == "CCC"
    assert opening.duration == 30
    assert "schedule2-draft" in result.report.codes()


def test_lca_reads_tzid_without_vtimezone_and_strips_html():
    result = imported("lca2020.ics")
    welcome = by_title(result, "Wednesday Welcome")
    breakfast = next(e for e in result.schedule.events if e.id == 201)

    assert welcome.start == datetime(2020, 1, 14, 23, 0, tzinfo=UTC)
    assert welcome.duration == 10
    assert [p.name for p in welcome.persons] == ["Joel Addison"]
    assert "<p>" not in breakfast.abstract
    assert breakfast.abstract.startswith("Women of Open Technology Breakfast")
    assert {"ical-vtimezone-missing", "ical-html-description"} <= (
        result.report.codes()
    )


def test_xdc_takes_persons_from_primary_authors():
    result = imported("xdc2021-indico-event-contributions.json")
    talk = by_title(result, "Making bare-metal testing accessible to every developer")
    with_persons = [e for e in result.schedule.events if e.persons]

    assert [p.name for p in talk.persons] == ["Martin Peres"]
    assert talk.start == datetime(2021, 9, 17, 14, 10, tzinfo=UTC)
    assert talk.duration == 20
    assert talk.track == "Main Track"
    assert talk.type == "Talk (half slot)"
    assert talk.room == ""
    assert len(with_persons) == 32
    assert (
        "contribution 'Making bare-metal testing accessible to every developer' "
        "(id 12): speakers empty; used primary authors"
        in [a.message for a in result.report.assumptions]
    )


def test_format_specific_importers_accept_their_own_files():
    assert (
        len(
            from_frab_json(
                (REALDATA / "camp2019-frab.schedule.json").read_bytes()
            ).schedule.events
        )
        == 79
    )
    assert (
        len(from_ical((REALDATA / "lca2020.ics").read_bytes()).schedule.events) == 262
    )
    assert (
        len(
            from_indico_json(
                (REALDATA / "xdc2021-indico-event-contributions.json").read_bytes()
            ).schedule.events
        )
        == 37
    )
