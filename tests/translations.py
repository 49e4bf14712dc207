"""Checking a page in German against the catalogue (src/microconf/locale/de)."""

import contextlib
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.utils.translation import trans_real

GERMAN_PO = (
    Path(__file__).resolve().parent.parent
    / "src/microconf/locale/de/LC_MESSAGES/django.po"
)
# Attributes a person reads or hears (screen readers say labels and titles).
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# Names, the same in every language.
NAMES = {"microconf", "iCalendar", "schedule.xml", "schedule.json", "CSV", "PDF"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|<[^>]+>")


def german_catalogue() -> list[Message]:
    """The catalogue's entries, without its header."""
    with GERMAN_PO.open("rb") as source:
        catalog: Catalog = read_po(source, locale="de")
    return [m for m in catalog if m.id]


def language_of_catalogue() -> str:
    with GERMAN_PO.open("rb") as source:
        return str(read_po(source).locale)


def _forms(entry: Message) -> list[tuple[str, str]]:
    """(English, German) of each form: one, or singular and plural."""
    if isinstance(entry.id, tuple):
        strings = entry.string if isinstance(entry.string, tuple) else ("", "")
        return list(zip(entry.id, strings, strict=False))
    return [(entry.id, entry.string or "")]


def key_of(entry: Message) -> str:
    """How gettext names an entry: its context, a separator, then its msgid."""
    msgid = entry.id[0] if isinstance(entry.id, tuple) else entry.id
    if entry.context:
        return f"{entry.context}{trans_real.CONTEXT_SEPARATOR}{msgid}"
    return msgid


def is_translated(entry: Message) -> bool:
    return not entry.fuzzy and all(german for _, german in _forms(entry))


@contextlib.contextmanager
def recorded_lookups() -> Iterator[set[str]]:
    """Every msgid looked up while rendering (templates and Python alike)."""
    seen: set[str] = set()
    cls = trans_real.DjangoTranslation
    plain, plural = cls.gettext, cls.ngettext

    def gettext(self, message):
        seen.add(message)
        return plain(self, message)

    def ngettext(self, singular, plural_form, n):
        seen.add(singular)
        return plural(self, singular, plural_form, n)

    cls.gettext, cls.ngettext = gettext, ngettext
    try:
        yield seen
    finally:
        cls.gettext, cls.ngettext = plain, plural


class _Reader(HTMLParser):
    """The text nodes and read attributes of a page, and its JSON strings block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style"}:
            self._skip += 1
            self._json = attributes.get("id") == "programme-strings"
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._json:
            self.texts.extend(json.loads(data).values())
        elif not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def texts_of(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def english_fragments(catalogue: list[Message]) -> set[str]:
    """The English words of every entry whose German differs, without placeholders."""
    fragments = set()
    for entry in catalogue:
        for english, german in _forms(entry):
            if english == german:
                continue
            for piece in _PLACEHOLDER.split(english):
                piece = " ".join(piece.split()).strip(" ,.:;·()")
                if re.search(r"[A-Za-z]{3}", piece) and piece not in NAMES:
                    fragments.add(piece)
    return fragments


def untranslated(html: str, own_texts: list[str], catalogue: list[Message]) -> list:
    """Text on the page that is still English: a node that is an English string
    (or a piece of one between placeholders), or holds one of three words or more.

    ``own_texts`` are the conference's own words (titles, names), which stay.
    """
    fragments = english_fragments(catalogue)
    long_ones = [f for f in fragments if len(f.split()) >= 3]
    found = []
    own_texts = sorted({t for t in own_texts if t}, key=len, reverse=True)
    for text in texts_of(html):
        if any(text in own for own in own_texts):
            continue  # a title, a name, a line of an abstract
        for own in own_texts:
            text = text.replace(own, " ")
        text = " ".join(text.split()).strip(" ,.:;·()–")
        if not text:
            continue
        if text in fragments or any(f in text for f in long_ones):
            found.append(text)
    return found
