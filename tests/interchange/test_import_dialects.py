"""Quirks of frab-family files seen in the wild, on small synthetic documents."""

from __future__ import annotations

from datetime import UTC, datetime

from microconf.interchange import from_frab_json, from_frab_xml, from_ical

MERGED_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>merged</version>
  <conference><title>Merged Congress</title><acronym>MC-36</acronym>
    <time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="2019-12-27" start="2019-12-27T10:00:00+01:00"
       end="2019-12-28T04:00:00+01:00">
    <room name="Saal A">
      <event id="7" guid="Zm9vYmFyYmF6">
        <start>23:30</start><duration>1:15</duration><room>Saal A</room>
        <title>Late talk</title><slug>MC-36 : Late talk @ Saal A</slug>
        <type>lecture</type><track/><abstract/><answers><a>1</a></answers>
      </event>
      <event id="7" guid="8079583e-8321-506c-95af-fd2903a5f075">
        <start>01:00</start><duration>00:30:00</duration><room>Saal A</room>
        <title>After midnight</title><type>lecture</type><track/><abstract/>
        <logo>/system/logo.png</logo>
      </event>
      <event guid="8079583e-8321-506c-95af-fd2903a5f075">
        <date>2019-12-27T12:00:00+01:00</date><start>12:00</start>
        <duration>00:30</duration><room>Saal A</room><title>Copy</title>
        <type>lecture</type><track/><abstract/>
      </event>
    </room>
  </day>
