"""What an import writes and says: counts against the file, every left-out
event by name, kinds and labels, the organiser's options (issue 20)."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from lxml import etree

from microconf.cfp.models import Contribution
from microconf.conference.models import Conference
from microconf.exchange.imports import ImportRefused, import_conference
from microconf.interchange import ImportedConference, ImportReport, detect_and_import
from tests.pages import visible_text

pytestmark = pytest.mark.django_db

PRETALX = {
    "count": 4,
    "next": None,
    "previous": None,
    "results": [
        {"code": "BOFBOF", "title": {"en": "Packaging BoF"}, "state": "confirmed",
         "speakers": [{"code": "SPKONE", "name": "Ann Example"}],
         "submission_type": {"id": 1, "name": {"en": "Birds of a feather"}},
         "track": {"id": 1, "name": {"en": "Distributions"}, "color": "#336699"},
         "slots": [{"id": 31, "room": {"id": 1, "name": {"en": "Hall A"}},
                    "start": "2025-06-01T10:00:00+02:00",
                    "end": "2025-06-01T11:00:00+02:00"}]},
        {"code": "LIGHTN", "title": "Five minutes of Rust", "state": "confirmed",
         "speakers": [{"code": "SPKONE", "name": "Ann Example"},
                      {"code": "SPKTWO", "name": "Bo Beispiel"}],
         "submission_type": {"id": 2, "name": {"en": "Lightning talk"}},
         "track": None,
         "slots": [{"id": 32, "room": {"id": 2, "name": "Hall B"},
                    "start": "2025-06-02T10:00:00+02:00",
                    "end": "2025-06-02T10:05:00+02:00"}]},
        {"code": "NOSLOT", "title": "Waiting", "state": "accepted", "speakers": [],
         "submission_type": 1, "slots": []},
        {"code": "GONEGO", "title": "Withdrawn one", "state": "withdrawn",
         "speakers": [], "submission_type": 1, "slots": []},
    ],
}  # fmt: skip


def _lines(capsys) -> str:
    return capsys.readouterr().out


def test_a_pretalx_api_export_imports_with_kinds_labels_and_its_report(
    tmp_path, capsys
):
    path = tmp_path / "submissions.json"
    path.write_text(json.dumps(PRETALX))

    call_command("import", path, conference="px")
    out = _lines(capsys)

    conference = Conference.objects.get(slug="px")
    bof, lightning = conference.contributions.order_by("start")
    assert (bof.code, bof.source_id, bof.kind, bof.type_label) == (
        "BOFBOF", 31, Contribution.Kind.BOF, "",
    )  # fmt: skip
    assert (lightning.kind, lightning.type_label) == (
        Contribution.Kind.TALK, "Lightning talk",
    )  # fmt: skip
    assert bof.track.name == "Distributions"
    assert conference.timezone == "Etc/GMT-2"
    assert "Read as pretalx-api/submissions." in out
    assert (
        "The file holds 4 events, 2 rooms, 2 days and 2 people (3 speaker "
        "appearances); imported 2 contributions on 2 days, 2 rooms and 2 people."
    ) in out
    assert "2 events of the file were left out, each for the reason below." in out
    assert "Left out 'Waiting': it has no slot on the schedule." in out
    assert "Left out 'Withdrawn one': its pretalx state is 'withdrawn'." in out


def test_an_event_type_comes_back_out_as_it_went_in(tmp_path, client):
    path = tmp_path / "submissions.json"
    path.write_text(json.dumps(PRETALX))
    call_command("import", path, conference="px")

    root = etree.fromstring(client.get("/px/schedule.xml").content)

    types = {e.findtext("title"): e.findtext("type") for e in root.iter("event")}
    assert types == {
        "Packaging BoF": "Birds of a feather",
        "Five minutes of Rust": "Lightning talk",
    }


def test_an_import_that_would_lose_events_without_a_reason_fails(shared_dir):
    data = (
        shared_dir / "realdata/schedules/democon-pretalx.schedule.json"
    ).read_bytes()
    imported = detect_and_import(data, "democon.json")
    # As if a reader had seen 38 events but handed on only 36, naming none.
    short = ImportedConference(
        schedule=imported.schedule,
        report=ImportReport(
            source_format=imported.report.source_format,
            file_counts={"events": 38},
        ),
    )

    with pytest.raises(ImportRefused) as error:
        import_conference(short, slug="democon")

    assert "holds 38 events but 36 would be imported and 0 left out" in str(error.value)
    assert "2 would be lost without one" in str(error.value)
    assert not Conference.objects.exists()


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tiny//EN\r\nX-WR-CALNAME:Tiny\r\n"
    "BEGIN:VEVENT\r\nUID:1@tiny\r\nDTSTART:20240611T090000Z\r\n"
    "DTEND:20240611T100000Z\r\nSUMMARY:Rust in the kernel - Ann Example\r\n"
    "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2@tiny\r\nDTSTART:20240611T110000Z\r\n"
    "DTEND:20240611T120000Z\r\nSUMMARY:Opening - Bo Beispiel\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_ics_speakers_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "tiny.ics"
    path.write_text(ICS)

    call_command("import", path, conference="plain")
    call_command("import", path, conference="split", ics_speakers=True)
    out = _lines(capsys)

    plain = Conference.objects.get(slug="plain").contributions.order_by("start")
    split = Conference.objects.get(slug="split").contributions.order_by("start")
    assert [c.title for c in plain] == [
        "Rust in the kernel - Ann Example",
        "Opening - Bo Beispiel",
    ]
    assert not plain[0].authorships.exists()
    assert [c.title for c in split] == ["Rust in the kernel", "Opening"]
    assert [a.person.name for a in split[0].authorships.all()] == ["Ann Example"]
    assert "split 2 of 2 SUMMARYs by the rule 'Title - Speaker'" in out


def test_ics_speakers_on_the_import_page(client):
    staff = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(staff)

    page = client.get("/manage/import/")
    response = client.post(
        "/manage/import/",
        {
            "file": SimpleUploadedFile("tiny.ics", ICS.encode()),
            "slug": "tiny",
            "ics_speakers": "on",
        },
    )

    assert "Find speakers in an iCalendar file" in visible_text(page.content)
    assert response.status_code == 200
    text = visible_text(response.content)
    assert "split 2 of 2 SUMMARYs" in text
    titles = Conference.objects.get(slug="tiny").contributions.values_list(
        "title", flat=True
    )
    assert sorted(titles) == ["Opening", "Rust in the kernel"]


def test_a_windows_1252_json_file_imports_and_the_report_says_so(tmp_path, capsys):
    document = json.loads(json.dumps(PRETALX))
    document["results"][1]["title"] = "Café Rust"
    path = tmp_path / "submissions.json"
    path.write_bytes(json.dumps(document, ensure_ascii=False).encode("cp1252"))

    call_command("import", path, conference="latin")

    assert (
        Conference.objects.get(slug="latin")
        .contributions.filter(title="Café Rust")
        .exists()
    )
    assert "is not UTF-8; read it as windows-1252" in _lines(capsys)


def test_a_pretalx_export_without_slot_details_is_refused_naming_them(tmp_path):
    document = json.loads(json.dumps(PRETALX))
    document["results"][0]["slots"] = [31]
    path = tmp_path / "submissions.json"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError) as error:
        call_command("import", path, conference="px")

    assert "give their slots only as ids" in str(error.value)
    assert "'Packaging BoF' (BOFBOF)" in str(error.value)
    assert str(error.value).endswith("Nothing was imported.")
    assert not Conference.objects.exists()


def test_a_day_of_the_file_without_events_is_named(tmp_path, capsys):
    path = tmp_path / "two-days.xml"
    path.write_text(
        "<schedule><version>1</version><conference><acronym>twodays</acronym>"
        "<title>Two days</title><time_zone_name>Europe/Paris</time_zone_name>"
        "</conference><day index='1' date='2024-06-01'><room name='Hall'>"
        "<event id='1'><title>Only talk</title><date>2024-06-01T10:00:00+02:00</date>"
        "<start>10:00</start><duration>00:30</duration><room>Hall</room></event>"
        "</room></day><day index='2' date='2024-06-02'></day></schedule>"
    )

    call_command("import", path)
    out = _lines(capsys)

    assert "The file holds 1 events, 1 rooms, 2 days" in out
    assert "imported 1 contributions on 1 days" in out
    assert "Days of the file that hold no event: day 2 (2024-06-02)." in out
