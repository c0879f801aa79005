from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "kampanye.social"
    label = "social"
    verbose_name = _("social")
    navigation = [
        ("social:dashboard", _("Media sosial"), "use_social_listening"),
        ("social:label", _("Pelabelan"), "label_posts"),
    ]
