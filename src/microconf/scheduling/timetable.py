"""Lays a day of the schedule out as a table: rooms as columns, times as rows.

Plain functions over already-loaded contributions: no queries here.
"""

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from microconf.cfp.models import Contribution
from microconf.conference.models import Room, Track


@dataclass
class Block:
    """What one table cell shows: a session, or a microconference's run of topics."""

    room: Room
    items: list[Contribution]
    end: dt.datetime

    @property
    def start(self) -> dt.datetime:
        return self.items[0].start

    @property
    def track(self) -> Track:
        return self.items[0].track

    @property
    def is_mc(self) -> bool:
        return self.track.kind == Track.Kind.MICROCONFERENCE


@dataclass
class Cell:
    block: Block | None  # None: the room is free
    rowspan: int = 1


@dataclass
class Row:
    start: dt.datetime
    end: dt.datetime
    cells: list[Cell] = field(default_factory=list)  # only cells that start here
    is_break: bool = False


@dataclass
class Day:
    date: dt.date
    rooms: list[Room]
    rows: list[Row]
    blocks: list[Block]


def _groups_with(block: Block, item: Contribution) -> bool:
    if item.start < block.end:  # overlapping data: keep the table consistent
        return True
    return (
        block.is_mc
        and item.track_id == block.track.id
        and item.kind == Contribution.Kind.TOPIC
        and item.start == block.end
    )


def blocks_of(contributions: Iterable[Contribution]) -> list[Block]:
    """Each room's sessions in order, consecutive topics of one MC as one block."""
    by_room: dict[int, list[Contribution]] = {}
    for item in sorted(contributions, key=lambda c: (c.start, c.title)):
        by_room.setdefault(item.room_id, []).append(item)
    blocks: list[Block] = []
    for items in by_room.values():
        current: Block | None = None
        for item in items:
            if current is not None and _groups_with(current, item):
                current.items.append(item)
                current.end = max(current.end, item.end)
                continue
            current = Block(room=item.room, items=[item], end=item.end)
            blocks.append(current)
    return blocks


def day_of(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    return moment.astimezone(tz).date()


def lay_out_day(
    date: dt.date, contributions: Sequence[Contribution], rooms: Sequence[Room],
    tz: ZoneInfo, *, every_room: bool = False,
) -> Day:  # fmt: skip
    """The table of one conference day; gaps with every room free become breaks.

    Rooms with nothing that day are left out, unless ``every_room`` (the
    organisers' board, where an empty room is a place to drop a session).
    """
    todays = [c for c in contributions if day_of(c.start, tz) == date]
    blocks = blocks_of(todays)
    used = {b.room.id for b in blocks}
    columns = [room for room in rooms if every_room or room.id in used]
    times = sorted({b.start for b in blocks} | {b.end for b in blocks})
    starting = {(b.room.id, b.start): b for b in blocks}
    rows: list[Row] = []
    covered_until = {room.id: times[0] if times else None for room in columns}
    for start, end in itertools.pairwise(times):
        row = Row(start=start, end=end)
        for room in columns:
            block = starting.get((room.id, start))
            if block is not None:
                span = sum(1 for t in times if start < t <= block.end)
                row.cells.append(Cell(block, rowspan=span))
                covered_until[room.id] = block.end
            elif covered_until[room.id] <= start:
                row.cells.append(Cell(None))
            else:
                row.cells.append(None)  # a block above spans this row
        row.is_break = all(c is not None and c.block is None for c in row.cells)
        rows.append(row)
    return Day(date=date, rooms=columns, rows=rows, blocks=blocks)


def conference_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
