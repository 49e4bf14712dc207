"""Parsing of untrusted bytes: size, nesting and entity limits before any import.

Every importer goes through here, so a hostile upload is refused with a
message before it can cost memory or reach the network or the file system.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from microconf.interchange.model import InterchangeError

#: Largest file an importer accepts (the largest real schedule seen is ~2 MB).
MAX_IMPORT_BYTES = 50 * 1024 * 1024

#: Deepest JSON nesting accepted; real schedule files stay below 12.
MAX_JSON_DEPTH = 64

#: Deepest XML nesting accepted: libxml2's own limit without XML_PARSE_HUGE,
#: which lxml applies while parsing (frab XML is 6 levels deep).
MAX_XML_DEPTH = 256

_JSON_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET_RE = re.compile(r"[\[\]{}]")


def check_size(data: bytes | str) -> None:
    """Refuse input larger than MAX_IMPORT_BYTES."""
    size = len(data)
    if size > MAX_IMPORT_BYTES:
        raise InterchangeError(
            f"file is {size / 1024 / 1024:.1f} MiB; imports are limited to "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MiB"
        )


_XML_DECLARED_RE = re.compile(
    rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_ICS_DECLARED_RE = re.compile(rb"CHARSET=\"?([A-Za-z0-9._-]+)", re.IGNORECASE)


def detect_charset(data: bytes) -> str:
    """The charset of a file's bytes: UTF-8, else the declared one, else Windows-1252.

    Only an XML declaration (``<?xml encoding=...?>``) or an iCalendar
    ``CHARSET=`` parameter counts as declared; a declared charset the bytes do
    not fit is passed over.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if bom := unicode_bom(data):
        return bom
    declared = _XML_DECLARED_RE.match(data[:512]) or _ICS_DECLARED_RE.search(
        data[:65536]
    )
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return name
    return "windows-1252"


def decode_text(data: bytes | str, *, what: str) -> tuple[str, str]:
    """Return the text of ``data`` and the charset it was read in (see detect_charset).

    Windows-1252 leaves five bytes undefined; those are read as Latin-1, so
    every byte string has a text.
    """
    if isinstance(data, str):
        return data, "utf-8"
    charset = detect_charset(data)
    if charset == "utf-8":
        return data.decode("utf-8-sig"), charset
    if charset == "windows-1252":
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            text = "".join(
                data[i : i + 1].decode("cp1252", errors="strict")
                if data[i] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                else chr(data[i])
                for i in range(len(data))
            )
        return text, charset
    try:
        return data.decode(charset), charset
    except UnicodeDecodeError:
        # A byte-order mark the rest of the file belies.
        return data.decode("cp1252", errors="replace"), "windows-1252"


def unicode_bom(data: bytes) -> str:
    """The UTF-16 or UTF-32 charset a byte-order mark opening ``data`` names, or ""."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), "")


def charset_note(charset: str, what: str) -> str:
    """The report line for a file that was not UTF-8."""
    how = "no declared charset fit"
    if charset in ("utf-16", "utf-32"):
        how = "its byte-order mark says so"
    elif charset != "windows-1252":
        how = "it declares"
    return f"{what} is not UTF-8; read it as {charset} ({how})"


def parse_json(
    data: bytes | str, *, what: str = "JSON", notes: list[str] | None = None
) -> Any:
    """Return parsed JSON after checking size and nesting depth.

    JSON should be UTF-8 (RFC 8259), but files saved by hand are not always:
    bytes that are not UTF-8 are read as Windows-1252, said in ``notes``.
    """
    check_size(data)
    text, charset = decode_text(data, what=what)
    if charset != "utf-8" and notes is not None:
        notes.append(charset_note(charset, what))
    _check_json_depth(text, what=what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(
            f"{what} is not valid JSON: {error.msg} at line {error.lineno} "
            f"column {error.colno}"
        ) from None
    except RecursionError:
        raise InterchangeError(f"{what} is nested too deeply") from None
    except ValueError as error:
        # e.g. an integer of thousands of digits (CPython's int size limit).
        raise InterchangeError(
            f"{what} holds a value that cannot be read: {error}"
        ) from None


def check_json_value_depth(value: Any, *, what: str = "JSON") -> None:
    """Refuse already-parsed JSON data (dicts handed in) nested too deeply."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InterchangeError(
                f"{what} is nested deeper than {MAX_JSON_DEPTH} levels"
            )
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _check_json_depth(text: str, *, what: str) -> None:
    # Counting brackets outside strings is linear and cannot recurse, unlike
    # the json module, whose RecursionError would come far later and deeper.
    without_strings = _JSON_STRING_RE.sub('""', text)
    depth = 0
    for match in _JSON_BRACKET_RE.finditer(without_strings):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise InterchangeError(
                    f"{what} is nested deeper than {MAX_JSON_DEPTH} levels"
                )
        else:
            depth -= 1


def parse_xml(
    data: bytes | str, *, what: str = "XML", notes: list[str] | None = None
) -> etree._Element:
    """Return the root element of untrusted XML.

    Refuses DOCTYPEs that declare entities or point at an external DTD
    (billion laughs, XXE), never touches the network, and limits depth. A
    file that is not UTF-8 is read in its detected charset, said in ``notes``.
    """
    check_size(data)
    if isinstance(data, str):
        data = data.encode("utf-8")
    text, charset = decode_text(data, what=what)
    if charset != "utf-8":
        if notes is not None:
            notes.append(charset_note(charset, what))
        # Handed to lxml as UTF-8 without the declaration that named another.
        data = _XML_DECLARATION_RE.sub("", text, count=1).encode("utf-8")
    doctype_at = data.find(b"<!DOCTYPE")
    if doctype_at != -1 and b"<!ENTITY" in data[doctype_at:]:
        raise InterchangeError(
            f"{what} declares entities in its DOCTYPE; entity declarations are "
            "refused (they allow entity expansion and external entities)"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        message = str(error)
        if "depth" in message.lower():
            raise InterchangeError(
                f"{what} is nested deeper than {MAX_XML_DEPTH} levels ({message})"
            ) from None
        if "entity" in message.lower() or "entities" in message.lower():
            raise InterchangeError(
                f"{what} uses entities, which are refused ({message})"
            ) from None
        raise InterchangeError(f"{what} is not well-formed: {message}") from None
    if root is None:
        raise InterchangeError(f"{what} is empty")
    _check_doctype(root, what=what)
    return root


def _check_doctype(root: etree._Element, *, what: str) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.system_url or docinfo.public_id:
        reference = docinfo.system_url or docinfo.public_id
        raise InterchangeError(
            f"{what} refers to an external DTD ({reference!r}); DTDs are refused"
        )
    dtd = docinfo.internalDTD
    if dtd is not None:
        names = [entity.name for entity in dtd.iterentities()]
        if names:
            raise InterchangeError(
                f"{what} declares entities in its DOCTYPE ({', '.join(names[:5])}); "
                "entity declarations are refused"
            )
    for element in root.iter(etree.Entity):
        raise InterchangeError(
            f"{what} uses the undeclared entity &{element.name};, which is refused"
        )
