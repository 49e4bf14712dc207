import pytest
from django.core.management import call_command

from microconf.demo.builder import build_demo
from microconf.programme.caching import page_cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no rendered pages kept from another test."""
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture
def built_demo(transactional_db, settings, tmp_path):
    """The demo conference, released, with its files built by the worker.

    The release queues the build; ``db_worker`` makes the PDFs and the export and
    stores them under MEDIA_ROOT, as a deployment's worker does.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def fetched(response) -> bytes:
    """The body of a stored file's response (a FileResponse streams it)."""
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content)
    response.close()
    return body
