"""The e-mail the volunteers app sends, as background tasks (run by ``kampanye worker``).

A task's arguments are stored in the database until it runs, so they name the volunteer by
id only: the address is read when the mail is sent, and a volunteer forgotten meanwhile
gets nothing (``forget`` leaves no address behind in the queue).
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from kampanye.volunteers.models import Volunteer


@task()
def send_volunteer_mail(volunteer_id: int, kind: str, site: str) -> int:
    """After a public sign-up: ``welcome`` (the referral link) or ``known`` (the number was
    registered already). Returns the number of messages sent."""
    v = Volunteer.objects.filter(pk=volunteer_id).exclude(email="").first()
    if v is None:
        return 0
    link = site.rstrip("/") + reverse("volunteers:referral", args=[v.referral_code])
    if kind == "welcome":
        subject = _("Terima kasih telah mendaftar sebagai relawan")
        body = _("Ajak teman dan tetangga dengan tautan Anda sendiri: %(link)s") % {"link": link}
    else:
        subject = _("Nomor Anda sudah terdaftar sebagai relawan")
        body = _(
            "Seseorang mendaftar dengan nomor HP Anda, yang sudah terdaftar. Tidak ada yang "
            "berubah. Tautan ajakan Anda: %(link)s"
        ) % {"link": link}
    return send_mail(subject, body, None, [v.email])
