"""A speaker uploads slides; the public page lists them; the download is the same."""

import pytest
from playwright.sync_api import Page, expect

from microconf.cfp.lifecycle import State
from tests.factories import add_author, make_contribution

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% slides of the ring buffer talk\n%%EOF\n"


@pytest.fixture
def talk(cast, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    talk = make_contribution(cast.refereed, state=State.CONFIRMED, title="Ring buffers")
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


@pytest.mark.django_db(transaction=True)
def test_speaker_uploads_slides_that_the_public_can_download(
    page: Page, live_server, cast, talk, tmp_path, screenshot_dir
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/plumbers/submissions/{talk.pk}/")
    slides = tmp_path / "ring-buffers.pdf"
    slides.write_bytes(PDF)

    page.get_by_label("Title", exact=True).fill("Slides")
    page.get_by_label("File (PDF").set_input_files(slides)
    page.get_by_role("button", name="Add the material").click()
    expect(page.get_by_role("status")).to_contain_text("The material was added.")

    page.goto(f"{live_server.url}/plumbers/contributions/{talk.slug}/")
    link = page.get_by_role("region", name="Presentation materials").get_by_role(
        "link", name="Slides"
    )
    expect(link).to_be_visible()
    page.screenshot(path=screenshot_dir / "materials.png")  # viewport: a click follows
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "ring-buffers.pdf"
    assert download.path().read_bytes() == PDF
