import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no rendered pages kept from another test."""
    cache.clear()
    yield
    cache.clear()
