"""Each dialect of issue 20 on a small file written in its shape.

Every test shows that all the file's events came in and that the report says
what was assumed.
"""

import json

import pytest

from microconf.interchange import (
    ImportOptions,
    InterchangeError,
    detect_and_import,
    from_frab_json,
    from_frab_xml,
    from_ical,
    to_ical,
)
from microconf.interchange.people import person_keys


def _xml(
    days: str, conference: str = "<time_zone_name>Europe/Brussels</time_zone_name>"
):
    return (
        "<?xml version='1.0' encoding='utf-8'?><schedule><version>1</version>"
        f"<conference><acronym>tiny</acronym><title>Tiny</title>{conference}"
        f"</conference>{days}</schedule>"
    ).encode()


def _event(n, title, *, room="Hall", date="2021-02-06T10:00:00+01:00",
           duration="00:30", persons=""):  # fmt: skip
    return (
        f"<event id='{n}'><room>{room}</room><title>{title}</title><type>Talk</type>"
        f"<date>{date}</date><start>{date[11:16]}</start>"
        f"<duration>{duration}</duration><persons>{persons}</persons></event>"
    )


def _message(result, code):
    return next(a.message for a in result.report.assumptions if a.code == code)


def test_events_directly_under_day_keep_their_own_rooms():
    day = "<day index='1' date='2021-02-06'>{}</day>".format(
        _event(1, "Welcome", room="Janson") + _event(2, "Rust", room="K.1.105")
    )

    result = from_frab_xml(_xml(day))

    assert len(result.schedule.events) == 2
    assert [e.room for e in result.schedule.events] == ["Janson", "K.1.105"]
    assert {r.name for r in result.schedule.rooms} == {"Janson", "K.1.105"}
    assert "2 events sat directly under <day>" in _message(result, "events-under-day")


def test_an_event_where_no_reader_looks_fails_the_import_naming_it():
    misplaced = "<day index='1' date='2021-02-06'><room name='Hall'>{}</room></day>"
    document = _xml(misplaced.format(_event(1, "Kept"))).replace(
        b"</schedule>", b"<extra>" + _event(2, "Lost").encode() + b"</extra></schedule>"
    )

    with pytest.raises(InterchangeError) as error:
        from_frab_xml(document)

    assert "holds 2 events but 1 of them could not be read" in str(error.value)
    assert "'Lost (id 2, inside <extra>)'" in str(error.value)


def test_person_id_zero_is_no_id_and_people_are_told_apart_by_name():
    persons = [
        "<person id='0'>Ann</person>",
        "<person id='0'>Bob</person>",
        "<person id='0'>Ann</person>",
    ]
    events = "".join(
        _event(n, f"Talk {n}", persons=p) for n, p in enumerate(persons, 1)
    )
    day = f"<day index='1' date='2021-02-06'><room name='Hall'>{events}</room></day>"

    result = from_frab_xml(_xml(day))
    keys, notes = person_keys(result.schedule.events)

    assert len(result.schedule.events) == 3
    assert [p.id for e in result.schedule.events for p in e.persons] == [None] * 3
    assert "3 speaker appearances have person id 0" in _message(
        result, "person-id-zero"
    )
    assert keys == [["name:ann"], ["name:bob"], ["name:ann"]]
    assert notes[0].code == "persons-matched-by-name"


def test_a_person_straight_under_the_event_is_a_speaker_and_a_list_is_split():
    # Jekyll-made schedules (Leipzig Semantic Web Day) write one <person> per
    # event, naming everyone, with no <persons> around it.
    def event(n, person):
        return (
            f"<event id='{n}'><room>Hall</room><title>Talk {n}</title>"
            "<date>2021-02-06T10:00:00+01:00</date><start>10:00</start>"
            f"<duration>00:20</duration><person>{person}</person></event>"
        )

    events = (
        event(1, "Dr. Sebastian Tramp, Andreas Heinecke")
        + event(2, "Prof. Dr. Andreas Thor and Roy Meissner")
        + event(3, "Seiji Isotani")
        + event(4, "")
    )
    day = f"<day index='1' date='2021-02-06'><room name='Hall'>{events}</room></day>"

    result = from_frab_xml(_xml(day))

    assert len(result.schedule.events) == 4
    assert [[p.name for p in e.persons] for e in result.schedule.events] == [
        ["Dr. Sebastian Tramp", "Andreas Heinecke"],
        ["Prof. Dr. Andreas Thor", "Roy Meissner"],
        ["Seiji Isotani"],
        [],
    ]
    message = _message(result, "persons-without-wrapper")
    assert message.startswith("3 <person> elements stood directly in <event>")
    assert "split the 2 that list several names" in message


