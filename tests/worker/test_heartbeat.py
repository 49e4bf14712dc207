"""The worker's heartbeat, and the pages that say when no worker runs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from microconf.worker import heartbeat
from microconf.worker.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_no_heartbeat_means_no_worker():
    assert heartbeat.presence() == heartbeat.Presence(is_running=False, last_seen=None)


def test_a_recent_beat_means_a_worker_runs_and_an_old_one_does_not():
    heartbeat.beat("w1")
    seen = Heartbeat.objects.get().seen

    assert heartbeat.presence().is_running is True
    later = seen + heartbeat.STALE_AFTER + dt.timedelta(seconds=1)
    assert heartbeat.presence(later) == heartbeat.Presence(
        is_running=False, last_seen=seen
    )


def test_a_worker_that_stops_cleanly_is_gone_at_once():
    heartbeat.beat("w1")
    heartbeat.stop("w1")

    assert heartbeat.presence().is_running is False


def test_db_worker_beats_when_it_runs(transactional_db):
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert heartbeat.presence().is_running is True


@pytest.mark.parametrize("page", ["manage/schedule/", "manage/outbox/"])
def test_pages_that_wait_for_the_worker_say_how_to_start_it(client, cast, page):
    client.force_login(cast.organiser)
    url = f"/{cast.conference.slug}/{page}"

    missing = client.get(url).content.decode()
    heartbeat.beat("w1")
    running = client.get(url).content.decode()

    assert "No background worker is running." in missing
    assert "<code>microconf db_worker</code>" in missing
    assert "No background worker is running." not in running


def test_an_old_beat_is_named_on_the_page(client, cast):
    Heartbeat.objects.create(
        worker_id="w1",
        started=timezone.now() - dt.timedelta(hours=2),
        seen=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
    )
    client.force_login(cast.organiser)

    page = client.get(f"/{cast.conference.slug}/manage/outbox/").content.decode()

    assert "One was last seen at 2026-03-01 09:30 UTC." in page
