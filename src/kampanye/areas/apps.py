from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "kampanye.areas"
    label = "areas"
    verbose_name = _("Wilayah dan segmen")
    navigation = [("areas:tree", _("Wilayah"), "view_vocabulary")]
