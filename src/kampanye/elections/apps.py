from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "kampanye.elections"
    label = "elections"
    verbose_name = _("Pemilihan")
    navigation = [("elections:index", _("Pemilu"), "view_vocabulary")]
