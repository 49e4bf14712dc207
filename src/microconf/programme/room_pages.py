"""A day of many rooms in pages of a few rooms each, so a phone gets a bounded page.

The conference's rooms, in their order, are cut into pages of ``ROOMS_PER_PAGE``
(the same pages every day, so a room keeps its page). A conference with no more
rooms than that has one page: its day address shows every room, as it always did.
The first page is the day's own address; page ``n`` is the address of its first
room (``timetable/<day>/rooms/<room id>/``), and any room's address shows the page
that holds it, so a room's link keeps showing that room whatever rooms are added.
``timetable/<day>/all-rooms/`` is every room on one page (the wide desktop grid).
No queries: everything here works on the rooms the view has loaded.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from microconf.conference.models import Room

# Ten columns fill a 1920 px screen; a phone lists ten rooms' sessions in time order.
ROOMS_PER_PAGE = 10


@dataclass(frozen=True)
class RoomPage:
    number: int  # from 1
    first: int  # the position of its first room among all rooms, from 1
    rooms: list[Room]

    @property
    def last(self) -> int:
        return self.first + len(self.rooms) - 1

    @property
    def room_id(self) -> int | None:
        """The room whose address is this page's; None for the first page."""
        return None if self.number == 1 else self.rooms[0].id


def room_pages(rooms: Sequence[Room]) -> list[RoomPage]:
    """``rooms`` (in the conference's order) as pages; one page when few."""
    rooms = list(rooms)
    return [
        RoomPage(number=n, first=start + 1, rooms=rooms[start : start + ROOMS_PER_PAGE])
        for n, start in enumerate(range(0, max(len(rooms), 1), ROOMS_PER_PAGE), 1)
    ]


def page_holding(pages: list[RoomPage], room_id: int) -> RoomPage | None:
    for page in pages:
        if any(room.id == room_id for room in page.rooms):
            return page
    return None
