"""Who may create conferences (a site permission) and set one up (its organisers)."""

import rules
from django.contrib.auth.models import User

from microconf.people.rules import is_organiser

# Django's own model permission, so ``microconf allow-conference-creation`` and
# the admin can grant it to a person without a role in any conference yet.
SITE_PERMISSION = "conference.add_conference"


@rules.predicate
def may_create_conferences(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm(SITE_PERMISSION)
    )


rules.add_perm("desk.create_conference", may_create_conferences)
rules.add_perm("desk.set_up_conference", is_organiser)
