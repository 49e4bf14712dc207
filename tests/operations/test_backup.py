"""microconf backup FILE / restore FILE: everything comes back, or nothing does."""

import datetime as dt
import gzip
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from microconf.cfp.lifecycle import State, change_state
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference, Sponsor, SponsorTier
from microconf.materials.models import Material
from microconf.notifications import tasks
from microconf.notifications.models import OutboxMail
from microconf.operations import backup
from microconf.scheduling import builds
from microconf.scheduling.models import ProgrammeBuild, Release
from tests.factories import add_author, make_contribution

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n% slides\n"
PNG = b"\x89PNG\r\n\x1a\n logo"


@pytest.fixture
def site(cast, settings, tmp_path):
    """The demo conference plus the cast's, with uploads and a queued mail."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("build_demo", verbosity=0)
    talk = make_contribution(cast.refereed, state=State.SUBMITTED, title="Binder")
    add_author(talk, cast.speaker.person, is_speaker=True)
    change_state(talk, State.ACCEPTED, by=cast.organiser)
    tasks.send(list(OutboxMail.objects.filter(contribution=talk)))
    material = Material(
        contribution=talk, kind=Material.Kind.SLIDES, title="Slides",
        original_name="slides.pdf",
    )  # fmt: skip
    material.file.save("slides.pdf", ContentFile(PDF), save=True)
    tier = SponsorTier.objects.create(conference=cast.conference, name="Gold")
    sponsor = Sponsor(tier=tier, name="Acme")
    sponsor.logo.save("acme.png", ContentFile(PNG), save=True)
    return {"material": material.file.name, "logo": sponsor.logo.name}


def _everything() -> list[dict]:
    rows = [obj for model in backup.backed_up_models() for obj in model.objects.all()]
    return json.loads(
        serializers.serialize("json", rows, use_natural_foreign_keys=True)
    )


def _empty_site(settings, tmp_path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"


def test_a_restore_into_an_empty_database_finds_everything(site, settings, tmp_path):
    before = _everything()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    _empty_site(settings, tmp_path)

    call_command("restore", str(archive), verbosity=0)

    assert _everything() == before
    media = tmp_path / "restored-media"
    assert (media / site["material"]).read_bytes() == PDF
    assert (media / site["logo"]).read_bytes() == PNG
    assert Conference.objects.filter(slug="lpc2023").exists()
    # The queued mail's task was not in the archive; the restore queued it again.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {"sent"}


def test_release_builds_left_queued_or_building_are_built_after_a_restore(
    site, cast, settings, tmp_path, client
):
    # The demo's release was being built when the backup was taken; the cast's
    # was still waiting. Task rows are not in backups.
    [demo] = ProgrammeBuild.objects.all()
    with transaction.atomic():
        waiting = builds.queue(
            Release.objects.create(
                conference=cast.conference, number=1, released_by=cast.organiser
            )
        )
    builds.claim(demo.pk, demo.attempt)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    _empty_site(settings, tmp_path)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "2 release build(s) were queued or under way" in out.getvalue()
    demo.refresh_from_db()
    assert (demo.state, demo.attempt, demo.started) == ("queued", 1, None)
    assert "the restore queued it again" in demo.message
    assert builds.stale_reason(demo) == builds.stale_reason(waiting) == ""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    for build in (demo, waiting):
        build.refresh_from_db()
        assert build.state == "done", build.message
    response = client.get(reverse("print:conference", args=["lpc2023"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_restored_ids_continue_without_clashing(site, settings, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup.backup(archive)
    highest = Contribution.objects.order_by("-pk").first().pk
    _empty_site(settings, tmp_path)
    backup.restore(archive)

    new = make_contribution(Contribution.objects.get(title="Binder").track)

    assert new.pk > highest


def test_the_manifest_counts_rows_and_checksums_files(site, tmp_path):
    archive = tmp_path / "site.tar.gz"

    manifest = backup.backup(archive)

    assert manifest["format"] == "microconf-backup"
    assert manifest["counts"]["cfp.contribution"] == Contribution.objects.count()
    assert f"media/{site['material']}" in manifest["members"]
    assert manifest["migrations"]["cfp"][-1] == "0007_identities"


def test_task_rows_are_left_out_and_every_left_out_label_is_a_model(site, tmp_path):
    for label in backup.SKIPPED:
        apps.get_model(label)  # LookupError for a label that names nothing
    assert DBTaskResult.objects.exists()

    manifest = backup.backup(tmp_path / "site.tar.gz")

    assert DBTaskResult._meta.label_lower not in manifest["counts"]


def test_a_database_holding_data_is_refused(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup.backup(archive)

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive))


def _rewrite(archive, tmp_path, change) -> str:
    members = {}
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            members[info.name] = tar.extractfile(info).read()
    change(members)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return str(damaged)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m.update(
                {"data.json": m["data.json"].replace(b"Binder", b"Bender")}
            ),
            "data.json does not match its checksum",
        ),
        (lambda m: m.pop("data.json"), "is incomplete: data.json is missing"),
        (lambda m: m.pop("manifest.json"), "has no manifest"),
        (
            lambda m: m.update({"manifest.json": b'{"format": "other"}'}),
            "is not a microconf backup",
        ),
    ],
)
def test_a_damaged_archive_is_refused_and_changes_nothing(
    site, settings, tmp_path, change, message
):
    archive = tmp_path / "site.tar.gz"
    backup.backup(archive)
    damaged = _rewrite(archive, tmp_path, change)
    _empty_site(settings, tmp_path)

    with pytest.raises(CommandError, match=message):
        call_command("restore", damaged)

    assert not Contribution.objects.exists()
    assert not (tmp_path / "restored-media").exists()


def test_a_truncated_or_foreign_file_is_refused_in_words(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup.backup(archive)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    foreign = tmp_path / "notes.txt.gz"
    foreign.write_bytes(gzip.compress(b"shopping list"))

    for path in (truncated, foreign, tmp_path / "absent.tar.gz"):
        with pytest.raises(CommandError, match=str(path)):
            call_command("restore", str(path))


def test_timestamps_come_back_to_the_microsecond(site, settings, tmp_path):
    # Django's JSON encoder keeps milliseconds only; 30.000456 came back as 30.
    odd = dt.datetime(2026, 11, 25, 10, 15, 30, 456, tzinfo=dt.UTC)
    Material.objects.update(created=odd)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    _empty_site(settings, tmp_path)

    call_command("restore", str(archive), verbosity=0)

    assert set(Material.objects.values_list("created", flat=True)) == {odd}
