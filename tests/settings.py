"""The test run's settings: microconf's own, with a signing key of the run's own.

microconf/settings.py refuses to load without a key (as production must); the suite
puts a throwaway one into the environment, so the processes it starts share it, and
prepares the data directory, as the console command does when it starts.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", f"tests-{secrets.token_urlsafe(40)}")

from microconf.datadir import prepare
from microconf.settings import *  # noqa: F403 - the product's settings
from microconf.settings import DATA_DIR

prepare(DATA_DIR)
