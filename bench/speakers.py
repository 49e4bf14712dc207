"""Shared by bench/rush.py and bench/crash_loop.py: a conference, speakers, a server.

``Browser`` is one speaker's browser over a keep-alive loopback connection: it keeps
cookies, reads the CSRF token from each form and never follows redirects, so the
caller sees the 302 that acknowledges a write. Only the standard library is used.
"""

import datetime as dt
import html
import http.client
import http.cookies
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from web import _free_port, _wait_until_up

BENCH_DIR = Path(__file__).resolve().parent
PASSWORD = "rush hour at the deadline"
CONFERENCE = "rush"
TRACK = "talks"
CLOSED = "The call for proposals closed on"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
_MESSAGE = re.compile(r'<li class="message ([a-z ]+)">(.*?)</li>', re.S)

__all__ = ["_free_port", "_wait_until_up"]


@dataclass
class Response:
    status: int
    location: str
    body: str
    ms: float
    sent_at: float  # time.time() when the request left

    def csrf(self) -> str:
        return _CSRF.search(self.body)[1]

    def submission_key(self) -> str:
        return _KEY.search(self.body)[1]

    def messages(self) -> list[tuple[str, str]]:
        return [
            (kind, html.unescape(text)) for kind, text in _MESSAGE.findall(self.body)
        ]


class Browser:
    """A speaker's browser: cookies, one connection, no redirects followed."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def twin(self) -> "Browser":
        """A second tab with the same cookies (for a double click)."""
        other = Browser(self.port, self.timeout)
        other.cookies = dict(self.cookies)
        return other

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        from urllib.parse import urlencode  # noqa: PLC0415 - keeps the module light

        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Host": "127.0.0.1", "Referer": f"http://127.0.0.1:{self.port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        sent_at, began = time.time(), time.perf_counter()
        for attempt in range(2):
            reused = self._conn is not None
            if self._conn is None:
                self._conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self._conn.request(method, path, body=body, headers=headers)
                raw = self._conn.getresponse()
                text = raw.read().decode("utf-8", "replace")
                break
            except (ConnectionResetError, BrokenPipeError):  # RemoteDisconnected too
                self.close()
                # A kept-alive connection the server had closed while idle: the
                # request never arrived, so sending it once more is safe.
                if attempt or not reused:
                    raise
            except BaseException:
                self.close()  # a half-used connection cannot carry another request
                raise
        ms = (time.perf_counter() - began) * 1000
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Response(raw.status, raw.headers.get("Location", ""), text, ms, sent_at)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def log_in(self, email: str) -> Response:
        page = self.request("GET", "/accounts/login/")
        return self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": page.csrf(), "login": email, "password": PASSWORD},
        )


def setup_django(data_dir: Path) -> None:
    os.environ["MICROCONF_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    sys.path.insert(0, str(BENCH_DIR))
    import django  # noqa: PLC0415 - settings must be chosen first

    django.setup()


def create_conference(speakers: int, closes_in: dt.timedelta) -> list[str]:
    """Migrate; a conference with one open call; verified speakers. Their e-mails."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415
    from django.contrib.auth.models import User  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from microconf.cfp.models import CallForProposals  # noqa: PLC0415
    from microconf.conference.models import Conference, Track  # noqa: PLC0415
    from microconf.people.models import Person  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    conference = Conference.objects.create(
        name="Rush Conference", slug=CONFERENCE, timezone="Europe/Berlin",
        start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 3, 3),
    )  # fmt: skip
    track = Track.objects.create(
        conference=conference, name="Talks", slug=TRACK, kind=Track.Kind.REFEREED
    )
    now = timezone.now()
    CallForProposals.objects.create(
        track=track, opens_at=now - dt.timedelta(hours=1), closes_at=now + closes_in
    )
    # One hash for all: hashing 200 passwords one by one measures nothing here.
    hashed = make_password(PASSWORD)
    emails = [f"speaker{n:03d}@example.org" for n in range(speakers)]
    users = User.objects.bulk_create(
        User(username=e.split("@")[0], email=e, password=hashed) for e in emails
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Person.objects.bulk_create(
        Person(user=u, name=f"Speaker {u.username[7:]}", email=u.email) for u in users
    )
    return emails


def set_deadline(closes_at: dt.datetime) -> None:
    from microconf.cfp.models import CallForProposals  # noqa: PLC0415

    CallForProposals.objects.filter(track__slug=TRACK).update(closes_at=closes_at)


def start_gunicorn(
    data_dir: Path, port: int, *, workers: int, threads: int, log: Path
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 with the bench settings, in its own process group."""
    env = os.environ | {
        "MICROCONF_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(BENCH_DIR),
    }
    command = [
        sys.executable, "-m", "gunicorn", "microconf.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--threads", str(threads), "--no-control-socket", "--timeout", "60",
    ]  # fmt: skip
    with log.open("ab") as out:
        server = subprocess.Popen(
            command, env=env, stdout=out, stderr=out, start_new_session=True
        )
    _wait_until_up(port, time.monotonic() + 60)
    return server


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]
