"""
Settings of the task worker that tests/test_oncall_worker.py starts as a separate process: the
site's own, with each email written to a file the test reads (tests/worker_mail.py).
"""

import os

from footdrop_site.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "tests.worker_mail.ControlledFileBackend",
        "OPTIONS": {"folder": os.environ["WORKER_MAIL_DIR"]},
    }
}