def test_a_persons_list_is_never_split_at_commas():
    day = "<day index='1' date='2021-02-06'><room name='Hall'>{}</room></day>".format(
        _event(1, "Talk", persons="<person id='4'>Smith, John</person>")
    )

    result = from_frab_xml(_xml(day))

    assert [p.name for p in result.schedule.events[0].persons] == ["Smith, John"]
    assert "persons-without-wrapper" not in result.report.codes()


def test_without_a_zone_name_the_offsets_give_the_zone_never_utc():
    events = _event(1, "Opening", date="2024-06-01T10:00:00+02:00") + _event(
        2, "Closing", date="2024-06-02T17:00:00+02:00"
    )
    day = f"<day index='1' date='2024-06-01'><room name='Hall'>{events}</room></day>"

    result = from_frab_xml(_xml(day, conference=""))

    assert len(result.schedule.events) == 2
    assert result.schedule.timezone == "Etc/GMT-2"
    assert "inferred Etc/GMT-2 from the offsets" in _message(
        result, "timezone-inferred"
    )


def test_offsets_across_daylight_saving_give_a_zone_with_those_offsets():
    events = _event(1, "Winter", date="2024-03-30T10:00:00+01:00") + _event(
        2, "Summer", date="2024-03-31T10:00:00+02:00"
    )
    day = f"<day index='1' date='2024-03-30'><room name='Hall'>{events}</room></day>"

    result = from_frab_xml(_xml(day, conference=""))

    assert result.schedule.timezone == "Europe/Berlin"
    assert "timezone-inferred" in result.report.codes()


def test_the_organiser_names_the_zone_with_timezone():
    day = "<day index='1' date='2024-06-01'><room name='Hall'>{}</room></day>".format(
        _event(1, "Opening", date="2024-06-01T10:00:00+02:00")
    )

    result = from_frab_xml(
        _xml(day, conference=""), options=ImportOptions(timezone="Europe/Paris")
    )

    assert result.schedule.timezone == "Europe/Paris"
    assert len(result.schedule.events) == 1
    assert "as the organiser named it (--timezone)" in _message(
        result, "timezone-given"
    )


def test_an_empty_duration_takes_the_default_and_is_reported_per_event():
    events = _event(1, "Timed") + _event(2, "Open-ended", duration="")
    day = f"<day index='1' date='2021-02-06'><room name='Hall'>{events}</room></day>"

    result = from_frab_xml(_xml(day), options=ImportOptions(default_duration=45))

    assert [e.duration for e in result.schedule.events] == [30, 45]
    assert "'Open-ended'" in _message(result, "event-duration-default")
    assert "default of 45 minutes" in _message(result, "event-duration-default")


@pytest.mark.parametrize(
    ("declaration", "charset"),
    [
        ("", "windows-1252"),
        ("<?xml version='1.0' encoding='iso-8859-1'?>", "iso-8859-1"),
    ],
)
def test_a_latin_schedule_xml_is_read_in_its_charset(declaration, charset):
    body = _xml(
        "<day index='1' date='2021-02-06'><room name='Hall'>"
        + _event(1, "Café première")
        + "</room></day>"
    ).decode()
    body = declaration + body.split("?>", 1)[1]

    result = from_frab_xml(body.encode("cp1252"))

    assert [e.title for e in result.schedule.events] == ["Café première"]
    assert f"read it as {charset}" in _message(result, "charset-detected")


def test_a_windows_1252_icalendar_feed_is_read_and_said_so():
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//JRES//FR\r\n"
        "X-WR-CALNAME:Journées\r\nBEGIN:VEVENT\r\nUID:1@jres\r\n"
        "DTSTART:20221117T090000Z\r\nDTEND:20221117T100000Z\r\n"
        "SUMMARY:Sécurité réseau\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode("cp1252")

    result = detect_and_import(calendar, "jres.ics")

    assert [e.title for e in result.schedule.events] == ["Sécurité réseau"]
    assert "read it as windows-1252" in _message(result, "charset-detected")


