"""The e-mail the ground front sends, as background tasks (run by ``kampanye worker``).

Actions queue these; the module imports no action, so ``actions`` → ``mail`` is one way,
and ``tasks`` (housekeeping that calls actions) stays above both. A task's arguments wait
in the database until it runs, so they name the volunteer by id; the address is read when
the mail is sent (a volunteer forgotten meanwhile gets nothing).
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from kampanye.volunteers.models import Volunteer


@task()
def send_reminder_email(volunteer_id: int, text: str) -> int:
    """Send one shift reminder by e-mail; returns the number of messages sent."""
    address = Volunteer.objects.filter(pk=volunteer_id).values_list("email", flat=True).first()
    if not address:
        return 0
    return send_mail(_("Pengingat kegiatan relawan"), text, None, [address])
