"""The e-mail the ground front sends, as background tasks (run by ``kampanye worker``).

Actions queue these; the module imports no action, so ``actions`` → ``mail`` is one way,
and ``tasks`` (housekeeping that calls actions) stays above both.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_reminder_email(address: str, text: str) -> int:
    """Send one shift reminder by e-mail; returns the number of messages sent."""
    return send_mail(_("Pengingat kegiatan relawan"), text, None, [address])
