"""Background tasks of the ground front (run by ``kampanye worker``)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_reminder_email(address: str, text: str) -> int:
    """Send one shift reminder by e-mail; returns the number of messages sent."""
    return send_mail(_("Pengingat kegiatan relawan"), text, None, [address])


@task()
def return_expired_leases() -> int:
    """Give back assignments whose lease ran out (``kampanye worker`` queues it hourly)."""
    from kampanye.ground.actions import return_expired_assignments

    return return_expired_assignments()
