"""The team's list of submissions: filters, text search, sorting, pages and CSV.

Everything happens in the database over ``queries.team_queryset``, so a page costs
the same queries with 5 submissions or 5,000, and the CSV is the same view unpaged.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, Contribution
from microconf.cfp.queries import authors_hidden_from, team_queryset
from microconf.conference.models import Track
from microconf.people.models import TeamMembership
from microconf.people.rules import roles_in

PER_PAGE = 50
DEFAULT_SORT = "track"

# Column key → (header, the ordering it sorts by).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": (_("Title"), ("title_key",)),
    "track": (_("Track"), ("track__position", "track__name")),
    "kind": (_("Kind"), ("kind",)),
    "state": (_("State"), ("state",)),
    "authors": (_("Authors"), ("first_author",)),
    "reviews": (_("Reviews"), ("review_count",)),
    "submitted": (_("Created"), ("created",)),
}


class SubmissionFilter(forms.Form):
    """The query string of the list; a value it does not know is an error in words."""

    q = forms.CharField(
        label=_("Search submissions"), required=False, max_length=200,
        help_text=_("In titles, abstracts and authors' names."),
    )  # fmt: skip
    track = forms.ChoiceField(label=_("Track"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    reviewer = forms.ChoiceField(label=_("Reviewer"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data: QueryDict, *, conference: object, user: User) -> None:
        if not data.get("sort"):  # so the select shows the order the list is in
            data = data.copy()
            data["sort"] = DEFAULT_SORT
        super().__init__(data)
        tracks = Track.objects.filter(conference=conference).order_by(
            "position", "name"
        )
        self.fields["track"].choices = [("", _("all tracks"))] + [
            (t.slug, t.name) for t in tracks
        ]
        self.fields["state"].choices = [("", _("all states"))] + [
            c for c in State.choices if c[0] != State.DRAFT
        ]
        self.fields["kind"].choices = [("", _("all kinds")), *Contribution.Kind.choices]
        self.fields["reviewer"].choices = reviewer_choices(conference, user)
        self.fields["sort"].choices = [
            (f"{sign}{key}", f"{label}{' ↓' if sign else ''}")
            for key, (label, _order) in COLUMNS.items()
            for sign in ("", "-")
        ]

    def values(self) -> dict[str, str]:
        """The valid values; a wrong one is left out (and shown as an error)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


def reviewer_choices(conference: object, user: User) -> list[tuple[str, str]]:
    """Organisers and the committee filter by anyone; a reviewer by themselves."""
    choices = [("", _("anyone")), ("me", _("me"))]
    roles = roles_in(user, conference.pk)
    if user.is_superuser or roles.is_organiser or roles.is_committee_member:
        reviewers = (
            User.objects.filter(
                Q(
                    memberships__conference=conference,
                    memberships__role=TeamMembership.Role.REVIEWER,
                )
                | Q(review_assignments__contribution__conference=conference)
            )
            .exclude(pk=user.pk)
            .select_related("person")
            .distinct()
        )
        named = sorted(
            ((getattr(u, "person", None) and u.person.name) or u.email, u.pk)
            for u in reviewers
        )
        choices += [("none", _("nobody yet"))]
        choices += [(str(pk), name) for name, pk in named]
    return choices


