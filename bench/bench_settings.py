"""microconf's settings for the scripts under bench/, with two limits lifted.

Every simulated speaker comes from 127.0.0.1, so allauth's per-IP log-in limit
(30 a minute from one address) would refuse most of them; real speakers come from
many addresses. django-axes locks per account *and* address, so it stays as it is.
Passwords use the MD5 hasher, as the tests do, unless BENCH_REAL_HASHER=true: the
default PBKDF2 costs about 1.2 s of CPU per log-in here, which would make the bench
measure password hashing. The scripts print which hasher they used.
"""

import os

# The benches talk plain http to 127.0.0.1, as the demo does (docs/security.md).
os.environ.setdefault("MICROCONF_HTTPS", "false")
# A throwaway key, the same in every process a bench starts (server, worker).
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

from microconf.settings import *  # noqa: F403 - the product's settings, then overrides

ACCOUNT_RATE_LIMITS = {"login": "100000/m/ip"}
REAL_HASHER = os.environ.get("BENCH_REAL_HASHER", "").lower() in {"1", "true", "yes"}
if not REAL_HASHER:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if os.environ.get("BENCH_SLOW_MAIL", "").lower() in {"1", "true", "yes"}:
    EMAIL_BACKEND = "slow_mail.EmailBackend"
