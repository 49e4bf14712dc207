"""Importing attendee interest from a CSV file (a registration survey, say)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference
from microconf.scheduling.models import Interest

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 10
ATTENDEE_COLUMNS = ("attendee", "email", "e-mail")
SESSION_COLUMNS = ("session", "contribution", "slug")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def parse(conference: Conference, data: bytes) -> set[tuple[str, int]]:
    """(attendee, contribution id) pairs; ValidationError names every bad line."""
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is larger than 5 MB; split it into parts.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 text; save it as CSV (UTF-8)."
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValidationError("The file is empty.")
    header = rows[0]
    who, what = _column(header, ATTENDEE_COLUMNS), _column(header, SESSION_COLUMNS)
    if who is None or what is None:
        raise ValidationError(
            "The first line must name the columns “attendee” and “session” "
            f"(found: {', '.join(header)[:200] or 'nothing'})."
        )
    sessions: dict[str, int] = {}
    for pk, slug in Contribution.objects.filter(
        conference=conference, state__in=PUBLIC_STATES
    ).values_list("pk", "slug"):
        sessions[slug.lower()] = pk
        sessions[str(pk)] = pk
    pairs, errors = set(), []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(who, what):
            errors.append(f"line {line}: it has fewer columns than the first line")
            continue
        attendee, session = row[who].strip(), row[what].strip().lower()
        if not attendee or len(attendee) > 254:
            errors.append(f"line {line}: the attendee is empty or too long")
        elif session not in sessions:
            errors.append(
                f"line {line}: no accepted session here has the address or number "
                f"“{row[what].strip()[:80]}”"
            )
        else:
            pairs.add((attendee, sessions[session]))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ValidationError(
            ["Nothing was imported. Fix these lines and try again:", *errors]
        )
    if not pairs:
        raise ValidationError("The file names no interest: only a header line.")
    return pairs


@transaction.atomic
def import_interest(
    conference: Conference, data: bytes, *, replace: bool, by: object
) -> int:
    """Add (or, with ``replace``, swap in) imported interest; all or nothing."""
    if not by.has_perm("scheduling.edit_draft", conference):
        raise PermissionDenied("Only organisers import attendee interest.")
    pairs = parse(conference, data)
    if replace:
        Interest.objects.filter(conference=conference).delete()
    before = Interest.objects.filter(conference=conference).count()
    Interest.objects.bulk_create(
        (
            Interest(conference=conference, attendee=attendee, contribution_id=pk)
            for attendee, pk in sorted(pairs)
        ),
        ignore_conflicts=True,
    )
    return Interest.objects.filter(conference=conference).count() - before
