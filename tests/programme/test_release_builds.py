import pytest
from django.core.management import call_command
from django.urls import reverse

from microconf.demo.builder import build_demo
from microconf.scheduling.models import BuiltFile, ProgrammeBuild


@pytest.mark.django_db(transaction=True)
def test_a_release_is_built_by_the_worker_and_served_from_storage(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    [build] = ProgrammeBuild.objects.all()
    assert build.state == "queued"

    waiting = client.get(reverse("print:conference", args=["lpc2023"]))
    assert waiting.status_code == 503
    assert waiting["Retry-After"]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    build.refresh_from_db()
    assert build.state == "done", build.message
    stored = BuiltFile.objects.get(build=build, name="programme.pdf")
    response = client.get(reverse("print:conference", args=["lpc2023"]))
    assert response.status_code == 200
    with stored.file.open("rb") as f:
        expected = f.read()
    assert b"".join(response.streaming_content) == expected
    response.close()
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(
        reverse("print:conference", args=["lpc2023"]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
