"""Review pages: the score form, the dashboard, automatic assignment."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from microconf.cfp.pages import load_contribution
from microconf.cfp.queries import team_contributions
from microconf.conference.models import Track
from microconf.conference.pages import conference_context, load_conference
from microconf.refusals import REFUSALS, add_to_form
from microconf.review import services
from microconf.review.models import ConflictOfInterest, Review, ReviewCriterion


class ReviewForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False,
        label=_lazy("Comment"),
        help_text=_lazy("Seen by the programme committee only, never by the authors."),
    )  # fmt: skip

    def __init__(self, *args: object, criteria: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"criterion_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} ({c.min_score}–{c.max_score})",
                choices=[("", "—")]
                + [(v, v) for v in range(c.min_score, c.max_score + 1)],
                coerce=int, required=False,
            )  # fmt: skip
        self.order_fields([*[f"criterion_{c.pk}" for c in criteria], "comment"])

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"criterion_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"criterion_{c.pk}") not in (None, "")
        }


@login_required
def review(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(
        request, conference_slug, pk, "review.review_contribution"
    )
    criteria = list(ReviewCriterion.objects.filter(cfp__track=contribution.track))
    existing = Review.objects.filter(
        contribution=contribution, reviewer=request.user
    ).first()
    initial = {}
    if existing:
        initial = {"comment": existing.comment} | {
            f"criterion_{s.criterion_id}": s.value for s in existing.scores.all()
        }
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    can_see_authors = request.user.has_perm("cfp.view_authors", contribution)
    if request.method == "POST":
        if "conflict" in request.POST:
            services.declare_conflict(
                contribution, request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, _("Your conflict of interest is recorded."))
            return redirect("review:dashboard", conference_slug)
        if form.is_valid():
            try:
                services.save_review(
                    contribution,
                    form.scores(),
                    form.cleaned_data["comment"],
                    by=request.user,
                )
            except REFUSALS as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your review was saved."))
                return redirect("review:dashboard", conference_slug)
    context = {
        **conference_context(contribution.conference),
        "contribution": contribution,
        "form": form,
        "can_see_authors": can_see_authors,
        "is_under_review": contribution.state in services.REVIEWED_STATES,
        "topics": [
            line.strip()
            for line in contribution.possible_topics.splitlines()
            if line.strip()
        ],
        # Proposed runners who have not joined yet, by the address they were asked at.
        "pending_runners": [
            i.email for i in contribution.invitations.all() if i.accepted_at is None
        ]
        if can_see_authors and contribution.kind == contribution.Kind.MC_PROPOSAL
        else [],
        "answers": contribution.answers.all(),
    }
    return render(
        request, "review/review.html", context, status=400 if form.errors else 200
    )


SORT_KEYS = {"title", "track", "count", "mean", "spread", "state"}


@login_required
@require_safe
def dashboard(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = load_conference(request, conference_slug, "cfp.view_submissions")
    user = request.user
    criteria: dict[int, list[ReviewCriterion]] = {}
    for criterion in ReviewCriterion.objects.filter(
        cfp__track__conference=conference
    ).select_related("cfp"):
        criteria.setdefault(criterion.cfp.track_id, []).append(criterion)
    rows = []
    for c in team_contributions(conference, user):
        can_see_scores = user.has_perm("review.view_reviews", c)
        stats = services.summary(c) if can_see_scores else {}
        scale = criteria.get(c.track_id, [])
        rows.append({
            "contribution": c, "title": c.title, "track": c.track.name,
            "state": c.get_state_display(),
            "can_review": user.has_perm("review.review_contribution", c),
            "reviewed": any(r.reviewer_id == user.pk for r in c.reviews.all()),
            "count": stats.get("count"), "mean": stats.get("mean"),
            "spread": stats.get("spread"),
            "criteria": services.criterion_means(c, scale) if can_see_scores else [],
            "total_max": sum(k.max_score for k in scale),
        })  # fmt: skip
    sort = request.GET.get("sort", "mean")
    key = sort.removeprefix("-")
    if key in SORT_KEYS:
        present = [r for r in rows if r[key] is not None]
        missing = [r for r in rows if r[key] is None]
        rows = (
            sorted(present, key=lambda r: r[key], reverse=not sort.startswith("-"))
            + missing
        )
    can_confirm = user.has_perm("review.confirm_conflicts", conference)
    assignable = [
        t for t in Track.objects.filter(conference=conference)
        if user.has_perm("review.assign_reviewers", t) and t.reviewers.exists()
    ]  # fmt: skip
    context = {
        **conference_context(conference), "rows": rows, "sort": sort,
        "assignable": assignable, "can_confirm_conflicts": can_confirm,
        "conflicts_to_confirm": ConflictOfInterest.objects.filter(
            contribution__conference=conference,
            status=ConflictOfInterest.Status.SUGGESTED,
        ).count() if can_confirm else 0,
    }  # fmt: skip
    return render(request, "review/dashboard.html", context)


@login_required
@require_POST
def assign(request: HttpRequest, conference_slug: str, track_slug: str) -> HttpResponse:
    track = get_object_or_404(Track, conference__slug=conference_slug, slug=track_slug)
    try:
        per = min(10, max(1, int(request.POST.get("per_contribution", "3"))))
    except ValueError:
        per = 3
    made = services.assign_balanced(track, per, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s review assignment made in %(track)s.",
            "%(count)s review assignments made in %(track)s.",
            made,
        )
        % {"count": made, "track": track.name},
    )
    return redirect("review:dashboard", conference_slug)


@login_required
def conflicts(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """Conflicts of interest found at assignment, for organisers to confirm."""
    conference = load_conference(request, conference_slug, "review.confirm_conflicts")
    if request.method == "POST":
        pk = request.POST.get("conflict", "")
        found = get_object_or_404(
            ConflictOfInterest.objects.select_related("contribution__conference"),
            pk=int(pk) if pk.isdigit() else 0,
            contribution__conference=conference,
        )
        confirm = request.POST.get("decision") == "confirm"
        services.decide_conflict(found, confirm=confirm, by=request.user)
        messages.success(
            request,
            _("The conflict is confirmed: that reviewer no longer reviews it.")
            if confirm
            else _("The suggestion is dismissed: the reviewer may be assigned."),
        )
        return redirect("review:conflicts", conference_slug)
    context = {
        **conference_context(conference),
        "conflicts": services.conflicts_to_confirm(conference),
    }
    return render(request, "review/conflicts.html", context)
