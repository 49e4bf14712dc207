"""The client's address that log-in lockouts and API limits count by."""

import pytest
from django.test import RequestFactory

from microconf.security import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # No proxy: the header is the client's own words, never believed.
        (0, "203.0.113.9", "192.0.2.1"),
        (0, "", "192.0.2.1"),
        # One proxy: what it appended, not what the client wrote before it.
        (1, "203.0.113.9, 198.51.100.4", "198.51.100.4"),
        (1, "198.51.100.4", "198.51.100.4"),
        (2, "203.0.113.9, 198.51.100.4, 10.0.0.2", "198.51.100.4"),
        # A proxy that sent no header: the connection's address.
        (1, "", "192.0.2.1"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_ip(request) == expected
