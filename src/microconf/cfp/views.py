"""Pages of the call for proposals: parse, load through a permission, call a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from microconf.cfp import services
from microconf.cfp.forms import (
    CallForm,
    InviteForm,
    ProposalForm,
    StateChangeForm,
    call_formsets,
)
from microconf.cfp.lifecycle import (
    State,
    allowed_targets,
    change_state,
)
from microconf.cfp.models import CallForProposals, Invitation
from microconf.cfp.pages import load_contribution
from microconf.cfp.queries import draft_count, team_contributions
from microconf.conference.models import Conference, Track
from microconf.conference.pages import conference_context, load_conference
from microconf.notifications.models import MailKind
from microconf.refusals import REFUSALS, add_to_form, add_to_messages


def _track(conference_slug: str, track_slug: str) -> Track:
    return get_object_or_404(
        Track.objects.select_related("conference", "cfp"),
        conference__slug=conference_slug,
        slug=track_slug,
    )


def _call_context(conference: Conference, track: Track) -> dict:
    cfp = getattr(track, "cfp", None)
    now = timezone.now()
    return {
        **conference_context(conference),
        "track": track,
        "cfp": cfp,
        "is_open": cfp is not None and cfp.is_open_at(now),
        "status": services.closed_message(cfp, conference)
        if cfp is None or not cfp.is_open_at(now)
        else "",
    }


@require_safe
def calls(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    now = timezone.now()
    cfps = CallForProposals.objects.filter(track__conference=conference).select_related(
        "track"
    )
    rows = [(cfp, cfp.is_open_at(now)) for cfp in cfps]
    return render(
        request, "cfp/calls.html", {**conference_context(conference), "rows": rows}
    )


@require_safe
def call(request: HttpRequest, conference_slug: str, track_slug: str) -> HttpResponse:
    track = _track(conference_slug, track_slug)
    if not hasattr(track, "cfp"):
        raise Http404("This track has no call for proposals.")
    context = _call_context(track.conference, track)
    context["can_manage"] = request.user.has_perm("cfp.manage_cfp", track)
    return render(request, "cfp/call.html", context)


@login_required
def propose(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    track = _track(conference_slug, track_slug)
    cfp = getattr(track, "cfp", None)
    if cfp is None:
        raise Http404("This track has no call for proposals.")
    form = ProposalForm(request.POST or None, cfp=cfp)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution = services.create_submission(
                    track, form.proposal(), by=request.user,
                    submit="submit" in request.POST,
                )  # fmt: skip
            except REFUSALS as error:
                add_to_form(form, error)
            else:
                done = (
                    _("Your proposal “%(title)s” was submitted.")
                    if contribution.state == "submitted"
                    else _("Your proposal “%(title)s” was saved as a draft.")
                )
                messages.success(request, done % {"title": contribution.title})
                return redirect("cfp:submission", conference_slug, contribution.pk)
        status = 400
    context = {**_call_context(track.conference, track), "form": form}
    return render(request, "cfp/propose.html", context, status=status)


@login_required
@require_safe
def submission(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(request, conference_slug, pk)
    user = request.user
    can_see_authors = user.has_perm("cfp.view_authors", contribution)
    context = {
        **conference_context(contribution.conference),
        "contribution": contribution,
        "can_see_authors": can_see_authors,
        "is_team": user.has_perm("cfp.view_submissions", contribution.conference),
        "authorships": contribution.authorships.all() if can_see_authors else [],
        "answers": contribution.answers.all(),
        "targets": allowed_targets(contribution, user),
        "can_edit": user.has_perm("cfp.edit_contribution", contribution),
        "can_invite": user.has_perm("cfp.invite_coauthor", contribution),
        "can_reopen": user.has_perm("cfp.reopen_contribution", contribution)
        and not contribution.is_reopened,
        "can_review": user.has_perm("review.review_contribution", contribution),
        "audit": contribution.audit_entries.select_related("actor")
        if user.has_perm("cfp.view_audit", contribution)
        else [],
        "invitations": contribution.invitations.all()
        if user.has_perm("cfp.invite_coauthor", contribution)
        else [],
        "materials": contribution.materials.all(),
        "can_manage_materials": user.has_perm(
            "materials.manage_materials", contribution
        ),
        "state_form": StateChangeForm(),
        "invite_form": InviteForm(),
    }
    return render(request, "cfp/submission.html", context)


@login_required
def edit(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(
        request, conference_slug, pk, "cfp.edit_contribution"
    )
    cfp = get_object_or_404(CallForProposals, track=contribution.track)
    initial = {
        "title": contribution.title,
        "abstract": contribution.abstract,
        "submission_type": contribution.submission_type_id,
        "expected_attendance": contribution.expected_attendance,
        "possible_topics": contribution.possible_topics,
        **{f"question_{a.question_id}": a.value for a in contribution.answers.all()},
    }
    form = ProposalForm(request.POST or None, cfp=cfp, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_submission(
                    contribution, form.proposal(), by=request.user
                )
            except REFUSALS as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("cfp:submission", conference_slug, pk)
        status = 400
    context = {
        **_call_context(contribution.conference, contribution.track),
        "form": form,
        "contribution": contribution,
    }
    return render(request, "cfp/propose.html", context, status=status)


@login_required
@require_POST
def change(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(request, conference_slug, pk)
    form = StateChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what should happen to the contribution."))
        return redirect("cfp:submission", conference_slug, pk)
    try:
        change_state(
            contribution, form.cleaned_data["to"], by=request.user,
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
    except ValueError:
        messages.error(
            request, _("“%(to)s” is not a state.") % {"to": form.cleaned_data["to"]}
        )
    except REFUSALS as error:
        add_to_messages(request, error)
    else:
        state = contribution.get_state_display().lower()
        messages.success(
            request,
            _("“%(title)s” is now %(state)s.")
            % {"title": contribution.title, "state": state},
        )
    return redirect("cfp:submission", conference_slug, pk)


@login_required
@require_POST
def invite(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(
        request, conference_slug, pk, "cfp.invite_coauthor"
    )
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid e-mail address to invite."))
    else:
        try:
            services.invite(contribution, form.cleaned_data["email"], by=request.user)
        except REFUSALS as error:
            add_to_messages(request, error)
        else:
            messages.success(
                request,
                _("An invitation to %(email)s is in the outbox.")
                % {"email": form.cleaned_data["email"]},
            )
    return redirect("cfp:submission", conference_slug, pk)


@login_required
@require_POST
def reopen(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(
        request, conference_slug, pk, "cfp.reopen_contribution"
    )
    services.reopen_editing(
        contribution, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The authors can edit it again."))
    return redirect("cfp:submission", conference_slug, pk)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = get_object_or_404(
        Invitation.objects.select_related(
            "contribution__conference", "contribution__track"
        ),
        token=token,
    )
    contribution = found.contribution
    if request.method == "POST":
        try:
            services.accept_invitation(found, by=request.user)
        except REFUSALS as error:
            add_to_messages(request, error)
        else:
            messages.success(
                request,
                _("You have joined “%(title)s”.") % {"title": contribution.title},
            )
            return redirect(
                "cfp:submission", contribution.conference.slug, contribution.pk
            )
    return render(
        request,
        "cfp/invitation.html",
        {**conference_context(contribution.conference), "invitation": found},
    )


@login_required
@require_safe
def manage(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, "cfp.view_submissions")
    contributions = team_contributions(conference, request.user)
    is_organiser = request.user.has_perm("conference.manage_team", conference)
    state = request.GET.get("state", "")
    if state:
        contributions = [c for c in contributions if c.state == state]
    return render(
        request,
        "cfp/manage.html",
        {
            **conference_context(conference),
            "contributions": contributions,
            "state": state,
            "states": [c for c in State.choices if c[0] != State.DRAFT],
            "is_organiser": is_organiser,
            "drafts": draft_count(conference) if is_organiser else 0,
        },
    )


@login_required
def manage_call(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    track = _track(conference_slug, track_slug)
    if not request.user.has_perm("cfp.manage_cfp", track):
        raise PermissionDenied
    cfp = getattr(track, "cfp", None) or CallForProposals(track=track)
    data = request.POST or None
    # Dates are typed and shown in the conference's timezone, whatever the server's.
    with timezone.override(track.conference.tz):
        form = CallForm(data, instance=cfp, timezone_name=track.conference.timezone)
        formsets = call_formsets(data, cfp) if cfp.pk else {}
        is_valid = form.is_valid() and all(f.is_valid() for f in formsets.values())
        if request.method == "POST" and is_valid:
            services.save_call(form, formsets.values(), by=request.user)
            if not formsets:  # a new call: its types, questions and criteria next
                messages.success(
                    request,
                    _("The call is saved. Add its types of contribution, questions "
                      "and review criteria below."),
                )  # fmt: skip
                return redirect("cfp:manage-call", conference_slug, track_slug)
            messages.success(request, _("The call for proposals was saved."))
            return redirect("cfp:call", conference_slug, track_slug)
        context = {
            **conference_context(track.conference),
            "track": track,
            "form": form,
            "formsets": [
                (title, formsets[prefix])
                for prefix, title in [
                    ("types", _("Types of contribution")),
                    ("questions", _("Questions to proposers")),
                    ("criteria", _("Review criteria")),
                ]
                if prefix in formsets
            ],
        }
        failed = request.method == "POST"
        return render(
            request, "cfp/manage_call.html", context, status=400 if failed else 200
        )


@login_required
@require_POST
def remind(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(
        request, conference_slug, "notifications.manage_outbox"
    )
    kind = request.POST.get("kind", "")
    if kind not in {MailKind.CONFIRM_REMINDER, MailKind.DEADLINE_REMINDER}:
        messages.error(request, _("Choose which reminders to write."))
    else:
        mails = services.queue_reminders(conference, kind)
        messages.success(
            request,
            ngettext(
                "%(count)s reminder is a draft in the outbox.",
                "%(count)s reminders are drafts in the outbox.",
                len(mails),
            )
            % {"count": len(mails)},
        )
    return redirect("notifications:outbox", conference_slug)
