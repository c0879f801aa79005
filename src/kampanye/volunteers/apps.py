from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "kampanye.volunteers"
    label = "volunteers"
    verbose_name = _("volunteers")
    navigation = [("volunteers:index", _("Relawan"), "view_volunteers")]
