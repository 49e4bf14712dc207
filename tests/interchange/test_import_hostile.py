"""Hostile or malformed input is refused with a message that says why."""

from __future__ import annotations

import json

import pytest

from microconf.interchange import (
    MAX_IMPORT_BYTES,
    InterchangeError,
    detect_and_import,
    from_frab_json,
    from_frab_xml,
    from_ical,
    from_indico_json,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<schedule><version>&lol9;</version><conference><title>x</title></conference>
</schedule>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<schedule><version>&xxe;</version><conference><title>x</title></conference>
</schedule>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE schedule SYSTEM "http://attacker.example/schedule.dtd">
<schedule><version>1</version><conference><title>x</title></conference>
</schedule>"""

MINIMAL_XML = """<?xml version="1.0"?>
<schedule><version>1</version>
<conference><title>T</title><acronym>tcon</acronym>
<time_zone_name>{tz}</time_zone_name></conference>
<day index="1" date="2023-11-04" start="2023-11-04T04:00:00-04:00"
     end="2023-11-05T03:59:00-05:00">
<room name="A"><event id="12" guid="8079583e-8321-506c-95af-fd2903a5f075">
<date>2023-11-04T09:00:00-04:00</date><start>09:00</start>
<duration>{duration}</duration><room>A</room><title>Opening</title>
<type>Talk</type><track/><abstract/></event></room></day></schedule>"""


def minimal_json(**event_changes) -> dict:
    event = {
        "id": 12,
        "guid": "8079583e-8321-506c-95af-fd2903a5f075",
        "date": "2023-11-04T09:00:00-04:00",
        "start": "09:00",
        "duration": "00:30",
        "room": "A",
        "title": "Opening",
    } | event_changes
    return {
        "schedule": {
            "version": "1",
            "conference": {
                "title": "T",
                "acronym": "tcon",
                "time_zone_name": "America/New_York",
                "days": [{"index": 1, "date": "2023-11-04", "rooms": {"A": [event]}}],
            },
        }
    }


def test_billion_laughs_is_refused():
    with pytest.raises(InterchangeError, match="declares entities in its DOCTYPE"):
        from_frab_xml(BILLION_LAUGHS)


def test_external_entity_is_refused():
    with pytest.raises(InterchangeError, match="declares entities in its DOCTYPE"):
        detect_and_import(EXTERNAL_ENTITY, "schedule.xml")


def test_external_dtd_is_refused():
    with pytest.raises(InterchangeError, match="refers to an external DTD"):
        from_frab_xml(EXTERNAL_DTD)


def test_file_over_the_size_limit_is_refused_before_parsing():
    data = b" " * (MAX_IMPORT_BYTES + 1)

    with pytest.raises(InterchangeError, match="imports are limited to 50 MiB"):
        detect_and_import(data, "huge.json")


def test_deep_xml_nesting_is_refused():
    data = b"<schedule>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</schedule>"

    with pytest.raises(InterchangeError, match="nested deeper than 256 levels"):
        from_frab_xml(data)


def test_deep_json_nesting_is_refused():
    data = b'{"schedule": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"

    with pytest.raises(InterchangeError, match="nested deeper than 64 levels"):
        detect_and_import(data, "deep.json")


def test_deep_json_nesting_in_a_dict_is_refused():
    nested: list = []
    for _ in range(10_000):
        nested = [nested]

    with pytest.raises(InterchangeError, match="nested deeper than 64 levels"):
        from_frab_json({"schedule": nested})


def test_string_where_a_number_must_be_is_refused():
    with pytest.raises(InterchangeError) as raised:
        from_frab_json(minimal_json(id="12"))

    assert str(raised.value) == (
        "event 'Opening': \"id\" must be an integer, got str '12'"
    )


def test_indico_duration_as_string_is_refused():
    document = {
        "_type": "HTTPAPIResult",
        "results": [
            {
                "title": "E",
                "id": "1",
                "timezone": "UTC",
                "contributions": [
                    {
                        "id": "5",
                        "friendly_id": 5,
                        "title": "Talk",
                        "startDate": {
                            "date": "2021-09-17",
                            "time": "14:10:00",
                            "tz": "UTC",
                        },
                        "duration": "20",
                    }
                ],
            }
        ],
    }

    with pytest.raises(InterchangeError) as raised:
        from_indico_json(json.dumps(document).encode())

    assert str(raised.value) == (
        "contribution 'Talk' (id 5): \"duration\" must be an integer number of "
        "minutes, got str '20'"
    )


def test_unknown_timezone_is_refused():
    data = MINIMAL_XML.format(tz="Mars/Olympus_Mons", duration="00:30").encode()

    with pytest.raises(InterchangeError) as raised:
        from_frab_xml(data)

    assert str(raised.value) == (
        "<conference><time_zone_name> 'Mars/Olympus_Mons' is not a known IANA "
        "timezone name"
    )


def test_path_like_timezone_is_refused():
    with pytest.raises(InterchangeError, match="not a known IANA timezone name"):
        from_frab_json(
            minimal_json()
            | {
                "schedule": minimal_json()["schedule"]
                | {
                    "conference": minimal_json()["schedule"]["conference"]
                    | {"time_zone_name": "../../etc/passwd"}
                }
            }
        )


def test_unknown_ical_tzid_is_refused():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1@x\r\n"
        b"DTSTAMP:20200101T000000Z\r\nSUMMARY:T\r\n"
        b"DTSTART;TZID=Mars/Olympus_Mons:20200114T070000\r\n"
        b"DTEND;TZID=Mars/Olympus_Mons:20200114T080000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    with pytest.raises(InterchangeError, match="'Mars/Olympus_Mons' is not a known"):
        from_ical(data)


def test_malformed_duration_names_event_and_element():
    data = MINIMAL_XML.format(tz="America/New_York", duration="1h").encode()

    with pytest.raises(InterchangeError) as raised:
        from_frab_xml(data)

    assert str(raised.value) == "event 'Opening' (id 12): <duration> '1h' is not HH:MM"


def test_malformed_xml_says_where():
    with pytest.raises(InterchangeError, match=r"not well-formed.*line 1"):
        from_frab_xml(b"<schedule><version>1</schedule>")


def test_unrecognised_format_is_refused_with_filename():
    with pytest.raises(
        InterchangeError, match=r"notes\.txt: not a recognised schedule"
    ):
        detect_and_import(b"hello", "notes.txt")


def test_non_utf8_json_is_read_as_windows_1252_and_still_checked():
    # Issue 20: a JSON file that is not UTF-8 is read as Windows-1252 (and said
    # so) rather than refused; what it then says is held to the format.
    with pytest.raises(InterchangeError, match='"schedule" must be an object'):
        detect_and_import(b'{"schedule": "\xff"}', "bad.json")


def test_deep_ical_nesting_is_refused():
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 10_000

    with pytest.raises(InterchangeError, match="deeper than 8 levels"):
        detect_and_import(data, "deep.ics")


def test_json_number_of_many_digits_is_refused():
    data = b'{"schedule": {"version": ' + b"9" * 10_000 + b"}}"

    with pytest.raises(InterchangeError, match="holds a value that cannot be read"):
        detect_and_import(data, "digits.json")


def test_wrong_shapes_found_by_fuzzing_raise_interchange_errors():
    broken_days = minimal_json()
    broken_days["schedule"]["conference"]["days"] = True
    broken_minutes = MINIMAL_XML.format(tz="UTC", duration="00:30").replace(
        "<date>2023-11-04T09:00:00-04:00</date><start>09:00</start>",
        "<start>09:75</start>",
    )

    with pytest.raises(InterchangeError, match=r'"conference\.days" must be a list'):
        from_frab_json(broken_days)
    with pytest.raises(InterchangeError, match="<start> '09:75' is not HH:MM"):
        from_frab_xml(broken_minutes.encode())
