import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microconf.scheduling.interest import import_interest
from microconf.scheduling.models import Interest


def test_an_import_adds_interest_by_address_or_number(cast, programme):
    data = (
        "attendee,session\n"
        f"ada@example.org,{programme.talk_a.slug}\n"
        f"reg-2,{programme.talk_b.pk}\n"
        f"reg-2,{programme.talk_b.pk}\n"
        "\n"
    ).encode()

    added = import_interest(cast.conference, data, replace=False, by=cast.organiser)
    again = import_interest(cast.conference, data, replace=False, by=cast.organiser)

    assert (added, again) == (2, 0)
    assert sorted(Interest.objects.values_list("attendee", "contribution")) == [
        ("ada@example.org", programme.talk_a.pk),
        ("reg-2", programme.talk_b.pk),
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty."),
        (b"name,talk\nx,y\n", "must name the columns"),
        (b"attendee,session\n", "only a header line"),
        (b"\xff\xfe\x00a", "not UTF-8"),
        (b"attendee,session\nreg-1,no-such-talk\n", "line 2: no accepted session"),
        (b"attendee,session\nreg-1\n", "line 2: it has fewer columns"),
    ],
)
def test_a_bad_file_is_refused_with_words_and_nothing_imported(
    cast, programme, data, words
):
    Interest.objects.create(
        conference=cast.conference, attendee="kept", contribution=programme.talk_a
    )

    with pytest.raises(ValidationError) as refused:
        import_interest(cast.conference, data, replace=True, by=cast.organiser)

    assert words in " ".join(refused.value.messages)
    assert list(Interest.objects.values_list("attendee", flat=True)) == ["kept"]


def test_a_rejected_session_is_not_a_place_for_interest(cast, programme):
    data = f"attendee,session\nreg-1,{programme.rejected.slug}\n".encode()

    with pytest.raises(ValidationError, match="line 2"):
        import_interest(cast.conference, data, replace=False, by=cast.organiser)


def test_replace_swaps_the_imported_interest(cast, programme):
    Interest.objects.create(
        conference=cast.conference, attendee="old", contribution=programme.talk_a
    )
    data = f"email,slug\nnew,{programme.talk_c.slug}\n".encode()

    import_interest(cast.conference, data, replace=True, by=cast.organiser)

    assert list(Interest.objects.values_list("attendee", flat=True)) == ["new"]


def test_only_organisers_import_interest(cast, programme):
    data = f"attendee,session\nx,{programme.talk_c.slug}\n".encode()

    with pytest.raises(PermissionDenied):
        import_interest(cast.conference, data, replace=False, by=cast.committee_member)
