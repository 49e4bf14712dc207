"""Who is who in an imported file: one key per person, matched within the file.

A person's guid names them; failing that, a numeric id names them when the file
uses it for one name only; failing that (id 0 or missing, as in merged or
wiki-fed schedules, or an id shared by several names), the name does.
"""

from __future__ import annotations

from collections import defaultdict

from microconf.interchange.model import Assumption, Event, Person


def name_key(name: str) -> str:
    """A person's name as compared within a file: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def person_keys(
    events: tuple[Event, ...] | list[Event],
) -> tuple[list[list[str]], list[Assumption]]:
    """Return, per event and per person on it, the key of who that person is.

    Two appearances with the same key are one person. The assumptions say how
    many appearances were matched by name and which ids named several people.
    """
    names_of_id: dict[int, set[str]] = defaultdict(set)
    ids_of_name: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for person in event.persons:
            if person.guid is None and person.id:
                names_of_id[person.id].add(name_key(person.name))
                ids_of_name[name_key(person.name)].add(person.id)
    shared = {pid for pid, names in names_of_id.items() if len(names) > 1}
    by_name = 0
    keys = []
    for event in events:
        row = []
        for person in event.persons:
            key, matched_by_name = _key(person, shared, ids_of_name)
            by_name += matched_by_name
            row.append(key)
        keys.append(row)
    notes = []
    if by_name:
        notes.append(
            Assumption(
                code="persons-matched-by-name",
                message=f"{by_name} speaker appearances had no usable id or guid "
                "(id 0, missing, or shared); matched them by name within the file",
            )
        )
    if shared:
        listed = ", ".join(str(i) for i in sorted(shared)[:10])
        notes.append(
            Assumption(
                code="person-id-shared",
                message=f"{len(shared)} person ids name different people ({listed}); "
                "told those people apart by name",
            )
        )
    return keys, notes


def _key(
    person: Person, shared: set[int], ids_of_name: dict[str, set[int]]
) -> tuple[str, bool]:
    if person.guid is not None:
        return f"guid:{person.guid}", False
    if person.id and person.id not in shared:
        return f"id:{person.id}", False
    name = name_key(person.name)
    known = ids_of_name.get(name, set()) - shared
    if not person.id and len(known) == 1:
        # The same name appears elsewhere in the file with one id: same person.
        return f"id:{next(iter(known))}", True
    return f"name:{name}", True
