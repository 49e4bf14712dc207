"""What changed between two releases: moved, added and cancelled sessions."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    contribution_id: int
    title: str
    before: dict | None
    after: dict | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "cancelled"
        return "moved"

    @property
    def start_before(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self.before["start"]) if self.before else None

    @property
    def start_after(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self.after["start"]) if self.after else None

    @property
    def end_after(self) -> dt.datetime | None:
        start = self.start_after
        return start + dt.timedelta(minutes=self.after["duration"]) if start else None

    @property
    def end_before(self) -> dt.datetime | None:
        start = self.start_before
        return start + dt.timedelta(minutes=self.before["duration"]) if start else None


def changes(before: dict[str, dict], after: dict[str, dict]) -> list[Change]:
    """Sessions whose room, start or duration differ, in order of their title."""
    found = []
    for key in sorted(set(before) | set(after), key=int):
        old, new = before.get(key), after.get(key)
        if (
            old is not None
            and new is not None
            and all(
                old[field] == new[field] for field in ("room_id", "start", "duration")
            )
        ):
            continue
        title = (new or old)["title"]
        found.append(
            Change(contribution_id=int(key), title=title, before=old, after=new)
        )
    return sorted(found, key=lambda c: (c.kind, c.title))
