"""Settings and a mail backend for the Celery worker that tests/test_reminders_worker.py starts
in a process of its own (so that the test can kill it).

The worker reads the test's database and Redis from the environment, and "sends" each email by
writing it to a file in REMINDER_TEST_MAIL_DIR. With REMINDER_TEST_STALL_AFTER=N it stops before
handing over the (N+1)-th email, writing a `stalled` file, and waits there to be killed: a
worker dying in the middle of the run, before the mail server took that email.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from careers_portal.test_settings import *  # noqa: F403

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["REMINDER_TEST_QUEUE"]
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MAILERS = {"default": {"BACKEND": "tests.reminder_worker.DirectoryBackend"}}


class DirectoryBackend(BaseEmailBackend):
    """Each email as a file named after its recipient; optionally stall before the N+1-th."""

    def send_messages(self, messages) -> int:
        folder = Path(os.environ["REMINDER_TEST_MAIL_DIR"])
        stall_after = os.environ.get("REMINDER_TEST_STALL_AFTER")
        for message in messages:
            if stall_after is not None and len(list(folder.glob("*.eml"))) >= int(stall_after):
                (folder / "stalled").write_text(str(os.getpid()))
                time.sleep(3600)  # until the test kills this worker
            name = f"{message.to[0]}--{uuid.uuid4().hex}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(messages)