def _json_schedule(title="Café première"):
    return {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "tiny", "title": "Journées", "start": "2022-11-17",
                "end": "2022-11-17", "time_zone_name": "Europe/Paris",
                "days": [{"index": 1, "date": "2022-11-17", "rooms": {"Amphi": [
                    {"id": 1, "guid": "1b5c7a3e-0d3c-4e4a-9a1e-2f1d1d1d1d1d",
                     "title": title, "date": "2022-11-17T10:00:00+01:00",
                     "start": "10:00", "duration": "00:30", "room": "Amphi",
                     "type": "Talk", "persons": [{"id": 3, "public_name": "Zoé"}]},
                ]}}],
            },
        }
    }  # fmt: skip


@pytest.mark.parametrize(
    ("encode", "charset"),
    [
        (lambda text: text.encode("cp1252"), "windows-1252"),
        (lambda text: text.encode("utf-16"), "utf-16"),
        (lambda text: b"\xef\xbb\xbf" + text.encode(), None),
        (lambda text: text.encode(), None),
    ],
    ids=["windows-1252", "utf-16", "utf-8-bom", "utf-8"],
)
def test_a_json_schedule_is_read_in_its_charset(encode, charset):
    data = encode(json.dumps(_json_schedule(), ensure_ascii=False))

    result = detect_and_import(data, "schedule.json")

    assert [e.title for e in result.schedule.events] == ["Café première"]
    assert [p.name for p in result.schedule.events[0].persons] == ["Zoé"]
    if charset is None:
        assert "charset-detected" not in result.report.codes()
    else:
        assert f"read it as {charset}" in _message(result, "charset-detected")


def test_a_windows_1252_json_read_directly_says_so_too():
    data = json.dumps(_json_schedule(), ensure_ascii=False).encode("cp1252")

    result = from_frab_json(data)

    assert result.schedule.events[0].title == "Café première"
    assert "read it as windows-1252" in _message(result, "charset-detected")


def _calendar(*vevents, name="Tiny feed"):
    body = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:{n}@tiny\r\nDTSTART:2024061{n % 9}T090000Z\r\n"
        f"DTEND:2024061{n % 9}T100000Z\r\n{lines}END:VEVENT\r\n"
        for n, lines in enumerate(vevents, 1)
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tiny//EN\r\n"
        f"X-WR-CALNAME:{name}\r\n{body}END:VCALENDAR\r\n"
    ).encode()


DASH_FEED = _calendar(
    "SUMMARY:Rust in the kernel - Ann Example\r\n",
    "SUMMARY:Opening – Bo Beispiel, Cy Dupont\r\n",
    "SUMMARY:Closing words\r\n",
    "SUMMARY:Lunch - The Good Bits\r\nATTENDEE;CN=Dee:mailto:dee@example.org\r\n",
    # JRES numbers its talks "182 - Title": a number names no one.
    "SUMMARY:182 - Numérique Responsable\r\n",
)


def test_without_ics_speakers_ical_titles_stay_as_written():
    result = from_ical(DASH_FEED)

    assert len(result.schedule.events) == 5
    assert result.schedule.events[0].title == "Rust in the kernel - Ann Example"
    assert result.schedule.events[0].persons == ()
    assert "3 fit 'Title - Speaker'" in _message(result, "ical-titles-as-written")


def test_ics_speakers_split_title_and_speaker_by_the_files_rule():
    result = from_ical(DASH_FEED, options=ImportOptions(ics_speakers=True))
    events = result.schedule.events

    assert len(events) == 5
    assert [(e.title, [p.name for p in e.persons]) for e in events] == [
        ("Rust in the kernel", ["Ann Example"]),
        ("Opening", ["Bo Beispiel", "Cy Dupont"]),
        ("Closing words", []),
        # Dee is the ATTENDEE: "The Good Bits" names someone else, so it stays.
        ("Lunch - The Good Bits", ["Dee"]),
        ("182 - Numérique Responsable", []),
    ]
    rule = _message(result, "ical-speakers-rule")
    assert "split 2 of 5 SUMMARYs by the rule 'Title - Speaker'" in rule
    assert "3 kept as written" in rule


