"""Conference days of a schedule and which events fall on each."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from microconf.interchange.model import Day, Event, Schedule
from microconf.interchange.timezones import (
    conference_date,
    local_midnight_plus,
    zone,
)


def schedule_days(schedule: Schedule) -> tuple[Day, ...]:
    """Return the schedule's days numbered from 1, deriving them if the model has none.

    Derived days cover every date from `start` to `end` and every conference
    date an event falls on; each runs from `day_change` local time to one
    minute before the next day's `day_change` (as pretalx writes them).
    """
    if schedule.days:
        # Imported days may start counting at 0 or repeat an index; exports
        # need unique positive indexes, in time order.
        ordered = sorted(schedule.days, key=lambda d: (d.start, d.date))
        return tuple(
            replace(day, index=position) for position, day in enumerate(ordered, 1)
        )
    tz = zone(schedule.timezone, where="schedule timezone")
    dates = {schedule.start, schedule.end}
    dates.update(
        conference_date(event.start, tz, schedule.day_change)
        for event in schedule.events
    )
    first, last = min(dates), max(dates)
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        start = local_midnight_plus(day, schedule.day_change, tz)
        next_start = local_midnight_plus(
            day + timedelta(days=1), schedule.day_change, tz
        )
        days.append(
            Day(
                index=offset + 1,
                date=day,
                start=start,
                end=next_start - timedelta(minutes=1),
            )
        )
    return tuple(days)


def events_by_day(schedule: Schedule) -> list[tuple[Day, list[Event]]]:
    """Return each day with its events sorted by start, room and id.

    An event belongs to the day whose start/end holds its start; failing that
    (hand-made days with gaps), to the day with its conference date, or else
    to the nearest day.
    """
    days = schedule_days(schedule)
    tz = zone(schedule.timezone, where="schedule timezone")
    buckets: dict[int, list[Event]] = {day.index: [] for day in days}
    for event in schedule.events:
        buckets[_day_for(event, days, tz, schedule).index].append(event)
    return [
        (day, sorted(buckets[day.index], key=lambda e: (e.start, e.room, e.id)))
        for day in days
    ]


def _day_for(event: Event, days: tuple[Day, ...], tz, schedule: Schedule) -> Day:
    for day in days:
        if day.start <= event.start <= day.end:
            return day
    wanted = conference_date(event.start, tz, schedule.day_change)
    for day in days:
        if day.date == wanted:
            return day
    return min(days, key=lambda d: abs((d.start - event.start).total_seconds()))
