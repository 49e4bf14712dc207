"""A large schedule file goes to the worker; the page follows it to its report."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from microconf.conference.models import Conference
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_follow_a_large_import_to_its_report(
    page: Page, live_server, settings, shared_dir, screenshot_dir
):
    settings.IMPORT_IN_WORKER_ABOVE_BYTES = 1000
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{live_server.url}/manage/import/")
    page.get_by_label("Schedule file").set_input_files(
        shared_dir / "realdata" / "schedules" / "camp2019-frab.schedule.json"
    )
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Waiting for the worker")
    expect(page.get_by_role("alert")).to_contain_text(
        "No background worker is running."
    )
    page.screenshot(path=screenshot_dir / "import-queued.png", full_page=True)

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # The page refreshes itself until the import ends.
    expect(page.get_by_role("heading", level=2)).to_have_text("Imported")
    expect(page.get_by_role("status")).to_contain_text("The file holds 79 events")
    page.screenshot(path=screenshot_dir / "import-finished.png", full_page=True)
    page.get_by_role("link", name="Open the conference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        Conference.objects.get().name
    )