def test_ics_speakers_read_speaker_colon_title_and_organizer_and_mailboxes():
    feed = _calendar(
        "SUMMARY:Ann Example: Rust in the kernel\r\n",
        "SUMMARY:Bo Beispiel: Opening the door\r\n",
        "SUMMARY:Keynote: The future\r\n",
        "SUMMARY:Office hour\r\nORGANIZER;CN=Cy Dupont:mailto:cy@example.org\r\n",
        "SUMMARY:Hacking\r\nATTENDEE:mailto:dee.dupont@example.org\r\n",
    )

    result = detect_and_import(
        feed, "tiny.ics", options=ImportOptions(ics_speakers=True)
    )

    assert [(e.title, [p.name for p in e.persons]) for e in result.schedule.events] == [
        ("Rust in the kernel", ["Ann Example"]),
        ("Opening the door", ["Bo Beispiel"]),
        ("Keynote: The future", []),
        ("Office hour", ["Cy Dupont"]),
        ("Hacking", ["Dee Dupont"]),
    ]
    messages = [a.message for a in result.report.assumptions]
    assert any("'Speaker: Title'" in m and "split 2 of 5" in m for m in messages)
    assert any("ORGANIZER in 1 events" in m for m in messages)
    assert any("from their mailbox name (never the address)" in m for m in messages)
    assert not any("@" in p.name for e in result.schedule.events for p in e.persons)


def test_ics_speakers_leave_a_series_prefix_and_the_calendars_organizer_alone():
    feed = _calendar(
        *(
            f"SUMMARY:Main Conference: Talk number {word}\r\n"
            "ORGANIZER;CN=Conference Team:mailto:team@example.org\r\n"
            for word in ("one", "two", "three", "four", "five")
        )
    )

    result = from_ical(feed, options=ImportOptions(ics_speakers=True))

    assert {e.title for e in result.schedule.events} == {
        f"Main Conference: Talk number {w}"
        for w in ("one", "two", "three", "four", "five")
    }
    assert all(e.persons == () for e in result.schedule.events)
    messages = " ".join(a.message for a in result.report.assumptions)
    assert "'main conference' for a series" in messages
    assert "ignored ORGANIZER 'Conference Team'" in messages


def test_ics_speakers_undo_microconfs_own_title_and_speakers_summary():
    persons = (
        "<person id='1'>Jean-Pierre Dupont</person><person id='2'>Ann Example</person>"
    )
    events = _event(1, "Rust - the good parts", persons=persons) + _event(
        2, "Opening", date="2021-02-06T11:00:00+01:00",
        persons="<person id='3'>Zoé Beispiel</person>",
    )  # fmt: skip
    day = f"<day index='1' date='2021-02-06'><room name='Hall'>{events}</room></day>"
    schedule = from_frab_xml(_xml(day)).schedule

    feed = to_ical(schedule)
    plain = from_ical(feed)
    result = from_ical(feed, options=ImportOptions(ics_speakers=True))

    assert [e.title for e in plain.schedule.events] == [
        "Rust - the good parts - Jean-Pierre Dupont, Ann Example",
        "Opening - Zoé Beispiel",
    ]
    assert [(e.title, [p.name for p in e.persons]) for e in result.schedule.events] == [
        ("Rust - the good parts", ["Jean-Pierre Dupont", "Ann Example"]),
        ("Opening", ["Zoé Beispiel"]),
    ]


def test_a_schedule_xml_in_a_default_namespace_is_read_by_its_frab_names():
    day = "<day index='1' date='2021-02-06'><room name='Hall'>{}</room></day>".format(
        _event(1, "Namespaced") + _event(2, "Also", date="2021-02-06T11:00:00+01:00")
    )
    document = _xml(day).replace(
        b"<schedule>", b"<schedule xmlns='http://example.org/schedule'>"
    )

    result = from_frab_xml(document)

    assert [e.title for e in result.schedule.events] == ["Namespaced", "Also"]
    assert "http://example.org/schedule" in _message(result, "xml-namespace-ignored")


