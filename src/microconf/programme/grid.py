"""Places a laid-out day on a CSS grid: rooms as columns, time as rows.

Row heights are fixed, so a row is a fixed span of minutes and the page is
proportional to time; a long break (every room free) is drawn shorter. The page's
Content-Security-Policy refuses style attributes, so positions travel as class
names (``r12 e20 c3``) that ``static/microconf/timetable.css`` defines; that file
is written by ``grid_css()`` and a test keeps the two equal.

Plain functions over a :class:`~microconf.scheduling.timetable.Day`: no queries.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from microconf.cfp.models import Contribution
from microconf.conference.models import Room, Track
from microconf.scheduling.timetable import Block, Day

# Grid lines the stylesheet names; a day needing more is drawn with a coarser unit.
MAX_LINES = 600
MAX_COLUMNS = 40
# A break with every room free longer than this is drawn this long.
BREAK_DRAWN_MINUTES = 30
# Distinct colours a day's tracks get (the legend names each).
PALETTE_SIZE = 12
# The order in which kinds of track take colours.
_KIND_ORDER = [
    Track.Kind.REFEREED,
    Track.Kind.KERNEL_SUMMIT,
    Track.Kind.MICROCONFERENCE,
    Track.Kind.BOF,
    Track.Kind.OTHER,
    Track.Kind.PROPOSALS,
]


@dataclass
class PlacedItem:
    """A session inside its block, in lines relative to the block."""

    contribution: Contribution
    row: int
    end_row: int

    @property
    def minutes(self) -> int:
        return (
            int((self.contribution.end - self.contribution.start).total_seconds()) // 60
        )


@dataclass
class PlacedBlock:
    block: Block
    column: int  # grid column line: 1 is the time column, rooms from 2
    row: int
    end_row: int
    colour: int
    items: list[PlacedItem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.end_row - self.row


@dataclass
class TimeLabel:
    moment: dt.datetime
    row: int
    starts: bool  # a session starts then: a heading in the phone list
    tick: bool  # on the hour or half hour: a label on the desktop grid


@dataclass
class BreakBand:
    start: dt.datetime
    end: dt.datetime
    row: int
    end_row: int


@dataclass
class Entry:
    """One thing on the page, in reading order: a time, a break or a block."""

    kind: str  # "time", "break" or "block"
    item: TimeLabel | BreakBand | PlacedBlock


@dataclass
class LegendTrack:
    track: Track
    colour: int


@dataclass
class Grid:
    date: dt.date
    rooms: list[Room]
    lines: int  # row lines used, header line included
    unit: int  # minutes per row
    entries: list[Entry]
    legend: list[LegendTrack]
    blocks: list[PlacedBlock]


def _minute_unit(times: list[dt.datetime], origin: dt.datetime) -> int:
    """Five minutes when every time falls on one, else one minute."""
    offsets = [int((t - origin).total_seconds() // 60) for t in times]
    return 5 if all(o % 5 == 0 for o in offsets) else 1


@dataclass
class _Segment:
    start: dt.datetime
    end: dt.datetime
    row: int  # the line at its start
    rows: int
    is_break: bool


def _segments(day: Day, unit: int) -> tuple[list[_Segment], list[tuple]]:
    """The day cut into stretches drawn to scale and long breaks drawn shorter.

    Also returns the short breaks (every room free) inside the stretches.
    """
    busy = sorted((b.start, b.end) for b in day.blocks)
    segments: list[_Segment] = []
    row = 2  # line 1 is above the room headers
    cursor = busy[0][0]
    covered = busy[0][1]
    stretch_start = cursor
    drawn_break = max(1, BREAK_DRAWN_MINUTES // unit)
    short_breaks = []
    for start, end in busy[1:]:
        if start > covered and (start - covered).total_seconds() / 60 <= (
            BREAK_DRAWN_MINUTES
        ):
            short_breaks.append((covered, start))
        elif start > covered:
            rows = _rows(stretch_start, covered, unit)
            segments.append(_Segment(stretch_start, covered, row, rows, False))
            row += rows
            segments.append(_Segment(covered, start, row, drawn_break, True))
            row += drawn_break
            stretch_start = start
        covered = max(covered, end)
    rows = _rows(stretch_start, covered, unit)
    segments.append(_Segment(stretch_start, covered, row, rows, False))
    return segments, short_breaks


def _rows(start: dt.datetime, end: dt.datetime, unit: int) -> int:
    return math.ceil((end - start).total_seconds() / 60 / unit)


def _line(segments: list[_Segment], moment: dt.datetime, unit: int) -> int:
    """The grid line where ``moment`` falls."""
    for segment in segments:
        if segment.start <= moment <= segment.end:
            if segment.is_break:
                return (
                    segment.row
                    if moment == segment.start
                    else (segment.row + segment.rows)
                )
            return segment.row + round(
                (moment - segment.start).total_seconds() / 60 / unit
            )
    return segments[-1].row + segments[-1].rows


def _track_order(track: Track) -> tuple:
    kind = _KIND_ORDER.index(track.kind) if track.kind in _KIND_ORDER else 99
    return (kind, track.position, track.name)


def grid_of(day: Day, tz: dt.tzinfo, rooms: list[Room] | None = None) -> Grid:
    """Where every block, time label and break of ``day`` sits on the grid.

    ``rooms`` are the columns (every room of the conference, so a room keeps its
    place from day to day); by default the rooms in use that day.
    """
    rooms = list(day.rooms if rooms is None else rooms)
    if not day.blocks:
        return Grid(day.date, rooms, 1, 5, [], [], [])
    times = [b.start for b in day.blocks] + [b.end for b in day.blocks]
    times += [c.start for b in day.blocks for c in b.items]
    times += [c.end for b in day.blocks for c in b.items]
    origin = min(times).astimezone(tz).replace(minute=0, second=0, microsecond=0)
    unit = _minute_unit(times, origin)
    segments, short_breaks = _segments(day, unit)
    if segments[-1].row + segments[-1].rows > MAX_LINES:
        unit = 5 * math.ceil((segments[-1].row + segments[-1].rows) / MAX_LINES)
        segments, short_breaks = _segments(day, unit)
    column_of = {room.id: n for n, room in enumerate(rooms, start=2)}

    tracks = sorted(
        {b.track.id: b.track for b in day.blocks}.values(), key=_track_order
    )
    colour_of = {t.id: n % PALETTE_SIZE for n, t in enumerate(tracks)}

    entries: list[tuple[tuple, Entry]] = []
    placed: list[PlacedBlock] = []
    for block in day.blocks:
        row = _line(segments, block.start, unit)
        end_row = max(row + 1, _line(segments, block.end, unit))
        placed_block = PlacedBlock(
            block=block,
            column=column_of[block.room.id],
            row=row,
            end_row=end_row,
            colour=colour_of[block.track.id],
        )
        for item in block.items:
            item_row = _line(segments, item.start, unit) - row + 1
            item_end = _line(segments, item.end, unit) - row + 1
            placed_block.items.append(
                PlacedItem(
                    item,
                    item_row,
                    min(max(item_row + 1, item_end), placed_block.rows + 1),
                )
            )
        placed.append(placed_block)
        entries.append(
            ((block.start, 2, placed_block.column), Entry("block", placed_block))
        )

    for start, end in short_breaks:
        band = BreakBand(
            start, end, _line(segments, start, unit), _line(segments, end, unit)
        )
        entries.append(((start, 0, 0), Entry("break", band)))
    starts = {b.start for b in day.blocks}
    for segment in segments:
        if segment.is_break:
            band = BreakBand(
                segment.start, segment.end, segment.row, segment.row + segment.rows
            )
            entries.append(((segment.start, 0, 0), Entry("break", band)))
            continue
        moment = segment.start
        while moment < segment.end:
            local = moment.astimezone(tz)
            tick = local.minute % 30 == 0
            if tick or moment in starts:
                label = TimeLabel(
                    moment, _line(segments, moment, unit), moment in starts, tick
                )
                entries.append(((moment, 1, 0), Entry("time", label)))
            moment += dt.timedelta(minutes=unit)
    for moment in starts:  # starts off the unit's steps (a coarsened day)
        if not any(e.kind == "time" and e.item.moment == moment for _, e in entries):
            label = TimeLabel(moment, _line(segments, moment, unit), True, False)
            entries.append(((moment, 1, 0), Entry("time", label)))
    entries.sort(key=lambda pair: pair[0])
    last = segments[-1]
    return Grid(
        date=day.date,
        rooms=rooms,
        lines=last.row + last.rows,
        unit=unit,
        entries=[e for _, e in entries],
        legend=[LegendTrack(t, colour_of[t.id]) for t in tracks],
        blocks=placed,
    )


def grid_css() -> str:
    """The stylesheet of grid positions (static/microconf/timetable-grid.css)."""
    lines = [
        "/* Written by microconf.programme.grid.grid_css(); do not edit by hand.",
        "   Grid positions as classes: the Content-Security-Policy refuses style",
        "   attributes. */",
        "@media (min-width: 40.01rem) {",
    ]
    lines += [f".tt .c{n}{{grid-column:{n}}}" for n in range(1, MAX_COLUMNS + 2)]
    lines += [f".tt .r{n}{{grid-row-start:{n}}}" for n in range(1, MAX_LINES + 1)]
    lines += [f".tt .e{n}{{grid-row-end:{n}}}" for n in range(2, MAX_LINES + 2)]
    lines += [f'.tt[data-cols="{n}"]{{--cols:{n}}}' for n in range(1, MAX_COLUMNS + 1)]
    lines.append("}")
    return "\n".join(lines) + "\n"
