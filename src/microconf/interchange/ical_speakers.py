"""Speakers of an iCalendar feed, taken only when the organiser asks (--ics-speakers).

Feeds name speakers in several ways, none of them standard: ORGANIZER or
ATTENDEE properties (a CN, else only a mailto address), or the SUMMARY itself,
as "Title - Speaker" (pretalx, microconf, many WordPress plugins) or
"Speaker: Title". A SUMMARY rule is chosen once per file, the one most
summaries fit, so that one talk called "Rust: the good parts" does not
decide for the rest; the report says which rule was used and how often.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

DASH = "dash"
COLON = "colon"
RULES = {
    DASH: "'Title - Speaker' (the last ' - ', ' – ' or ' — ')",
    COLON: "'Speaker: Title' (the first ': ')",
}

# The title runs to the last spaced dash, so "Jean-Pierre" stays one name.
_DASH_RE = re.compile(r"^(?P<title>.+\S)\s+[-–—]\s+(?P<names>\S.*)$")
_NUMBER_RE = re.compile(r"^(?:\d+|[IVX]+)$")
_COLON_RE = re.compile(r"^(?P<names>[^:]{1,80}):\s+(?P<title>\S.*)$")
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|/|\band\b|\bund\b|\bet\b)\s*")
# Words that open a SUMMARY as its kind, never as a speaker ("Keynote: ...").
_KINDS = {
    "keynote", "workshop", "talk", "panel", "bof", "tutorial", "session", "break",
    "lunch", "opening", "closing", "demo", "lightning talk", "lightning talks",
    "introduction", "intro", "update", "q&a", "meetup", "social", "hackathon",
    "vortrag", "atelier", "conférence", "table ronde", "plenary", "poster",
}  # fmt: skip


def looks_like_names(text: str) -> list[str]:
    """The names in ``text`` if it reads as a list of people's names, else []."""
    names = [n.strip() for n in _NAME_SPLIT_RE.split(text.strip()) if n.strip()]
    if not names or len(text) > 120:
        return []
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or len(name) > 50:
            return []
        # "Part 2" or "Episode IV" ends a title; no one is called that.
        if any(_NUMBER_RE.match(w) for w in words) or name.casefold() in _KINDS:
            return []
        if not any(w[0].isupper() for w in words) and len(words) > 1:
            return []
    return names


def split_summary(
    summary: str,
    rule: str,
    known: Iterable[str] = (),
    repeated: frozenset[str] = frozenset(),
) -> tuple[str, list[str]] | None:
    """(title, names) if ``summary`` fits ``rule``, else None.

    With speakers known from elsewhere, the summary is split only where it
    names exactly them, so a "Title - Subtitle" is left alone. A names part
    in ``repeated`` (a series such as "Main Conference: lunch"), or before a
    colon and a title that is only a kind ("talk"), is no speaker.
    """
    match = (_DASH_RE if rule == DASH else _COLON_RE).match(summary.strip())
    if not match:
        return None
    title = match.group("title").strip()
    if _fold(match.group("names")) in repeated or _NUMBER_RE.match(title):
        # "182 - Numérique : ..." numbers a talk (JRES); it names no one.
        return None
    if rule == COLON and title.casefold() in _KINDS:
        # "Main Conference: talk" is a category and a kind, not a person's talk.
        return None
    names = looks_like_names(match.group("names"))
    if not names:
        return None
    wanted = {_fold(n) for n in known}
    if wanted and wanted != {_fold(n) for n in names}:
        return None
    return title, names


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class SummaryRule:
    """The rule chosen for a file, how many summaries fit each, and the series."""

    rule: str | None
    counts: Counter[str]
    repeated: frozenset[str] = frozenset()


def choose_rule(summaries: list[str]) -> SummaryRule:
    """The SUMMARY rule most summaries fit (dash on a tie), with the counts.

    A names part that recurs on more than max(3, a tenth of the summaries)
    is a series or a category, not a speaker, and fits no rule.
    """
    parts: Counter[str] = Counter()
    for summary in summaries:
        for pattern in (_DASH_RE, _COLON_RE):
            if match := pattern.match(summary.strip()):
                parts[_fold(match.group("names"))] += 1
    limit = max(3, len(summaries) // 10)
    repeated = frozenset(part for part, n in parts.items() if n > limit)
    counts: Counter[str] = Counter()
    for summary in summaries:
        for rule in (DASH, COLON):
            if split_summary(summary, rule, repeated=repeated):
                counts[rule] += 1
    if not counts:
        return SummaryRule(None, counts, repeated)
    rule = DASH if counts[DASH] >= counts[COLON] else COLON
    return SummaryRule(rule, counts, repeated)


def address_name(value: Any) -> str:
    """A person's name from an ORGANIZER/ATTENDEE: the CN, else the mailbox's words.

    Only the part before the "@" is used, never the address: "jane.doe@x"
    becomes "Jane Doe".
    """
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN") or "").strip().strip('"')
    if name:
        return name
    address = str(value or "").strip()
    if address.lower().startswith("mailto:"):
        local = address[7:].split("@", 1)[0]
        words = [w for w in re.split(r"[._+-]+", local) if w and not w.isdigit()]
        return " ".join(w.capitalize() for w in words)
    return ""


@dataclass(slots=True)
class SpeakerTally:
    """What --ics-speakers took from where, for the report."""

    rule: str | None = None
    rule_counts: Counter[str] = field(default_factory=Counter)
    repeated: frozenset[str] = frozenset()
    split: int = 0
    kept: int = 0
    from_organizer: int = 0
    from_mailbox: int = 0
    calendar_organizer: str = ""

    def lines(self, total: int) -> list[str]:
        parts = []
        if self.rule:
            other = COLON if self.rule == DASH else DASH
            parts.append(
                f"split {self.split} of {total} SUMMARYs by the rule "
                f"{RULES[self.rule]} into title and speakers ({self.kept} kept as "
                f"written; {self.rule_counts[other]} fit {RULES[other]} instead)"
            )
        else:
            parts.append(f"no SUMMARY of {total} fits 'Title - Speaker' or "
                         "'Speaker: Title'; titles kept as written")  # fmt: skip
        if self.repeated:
            listed = ", ".join(sorted(repr(p) for p in self.repeated)[:5])
            parts.append(
                f"took {listed} for a series, not a speaker: it recurs on many "
                "summaries"
            )
        if self.from_organizer:
            parts.append(
                f"took speakers from ORGANIZER in {self.from_organizer} events"
            )
        if self.from_mailbox:
            parts.append(
                f"named {self.from_mailbox} people without CN from their mailbox "
                "name (never the address)"
            )
        if self.calendar_organizer:
            parts.append(
                f"ignored ORGANIZER {self.calendar_organizer!r}, the same on most "
                "events (the calendar's organiser, not a speaker)"
            )
        return parts


def organizer_of_calendar(vevents: list[Any]) -> str:
    """An ORGANIZER on most events of a file of several: the publisher, not speakers."""
    names = Counter(
        address_name(v.get("ORGANIZER")) for v in vevents if v.get("ORGANIZER")
    )
    if not names or len(vevents) < 4:
        return ""
    name, count = names.most_common(1)[0]
    return name if count > len(vevents) / 2 else ""
