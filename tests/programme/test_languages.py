"""The interface in English or German: from the browser, or from the selector."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from microconf.cfp.models import Contribution, Question, SubmissionType
from microconf.demo.builder import build_demo
from microconf.scheduling.timetable import conference_days
from tests.factories import make_conference, make_contribution, make_room, make_track
from tests.translations import (
    german_catalogue,
    is_translated,
    key_of,
    language_of_catalogue,
    recorded_lookups,
    untranslated,
)

pytestmark = pytest.mark.django_db


def _conference_with_a_session():
    conference = make_conference()
    room = make_room(conference, name="Magnolia")
    make_contribution(
        make_track(conference),
        title="Opening",
        room=room,
        start=dt.datetime(2023, 11, 13, 14, tzinfo=dt.UTC),
    )
    return conference


def test_the_browser_language_chooses_the_interface(client):
    conference = _conference_with_a_session()
    url = reverse("programme:timetable", args=[conference.slug, "2023-11-13"])

    english = client.get(url)
    german = client.get(url, headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})

    assert '<html lang="en">' in english.text
    assert "Skip to content" in english.text
    assert '<html lang="de">' in german.text
    assert "Zum Inhalt springen" in german.text
    assert german["Content-Language"] == "de"
    assert "Accept-Language" in german["Vary"]
    # The page cache keeps one copy per language, each with its own ETag.
    assert german["ETag"] != english["ETag"]
    again = client.get(url)
    assert "Skip to content" in again.text


def test_dates_are_written_for_the_language(client):
    conference = _conference_with_a_session()
    url = reverse("programme:timetable", args=[conference.slug, "2023-11-13"])

    english = client.get(url).text
    german = client.get(url, headers={"accept-language": "de"}).text

    assert "Mon, Nov 13" in english
    assert "Monday, November 13, 2023" in english
    assert "Nov 13 – 15, 2023" in english
    assert "Mo, 13. Nov" in german
    assert "Montag, 13. November 2023" in german
    assert "13. – 15. Nov 2023" in german


def test_the_selector_works_without_a_script_or_a_token():
    """A plain form post (cached public pages carry no CSRF token) sets the cookie."""
    conference = _conference_with_a_session()
    client = Client(enforce_csrf_checks=True)
    page = reverse("programme:conference", args=[conference.slug])
    form = client.get(page).text
    assert 'action="/i18n/setlang/"' in form
    assert '<label for="language-select">Language</label>' in form

    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": page},
        headers={"accept-language": "en"},
    )

    assert response.status_code == 302
    assert response["Location"] == page
    # The choice wins over what the browser asks for.
    german = client.get(page, headers={"accept-language": "en"}).text
    assert '<html lang="de">' in german
    assert '<option value="de" lang="de" selected>Deutsch</option>' in german


def test_the_selector_sends_nobody_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Nothing left in English on the German pages, checked against the catalogue --


def _own_texts(conference) -> list[str]:
    """The conference's own words, which stay as its organisers wrote them."""
    texts = [conference.name, conference.city, conference.venue, conference.timezone]
    texts += [r.name for r in conference.rooms.all()]
    texts += [t.name for t in conference.tracks.all()]
    texts += [t.description for t in conference.tracks.all()]
    for c in Contribution.objects.filter(conference=conference):
        texts += [c.title, c.abstract]
        texts += [m.title for m in c.materials.all()]
        for a in c.authorships.select_related("person"):
            texts += [a.person.name, a.person.affiliation, a.person.bio]
    for tier in conference.sponsor_tiers.all():
        texts.append(tier.name)
        texts += [s.name for s in tier.sponsors.all()]
    return texts


