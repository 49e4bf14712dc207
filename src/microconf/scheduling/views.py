"""The public changelog of releases, and the organisers' schedule board."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from microconf.conference.models import Conference
from microconf.conference.pages import conference_context, load_conference
from microconf.interest import imports as interest
from microconf.interest.queries import star_count
from microconf.scheduling import builds, drafts, services, solve_runs
from microconf.scheduling.board import availability_form, board, form_choices
from microconf.scheduling.changelog import changes
from microconf.scheduling.models import BuiltFile, DraftSlot, ProgrammeBuild, SolveRun
from microconf.scheduling.move_checks import Verdict
from microconf.scheduling.problem import ConferenceProblem, build
from microconf.scheduling.solver.model import Placement
from microconf.scheduling.tasks import solve_schedule
from microconf.worker.heartbeat import presence


@require_safe
def changelog(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    releases = list(conference.releases.order_by("number"))
    history = [
        (release, changes(before.slots if before else {}, release.slots))
        for before, release in zip([None, *releases], releases, strict=False)
    ]
    printed = set(
        BuiltFile.objects.filter(
            build__release__conference=conference, name=builds.PROGRAMME
        ).values_list("build__release__number", flat=True)
    )
    context = {
        **conference_context(conference),
        "history": list(reversed(history)),
        "printed": printed,
        "can_release": request.user.has_perm("scheduling.release_schedule", conference),
    }
    return render(request, "scheduling/changelog.html", context)


@login_required
@require_POST
def release(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """Release the draft; a draft that breaks rules first gets a page to confirm."""
    conference = load_conference(
        request, conference_slug, "scheduling.release_schedule"
    )
    note = request.POST.get("note", "")
    try:
        made, changed = services.release_schedule(
            conference,
            by=request.user,
            note=note,
            accept_breaks=request.POST.get("confirm_breaks") == "1",
        )
    except services.RuleBreaksFound as found:
        context = {**conference_context(conference), "breaks": found.breaks}
        context["note"] = note
        return render(request, "scheduling/release_check.html", context, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:board", conference_slug)
    messages.success(
        request,
        ngettext(
            "Release %(number)s is published with %(changes)s change; the authors "
            "of changed sessions have a draft mail in the outbox.",
            "Release %(number)s is published with %(changes)s changes; the authors "
            "of changed sessions have a draft mail in the outbox.",
            len(changed),
        )
        % {"number": made.number, "changes": len(changed)},
    )
    # Back to the board, where the next change is made; the changelog is a link there.
    return redirect("scheduling:board", conference_slug)


# The organisers' schedule board: solve, adjust by hand, release.

EDIT = drafts.EDIT


def _placement_from(problem: ConferenceProblem, data: QueryDict) -> Placement:
    try:
        day, minutes = int(data.get("day", "")), int(data.get("time", ""))
    except ValueError:
        raise ValidationError(_("Choose a day and a time.")) from None
    return drafts.placement(problem, data.get("room", ""), day, minutes)


def _board_strings() -> dict[str, str]:
    """The words board.js writes, translated here (``%(name)s`` filled in there)."""
    return {
        "same": _("No change in attendee conflicts (%(after)s)."),
        "rise": _("Attendee conflicts rise by %(by)s, from %(before)s to %(after)s."),
        "fall": _("Attendee conflicts fall by %(by)s, from %(before)s to %(after)s."),
        "unchecked": _(
            "The warnings could not be loaded; the server checks again on submit."
        ),
        "handle": _("Drag"),
        "picked": _("Moving “%(title)s”: hold it over a room and time."),
        "over": _("“%(title)s” to %(place)s:"),
        "checking": _("“%(title)s” to %(place)s: checking…"),
        "saving": _("Moving “%(title)s” to %(place)s…"),
        "cancelled": _("Not moved: “%(title)s” stays where it was."),
        "best": _("Best so far: %(conflicts)s attendee conflicts, bound %(bound)s"),
        "elapsed": _("%(elapsed)s of %(limit)s seconds"),
        "solving": _("Solving: %(percent)s %% of the time limit used."),
    }


def _board_context(request: HttpRequest, conference: Conference, **extra) -> dict:
    """The board's context; ``posted`` (a refused change's form) keeps its choices.

    Without ``posted`` the forms start from the query string (``unit``, ``with``
    or ``other``, ``room``, ``day``, ``time``), else from the chosen session's place.
    """
    problem = build(conference)
    pinned = set(
        DraftSlot.objects.filter(conference=conference, pinned=True).values_list(
            "contribution_id", flat=True
        )
    )
    # A lost run shows as failed here; only a change marks it so (no writes on GET).
    run = drafts.as_seen(conference.solve_runs.first())
    shown = board(problem, pinned)
    asked = extra.get("posted") or request.GET
    move_choice, swap_choice = form_choices(problem, shown["units"], asked)
    # The availability form shows the chosen session, else the first one.
    chosen = move_choice.unit
    release = conference.releases.order_by("-number").first()
    return {
        **conference_context(conference),
        **shown,
        "has_draft": DraftSlot.objects.filter(conference=conference).exists(),
        "run": run,
        "release": release,
        **_build_context(release),
        "pending": len(services.pending_changes(conference)),
        "stars": star_count(conference),
        "imported": conference.interests.count(),
        "attendees": problem.solver_problem.attendee_count,
        "picked": request.GET.get("unit", ""),
        "move_choice": move_choice,
        "swap_choice": swap_choice,
        "refused_form": "swap" if swap_choice.other else "move",
        "availability_unit": chosen,
        "availability_lines": availability_form(problem, chosen),
        "worker": presence(),
        "board_strings": _board_strings(),
        **extra,
    }


def _build_context(release: object | None) -> dict:
    """The latest release's build as the board shows it, with its stored files."""
    if release is None:
        return {"build": None}
    build = builds.as_seen(ProgrammeBuild.objects.filter(release=release).first())
    files = {f.name: f for f in build.files.all()} if build else {}
    return {
        "build": build,
        "build_pdf": files.get(builds.PROGRAMME),
        "build_site": files.get(builds.SITE),
    }


