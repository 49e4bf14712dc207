"""The public changelog of releases, and the organisers' release button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from microconf.conference.models import Conference
from microconf.conference.pages import conference_context, load_conference
from microconf.scheduling import services
from microconf.scheduling.changelog import changes


@require_safe
def changelog(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    releases = list(conference.releases.order_by("number"))
    history = [
        (release, changes(before.slots if before else {}, release.slots))
        for before, release in zip([None, *releases], releases, strict=False)
    ]
    context = {
        **conference_context(conference),
        "history": list(reversed(history)),
        "can_release": request.user.has_perm("scheduling.release_schedule", conference),
    }
    return render(request, "scheduling/changelog.html", context)


@login_required
@require_POST
def release(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(
        request, conference_slug, "scheduling.release_schedule"
    )
    made, changed = services.release_schedule(
        conference, by=request.user, note=request.POST.get("note", "")
    )
    messages.success(
        request,
        f"Release {made.number} is published with {len(changed)} change(s); the "
        "authors of changed sessions have a draft mail in the outbox.",
    )
    return redirect("scheduling:changelog", conference_slug)
