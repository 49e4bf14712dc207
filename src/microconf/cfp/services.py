"""Every write of the call for proposals, apart from state changes (see lifecycle)."""

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from microconf.audit.services import record
from microconf.cfp.calls import check_call_is_open, closed_message
from microconf.cfp.lifecycle import State, TransitionNotAllowed, change_state
from microconf.cfp.models import (
    Answer,
    Authorship,
    CallForProposals,
    Contribution,
    Invitation,
)
from microconf.cfp.validators import validate_answers, validate_length
from microconf.conference.models import Track
from microconf.notifications import outbox
from microconf.notifications.models import MailKind
from microconf.people.models import Person
from microconf.people.services import person_for
from microconf.slugs import next_free_slug

TOPIC_DURATION = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """What a speaker fills in; the same for the pages and the API."""

    title: str
    abstract: str
    duration: int | None = None
    submission_type_id: int | None = None
    expected_attendance: int | None = None
    possible_topics: str = ""
    runner_emails: tuple[str, ...] = ()
    answers: dict[int, str] = field(default_factory=dict)
    # The form's one-time token (empty from the API): see ``create_submission``.
    submission_key: str = ""


def _validated(cfp: CallForProposals, proposal: Proposal) -> dict[int, str]:
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: validate_length(
            "title", proposal.title, cfp.title_max_length, _("The title")
        ),
        lambda: validate_length(
            "abstract", proposal.abstract, cfp.abstract_max_length, _("The abstract")
        ),
    ):
        try:
            check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if not proposal.title.strip():
        errors["title"] = [_("Give your proposal a title.")]
    if cfp.track.kind == Track.Kind.PROPOSALS and not proposal.possible_topics.strip():
        errors["possible_topics"] = [
            _("List the topics the microconference could cover.")
        ]
    answers: dict[int, str] = {}
    try:
        answers = validate_answers(list(cfp.questions.all()), proposal.answers)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return answers


def _kind_for(track: Track) -> str:
    return {
        Track.Kind.PROPOSALS: Contribution.Kind.MC_PROPOSAL,
        Track.Kind.MICROCONFERENCE: Contribution.Kind.TOPIC,
        Track.Kind.BOF: Contribution.Kind.BOF,
    }.get(track.kind, Contribution.Kind.TALK)


def _unique_slug(conference_id: int, title: str) -> str:
    base = slugify(title)[:80] or "contribution"
    taken = set(
        Contribution.objects.filter(
            conference_id=conference_id, slug__startswith=base
        ).values_list("slug", flat=True)
    )
    return next_free_slug(base, taken)


def _duration(cfp: CallForProposals, proposal: Proposal, track: Track) -> int:
    if proposal.submission_type_id:
        chosen = cfp.submission_types.filter(pk=proposal.submission_type_id).first()
        if chosen is None:
            raise ValidationError(
                {"submission_type": _("Choose one of the listed types.")}
            )
        return chosen.default_duration
    if track.kind == Track.Kind.PROPOSALS:
        return 210
    return proposal.duration or TOPIC_DURATION


def _replayed(key: str, author: Person) -> Contribution | None:
    """The contribution an earlier post of the same form made, if any."""
    if not key:
        return None
    earlier = Contribution.objects.filter(submission_key=key).first()
    if earlier is None:
        return None
    if not earlier.authorships.filter(person=author).exists():
        # Another person's token: say nothing about their proposal.
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This form was already used. Reload the page.")}
        )
    return earlier


def _insert(proposal: Proposal, **fields: object) -> Contribution:
    """Insert the contribution; a concurrent insert may take its slug or its key.

    Two posts of one form can race (PostgreSQL checks nothing until the insert):
    the loser's insert fails on the unique key and it returns the winner's row.
    A slug taken at the same moment by someone else's title is simply retried.
    """
    for attempt in range(5):
        slug = _unique_slug(fields["conference_id"], proposal.title)
        if attempt:
            slug = f"{slug[:90]}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                return Contribution.objects.create(
                    slug=slug, submission_key=proposal.submission_key, **fields
                )
        except IntegrityError:
            if (
                proposal.submission_key
                and Contribution.objects.filter(
                    submission_key=proposal.submission_key
                ).exists()
            ):
                raise _Replayed from None
    raise IntegrityError("No free slug for this title after five attempts.")


