"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

from microconf import datadir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
# The server's start-up, where the data directory is made (importing settings doesn't).
datadir.prepare(datadir.data_dir())
application = get_wsgi_application()
