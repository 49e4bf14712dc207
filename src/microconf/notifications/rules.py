"""Named permissions of the outbox."""

import rules

from microconf.people.rules import is_organiser

rules.add_perm("notifications.manage_outbox", is_organiser)
