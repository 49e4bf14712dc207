"""What changed between two releases: moved, added and cancelled sessions."""

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
