"""Materials kept in an S3-compatible store (moto's S3 server on loopback)."""

import subprocess
import sys

import boto3
import pytest
from moto.server import ThreadedMotoServer


@pytest.fixture
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    client.create_bucket(Bucket="microconf-materials")
    yield endpoint, client
    server.stop()


def test_an_upload_lands_in_the_bucket_and_reads_back(tmp_path, s3_endpoint):
    endpoint, client = s3_endpoint
    code = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'microconf.settings'\n"
        "django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "name = s.save('materials/x.pdf', ContentFile(b'%PDF-1.4 bytes'))\n"
        "print(type(s).__name__, name, s.open(name).read().decode())\n"
    )
    env = {
        "PATH": "/usr/bin:/bin", "MICROCONF_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "a-test-key",
        "S3_BUCKET": "microconf-materials", "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1", "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
    }  # fmt: skip

    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        "S3Storage",
        "materials/x.pdf",
        "%PDF-1.4",
        "bytes",
    ]
    stored = client.get_object(Bucket="microconf-materials", Key="materials/x.pdf")
    assert stored["Body"].read() == b"%PDF-1.4 bytes"
