"""Random and hostile values posted to every form: no server error, no half-write.

The forms are found the way a person finds them: every page of the permission
matrix is read as a role allowed to see it, and each ``<form method="post">`` on it
is filled by hypothesis with huge, empty, NUL, unicode, numeric, date and markup
values, fields left out or sent twice, and files with hostile names and contents.
Each example runs in a savepoint that is rolled back, so every one starts from the
same world. The API has its own fuzz (tests/api/test_api_fuzz.py).
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import make_user
from tests.test_permission_matrix import MATRIX, ROLES, World

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 15
# The apps whose rows a refused form must leave as they were.
OWN_APPS = [
    "conference", "people", "cfp", "review", "notifications", "materials",
    "programme", "scheduling",
]  # fmt: skip
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "😀" * 300, "\u202eevil",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:x()",
    "' OR '1'='1' --", "1; DROP TABLE cfp_contribution; --", "{{ 7|add:7 }}", "%s%n%x",
    "../../../../etc/passwd", "-1", "0", "1e309", "NaN", "-99999999999999999999",
    "99999999999999999999", "2023-02-30", "9999-99-99T99:99", "2023-11-13T25:61",
    "null", "[]", "{}", "true", "https://", "mailto:x", "a@b", "@", "é" * 70,
]  # fmt: skip
FILE_CONTENTS = [
    b"", b"\x00" * 64, b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
    b"GIF89a\x01\x00\x01\x00", b"PK\x03\x04" + b"\x00" * 26,
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    b'{"schedule": {"conference": {"days": "x"}}}', b"BEGIN:VCALENDAR\r\nEND:VCALENDAR",
]  # fmt: skip
FILE_NAMES = ["a.pdf", "../../evil.pdf", "x\x00.png", "😀.png", " ", "a" * 300, "logo"]


@dataclass
class PostForm:
    """A form as a page shows it: where it posts and the names it sends."""

    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _FormReader(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[PostForm] = []
        self._form: PostForm | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            is_post = (a.get("method") or "").lower() == "post"
            self._form = PostForm(a.get("action") or self.page_url) if is_post else None
            if self._form:
                self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            if tag == "option" and self._form is not None and self._select:
                self._form.fields[self._select].append(a.get("value") or "")
            return
        name = a["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input" and a.get("type") == "file":
            self._form.files.add(name)
            return
        if tag in {"input", "textarea", "button", "select"}:
            self._form.fields.setdefault(name, [])
            if a.get("value"):
                self._form.fields[name].append(a["value"])
        if tag == "select":
            self._select = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None


def _strongest(allowed: set[str]) -> list[str]:
    roles = [r for r in reversed(ROLES) if r in allowed and r != "anonymous"]
    # Speakers see their own forms (edit, invite, materials) that others do not.
    return roles[:1] + (["speaker"] if "speaker" in roles[1:] else [])


def _users(cast) -> dict[str, object]:
    staff = make_user("stan@example.org", name="Stan Staff")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    return {**cast.roles(), "staff": staff, "anonymous": None}


def _pages(world) -> list[tuple[str, str]]:
    """(role, address) of every page to read forms from."""
    pages = [
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/accounts/signup/"),
        ("anonymous", "/accounts/password/reset/"),
        ("speaker", "/accounts/password/change/"),
        ("staff", reverse("interchange:import")),
    ]
    for route, (method, arguments, _, allowed) in sorted(MATRIX.items()):
        if method == "get" and allowed:
            url = reverse(route, args=arguments(world))
            pages += [(role, url) for role in _strongest(allowed)]
    return pages


def _forms(client: Client, users: dict, world) -> dict[tuple, tuple[str, PostForm]]:
    """Every post form found, once per route and set of field names."""
    found = {}
    for role, url in _pages(world):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.get(url)
        if response.streaming:
            # Read to the end, so the test client closes the file and keeps the
            # database connection (closing the response directly would drop it).
            b"".join(response.streaming_content)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        reader = _FormReader(url)
        reader.feed(response.content.decode())
        for form in reader.forms:
            route = resolve(form.action.split("?")[0]).view_name
            key = (route, frozenset(form.fields), frozenset(form.files))
            found.setdefault(key, (role, form))
    return found


def _value(candidates: list[str]) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(candidates or [""]),
        st.sampled_from(HOSTILE),
        st.text(max_size=300),
        st.integers(min_value=1_000, max_value=30_000).map(lambda n: "x" * n),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    )


def _field(candidates: list[str]) -> st.SearchStrategy:
    # Left out, sent once, or sent two or three times.
    return st.one_of(
        st.none(),
        _value(candidates),
        st.lists(_value(candidates), min_size=2, max_size=3),
    )


def _upload() -> st.SearchStrategy:
    return st.one_of(
        st.none(),
        st.builds(
            SimpleUploadedFile,
            st.sampled_from(FILE_NAMES),
            st.one_of(st.sampled_from(FILE_CONTENTS), st.binary(max_size=512)),
        ),
    )


def _form_data(form: PostForm) -> st.SearchStrategy:
    fields = {name: _field(values) for name, values in form.fields.items()}
    fields |= {name: _upload() for name in form.files}
    fields["unexpected"] = _field([])
    return st.fixed_dictionaries(fields).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


def _snapshot() -> dict[str, list[tuple]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for app in OWN_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _post_and_check(client: Client, user, url: str, before: dict, **request) -> None:
    """Post in a savepoint that is rolled back, so ``before`` holds for the next."""
    with transaction.atomic():
        cache.clear()  # allauth's rate limits would answer 429 before the form
        client.logout()
        if user is not None:
            client.force_login(user)

        response = client.post(url, **request)

        assert response.status_code < 500, (url, response.status_code)
        if response.status_code >= 400:
            assert _snapshot() == before, f"{url} refused the form but wrote"
        transaction.set_rollback(True)


_FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_form_survives_hostile_input(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World(cast)
    users = _users(cast)
    client = Client()
    forms = _forms(client, users, world)

    # Every route that takes a form has one on some page (the JSON ones are below).
    posting = {r for r, row in MATRIX.items() if row[0] == "post"}
    assert posting - {route for route, _, _ in forms} == set()

    before = _snapshot()
    for role, form in sorted(forms.values(), key=lambda found: found[1].action):
        # The worst values in every field at once, then the random mixes.
        for worst in ["a\x00b", "x" * 100_000, "😀\u202e" * 500]:
            data = dict.fromkeys(form.fields, worst)
            _post_and_check(client, users[role], form.action, before, data=data)
        _fuzzer(client, users[role], form, before)()


def _fuzzer(client: Client, user, form: PostForm, before: dict):
    @_FUZZ
    @given(data=_form_data(form))
    def fuzz(data: dict) -> None:
        _post_and_check(client, user, form.action, before, data=data)

    return fuzz


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@_FUZZ
@given(
    body=st.one_of(
        st.fixed_dictionaries({"add": _JSON, "remove": _JSON}).map(json.dumps),
        _JSON.map(json.dumps),
        st.sampled_from(["", "{", "\x00", "[" * 5000, '{"add": ' + "[" * 2000]),
        st.binary(max_size=64),
    )
)
def test_starring_survives_hostile_json(cast, body):
    client = Client()
    url = reverse("programme:stars", args=[cast.conference.slug])

    before = _snapshot()

    _post_and_check(
        client, cast.attendee, url, before, data=body, content_type="application/json"
    )
