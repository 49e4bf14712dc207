"""What the API returns: public fields only, unless a route says otherwise."""

import datetime as dt
from typing import Any

from ninja import Schema


class ConferenceOut(Schema):
    slug: str
    name: str
    start_date: dt.date
    end_date: dt.date
    timezone: str
    venue: str
    city: str


class TrackOut(Schema):
    slug: str
    name: str
    kind: str
    description: str


class RoomOut(Schema):
    id: int
    name: str
    capacity: int
    features: list[str]
    livestream_url: str
    is_recorded: bool


class PersonOut(Schema):
    id: int
    name: str
    affiliation: str


class AuthorOut(Schema):
    person: PersonOut
    role: str
    is_speaker: bool


class MaterialOut(Schema):
    kind: str
    title: str
    url: str


class ContributionOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    track: str
    abstract: str
    duration: int
    state: str
    room: str | None
    start: dt.datetime | None
    authors: list[AuthorOut]


class SponsorOut(Schema):
    name: str
    url: str


class SponsorTierOut(Schema):
    name: str
    sponsors: list[SponsorOut]


class SubmissionOut(ContributionOut):
    """A contribution as the team sees it; no authors when review is anonymised."""

    expected_attendance: int | None
    possible_topics: str


class StateChangeIn(Schema):
    to: str
    reason: str = ""


class MessageOut(Schema):
    """A refusal in words: 401 (no or a bad token), 403, 404 (unknown or not yours)."""

    message: str


class InvalidOut(MessageOut):
    """422: a parameter or body the route cannot read; ``errors`` as pydantic's.

    ``message`` names the first one, e.g. "query.limit: Input should be less than
    or equal to 200".
    """

    errors: list[dict[str, Any]]


class RefusalOut(MessageOut):
    """409: the lifecycle refuses the change; ``errors`` are the sentences by field."""

    errors: dict[str, list[str]]
