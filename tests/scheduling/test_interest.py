import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microconf.interest.imports import import_interest
from microconf.interest.models import Interest


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


def _refusal(cast, data: bytes) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        import_interest(cast.conference, data, replace=False, by=cast.organiser)
    assert Interest.objects.count() == 0
    return refused.value.messages


def test_a_stray_quote_in_a_large_file_is_named_by_its_line(cast, programme):
    slug = programme.talk_a.slug
    lines = [f"reg-{n},{slug}" for n in range(10_000)]
    lines[0] = '"' + lines[0]  # the file's line 2
    data = ("attendee,session\n" + "\n".join(lines) + "\n").encode()
    assert len(data) > 200_000

    messages = _refusal(cast, data)

    assert messages[1].startswith('line 2: a quote (") opens a value that never')


def test_a_value_longer_than_the_csv_limit_is_refused_in_words(cast, programme):
    data = (
        f"attendee,session\nreg-1,{programme.talk_a.slug}\nreg-2,{'x' * 140_000}\n"
    ).encode()

    messages = _refusal(cast, data)

    assert messages[1] == (
        "line 3: a value is longer than 128 KB; no attendee or session is that "
        "long. Lines after it were not checked."
    )


def test_a_quote_that_runs_over_lines_is_named(cast, programme):
    slug = programme.talk_a.slug
    data = f'attendee,session\n"reg-1,{slug}\nreg-2,{slug}\n'.encode()

    messages = _refusal(cast, data)

    assert messages[1] == (
        'line 2: a quote (") opens a value that is not closed on that line, so '
        "lines 2 to 3 run together. Remove the stray quote or close it."
    )


def test_an_empty_upload_says_the_file_is_empty(client, cast, programme):
    client.force_login(cast.organiser)
    upload = SimpleUploadedFile("interest.csv", b"", content_type="text/csv")

    response = client.post(
        reverse("scheduling:interest", args=["plumbers"]), {"file": upload}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["The file is empty."]


def test_an_upload_with_a_stray_quote_is_refused_without_an_error_page(
    client, cast, programme
):
    client.force_login(cast.organiser)
    body = f'attendee,session\n"reg-1,{programme.talk_a.slug}\n' + "x" * 140_000
    upload = SimpleUploadedFile("interest.csv", body.encode())

    response = client.post(
        reverse("scheduling:interest", args=["plumbers"]), {"file": upload}, follow=True
    )

    assert response.status_code == 200
    assert Interest.objects.count() == 0
    assert "line 2" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolons_or_tabs_separate_columns_too(cast, programme, separator):
    data = (
        f"attendee{separator}session\nreg-1{separator}{programme.talk_a.slug}\n"
    ).encode()

    added = import_interest(cast.conference, data, replace=False, by=cast.organiser)

    assert added == 1


def test_a_header_separated_by_semicolons_without_the_columns_says_so(cast, programme):
    messages = _refusal(cast, b"name;talk\nx;y\n")

    assert messages == [
        "The first line must name the columns “attendee” and “session” (found: "
        "“name;talk”). It looks separated by semicolons: commas, semicolons and "
        "tabs all work, but the columns must have these names."
    ]


@pytest.mark.parametrize(
    "address",
    [
        "https://lpc.example.org/plumbers/contributions/{slug}/",
        "/plumbers/contributions/{slug}/",
        "http://127.0.0.1:8000/plumbers/contributions/{slug}/#abstract",
        "/plumbers/submissions/{pk}/",
    ],
)
def test_a_page_link_names_its_session(cast, programme, address):
    talk = programme.talk_a
    data = f"attendee,session\nreg-1,{address.format(slug=talk.slug, pk=talk.pk)}\n"

    import_interest(cast.conference, data.encode(), replace=False, by=cast.organiser)

    assert list(Interest.objects.values_list("contribution_id", flat=True)) == [talk.pk]


def test_a_link_to_another_conference_is_refused_in_words(cast, programme):
    data = f"attendee,session\nreg-1,/lpc2023/contributions/{programme.talk_a.slug}/\n"

    messages = _refusal(cast, data.encode())

    slug = programme.talk_a.slug
    assert messages[1] == (
        f"line 2: “/lpc2023/contributions/{slug}/” is a page of another "
        "conference (lpc2023), not of this one (plumbers)"
    )


def test_a_long_value_is_shortened_in_the_middle(cast, programme):
    value = "a" * 100 + "-the-end"

    messages = _refusal(cast, f"attendee,session\nreg-1,{value}\n".encode())

    assert messages[1] == (
        "line 2: no accepted session here has the address or number "
        f"“{'a' * 39}…{'a' * 32}-the-end”"
    )


def test_a_nul_byte_is_reported_as_binary_content(cast, programme):
    data = f"attendee,session\nreg-1,{programme.talk_a.slug}\x00\n".encode()

    messages = _refusal(cast, data)

    assert messages == [
        "Line 2 contains a NUL byte: the file holds binary data (or UTF-16 text), "
        "not CSV text. Save it as “CSV UTF-8” and import that."
    ]


def test_text_that_is_not_utf8_names_its_line(cast, programme):
    data = f"attendee,session\nreg-1,{programme.talk_a.slug}\nJos\xe9,x\n".encode(
        "latin-1"
    )

    messages = _refusal(cast, data)

    assert messages == [
        "The file is not UTF-8 text: line 3 has a byte UTF-8 does not allow (the "
        "file may be Latin-1 or Windows-1252). Save it as “CSV UTF-8” and import "
        "that."
    ]


def test_more_than_ten_bad_lines_say_how_many_more(cast, programme):
    data = "attendee,session\n" + "".join(f"reg-{n},nope\n" for n in range(13))

    messages = _refusal(cast, data.encode())

    assert len(messages) == 12
    assert messages[-1] == "… and 3 more lines with problems."


def test_a_session_that_is_not_accepted_says_its_state(cast, programme):
    messages = _refusal(
        cast, f"attendee,session\nreg-1,{programme.rejected.slug}\n".encode()
    )

    assert messages[1] == (
        f"line 2: “{programme.rejected.slug}” is rejected; only accepted "
        "sessions can take interest"
    )


def test_a_file_over_the_limit_is_refused_in_mib(client, cast, programme):
    """The limit is 5 × 1024 × 1024 bytes, so it is told as 5 MiB (not "5 MB")."""
    client.force_login(cast.organiser)
    body = b"attendee,session\n" + b"x" * (5 * 1024 * 1024)
    upload = SimpleUploadedFile("interest.csv", body, content_type="text/csv")

    response = client.post(
        reverse("scheduling:interest", args=["plumbers"]), {"file": upload}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The file is larger than 5 MiB; split it into parts."
    ]
    with pytest.raises(ValidationError, match="larger than 5 MiB"):
        import_interest(cast.conference, body, replace=False, by=cast.organiser)
    assert Interest.objects.count() == 0
