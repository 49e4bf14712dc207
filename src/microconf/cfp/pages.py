"""How pages load a contribution: 404 if it may not be seen, 403 if not acted on."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from microconf.cfp.models import Contribution
from microconf.cfp.queries import contribution_for


def load_contribution(
    request: HttpRequest, conference_slug: str, pk: int, permission: str | None = None
) -> Contribution:
    """The contribution if the user may see it (else 404) and act on it (else 403)."""
    contribution = contribution_for(request.user, conference_slug, pk)
    if contribution is None:
        raise Http404("No such submission.")
    if permission and not request.user.has_perm(permission, contribution):
        raise PermissionDenied
    return contribution
