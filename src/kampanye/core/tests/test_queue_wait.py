"""What a queued job tells its user it waits for: a worker, or the jobs before it."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.utils import timezone

from kampanye.core.management.commands import worker
from kampanye.core.queries import queue_wait, worker_heartbeat_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_worker():
    worker_heartbeat_path().unlink(missing_ok=True)
    yield
    worker_heartbeat_path().unlink(missing_ok=True)


def test_with_no_worker_running_a_job_says_it_waits_for_one(no_worker):
    # given no worker has ever run in this data folder
    # when a page asks what a job queued now waits for
    wait = queue_wait(timezone.now())
    # then it waits for a worker
    assert wait.worker_running is False


def test_a_running_worker_beats_and_a_stopped_one_is_soon_seen_gone(no_worker):
    # given a worker's heartbeat
    stopped = threading.Event()
    threading.Thread(target=worker._beat, args=(stopped,), daemon=True).start()
    for _ in range(50):
        if worker_heartbeat_path().exists():
            break
        time.sleep(0.02)
    # then a job queued now is picked up by it
    assert queue_wait(timezone.now()).worker_running is True
    stopped.set()
    # when its last beat is a minute old (the worker stopped)
    old = time.time() - 60
    os.utime(worker_heartbeat_path(), (old, old))
    # then nobody is said to pick jobs up
    assert queue_wait(timezone.now()).worker_running is False


def test_jobs_queued_earlier_are_counted_ahead_but_housekeeping_is_not(no_worker):
    from kampanye.core.management.commands.worker import queue_housekeeping
    from kampanye.ground.mail import send_reminder_email

    # given housekeeping and two jobs in the queue
    queue_housekeeping()
    send_reminder_email.enqueue("a@example.org", "x")
    send_reminder_email.enqueue("b@example.org", "y")
    # when a job queued after them asks
    wait = queue_wait(timezone.now())
    # then the two jobs stand before it
    assert wait.jobs_ahead == 2
