"""The mail transport when no SMTP server is set: one file per message, written once.

Django's file backend appends every message of a connection to one log file, so a
mail sent again after a crash would appear twice. Here each message becomes its own
file named after its Message-ID, written to a temporary name and linked into place:
the link is atomic and fails when the name exists, so a repeat (same Message-ID)
leaves the first copy and adds nothing, and a reader never sees half a message.
"""

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args: object, file_path: str | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)
        self.file_path.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        written = 0
        for email in email_messages:
            try:
                self._write(email)
            except OSError:
                if not self.fail_silently:
                    raise
            else:
                written += 1
        return written

    def _write(self, email: EmailMessage) -> Path:
        message = email.message()
        digest = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:40]
        final = self.file_path / f"{digest}.eml"
        fd, temporary = tempfile.mkstemp(dir=self.file_path, prefix=".writing-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(message.as_bytes(linesep="\n"))
                out.flush()
                os.fsync(out.fileno())
            # Sent before (a retry after a crash): the first copy stands.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, final)
        finally:
            os.unlink(temporary)
        return final
