"""Shared reads about people."""

from microconf.people.models import Person


def contributions_of(person: Person) -> list:
    """The person's contributions across conferences, newest first.

    Read through the authorships relation that cfp declares on Person, so this
    package needs nothing from cfp's code.
    """
    authorships = person.authorships.select_related(
        "contribution__conference", "contribution__track"
    ).order_by("-contribution__created")
    return [a.contribution for a in authorships]
