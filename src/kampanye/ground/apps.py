from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroundConfig(AppConfig):
    name = "kampanye.ground"
    label = "ground"
    verbose_name = _("ground")