def submissions(
    conference: object, user: User, values: dict[str, str]
) -> QuerySet[Contribution]:
    """The team's submissions narrowed by ``values`` and sorted, with what rows show."""
    found = team_queryset(conference, user)
    hidden = authors_hidden_from(user, conference)
    if values.get("track"):
        found = found.filter(track__slug=values["track"])
    if values.get("state"):
        found = found.filter(state=values["state"])
    if values.get("kind"):
        found = found.filter(kind=values["kind"])
    reviewer = values.get("reviewer")
    if reviewer == "none":
        found = found.exclude(pk__in=_reviewed_by(None)).exclude(
            pk__in=_reviewed_by(None, assigned=True)
        )
    elif reviewer:
        reviewer_id = user.pk if reviewer == "me" else int(reviewer)
        found = found.filter(
            Q(pk__in=_reviewed_by(reviewer_id))
            | Q(pk__in=_reviewed_by(reviewer_id, assigned=True))
        )
    if values.get("q"):
        found = found.filter(_matches(values["q"], hidden))
    names = Lower(
        Subquery(
            Authorship.objects.filter(contribution=OuterRef("pk"))
            .order_by("position", "id")
            .values("person__name")[:1]
        )
    )
    if hidden is not None:
        # Rows whose names are hidden sort as if they had none, after the others.
        names = Case(When(hidden, then=Value(None)), default=names)
    found = found.annotate(
        title_key=Lower("title"),
        first_author=names,
        review_count=Count("reviews", distinct=True),
    )
    return found.order_by(*ordering(values.get("sort", DEFAULT_SORT)), "pk")


def _reviewed_by(reviewer_id: int | None, *, assigned: bool = False) -> QuerySet:
    """Contributions with a review (or an assignment) by this reviewer, or by anyone."""
    relation = "review_assignments" if assigned else "reviews"
    if reviewer_id is None:
        lookup = {f"{relation}__isnull": False}
    else:
        lookup = {f"{relation}__reviewer_id": reviewer_id}
    return Contribution.objects.filter(**lookup).values("pk")


def _matches(text: str, hidden: Q | None) -> Q:
    """Title, abstract or an author's name; names only where they are not hidden."""
    named = Authorship.objects.filter(
        contribution=OuterRef("pk"), person__name__icontains=text
    )
    by_name = Q(Exists(named)) if hidden is None else Q(Exists(named)) & ~hidden
    return Q(title__icontains=text) | Q(abstract__icontains=text) | by_name


def ordering(sort: str) -> list[object]:
    """The ORDER BY of a sort key ("title", "-title"...); unknown keys sort by track."""
    key = sort.removeprefix("-")
    descending = sort.startswith("-")
    fields = COLUMNS.get(key, COLUMNS[DEFAULT_SORT])[1]
    return [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)
        for f in fields
    ]


def with_rows(found: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """What each row needs loaded: its track, call, authors, assignments, conflicts."""
    return found.select_related("track", "track__cfp", "conference").prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("person").order_by(
                "position", "id"
            ),
        ),
        "review_assignments",
        "conflicts",
    )


@dataclass(frozen=True, slots=True)
class Row:
    contribution: Contribution
    authors: list[str] | None  # None: hidden from this user

    @property
    def review_count(self) -> int:
        return self.contribution.review_count


def rows(contributions: list[Contribution], user: User) -> list[Row]:
    return [
        Row(
            contribution=c,
            authors=[a.person.name for a in c.authorships.all()]
            if user.has_perm("cfp.view_authors", c)
            else None,
        )
        for c in contributions
    ]


def _cell(value: object) -> str:
    """A cell a spreadsheet will not run: a leading = + - @ becomes text."""
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def csv_lines(
    found: QuerySet[Contribution], user: User, base_url: str
) -> Iterator[str]:
    """The whole view as CSV lines, a header first; hidden names stay empty."""

    class _Line:
        def write(self, text: str) -> str:
            return text

    writer = csv.writer(_Line())
    header = ["id", "title", "track", "kind", "state", "authors", "reviews"]
    yield writer.writerow([*header, "created", "url"])
    for row in rows(list(with_rows(found)), user):
        c = row.contribution
        yield writer.writerow(
            _cell(v)
            for v in [
                c.pk, c.title, c.track.name, c.get_kind_display(),
                c.get_state_display(), "; ".join(row.authors or []),
                c.review_count, c.created.date().isoformat(),
                f"{base_url}/{c.conference.slug}/submissions/{c.pk}/",
            ]
        )  # fmt: skip
