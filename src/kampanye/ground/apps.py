from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroundConfig(AppConfig):
    name = "kampanye.ground"
    label = "ground"
    verbose_name = _("ground")
    # coordinators and managers get the dashboard; a volunteer is sent on to their own page
    navigation = [("ground:dashboard", _("Lapangan"), "file_field_report")]
    # queued by ``kampanye worker`` when it starts and every hour
    housekeeping = ["kampanye.ground.tasks.return_expired_leases"]
