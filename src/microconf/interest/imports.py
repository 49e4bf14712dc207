"""Importing attendee interest from a CSV file (a registration survey, say).

A file is all or nothing: one bad line and nothing is imported. The refusal names
the bad lines in words (the first ten, then how many more), so a person can fix
the file without reading Python's CSV errors.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from microconf.cfp.lifecycle import PUBLIC_STATES, State
from microconf.cfp.models import Contribution
from microconf.cfp.queries import visible_contributions
from microconf.conference.models import Conference, Track
from microconf.interest.models import Interest

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 10
MAX_SHOWN = 80  # characters of an offending value shown in an error
ATTENDEE_COLUMNS = ("attendee", "email", "e-mail")
SESSION_COLUMNS = ("session", "contribution", "slug")
# A spreadsheet saved as CSV separates with commas, or with semicolons where the
# comma is the decimal mark; "text" exports use tabs.
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# The words above, for makemessages (which reads only literal strings).
_SEPARATOR_WORDS = (
    gettext_noop("commas"),
    gettext_noop("semicolons"),
    gettext_noop("tabs"),
)
# The pages a session's address can be taken from: /<conf>/<kind>/<address>/.
PAGE_KINDS = ("contributions", "submissions", "tracks")


class _Refused(Exception):
    """One line's problem, in words."""


@dataclass
class _Sessions:
    """What a value in the session column may name, in one conference."""

    conference_slug: str
    accepted: dict[str, int] = field(default_factory=dict)  # address or number → id
    not_accepted: dict[str, str] = field(default_factory=dict)  # → state, in words
    # A microconference's track → the contribution its interest is recorded on.
    mcs: dict[str, int | None] = field(default_factory=dict)
    other_tracks: set[str] = field(default_factory=set)

    def find(self, value: str) -> int:
        """The accepted contribution a value names; _Refused says why there is none."""
        key, page = value.lower(), None
        if "/" in key:
            conference, page, key = _page_of(value)
            if conference and conference != self.conference_slug.lower():
                raise _Refused(
                    _(
                        "“%(value)s” is a page of another conference (%(other)s), "
                        "not of this one (%(this)s)"
                    )
                    % {
                        "value": _shown(value),
                        "other": _shown(conference),
                        "this": self.conference_slug,
                    }
                )
        if page != "tracks" and key in self.accepted:
            return self.accepted[key]
        if page in {"tracks", None} and key in self.mcs:
            found = self.mcs[key]
            if found is None:
                raise _Refused(
                    _("the microconference “%(value)s” has no accepted topic yet")
                    % {"value": _shown(value)}
                )
            return found
        if page in {"tracks", None} and key in self.other_tracks:
            raise _Refused(
                _("“%(value)s” is a track, not a session; name its sessions")
                % {"value": _shown(value)}
            )
        if page != "tracks" and key in self.not_accepted:
            raise _Refused(
                _("“%(value)s” is %(state)s; only accepted sessions can take interest")
                % {"value": _shown(value), "state": self.not_accepted[key]}
            )
        raise _Refused(
            _("no accepted session here has the address or number “%(value)s”")
            % {"value": _shown(value)}
        )


def _page_of(value: str) -> tuple[str, str, str]:
    """(conference, page kind, address) of a link or path to a session's page."""
    segments = [unquote(s) for s in urlsplit(value).path.lower().split("/") if s]
    for n, segment in enumerate(segments[:-1]):
        if segment in PAGE_KINDS:
            return (segments[n - 1] if n else ""), segment, segments[n + 1]
    raise _Refused(
        _(
            "“%(value)s” is not the link of a session's page (it should look "
            "like …/contributions/<address>/)"
        )
        % {"value": _shown(value)}
    )


def _sessions(conference: Conference) -> _Sessions:
    """Every address and number a line may name, in two queries."""
    sessions = _Sessions(conference_slug=conference.slug)
    labels = dict(State.choices)
    mc_tracks: dict[int, str] = {}
    for pk, slug, kind in Track.objects.filter(conference=conference).values_list(
        "pk", "slug", "kind"
    ):
        if kind == Track.Kind.MICROCONFERENCE:
            mc_tracks[pk] = slug.lower()
            sessions.mcs[slug.lower()] = None
        else:
            sessions.other_tracks.add(slug.lower())
    # Others' drafts are unknown here too: a line naming one reads as a wrong link.
    rows = visible_contributions(None).filter(conference=conference).order_by("pk")
    for pk, slug, state, kind, track_id, mc_id in rows.values_list(
        "pk", "slug", "state", "kind", "track_id", "microconference_id"
    ):
        if state not in PUBLIC_STATES:
            label = labels.get(state, state).lower()
            sessions.not_accepted[slug.lower()] = label
            sessions.not_accepted[str(pk)] = label
            continue
        sessions.accepted[slug.lower()] = pk
        sessions.accepted[str(pk)] = pk
        # Interest in a microconference as a whole is recorded on its accepted
        # proposal (its public page), else on its first accepted topic; the
        # scheduling problem counts both towards the microconference's block.
        if kind == Contribution.Kind.MC_PROPOSAL and mc_id in mc_tracks:
            sessions.mcs[mc_tracks[mc_id]] = pk
        elif track_id in mc_tracks and sessions.mcs[mc_tracks[track_id]] is None:
            sessions.mcs[mc_tracks[track_id]] = pk
    return sessions


def _shown(value: str) -> str:
    """A value as an error shows it: invisible characters named, long ones cut."""
    visible = "".join(ch if ch.isprintable() else f"[U+{ord(ch):04X}]" for ch in value)
    if len(visible) <= MAX_SHOWN:
        return visible
    head = MAX_SHOWN // 2 - 1
    tail = MAX_SHOWN - head - 1
    return f"{visible[:head]}…{visible[-tail:]}"


