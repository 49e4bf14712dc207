from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.people.models import TeamMembership
from tests.pages import visible_text


def _add(client, cast, **data):
    client.force_login(cast.organiser)
    return client.post(reverse("people:team", args=[cast.conference.slug]), data)


def test_organiser_adds_a_reviewer_of_a_track(client, cast):
    response = _add(
        client, cast, email="ADA@example.org", role="reviewer", track=cast.rust_mc.pk
    )

    assert response.status_code == 302
    assert TeamMembership.objects.filter(
        user=cast.attendee, role="reviewer", track=cast.rust_mc
    ).exists()
    assert AuditEntry.objects.filter(action="team-add").count() == 1
    assert cast.attendee.has_perm("cfp.view_submissions", cast.conference)


def test_adding_someone_who_has_not_signed_up_is_explained(client, cast):
    response = _add(client, cast, email="ghost@example.org", role="committee")

    assert response.status_code == 400
    assert "Nobody has signed up with ghost@example.org." in visible_text(
        response.content
    )


def test_a_reviewer_needs_a_track(client, cast):
    response = _add(client, cast, email="ada@example.org", role="reviewer")

    assert response.status_code == 400
    assert "Choose the track this reviewer reviews." in visible_text(response.content)


def test_the_same_role_twice_is_refused(client, cast):
    response = _add(client, cast, email="cara@example.org", role="committee")

    assert response.status_code == 400
    assert "cara@example.org already has this role." in visible_text(response.content)


def test_the_last_organiser_cannot_be_removed(client, cast):
    membership = TeamMembership.objects.get(user=cast.organiser, role="organiser")
    client.force_login(cast.organiser)

    client.post(reverse("people:remove-member", args=["plumbers", membership.pk]))

    assert TeamMembership.objects.filter(pk=membership.pk).exists()
