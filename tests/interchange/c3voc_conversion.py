"""c3voc's schedule.json → schedule.xml conversion, rule for rule, for the tests.

c3voc publishes one converter (``Schedule.xml()`` in voc/schedule's
``voc/schedule.py``, read at commit 4b27c24): a walk over the JSON that turns
keys into elements or attributes by a few naming rules. What survives that walk
valid against c3voc's XSD is what c3voc's own tooling (and everything fed by
it) gets from microconf's ``schedule.json``. This module states those rules
and applies them; it is written from reading the converter, not copied.

The rules, for each key of a JSON object, in the object's order:

1. The schedule's ``base_url`` is moved to the end of its ``conference``.
2. Inside a day, a ``day_`` prefix is dropped (``day_start`` → ``start``).
3. Attributes: ``id`` and ``guid`` anywhere, every string or number of a day,
   every key of ``generator``, ``track`` and ``color``. In a link or an
   attachment ``url`` is ``href``; its ``title`` is the element's text.
4. A string that comes when every other key before it became an attribute,
   and it is the last one left, is the element's text.
5. Everything else is an element named by its key, with these exceptions:
   the conference's ``rooms`` are dropped; ``days`` go to the document's root;
   a key ending in "s" names its items by the singular (inside an event it is
   also a wrapping element: ``persons`` → ``<persons><person>``); a day's rooms
   (an object) become one ``<room name="…">`` each, holding ``<event>``s;
   ``daysCount`` → ``days``; ``recording_license`` and ``do_not_record`` become
   ``<recording><license/><optout/></recording>``; ``do_not_stream`` is dropped.
6. A person is its name as text (``public_name``, else ``full_public_name``,
   ``full_name``, ``name``) with ``id`` and ``guid`` attributes; nothing else.
7. An empty value (``""``, ``null``, ``0``, ``[]``, ``false``) leaves its
   element empty; ``true`` is written "True".
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

_ATTRIBUTE_PARENTS = {"generator", "track", "color"}
_LINKS = {"link", "attachment"}
_PERSON_NAMES = ("public_name", "full_public_name", "full_name", "name")
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def c3voc_json_to_xml(document: dict[str, Any]) -> bytes:
    """Convert a ``schedule.json`` document as c3voc's converter would."""
    schedule = copy.deepcopy(document["schedule"])
    root = etree.Element("schedule")
    root.set(
        f"{{{_XSI}}}noNamespaceSchemaLocation", "https://c3voc.de/schedule/schema.xsd"
    )
    _Walk(root).value(schedule, root, "schedule")
    return etree.tostring(
        root, pretty_print=True, xml_declaration=True, encoding="utf-8"
    )


def _attribute(node: etree._Element, name: str, value: object) -> None:
    # Strings and numbers only (a boolean is a number to the converter); it
    # logs anything else and writes nothing.
    if isinstance(value, str):
        node.set(name, value)
    elif isinstance(value, int):
        node.set(name, str(value))


class _Walk:
    def __init__(self, root: etree._Element) -> None:
        self.root = root

    def value(self, value: object, node: etree._Element, parent: str) -> None:
        if not value:
            return
        if isinstance(value, str):
            node.text = value
        elif isinstance(value, int):
            node.text = str(value)
        elif parent == "person":
            node.text = next((value[k] for k in _PERSON_NAMES if value.get(k)), None)
            for name in ("id", "guid"):
                if name in value:
                    _attribute(node, name, value[name])
        elif isinstance(value, dict):
            self.members(value, node, parent)
        else:
            raise TypeError(f"the converter fails on {value!r} under {parent}")

    def members(self, obj: dict[str, Any], node: etree._Element, parent: str) -> None:
        if parent == "schedule" and "base_url" in obj:
            obj["conference"]["base_url"] = obj.pop("base_url")
        left = len(obj)  # keys not (yet) written as attributes
        license_ = ""
        for key, value in obj.items():
            name = key[4:] if parent == "day" and key.startswith("day_") else key
            if (
                name in {"id", "guid"}
                or (parent == "day" and isinstance(value, str | int))
                or parent in _ATTRIBUTE_PARENTS
            ):
                _attribute(node, name, value)
                left -= 1
                continue
            if parent in _LINKS and name == "url":
                _attribute(node, "href", value)
                left -= 1
                continue
            if parent in _LINKS and name == "title":
                node.text = value
                continue
            if left == 1 and isinstance(value, str):
                node.text = value
                continue
            into = node
            if parent == "room":  # the day's rooms: one <room> per name
                into = etree.SubElement(node, "room", name=name or "")
                name = "event"
            if name == "days":
                into = self.root
            if name == "rooms" and parent == "conference":
                continue
            if name.endswith("s"):
                if parent == "event":
                    into = etree.SubElement(node, name)
                name = name[:-1]
            elif parent == "conference" and name == "daysCount":
                name = "days"
            elif name == "recording_license":
                license_ = value
                continue
            elif name == "do_not_stream":
                continue
            elif name in {"do_not_record", "recording"}:
                name, value = "recording", {"license": license_, "optout": value}
            elif name == "optout":
                value = "true" if value is True else "false"
            if isinstance(value, list):
                for item in value:
                    self.value(item, etree.SubElement(into, name), name)
            elif parent == "day" and name == "room":
                self.value(value, into, name)
            else:
                self.value(value, etree.SubElement(into, name), name)
