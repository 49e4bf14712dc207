from django.urls import reverse

from tests.pages import visible_text


def test_the_release_note_field_says_the_note_is_public(client, cast):
    # The one release form is on the board (the changelog only links to it).
    client.force_login(cast.organiser)

    text = visible_text(
        client.get(reverse("scheduling:board", args=["plumbers"])).content
    )

    assert (
        "Public note for this release\n"
        "Everyone sees this note on the public changelog, above the release’s "
        "changes."
    ) in text


def test_the_changelog_sends_organisers_to_the_board_to_release(client, cast):
    client.force_login(cast.organiser)

    page = client.get(reverse("scheduling:changelog", args=["plumbers"]))
    text = visible_text(page.content)

    assert "Organisers release the schedule from\nthe schedule board\n." in text
    assert b'action="/plumbers/manage/release/"' not in page.content
    assert reverse("scheduling:board", args=["plumbers"]).encode() in page.content
