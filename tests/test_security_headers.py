"""Production settings on real responses: https only, the headers, the cookie flags.

The rest of the suite talks plain http, as ``microconf demo`` does (tests/conftest.py);
here the settings module is read again with a production environment and its
transport and header values are put back for each test.
"""

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

import microconf.settings
from tests.factories import make_conference, make_user
from tests.test_permission_matrix import World

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "HTTPS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "CONTENT_SECURITY_POLICY",
]  # fmt: skip
# Variables that would turn production into something else if the caller had them.
_TRANSPORT_VARIABLES = [
    "DEBUG", "MICROCONF_HTTPS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "S3_BUCKET",
]  # fmt: skip


def _settings_for(monkeypatch, tmp_path, **env: str) -> dict[str, object]:
    """The security settings that microconf/settings.py computes from ``env``."""
    for name in _TRANSPORT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MICROCONF_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(microconf.settings.__file__)
    return {name: namespace[name] for name in SECURITY_SETTINGS if name in namespace}


@pytest.fixture
def production(monkeypatch, tmp_path):
    values = _settings_for(monkeypatch, tmp_path)
    monkeypatch.undo()
    with override_settings(**values):
        yield values


def test_production_is_https_only_by_default(monkeypatch, tmp_path):
    values = _settings_for(monkeypatch, tmp_path)

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in values


def test_the_demo_flag_serves_plain_http(monkeypatch, tmp_path):
    values = _settings_for(monkeypatch, tmp_path, MICROCONF_HTTPS="false")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    # What is not about transport stays as strict as in production.
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_debug_serves_plain_http(monkeypatch, tmp_path):
    values = _settings_for(monkeypatch, tmp_path, DEBUG="true")

    assert (values["SECURE_SSL_REDIRECT"], values["SESSION_COOKIE_SECURE"]) == (
        False,
        False,
    )


def test_proxy_header_names_the_header_the_proxy_sets(monkeypatch, tmp_path):
    values = _settings_for(
        monkeypatch, tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_s3_logos_are_allowed_as_images(monkeypatch, tmp_path):
    values = _settings_for(
        monkeypatch,
        tmp_path,
        S3_BUCKET="b",
        S3_ENDPOINT_URL="https://s3.example.org:9000/x",
    )

    assert values["CONTENT_SECURITY_POLICY"]["img-src"] == [
        "'self'",
        "data:",
        "https://s3.example.org:9000",
    ]


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/plumbers/?x=1")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/plumbers/?x=1"


def test_a_request_the_proxy_marks_as_https_is_served(client, monkeypatch, tmp_path):
    values = _settings_for(
        monkeypatch, tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    monkeypatch.undo()
    make_conference(slug="plumbers")

    with override_settings(**values):
        response = client.get("/plumbers/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/plumbers/",
        "/accounts/login/",
        "/api/v1/conferences",
        "/api/v1/docs",
        "/no-such-page/",
        "/admin/login/",
    ],
)
def test_every_https_response_carries_the_security_headers(client, production, path):
    make_conference(slug="plumbers")

    response = client.get(path, secure=True)

    assert response.status_code in {200, 404}
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def test_the_csrf_cookie_is_secure_and_same_site(client, production):
    response = client.get("/accounts/login/", secure=True)

    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_http_only_and_same_site(client, production):
    make_user("sam@example.org")

    response = client.post(
        "/accounts/login/",
        {"login": "sam@example.org", "password": "correct horse battery"},
        secure=True,
    )

    cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_messages_cookie_is_secure_and_http_only(client, production):
    make_user("sam@example.org")
    client.post(
        "/accounts/login/",
        {"login": "sam@example.org", "password": "correct horse battery"},
        secure=True,
    )

    response = client.post("/accounts/logout/", secure=True)

    cookie = response.cookies["messages"]
    assert (cookie["secure"], cookie["httponly"]) == (True, True)


def test_the_static_export_works_under_production_settings(production, tmp_path):
    make_conference(slug="plumbers")

    call_command("export_site", "plumbers", str(tmp_path / "site"), stdout=None)

    assert (tmp_path / "site" / "plumbers" / "index.html").exists()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set for the browser tests, never in production.
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", *_TRANSPORT_VARIABLES}
    }
    environment |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lpc.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://lpc.example.org",
        "MICROCONF_DATA_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "microconf",
            "check",
            "--deploy",
            "--fail-level",
            "INFO",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_a_download_keeps_its_own_sandbox_policy(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World(cast)
    client.force_login(cast.speaker)

    response = client.get(
        reverse(
            "materials:download",
            args=[world.slug, world.upload.pk, world.upload.original_name],
        )
    )
    b"".join(response.streaming_content)  # closes the file, keeps the connection

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