def test_an_old_indico_export_counts_contributions_from_zero():
    def moment(clock):
        return {"date": "2015-03-01", "time": clock, "tz": "Europe/Zurich"}

    document = {
        "count": 1, "_type": "HTTPAPIResult",
        "results": [{
            "_type": "Conference", "id": "5", "title": "Old",
            "timezone": "Europe/Zurich",
            "startDate": moment("09:00:00"), "endDate": moment("18:00:00"),
            "contributions": [
                {"_type": "Contribution", "id": "0", "db_id": 11, "title": "First",
                 "startDate": moment("09:00:00"), "endDate": moment("09:30:00"),
                 "duration": 30, "room": "", "track": None, "session": None,
                 "speakers": [{"fullName": "Doe, John", "first_name": None}]},
                {"_type": "Contribution", "id": "1", "db_id": 12, "title": "Second",
                 "startDate": "2015-03-01T10:00:00+01:00",
                 "endDate": "2015-03-01T10:20:00+01:00", "speakers": []},
            ],
        }],
    }  # fmt: skip

    result = detect_and_import(json.dumps(document).encode(), "old-indico.json")
    first, second = result.schedule.events

    assert len(result.schedule.events) == 2
    assert [p.name for p in first.persons] == ["John Doe"]
    assert second.duration == 20
    assert first.id != second.id
    assert "counted from 0" in _message(result, "indico-id-from-zero")


OUTLOOK_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//EN\r\n"
    "X-WR-CALNAME:Team days\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Talk\r\n"
    "DTSTART;TZID=W. Europe Standard Time:20240601T100000\r\n"
    "DTEND;TZID=W. Europe Standard Time:20240601T110000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Hack day\r\nDTSTART;VALUE=DATE:20240602\r\n"
    "DTEND;VALUE=DATE:20240603\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_vtimezone_without_an_iana_name_and_an_all_day_entry():
    result = from_ical(OUTLOOK_ICS.encode())
    talk, hack = result.schedule.events

    assert len(result.schedule.events) == 2
    assert talk.start.isoformat() == "2024-06-01T08:00:00+00:00"
    assert result.schedule.timezone == "Etc/GMT-2"
    assert "timezone-inferred" in result.report.codes()
    assert hack.duration == 24 * 60
    assert "1 all-day entries kept" in _message(result, "ical-all-day-kept")


def _vcalendar(body):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + body
            + "END:VCALENDAR\r\n").encode()  # fmt: skip


@pytest.mark.parametrize(
    ("tzid", "zone_name"),
    [
        ("Eastern Standard Time", "America/New_York"),
        ("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_windows_and_vendor_tzids_without_vtimezone_name_their_iana_zone(
    tzid, zone_name
):
    data = _vcalendar(
        f"BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:A\r\nDTSTART;TZID={tzid}:20240110T100000"
        f"\r\nDTEND;TZID={tzid}:20240110T110000\r\nEND:VEVENT\r\n"
    )

    result = from_ical(data)

    assert len(result.schedule.events) == 1
    assert result.schedule.timezone == zone_name
    assert f"read it as {zone_name}" in _message(result, "ical-tzid-mapped")


def test_a_vevent_without_dtstart_is_left_out_by_name_and_a_bad_one_refused():
    data = _vcalendar(
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Kept\r\nDTSTART:20240110T100000Z\r\n"
        "DURATION:PT30M\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Timeless\r\nEND:VEVENT\r\n"
    )
    bad = _vcalendar(
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Odd\r\nDTSTART:2024-01-10 10:00\r\n"
        "END:VEVENT\r\n"
    )

    result = from_ical(data)

    assert [e.title for e in result.schedule.events] == ["Kept"]
    assert result.report.skipped_events == (("Timeless", "it has no DTSTART"),)
    with pytest.raises(InterchangeError, match="DTSTART '2024-01-10 10:00' is not a"):
        from_ical(bad)


def test_old_pentabarf_days_with_only_an_index_count_from_the_start():
    days = "".join(
        f"<day index='{n}'><room name='Janson'><event id='{n}'><start>09:30</start>"
        f"<duration>00:25</duration><room>Janson</room><title>Day {n}</title>"
        "</event></room></day>"
        for n in (1, 2)
    )
    conference = (
        "<start>2012-02-04</start><time_zone_name>Europe/Brussels</time_zone_name>"
    )

    result = from_frab_xml(_xml(days, conference=conference))

    assert [e.start.isoformat() for e in result.schedule.events] == [
        "2012-02-04T08:30:00+00:00",
        "2012-02-05T08:30:00+00:00",
    ]
    assert "counted it from the conference's start (2012-02-05)" in " ".join(
        a.message for a in result.report.assumptions
    )
