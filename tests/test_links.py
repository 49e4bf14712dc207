"""Links name the host the site is served on (issue 20).

MICROCONF_BASE_URL wins when it is set; otherwise exports, feeds and mails name
the host the request came to, as Django reads it (ALLOWED_HOSTS,
SECURE_PROXY_SSL_HEADER), and every cached answer is kept per address.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from lxml import etree

from microconf.cfp.lifecycle import State
from microconf.cli import served_url
from microconf.notifications import outbox, tasks
from microconf.notifications.models import MailKind, OutboxMail
from microconf.programme.caching import page_cache
from microconf.programme.export import export_site
from tests.factories import add_author, make_contribution, make_room

HOSTS = ["lpc.example.org", "127.0.0.1:8120"]


@pytest.fixture(autouse=True)
def _empty_page_cache(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "lpc.example.org"]
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture
def talk(cast):
    room = make_room(cast.conference, name="Ballroom")
    talk = make_contribution(
        cast.refereed, title="Binder", room=room,
        start=dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


def _links(response) -> list[str]:
    """Every absolute link a schedule file holds, read the way apps read it."""
    body = response.content
    kind = response["Content-Type"]
    if "xml" in kind:
        root = etree.fromstring(body)
        return [e.text for e in root.iter("url", "base_url") if e.text]
    if "json" in kind:
        schedule = json.loads(body)["schedule"]
        events = [
            e
            for day in schedule["conference"]["days"]
            for room in day["rooms"].values()
            for e in room
        ]
        return [schedule["base_url"], schedule["conference"]["url"]] + [
            e["url"] for e in events
        ]
    calendar = icalendar.Calendar.from_ical(body)
    return [str(e["URL"]) for e in calendar.walk("VEVENT")]


def _hosts(response) -> set[str]:
    links = _links(response)
    assert links, response.content[:300]
    return {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in links}


@pytest.mark.parametrize("fmt", ["xml", "json", "ics"])
def test_a_schedule_file_names_the_host_it_was_asked_on_each_with_its_own_cache(
    client, talk, fmt
):
    path = f"/{talk.conference.slug}/schedule.{fmt}"

    first = client.get(path, HTTP_HOST=HOSTS[0])
    second = client.get(path, HTTP_HOST=HOSTS[1])
    first_again = client.get(path, HTTP_HOST=HOSTS[0])  # from the cache now

    assert _hosts(first) == {"http://lpc.example.org"}
    assert _hosts(second) == {"http://127.0.0.1:8120"}
    assert first_again.content == first.content
    assert first["ETag"] != second["ETag"]


def test_a_track_calendar_names_the_host_it_was_asked_on(client, talk):
    path = f"/{talk.conference.slug}/tracks/{talk.track.slug}/schedule.ics"

    answers = [client.get(path, HTTP_HOST=host) for host in HOSTS]

    assert [_hosts(a) for a in answers] == [
        {"http://lpc.example.org"},
        {"http://127.0.0.1:8120"},
    ]


def test_microconf_base_url_wins_over_the_host_of_the_request(client, talk, settings):
    settings.BASE_URL_FIXED, settings.BASE_URL = True, "https://plumbers.example.org"

    answer = client.get(f"/{talk.conference.slug}/schedule.xml", HTTP_HOST=HOSTS[1])

    assert _hosts(answer) == {"https://plumbers.example.org"}


def test_behind_a_proxy_the_forwarded_scheme_counts_but_not_a_forwarded_host(
    client, talk, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    path = f"/{talk.conference.slug}/schedule.json"

    proxied = client.get(
        path,
        HTTP_HOST="lpc.example.org",
        HTTP_X_FORWARDED_PROTO="https",
        # Read only with USE_X_FORWARDED_HOST, which is off.
        HTTP_X_FORWARDED_HOST="attacker.example",
    )
    plain = client.get(path, HTTP_HOST="lpc.example.org")

    assert _hosts(proxied) == {"https://lpc.example.org"}
    assert _hosts(plain) == {"http://lpc.example.org"}


def test_a_host_that_allowed_hosts_does_not_list_gets_no_links_at_all(client, talk):
    answer = client.get(
        f"/{talk.conference.slug}/schedule.xml", HTTP_HOST="attacker.example"
    )

    assert answer.status_code == 400
    assert b"<schedule" not in answer.content


def test_the_api_lists_are_cached_per_host_too(client, talk):
    path = f"/api/v1/conferences/{talk.conference.slug}/contributions"

    etags = {client.get(path, HTTP_HOST=host)["ETag"] for host in HOSTS}

    assert len(etags) == 2


def test_the_private_calendar_link_names_the_host_of_the_page(client, cast, talk):
    client.force_login(cast.attendee)

    page = client.get(f"/{talk.conference.slug}/agenda/", HTTP_HOST=HOSTS[1])

    assert f"http://127.0.0.1:8120/{talk.conference.slug}/agenda/" in page.text


@pytest.mark.django_db(transaction=True)
def test_a_mail_drafted_on_a_request_names_its_host_and_the_worker_sends_it_so(
    client, cast, settings
):
    settings.BASE_URL = "http://127.0.0.1:8000"  # what the worker has on its own
    waiting = make_contribution(cast.refereed, state=State.ACCEPTED, title="Waiting")
    add_author(waiting, cast.speaker.person, is_speaker=True)
    client.force_login(cast.organiser)

    client.post(
        f"/{cast.conference.slug}/manage/outbox/remind/",
        {"kind": MailKind.CONFIRM_REMINDER},
        HTTP_HOST=HOSTS[1],
    )
    tasks.send(list(OutboxMail.objects.all()))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    [sent] = mail.outbox
    link = f"http://127.0.0.1:8120/{cast.conference.slug}/submissions/{waiting.pk}/"
    assert link in sent.body
    assert "127.0.0.1:8000" not in sent.body


def test_a_mail_drafted_outside_a_request_names_the_address_served_on(cast, settings):
    settings.BASE_URL = "http://127.0.0.1:8120"
    waiting = make_contribution(cast.refereed, state=State.ACCEPTED, title="Waiting")
    add_author(waiting, cast.speaker.person, is_speaker=True)

    [draft] = outbox.queue_for_authors(waiting, MailKind.CONFIRM_REMINDER, occasion="x")

    assert f"http://127.0.0.1:8120/{cast.conference.slug}/submissions/" in draft.body


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8120", "http://127.0.0.1:8120"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
        ("[::]:8000", "http://[::1]:8000"),
        ("localhost", "http://localhost:8000"),
        ("unix:/run/microconf.sock", ""),
    ],
)
def test_the_address_a_bind_serves_on(bind, url):
    assert served_url(bind) == url


def test_serving_on_a_bind_makes_it_the_address_of_links_outside_requests(tmp_path):
    # What `demo` and `serve` do before Django loads, then what settings read.
    code = (
        "from microconf import cli; cli._announce_address('127.0.0.1:8765'); "
        "cli._setup_django(); from django.conf import settings; "
        "print(settings.BASE_URL, settings.BASE_URL_FIXED)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROCONF_")}
    env["MICROCONF_DATA_DIR"] = str(tmp_path)

    unset = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    fixed = subprocess.run(  # noqa: S603 - as above
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=env | {"MICROCONF_BASE_URL": "https://lpc.example.org/"},
    )  # fmt: skip

    assert unset.stdout.split() == ["http://127.0.0.1:8765", "False"]
    assert fixed.stdout.split() == ["https://lpc.example.org", "True"]


def test_a_base_url_that_is_no_address_is_refused_in_words(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROCONF_")}
    env |= {"MICROCONF_DATA_DIR": str(tmp_path), "MICROCONF_BASE_URL": "lpc.org"}

    result = subprocess.run(
        [sys.executable, "-m", "microconf", "check"], env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip

    assert result.returncode != 0
    assert (
        "MICROCONF_BASE_URL='lpc.org' is not an address: write it as "
        "https://host[:port]." in result.stderr
    )


def test_the_static_export_names_the_address_it_will_be_served_at(
    talk, tmp_path, settings
):
    export_site(talk.conference.slug, tmp_path / "cdn", "https://cdn.example.org/")
    export_site(talk.conference.slug, tmp_path / "default")

    slug = talk.conference.slug
    for site, base in (
        ("cdn", "https://cdn.example.org"),
        ("default", settings.BASE_URL),
    ):
        root = etree.parse(tmp_path / site / slug / "schedule.xml").getroot()
        urls = {e.text for e in root.iter("url", "base_url")}
        assert {u.partition(f"/{slug}/")[0] for u in urls} == {base}, site


def test_the_starred_agenda_calendar_names_the_host_it_was_asked_on(client, talk):
    path = f"/{talk.conference.slug}/agenda/export.ics?s={talk.slug}"

    answer = client.get(path, HTTP_HOST=HOSTS[1])

    assert _hosts(answer) == {"http://127.0.0.1:8120"}