class _Replayed(Exception):
    """The same form was saved by a concurrent request first."""


@transaction.atomic
def create_submission(
    track: Track, proposal: Proposal, *, by: object, submit: bool
) -> Contribution:
    """Save a proposal with ``by`` as primary author and speaker; submit it if asked.

    Idempotent per form: a proposal carrying the ``submission_key`` of one already
    saved returns that one (even after the deadline: it is the same submission).
    Otherwise refused while the call is closed, checked here inside the transaction
    that saves, not when the form was shown. Without a key (the API), a double
    submit of the same title by the same author within a minute returns the first.
    """
    author = person_for(by)
    earlier = _replayed(proposal.submission_key, author)
    if earlier is not None:
        return earlier
    cfp = CallForProposals.objects.filter(track=track).first()
    now = timezone.now()
    if cfp is None or not cfp.is_open_at(now):
        raise TransitionNotAllowed(closed_message(cfp, track.conference))
    answers = _validated(cfp, proposal)
    recent = Contribution.objects.filter(
        track=track,
        title=proposal.title.strip(),
        authorships__person=author,
        created__gte=now - dt.timedelta(minutes=1),
    ).first()
    if recent is not None and not proposal.submission_key:
        return recent
    try:
        contribution = _insert(
            proposal,
            conference_id=track.conference_id,
            track=track,
            title=proposal.title.strip(),
            kind=_kind_for(track),
            abstract=proposal.abstract,
            duration=_duration(cfp, proposal, track),
            submission_type_id=proposal.submission_type_id,
            expected_attendance=proposal.expected_attendance,
            possible_topics=proposal.possible_topics,
            state=State.DRAFT,
        )
    except _Replayed:
        return _replayed(proposal.submission_key, author)
    Authorship.objects.create(
        contribution=contribution,
        person=author,
        role=Authorship.Role.PRIMARY_AUTHOR,
        is_speaker=True,
    )
    Answer.objects.bulk_create(
        Answer(contribution=contribution, question_id=qid, value=value)
        for qid, value in answers.items()
    )
    record("create", by=by, contribution=contribution, to_state=State.DRAFT)
    for email in proposal.runner_emails:
        if email.lower() != (by.email or "").lower():
            invite(contribution, email, by=by)
    if submit:
        contribution = change_state(contribution, State.SUBMITTED, by=by)
    return contribution


@transaction.atomic
def update_submission(
    contribution: Contribution, proposal: Proposal, *, by: object
) -> None:
    """Change what the authors wrote; authors only until the deadline or a reopening."""
    if not by.has_perm("cfp.edit_contribution", contribution):
        raise PermissionDenied(_("You may not edit this contribution."))
    is_organiser = by.has_perm("cfp.reopen_contribution", contribution)
    if not is_organiser:
        if contribution.state not in {State.DRAFT, State.SUBMITTED}:
            raise TransitionNotAllowed(
                _("A %(state)s contribution can no longer be edited.")
                % {"state": contribution.get_state_display().lower()}
            )
        check_call_is_open(contribution)
    cfp = CallForProposals.objects.get(track_id=contribution.track_id)
    answers = _validated(cfp, proposal)
    contribution.title = proposal.title.strip()
    contribution.abstract = proposal.abstract
    contribution.expected_attendance = proposal.expected_attendance
    contribution.possible_topics = proposal.possible_topics
    if proposal.submission_type_id:
        contribution.submission_type_id = proposal.submission_type_id
        contribution.duration = _duration(cfp, proposal, contribution.track)
    contribution.save()
    for question_id, value in answers.items():
        Answer.objects.update_or_create(
            contribution=contribution,
            question_id=question_id,
            defaults={"value": value},
        )
    Answer.objects.filter(contribution=contribution).exclude(
        question_id__in=answers
    ).delete()
    record("edit", by=by, contribution=contribution)