def _check_german(
    client, url: str, own_texts: list[str], post: dict | None = None, status=200
) -> None:
    catalogue = german_catalogue()
    ours = {key_of(e): e for e in catalogue}
    with recorded_lookups() as looked_up:
        if post is None:
            page = client.get(url, headers={"accept-language": "de"})
        else:
            page = client.post(url, post, headers={"accept-language": "de"})
    assert page.status_code == status
    assert '<html lang="de">' in page.text
    german = trans_real.translation("de")
    for msgid in looked_up:
        if msgid in ours:
            assert is_translated(ours[msgid]), f"no German for {msgid!r}"
        else:
            # Django's own words (month and day names) and allauth's; a plural
            # entry is kept under (msgid, form).
            known = msgid in german._catalog or (msgid, 0) in german._catalog
            assert known, f"{msgid!r} is in no catalogue"
    assert untranslated(page.text, own_texts, catalogue) == [], url


def test_the_catalogue_has_no_empty_or_fuzzy_entry():
    catalogue = german_catalogue()

    assert [e.id for e in catalogue if not is_translated(e)] == []
    assert language_of_catalogue() == "de"


def test_the_german_timetable_and_contribution_pages_have_no_english_left(client):
    conference = build_demo()
    own = _own_texts(conference)
    days = conference_days(conference.start_date, conference.end_date)
    topic = Contribution.objects.filter(
        conference=conference, kind=Contribution.Kind.TOPIC, start__isnull=False
    ).first()
    # A talk with materials, the same one on every database (titles collate
    # differently on SQLite and PostgreSQL).
    talk = (
        Contribution.objects.filter(
            conference=conference, kind=Contribution.Kind.TALK,
            start__isnull=False, materials__isnull=False,
        )
        .order_by("pk")
        .first()
    )  # fmt: skip

    for day in days:
        _check_german(
            client,
            reverse("programme:timetable", args=[conference.slug, day.isoformat()]),
            own,
        )
    for contribution in (topic, talk):
        _check_german(client, contribution.get_absolute_url(), own)


def test_the_german_submission_form_has_no_english_left(client, cast):
    """The form to propose, as shown and as sent back with its errors."""
    refereed_call = cast.refereed.cfp
    SubmissionType.objects.create(
        cfp=refereed_call, name="Vortrag", default_duration=30
    )
    for kind in Question.Kind:
        Question.objects.create(
            cfp=refereed_call, text=f"Frage {kind}", help_text="Hilfe",
            kind=kind, choices="eins\nzwei", is_required=True,
        )  # fmt: skip
    client.force_login(cast.speaker)
    own = _own_texts(cast.conference)
    own += [q.text for q in refereed_call.questions.all()] + ["Hilfe", "eins", "zwei"]
    own += ["Vortrag (30 min)", cast.speaker.person.name]

    for track in (cast.refereed, cast.proposals):
        url = reverse("cfp:propose", args=[cast.conference.slug, track.slug])
        _check_german(client, url, own)
        too_long = {"title": "x" * 500, "abstract": "", "runner_emails": "nope"}
        _check_german(client, url, own, post=too_long | {"submit": ""}, status=400)


def test_the_other_german_programme_pages_have_no_english_left(client):
    conference = build_demo()
    own = _own_texts(conference)
    slug = conference.slug
    speaker = (
        Contribution.objects.filter(conference=conference, start__isnull=False)
        .first()
        .authorships.first()
        .person_id
    )

    for url in (
        reverse("programme:conference", args=[slug]),
        reverse("programme:tracks", args=[slug]),
        reverse("programme:track", args=[slug, "rust"]),
        reverse("programme:speakers", args=[slug]),
        reverse("programme:speaker", args=[slug, speaker]),
        reverse("programme:agenda", args=[slug]),
        reverse("programme:search", args=[slug]) + "?q=rust",
        reverse("cfp:calls", args=[slug]),
        reverse("scheduling:changelog", args=[slug]),
        # allauth's pages, in allauth's German, around our sign-up fields.
        reverse("account_login"),
        reverse("account_signup"),
    ):
        _check_german(client, url, own)
