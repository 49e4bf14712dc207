import pytest

from microconf.programme.caching import page_cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no rendered pages kept from another test."""
    page_cache.clear()
    yield
    page_cache.clear()
