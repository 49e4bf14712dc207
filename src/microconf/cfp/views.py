"""Pages of the call for proposals: parse, load through a permission, call a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from microconf import links
from microconf.cfp import listing, services
from microconf.cfp.calls import closed_message
from microconf.cfp.forms import (
    CallForm,
    InviteForm,
    ProposalForm,
    StateChangeForm,
    call_formsets,
)
from microconf.cfp.lifecycle import (
    DECISION_STATES,
    State,
    allowed_targets,
    change_state,
)
from microconf.cfp.models import CallForProposals, Invitation
from microconf.cfp.pages import load_contribution
from microconf.cfp.queries import draft_count
from microconf.conference.models import Conference, Track
from microconf.conference.pages import conference_context, load_conference
from microconf.notifications import outbox
from microconf.notifications.models import MailKind, OutboxMail
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
        "status": closed_message(cfp, conference)
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
        "invitations": _invitations(contribution)
        if user.has_perm("cfp.invite_coauthor", contribution)
        else [],
        "mails_waiting": outbox.waiting(contribution)
        if user.has_perm("notifications.manage_outbox", contribution.conference)
        else 0,
        "materials": contribution.materials.all(),
        "can_manage_materials": user.has_perm(
            "materials.manage_materials", contribution
        ),
        "state_form": StateChangeForm(),
        "invite_form": InviteForm(),
    }
    return render(request, "cfp/submission.html", context)


def _invitations(contribution: object) -> list[tuple[object, str]]:
    """Each invitation with where it stands, its mail's state in words."""
    invitations = list(contribution.invitations.all())
    mails = outbox.invitation_mails(invitations)
    found = []
    for invitation in invitations:
        mail = mails.get(invitation.pk)
        state = mail.state if mail else None
        if invitation.accepted_at:
            text = _("joined")
        elif state in {OutboxMail.State.DRAFT, OutboxMail.State.QUEUED,
                       OutboxMail.State.SENDING}:  # fmt: skip
            text = _("invited; the invitation is waiting in the outbox to be sent")
        elif state == OutboxMail.State.FAILED:
            text = _("invited, but the invitation mail could not be sent")
        else:
            text = _("invited; the invitation was sent")
        found.append((invitation, text))
    return found


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
    to, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
    if (
        to in DECISION_STATES
        and not form.cleaned_data["confirmed"]
        and to in allowed_targets(contribution, request.user)
    ):
        return _confirm_decision(request, contribution, to, reason)
    try:
        change_state(contribution, to, by=request.user, reason=reason)
    except ValueError:
        messages.error(request, _("“%(to)s” is not a state.") % {"to": to})
    except REFUSALS as error:
        add_to_messages(request, error)
    else:
        state = contribution.get_state_display().lower()
        said = _("“%(title)s” is now %(state)s.") % {
            "title": contribution.title, "state": state,
        }  # fmt: skip
        if to in DECISION_STATES and outbox.waiting(contribution):
            said += " " + _(
                "The decision mail to its authors is waiting in the outbox "
                "until an organiser sends it."
            )
        messages.success(request, said)
    return redirect("cfp:submission", conference_slug, pk)


def _confirm_decision(
    request: HttpRequest, contribution: object, to: str, reason: str
) -> HttpResponse:
    """Ask once before a decision: what it does, and that it can be undone."""
    context = {
        **conference_context(contribution.conference),
        "contribution": contribution,
        "to": to,
        "reason": reason,
        "opens_microconference": to == State.ACCEPTED
        and contribution.kind == contribution.Kind.MC_PROPOSAL,
        "has_recipients": any(
            a.person.email or a.person.user_id for a in contribution.authorships.all()
        ),
    }
    return render(request, "cfp/confirm_decision.html", context)


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
    """The team's submissions: filtered, searched, sorted and paged, or as CSV."""
    conference = load_conference(request, conference_slug, "cfp.view_submissions")
    user = request.user
    form = listing.SubmissionFilter(request.GET, conference=conference, user=user)
    values = form.values()
    found = listing.submissions(conference, user, values)
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            listing.csv_lines(found, user, links.request_base_url(request)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{conference.slug}-submissions.csv"'
        )
        return response
    page = Paginator(listing.with_rows(found), listing.PER_PAGE).get_page(
        request.GET.get("page")
    )
    sort = values.get("sort", listing.DEFAULT_SORT)
    is_organiser = user.has_perm("conference.manage_team", conference)
    context = {
        **conference_context(conference),
        "form": form,
        "page": page,
        "rows": listing.rows(list(page), user),
        "columns": _columns(request.GET, sort),
        "is_filtered": any(k != "sort" for k in values),
        "page_links": _page_links(request.GET, page),
        "csv_query": _query(request.GET, format="csv", page=None),
        "is_organiser": is_organiser,
        "drafts": draft_count(conference) if is_organiser else 0,
    }
    status = 400 if form.errors else 200
    return render(request, "cfp/manage.html", context, status=status)


def _query(current: QueryDict, **changes: object) -> str:
    """The current query string with some keys changed (None removes one)."""
    query = current.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = str(value)
    return query.urlencode()


def _columns(current: QueryDict, sort: str) -> list[dict]:
    """Each header: its link (the other direction when sorted by it) and aria-sort."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    return [
        {
            "key": column,
            "label": label,
            "query": _query(
                current,
                page=None,
                sort=f"-{column}" if column == key and not descending else column,
            ),
            "aria_sort": ("descending" if descending else "ascending")
            if column == key
            else "",
        }
        for column, (label, _order) in listing.COLUMNS.items()
    ]


def _page_links(current: QueryDict, page: object) -> dict[str, str]:
    links = {}
    if page.has_previous():
        links["first"] = _query(current, page=1)
        links["previous"] = _query(current, page=page.previous_page_number())
    if page.has_next():
        links["next"] = _query(current, page=page.next_page_number())
        links["last"] = _query(current, page=page.paginator.num_pages)
    return links


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