</schedule>"""


def test_merged_xml_gets_unique_identities_and_reports_them():
    result = from_frab_xml(MERGED_XML)
    events = {e.title: e for e in result.schedule.events}

    assert len({e.id for e in events.values()}) == 3
    assert len({e.guid for e in events.values()}) == 3
    assert {
        "event-guid-not-uuid",
        "event-id-duplicate",
        "event-id-assigned",
        "event-guid-duplicate",
        "event-date-computed",
    } <= result.report.codes()


def test_start_before_day_start_without_date_lands_after_midnight():
    result = from_frab_xml(MERGED_XML)
    events = {e.title: e for e in result.schedule.events}

    assert events["Late talk"].start == datetime(2019, 12, 27, 22, 30, tzinfo=UTC)
    assert events["Late talk"].duration == 75
    assert events["After midnight"].start == datetime(2019, 12, 28, 0, 0, tzinfo=UTC)
    assert events["After midnight"].duration == 30


def test_odd_slugs_are_normalised():
    result = from_frab_xml(MERGED_XML)
    late = next(e for e in result.schedule.events if e.title == "Late talk")

    assert late.slug == "mc-36-late-talk-saal-a"


OLD_FRAB_JSON = {
    "schedule": {
        "version": "0.9",
        "conference": {
            "acronym": "oldcon",
            "title": "Old Con",
            "start": "2015-08-13",
            "end": "2015-08-13",
            "daysCount": 1,
            "timeslot_duration": "00:15",
            "days": [
                {
                    "index": 0,
                    "date": "2015-08-13",
                    "day_start": "2015-08-13T10:00:00+02:00",
                    "day_end": "2015-08-14T03:00:00+02:00",
                    "rooms": {
                        "Hall": [
                            {
                                "id": 5,
                                "guid": "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4",
                                "date": "2015-08-13T11:00:00+02:00",
                                "start": "11:00",
                                "duration": "00:45",
                                "room": "Hall",
                                "title": "Strings everywhere",
                                "links": ["https://example.org/slides.pdf"],
                                "persons": [
                                    {"id": "26", "public_name": "Ann"},
                                    {"id": 27, "full_public_name": "Bob"},
                                ],
                                "answers": [],
                            }
                        ]
                    },
                }
            ],
        },
    }
}


def test_old_frab_json_links_as_strings_and_string_person_ids_are_read():
    result = from_frab_json(OLD_FRAB_JSON)
    (event,) = result.schedule.events

    assert event.links[0].url == "https://example.org/slides.pdf"
    assert [(p.id, p.name) for p in event.persons] == [(26, "Ann"), (27, "Bob")]
    assert event.url == ""
    assert "person-id-string" in result.report.codes()
    # No zone name, but +02:00 offsets: the zone comes from them, never UTC.
    assert "timezone-inferred" in result.report.codes()
    assert result.schedule.timezone == "Etc/GMT-2"
    assert event.start == datetime(2015, 8, 13, 9, 0, tzinfo=UTC)


def test_utc_only_ical_is_read_in_utc():
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kielux//EN\r\n"
        "BEGIN:VEVENT\r\nUID:talk-1@kielux.example\r\nDTSTAMP:20220101T000000Z\r\n"
        "SUMMARY:Linux im Norden\r\nDTSTART:20220916T080000Z\r\n"
        "DURATION:PT45M\r\nLOCATION:Hörsaal 1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()

    result = from_ical(data)
    (event,) = result.schedule.events

    assert event.start == datetime(2022, 9, 16, 8, 0, tzinfo=UTC)
    assert event.duration == 45
    assert event.room == "Hörsaal 1"
    assert result.schedule.timezone == "UTC"
    assert "timezone-assumed-utc" in result.report.codes()


def test_json_event_without_duration_takes_it_from_end():
    result = from_frab_json(
        {
            "schedule": {
                "version": "1",
                "conference": {
                    "title": "End Con",
                    "acronym": "endcon",
                    "time_zone_name": "Europe/Berlin",
                    "days": [
                        {
                            "index": 1,
                            "date": "2024-03-01",
                            "rooms": {
                                "A": [
                                    {
                                        "id": 1,
                                        "title": "Ends later",
                                        "date": "2024-03-01T10:00:00+01:00",
                                        "end": "2024-03-01T11:20:00+01:00",
                                    }
                                ]
                            },
                        }
                    ],
                },
            }
        }
    )
    (event,) = result.schedule.events

    assert event.duration == 80
    assert "event-duration-from-end" in result.report.codes()


def test_ical_without_uids_gets_distinct_guids_and_skips_cancelled():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:One\r\nDTSTART:20220916T080000Z\r\n"
        b"DTEND:20220916T090000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Two\r\nDTSTART:20220916T090000Z\r\n"
        b"DTEND:20220916T100000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Gone\r\nSTATUS:CANCELLED\r\n"
        b"DTSTART:20220916T100000Z\r\nDTEND:20220916T110000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )

    result = from_ical(data)

    assert [e.title for e in result.schedule.events] == ["One", "Two"]
    assert len({e.guid for e in result.schedule.events}) == 2
    assert result.report.skipped == 1


KIELUX_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kielux//ical-file//DE\r\n"
    "X-WR-CALNAME:18. Kieler Open Source und Linux Tage\r\n"
    "BEGIN:VEVENT\r\nUID:460@KOLT20\r\nDTSTART:20200918T110000Z\r\n"
    "DTEND:20200918T120000Z\r\nDTSTAMP:20201112T140846Z\r\nSTATUS:CONFIRMED\r\n"
    "SUMMARY:OpenCelium\r\nLOCATION:Ravensberg\r\n"
    "DESCRIPTION:von: Jakob Semere\\n\\nSie möchten <i>wertvolle</i> Daten.\r\n"
    'ATTENDEE;CN="Jakob Semere";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT:invalid:\r\n'
    " nomail\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_ical_attendee_names_become_persons_without_addresses():
    result = from_ical(KIELUX_ICS.encode("utf-8"))
    (event,) = result.schedule.events

    assert [p.name for p in event.persons] == ["Jakob Semere"]
    assert event.abstract == "Sie möchten wertvolle Daten."
    assert event.id == 460
    assert result.schedule.acronym == "18-kieler-open-source-und-linux"
    assert "ical-persons-from-attendees" in result.report.codes()


PRETALX_XML = b"""<?xml version='1.0' encoding='utf-8' ?>
<!-- Made with love by pretalx v2026.2.1. -->
<schedule>
    <generator name="pretalx" system="cfp.example.org" version="2026.2.1" />
    <version>0.4.3</version>
    <conference>
        <title>Camp 2026</title>
        <acronym>camp-2026</acronym>
        <start>2026-10-02</start>
        <end>2026-10-04</end>
        <days>3</days>
        <timeslot_duration>00:05</timeslot_duration>
        <base_url>https://cfp.example.org</base_url>
        <time_zone_name>Europe/Rome</time_zone_name>
        <track name="Orga" slug="14-orga"  color="#a52a2a" />
    </conference>
    <day index='1' date='2026-10-02' start='2026-10-02T04:00:00+02:00'
         end='2026-10-03T03:59:00+02:00'>
        <room name='STAGE 1' guid='47b38352-0691-5618-8b15-f67c738deddd'>
            <event guid='89839af4-ef15-5a58-8e2f-fc9263688830' id='177' code='7DJ87Y'>
                <room>STAGE 1</room>
                <title>Camp Opening</title>
                <subtitle></subtitle>
                <type>Talk</type>
                <date>2026-10-02T11:00:00+02:00</date>
                <start>11:00</start>
                <duration>15:00</duration>
                <abstract>**Welcome** &amp; this year&apos;s villages</abstract>
                <slug>camp-2026-177-camp-opening</slug>
                <track>Orga</track>
                <persons>
                    <person id='115'>Cyber Saiyan</person><person id='153'>fib</person>
                </persons>
                <language>en</language>
                <recording><license></license><optout>false</optout></recording>
                <links></links>
                <attachments></attachments>
                <url>https://cfp.example.org/camp-2026/talk/7DJ87Y/</url>
                <feedback_url></feedback_url>
            </event>
        </room>
    </day>
</schedule>
"""


def test_pretalx_xml_keeps_codes_tracks_and_long_durations():
    result = from_frab_xml(PRETALX_XML)
    (event,) = result.schedule.events

    assert result.report.source_format == "frab-xml/pretalx"
    assert (event.id, event.code, event.duration) == (177, "7DJ87Y", 900)
    assert event.start == datetime(2026, 10, 2, 9, 0, tzinfo=UTC)
    assert [p.id for p in event.persons] == [115, 153]
    assert result.schedule.tracks[0].slug == "14-orga"
    assert result.report.assumptions == ()
