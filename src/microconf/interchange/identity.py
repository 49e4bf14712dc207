"""Stable identities for exports: UUIDv5 guids, slugs and acronyms apps accept."""

from __future__ import annotations

import re
import unicodedata
from uuid import NAMESPACE_URL, UUID, uuid5

#: Namespace for guids microconf derives itself (rooms, events of imported
#: files that had none). Fixed forever: changing it changes every guid.
MICROCONF_NAMESPACE = uuid5(NAMESPACE_URL, "https://microconf.dev/ns/interchange")

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
_XSD_SLUG_RE = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$")
_JSON_SLUG_RE = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
_CODE_RE = re.compile(r"^[0-9A-Z]{6}$")
_COLOR_RE = re.compile(r"^#?([0-9a-fA-F]{6})$")
_SHORT_COLOR_RE = re.compile(r"^#?([0-9a-fA-F]{3})$")
# Letters NFKD does not decompose into ASCII.
_TRANSLITERATION = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
    }
)


def stable_guid(namespace: UUID, key: str) -> UUID:
    """Return the UUIDv5 of `key` in `namespace`; the same inputs give the same guid.

    Pass a namespace per conference instance (e.g. `stable_guid(MICROCONF_NAMESPACE,
    "https://lpc.example/2023")`) and a key that never changes for the slot,
    such as "event:<contribution id>:<slot index>".
    """
    return uuid5(namespace, key)


def parse_uuid(value: str) -> UUID | None:
    """Return `value` as a UUID if it is written as one, else None."""
    value = value.strip()
    if not _UUID_RE.match(value):
        return None
    return UUID(value)


def slugify(text: str, *, separator: str = "-") -> str:
    """Return `text` as lowercase ASCII words joined by `separator` (may be "")."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return separator.join(words)


def export_acronym(acronym: str) -> str:
    """Return an acronym both c3voc schemas accept: `[a-z0-9_]`, at least 4 long."""
    value = slugify(acronym, separator="_")
    if not value:
        value = "conf"
    return value.ljust(4, "_")


def is_valid_slug(slug: str) -> bool:
    """Tell whether `slug` satisfies both the c3voc XSD and JSON slug patterns."""
    return bool(_XSD_SLUG_RE.match(slug) and _JSON_SLUG_RE.match(slug))


def event_slug(acronym: str, event_id: int, title: str) -> str:
    """Return the classic `acronym-id-title_words` slug, valid for both schemas."""
    words = slugify(title, separator="_")[:60].strip("_") or "event"
    slug = f"{export_acronym(acronym)}-{event_id}-{words}"
    return slug


def normalise_slug(slug: str) -> str:
    """Return an imported slug in lowercase `[a-z0-9_-]` without edge separators."""
    value = slug.translate(_TRANSLITERATION)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9_-]+", "-", value.lower())
    return re.sub(r"-{2,}", "-", value).strip("-_")


def track_slug(name: str) -> str:
    """Return a track slug for the XSD (`[a-z][a-z0-9-]+`) and JSON schemas."""
    value = slugify(name)
    if not value or not value[0].isalpha():
        value = f"t{value}" if value else "track"
    if len(value) < 2:
        value = f"{value}-track"
    return value


def is_valid_code(code: str) -> bool:
    """Tell whether `code` is a pretalx-style code (6 of `[0-9A-Z]`)."""
    return bool(_CODE_RE.match(code))


def normalise_color(value: str) -> str:
    """Return a colour as lowercase "#rrggbb", or "" if it is not a hex colour."""
    value = value.strip()
    if match := _COLOR_RE.match(value):
        return f"#{match.group(1).lower()}"
    if match := _SHORT_COLOR_RE.match(value):
        return "#" + "".join(c * 2 for c in match.group(1).lower())
    return ""
