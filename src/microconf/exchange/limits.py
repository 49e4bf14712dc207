"""How much one imported file may hold: people, events, rooms and days.

The byte limit alone lets a small file cost minutes (one event naming 200,000
people is 8 MB). These limits are checked after reading and before anything is
written, by ``import_conference``, which every way in goes through (the
``import`` command, the staff import page and its worker task).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from microconf.interchange import ImportedConference
from microconf.interchange import people as ix_people


@dataclass(frozen=True, slots=True)
class Limit:
    setting: str  # the setting (and environment variable) that raises it
    what: str  # the plural noun, as counted


LIMITS = {
    "events": Limit("IMPORT_MAX_EVENTS", "events"),
    "people": Limit("IMPORT_MAX_PEOPLE", "people"),
    "rooms": Limit("IMPORT_MAX_ROOMS", "rooms"),
    "days": Limit("IMPORT_MAX_DAYS", "days"),
}


class ImportTooLarge(Exception):
    """The file holds more of something than an import may."""

    def __init__(self, what: str, found: int, limit: int, setting: str) -> None:
        self.what, self.found, self.limit, self.setting = what, found, limit, setting
        super().__init__(
            gettext(
                "The file holds %(found)s %(what)s; an import may hold at most "
                "%(limit)s %(what)s. To import it, raise the setting %(setting)s "
                "(the environment variable of the same name)."
            )
            % {
                "found": f"{found:,}",
                "limit": f"{limit:,}",
                "what": _noun(what),
                "setting": setting,
            }
        )


def _noun(what: str) -> str:
    nouns = {
        "events": gettext("events"),
        "people": gettext("people"),
        "rooms": gettext("rooms"),
        "days": gettext("days"),
    }
    return nouns[what]


def _refuse_over(what: str, found: int) -> None:
    limit = LIMITS[what]
    allowed = int(getattr(settings, limit.setting))
    if found > allowed:
        raise ImportTooLarge(what, found, allowed, limit.setting)


def check_limits(imported: ImportedConference) -> None:
    """Raise ``ImportTooLarge`` when the file holds more than the settings allow.

    The cheap counts come first; people are matched (the same speaker on ten
    talks is one person) only when the appearances alone exceed the limit.
    """
    schedule, held = imported.schedule, imported.report.file_counts
    _refuse_over("events", max(held.get("events", 0), len(schedule.events)))
    _refuse_over("rooms", max(held.get("rooms", 0), len(schedule.rooms)))
    _refuse_over("days", max(held.get("days", 0), len(schedule.days)))
    appearances = sum(len(event.persons) for event in schedule.events)
    if appearances > settings.IMPORT_MAX_PEOPLE:
        keys, _ = ix_people.person_keys(schedule.events)
        _refuse_over("people", len({key for row in keys for key in row}))
