"""Every write of the desk: checked against the rules, audited, all or nothing."""

from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from microconf.audit.services import record
from microconf.conference.models import Conference, Room, Track
from microconf.notifications.models import MailTemplate
from microconf.people.models import Person, TeamMembership

SET_UP = "desk.set_up_conference"


def _check(by: User, conference: Conference) -> None:
    if not by.has_perm(SET_UP, conference):
        raise PermissionDenied(_("Only the conference's organisers set it up."))


def _record(conference: Conference, by: User, action: str, **data: object) -> None:
    record(action, by=by, conference=conference, data=data)


def _fields(obj: models.Model, names: list[str]) -> dict[str, str]:
    return {name: str(getattr(obj, name)) for name in names}


@transaction.atomic
def create_conference(conference: Conference, *, by: User) -> Conference:
    """Save a new conference whose creator becomes its first organiser."""
    if not by.has_perm("desk.create_conference"):
        raise PermissionDenied(_("You may not create conferences."))
    conference.full_clean()
    conference.save()
    TeamMembership.objects.create(
        conference=conference, user=by, role=TeamMembership.Role.ORGANISER
    )
    _record(
        conference, by, "conference-create",
        **_fields(conference, ["name", "slug", "start_date", "end_date", "timezone"]),
    )  # fmt: skip
    return conference


@transaction.atomic
def save_part(
    conference: Conference, part: models.Model, *, by: User, changed: list[str]
) -> models.Model:
    """Save a conference's details, a room, a track or a mail template.

    ``part`` is already validated (a ModelForm's instance); ``changed`` names the
    fields the organiser changed, which the audit entry keeps.
    """
    _check(by, conference)
    is_new = part.pk is None
    part.save()
    noun = part._meta.model_name
    action = f"{noun}-{'add' if is_new else 'change'}"
    _record(conference, by, action, id=part.pk, name=str(part), changed=changed)
    return part


def _in_use(room: Room) -> int:
    return room.contributions.count() + room.draft_slots.count()


@transaction.atomic
def remove_room(room: Room, *, by: User) -> None:
    _check(by, room.conference)
    if used := _in_use(room):
        raise ValidationError(
            _("%(count)s session(s) are placed in %(room)s; move them first.")
            % {"count": used, "room": room.name}
        )
    _record(room.conference, by, "room-remove", id=room.pk, name=room.name)
    room.delete()


@transaction.atomic
def remove_track(track: Track, *, by: User) -> None:
    _check(by, track.conference)
    if count := track.contributions.count():
        raise ValidationError(
            _("%(track)s has %(count)s contribution(s); it cannot be removed.")
            % {"count": count, "track": track.name}
        )
    _record(track.conference, by, "track-remove", id=track.pk, name=track.name)
    track.delete()


@transaction.atomic
def remove_mail_template(template: MailTemplate, *, by: User) -> None:
    _check(by, template.conference)
    _record(template.conference, by, "mailtemplate-remove", kind=template.kind)
    template.delete()


@transaction.atomic
def add_runner(track: Track, email: str, name: str, *, by: User) -> Person:
    """Make the person with this address a runner of the track (found or new)."""
    _check(by, track.conference)
    email = email.strip()
    person = (
        Person.objects.filter(user__email__iexact=email).first()
        or Person.objects.filter(email__iexact=email).first()
    )
    if person is None:
        if not name.strip():
            raise ValidationError(
                {
                    "name": _("Nobody is known by %(email)s: give their name.")
                    % {"email": email}
                }
            )
        person = Person.objects.create(name=name.strip()[:200], email=email)
    if track.runners.filter(pk=person.pk).exists():
        raise ValidationError(
            {"email": _("%(email)s runs it already.") % {"email": email}}
        )
    track.runners.add(person)
    _record(track.conference, by, "runner-add", track=track.slug, email=email)
    return person


@transaction.atomic
def remove_runner(track: Track, person: Person, *, by: User) -> None:
    _check(by, track.conference)
    track.runners.remove(person)
    _record(track.conference, by, "runner-remove", track=track.slug, email=person.email)


def allow_conference_creation(user: User, *, allowed: bool = True) -> None:
    """Grant or take back the site permission to create conferences."""
    app_label, codename = "conference", "add_conference"
    permission = Permission.objects.get(
        content_type__app_label=app_label, codename=codename
    )
    if allowed:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
