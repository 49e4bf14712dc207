"""The two-level call for proposals, walked in a browser by each person in turn."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from microconf.conference.models import Track
from microconf.people.models import TeamMembership
from microconf.review.models import ReviewCriterion
from tests.factories import make_conference, make_track, make_user, open_cfp

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def conference(transactional_db, live_server):
    conference = make_conference(
        name="Plumbers 2031", slug="lpc2031",
        start_date=dt.date(2031, 9, 1), end_date=dt.date(2031, 9, 3),
    )  # fmt: skip
    proposals = make_track(
        conference, name="LPC Microconference Proposals", slug="mc-proposals",
        kind=Track.Kind.PROPOSALS,
    )  # fmt: skip
    cfp = open_cfp(proposals)
    ReviewCriterion.objects.create(cfp=cfp, name="Relevance", min_score=0, max_score=3)
    organiser = make_user("olga@example.org", name="Olga Organiser")
    committee = make_user("cara@example.org", name="Cara Committee")
    make_user("sam@example.org", name="Sam Speaker", affiliation="Speak GmbH")
    for user, role in [(organiser, "organiser"), (committee, "committee")]:
        TeamMembership.objects.create(conference=conference, user=user, role=role)
    return live_server.url


def _sign_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    account = page.get_by_role("navigation", name="Your account")
    expect(account).to_contain_text("Sign out")
    return page


def _act(page: Page, button: str, expected_state: str, confirm: str = "") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    if confirm:  # a decision is asked once more, on a page of its own
        page.get_by_role("button", name=confirm).click()
    expect(page.locator("#state")).to_have_text(expected_state)


def test_propose_review_accept_topic_confirm_and_mail(
    conference, page: Page, browser: Browser, screenshot_dir
):
    base = conference
    # A newcomer signs up, confirms the address, and proposes a microconference.
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill("rui@example.org")
    page.get_by_label("Name").fill("Rui Runner")
    page.get_by_label("Affiliation").fill("Rusty Inc")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)[0]
    page.goto(link.replace("http://testserver", base))
    page.get_by_role("button", name="Confirm").click()
    proposer = _sign_in(browser, base, "rui@example.org")
    proposer.goto(f"{base}/lpc2031/cfp/mc-proposals/")
    proposer.get_by_role("link", name="Propose a microconference").click()
    proposer.get_by_label("Title").fill("Sched Ext MC")
    proposer.get_by_label("Abstract").fill("Extensible scheduling.\n\n- one\n- two")
    proposer.get_by_label("Possible topics").fill("sched_ext in production\nDebugging")
    proposer.get_by_label("Other proposed runners").fill("tam@example.org")
    proposer.get_by_label("Expected attendance").fill("80")
    # Viewport-only screenshots: a full-page one resizes the page under the next click.
    proposer.screenshot(path=screenshot_dir / "propose-mc.png")
    proposer.get_by_role("button", name="Submit", exact=True).click()
    expect(proposer.locator("#state")).to_have_text("Submitted")
    proposal_url = proposer.url

    # The committee reviews it.
    committee = _sign_in(browser, base, "cara@example.org")
    committee.goto(f"{base}/lpc2031/review/")
    committee.get_by_role("link", name="Review", exact=True).click()
    committee.get_by_label("Relevance (0–3)").select_option("3")
    committee.get_by_label("Comment").fill("A strong topic list.")
    committee.get_by_role("button", name="Save review").click()
    row = committee.get_by_role("row", name=re.compile("Sched Ext MC"))
    expect(row).to_contain_text("3.00")
    committee.screenshot(path=screenshot_dir / "review-dashboard.png")

    # The organiser accepts it: the microconference exists, with its runner.
    organiser = _sign_in(browser, base, "olga@example.org")
    organiser.goto(proposal_url)
    organiser.get_by_role("button", name="Accept", exact=True).click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text(
        "Accept “Sched Ext MC”?"
    )
    expect(organiser.get_by_role("main")).to_contain_text(
        "It becomes a microconference"
    )
    organiser.screenshot(path=screenshot_dir / "confirm-decision.png")
    organiser.get_by_role("button", name="Yes, accept it").click()
    expect(organiser.locator("#state")).to_have_text("Accepted")
    expect(organiser.get_by_role("status").first).to_contain_text(
        "The decision mail to its authors is waiting in the outbox"
    )
    organiser.screenshot(path=screenshot_dir / "accepted-proposal.png")
    organiser.get_by_role("link", name="Sched Ext MC").click()
    expect(organiser.get_by_role("link", name="Propose a topic")).to_be_visible()
    organiser.goto(f"{base}/lpc2031/tracks/sched-ext/")
    expect(organiser.get_by_role("region", name="Run by")).to_contain_text("Rui Runner")

    # A speaker proposes a topic in the new microconference's call for topics.
    speaker = _sign_in(browser, base, "sam@example.org")
    speaker.goto(f"{base}/lpc2031/cfp/sched-ext/")
    speaker.get_by_role("link", name="Propose a topic").click()
    speaker.get_by_label("Title").fill("Scheduling with BPF")
    speaker.get_by_label("Abstract").fill("Schedulers as BPF programs.")
    speaker.get_by_role("button", name="Submit", exact=True).click()
    expect(speaker.locator("#state")).to_have_text("Submitted")
    topic_url = speaker.url

    # Its runner accepts it; the speaker confirms.
    proposer.goto(topic_url)
    _act(proposer, "Accept", "Accepted", confirm="Yes, accept it")
    speaker.reload()
    _act(speaker, "Confirm", "Confirmed")

    # The organiser sends the decision mails from the outbox; the worker sends them.
    organiser.goto(f"{base}/lpc2031/manage/outbox/")
    rows = organiser.get_by_role("row")
    expect(rows.filter(has_text="Accepted: Sched Ext MC")).to_have_count(1)
    expect(rows.filter(has_text="Accepted: Scheduling with BPF")).to_have_count(1)
    expect(rows.filter(has_text="Invitation: Sched Ext MC")).to_have_count(1)
    # The invitation went at once; the decisions wait. Tick all from the keyboard.
    expect(
        rows.filter(has_text="Invitation: Sched Ext MC").locator(".mail-state")
    ).to_have_text("Queued for sending")
    tick_all = organiser.get_by_role("checkbox", name="Tick all the mails shown")
    tick_all.focus()
    organiser.keyboard.press("Space")
    for box in organiser.locator("input[name=mail]").all():
        expect(box).to_be_checked()
    organiser.get_by_role("button", name="Send the ticked mails").click()
    expect(organiser.get_by_role("status")).to_contain_text("queued; the worker sends")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    organiser.reload()
    expect(organiser.locator(".mail-state").first).to_have_text("Sent")
    sent = [m.subject for m in mail.outbox]
    assert "Accepted: Sched Ext MC" in sent
    assert "Accepted: Scheduling with BPF" in sent
    assert "Invitation: Sched Ext MC" in sent
    organiser.screenshot(path=screenshot_dir / "outbox.png", full_page=True)
