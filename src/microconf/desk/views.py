"""The desk's pages: thin views over ``desk.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from microconf.conference.models import Conference, Room, Track
from microconf.conference.pages import conference_context, load_conference
from microconf.conference.timezones import timezone_names
from microconf.desk import services
from microconf.desk.forms import (
    ConferenceForm,
    MailTemplateForm,
    RoomForm,
    RunnerForm,
    TrackForm,
)
from microconf.notifications.models import MailKind, MailTemplate
from microconf.people.models import Person

SET_UP = services.SET_UP


def _show_errors(request: HttpRequest, form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        messages.error(request, " ".join(error.messages))


@login_required
def new_conference(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("desk.create_conference"):
        raise PermissionDenied
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.create_conference(form.instance, by=request.user)
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            messages.success(
                request,
                _("%(name)s is created and you are its organiser. Add its rooms, "
                  "tracks and calls here.") % {"name": conference.name},
            )  # fmt: skip
            return redirect("desk:desk", conference.slug)
    context = {"form": form, "timezones": timezone_names()}
    status = 400 if form.errors else 200
    return render(request, "desk/new_conference.html", context, status=status)


@login_required
@require_safe
def desk(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    tracks = list(conference.tracks.select_related("cfp").prefetch_related("runners"))
    context = {
        **conference_context(conference),
        "rooms": list(conference.rooms.all()),
        "tracks": tracks,
        "templates": list(conference.mail_templates.all()),
        "sponsor_count": conference.sponsor_tiers.aggregate(n=models.Count("sponsors"))[
            "n"
        ],
        "may_import": request.user.has_perm("desk.create_conference"),
    }
    return render(request, "desk/desk.html", context)


def _edit_part(
    request: HttpRequest,
    conference: Conference,
    form: ModelForm,
    *,
    title: str,
    back: str,
    saved: str,
    extra: dict | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST save it through the service and go ``back``."""
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        try:
            services.save_part(
                conference, part, by=request.user, changed=form.changed_data
            )
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            messages.success(request, saved % {"name": str(part)})
            return redirect(back, conference.slug)
    context = {
        **conference_context(conference),
        "form": form,
        "title": title,
        "back": back,
        **(extra or {}),
    }
    status = 400 if form.errors else 200
    return render(request, "desk/edit.html", context, status=status)


@login_required
def details(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    form = ConferenceForm(request.POST or None, instance=conference)
    form.fields["slug"].disabled = True  # addresses already given out stay valid
    return _edit_part(
        request, conference, form, title=_("The conference"), back="desk:desk",
        saved=_("%(name)s was saved."), extra={"timezones": timezone_names()},
    )  # fmt: skip


@login_required
def rooms(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    form = RoomForm(request.POST or None, instance=Room(conference=conference))
    return _edit_part(
        request, conference, form, title=_("Add a room"), back="desk:desk",
        saved=_("The room %(name)s was added."),
    )  # fmt: skip


@login_required
def room(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    instance = get_object_or_404(Room, pk=pk, conference=conference)
    form = RoomForm(request.POST or None, instance=instance)
    return _edit_part(
        request, conference, form, title=_("Room %(name)s") % {"name": instance.name},
        back="desk:desk", saved=_("The room %(name)s was saved."),
        extra={"remove": "desk:remove-room", "part": instance},
    )  # fmt: skip


@login_required
def tracks(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    form = TrackForm(request.POST or None, conference=conference)
    return _edit_part(
        request, conference, form, title=_("Add a track"), back="desk:desk",
        saved=_("The track %(name)s was added; open its call for proposals below."),
    )  # fmt: skip


@login_required
def track(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    instance = get_object_or_404(Track, pk=pk, conference=conference)
    form = TrackForm(request.POST or None, instance=instance, conference=conference)
    return _edit_part(
        request, conference, form, title=_("Track %(name)s") % {"name": instance.name},
        back="desk:desk", saved=_("The track %(name)s was saved."),
        extra={
            "remove": "desk:remove-track", "part": instance,
            "runners": list(instance.runners.all()), "runner_form": RunnerForm(),
        },
    )  # fmt: skip


@login_required
def mail_templates(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    form = MailTemplateForm(request.POST or None, conference=conference)
    return _edit_part(
        request, conference, form, title=_("Write the wording of a mail"),
        back="desk:desk", saved=_("The wording of %(name)s was saved."),
        extra={"kinds": MailKind.choices},
    )  # fmt: skip


@login_required
def mail_template(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    instance = get_object_or_404(MailTemplate, pk=pk, conference=conference)
    form = MailTemplateForm(
        request.POST or None, instance=instance, conference=conference
    )
    return _edit_part(
        request, conference, form, title=str(instance), back="desk:desk",
        saved=_("The wording of %(name)s was saved."),
        extra={"remove": "desk:remove-template", "part": instance},
    )  # fmt: skip


def _remove(
    request: HttpRequest, conference: Conference, part: models.Model, remove: object
) -> HttpResponse:
    try:
        remove(part, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": str(part)})
    return redirect("desk:desk", conference.slug)


@login_required
@require_POST
def remove_room(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    part = get_object_or_404(Room, pk=pk, conference=conference)
    return _remove(request, conference, part, services.remove_room)


@login_required
@require_POST
def remove_track(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    part = get_object_or_404(Track, pk=pk, conference=conference)
    return _remove(request, conference, part, services.remove_track)


@login_required
@require_POST
def remove_template(
    request: HttpRequest, conference_slug: str, pk: int
) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    part = get_object_or_404(MailTemplate, pk=pk, conference=conference)
    return _remove(request, conference, part, services.remove_mail_template)


@login_required
@require_POST
def add_runner(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    part = get_object_or_404(Track, pk=pk, conference=conference)
    form = RunnerForm(request.POST)
    if form.is_valid():
        try:
            services.add_runner(
                part, form.cleaned_data["email"], form.cleaned_data["name"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(email)s now runs %(track)s.")
                % {"email": form.cleaned_data["email"], "track": part.name},
            )
    else:
        messages.error(request, _("Give the runner's e-mail address."))
    return redirect("desk:track", conference.slug, part.pk)


@login_required
@require_POST
def remove_runner(
    request: HttpRequest, conference_slug: str, pk: int, person: int
) -> HttpResponse:
    conference = load_conference(request, conference_slug, SET_UP)
    part = get_object_or_404(Track, pk=pk, conference=conference)
    runner = get_object_or_404(Person, pk=person, runs_tracks=part)
    services.remove_runner(part, runner, by=request.user)
    messages.success(
        request,
        _("%(name)s no longer runs %(track)s.")
        % {"name": runner.name, "track": part.name},
    )
    return redirect("desk:track", conference.slug, part.pk)