def _text(data: bytes) -> str:
    """The file as text, or a ValidationError saying what it is instead."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 5 MiB; split it into parts."), code="too_large"
        )
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _(
                "The file is a spreadsheet (.xlsx or .ods), not CSV text. Save it as "
                "“CSV UTF-8” and import that."
            ),
            code="spreadsheet",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            _(
                "The file is UTF-16 text, not UTF-8. Save it as “CSV UTF-8” and "
                "import that."
            ),
            code="utf16",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "The file is not UTF-8 text: line %(line)s has a byte UTF-8 does not "
                "allow (the file may be Latin-1 or Windows-1252). Save it as “CSV "
                "UTF-8” and import that."
            )
            % {"line": line},
            code="encoding",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValidationError(
            _(
                "Line %(line)s contains a NUL byte: the file holds binary data (or "
                "UTF-16 text), not CSV text. Save it as “CSV UTF-8” and import that."
            )
            % {"line": line},
            code="binary",
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    return text


def _columns(first_line: str) -> tuple[str, int, int]:
    """The separator and the attendee and session columns the first line names."""
    for separator in SEPARATORS:
        header = next(csv.reader([first_line], delimiter=separator), [])
        lowered = [name.strip().lower() for name in header]
        who = next((lowered.index(n) for n in ATTENDEE_COLUMNS if n in lowered), None)
        what = next((lowered.index(n) for n in SESSION_COLUMNS if n in lowered), None)
        if who is not None and what is not None:
            return separator, who, what
    found = first_line.strip()
    hint = next(
        (
            " "
            + _(
                "It looks separated by %(words)s: commas, semicolons and tabs all "
                "work, but the columns must have these names."
            )
            % {"words": _(words)}
            for separator, words in SEPARATORS.items()
            if separator != "," and separator in found and "," not in found
        ),
        "",
    )
    raise ValidationError(
        _(
            "The first line must name the columns “attendee” and “session” "
            "(found: %(found)s)."
        )
        % {"found": f"“{_shown(found)}”" if found else _("an empty line")}
        + hint,
        code="columns",
    )


def _unreadable(lines: list[str], line: int) -> str:
    """Why Python's CSV reader gave up on the row that starts at ``line``."""
    if '"' in lines[line - 1]:
        return _(
            'line %(line)s: a quote (") opens a value that never closes, so the '
            "lines after it run together into one value longer than 128 KB. "
            "Remove the stray quote or close it."
        ) % {"line": line}
    return _(
        "line %(line)s: a value is longer than 128 KB; no attendee or session is "
        "that long. Lines after it were not checked."
    ) % {"line": line}


def parse(conference: Conference, data: bytes) -> set[tuple[str, int]]:
    """(attendee, contribution id) pairs; ValidationError names the bad lines."""
    text = _text(data)
    # Lines as a person's editor counts them (\n, \r\n or \r); the CSV reader
    # counts the same ones, so its line numbers are the file's.
    lines = io.StringIO(text, newline="").readlines()
    separator, who, what = _columns(lines[0])
    sessions = _sessions(conference)
    pairs, problems = set(), []
    reader = csv.reader(lines[1:], delimiter=separator)
    while True:
        line = reader.line_num + 2  # the file's line this row starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A field over the CSV module's limit; the reader cannot go on.
            problems.append(_unreadable(lines, line))
            break
        last = reader.line_num + 1
        if last > line:
            problems.append(
                _(
                    'line %(line)s: a quote (") opens a value that is not closed on '
                    "that line, so lines %(line)s to %(last)s run together. Remove "
                    "the stray quote or close it."
                )
                % {"line": line, "last": last}
            )
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(who, what):
            problems.append(
                _("line %(line)s: it has fewer columns than the first line")
                % {"line": line}
            )
            continue
        attendee, session = row[who].strip(), row[what].strip()
        if not attendee:
            problems.append(_("line %(line)s: the attendee is empty") % {"line": line})
        elif len(attendee) > 254:
            problems.append(
                _(
                    "line %(line)s: the attendee “%(attendee)s” is longer than "
                    "254 characters"
                )
                % {"line": line, "attendee": _shown(attendee)}
            )
        else:
            try:
                pairs.add((attendee, sessions.find(session)))
            except _Refused as refused:
                problems.append(
                    _("line %(line)s: %(problem)s") % {"line": line, "problem": refused}
                )
    if problems:
        more = len(problems) - MAX_ERRORS
        raise ValidationError(
            [
                _("Nothing was imported. Fix these lines and try again:"),
                *problems[:MAX_ERRORS],
                *(
                    [_("… and %(more)s more lines with problems.") % {"more": more}]
                    if more > 0
                    else []
                ),
            ],
            code="lines",
        )
    if not pairs:
        raise ValidationError(
            _("The file names no interest: only a header line."), code="no_lines"
        )
    return pairs


@transaction.atomic
def import_interest(
    conference: Conference, data: bytes, *, replace: bool, by: object
) -> int:
    """Add (or, with ``replace``, swap in) imported interest; all or nothing."""
    if not by.has_perm("scheduling.edit_draft", conference):
        raise PermissionDenied(_("Only organisers import attendee interest."))
    pairs = parse(conference, data)
    if replace:
        Interest.objects.filter(conference=conference).delete()
    before = Interest.objects.filter(conference=conference).count()
    Interest.objects.bulk_create(
        (
            Interest(conference=conference, attendee=attendee, contribution_id=pk)
            for attendee, pk in sorted(pairs)
        ),
        ignore_conflicts=True,
    )
    return Interest.objects.filter(conference=conference).count() - before
