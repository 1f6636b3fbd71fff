"""
The mail server of the task worker under test: each email written to its own file in a folder,
with two switches the test sets by creating files in that folder:

- `mail-down`: every send fails as an unreachable SMTP server does (the task retries later);
- `hold-escalations`: an escalation email blocks before it is written (after creating
  `escalation-sending`), so that the test can kill the worker in the middle of the task.
"""

import smtplib
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

SENT_SUFFIX = ".eml"


class ControlledFileBackend(BaseEmailBackend):
    def __init__(self, *, folder: str, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)

    def send_messages(self, email_messages):
        if (self.folder / "mail-down").exists():
            raise smtplib.SMTPConnectError(421, "The mail server is down (test switch)")
        for message in email_messages:
            if message.subject.startswith("ESCALATION") and (self.folder / "hold-escalations").exists():
                (self.folder / "escalation-sending").touch()
                while True:  # until the test kills this worker
                    time.sleep(0.1)
            (self.folder / f"{uuid.uuid4()}{SENT_SUFFIX}").write_bytes(message.message().as_bytes())
        return len(email_messages)
