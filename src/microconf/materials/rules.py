"""Who may add or remove a contribution's materials."""

import rules

from microconf.cfp.rules import is_topic
from microconf.people.rules import is_author, is_organiser, is_runner_of_mc

rules.add_perm(
    "materials.manage_materials",
    is_author | is_organiser | (is_topic & is_runner_of_mc),
)
