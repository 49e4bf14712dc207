"""Every organiser's write is in the audit log, written through audit.record."""

import pytest
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.audit.services import record
from microconf.notifications.models import MailTemplate, OutboxMail

pytestmark = pytest.mark.django_db

EMPTY_FORMSETS = {
    f"{prefix}-{field}": 0
    for prefix in ("types", "questions", "criteria")
    for field in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def test_saving_a_call_records_who_changed_which_settings(client, cast):
    client.force_login(cast.organiser)
    url = reverse("cfp:manage-call", args=[cast.conference.slug, "refereed"])

    response = client.post(
        url,
        {
            "opens_at_0": "2031-03-08", "opens_at_1": "12:00",
            "closes_at_0": "2031-03-09", "closes_at_1": "12:00",
            "title_max_length": 120, "abstract_max_length": 5000, **EMPTY_FORMSETS,
        },
    )  # fmt: skip

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="call-settings")
    assert entry.actor == cast.organiser
    assert entry.conference == cast.conference
    assert entry.data["track"] == "refereed"
    assert "title_max_length" in entry.data["changed"]


def test_editing_a_draft_mail_records_it(client, cast):
    mail = OutboxMail.objects.create(
        conference=cast.conference, kind="accepted", key="k1",
        to_email="sam@example.org", subject="Old", body="b",
    )  # fmt: skip
    client.force_login(cast.organiser)

    client.post(
        reverse("notifications:edit", args=[cast.conference.slug, mail.pk]),
        {"subject": "New", "body": "b"},
    )

    entry = AuditEntry.objects.get(action="mail-edit")
    assert entry.actor == cast.organiser
    assert entry.data == {"mail": mail.pk, "changed": ["subject"]}


def test_changing_a_mail_template_in_the_back_office_records_it(client, cast):
    cast.organiser.is_staff = cast.organiser.is_superuser = True
    cast.organiser.save()
    client.force_login(cast.organiser)

    client.post(
        reverse("admin:notifications_mailtemplate_add"),
        {
            "conference": cast.conference.pk, "kind": "accepted",
            "subject": "Welcome", "body": "Dear {name}",
        },
    )  # fmt: skip

    assert MailTemplate.objects.filter(conference=cast.conference).exists()
    entry = AuditEntry.objects.get(action="mail-template")
    assert entry.actor == cast.organiser
    assert entry.data["kind"] == "accepted"


def test_an_entry_names_a_conference_or_a_contribution(cast):
    with pytest.raises(ValueError, match="names a conference or a contribution"):
        record("nothing", by=cast.organiser)


def test_an_anonymous_actor_is_kept_as_no_actor(cast):
    entry = record("import", by=None, conference=cast.conference)

    assert entry.actor is None
