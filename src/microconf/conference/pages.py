"""What every page of a conference shows in its header."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from microconf.conference.models import Conference
from microconf.conference.timezones import format_date_range


def conference_context(conference: Conference) -> dict:
    return {
        "conference": conference,
        "date_range": format_date_range(conference.start_date, conference.end_date),
    }


def load_conference(request: HttpRequest, slug: str, permission: str) -> Conference:
    """The conference (else 404), if the user holds ``permission`` (else 403)."""
    conference = get_object_or_404(Conference, slug=slug)
    if not request.user.has_perm(permission, conference):
        raise PermissionDenied
    return conference
