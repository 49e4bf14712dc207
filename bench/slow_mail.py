"""The product's file transport, slowed down like an SMTP server on the network.

The crash loop uses it so a SIGKILL of the task worker can land while a mail is
being handed over, and just after it was handed over but before it was marked sent.
"""

import os
import time

from microconf.notifications import mailfiles

DELAY = float(os.environ.get("BENCH_MAIL_DELAY", "0.15"))


class EmailBackend(mailfiles.EmailBackend):
    def send_messages(self, email_messages: list) -> int:
        time.sleep(DELAY)  # connecting, the envelope
        sent = super().send_messages(email_messages)
        time.sleep(DELAY)  # the server's answer; the worker has not recorded it yet
        return sent
