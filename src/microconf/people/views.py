"""The signed-in person's own pages, and the organisers' team page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from microconf.conference.models import Conference
from microconf.conference.pages import conference_context, load_conference
from microconf.people import services
from microconf.people.forms import MemberForm, ProfileForm
from microconf.people.models import APIToken, TeamMembership
from microconf.people.queries import contributions_of
from microconf.people.services import person_for
from microconf.refusals import add_to_form


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = TeamMembership.objects.filter(user=request.user).select_related(
        "conference", "track"
    )
    runs = person_for(request.user).runs_tracks.select_related("conference")
    team_conferences = {m.conference for m in memberships} | {
        t.conference for t in runs
    }
    context = {
        "person": person_for(request.user),
        "contributions": contributions_of(person_for(request.user)),
        "memberships": memberships,
        "runs": runs,
        "team_conferences": sorted(team_conferences, key=lambda c: c.name),
        "organised": sorted(
            (
                m.conference
                for m in memberships
                if m.role == TeamMembership.Role.ORGANISER
            ),
            key=lambda c: c.name,
        ),
        "may_create_conferences": request.user.has_perm("desk.create_conference"),
        "tokens": request.user.api_tokens.all(),
    }
    return render(request, "people/dashboard.html", context)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    token, secret = services.create_api_token(
        request.user, request.POST.get("name", "")
    )
    messages.success(
        request,
        _(
            "Your new API token, shown this once: %(secret)s — send it as "
            "“Authorization: Bearer <token>”. It works until %(until)s."
        )
        % {"secret": secret, "until": f"{token.expires:%Y-%m-%d}"},
    )
    return redirect("people:dashboard")


@login_required
@require_POST
def delete_token(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(APIToken, pk=pk, user=request.user).delete()
    messages.success(request, _("The token no longer works."))
    return redirect("people:dashboard")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=person_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("people:dashboard")
    return render(
        request,
        "people/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _organised(request: HttpRequest, conference_slug: str) -> Conference:
    return load_conference(request, conference_slug, "conference.manage_team")


@login_required
def team(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = _organised(request, conference_slug)
    tracks = list(conference.tracks.all())
    form = MemberForm(request.POST or None, tracks=tracks)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(
                conference, form.cleaned_data["email"], form.cleaned_data["role"],
                form.tracks.get(form.cleaned_data["track"]), by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(email)s joined the team.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("people:team", conference_slug)
    members = conference.team.select_related("user__person", "track")
    runners = [(t, list(t.runners.all())) for t in conference.tracks.filter(kind="mc")]
    context = {
        **conference_context(conference),
        "form": form,
        "members": members,
        "runners": runners,
    }
    return render(
        request, "people/team.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def remove_member(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = _organised(request, conference_slug)
    membership = get_object_or_404(TeamMembership, pk=pk, conference=conference)
    try:
        services.remove_member(membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(email)s left the team.") % {"email": membership.user.email}
        )
    return redirect("people:team", conference_slug)