@login_required
@require_safe
def schedule_board(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)
    return render(request, "scheduling/board.html", _board_context(request, conference))


@login_required
@require_safe
def check_change(request: HttpRequest, conference_slug: str) -> JsonResponse:
    """Live warnings for a move or swap the organiser is about to make."""
    conference = load_conference(request, conference_slug, EDIT)
    problem = build(conference)
    try:
        if request.GET.get("with"):
            verdict = drafts.judge_swap(
                problem, request.GET.get("unit", ""), request.GET["with"]
            )
        else:
            verdict = drafts.judge_move(
                problem,
                request.GET.get("unit", ""),
                _placement_from(problem, request.GET),
            )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(verdict.as_dict())


class _Unconfirmed(Exception):
    """Raised to roll a change back until the organiser confirms it."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict


def _apply(
    request: HttpRequest, conference: Conference, change: Callable[[], Verdict]
) -> HttpResponse:
    """Make a change; on hard warnings, only once the organiser confirms."""
    try:
        with transaction.atomic():
            verdict = change()
            hard = any(w.hard for w in verdict.warnings)
            if hard and not request.POST.get("confirm"):
                raise _Unconfirmed(verdict)  # undoes the change
    except _Unconfirmed as unconfirmed:
        context = _board_context(
            request, conference, refused=unconfirmed.verdict, posted=request.POST
        )
        return render(request, "scheduling/board.html", context, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:board", conference.slug)
    figures = {
        "change": f"{verdict.conflict_change:+d}",
        "now": verdict.conflicts_after,
    }
    messages.success(
        request,
        (
            _("Done: %(change)s attendee conflicts (now %(now)s).")
            if verdict.conflict_change
            else _("Done: no change in attendee conflicts (now %(now)s).")
        )
        % figures,
    )
    for warning in verdict.warnings:
        messages.warning(request, warning.message)
    return redirect("scheduling:board", conference.slug)


@login_required
@require_POST
def move(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)

    def change() -> Verdict:
        problem = build(conference)
        to = _placement_from(problem, request.POST)
        return drafts.move(
            conference, request.POST.get("unit", ""), to, by=request.user
        )

    return _apply(request, conference, change)


@login_required
@require_POST
def swap(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)
    return _apply(
        request,
        conference,
        lambda: drafts.swap(
            conference,
            request.POST.get("unit", ""),
            request.POST.get("with", ""),
            by=request.user,
        ),
    )


@login_required
@require_POST
def pin(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)
    pinned = request.POST.get("pinned") == "1"
    try:
        drafts.set_pinned(
            conference, request.POST.get("unit", ""), pinned, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Pinned: the next solve leaves it where it is.")
            if pinned
            else _("Unpinned: the next solve may move it."),
        )
    return redirect("scheduling:board", conference.slug)


@login_required
@require_POST
def availability(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """Set the days and hours a session may run (one row per conference day)."""
    conference = load_conference(request, conference_slug, EDIT)
    unit_id = request.POST.get("unit", "")
    windows = []
    try:
        for n in range((conference.end_date - conference.start_date).days + 1):
            if request.POST.get(f"day-{n}"):
                start = int(request.POST.get(f"from-{n}", ""))
                end = int(request.POST.get(f"to-{n}", ""))
                windows.append((n, start, end))
        if not windows:
            raise ValidationError(_("Tick at least one day the session may run."))
        drafts.set_availability(conference, unit_id, windows, by=request.user)
    except ValueError:
        messages.error(request, _("Choose a start and an end for each ticked day."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Saved when it may run; the next solve and every move keep to it."),
        )
    return redirect(
        f"{reverse('scheduling:board', args=[conference.slug])}?unit={unit_id}"
    )


@login_required
@require_POST
def discard(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """Throw the draft away, only when the form's ``confirm`` box is ticked."""
    conference = load_conference(request, conference_slug, EDIT)
    if not request.POST.get("confirm"):
        messages.error(
            request,
            _("The draft is kept: tick “Yes, throw the draft away” to discard it."),
        )
        return redirect("scheduling:board", conference.slug)
    try:
        drafts.discard(conference, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The draft is discarded; the board shows the release.")
        )
    return redirect("scheduling:board", conference.slug)


