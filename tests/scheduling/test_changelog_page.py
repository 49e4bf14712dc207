from django.urls import reverse

from tests.pages import visible_text


def test_the_release_note_field_says_the_note_is_public(client, cast):
    client.force_login(cast.organiser)

    text = visible_text(
        client.get(reverse("scheduling:changelog", args=["plumbers"])).content
    )

    assert (
        "Public note for this release\n"
        "Everyone sees this note on this public changelog, above the release’s "
        "changes."
    ) in text
