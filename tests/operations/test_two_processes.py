"""Two app processes on one PostgreSQL: a change through one shows through the other.

Each process gets its own data directory, so the database is all they share: a
session opened on one is valid on the other, an organiser's edit through the
first is on the second's public page at once (its page cache is keyed by the
programme version, read from the database on every request), and the log-in
limits count in the cache both share, so two processes allow no more than one.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from microconf.cfp.lifecycle import State
from tests.factories import add_author, make_contribution

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: several app processes share one PostgreSQL "
        "(make test-postgres sets DATABASE_URL)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, cookies: dict) -> tuple[int, str, dict]:
    return _request(port, "GET", path, cookies)


def _request(port: int, method: str, path: str, cookies: dict, form=None, client=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if client:  # as the proxy in front (TRUSTED_PROXY_COUNT=1) would say
        headers["X-Forwarded-For"] = client
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    return response.status, text, cookies


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn processes on the test database, each with its own data dir."""
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    ports, processes = [_free_port(), _free_port()], []
    for n, port in enumerate(ports):
        env = os.environ | {
            "DATABASE_URL": test_db,
            "SECRET_KEY": settings.SECRET_KEY,
            "MICROCONF_DATA_DIR": str(tmp_path / f"app{n}"),
            "MICROCONF_HTTPS": "false",  # plain http on the loopback
            # As behind one proxy, so each test run can be a client of its own.
            "TRUSTED_PROXY_COUNT": "1",
        }
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-m", "gunicorn", "microconf.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--no-control-socket"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
    try:
        for port in ports:
            for _ in range(300):
                try:
                    _get(port, "/", {})
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        connection.close()  # the servers' sessions are gone; let the test DB go


def test_an_edit_through_one_process_is_seen_by_the_other_at_once(
    cast, client, two_servers
):
    first, second = two_servers
    talk = make_contribution(cast.refereed, state=State.CONFIRMED, title="Old title")
    add_author(talk, cast.speaker.person, is_speaker=True)
    client.force_login(cast.organiser)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    public = f"/plumbers/contributions/{talk.slug}/"
    assert "Old title" in _get(second, public, {})[1]  # now in the second's cache

    edit = f"/plumbers/submissions/{talk.pk}/edit/"
    status, page, cookies = _get(first, edit, cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {"csrfmiddlewaretoken": token, "title": "New title", "abstract": "Changed."}
    status, _, _ = _request(first, "POST", edit, cookies, form)

    assert status == 302
    assert "New title" in _get(second, public, {})[1]
    # The session opened through the first process is valid on the second.
    assert _get(second, edit, cookies)[0] == 200


def _failed_log_ins_until_refused(ports: list[int], client: str) -> int:
    """Fail to log in, turn by turn on each port, until allauth refuses; the count."""
    for attempt in range(1, 40):
        port = ports[attempt % len(ports)]
        cookies: dict = {}
        _, page, cookies = _request(
            port, "GET", "/accounts/login/", cookies, client=client
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        # A new address each time: only the per-address limit counts (django-axes
        # locks one account from one address, in the database).
        form = {"csrfmiddlewaretoken": token, "login": f"guess{attempt}@example.org",
                "password": "not the password"}  # fmt: skip
        status, page, _ = _request(
            port, "POST", "/accounts/login/", cookies, form, client
        )
        if "Too many failed login attempts" in page:
            return attempt
        assert status == 200, status
        assert "are not correct" in page  # refused as a wrong password, not more
    raise AssertionError("the log-in limit never tripped")


def test_the_log_in_limit_trips_at_the_same_count_on_two_processes(two_servers):
    first, second = two_servers
    one = _failed_log_ins_until_refused([first], client="203.0.113.1")
    two = _failed_log_ins_until_refused([first, second], client="203.0.113.2")

    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    assert one == limit + 1
    assert two == one
