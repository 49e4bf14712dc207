"""Named permissions of scheduling: the draft and its releases are organisers'."""

import rules

from microconf.people.rules import is_organiser

rules.add_perm("scheduling.release_schedule", is_organiser)
rules.add_perm("scheduling.edit_draft", is_organiser)