@transaction.atomic
def reopen_editing(contribution: Contribution, *, by: object, reason: str = "") -> None:
    """Let the authors edit again after the deadline (organisers only)."""
    if not by.has_perm("cfp.reopen_contribution", contribution):
        raise PermissionDenied(
            _("Only organisers can reopen a contribution for editing.")
        )
    Contribution.objects.filter(pk=contribution.pk).update(is_reopened=True)
    contribution.is_reopened = True
    record("reopen", by=by, contribution=contribution, reason=reason)


@transaction.atomic
def invite(contribution: Contribution, email: str, *, by: object) -> Invitation:
    """Invite someone by e-mail: a co-author, or a proposed runner of an MC."""
    if not by.has_perm("cfp.invite_coauthor", contribution):
        raise PermissionDenied(_("Only the authors can invite co-authors."))
    email = email.strip().lower()
    role = (
        Authorship.Role.PRIMARY_AUTHOR
        if contribution.kind == Contribution.Kind.MC_PROPOSAL
        else Authorship.Role.CO_AUTHOR
    )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                contribution=contribution,
                email=email,
                role=role,
                token=secrets.token_urlsafe(32),
                invited_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            {"email": _("%(email)s has already been invited.") % {"email": email}}
        ) from None
    record("invite", by=by, contribution=contribution, data={"email": email})
    outbox.queue_invitation(invitation, person_for(by).name)
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, by: object) -> Authorship:
    """Join the contribution as the invited author; the invitation works once."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise TransitionNotAllowed(_("This invitation has already been accepted."))
    contribution = locked.contribution
    person = person_for(by)
    authorship, _created = Authorship.objects.get_or_create(
        contribution=contribution,
        person=person,
        defaults={
            "role": locked.role,
            "is_speaker": locked.role != Authorship.Role.PRIMARY_AUTHOR
            or contribution.kind != Contribution.Kind.MC_PROPOSAL,
            "position": contribution.authorships.count(),
        },
    )
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    record("join", by=by, contribution=contribution, data={"email": locked.email})
    return authorship


@transaction.atomic
def save_call(form: object, formsets: Iterable[object], *, by: object) -> object:
    """Save a track's call (its form and formsets, already valid) and record it.

    The entry lists what changed: the form's fields and the formsets' prefixes.
    """
    track = form.instance.track
    if not by.has_perm("cfp.manage_cfp", track):
        raise PermissionDenied(
            _("Only organisers and the MC's runners change its call.")
        )
    created = form.instance.pk is None
    cfp = form.save()
    changed = list(form.changed_data)
    for formset in formsets:
        if formset.has_changed():
            changed.append(formset.prefix)
        formset.save()
    record(
        "call-settings", by=by, conference=track.conference,
        data={"track": track.slug, "created": created, "changed": changed},
    )  # fmt: skip
    return cfp


def queue_reminders(conference: object, kind: str) -> list[object]:
    """Draft reminders: to confirm accepted contributions, or to submit drafts.

    A reminder is drafted once per contribution and day, so pressing the button
    twice on one day writes nothing new.
    """
    state = {
        MailKind.CONFIRM_REMINDER: State.ACCEPTED,
        MailKind.DEADLINE_REMINDER: State.DRAFT,
    }
    contributions = (
        Contribution.objects.filter(conference=conference, state=state[kind])
        .select_related("conference", "track", "track__cfp")
        .prefetch_related("authorships__person__user")
    )
    if kind == MailKind.DEADLINE_REMINDER:
        now = timezone.now()
        contributions = contributions.filter(
            track__cfp__opens_at__lte=now, track__cfp__closes_at__gt=now
        )
    occasion = f"{timezone.now():%Y-%m-%d}"
    mails = []
    for contribution in contributions:
        mails += outbox.queue_for_authors(contribution, kind, occasion=occasion)
    return mails