class SolveForm(forms.Form):
    time_limit = forms.IntegerField(
        min_value=5, max_value=3600, initial=60, label=_lazy("Time limit (seconds)")
    )
    afresh = forms.BooleanField(required=False)


@login_required
@require_POST
def start_solve(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)
    form = SolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The time limit must be 5 to 3600 seconds."))
        return redirect("scheduling:board", conference.slug)
    try:
        with transaction.atomic():
            run = solve_runs.open_run(
                conference,
                by=request.user,
                time_limit=form.cleaned_data["time_limit"],
                keep_release=not form.cleaned_data["afresh"],
            )
            # The task is a row of the same database: it commits with the run or
            # not at all.
            solve_schedule.enqueue(run.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:board", conference.slug)
    messages.success(
        request,
        _(
            "The solver is queued; the worker (microconf db_worker) runs it and this "
            "page shows its progress."
        ),
    )
    return redirect("scheduling:board", conference.slug)


@login_required
@require_safe
def run_status(request: HttpRequest, conference_slug: str, run_id: int) -> JsonResponse:
    conference = load_conference(request, conference_slug, EDIT)
    run = drafts.as_seen(get_object_or_404(SolveRun, pk=run_id, conference=conference))
    return JsonResponse(
        {
            "state": run.state,
            "state_label": run.get_state_display(),
            "is_done": run.is_done,
            "progress": run.progress,
            "result": run.result,
        }
    )


class InterestForm(forms.Form):
    # An empty file reaches the import, which says that it is empty.
    file = forms.FileField(
        label=_lazy("CSV file (columns: attendee, session)"), allow_empty_file=True
    )
    replace = forms.BooleanField(
        required=False, label=_lazy("Replace the interest imported before")
    )


@login_required
@require_POST
def import_interest(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, EDIT)
    form = InterestForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file to import."))
        return redirect("scheduling:board", conference.slug)
    upload = form.cleaned_data["file"]
    if upload.size > interest.MAX_BYTES:
        messages.error(
            request, _("The file is larger than 5 MiB; split it into parts.")
        )
        return redirect("scheduling:board", conference.slug)
    try:
        added = interest.import_interest(
            conference,
            upload.read(),
            replace=form.cleaned_data["replace"],
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Imported %(count)s new interest line.",
                "Imported %(count)s new interest lines.",
                added,
            )
            % {"count": added},
        )
    return redirect("scheduling:board", conference.slug)


# The release's built files: state, rebuild, the static export's zip.


@login_required
@require_POST
def rebuild(request: HttpRequest, conference_slug: str, number: int) -> HttpResponse:
    conference = load_conference(request, conference_slug, builds.REBUILD)
    try:
        builds.rebuild(conference, number, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Release %(number)s is queued to be built again; the worker makes its "
                "printable programme and static export."
            )
            % {"number": number},
        )
    return redirect(f"{reverse('scheduling:board', args=[conference.slug])}#build")


def _build_step(progress: dict) -> str:
    """The step in words, as the board's panel writes it (board.js shows it)."""
    if not progress.get("step"):
        return ""
    return _("Building %(step)s (%(done)s of %(total)s files).") % {
        "step": progress["step"],
        "done": progress.get("done", 0),
        "total": progress.get("total", 0),
    }


@login_required
@require_safe
def build_status(
    request: HttpRequest, conference_slug: str, number: int
) -> JsonResponse:
    conference = load_conference(request, conference_slug, EDIT)
    build = builds.as_seen(
        get_object_or_404(
            ProgrammeBuild, release__conference=conference, release__number=number
        )
    )
    return JsonResponse(
        {
            "state": build.state,
            "state_label": build.get_state_display(),
            "is_active": build.is_active,
            "progress": build.progress,
            "step_label": _build_step(build.progress),
            "message": build.message,
            "stale": bool(build.stale),
        }
    )


@login_required
@require_safe
def release_site(
    request: HttpRequest, conference_slug: str, number: int
) -> FileResponse:
    """The static export of one release, as a zip, for organisers to publish."""
    conference = load_conference(request, conference_slug, EDIT)
    built = builds.release_file(conference, number, builds.SITE)
    if built is None:
        raise Http404("That release has no static export yet.")
    return FileResponse(
        built.file.open("rb"),
        as_attachment=True,
        filename=f"{conference.slug}-release-{number}-site.zip",
        content_type="application/zip",
    )
