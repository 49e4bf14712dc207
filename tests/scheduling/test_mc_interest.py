"""Interest in a microconference as a whole reaches its block in the solver's input."""

from microconf.cfp.models import Contribution
from microconf.interest.imports import import_interest
from microconf.interest.models import Star
from microconf.scheduling.problem import build


def _block_demand(cast) -> int:
    return len(build(cast.conference).units[f"mc-{cast.rust_mc.pk}"].interested)


def _proposal(cast) -> Contribution:
    return Contribution.objects.get(microconference=cast.rust_mc)


def test_imported_interest_in_a_microconference_page_counts_for_its_block(
    cast, programme
):
    before = _block_demand(cast)
    slug = _proposal(cast).slug
    data = (
        "attendee,session\n"
        f"reg-1,{slug}\n"
        "reg-2,rust\n"
        "reg-3,https://lpc.example.org/plumbers/tracks/rust/\n"
        f"reg-4,/plumbers/contributions/{slug}/\n"
    ).encode()

    added = import_interest(cast.conference, data, replace=False, by=cast.organiser)

    assert added == 4
    assert _block_demand(cast) == before + 4


def test_a_star_on_a_microconference_page_counts_for_its_block(cast, programme):
    before = _block_demand(cast)

    Star.objects.create(user=cast.speaker, contribution=_proposal(cast))

    assert _block_demand(cast) == before + 1


def test_an_attendee_interested_in_the_page_and_a_topic_counts_once(cast, programme):
    # Ada starred topic 0 in the fixture; the survey names her for the MC's page.
    before = _block_demand(cast)
    data = f"attendee,session\nada@example.org,{_proposal(cast).slug}\n".encode()

    import_interest(cast.conference, data, replace=False, by=cast.organiser)

    assert _block_demand(cast) == before


def test_a_microconference_without_a_proposal_takes_interest_on_a_topic(
    cast, programme
):
    _proposal(cast).delete()
    before = _block_demand(cast)

    import_interest(
        cast.conference, b"attendee,session\nreg-1,rust\n", replace=False,
        by=cast.organiser,
    )  # fmt: skip

    assert _block_demand(cast) == before + 1
