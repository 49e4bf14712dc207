"""A huge image, told by its header, is refused on the page in words."""

import pytest
from playwright.sync_api import Page, expect

from microconf.cfp.lifecycle import State
from microconf.conference.models import Sponsor, SponsorTier
from microconf.materials.models import Material
from tests.crafted_images import png
from tests.factories import add_author, make_contribution

pytestmark = pytest.mark.browser
REFUSAL = (
    "This image is 20000 × 20000 pixels (400 megapixels); the limit is 40 megapixels. "
    "Scale it down, or raise IMAGE_MAX_PIXELS."
)


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.django_db(transaction=True)
def test_a_huge_logo_is_refused_beside_its_field(
    page: Page, live_server, cast, settings, tmp_path, screenshot_dir
):
    settings.MEDIA_ROOT = tmp_path / "media"
    SponsorTier.objects.create(conference=cast.conference, name="Gold", position=0)
    huge = tmp_path / "logo.png"
    huge.write_bytes(png(20000, 20000))
    _log_in(page, live_server, "olga@example.org")
    page.goto(f"{live_server.url}/plumbers/manage/sponsors/")

    expect(page.get_by_text("at most 5 MiB and 40 megapixels")).to_be_visible()
    page.locator("#id_name").fill("Huge Corp")
    page.get_by_label("Logo").set_input_files(huge)
    page.get_by_role("button", name="Add the sponsor").click()

    expect(page.get_by_text(REFUSAL)).to_be_visible()
    page.get_by_text(REFUSAL).scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "logo-too-many-pixels.png")
    assert Sponsor.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_huge_image_material_is_refused_in_words(
    page: Page, live_server, cast, settings, tmp_path, screenshot_dir
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast.conference.material_families = ["pdf", "image"]
    cast.conference.save()
    talk = make_contribution(cast.refereed, state=State.CONFIRMED, title="Ring buffers")
    add_author(talk, cast.speaker.person, is_speaker=True)
    huge = tmp_path / "diagram.png"
    huge.write_bytes(png(20000, 20000))
    _log_in(page, live_server, "sam@example.org")
    page.goto(f"{live_server.url}/plumbers/submissions/{talk.pk}/")

    expect(page.get_by_label("File (PDF")).to_be_visible()
    expect(page.get_by_text("at most 50 MiB")).to_be_visible()
    page.get_by_label("File (PDF").set_input_files(huge)
    page.get_by_role("button", name="Add the material").click()

    expect(page.get_by_text(REFUSAL)).to_be_visible()
    page.screenshot(path=screenshot_dir / "material-too-many-pixels.png")
    assert Material.objects.count() == 0
